"""The pod garbage collector: the pods of a deleted node, and the terminating pods of a node
declared out of service, are marked Failed and deleted at once."""

from cluster.engine import faults
from cluster.engine.cluster import Cluster
from cluster.engine.store import codec
from tests.cluster.engine.controllers.helpers import API, deployment, settle, stored

OUT_OF_SERVICE = {
    "key": "node.kubernetes.io/out-of-service",
    "value": "nodeshutdown",
    "effect": "NoExecute",
}


def running() -> tuple[Cluster, API, list[str]]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", deployment(replicas=3))
    settle(cluster)
    on_node_1 = [
        p["metadata"]["name"] for p in stored(cluster, "pods") if p["spec"]["nodeName"] == "node-1"
    ]
    return cluster, api, on_node_1


def names(cluster: Cluster) -> list[str]:
    return [p["metadata"]["name"] for p in stored(cluster, "pods")]


def last_stored(cluster: Cluster, name: str, since: int) -> dict:
    """The pod as etcd last held it before deleting it."""
    events = cluster.etcd.events_since(since, f"/registry/pods/default/{name}")
    return codec.decode(events[-1].kv.value)


def test_the_pods_of_a_deleted_node_are_failed_and_deleted_after_its_quarantine():
    cluster, api, on_node_1 = running()
    faults.node_down(cluster, "node-1")
    start = cluster.clock.now
    api.delete("nodes", "node-1", namespace="")
    (name,) = on_node_1
    revision = cluster.etcd.revision
    for _ in range(100_000):
        if name not in names(cluster):
            break
        cluster.step()
    last = last_stored(cluster, name, revision)
    assert last["status"]["phase"] == "Failed"
    target = next(c for c in last["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (target["reason"], target["message"]) == (
        "DeletionByPodGC",
        "PodGC: node no longer exists",
    )
    gone_after = cluster.clock.now - start
    assert 40_000 <= gone_after <= 80_000  # found within 20 s, then 40 s of quarantine


def test_terminating_pods_of_an_out_of_service_node_are_deleted_at_once():
    cluster, api, on_node_1 = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(cluster.clock.now + 70_000)
    (name,) = on_node_1
    api.delete("pods", name)
    cluster.advance_to(cluster.clock.now + 60_000)
    assert name in names(cluster)  # no kubelet to confirm it: Terminating for good
    api.patch("nodes", "node-1", {"spec": {"taints": [OUT_OF_SERVICE]}}, namespace="")
    cluster.advance_to(cluster.clock.now + 20_000)
    assert name not in names(cluster)


def test_a_node_that_is_only_silent_keeps_its_pods():
    cluster, _api, on_node_1 = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(cluster.clock.now + 200_000)
    assert set(on_node_1) <= set(names(cluster))
