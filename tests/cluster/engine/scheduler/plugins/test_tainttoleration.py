import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.tainttoleration import TaintToleration
from tests.cluster.engine.scheduler.helpers import node, node_object, pod, taint, toleration

CONTROL_PLANE = taint("node-role.kubernetes.io/control-plane")


@pytest.mark.parametrize(
    ("p", "n", "code", "reasons"),
    [
        pytest.param(
            pod(), node(), framework.SUCCESS, (), id="a node without taints takes any pod"
        ),
        pytest.param(
            pod(),
            node(taints=[CONTROL_PLANE]),
            framework.UNRESOLVABLE,
            ("node(s) had untolerated taint(s)",),
            id="a NoSchedule taint keeps out a pod that doesn't tolerate it",
        ),
        pytest.param(
            pod(
                tolerations=[
                    toleration("node-role.kubernetes.io/control-plane", effect="NoSchedule")
                ]
            ),
            node(taints=[CONTROL_PLANE]),
            framework.SUCCESS,
            (),
            id="a pod tolerating the key with Exists passes",
        ),
        pytest.param(
            pod(tolerations=[{"key": "gpu", "value": "no", "effect": "NoSchedule"}]),
            node(taints=[taint("gpu", "yes")]),
            framework.UNRESOLVABLE,
            ("node(s) had untolerated taint(s)",),
            id="an Equal toleration must match the value",
        ),
        pytest.param(
            pod(tolerations=[toleration()]),
            node(taints=[taint("a"), taint("b", effect="NoExecute")]),
            framework.SUCCESS,
            (),
            id="an empty key with Exists tolerates every taint",
        ),
        pytest.param(
            pod(tolerations=[toleration("gpu", effect="NoExecute")]),
            node(taints=[taint("gpu")]),
            framework.UNRESOLVABLE,
            ("node(s) had untolerated taint(s)",),
            id="a toleration for another effect doesn't tolerate",
        ),
        pytest.param(
            pod(),
            node(taints=[taint("slow", effect="PreferNoSchedule")]),
            framework.SUCCESS,
            (),
            id="PreferNoSchedule never filters",
        ),
    ],
)
def test_filter(p, n, code, reasons):
    status = TaintToleration().filter({}, p, n)
    assert (status.code, status.reasons) == (code, reasons)
    assert TaintToleration().filter_nodes({}, p, [n]) == [status]


def test_the_more_intolerable_prefer_no_schedule_taints_a_node_has_the_lower_its_score():
    plugin, p, state = TaintToleration(), pod(), {}
    nodes = [
        node("clean"),
        node("one", taints=[taint("a", effect="PreferNoSchedule")]),
        node(
            "two",
            taints=[taint("a", effect="PreferNoSchedule"), taint("b", effect="PreferNoSchedule")],
        ),
    ]
    plugin.pre_score(state, p, nodes)
    scores = plugin.score_nodes(state, p, nodes)
    assert scores == [0, 1, 2]
    plugin.normalize_score(state, p, nodes, scores)
    assert scores == [100, 50, 0]


def test_a_toleration_without_effect_counts_when_scoring():
    plugin, p, state = TaintToleration(), pod(tolerations=[toleration("a")]), {}
    n = node(taints=[taint("a", effect="PreferNoSchedule")])
    plugin.pre_score(state, p, [n])
    assert plugin.score(state, p, n) == 0


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(None, node_object(), True, id="a new node without taints may help"),
        pytest.param(
            None, node_object(taints=[taint("x")]), False, id="a new tainted node doesn't"
        ),
        pytest.param(
            node_object(taints=[taint("x")]),
            node_object(),
            True,
            id="removing the only untolerated taint may help",
        ),
        pytest.param(
            node_object(),
            node_object(taints=[taint("x")]),
            False,
            id="adding a taint doesn't",
        ),
    ],
)
def test_node_changes_worth_a_retry(old, new, queue):
    assert TaintToleration().schedulable_after_node_change(pod(), old, new) is queue
