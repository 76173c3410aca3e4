"""The node lifecycle controller: node health from leases and heartbeats, the conditions,
events and taints of a node gone silent, master disruption mode, and recovery."""

from cluster.engine import faults
from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, settle, stored

NO_SCHEDULE = {"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"}
NO_EXECUTE = {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}


def node(cluster: Cluster, name: str) -> dict:
    return next(n for n in stored(cluster, "nodes", "") if n["metadata"]["name"] == name)


def taints(cluster: Cluster, name: str) -> list[dict]:
    return node(cluster, name)["spec"].get("taints") or []


def ready(cluster: Cluster, name: str) -> str:
    return next(c for c in node(cluster, name)["status"]["conditions"] if c["type"] == "Ready")[
        "status"
    ]


def running() -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", deployment(replicas=2))
    settle(cluster)
    return cluster, api


def test_nodes_that_renew_their_leases_stay_ready():
    cluster, api = running()
    cluster.advance_to(300_000)
    assert [ready(cluster, n) for n in ("control-plane", "node-1", "node-2")] == ["True"] * 3
    reasons = [e[0] for e in api.events("Node") if e[2] == "node-controller"]
    assert reasons == ["RegisteredNode"] * 3


def test_a_silent_node_turns_unknown_one_grace_period_after_it_was_last_heard_from():
    cluster, api = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(59_999)  # heard from (its lease seen renewed) at 5 s, the first pass
    assert ready(cluster, "node-1") == "True"
    cluster.advance_to(60_000)
    conditions = node(cluster, "node-1")["status"]["conditions"]
    assert [(c["type"], c["status"], c["reason"], c["message"]) for c in conditions] == [
        (kind, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
        for kind in ("MemoryPressure", "DiskPressure", "PIDPressure", "Ready")
    ]
    assert all(c["lastTransitionTime"] == "2026-01-01T00:01:00Z" for c in conditions)
    assert (
        "NodeNotReady",
        "Node node-1 status is now: NodeNotReady",
        "node-controller",
    ) in api.events("Node")


def test_the_pods_of_a_silent_node_are_marked_not_ready():
    cluster, api = running()
    on_node_1 = [
        p["metadata"]["name"] for p in api.items("pods") if p["spec"]["nodeName"] == "node-1"
    ]
    faults.node_down(cluster, "node-1")
    cluster.advance_to(60_000)
    for name in on_node_1:
        condition = next(
            c for c in api.get("pods", name)["status"]["conditions"] if c["type"] == "Ready"
        )
        assert (condition["status"], condition["lastTransitionTime"]) == (
            "False",
            "2026-01-01T00:01:00Z",
        )
    assert api.events("Pod").count(("NodeNotReady", "Node is not ready", "node-controller")) == len(
        on_node_1
    )


def test_a_silent_node_is_tainted_no_schedule_at_once_and_no_execute_on_the_next_pass():
    cluster, _api = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(60_000)
    assert taints(cluster, "node-1") == [{**NO_SCHEDULE, "timeAdded": "2026-01-01T00:01:00Z"}]
    cluster.advance_to(65_100)
    assert taints(cluster, "node-1") == [
        {**NO_SCHEDULE, "timeAdded": "2026-01-01T00:01:00Z"},
        {**NO_EXECUTE, "timeAdded": "2026-01-01T00:01:05Z"},
    ]
    cluster.advance_to(200_000)
    assert taints(cluster, "node-1")[1]["timeAdded"] == "2026-01-01T00:01:05Z"


def test_nodes_queued_for_no_execute_are_tainted_one_every_ten_seconds():
    cluster, _api = running()
    faults.node_down(cluster, "node-1")
    faults.node_down(cluster, "node-2")
    cluster.advance_to(65_100)
    tainted = {
        n: [t for t in taints(cluster, n) if t["effect"] == "NoExecute"]
        for n in ("node-1", "node-2")
    }
    assert [len(found) for found in tainted.values()] == [1, 0]
    cluster.advance_to(75_100)
    assert [t["timeAdded"] for t in taints(cluster, "node-2") if t["effect"] == "NoExecute"] == [
        "2026-01-01T00:01:15Z"
    ]


def test_when_every_node_is_silent_nothing_is_tainted_no_execute():
    cluster, _api = running()
    for name in ("control-plane", "node-1", "node-2"):
        faults.node_down(cluster, name)
    cluster.advance_to(120_000)
    assert [ready(cluster, n) for n in ("control-plane", "node-1", "node-2")] == ["Unknown"] * 3
    assert all(
        t["effect"] == "NoSchedule" for n in ("node-1", "node-2") for t in taints(cluster, n)
    )


def test_a_node_back_again_loses_its_taints():
    cluster, _api = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(70_000)
    faults.node_up(cluster, "node-1")
    cluster.advance_to(90_000)
    assert ready(cluster, "node-1") == "True"
    assert taints(cluster, "node-1") == []


def test_a_node_back_again_says_so_in_its_kubelets_events():
    cluster, api = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(70_000)
    faults.node_up(cluster, "node-1")
    cluster.advance_to(90_000)
    kubelet = [
        e for e in api.items("events") if e["source"] == {"component": "kubelet", "host": "node-1"}
    ]
    repeated = {e["reason"]: e["count"] for e in kubelet if e["count"] > 1}
    assert repeated == {
        "NodeHasSufficientMemory": 2,
        "NodeHasNoDiskPressure": 2,
        "NodeHasSufficientPID": 2,
        "NodeReady": 2,
    }


def test_a_node_reporting_not_ready_is_tainted_not_ready_until_it_reports_ready():
    cluster, api = running()
    node_1 = api.get("nodes", "node-1", namespace="")
    for condition in node_1["status"]["conditions"]:
        if condition["type"] == "Ready":
            condition.update(status="False", reason="KubeletNotReady", message="runtime not ready")
    api.call("update", "nodes", "", "node-1", subresource="status", body=node_1)
    reported = cluster.clock.timestamp()
    cluster.advance_to(5_100)  # the first monitor pass queues it; the tainting pass taints it
    assert taints(cluster, "node-1") == [
        {"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule", "timeAdded": reported},
        {
            "key": "node.kubernetes.io/not-ready",
            "effect": "NoExecute",
            "timeAdded": "2026-01-01T00:00:05Z",
        },
    ]
    cluster.advance_to(15_000)  # the kubelet reported Ready at 10 s, seen by the pass at 15 s
    assert (ready(cluster, "node-1"), taints(cluster, "node-1")) == ("True", [])


def test_a_deleted_node_is_removed_from_the_controller_with_an_event_on_it():
    cluster, api = running()
    cluster.advance_to(10_000)  # known to the controller since its first pass
    uid = node(cluster, "node-2")["metadata"]["uid"]
    api.delete("nodes", "node-2", namespace="")
    cluster.advance_to(20_000)
    removed = [e for e in api.items("events", "default") if e["reason"] == "RemovingNode"]
    assert [(e["message"], e["involvedObject"]) for e in removed] == [
        (
            "Node node-2 event: Removing Node node-2 from Controller",
            {"kind": "Node", "name": "node-2", "uid": uid, "apiVersion": "v1"},
        )
    ]
