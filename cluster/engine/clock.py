"""The virtual clock and its timer queue.

Time is an integer count of milliseconds since the cluster started. Timers due at the same
time run in the order they were scheduled, so every run of the same inputs is the same run.
The clock never looks at real time: a host drives it (advance to T, step, run until idle).
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.api.meta import format_timestamp


@dataclass(order=True, slots=True)
class Timer:
    """A callback due at a virtual time; `background` timers (heartbeats) never keep it busy."""

    when: int
    seq: int
    callback: Callable[..., Any] = field(compare=False)
    args: tuple[Any, ...] = field(compare=False, default=())
    background: bool = field(compare=False, default=False)
    cancelled: bool = field(compare=False, default=False)

    def describe(self) -> str:
        """Who set the timer and what it will do, read off its callback:
        `kubelet/node-1: image backoff`. Who: the callback's object's name, its API client's,
        or the NAME its module gives the component (as the trace names it)."""
        owner = getattr(self.callback, "__self__", None)
        action = self.callback.__name__.strip("_").replace("_", " ")
        if owner is None:
            return action
        names = (
            getattr(owner, "name", None),
            getattr(getattr(owner, "client", None), "name", None),
            getattr(sys.modules.get(type(owner).__module__), "NAME", None),
        )
        who = next((name for name in names if isinstance(name, str)), type(owner).__name__)
        return f"{who}: {action}"


class Clock:
    """A heap of timers ordered by (time, sequence)."""

    def __init__(self, epoch: int = 0) -> None:
        self.epoch = epoch  # unix time at virtual time 0
        self.now = 0
        # (when, seq, timer): tuples compare in C, where the Timer's own order, generated
        # by dataclass, ran in Python for every comparison of every push and pop
        self._heap: list[tuple[int, int, Timer]] = []
        self._seq = 0
        self._busy = 0  # pending foreground timers
        # what to do when a timer's callback raises (None: let it propagate)
        self.on_crash: Callable[[Timer, Exception], None] | None = None

    def call_at(
        self, when: int, callback: Callable[..., Any], *args: Any, background: bool = False
    ) -> Timer:
        self._seq += 1
        timer = Timer(max(when, self.now), self._seq, callback, args, background)
        heapq.heappush(self._heap, (timer.when, timer.seq, timer))
        self._busy += not background
        return timer

    def call_later(
        self, delay: int, callback: Callable[..., Any], *args: Any, background: bool = False
    ) -> Timer:
        return self.call_at(self.now + delay, callback, *args, background=background)

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> Timer:
        return self.call_at(self.now, callback, *args)

    def cancel(self, timer: Timer) -> None:
        if not timer.cancelled:
            timer.cancelled = True
            self._busy -= not timer.background

    def timestamp(self, later_ms: int = 0) -> str:
        """RFC 3339 time of now (or `later_ms` from now), as objects carry it."""
        return format_timestamp(self.epoch + (self.now + later_ms) // 1000)

    def unix(self) -> int:
        """Seconds since the Unix epoch, now."""
        return self.epoch + self.now // 1000

    @property
    def idle(self) -> bool:
        """True when only background timers are pending."""
        return self._busy == 0

    def next_due(self) -> int | None:
        """When the next live timer is due, or None when nothing is pending."""
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def peek(self) -> Timer | None:
        """The timer that runs next, left in place."""
        self.next_due()
        return self._heap[0][2] if self._heap else None

    def pending(self) -> list[Timer]:
        """Every live timer, in no particular order (sort them to get the running order)."""
        return [timer for _, _, timer in self._heap if not timer.cancelled]

    def step(self) -> bool:
        """Run the next timer, moving time forward to it. False when nothing is pending."""
        if self.next_due() is None:
            return False
        timer = heapq.heappop(self._heap)[2]
        self._busy -= not timer.background
        timer.cancelled = True  # it has run: cancelling it now must change nothing
        self.now = timer.when
        try:
            timer.callback(*timer.args)
        except Exception as error:
            if self.on_crash is None:
                raise
            self.on_crash(timer, error)
        return True

    def advance_to(self, when: int, max_steps: int | None = None) -> int:
        """Run every timer due at or before `when`, then set the time to `when`; returns the
        number of steps. With `max_steps`, stop after that many: the time then stays at the
        last timer run if timers due by `when` remain."""
        steps = 0
        while (due := self.next_due()) is not None and due <= when:
            if steps == max_steps:
                return steps
            self.step()
            steps += 1
        self.now = max(self.now, when)
        return steps

    def run_until_idle(self, max_steps: int = 1_000_000) -> int:
        """Step, in order, until only background timers remain; returns the number of steps."""
        steps = 0
        while not self.idle and steps < max_steps and self.step():
            steps += 1
        return steps
