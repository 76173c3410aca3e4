import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.kubelet import NodeConfig
from cluster.engine.scheduler.preemption import Candidate, pick_one_node
from cluster.engine.scheduler.types import PodInfo
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
