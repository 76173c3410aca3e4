"""A main process's shell laid out through its tape: it stops at a question it asks later
than now, goes on from its loop's checkpoints when laid out again, and goes past rounds that
repeat, to the cutoff, with its state as they leave it."""

from __future__ import annotations

from cluster.engine.node.network import Network
from cluster.engine.node.process import LOG_LINE_MAX, Held, Process, Route, render
from cluster.engine.node.shell import Context, Shell
from cluster.engine.node.tape import Checkpoint, Tape

START = 1_767_225_600_000  # 2026-01-01T00:00:00Z
HOSTS = "10.96.12.34\tweb\n"


class Web:
    """The web Service as it is now: its page, or None (refused); every request noted."""

    def __init__(self, page: str | None = "one\n") -> None:
        self.page = page
        self.requests = 0
        self.draws = 0
        self.drawn = False  # its endpoints are drawn at random

    def get(self, ip: str, port: int, path: str, agent: str) -> Route | None:
        self.requests += 1
        self.draws += self.drawn
        return None if self.page is None else Route(path, 200, body=self.page)

    def chances(self) -> int:
        return self.draws


def lay_out(script: str, web: Web, tape: Tape) -> Process:
    network = Network("10.244.1.2", "client", web.get, tape=tape)
    context = Context({}, {"/etc/hosts": (HOSTS,)}, "client", START, network=network)
    return Shell(context, lambda argv, stdin, after_ms: None).run_script(script)


def again(script: str, web: Web, before: Tape, cutoff_ms: int, now_ms: int) -> tuple[Process, Tape]:
    """Laid out again from `cutoff_ms`, at `now_ms`, what it asked before played back."""
    tape = Tape(tuple(before.entries), cutoff_ms, now_ms, web.chances)
    return lay_out(script, web, tape), tape


def lines(process: Process, until_ms: int = 3_600_000) -> list[tuple[int, str]]:
    return [(ln.at_ms, render(ln.text, START + ln.at_ms)) for ln in process.output(until_ms)]


def test_a_question_after_a_sleep_waits_for_its_moment():
    web, script = Web(None), "echo start; sleep 10; wget -qO- http://web; echo done"
    first = Tape(chances=web.chances)
    process = lay_out(script, web, first)
    assert (lines(process), process.resume_ms, process.exit_ms) == ([(0, "start")], 10_000, None)
    assert web.requests == 0
    web.page = "two\n"  # the network changes while it sleeps
    process, _ = again(script, web, first, 10_000, 10_000)
    assert lines(process) == [(0, "start"), (10_000, "two"), (10_000, "done")]
    assert (process.resume_ms, process.exit_ms, web.requests) == (None, 10_000, 1)


def test_a_loop_that_repeats_is_laid_out_again_from_a_later_round_which_asks_anew():
    web, script = Web(), "while true; do wget -qO- http://web; sleep 5; done"
    first = Tape(chances=web.chances)
    process = lay_out(script, web, first)
    assert (lines(process), process.resume_ms, process.loop) == ([(0, "one")], 5_000, None)
    # at 5 s: its second round went as the first: the rounds repeat from there
    process, second = again(script, web, first, 5_000, 5_000)
    assert (process.loop.start_ms, process.loop.period_ms) == (5_000, 5_000)
    # (it went on from the round that began at 5 s: what came before is not laid out again)
    assert lines(process, 20_000) == [(t, "one") for t in range(5_000, 20_001, 5_000)]
    assert [e.period_ms for e in second.entries if isinstance(e, Checkpoint)] == [5_000]
    # at 22 s the Service changes: the rounds from 25 s are history no more
    web.page = "two\n"
    process, third = again(script, web, second, 25_000, 22_000)
    assert (process.resume_ms, web.requests) == (25_000, 2)  # nothing asked before 25 s
    process, _ = again(script, web, third, 25_000, 25_000)
    assert (lines(process), process.resume_ms, web.requests) == ([(25_000, "two")], 30_000, 3)


def test_going_past_repeated_rounds_takes_the_state_they_leave():
    web = Web()
    script = "T=start; while true; do echo $T; T=$(date +%T); wget -q -O /dev/null http://web; sleep 5; done"
    first = Tape(chances=web.chances)
    lay_out(script, web, first)
    _, second = again(script, web, first, 5_000, 5_000)
    _, third = again(script, web, second, 3_600_000, 3_599_000)
    process, _ = again(script, web, third, 3_600_000, 3_600_000)
    # the round at 1 h prints the time the round before it took, not the first round's
    assert lines(process, 3_600_000)[-1] == (3_600_000, "00:59:55")


def test_rounds_whose_answers_come_by_chance_are_never_taken_to_repeat():
    web, script = Web(), "while true; do wget -qO- http://web; sleep 5; done"
    web.drawn = True
    tape = Tape(chances=web.chances)
    lay_out(script, web, tape)
    for at in (5_000, 10_000, 15_000):
        process, tape = again(script, web, tape, at, at)
        assert (process.loop, process.resume_ms) == (None, at + 5_000)
    # each layout went on from the round under way: two rounds on the tape at most
    assert len([e for e in tape.entries if isinstance(e, Checkpoint)]) == 2


def test_a_job_in_the_background_that_asks_later_stops_its_own_layout_not_the_scripts():
    web, script = Web(), "(sleep 5; wget -qO- http://web) & echo hi; sleep 10; echo bye"
    first = Tape(chances=web.chances)
    process = lay_out(script, web, first)
    assert lines(process) == [(0, "hi"), (10_000, "bye")]
    assert (process.resume_ms, process.exit_ms) == (5_000, 10_000)
    process, _ = again(script, web, first, 5_000, 5_000)
    assert sorted(lines(process)) == [(0, "hi"), (5_000, "one"), (10_000, "bye")]
    assert (process.resume_ms, process.exit_ms) == (None, 10_000)


def test_a_loop_that_goes_on_one_line_repeats_and_going_past_its_rounds_fills_that_line():
    web, script = Web("OK!"), "while sleep 0.01; do wget -qO- http://web; done"
    first = Tape(chances=web.chances)
    lay_out(script, web, first)
    process, second = again(script, web, first, 20, 20)
    assert process.loop.held == (Held("stdout", 10, "OK!", "OK!OK!"),)
    assert web.requests == 3  # the rounds after are not asked
    # an hour on, laid out again: the line holds what 360,000 rounds wrote, less the parts
    # of it logged
    _, third = again(script, web, second, 3_600_000, 3_599_000)
    process, _ = again(script, web, third, 3_600_000, 3_600_000)
    written = "OK!" * 360_000
    assert process.loop.held[0].first == written[-(len(written) % LOG_LINE_MAX) :]
