import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.nodeunschedulable import NodeUnschedulable
from tests.cluster.engine.scheduler.helpers import node, node_object, pod, pod_object, toleration


@pytest.mark.parametrize(
    ("p", "n", "reasons"),
    [
        pytest.param(pod(), node(), (), id="a schedulable node takes the pod"),
        pytest.param(
            pod(),
            node(unschedulable=True),
            ("node(s) were unschedulable",),
            id="a cordoned node takes no pod",
        ),
        pytest.param(
            pod(tolerations=[toleration("node.kubernetes.io/unschedulable", effect="NoSchedule")]),
            node(unschedulable=True),
            (),
            id="a pod tolerating the unschedulable taint goes on a cordoned node",
        ),
    ],
)
def test_filter(p, n, reasons):
    status = NodeUnschedulable().filter({}, p, n)
    assert status.reasons == reasons
    assert status.code == (framework.UNRESOLVABLE if reasons else framework.SUCCESS)


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(None, node_object(), True, id="a schedulable node is added"),
        pytest.param(None, node_object(unschedulable=True), False, id="a cordoned node is added"),
        pytest.param(
            node_object(unschedulable=True), node_object(), True, id="a node is uncordoned"
        ),
        pytest.param(node_object(), node_object(), False, id="a node stays schedulable"),
    ],
)
def test_node_changes_worth_a_retry(old, new, queue):
    assert NodeUnschedulable().schedulable_after_node_change(pod(), old, new) is queue


def test_the_pod_itself_tolerating_unschedulable_is_worth_a_retry():
    tolerant = pod_object(
        tolerations=[toleration("node.kubernetes.io/unschedulable", effect="NoSchedule")]
    )
    plugin = NodeUnschedulable()
    assert plugin.schedulable_after_pod_toleration_change(pod(), pod_object(), tolerant)
    other = pod_object("other", tolerations=tolerant["spec"]["tolerations"])
    assert not plugin.schedulable_after_pod_toleration_change(pod(), pod_object("other"), other)
