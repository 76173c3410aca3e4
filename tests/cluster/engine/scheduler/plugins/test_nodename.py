import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.nodename import NodeName
from tests.cluster.engine.scheduler.helpers import node, pod


@pytest.mark.parametrize(
    ("p", "n", "reasons"),
    [
        pytest.param(pod(), node("n1"), (), id="a pod naming no node fits any"),
        pytest.param(pod(node_name="n1"), node("n1"), (), id="a pod fits the node it names"),
        pytest.param(
            pod(node_name="n2"),
            node("n1"),
            ("node(s) didn't match the requested node name",),
            id="a pod doesn't fit another node",
        ),
    ],
)
def test_filter(p, n, reasons):
    plugin = NodeName()
    status = plugin.filter({}, p, n)
    assert status.reasons == reasons
    assert status.code == (framework.UNRESOLVABLE if reasons else framework.SUCCESS)
    assert plugin.filter_nodes({}, p, [n]) == [status]
