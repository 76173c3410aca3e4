"""The taint eviction controller: pods of a NoExecute-tainted node are deleted after their
tolerationSeconds, at once if they do not tolerate the taint, and spared if it goes away."""

from cluster.engine import faults
from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, pod, settle

TAINTED_AT = 65_100  # node-1 silent from 5 s: Unknown at 60 s, NoExecute on the next pass


def running() -> tuple[Cluster, API, list[str]]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", deployment(replicas=2))
    settle(cluster)
    on_node_1 = [
        p["metadata"]["name"] for p in api.items("pods") if p["spec"]["nodeName"] == "node-1"
    ]
    return cluster, api, on_node_1


def recorded(message: str, names: list[str]) -> list[tuple[str, str, str]]:
    """The events the controller records about these pods of "default"."""
    return [
        ("TaintManagerEviction", message.format(f"default/{name}"), "taint-eviction-controller")
        for name in names
    ]


def evictions(api: API) -> list[tuple[str, str, str]]:
    return [e for e in api.events("Pod") if e[0] == "TaintManagerEviction"]


def test_pods_of_an_unreachable_node_are_deleted_after_their_300_seconds():
    cluster, api, on_node_1 = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(TAINTED_AT + 299_999)
    assert evictions(api) == []
    cluster.advance_to(TAINTED_AT + 300_000)
    assert evictions(api) == recorded("Marking for deletion Pod {}", on_node_1)
    for name in on_node_1:
        evicted = api.get("pods", name)
        assert evicted["metadata"]["deletionTimestamp"]
        target = next(c for c in evicted["status"]["conditions"] if c["type"] == "DisruptionTarget")
        assert target == {
            "type": "DisruptionTarget",
            "status": "True",
            "observedGeneration": 1,  # the generation before the deletion bumped it
            "reason": "DeletionByTaintManager",
            "message": "Taint manager: deleting due to NoExecute taint",
            "lastProbeTime": None,
            "lastTransitionTime": "2026-01-01T00:06:05Z",
        }


def dedicate(api: API, node: str) -> None:
    """kubectl taint node NODE dedicated=db:NoExecute"""
    taint = {"key": "dedicated", "value": "db", "effect": "NoExecute"}
    api.patch("nodes", node, {"spec": {"taints": [taint]}}, namespace="")


def test_pods_that_do_not_tolerate_a_no_execute_taint_go_at_once():
    cluster, api, on_node_1 = running()
    dedicate(api, "node-1")
    settle(cluster)
    assert evictions(api) == recorded("Marking for deletion Pod {}", on_node_1)


def test_a_pod_goes_after_the_shortest_toleration_seconds_of_the_taints_it_tolerates():
    cluster, api, _ = running()
    patient = pod("patient")
    patient["spec"]["nodeName"] = "node-1"
    patient["spec"]["tolerations"] = [
        {
            "key": "dedicated",
            "operator": "Equal",
            "value": "db",
            "effect": "NoExecute",
            "tolerationSeconds": 60,
        }
    ]
    api.create("pods", patient)
    settle(cluster)
    start = cluster.clock.now
    dedicate(api, "node-1")
    cluster.advance_to(start + 59_999)
    assert not any("patient" in e[1] for e in evictions(api))
    cluster.advance_to(start + 60_000)
    assert any(e[1] == "Marking for deletion Pod default/patient" for e in evictions(api))


def test_a_pod_tolerating_the_taint_forever_stays():
    cluster, api, _ = running()
    forever = pod("forever")
    forever["spec"]["nodeName"] = "node-1"
    forever["spec"]["tolerations"] = [{"operator": "Exists"}]
    api.create("pods", forever)
    faults.node_down(cluster, "node-1")
    cluster.advance_to(TAINTED_AT + 400_000)
    assert not any("forever" in e[1] for e in evictions(api))


def test_the_deletion_is_cancelled_when_the_node_comes_back():
    cluster, api, on_node_1 = running()
    faults.node_down(cluster, "node-1")
    cluster.advance_to(TAINTED_AT + 10_000)
    faults.node_up(cluster, "node-1")
    cluster.advance_to(TAINTED_AT + 400_000)
    assert evictions(api) == recorded("Cancelling deletion of Pod {}", on_node_1)
    assert all(not api.get("pods", name)["metadata"].get("deletionTimestamp") for name in on_node_1)
