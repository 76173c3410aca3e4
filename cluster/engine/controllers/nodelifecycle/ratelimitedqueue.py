"""The rate-limited queue of nodes waiting for a NoExecute taint
(nodelifecycle/scheduler/rate_limited_queue.go), one per zone, limited by a token bucket."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

BURST = 1  # EvictionRateLimiterBurst


@dataclass(slots=True)
class TokenBucket:
    """flowcontrol.NewTokenBucketRateLimiter(qps, 1), or never (qps 0), in virtual ms.
    With a burst of one, a token is there `interval_ms` after the last one was taken."""

    qps: float
    available_at: int | None = None  # None: the bucket is full

    def try_accept(self, now: int) -> bool:
        if self.qps <= 0:
            return False
        if self.available_at is not None and now < self.available_at:
            return False
        self.available_at = now + round(1000 / self.qps)
        return True


@dataclass(slots=True)
class TimedValue:
    value: str
    uid: str
    added_at: int
    process_at: int


@dataclass(slots=True)
class RateLimitedTimedQueue:
    """A UniqueQueue: a value done with leaves the queue but stays known, so it is not
    queued again until it is removed (when its node no longer needs the taint)."""

    limiter: TokenBucket
    _items: dict[str, TimedValue] = field(default_factory=dict)
    _known: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, value: str, uid: str, now: int) -> bool:
        """Queue `value` unless it is known already."""
        if value in self._known:
            return False
        self._known.add(value)
        self._items[value] = TimedValue(value, uid, now, now)
        return True

    def remove(self, value: str) -> bool:
        self._known.discard(value)
        return self._items.pop(value, None) is not None

    def swap_limiter(self, qps: float, now: int) -> None:
        """SwapLimiter: a new rate; a drained bucket stays drained."""
        if self.limiter.qps == qps:
            return
        drained = not self.limiter.try_accept(now)
        self.limiter = TokenBucket(qps)
        if qps > 0 and drained:
            self.limiter.try_accept(now)

    def try_process(self, now: int, act: Callable[[TimedValue], tuple[bool, int]]) -> None:
        """Try: while the limiter allows, act on the items due, earliest first; an item
        `act` could not finish is tried again after the wait it returns."""
        while self._items:
            head = min(self._items.values(), key=lambda v: (v.process_at, v.added_at))
            if not self.limiter.try_accept(now) or now < head.process_at:
                return
            done, wait_ms = act(head)
            if done:
                self._items.pop(head.value, None)  # RemoveFromQueue: still known
            else:
                head.process_at = now + wait_ms + 1
