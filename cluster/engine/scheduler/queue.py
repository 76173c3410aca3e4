"""The scheduling queue: activeQ (ready to try), backoffQ (failed, waiting out a back-off) and
the unschedulable pods (waiting for a cluster event that might help them)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

INITIAL_BACKOFF_MS = 1_000
MAX_BACKOFF_MS = 10_000


@dataclass(order=True, slots=True)
class QueuedPod:
    sort: tuple[int, int] = field(compare=True)  # (-priority, arrival) as PrioritySort orders
    key: str = field(compare=False)
    attempts: int = field(compare=False, default=0)


class SchedulingQueue:
    def __init__(self) -> None:
        self._active: list[QueuedPod] = []
        self._in_active: set[str] = set()
        self._backoff: dict[str, tuple[int, QueuedPod]] = {}  # key -> (ready at, pod)
        self._unschedulable: dict[str, QueuedPod] = {}
        self._attempts: dict[str, int] = {}
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._in_active)

    def add(self, key: str, priority: int) -> None:
        """A new or changed pending pod goes straight to activeQ."""
        self._backoff.pop(key, None)
        self._unschedulable.pop(key, None)
        if key in self._in_active:
            return
        self._arrivals += 1
        self._push(QueuedPod((-priority, self._arrivals), key, self._attempts.get(key, 0)))

    def pop(self) -> str | None:
        while self._active:
            item = heapq.heappop(self._active)
            if item.key in self._in_active:
                self._in_active.discard(item.key)
                self._attempts[item.key] = item.attempts + 1
                return item.key
        return None

    def delete(self, key: str) -> None:
        self._in_active.discard(key)
        self._backoff.pop(key, None)
        self._unschedulable.pop(key, None)
        self._attempts.pop(key, None)

    def done(self, key: str) -> None:
        """The pod was bound: forget its attempts."""
        self._attempts.pop(key, None)

    def unschedulable(self, key: str, priority: int) -> None:
        """Park a pod that fits nowhere until something changes in the cluster."""
        self._arrivals += 1
        self._unschedulable[key] = QueuedPod(
            (-priority, self._arrivals), key, self._attempts.get(key, 1)
        )

    def backoff_ms(self, key: str) -> int:
        """Back-off after a failed attempt: 1 s doubling per attempt, at most 10 s."""
        attempts = max(1, self._attempts.get(key, 1))
        return min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (attempts - 1))

    def parked(self) -> bool:
        return bool(self._unschedulable)

    def move_all_to_active_or_backoff(
        self, now: int, failed_at: dict[str, int], parked_before: int | None = None
    ) -> list[str]:
        """A cluster event (node added, pod deleted...) may help: retry every parked pod
        (or only those parked before a time)."""
        moved = []
        for key, item in list(self._unschedulable.items()):
            if parked_before is not None and failed_at.get(key, 0) > parked_before:
                continue
            del self._unschedulable[key]
            ready = failed_at.get(key, 0) + self.backoff_ms(key)
            if ready <= now:
                self._push(item)
            else:
                self._backoff[key] = (ready, item)
            moved.append(key)
        return moved

    def flush_backoff(self, now: int) -> int | None:
        """Move pods whose back-off has ended to activeQ; returns when the next one ends."""
        for key, (ready, item) in list(self._backoff.items()):
            if ready <= now:
                del self._backoff[key]
                self._push(item)
        return min((ready for ready, _ in self._backoff.values()), default=None)

    def pending(self) -> dict[str, list[str]]:
        return {
            "active": sorted(self._in_active),
            "backoff": sorted(self._backoff),
            "unschedulable": sorted(self._unschedulable),
        }

    def _push(self, item: QueuedPod) -> None:
        self._in_active.add(item.key)
        heapq.heappush(self._active, item)
