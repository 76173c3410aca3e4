"""A followed log read piece by piece as virtual time passes."""

import itertools

import pytest

from cluster.engine.apiserver import logstream, podproxy
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

TICKS = "for i in 1 2 3 4 5; do echo tick $i; sleep 1; done"


def run(cluster, name, script, restart="Always"):
    body = {
        "metadata": {"name": name},
        "spec": {
            "restartPolicy": restart,
            "containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", script]}],
        },
    }
    request = Request("create", "pods", "default", credential=cluster.admin, body=body)
    assert cluster.handle(request).code == 201


def texts(piece):
    return [line.partition(" ")[2] for _, line in piece["lines"]]


@pytest.fixture
def cluster():
    return Cluster()


def test_each_read_brings_the_lines_written_since_the_last(cluster):
    run(cluster, "ticker", TICKS, restart="Never")
    cluster.advance_to(cluster.clock.now + 2_000)
    first = logstream.read(cluster.apiserver, "default", "ticker", "", 0)
    cluster.advance_to(cluster.clock.now + 2_000)
    second = logstream.read(
        cluster.apiserver, "default", "ticker", "", first["next"], first["containerID"]
    )
    assert texts(first) == ["tick 1\n", "tick 2\n"]
    assert texts(second) == ["tick 3\n", "tick 4\n"]
    assert first["running"] and second["running"]
    assert second["next"] == cluster.clock.epoch * 1000 + cluster.clock.now + 1


def test_lines_carry_the_time_they_were_written(cluster):
    run(cluster, "ticker", TICKS, restart="Never")
    cluster.advance_to(cluster.clock.now + 3_000)
    piece = logstream.read(cluster.apiserver, "default", "ticker", "c", 0)
    written = [at for at, _ in piece["lines"]]
    assert [b - a for a, b in itertools.pairwise(written)] == [1_000, 1_000]
    assert podproxy.unix_ms(piece["lines"][0][1].partition(" ")[0]) == written[0]


def test_the_stream_ends_when_the_container_has_ended(cluster):
    run(cluster, "ticker", TICKS, restart="Never")
    cluster.advance_to(cluster.clock.now + 10_000)
    piece = logstream.read(cluster.apiserver, "default", "ticker", "", 0)
    assert len(piece["lines"]) == 5
    assert not piece["running"]


def test_a_replaced_container_gives_its_last_lines_and_ends_the_stream(cluster):
    run(cluster, "ticker", TICKS)
    cluster.advance_to(cluster.clock.now + 3_000)
    first = logstream.read(cluster.apiserver, "default", "ticker", "", 0)
    cluster.advance_to(cluster.clock.now + 5_000)  # it exits and restarts meanwhile
    last = logstream.read(
        cluster.apiserver, "default", "ticker", "", first["next"], first["containerID"]
    )
    assert texts(last) == ["tick 4\n", "tick 5\n"]
    assert (last["running"], last["containerID"]) == (False, first["containerID"])


def test_a_pod_that_is_gone_ends_the_stream(cluster):
    piece = logstream.read(cluster.apiserver, "default", "nowhere", "", 0)
    assert piece == {"lines": [], "next": 0, "running": False, "containerID": ""}
