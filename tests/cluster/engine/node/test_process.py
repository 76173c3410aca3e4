"""A process laid out again: the rounds of its endless loop, and what it keeps of the layout
it had."""

from cluster.engine.node.process import LOG_LINE_MAX, FileOp, Held, Line, Loop, Process


def test_the_next_round_of_an_endless_loop_begins_now_or_after():
    process = Process(loop=Loop(2_000, 5_000))
    assert [process.next_round(t) for t in (0, 2_000, 2_001, 7_000)] == [2_000, 2_000, 7_000, 7_000]


def test_a_process_laid_out_again_keeps_what_it_wrote_before_and_goes_on_as_the_new_layout():
    old = Process(
        (Line(0, ("a",)), Line(5_000, ("b",))),
        (FileOp(0, "/x", ("1",)), FileOp(4_500, "/x", ("2",))),
        exit_ms=9_000,
    )
    fresh = Process(
        (Line(0, ("a",)), Line(5_000, ("c",)), Line(7_000, ("d",))),
        (FileOp(0, "/x", ("1",)), FileOp(7_000, "/y", ("3",))),
        resume_ms=8_000,
    )
    spliced = old.spliced(4_000, 5_000, fresh)
    assert [(line.at_ms, line.text) for line in spliced.lines] == [
        (0, ("a",)),
        (5_000, ("c",)),
        (7_000, ("d",)),
    ]
    assert spliced.files == (FileOp(4_000, "/x", ("1",)), FileOp(7_000, "/y", ("3",)))
    assert (spliced.exit_ms, spliced.resume_ms) == (None, 8_000)


def logged_round_by_round(held: Held, period_ms: int, rounds: int) -> tuple[list[Line], str]:
    """What containerd logs of a line the rounds go on, written one round at a time: its parts
    as they fill, and what is left."""
    parts, line = [], held.first
    for n in range(rounds):
        line += held.text
        while len(line) >= LOG_LINE_MAX:
            parts.append(Line(n * period_ms + held.at_ms, (line[:LOG_LINE_MAX],), "stdout", ""))
            line = line[LOG_LINE_MAX:]
    return parts, line


def test_a_loop_that_never_ends_its_line_logs_it_in_parts_of_16_kib_as_they_fill():
    held = Held("stdout", 10, "OK!", "OK")
    process = Process(loop=Loop(0, 10, held=(held,)))
    parts, left = logged_round_by_round(held, 10, 20_000)
    assert process.output(199_999) == parts
    assert process.output(199_999, limit=2) == parts[-2:]
    assert held.left(20_000) == left
    assert process.output(parts[0].at_ms - 1) == []


def test_what_a_loop_adds_to_its_line_may_be_longer_than_a_part():
    held = Held("stdout", 0, "x" * 40_000 + "y", "z")
    parts, left = logged_round_by_round(held, 1_000, 3)
    assert Process(loop=Loop(0, 1_000, held=(held,))).output(2_000) == parts
    assert held.left(3) == left
