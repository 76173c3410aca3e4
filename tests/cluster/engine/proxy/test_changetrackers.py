"""What kube-proxy keeps of Services and EndpointSlices between syncs: the ports and the
endpoints, and whether a change makes a difference that asks for a sync."""

from __future__ import annotations

import copy

from cluster.engine.proxy.endpointschangetracker import EndpointsChangeTracker
from cluster.engine.proxy.servicechangetracker import ServiceChangeTracker
from cluster.engine.proxy.serviceport import ServicePortName, service_ports
from tests.cluster.engine.proxy.helpers import NODE, endpoint, endpoint_slice, port, service

WEB = service(
    "web",
    "10.96.0.20",
    port("http", 80, nodePort=30080),
    port("", 53, "UDP"),
    type="NodePort",
    sessionAffinity="ClientIP",
    sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}},
)


def test_a_service_port_is_named_as_kube_proxy_prints_it():
    ports = service_ports(WEB)
    assert sorted(str(name) for name in ports) == ["ns1/web", "ns1/web:http"]
    http = ports[ServicePortName("ns1", "web", "http", "TCP")]
    assert (http.name, http.cluster_ip, http.port, http.node_port) == (
        "ns1/web:http",
        "10.96.0.20",
        80,
        30080,
    )
    assert (http.sticky_max_age_s, http.externally_accessible) == (60, True)


def test_a_change_that_leaves_the_ports_as_they_were_asks_for_no_sync():
    tracker = ServiceChangeTracker()
    assert tracker.update(None, WEB)
    ports: dict = {}
    tracker.apply(ports)
    labelled = copy.deepcopy(WEB)
    labelled["metadata"]["labels"] = {"tier": "front"}
    assert not tracker.update(WEB, labelled)
    moved = copy.deepcopy(labelled)
    moved["spec"]["ports"][0]["port"] = 8080
    assert tracker.update(labelled, moved)
    assert not tracker.update(moved, labelled)  # changed back before a sync: nothing to do
    tracker.apply(ports)
    assert [p.port for p in ports.values()] == [80, 53]


def test_a_deleted_service_takes_its_ports_away():
    tracker = ServiceChangeTracker()
    ports: dict = {}
    tracker.update(None, WEB)
    tracker.apply(ports)
    assert tracker.update(WEB, None)
    tracker.apply(ports)
    assert ports == {}


def test_an_endpoint_moving_between_slices_is_never_lost():
    tracker = EndpointsChangeTracker(NODE)
    first = endpoint_slice("web", [endpoint("10.244.1.1", NODE)], ("http", 8080, "TCP"))
    second = endpoint_slice("web", [], ("http", 8080, "TCP"), suffix="2")
    endpoints: dict = {}
    for slice_ in (first, second):
        assert tracker.endpoint_slice_update(slice_, remove=False)
    tracker.apply(endpoints)
    moved = copy.deepcopy(second)
    moved["endpoints"] = first["endpoints"]
    emptied = copy.deepcopy(first)
    emptied["endpoints"] = []
    tracker.endpoint_slice_update(moved, remove=False)
    tracker.apply(endpoints)
    tracker.endpoint_slice_update(emptied, remove=False)
    tracker.apply(endpoints)
    [found] = endpoints[ServicePortName("ns1", "web", "http", "TCP")]
    assert (str(found), found.node, found.is_local) == ("10.244.1.1:8080", NODE, True)


def test_slice_changes_that_need_no_sync():
    tracker = EndpointsChangeTracker(NODE)
    slice_ = endpoint_slice("web", [endpoint("10.244.1.1")], ("http", 8080, "TCP"))
    headless_of_nobody = copy.deepcopy(slice_)
    headless_of_nobody["metadata"]["labels"] = {}
    ipv6 = {**copy.deepcopy(slice_), "addressType": "IPv6"}
    assert not tracker.endpoint_slice_update(slice_, remove=True)  # never seen
    assert not tracker.endpoint_slice_update(headless_of_nobody, remove=False)
    assert not tracker.endpoint_slice_update(ipv6, remove=False)
    assert tracker.endpoint_slice_update(slice_, remove=False)
    assert not tracker.endpoint_slice_update(copy.deepcopy(slice_), remove=False)
