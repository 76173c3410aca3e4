import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.nodeports import NodePorts
from tests.cluster.engine.scheduler.helpers import node, pod, pod_object, with_pods

CONFLICT = ("node(s) didn't have free ports for the requested pod ports",)


def with_host_ip(name, ip, port):
    obj = pod_object(name, host_ports=[port])
    obj["spec"]["containers"][0]["ports"][0]["hostIP"] = ip
    from cluster.engine.scheduler.types import PodInfo

    return PodInfo(obj)


@pytest.mark.parametrize(
    ("p", "n", "reasons"),
    [
        pytest.param(pod(host_ports=[8080]), node(), (), id="a free host port fits"),
        pytest.param(
            pod(host_ports=[8080]),
            with_pods(node(), pod("a", host_ports=[8080])),
            CONFLICT,
            id="a host port another pod holds doesn't",
        ),
        pytest.param(
            pod(host_ports=[8080]),
            with_pods(node(), pod("a", host_ports=[9090])),
            (),
            id="another port is no conflict",
        ),
        pytest.param(
            with_host_ip("p", "10.0.0.1", 8080),
            with_pods(node(), with_host_ip("a", "10.0.0.2", 8080)),
            (),
            id="the same port on another host IP is no conflict",
        ),
        pytest.param(
            with_host_ip("p", "10.0.0.1", 8080),
            with_pods(node(), pod("a", host_ports=[8080])),
            CONFLICT,
            id="a port held on every IP clashes with one IP",
        ),
        pytest.param(
            pod(host_ports=[8080]),
            with_pods(node(), with_host_ip("a", "10.0.0.2", 8080)),
            CONFLICT,
            id="a port wanted on every IP clashes with one held on one IP",
        ),
    ],
)
def test_filter(p, n, reasons):
    plugin, state = NodePorts(), {}
    _, pre = plugin.pre_filter(state, p, [n])
    assert pre.ok
    status = plugin.filter(state, p, n)
    assert status.reasons == reasons
    assert status.code == (framework.UNSCHEDULABLE if reasons else framework.SUCCESS)


def test_a_pod_without_host_ports_skips_the_filter():
    assert NodePorts().pre_filter({}, pod(), [])[1].code == framework.SKIP


def test_a_removed_pod_holding_the_port_is_worth_a_retry():
    plugin, p = NodePorts(), pod(host_ports=[8080])
    holder = pod_object("a", host_ports=[8080], node_name="n1")
    assert plugin.schedulable_after_pod_deleted(p, holder, None)
    other = pod_object("b", host_ports=[9090], node_name="n1")
    assert not plugin.schedulable_after_pod_deleted(p, other, None)
    assert not plugin.schedulable_after_pod_deleted(p, pod_object("c", host_ports=[8080]), None)
