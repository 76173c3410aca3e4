"""The lab's hold on a hosted cluster: pause, resume, speed and steps of its clock, and
faults. Every such input is journaled, and another worker replays it to the same state."""

import pytest

from cluster.engine import faults
from cluster.host import ClusterHost
from cluster.journal import Journal
from tests.cluster import test_host
from tests.cluster.test_host import EPOCH, WallClock

client, cluster_id = test_host.client, test_host.cluster_id  # the same fixtures


class Publisher:
    """Keeps what the host sends to the dashboard."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def group_send(self, group: str, message: dict) -> None:
        self.sent.append(message["payload"])


@pytest.fixture
def wall():
    return WallClock()


@pytest.fixture
def host(client, wall):
    return ClusterHost(client, None, wall_clock=wall)


def lab(host: ClusterHost, cluster_id: int, op: str, **fields) -> dict:
    return host.lab(cluster_id, "c", {"op": op, **fields})


def now(host: ClusterHost, cluster_id: int) -> int:
    return lab(host, cluster_id, "status")["status"]["now"]


def entry_kinds(client, cluster_id: int) -> list[str]:
    return [
        next((k for k in ("request", "clock", "step", "fault") if k in e), "catch-up")
        for e in Journal(client, cluster_id).entries(0)
    ]


def test_a_paused_clock_stands_still_while_the_wall_clock_runs(host, cluster_id, wall):
    wall.now += 5
    assert lab(host, cluster_id, "pause")["status"]["now"] == 5_000
    wall.now += 60
    status = lab(host, cluster_id, "status")["status"]
    assert (status["now"], status["paused"]) == (5_000, True)


def test_at_speed_10_a_second_of_wall_time_is_ten_virtual_seconds(host, cluster_id, wall):
    wall.now += 2
    lab(host, cluster_id, "speed", factor=10)
    wall.now += 1
    assert now(host, cluster_id) == 12_000


def test_a_clock_that_ran_faster_says_how_far_its_time_of_day_is_ahead(host, cluster_id, wall):
    assert lab(host, cluster_id, "status")["status"]["ahead"] == 0
    lab(host, cluster_id, "speed", factor=10)
    wall.now += 3
    lab(host, cluster_id, "speed", factor=1)
    wall.now += 1
    assert lab(host, cluster_id, "status")["status"]["ahead"] == 27_000


def test_a_resumed_clock_goes_on_from_where_it_stopped(host, cluster_id, wall):
    wall.now += 5
    lab(host, cluster_id, "pause")
    wall.now += 100
    lab(host, cluster_id, "resume")
    wall.now += 2
    assert now(host, cluster_id) == 7_000


def test_a_step_runs_exactly_the_next_timer(host, cluster_id):
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    lab(host, cluster_id, "pause")
    clock = host.load(cluster_id, "c").engine.clock
    before, due = clock.pending(), clock.peek()
    answer = lab(host, cluster_id, "step")
    assert answer["steps"] == [{"t": due.when, "what": due.describe()}]
    assert answer["status"]["now"] == due.when == 250
    assert [t for t in before if t not in clock.pending()] == [due]


def test_the_status_says_what_is_due_next(host, cluster_id):
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    status = lab(host, cluster_id, "pause")["status"]
    clock = host.load(cluster_id, "c").engine.clock
    upcoming = sorted(clock.pending())
    assert status["pending"] == len(upcoming)
    assert status["next"] == [{"in": t.when, "what": t.describe()} for t in upcoming[:5]]
    assert (status["now"], status["speed"], status["paused"], status["nodesDown"]) == (
        0,
        1.0,
        True,
        [],
    )
    etcd = host.load(cluster_id, "c").engine.etcd
    assert status["behind"] == 0
    assert status["etcd"] == {"size": etcd.size, "quota": 16 * 1024 * 1024}


def test_a_step_while_the_clock_runs_is_refused_and_not_journaled(host, client, cluster_id):
    assert lab(host, cluster_id, "step") == {"error": "the clock is running: pause it first"}
    assert entry_kinds(client, cluster_id) == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"factor": 1000}, "speed must be a factor from 0.1 to 100, not 1000"),
        ({"factor": 0.05}, "speed must be a factor from 0.1 to 100, not 0.05"),
        ({"factor": "fast"}, "speed must be a factor from 0.1 to 100, not fast"),
        ({}, "speed must be a factor from 0.1 to 100, not None"),
    ],
    ids=["too fast", "too slow", "not a number", "missing"],
)
def test_a_speed_out_of_range_is_refused(host, cluster_id, fields, error):
    assert lab(host, cluster_id, "speed", **fields) == {"error": error}


@pytest.mark.parametrize(
    ("operation", "error"),
    [
        (
            {"op": "rewind"},
            'unknown lab operation "rewind": choose one of status, pause, resume, speed, step, '
            "fault",
        ),
        (
            ["pause"],
            'unknown lab operation "None": choose one of status, pause, resume, speed, step, fault',
        ),
        ({"op": "step", "count": 0}, "a step count is a whole number from 1 to 10000, not 0"),
        ({"op": "fault", "fault": {"kind": "node-down"}}, "fault node-down needs a node"),
        (
            {"op": "fault", "fault": {"kind": "node-down", "node": "node-9"}},
            'node "node-9" not found',
        ),
    ],
    ids=[
        "an unknown operation",
        "not an object",
        "no step",
        "a fault without a node",
        "no such node",
    ],
)
def test_a_malformed_operation_is_refused(host, cluster_id, operation, error):
    assert host.lab(cluster_id, "c", operation) == {"error": error}


def test_every_lab_input_is_journaled_and_another_worker_replays_it_exactly(
    host, client, cluster_id, wall
):
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    lab(host, cluster_id, "pause")
    lab(host, cluster_id, "step", count=3)
    stepped_to = host.load(cluster_id, "c").engine.clock.now
    lab(host, cluster_id, "resume")
    wall.now += 5
    lab(host, cluster_id, "pause")
    lab(host, cluster_id, "fault", fault={"kind": "node-down", "node": "node-2"})
    lab(host, cluster_id, "fault", fault={"kind": "crash", "namespace": "default", "pod": "web"})
    lab(host, cluster_id, "fault", fault={"kind": "node-down", "node": "node-9"})  # refused
    lab(host, cluster_id, "speed", factor=5)
    lab(host, cluster_id, "resume")
    wall.now += 10
    lab(host, cluster_id, "fault", fault={"kind": "node-up", "node": "node-2"})
    host.tick(cluster_id, "c")
    assert entry_kinds(client, cluster_id) == [
        "request",
        *("clock", "step", "clock"),
        *("clock", "fault", "fault", "fault"),
        *("clock", "clock", "fault"),
    ]
    first = host.load(cluster_id, "c").engine
    second = ClusterHost(client, None, wall_clock=wall).load(cluster_id, "c").engine
    assert second.trace.since(0) == first.trace.since(0)
    assert second.etcd.revision == first.etcd.revision
    assert second.clock.now == first.clock.now == stepped_to + 5_000 + 10 * 5 * 1_000
    assert faults.nodes_down(second) == faults.nodes_down(first) == []


def test_the_dashboard_hears_of_a_pause_though_nothing_else_happened(client, cluster_id, wall):
    publisher = Publisher()
    host = ClusterHost(client, publisher, wall_clock=wall)
    Journal(client, cluster_id).add_watcher("browser", int((wall.now + 60) * 1000))
    host.snapshot(cluster_id, "c")
    host.settle(cluster_id)
    assert publisher.sent == []
    wall.now += 3
    lab(host, cluster_id, "pause")
    host.settle(cluster_id)
    lab(host, cluster_id, "speed", factor=10)
    host.settle(cluster_id)
    assert [message["clock"] for message in publisher.sent] == [
        {"now": 3_000, "time": "2026-01-01T00:00:03Z", "speed": 1.0, "paused": True},
        {"now": 3_000, "time": "2026-01-01T00:00:03Z", "speed": 10.0, "paused": True},
    ]


def test_ticks_stop_while_paused_and_come_sooner_at_a_higher_speed(client, cluster_id, wall):
    planned = []
    host = ClusterHost(
        client, None, schedule_tick=lambda *args: planned.append(args), wall_clock=wall
    )
    Journal(client, cluster_id).add_watcher("browser", int((wall.now + 60) * 1000))
    lab(host, cluster_id, "pause")
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    host.settle(cluster_id)
    assert planned == []
    lab(host, cluster_id, "speed", factor=10)
    lab(host, cluster_id, "resume")
    host.settle(cluster_id)
    assert planned == [(cluster_id, "c", EPOCH + 0.025)]  # the sandbox, due in 250 virtual ms


def test_the_built_in_kubectl_reaches_the_lab(host, cluster_id, wall):
    wall.now += 90
    assert host.kubectl(cluster_id, "c", ["lab", "pause"]).stdout == "clock paused at 1m30s\n"
    result = host.kubectl(cluster_id, "c", ["lab", "fault", "node-down", "node-9"])
    assert (result.stderr, result.exit_code) == ('error: node "node-9" not found\n', 1)
