"""A work queue of keys: watch handlers add keys, the controller reconciles them one by one.

A key queued twice before it is processed is reconciled once; a failed reconcile is
retried later with exponential back-off, as client-go's rate-limited queue does, and every
rate-limited add of the queue shares a token bucket of 10 a second with a burst of 100
(DefaultControllerRateLimiter: the larger of the two delays), so that a key requeued and
forgotten over and over goes round at most ten times a second.

A sync that looks at many pods keeps its worker busy for a while of virtual time, a
millisecond per thousand pods (`looked_at`): keys added meanwhile wait and are merged, as they
are while a real controller's sync runs. Without that, a controller that lists a big
namespace's pods on every pod's change would run once per change.

A delayed add (`add_after`) is a timer, one per key as in client-go's delaying queue: a key
already waiting keeps the earlier of its two times. Work that is due to happen keeps the clock busy; a
check scheduled for later ("look again when the progress deadline passes") is `background`
and, like a heartbeat, does not. A key that keeps failing stops keeping the clock busy after
a few tries, so one broken reconcile cannot run a cluster's clock forward forever.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cluster.engine.clock import Clock, Timer

BASE_DELAY_MS = 5
MAX_DELAY_MS = 1_000_000
BUSY_RETRIES = 5  # retries that keep the clock busy; later ones wait in the background
BUCKET_QPS = 10  # BucketRateLimiter: rate.NewLimiter(rate.Limit(10), 100)
BUCKET_BURST = 100
TOKEN_MS = 1000 // BUCKET_QPS  # the time one token takes to come back
PODS_PER_MS = 1000  # how many pods a sync goes through in a millisecond


class Retry(Exception):
    """Raised by a reconcile that must be tried again later."""


@dataclass(slots=True)
class WorkQueue:
    clock: Clock
    reconcile: Callable[[str], None]
    name: str | None = None  # the queue's name, as the clock describes its timers
    max_delay_ms: int = MAX_DELAY_MS  # the longest back-off of a failing key
    base_delay_ms: int = BASE_DELAY_MS  # the first back-off of a failing key
    _queue: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    _failures: dict[str, int] = field(default_factory=dict)
    _waiting: dict[str, Timer] = field(default_factory=dict)  # the delayed adds, by key
    _timer: Timer | None = None
    _bucket_ms: int = BUCKET_BURST * TOKEN_MS  # the bucket's tokens, as time to refill them
    _bucket_at: int = 0  # when the bucket was last drawn from
    _busy_ms: int = 0  # how long the sync being run keeps the worker busy
    _free_at: int = 0  # when the worker is done with the last sync

    def add(self, key: str) -> None:
        self._queue[key] = None
        if self._timer is None:
            self._timer = self.clock.call_at(self._free_at, self._process)

    def looked_at(self, pods: int) -> None:
        """The sync being run went through this many pods, which takes its time."""
        self._busy_ms += pods // PODS_PER_MS

    def add_after(self, key: str, delay_ms: int, *, background: bool = False) -> None:
        if delay_ms <= 0:
            self.add(key)
            return
        waiting = self._waiting.get(key)
        if waiting is not None:
            if waiting.when <= self.clock.now + delay_ms:
                return
            self.clock.cancel(waiting)
        self._waiting[key] = self.clock.call_later(
            delay_ms, self._add_waiting, key, background=background
        )

    def _add_waiting(self, key: str) -> None:
        del self._waiting[key]
        self.add(key)

    def add_rate_limited(self, key: str) -> None:
        """Add `key` again after its exponential back-off (ItemExponentialFailureRateLimiter)
        or the shared bucket's wait (BucketRateLimiter), whichever is longer."""
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        delay = min(self.max_delay_ms, self.base_delay_ms * 2**failures)
        self.add_after(key, max(delay, self._bucket_wait()), background=failures >= BUSY_RETRIES)

    def _bucket_wait(self) -> int:
        """Reserve a token: how long until it is there (a bucket in debt makes later ones
        wait longer, as rate.Limiter's reservations do)."""
        now = self.clock.now
        full = BUCKET_BURST * TOKEN_MS
        self._bucket_ms = min(full, self._bucket_ms + now - self._bucket_at) - TOKEN_MS
        self._bucket_at = now
        return max(0, -self._bucket_ms)

    def num_requeues(self, key: str) -> int:
        return self._failures.get(key, 0)

    def forget(self, key: str) -> None:
        """Stop tracking the failures of `key`: its next back-off starts afresh."""
        self._failures.pop(key, None)

    def _process(self) -> None:
        self._timer = None
        if not self._queue:
            return
        key = next(iter(self._queue))
        del self._queue[key]
        self._busy_ms = 0
        try:
            self.reconcile(key)
        except Retry:
            self.add_rate_limited(key)
        else:
            self.forget(key)
        self._free_at = self.clock.now + self._busy_ms
        if self._queue:
            self._timer = self.clock.call_at(self._free_at, self._process)
