"""Output that ends no line goes to the container's log in parts of 16 KiB, as containerd
writes a line longer than its max_container_log_line_size: the HorizontalPodAutoscaler
walkthrough's load generator (`wget -q -O-` of a page saying OK!, in a loop) shows in
`kubectl logs` once 16,384 bytes of it have come."""

import re

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.process import LOG_LINE_MAX
from tests.cluster.kubectl.helpers import run

LOOP = "while sleep 0.01; do wget -q -O- http://php-apache; done"


def test_a_loop_that_writes_no_newline_is_logged_in_parts_of_16_kib():
    cluster = Cluster(ClusterSpec(seed=1))
    run(cluster, "create", "deployment", "php-apache", "--image=registry.k8s.io/hpa-example")
    run(cluster, "expose", "deployment", "php-apache", "--port=80")
    cluster.advance_to(30_000)
    started = run(cluster, "run", "load", "--image=busybox:1.28", "--", "sh", "-c", LOOP)
    assert started.stdout == "pod/load created\n"
    cluster.advance_to(40_000)
    assert run(cluster, "logs", "load").stdout == ""
    cluster.advance_to(100_000)  # some 5,500 requests
    logged = run(cluster, "logs", "load").stdout
    assert len(logged) == LOG_LINE_MAX
    assert logged == "OK!" * (len(logged) // 3) + "OK!"[: len(logged) % 3]


def test_a_long_line_written_piece_by_piece_is_logged_whole_once_it_ends():
    cluster = Cluster(ClusterSpec(seed=1))
    script = "i=0; while [ $i -lt 5000 ]; do printf xxxxxxxx; i=$((i+1)); done; echo; sleep 3600"
    run(cluster, "run", "long", "--image=busybox", "--", "sh", "-c", script)
    cluster.advance_to(30_000)
    assert run(cluster, "logs", "long").stdout == "x" * 40_000 + "\n"


def load_generator_logs(other_service_at_ms: int | None) -> tuple[str, int]:
    """The load generator's log with timestamps after four minutes, and the DNS questions its
    pods asked in the last of them (its rounds repeat: after the first few, none are asked)."""
    cluster = Cluster(ClusterSpec(seed=1))
    run(cluster, "create", "deployment", "php-apache", "--image=registry.k8s.io/hpa-example")
    run(cluster, "expose", "deployment", "php-apache", "--port=80")
    cluster.advance_to(30_000)
    run(cluster, "run", "load", "--image=busybox:1.28", "--", "sh", "-c", LOOP)
    if other_service_at_ms is not None:  # CoreDNS's records change: the loop is laid out again
        cluster.advance_to(other_service_at_ms)
        run(cluster, "create", "service", "clusterip", "other", "--tcp=80")
    cluster.advance_to(180_000)
    seq = cluster.trace.last_seq
    cluster.advance_to(240_000)
    asked = sum(hop.verb == "query" for hop in cluster.trace.since(seq))
    return run(cluster, "logs", "load", "--timestamps").stdout, asked


def test_the_load_generators_rounds_repeat_and_a_layout_made_again_logs_the_same():
    logged, asked = load_generator_logs(None)
    parts = re.split(r"\d{4}-\d\d-\d\dT[\d:.]+Z ", logged)[1:]  # each part logged has its timestamp
    assert "".join(parts) == ("OK!" * LOG_LINE_MAX)[: 3 * LOG_LINE_MAX] and asked == 0
    assert load_generator_logs(100_005) == (logged, 0)


def test_tail_and_since_count_the_parts_of_a_line_as_the_kubelet_reads_its_log_file():
    cluster = Cluster(ClusterSpec(seed=1))
    dots = "while true; do printf .; usleep 3000; done"
    run(cluster, "run", "dots", "--image=busybox", "--", "sh", "-c", dots)
    cluster.advance_to(200_000)  # four parts of 16 KiB, the last some 50 s after the third
    assert run(cluster, "logs", "dots").stdout == "." * 4 * LOG_LINE_MAX
    assert run(cluster, "logs", "dots", "--tail=1").stdout == "." * LOG_LINE_MAX
    assert run(cluster, "logs", "dots", "--since=30s").stdout == "." * LOG_LINE_MAX
    stamped = run(cluster, "logs", "dots", "--tail=2", "--timestamps").stdout
    assert re.fullmatch(rf"(\S+Z \.{{{LOG_LINE_MAX}}}){{2}}", stamped)


def test_a_tail_longer_than_the_log_is_the_whole_log():
    cluster = Cluster(ClusterSpec(seed=1))
    run(cluster, "run", "three", "--image=busybox", "--", "sh", "-c", "seq 3; sleep 3600")
    cluster.advance_to(30_000)
    assert run(cluster, "logs", "three", "--tail=5").stdout == "1\n2\n3\n"
    assert run(cluster, "logs", "three", "--tail=0").stdout == ""
