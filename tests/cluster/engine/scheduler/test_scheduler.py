from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl

BIG = {
    "metadata": {"name": "big"},
    "spec": {
        "containers": [{"name": "c", "image": "nginx", "resources": {"requests": {"cpu": "3"}}}]
    },
}


def test_a_pod_that_fits_nowhere_says_why_in_kubernetes_words():
    cluster = Cluster()
    response = cluster.handle(
        Request("create", "pods", "default", body=BIG, credential=cluster.admin)
    )
    assert response.code == 201
    cluster.run_until_idle()
    pod = cluster.handle(Request("get", "pods", "default", "big", credential=cluster.admin)).body
    condition = pod["status"]["conditions"][0]
    assert (condition["type"], condition["status"], condition["reason"]) == (
        "PodScheduled",
        "False",
        "Unschedulable",
    )
    assert condition["message"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes "
        "are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims "
        "found for incoming pod."
    )
    decision = cluster.scheduler.decisions["default/big"]
    assert decision.node is None
    assert decision.filtered["node-1"].plugin == "NodeResourcesFit"
    assert decision.filtered["control-plane"].plugin == "TaintToleration"


def test_every_decision_keeps_each_plugins_score_per_node():
    cluster = Cluster()
    kubectl(["run", "web", "--image=nginx"], cluster.handle, cluster.admin)
    cluster.run_until_idle()
    decision = cluster.scheduler.decisions["default/web"]
    assert decision.node in ("node-1", "node-2")
    assert set(decision.scores) == {"node-1", "node-2"}
    assert set(decision.scores["node-1"]) == {
        "TaintToleration",
        "NodeResourcesFit",
        "NodeResourcesBalancedAllocation",
    }
