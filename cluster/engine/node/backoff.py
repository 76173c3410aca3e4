"""Exponential back-off per key, as client-go's flowcontrol.Backoff keeps it for the kubelet:
crash-looping containers (10 s doubling to 5 min) and failing image pulls (the same).

An entry forgets its history once the key has been quiet for twice the maximum: a container
that ran for ten minutes before it crashed starts again from 10 s. The kubelet's back-offs
have no jitter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INITIAL_MS = 10_000  # kubelet's backOffPeriod
MAX_MS = 300_000  # MaxContainerBackOff and MaxImageBackOff


@dataclass(slots=True)
class Entry:
    backoff_ms: int
    last_update_ms: int


@dataclass(slots=True)
class Backoff:
    initial_ms: int = INITIAL_MS
    max_ms: int = MAX_MS
    entries: dict[str, Entry] = field(default_factory=dict)

    def _expired(self, event_ms: int, entry: Entry) -> bool:
        """hasExpired: stable for twice the maximum since the last step."""
        return event_ms - entry.last_update_ms > 2 * self.max_ms

    def next(self, key: str, event_ms: int, now_ms: int) -> None:
        """Move the key's back-off to its next step, capped at the maximum."""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_ms, entry):
            self.entries[key] = Entry(self.initial_ms, now_ms)
            return
        entry.backoff_ms = min(entry.backoff_ms * 2, self.max_ms)
        entry.last_update_ms = now_ms

    def get(self, key: str) -> int:
        entry = self.entries.get(key)
        return entry.backoff_ms if entry else 0

    def in_backoff_since(self, key: str, event_ms: int, now_ms: int) -> bool:
        """IsInBackOffSince: less than the back-off has passed since `event_ms`."""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_ms, entry):
            return False
        return now_ms - event_ms < entry.backoff_ms

    def in_backoff_since_update(self, key: str, now_ms: int) -> bool:
        """IsInBackOffSinceUpdate: less than the back-off has passed since the last step."""
        entry = self.entries.get(key)
        if entry is None or self._expired(now_ms, entry):
            return False
        return now_ms - entry.last_update_ms < entry.backoff_ms

    def forget(self, prefix: str) -> None:
        """Drop the entries of a pod that is gone (keys start with its UID)."""
        for key in [k for k in self.entries if k.startswith(prefix)]:
            del self.entries[key]
