"""The kubelet's admission of the pods bound to its node (lifecycle/predicate.go): the
reason and message of a rejection, and what a rejected pod looks like."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.node import admission
from tests.cluster.engine.scheduler.helpers import node, pod, pod_object, taint, with_pods

from .helpers import cluster_with, container, events, kubelet
from .helpers import pod as get_pod

CPU_1500M = {"requests": {"cpu": "1500m"}}
CPU = "Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000"


@pytest.mark.parametrize(
    ("incoming", "on", "verdict"),
    [
        pytest.param(pod("a", cpu="1"), node("n1"), None, id="room enough: admitted"),
        pytest.param(
            pod("a", cpu="1500m"),
            with_pods(node("n1"), pod("b", cpu="1")),
            ("OutOfcpu", CPU),
            id="cpu the pods admitted before hold",
        ),
        pytest.param(
            pod("a", memory="5Gi"),
            node("n1"),
            (
                "OutOfmemory",
                "Node didn't have enough resource: memory, requested: 5368709120, used: 0, "
                "capacity: 4294967296",
            ),
            id="memory",
        ),
        pytest.param(
            pod("a", cpu="3"),
            with_pods(node("n1", pods="1"), pod("b")),
            ("OutOfpods", "Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1"),
            id="the pods come first",
        ),
        pytest.param(
            pod("a", extra={"example.com/gpu": "1"}), node("n1"), None,
            id="an extended resource the node doesn't know is not counted",
        ),
        pytest.param(
            pod("a", node_selector={"disk": "ssd"}),
            node("n1"),
            ("NodeAffinity", "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"),
            id="node selector",
        ),
        pytest.param(
            pod("a", host_ports=[80]),
            with_pods(node("n1"), pod("b", host_ports=[80])),
            ("NodePorts", "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports"),
            id="host port",
        ),
        pytest.param(
            pod("a"), node("n1", taints=[taint("k", effect="NoSchedule")]), None,
            id="NoSchedule taints are the scheduler's business",
        ),
        pytest.param(
            pod("a"),
            node("n1", taints=[taint("k", effect="NoExecute")]),
            ("TaintToleration", "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate"),
            id="an untolerated NoExecute taint",
        ),
    ],
)  # fmt: skip
def test_admission_rejects_with_the_first_failure(incoming, on, verdict):
    assert admission.admit(incoming, on) == verdict


def test_what_admission_keeps_of_pods_that_ask_the_same_is_held_once():
    first, second = (admission.accounted(pod_object(name, cpu="100m")) for name in ("a", "b"))
    assert (first.name, second.name) == ("a", "b")
    assert first.pod["spec"] is second.pod["spec"]
    assert first.requests.milli_cpu == second.requests.milli_cpu == 100
    other = admission.accounted(pod_object("c", cpu="200m"))
    assert other.pod["spec"] is not first.pod["spec"]


def test_a_pod_bound_by_hand_to_a_node_without_room_is_rejected():
    big = container("app", resources={"requests": {"cpu": "3"}})
    cluster = cluster_with(big)
    cluster.advance_to(cluster.clock.now + 5_000)
    rejected = get_pod(cluster)
    message = "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"
    assert rejected["status"] == {
        "phase": "Failed",
        "qosClass": "Burstable",
        "observedGeneration": 1,
        "reason": "OutOfcpu",
        "message": f"Pod was rejected: {message}",
        "startTime": rejected["status"]["startTime"],
    }
    assert events(cluster) == [("Warning", "OutOfcpu", message, 1)]
    assert "default/p" not in kubelet(cluster).workers
    fits = {
        "metadata": {"name": "q"},
        "spec": {"nodeName": "node-1", "containers": [container("app", resources=CPU_1500M)]},
    }
    cluster.handle(Request("create", "pods", "default", body=fits, credential=cluster.admin))
    cluster.advance_to(cluster.clock.now + 5_000)
    assert get_pod(cluster, "q")["status"]["phase"] == "Running"  # the rejected one holds nothing
    cluster.handle(Request("delete", "pods", "default", "p", credential=cluster.admin))
    cluster.advance_to(cluster.clock.now + 5_000)
    assert get_pod(cluster) is None
