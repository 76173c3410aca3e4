"""What a container's main process has asked the network, and what it was answered: its tape.

A main process is laid out ahead (see `process`), but the network answers only about now: a
Service may come, or lose its endpoints, while the process sleeps. So its layout asks the
network through a tape, in the process's own time (ms after it started):

- a question asked before the layout's cutoff is history: the tape plays back the answer it
  had then, in the order the questions came (the same script asks the same questions);
- a question asked from the cutoff until now, or up to AHEAD_MS later, is asked of the
  network now, and recorded (a script asking every few ms would cost a layout each);
- a question asked later than that ends the layout there (`Later`): the runtime lays the
  process out again when the clock gets there, the process's earlier questions played back.

A round that got an answer by chance (an endpoint drawn at random among a Service's, records
in a shuffled order) is not taken to repeat: the next round may get another. A round shorter
than AHEAD_MS is, all the same: each of such rounds asked apart would cost too much.

A layout started over would run every round of its loops again to get where it was. Rounds of
a process's outermost loops are checkpoints instead: the state the shell had when each began
(see shell_rounds). A layout goes on from the latest one before its cutoff, and the rounds
between are neither run nor kept. A checkpoint marked `period_ms` begins rounds found to
repeat: every round after it, up to the cutoff, went the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from cluster.engine.node.network import Unreachable

AHEAD_MS = 100  # how long before its moment a question may be asked


class Later(Exception):
    """A question the process asks at `at_ms`, later than now: its layout stops there."""

    def __init__(self, at_ms: int) -> None:
        super().__init__(at_ms)
        self.at_ms = at_ms


@dataclass(frozen=True, slots=True)
class Call:
    """A question (to `connect`, `converse` or `query`) and its answer."""

    at_ms: int
    kind: str
    answer: Any
    unreachable: bool = False  # nothing answered (network.Unreachable)
    chance: bool = False  # the answer came by chance: asked again, it may differ
    to: tuple[str, int] | None = None  # where it was asked (ip, port), if a port was


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A round of the process's outermost loop `loop` (the n-th begun) beginning at `at_ms`,
    with what the shell had then (`state`) and how many such loops had begun (`loops`)."""

    loop: int
    at_ms: int
    state: Any
    loops: int
    period_ms: int = 0  # the rounds from this one on repeat, each this long (0: not known)


Entry = Call | Checkpoint


class Tape:
    def __init__(
        self,
        history: tuple[Entry, ...] = (),
        cutoff_ms: int = 0,
        now_ms: int = 0,
        chances: Callable[[], int] | None = None,  # how many answers came by chance so far
    ) -> None:
        self.cutoff_ms = cutoff_ms
        self.now_ms = now_ms
        self.chances = chances
        # questions before the cutoff, and checkpoints up to it, are history
        self._history = [e for e in history if _past(e, cutoff_ms)]
        self._next = 0
        self.entries: list[Entry] = []  # what this layout asked and went through, in order
        self.loops = 0  # the outermost loops begun so far

    def ask(self, at_ms: int, kind: str, hook: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        """The answer to a question asked at `at_ms`: played back, or the network's now
        (Later: the question is still to come; network.Unreachable: nothing answers)."""
        call = self._played_back(at_ms, kind)
        if call is None:
            call = self._asked(at_ms, kind, hook, args)
        self.entries.append(call)
        if call.unreachable:
            raise Unreachable(str(args[0]))
        return call.answer

    def _asked(
        self, at_ms: int, kind: str, hook: Callable[..., Any], args: tuple[Any, ...]
    ) -> Call:
        """The question asked of the network now (Later if it is asked later)."""
        if at_ms > self.now_ms + AHEAD_MS:
            raise Later(at_ms)
        before = self.chances() if self.chances else 0
        try:
            answer, unreachable = hook(*args), False
        except Unreachable:
            answer, unreachable = None, True
        chance = self.chances is not None and self.chances() != before
        to = (args[0], args[1]) if len(args) > 1 else None
        return Call(at_ms, kind, answer, unreachable, chance, to)

    def by_chance(self, since: int) -> bool:
        """Whether an answer recorded since `since` entries came by chance."""
        return any(isinstance(e, Call) and e.chance for e in self.entries[since:])

    def _played_back(self, at_ms: int, kind: str) -> Call | None:
        if at_ms >= self.cutoff_ms or self._next >= len(self._history):
            return None
        found = self._history[self._next]
        if not isinstance(found, Call) or found.kind != kind:
            return None  # the process went another way (its files changed): it asks anew
        self._next += 1
        return replace(found, at_ms=at_ms)

    def begin_loop(self) -> int:
        """An outermost loop begins: its number."""
        self.loops += 1
        return self.loops - 1

    def round(self, loop: int, at_ms: int, state: Callable[[], Any]) -> Checkpoint | None:
        """A round of outermost loop `loop` begins at `at_ms`: the loop's latest checkpoint
        in the history, to go on from (the history skips what came before it), or None
        (the round is checkpointed with `state()`)."""
        found = None
        for index in range(self._next, len(self._history)):
            entry = self._history[index]
            if isinstance(entry, Checkpoint) and entry.loop == loop:
                found, self._next = entry, index + 1
        if found is None:
            found = Checkpoint(loop, at_ms, state(), self.loops)
            self.entries.append(found)
            return None
        self.entries.append(found)
        self.loops = found.loops
        return found

    def repeats(self, loop: int, at_ms: int, period_ms: int) -> None:
        """The rounds of `loop` from the one that began at `at_ms` repeat, each `period_ms`."""
        for index in range(len(self.entries) - 1, -1, -1):
            entry = self.entries[index]
            if isinstance(entry, Checkpoint) and (entry.loop, entry.at_ms) == (loop, at_ms):
                self.entries[index] = replace(entry, period_ms=period_ms)
                return


def _past(entry: Entry, cutoff_ms: int) -> bool:
    """Whether the entry is history for a layout from `cutoff_ms` on."""
    if isinstance(entry, Call):
        return entry.at_ms < cutoff_ms
    return entry.at_ms <= cutoff_ms
