"""The BoundedFrequencyRunner that spaces kube-proxy's syncs (pkg/proxy/runner), on the
virtual clock.

A run asked for runs at once, unless the last began less than minInterval ago: then at the
end of that interval, however many runs were asked for meanwhile. The upstream runner also
runs every maxInterval unasked (FullSyncPeriod, an hour) and retries a failed run after
retryInterval (syncPeriod); here a sync rewrites nothing that could have drifted, and
cannot fail, so neither is armed: an idle cluster has no timer of kube-proxy's pending.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.clock import Clock, Timer


class BoundedFrequencyRunner:
    def __init__(self, clock: Clock, fn: Callable[[], None], min_interval_ms: int) -> None:
        self.clock = clock
        self.fn = fn
        self.min_interval_ms = min_interval_ms
        self._timer: Timer | None = None  # the run asked for, until it has run
        self._ready_at = 0  # when the min interval after the last run ends

    def run(self) -> None:
        """Run fn as soon as the min interval allows; once a run is due, asking again does
        nothing until it has run."""
        if self._timer is not None and not self._timer.cancelled:
            return
        when = max(self.clock.now, self._ready_at)
        self._timer = self.clock.call_at(when, self.fn)
        self._ready_at = when + self.min_interval_ms
