"""A work queue of keys: watch handlers add keys, the controller reconciles them one by one.

A key queued twice before it is processed is reconciled once; a failed reconcile is
retried later with exponential back-off, as client-go's rate-limited queue does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cluster.engine.clock import Clock, Timer

BASE_DELAY_MS = 5
MAX_DELAY_MS = 1_000_000


class Retry(Exception):
    """Raised by a reconcile that must be tried again later."""


@dataclass(slots=True)
class WorkQueue:
    clock: Clock
    reconcile: Callable[[str], None]
    _queue: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    _failures: dict[str, int] = field(default_factory=dict)
    _timer: Timer | None = None

    def add(self, key: str) -> None:
        self._queue[key] = None
        if self._timer is None:
            self._timer = self.clock.call_soon(self._process)

    def add_after(self, key: str, delay_ms: int) -> None:
        self.clock.call_later(delay_ms, self.add, key)

    def _process(self) -> None:
        self._timer = None
        if not self._queue:
            return
        key = next(iter(self._queue))
        del self._queue[key]
        try:
            self.reconcile(key)
        except Retry:
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            self.add_after(key, min(MAX_DELAY_MS, BASE_DELAY_MS * 2**failures))
        else:
            self._failures.pop(key, None)
        if self._queue:
            self._timer = self.clock.call_soon(self._process)
