import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.tainttoleration import TaintToleration
from tests.cluster.engine.scheduler.helpers import node, pod, taint

CONTROL_PLANE = taint("node-role.kubernetes.io/control-plane")


@pytest.mark.parametrize(
    ("case", "p", "n", "code", "reasons"),
    [
        ("a node without taints takes any pod", pod(), node(), framework.SUCCESS, ()),
        (
            "a NoSchedule taint keeps out a pod that doesn't tolerate it",
            pod(),
            node(taints=[CONTROL_PLANE]),
            framework.UNRESOLVABLE,
            ("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",),
        ),
        (
            "a pod tolerating the key with Exists passes",
            pod(
                tolerations=[
                    {
                        "key": "node-role.kubernetes.io/control-plane",
                        "operator": "Exists",
                        "effect": "NoSchedule",
                    }
                ]
            ),
            node(taints=[CONTROL_PLANE]),
            framework.SUCCESS,
            (),
        ),
        (
            "an Equal toleration must match the value",
            pod(tolerations=[{"key": "gpu", "value": "no", "effect": "NoSchedule"}]),
            node(taints=[taint("gpu", "yes")]),
            framework.UNRESOLVABLE,
            ("node(s) had untolerated taint {gpu: yes}",),
        ),
        (
            "PreferNoSchedule never filters",
            pod(),
            node(taints=[taint("slow", effect="PreferNoSchedule")]),
            framework.SUCCESS,
            (),
        ),
    ],
)
def test_filter(case, p, n, code, reasons):
    status = TaintToleration().filter({}, p, n)
    assert (status.code, status.reasons) == (code, reasons), case


def test_the_more_intolerable_prefer_no_schedule_taints_a_node_has_the_lower_its_score():
    plugin = TaintToleration()
    nodes = {
        "clean": node("clean"),
        "one": node("one", taints=[taint("a", effect="PreferNoSchedule")]),
        "two": node(
            "two",
            taints=[taint("a", effect="PreferNoSchedule"), taint("b", effect="PreferNoSchedule")],
        ),
    }
    scores = {name: plugin.score({}, pod(), info) for name, info in nodes.items()}
    plugin.normalize_scores({}, pod(), scores)
    assert scores == {"clean": 100, "one": 50, "two": 0}
