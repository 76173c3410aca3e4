"""The usage model: idle memory by image, growth up to the limit, CPU by activity."""

from cluster.engine.node import usage
from cluster.engine.node.process import Line, Memory, Process, text

MIB = usage.MIB


def test_an_idle_program_uses_its_images_idle_memory():
    used = usage.container("docker.io/library/nginx", Process(), 60_000, 0, 1000)
    assert used == usage.Usage(usage.IDLE_NANOCORES, 3 * MIB)
    assert (
        usage.container("example.com/app", Process(), 0, 0, 1000).bytes == usage.DEFAULT_MIB * MIB
    )


def test_a_growing_process_stops_at_its_limit():
    hog = Process(memory=Memory(1_000, 10))
    assert usage.container("x", hog, 3_000, 0, 1000).bytes == (2 + 20) * MIB
    assert usage.container("x", hog, 60_000, 64 * MIB, 1000).bytes == 64 * MIB


def test_cpu_counts_the_lines_written_in_the_window():
    lines = tuple(Line(ms, text("hi"), "stdout") for ms in range(0, 30_000, 1_000))
    busy = usage.container("x", Process(lines), 30_000, 0, 1000)
    assert busy.nanocores == usage.IDLE_NANOCORES + 9 * usage.NANOCORES_PER_LINE  # 21 s to 29 s


def test_nodes_add_their_daemons():
    assert usage.node_overhead(True).bytes > usage.node_overhead(False).bytes
