import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.noderesources import BalancedAllocation, Fit
from tests.cluster.engine.scheduler.helpers import node, pod, with_pods


@pytest.mark.parametrize(
    ("case", "p", "n", "reasons"),
    [
        ("a pod without requests fits an empty node", pod(), node(), ()),
        (
            "a request within what is left fits",
            pod(cpu="500m"),
            with_pods(node(cpu="1"), pod(cpu="500m")),
            (),
        ),
        (
            "a cpu request over what is left does not fit",
            pod(cpu="600m"),
            with_pods(node(cpu="1"), pod(cpu="500m")),
            ("Insufficient cpu",),
        ),
        (
            "cpu and memory both short give both reasons",
            pod(cpu="3", memory="5Gi"),
            node(),
            ("Insufficient cpu", "Insufficient memory"),
        ),
        (
            "a full node has too many pods",
            pod(),
            with_pods(node(pods="1"), pod()),
            ("Too many pods",),
        ),
    ],
)
def test_fit_filter(case, p, n, reasons):
    status = Fit().filter({}, p, n)
    assert status.reasons == reasons, case
    assert status.ok == (not reasons)
    if reasons:
        assert status.code == framework.UNSCHEDULABLE


def test_least_allocated_prefers_the_emptier_node():
    empty, busy = node("empty"), with_pods(node("busy"), pod(cpu="1", memory="2Gi"))
    fit = Fit()
    assert fit.score({}, pod(cpu="100m"), empty) > fit.score({}, pod(cpu="100m"), busy)


def test_balanced_allocation_prefers_cpu_and_memory_used_alike():
    balanced = with_pods(node("balanced"), pod(cpu="1", memory="2Gi"))
    lopsided = with_pods(node("lopsided"), pod(cpu="1900m", memory="200Mi"))
    plugin = BalancedAllocation()
    assert plugin.score({}, pod(), balanced) > plugin.score({}, pod(), lopsided)
