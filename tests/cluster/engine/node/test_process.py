"""A process laid out again: the rounds of its endless loop, and what it keeps of the layout
it had."""

from cluster.engine.node.process import FileOp, Line, Loop, Process


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
