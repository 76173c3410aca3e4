"""The BoundedFrequencyRunner on the virtual clock: a run at once, then none closer than
minInterval to the last, however many are asked for; nothing pending when idle."""

from __future__ import annotations

from cluster.engine.clock import Clock
from cluster.engine.proxy.runner import BoundedFrequencyRunner


class Work:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.runs: list[int] = []

    def fn(self) -> None:
        self.runs.append(self.clock.now)


def test_runs_are_spaced_by_the_min_interval_and_coalesced():
    clock = Clock()
    work = Work(clock)
    runner = BoundedFrequencyRunner(clock, work.fn, 1_000)
    runner.run()
    clock.run_until_idle()
    for at in (200, 500, 900):  # three asks within the interval: one run at its end
        clock.advance_to(at)
        runner.run()
    clock.run_until_idle()
    clock.advance_to(5_000)
    runner.run()  # long after: at once
    clock.run_until_idle()
    assert work.runs == [0, 1_000, 5_000]
    assert clock.pending() == []
