"""A main process's tape: questions before the cutoff played back in order, those up to now
asked of the network, a later one ending the layout; the checkpoints of its loops' rounds."""

from __future__ import annotations

import pytest

from cluster.engine.node.network import Unreachable
from cluster.engine.node.tape import Call, Checkpoint, Later, Tape


class Network:
    """Answers each question with the next number; `draws` counts answers by chance."""

    def __init__(self, by_chance: bool = False) -> None:
        self.asked: list[str] = []
        self.draws = 0
        self.by_chance = by_chance

    def ask(self, ip: str) -> int:
        self.asked.append(ip)
        self.draws += self.by_chance
        return len(self.asked)

    def nowhere(self, ip: str) -> int:
        raise Unreachable(ip)

    def chances(self) -> int:
        return self.draws


def test_questions_before_the_cutoff_are_played_back_those_up_to_now_asked_later_ones_wait():
    history = (Call(0, "connect", "old"), Call(4_000, "connect", "older"))
    network = Network()
    tape = Tape(history, cutoff_ms=2_000, now_ms=3_000)
    assert tape.ask(0, "connect", network.ask, ("10.96.0.1",)) == "old"
    assert tape.ask(2_000, "connect", network.ask, ("10.96.0.1",)) == 1  # no longer history
    assert tape.ask(3_000, "query", network.ask, ("10.96.0.10",)) == 2
    with pytest.raises(Later) as later:
        tape.ask(4_000, "connect", network.ask, ("10.96.0.1",))
    assert later.value.at_ms == 4_000
    assert network.asked == ["10.96.0.1", "10.96.0.10"]
    assert tape.entries == [
        Call(0, "connect", "old"),
        Call(2_000, "connect", 1),
        Call(3_000, "query", 2),
    ]


def test_nothing_answering_is_recorded_and_played_back():
    network = Network()
    tape = Tape()
    with pytest.raises(Unreachable):
        tape.ask(0, "connect", network.nowhere, ("10.1.2.3",))
    again = Tape(tuple(tape.entries), cutoff_ms=1_000, now_ms=1_000)
    with pytest.raises(Unreachable):
        again.ask(0, "connect", network.ask, ("10.1.2.3",))
    assert network.asked == []


def test_a_question_the_history_does_not_have_next_is_asked_anew():
    network = Network()
    tape = Tape((Call(0, "query", "answer"),), cutoff_ms=1_000, now_ms=1_000)
    assert tape.ask(0, "connect", network.ask, ("10.96.0.1",)) == 1


def test_an_answer_by_chance_is_marked_so():
    network = Network(by_chance=True)
    tape = Tape(chances=network.chances)
    tape.ask(0, "connect", network.ask, ("10.96.0.1",))
    assert tape.entries == [Call(0, "connect", 1, chance=True)]
    assert (tape.by_chance(0), tape.by_chance(1)) == (True, False)


def test_a_round_goes_on_from_its_loops_latest_checkpoint_before_the_cutoff():
    history = (
        Checkpoint(0, 0, "first", 1),
        Call(0, "connect", "a"),
        Checkpoint(0, 5_000, "second", 1),
        Call(5_000, "connect", "b"),
        Checkpoint(0, 10_000, "third", 1),  # after the cutoff: not history
    )
    tape = Tape(history, cutoff_ms=8_000, now_ms=8_000)
    assert tape.begin_loop() == 0
    found = tape.round(0, 0, lambda: "unused")
    assert found == Checkpoint(0, 5_000, "second", 1)
    assert tape.ask(5_000, "connect", Network().ask, ("10.96.0.1",)) == "b"
    assert tape.round(0, 10_000, lambda: "new") is None  # none left: checkpointed
    tape.repeats(0, 10_000, 5_000)
    assert tape.entries == [
        Checkpoint(0, 5_000, "second", 1),
        Call(5_000, "connect", "b"),
        Checkpoint(0, 10_000, "new", 1, period_ms=5_000),
    ]
