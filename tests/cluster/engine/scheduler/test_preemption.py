import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.kubelet import NodeConfig
from cluster.engine.scheduler.plugins.defaultpreemption import pods_with_pdb_violation
from cluster.engine.scheduler.preemption import Candidate, pick_one_node
from cluster.engine.scheduler.types import PodInfo
from cluster.engine.store import codec
from tests.cluster.engine.scheduler.helpers import node_object, pod, pod_object

NOW = 1_767_225_700


def victim(name, priority, started=""):
    obj = pod_object(name, priority=priority)
    obj["status"]["startTime"] = started
    return PodInfo(obj)


@pytest.mark.parametrize(
    ("candidates", "chosen"),
    [
        pytest.param(
            [
                Candidate("a", (victim("x", 5),)),
                Candidate("b", (victim("y", 1),)),
            ],
            "b",
            id="the node whose most important victim matters least",
        ),
        pytest.param(
            [
                Candidate("a", (victim("x", 1), victim("y", 1))),
                Candidate("b", (victim("z", 1),)),
            ],
            "b",
            id="then the smallest sum of priorities",
        ),
        pytest.param(
            [
                Candidate("a", (victim("x", 1, "2026-01-01T00:00:10Z"),)),
                Candidate("b", (victim("y", 1, "2026-01-01T00:00:20Z"),)),
            ],
            "b",
            id="then the victims that started last",
        ),
        pytest.param(
            [Candidate("a", (victim("x", 1),)), Candidate("b", (victim("y", 1),))],
            "a",
            id="then the first",
        ),
    ],
)
def test_the_node_to_preempt_on(candidates, chosen):
    assert pick_one_node(candidates, NOW).node == chosen


def framework_with(node, *pods):
    cluster = Cluster(ClusterSpec(nodes=(NodeConfig("seed", "10.0.0.1"),)))
    scheduler = cluster.scheduler
    info = scheduler.cache.add_node(node)
    for p in pods:
        scheduler.cache.add_pod(p.bound_to(info.name))
    return scheduler.framework, info


def test_victims_are_given_back_most_important_first_while_the_pod_still_fits():
    # 2 cores: "low" (1) and "lower" (0.5) may go, "high" outranks the preemptor. Without
    # both, the pod fits; "low" back leaves no room, "lower" back does: only "low" goes.
    framework, node = framework_with(
        node_object("n1", cpu="2"),
        pod("low", cpu="1", priority=1),
        pod("lower", cpu="500m", priority=0),
        pod("high", cpu="500m", priority=200),
    )
    preemptor = pod("preemptor", cpu="1", priority=100)
    plugin = next(p for p in framework.post_filter_plugins if p.name == "DefaultPreemption")
    state: dict = {}
    framework.run_pre_filter(state, preemptor, [node])
    victims, violations, status = plugin.select_victims(state, preemptor, node.clone())
    assert status.ok
    assert ([v.name for v in victims], violations) == (["low"], 0)


def budget(name, allowed, disrupted=(), **selector):
    return {
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"selector": {"matchLabels": selector}},
        "status": {"disruptionsAllowed": allowed, "disruptedPods": dict.fromkeys(disrupted, "")},
    }


@pytest.mark.parametrize(
    ("budgets", "violating"),
    [
        pytest.param([], [], id="no budget"),
        pytest.param([budget("web", 1, app="web")], ["b"], id="the second goes over budget"),
        pytest.param([budget("web", 0, app="web")], ["a", "b"], id="none allowed"),
        pytest.param(
            [budget("web", 0, disrupted=("a",), app="web")], ["b"], id="already disrupted"
        ),
        pytest.param([budget("db", 0, app="db")], [], id="another app's budget"),
        pytest.param([{**budget("all", 0), "spec": {"selector": {}}}], [], id="an empty selector"),
    ],
)
def test_victims_whose_eviction_would_violate_a_budget(budgets, violating):
    pods = [pod(name, labels={"app": "web"}) for name in ("a", "b")] + [pod("bare")]
    found, others = pods_with_pdb_violation(pods, budgets)
    assert [p.name for p in found] == violating
    assert [p.name for p in others] == [p.name for p in pods if p.name not in violating]


def test_preemption_picks_the_node_whose_victims_no_budget_protects():
    cluster = Cluster()

    def create(resource, body):
        request = Request("create", resource, "default", body=body, credential=cluster.admin)
        response = cluster.handle(request)
        assert response.ok, response.body

    def filling(name, node="", priority_class=""):
        container = {"name": "c", "image": "nginx", "resources": {"requests": {"cpu": "1500m"}}}
        spec = {"containers": [container]}
        spec.update({"nodeName": node} if node else {"priorityClassName": priority_class})
        return {"metadata": {"name": name, "labels": {"app": name}}, "spec": spec}

    create("pods", filling("free", node="node-1"))
    create("pods", filling("guarded", node="node-2"))
    budget = {"minAvailable": 1, "selector": {"matchLabels": {"app": "guarded"}}}
    create("poddisruptionbudgets", {"metadata": {"name": "guarded"}, "spec": budget})
    create("priorityclasses", {"metadata": {"name": "high"}, "value": 1000})
    cluster.run_until_idle()
    create("pods", filling("important", priority_class="high"))
    cluster.run_until_idle()
    etcd = cluster.apiserver.etcd
    assert etcd.get("/registry/pods/default/free") is None
    assert etcd.get("/registry/pods/default/guarded") is not None
    important = codec.decode(etcd.get("/registry/pods/default/important").value)
    assert important["spec"]["nodeName"] == "node-1"
