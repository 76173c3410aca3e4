"""Hosting: inputs are journaled before they are acknowledged, and any worker rebuilds a
cluster from its snapshot and journal to exactly the same state."""

import itertools
import pickle

import pytest
import redis

from cluster import host as host_module
from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node import programs
from cluster.host import ClusterHost
from cluster.journal import Anchor, Journal

EPOCH = 1_767_225_600
_ids = itertools.count(1000)


class WallClock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = float(EPOCH)

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def client(redis_url):
    return redis.Redis.from_url(redis_url)


@pytest.fixture
def cluster_id(client):
    cluster_id = next(_ids)
    Journal(client, cluster_id).create(
        ClusterSpec(seed=9, epoch=EPOCH, admin_token="t"), Anchor(wall_ms=EPOCH * 1000, virtual=0)
    )
    return cluster_id


def pods(host, cluster_id):
    result = host.kubectl(cluster_id, "c", ["get", "pods", "-o", "json"])
    return result.stdout


def test_every_request_is_in_the_journal_before_its_answer(client, cluster_id):
    host = ClusterHost(client, None, wall_clock=WallClock())
    result = host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    assert result.stdout == "pod/web created\n"
    entries = Journal(client, cluster_id).entries(0)
    assert [e["request"]["verb"] for e in entries] == ["create"]
    assert entries[0]["request"]["body"]["metadata"]["name"] == "web"


def test_another_worker_rebuilds_the_same_cluster_from_the_journal(client, cluster_id):
    wall = WallClock()
    first = ClusterHost(client, None, wall_clock=wall)
    first.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    wall.now += 10
    first.tick(cluster_id, "c")
    second = ClusterHost(client, None, wall_clock=wall)
    assert pods(second, cluster_id) == pods(first, cluster_id)
    assert '"phase": "Running"' in pods(second, cluster_id)
    one, two = first.load(cluster_id, "c").engine, second.load(cluster_id, "c").engine
    assert one.trace.since(0) == two.trace.since(0)


def test_a_worker_whose_copy_fell_behind_catches_up_before_the_next_input(client, cluster_id):
    wall = WallClock()
    first, second = (ClusterHost(client, None, wall_clock=wall) for _ in range(2))
    first.kubectl(cluster_id, "c", ["run", "a", "--image=nginx"])
    second.kubectl(cluster_id, "c", ["run", "b", "--image=nginx"])  # held elsewhere meanwhile
    result = first.kubectl(cluster_id, "c", ["get", "pods", "-o", "name"])
    assert result.stdout == "pod/a\npod/b\n"


def test_a_snapshot_and_the_rest_of_the_journal_give_the_same_state(
    client, cluster_id, monkeypatch
):
    monkeypatch.setattr(host_module, "SNAPSHOT_EVERY", 2)
    wall = WallClock()
    first = ClusterHost(client, None, wall_clock=wall)
    for name in ("a", "b", "c"):
        first.kubectl(cluster_id, "c", ["run", name, "--image=nginx"])
        first.settle(cluster_id)
        wall.now += 1
    assert Journal(client, cluster_id).snapshot()[0] == 2
    second = ClusterHost(client, None, wall_clock=wall)
    assert pods(second, cluster_id) == pods(first, cluster_id)


def test_time_follows_the_wall_clock_and_due_work_catches_up_when_touched(client, cluster_id):
    wall = WallClock()
    host = ClusterHost(client, None, wall_clock=wall)
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    wall.now += 60  # nobody watched: nothing ran meanwhile
    assert host.load(cluster_id, "c").engine.clock.now == 0
    result = host.kubectl(cluster_id, "c", ["get", "pods"])
    assert result.stdout.splitlines()[1].split() == ["web", "1/1", "Running", "0", "60s"]


def test_a_cluster_given_more_work_than_an_input_may_run_catches_up_input_by_input(
    client, cluster_id, monkeypatch
):
    monkeypatch.setattr(host_module, "STEP_BUDGET", 40)
    wall = WallClock()
    host = ClusterHost(client, None, wall_clock=wall)
    host.kubectl(cluster_id, "c", ["create", "deployment", "web", "--image=nginx", "--replicas=5"])
    wall.now += 60
    host.kubectl(cluster_id, "c", ["get", "pods"])
    engine = host.load(cluster_id, "c").engine
    assert engine.clock.now < 60_000  # behind the wall clock: the budget ran out first
    for _ in range(50):
        host.tick(cluster_id, "c")
    running = host.kubectl(cluster_id, "c", ["get", "pods", "--no-headers"]).stdout.splitlines()
    assert [line.split()[2] for line in running] == ["Running"] * 5
    rebuilt = ClusterHost(client, None, wall_clock=wall).load(cluster_id, "c").engine
    assert rebuilt.trace.since(0) == host.load(cluster_id, "c").engine.trace.since(0)


def test_a_component_failure_is_logged_and_the_cluster_stays_usable(
    client, cluster_id, monkeypatch, caplog
):
    monkeypatch.undo()  # contain failures, as in a worker

    def broken(*args):
        raise TypeError("a bug in a program")

    monkeypatch.setattr(programs, "start", broken)
    wall = WallClock()
    host = ClusterHost(client, None, wall_clock=wall)
    assert host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"]).stdout == (
        "pod/web created\n"
    )
    wall.now += 10
    host.tick(cluster_id, "c")
    host.settle(cluster_id)
    assert f"cluster {cluster_id}: a component failed" in caplog.text
    assert "TypeError: a bug in a program" in caplog.text
    result = host.kubectl(cluster_id, "c", ["get", "pods", "-o", "name"])
    assert result.stdout == "pod/web\n"
    rebuilt = ClusterHost(client, None, wall_clock=wall).load(cluster_id, "c").engine
    assert rebuilt.trace.since(0) == host.load(cluster_id, "c").engine.trace.since(0)


def test_ticks_are_planned_only_while_someone_watches(client, cluster_id):
    wall, planned = WallClock(), []
    host = ClusterHost(
        client, None, schedule_tick=lambda *args: planned.append(args), wall_clock=wall
    )
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    host.settle(cluster_id)
    assert planned == []
    Journal(client, cluster_id).add_watcher("browser", int((wall.now + 60) * 1000))
    host.snapshot(cluster_id, "c")  # as a dashboard asks, once registered
    host.kubectl(cluster_id, "c", ["run", "api", "--image=nginx"])
    host.settle(cluster_id)
    assert planned == [(cluster_id, "c", EPOCH + 0.25)]  # the next sandbox is ready at 250 ms


def test_a_request_for_a_cluster_without_a_journal_is_refused(client):
    host = ClusterHost(client, None)
    with pytest.raises(LookupError):
        host.request(999_999, "ghost", Request("list", "pods", "default"))


def test_a_worker_restores_the_snapshot_its_own_code_took(client, cluster_id, monkeypatch):
    monkeypatch.setattr(host_module, "SNAPSHOT_EVERY", 1)
    host = ClusterHost(client, None, wall_clock=WallClock())
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    host.settle(cluster_id)
    restored = host_module.unpickled(cluster_id, Journal(client, cluster_id).snapshot()[1])
    assert restored is not None
    assert restored.etcd.get("/registry/pods/default/web") is not None


def test_a_snapshot_of_other_code_is_not_restored_the_journal_is_replayed(client, cluster_id):
    host = ClusterHost(client, None, wall_clock=WallClock())
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    empty = ClusterSpec(seed=9, epoch=EPOCH, admin_token="t")
    bogus = b"0123456789abcdef:" + pickle.dumps(Cluster(empty), protocol=5)
    Journal(client, cluster_id).save_snapshot(1, bogus)  # as if it held the journal's entry
    other = ClusterHost(client, None, wall_clock=WallClock())
    assert other.kubectl(cluster_id, "c", ["get", "pods", "-o", "name"]).stdout == "pod/web\n"


class Recorder:
    """A publisher that keeps what was sent to each group."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    def group_send(self, group: str, message: dict) -> None:
        self.sent.append((group, message))


def test_stored_changes_are_published_only_while_a_watch_over_the_api_is_open(client, cluster_id):
    wall, publisher = WallClock(), Recorder()
    Journal(client, cluster_id).add_watcher("browser", int((wall.now + 120) * 1000))
    host = ClusterHost(client, publisher, wall_clock=wall)
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    host.settle(cluster_id)
    assert [group for group, _ in publisher.sent] == [f"cluster-{cluster_id}"]
    until_ms = int((wall.now + 60) * 1000)
    Journal(client, cluster_id).add_watcher("specific.watch", until_ms, api=True)
    watch = Request("watch", "pods", "default", credential=Credential("token", "t"))
    start = int(host.request(cluster_id, "c", watch).body["resourceVersion"])
    host.kubectl(cluster_id, "c", ["run", "api", "--image=nginx"])
    host.settle(cluster_id)
    group, message = publisher.sent[-1]
    assert group == f"cluster-{cluster_id}-api"
    assert message["since"] <= start  # nothing after the watch's answer is left out
    created = [c for c in message["changes"] if c[0] == "/registry/pods/default/api"]
    assert created and created[0][2] is None  # a creation: no previous value
    assert message["revision"] == host.load(cluster_id, "c").engine.etcd.revision
    Journal(client, cluster_id).remove_watcher("specific.watch", api=True)
    wall.now += 61  # the registration this worker knew of has lapsed, and nobody renewed it
    sent = len(publisher.sent)
    host.kubectl(cluster_id, "c", ["delete", "pod", "api", "--wait=false"])
    host.settle(cluster_id)
    assert [group for group, _ in publisher.sent[sent:]] == [f"cluster-{cluster_id}"]


def test_updates_are_built_only_while_someone_watches(client, cluster_id):
    wall, publisher = WallClock(), Recorder()
    host = ClusterHost(client, publisher, wall_clock=wall)
    host.kubectl(cluster_id, "c", ["run", "web", "--image=nginx"])
    host.settle(cluster_id)
    assert publisher.sent == []
    Journal(client, cluster_id).add_watcher("browser", int((wall.now + 60) * 1000))
    snapshot = host.snapshot(cluster_id, "c")  # the dashboard opens: it misses nothing
    assert [pod["name"] for pod in snapshot["pods"]] == ["web"]
    host.settle(cluster_id)
    host.kubectl(cluster_id, "c", ["run", "api", "--image=nginx"])
    host.settle(cluster_id)
    (group, message), *_ = publisher.sent
    assert group == f"cluster-{cluster_id}"
    assert message["payload"]["hops"][0]["seq"] == snapshot["lastHop"] + 1
    assert {change["object"]["name"] for change in message["payload"]["objects"]} == {"api"}


def test_dashboards_start_over_when_an_input_wrote_more_than_etcd_keeps(client, cluster_id):
    wall, publisher = WallClock(), Recorder()
    Journal(client, cluster_id).add_watcher("browser", int((wall.now + 120) * 1000))
    host = ClusterHost(client, publisher, wall_clock=wall)
    host.load(cluster_id, "c").engine.etcd.retention = 8  # as if a burst outran 102,400
    host.kubectl(cluster_id, "c", ["create", "deployment", "web", "--image=nginx", "--replicas=5"])
    host.settle(cluster_id)
    group, message = publisher.sent[-1]
    assert (group, message["type"]) == (f"cluster-{cluster_id}", "cluster.snapshot")
    assert len(message["payload"]["pods"]) == 5
    host.kubectl(cluster_id, "c", ["get", "pods"])
    host.settle(cluster_id)
    assert publisher.sent[-1][1]["type"] == "cluster.update"
