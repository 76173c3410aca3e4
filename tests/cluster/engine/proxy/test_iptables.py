"""The iptables proxier's decisions, as upstream's packet flow tests check them
(pkg/proxy/iptables/proxier_test.go): a packet from a source to an IP and port, and where
its rules send it: an endpoint (every one a random choice may give), REJECT, DROP, or
nowhere ("")."""

from __future__ import annotations

import copy

import pytest

from cluster.engine.clock import Clock
from cluster.engine.proxy.netfilter import Reject, chain_name
from tests.cluster.engine.proxy.helpers import (
    EXTERNAL_CLIENT,
    NODE,
    NODE_IP,
    POD,
    endpoint,
    endpoint_slice,
    port,
    proxier,
    service,
    trace,
)

LB_IP = "1.2.3.4"
EXTERNAL_IP = "192.168.99.11"


def test_chain_names_are_kube_proxy_s_hashes():
    assert chain_name("KUBE-SVC-", "ns1/svc1:p80", "tcp") == "KUBE-SVC-XPGD46QRK7WJZT7O"
    assert (
        chain_name("KUBE-SEP-", "ns1/svc1:p80", "tcp", "10.180.0.1:80")
        == "KUBE-SEP-SXIVWICOYRO3J4NJ"
    )


CLUSTER_IP_GENERAL = (
    service("svc1", "172.30.0.41", port("http", 80)),
    service(
        "svc2",
        "172.30.0.42",
        port("http", 80),
        port("https", 443),
        port("dns-udp", 53, "UDP"),
        port("dns-tcp", 53),
        port("dns-sctp", 53, "SCTP"),
    ),
    endpoint_slice("svc1", [endpoint("10.244.0.1", NODE)], ("http", 80, "TCP")),
    endpoint_slice(
        "svc2",
        [endpoint("10.244.0.1", NODE), endpoint("10.244.2.1", "node2")],
        ("http", 80, "TCP"),
        ("https", 8443, "TCP"),
        ("dns-udp", 53, "UDP"),
        ("dns-tcp", 5353, "TCP"),
        ("dns-sctp", 53, "SCTP"),
    ),
)


@pytest.mark.parametrize(
    ("source", "ip", "dport", "protocol", "output"),
    [
        pytest.param(POD, "172.30.0.41", 80, "TCP", "10.244.0.1:80", id="simple clusterIP"),
        pytest.param(
            "10.244.0.1", "172.30.0.41", 80, "TCP", "10.244.0.1:80", id="hairpin to cluster IP"
        ),
        pytest.param(
            POD,
            "172.30.0.42",
            80,
            "TCP",
            "10.244.0.1:80, 10.244.2.1:80",
            id="clusterIP with multiple endpoints",
        ),
        pytest.param(
            POD,
            "172.30.0.42",
            443,
            "TCP",
            "10.244.0.1:8443, 10.244.2.1:8443",
            id="clusterIP with TargetPort",
        ),
        pytest.param(
            POD, "172.30.0.42", 53, "TCP", "10.244.0.1:5353, 10.244.2.1:5353", id="TCP on 53"
        ),
        pytest.param(POD, "172.30.0.42", 53, "UDP", "10.244.0.1:53, 10.244.2.1:53", id="UDP"),
        pytest.param(POD, "172.30.0.42", 53, "SCTP", "10.244.0.1:53, 10.244.2.1:53", id="SCTP"),
        pytest.param(POD, "172.30.0.42", 80, "UDP", "", id="TCP-only port does not match UDP"),
        pytest.param(POD, "172.30.0.41", 443, "TCP", "", id="svc1 does not accept svc2's ports"),
    ],
)
def test_cluster_ip_general(source, ip, dport, protocol, output):
    assert trace(proxier(*CLUSTER_IP_GENERAL), source, ip, dport, protocol) == output


def test_a_forward_names_the_service_port_and_the_endpoint_s_node():
    found = proxier(*CLUSTER_IP_GENERAL).route("TCP", "172.30.0.41", 80, POD)
    assert (found.service, found.ip, found.port, found.node) == (
        "ns1/svc1:http",
        "10.244.0.1",
        80,
        NODE,
    )


def test_whoever_listens_is_told_once_the_new_rules_are_in_place():
    found = proxier(*CLUSTER_IP_GENERAL)
    seen: list[object] = []

    def synced() -> None:
        seen.append(found.route("TCP", "172.30.0.41", 80, POD))

    found.on_sync = synced
    found.on_service_update(CLUSTER_IP_GENERAL[0], None)
    assert seen == []  # not until the sync
    found.sync_proxy_rules()
    assert seen == [None]  # the Service is gone


NO_ENDPOINTS = service(
    "svc1",
    "172.30.0.41",
    port("p80", 80, nodePort=3001),
    type="LoadBalancer",
    externalIPs=[EXTERNAL_IP],
    status={"loadBalancer": {"ingress": [{"ip": LB_IP}]}},
)


@pytest.mark.parametrize(
    ("source", "ip", "dport"),
    [
        pytest.param(POD, "172.30.0.41", 80, id="pod to cluster IP"),
        pytest.param(EXTERNAL_CLIENT, EXTERNAL_IP, 80, id="external to external IP"),
        pytest.param(POD, NODE_IP, 3001, id="pod to NodePort"),
        pytest.param(EXTERNAL_CLIENT, NODE_IP, 3001, id="external to NodePort"),
        pytest.param(POD, LB_IP, 80, id="pod to LoadBalancer IP"),
        pytest.param(EXTERNAL_CLIENT, LB_IP, 80, id="external to LoadBalancer IP"),
    ],
)
def test_a_service_with_no_endpoints_rejects_every_way_in(source, ip, dport):
    found = proxier(NO_ENDPOINTS).route("TCP", ip, dport, source)
    assert found == Reject("ns1/svc1:p80", "has no endpoints")


def test_a_node_port_is_another_node_s_to_match():
    assert trace(proxier(NO_ENDPOINTS), POD, "192.168.0.3", 3001) == ""


def etp_local(*endpoints: dict) -> tuple[dict, ...]:
    return (
        service(
            "svc1",
            "172.30.0.41",
            port("p80", 80, nodePort=3001),
            type="LoadBalancer",
            externalTrafficPolicy="Local",
            externalIPs=[EXTERNAL_IP],
            status={"loadBalancer": {"ingress": [{"ip": LB_IP}]}},
        ),
        endpoint_slice("svc1", list(endpoints), ("p80", 80, "TCP")),
    )


BOTH = "10.244.1.1:80, 10.244.2.1:80"


@pytest.mark.parametrize(
    ("source", "ip", "dport", "output"),
    [
        pytest.param(POD, "172.30.0.41", 80, BOTH, id="pod to cluster IP hits both"),
        pytest.param(POD, EXTERNAL_IP, 80, BOTH, id="pod to external IP hits both"),
        pytest.param(
            EXTERNAL_CLIENT, EXTERNAL_IP, 80, "10.244.2.1:80", id="external to external IP"
        ),
        pytest.param(POD, LB_IP, 80, BOTH, id="pod to LB IP hits both"),
        pytest.param(EXTERNAL_CLIENT, LB_IP, 80, "10.244.2.1:80", id="external to LB IP"),
        pytest.param(POD, NODE_IP, 3001, BOTH, id="pod to NodePort hits both"),
        pytest.param(NODE_IP, NODE_IP, 3001, BOTH, id="the node to its NodePort hits both"),
        pytest.param(EXTERNAL_CLIENT, NODE_IP, 3001, "10.244.2.1:80", id="external to NodePort"),
    ],
)
def test_external_traffic_policy_local(source, ip, dport, output):
    found = proxier(*etp_local(endpoint("10.244.1.1"), endpoint("10.244.2.1", NODE)))
    assert trace(found, source, ip, dport) == output


@pytest.mark.parametrize(
    ("source", "ip", "dport", "output"),
    [
        pytest.param(POD, "172.30.0.41", 80, "10.244.1.1:80", id="pod to cluster IP"),
        pytest.param(POD, NODE_IP, 3001, "10.244.1.1:80", id="pod to NodePort short-circuits"),
        pytest.param(EXTERNAL_CLIENT, NODE_IP, 3001, "DROP", id="external to NodePort"),
        pytest.param(EXTERNAL_CLIENT, EXTERNAL_IP, 80, "DROP", id="external to external IP"),
        pytest.param(EXTERNAL_CLIENT, LB_IP, 80, "DROP", id="external to LB IP"),
    ],
)
def test_external_traffic_policy_local_without_a_local_endpoint(source, ip, dport, output):
    found = proxier(*etp_local(endpoint("10.244.1.1", "node1")))
    assert trace(found, source, ip, dport) == output


def test_what_external_traffic_policy_local_drops_it_drops_for_want_of_local_endpoints():
    found = proxier(*etp_local(endpoint("10.244.1.1", "node1")))
    assert found.route("TCP", NODE_IP, 3001, EXTERNAL_CLIENT) == Reject(
        "ns1/svc1:p80", "has no local endpoints", drop=True
    )


def test_external_traffic_policy_cluster_sends_anyone_anywhere():
    objects = (
        service("svc1", "172.30.0.41", port("p80", 80, nodePort=3001), type="NodePort"),
        endpoint_slice(
            "svc1", [endpoint("10.244.1.1", "node1"), endpoint("10.244.2.1")], ("p80", 80, "TCP")
        ),
    )
    assert trace(proxier(*objects), EXTERNAL_CLIENT, NODE_IP, 3001) == BOTH


@pytest.mark.parametrize(
    ("policy", "nodes", "output"),
    [
        pytest.param(
            "Cluster",
            (NODE, "node1", "node2"),
            "10.244.1.1:80, 10.244.1.2:80, 10.244.1.3:80",
            id="cluster",
        ),
        pytest.param("Local", (NODE, "node1", "node2"), "10.244.1.1:80", id="one local"),
        pytest.param(
            "Local", (NODE, NODE, "node2"), "10.244.1.1:80, 10.244.1.2:80", id="two local"
        ),
        pytest.param("Local", ("node0", "node1", "node2"), "DROP", id="no local endpoints"),
    ],
)
def test_internal_traffic_policy(policy, nodes, output):
    slice_ = endpoint_slice(
        "svc1",
        [endpoint(f"10.244.1.{i}", node, ready=True) for i, node in enumerate(nodes, 1)],
        ("", 80, "TCP"),
    )
    svc = service("svc1", "172.30.1.1", port("", 80), internalTrafficPolicy=policy)
    found = proxier(svc, slice_)
    assert trace(found, POD, "172.30.1.1", 80) == output
    found.on_endpoint_slice_update(slice_, remove=True)
    found.sync_proxy_rules()
    assert found.route("TCP", "172.30.1.1", 80, POD) == Reject("ns1/svc1", "has no endpoints")


def conditions(ready: bool, serving: bool, terminating: bool) -> dict:
    return {"ready": ready, "serving": serving, "terminating": terminating}


READY = conditions(True, True, False)
SERVING_TERMINATING = conditions(False, True, True)
TERMINATING = conditions(False, False, True)


@pytest.mark.parametrize(
    ("policy", "endpoints", "output"),
    [
        pytest.param(
            "Cluster",
            [("10.244.1.1", NODE, READY), ("10.244.1.2", "node2", SERVING_TERMINATING)],
            "10.244.1.1:80",
            id="ready endpoints only, when there are",
        ),
        pytest.param(
            "Cluster",
            [("10.244.1.1", NODE, TERMINATING), ("10.244.1.2", "node2", SERVING_TERMINATING)],
            "10.244.1.2:80",
            id="else serving terminating ones",
        ),
        pytest.param(
            "Cluster",
            [("10.244.1.1", NODE, TERMINATING)],
            "REJECT",
            id="never ones that no longer serve",
        ),
        pytest.param(
            "Local",
            [("10.244.1.1", NODE, SERVING_TERMINATING), ("10.244.1.2", "node2", READY)],
            "10.244.1.1:80",
            id="local: a serving terminating local one before a ready remote one",
        ),
        pytest.param(
            "Local",
            [("10.244.1.1", NODE, TERMINATING), ("10.244.1.2", "node2", READY)],
            "DROP",
            id="local: none local that serves",
        ),
    ],
)
def test_terminating_endpoints(policy, endpoints, output):
    slice_ = endpoint_slice(
        "svc1", [endpoint(ip, node, **c) for ip, node, c in endpoints], ("", 80, "TCP")
    )
    svc = service("svc1", "172.30.1.1", port("", 80), internalTrafficPolicy=policy)
    assert trace(proxier(svc, slice_), POD, "172.30.1.1", 80) == output


def test_a_load_balancer_s_source_ranges_let_in_their_clients_only():
    objects = (
        service(
            "svc5",
            "172.30.0.45",
            port("p80", 80, nodePort=3002),
            type="LoadBalancer",
            loadBalancerSourceRanges=[" 203.0.113.0/25 "],
            status={"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}]}},
        ),
        endpoint_slice("svc5", [endpoint("10.244.1.3")], ("p80", 80, "TCP")),
    )
    found = proxier(*objects)
    assert trace(found, EXTERNAL_CLIENT, "5.6.7.8", 80) == "10.244.1.3:80"
    assert found.route("TCP", "5.6.7.8", 80, "203.0.113.200") == Reject(
        "ns1/svc5:p80",
        f"traffic not accepted by {chain_name('KUBE-FW-', 'ns1/svc5:p80', 'tcp')}",
        drop=True,
    )
    assert trace(found, "203.0.113.200", NODE_IP, 3002) == "10.244.1.3:80"  # not the NodePort


def test_a_load_balancer_that_proxies_has_no_rules_for_its_ip():
    objects = (
        service(
            "svc1",
            "172.30.0.41",
            port("p80", 80, nodePort=3001),
            type="LoadBalancer",
            status={"loadBalancer": {"ingress": [{"ip": LB_IP, "ipMode": "Proxy"}]}},
        ),
        endpoint_slice("svc1", [endpoint("10.244.1.1")], ("p80", 80, "TCP")),
    )
    assert trace(proxier(*objects), EXTERNAL_CLIENT, LB_IP, 80) == ""


@pytest.mark.parametrize(
    ("zone", "output"),
    [
        pytest.param("zone-a", "10.244.1.1:80", id="the endpoints hinted for this zone"),
        pytest.param("zone-c", "10.244.1.1:80, 10.244.1.2:80", id="none for it: every one"),
    ],
)
def test_topology_hints_of_the_node_s_zone(zone, output):
    hinted = [
        endpoint("10.244.1.1", hints={"forZones": [{"name": "zone-a"}]}),
        endpoint("10.244.1.2", hints={"forZones": [{"name": "zone-b"}]}),
    ]
    found = proxier(
        service("svc1", "172.30.1.1", port("", 80)),
        endpoint_slice("svc1", hinted, ("", 80, "TCP")),
    )
    found.on_topology_change({"topology.kubernetes.io/zone": zone})
    found.sync_proxy_rules()
    assert trace(found, POD, "172.30.1.1", 80) == output


def test_endpoints_hinted_for_this_node():
    hinted = [
        endpoint("10.244.1.1", hints={"forNodes": [{"name": NODE}]}),
        endpoint("10.244.1.2", hints={"forNodes": [{"name": "node2"}]}),
    ]
    found = proxier(
        service("svc1", "172.30.1.1", port("", 80)),
        endpoint_slice("svc1", hinted, ("", 80, "TCP")),
    )
    assert trace(found, POD, "172.30.1.1", 80) == "10.244.1.1:80"


@pytest.mark.parametrize(
    "svc",
    [
        pytest.param(service("svc1", "None", port("", 80)), id="headless"),
        pytest.param(
            service("svc1", "172.30.1.1", port("", 80), type="ExternalName"), id="ExternalName"
        ),
        pytest.param(
            service("svc1", "fd00::1", port("", 80), ipFamilies=["IPv6"], clusterIPs=["fd00::1"]),
            id="IPv6",
        ),
    ],
)
def test_services_kube_proxy_leaves_alone(svc):
    found = proxier(svc, endpoint_slice("svc1", [endpoint("10.244.1.1")], ("", 80, "TCP")))
    assert found.netfilter.rules.services == {}
    assert found.netfilter.rules.filters == {}


def test_an_endpoint_in_two_slices_is_one_and_a_terminating_twin_gives_way():
    slices = (
        endpoint_slice(
            "svc1", [endpoint("10.244.1.1", ready=False, terminating=True)], ("", 80, "TCP")
        ),
        endpoint_slice("svc1", [endpoint("10.244.1.1", NODE)], ("", 80, "TCP"), suffix="2"),
    )
    found = proxier(service("svc1", "172.30.1.1", port("", 80)), *slices)
    [only] = found.endpoints_map.values()
    assert [(str(e), e.ready, e.node) for e in only] == [("10.244.1.1:80", True, NODE)]


def test_a_change_takes_effect_at_the_next_sync_no_sooner_than_min_sync_period():
    clock = Clock()
    svc = service("svc1", "172.30.1.1", port("", 80))
    found = proxier(svc, clock=clock)
    slice_ = endpoint_slice("svc1", [endpoint("10.244.1.1")], ("", 80, "TCP"))
    found.on_endpoint_slice_update(slice_, remove=False)
    assert trace(found, POD, "172.30.1.1", 80) == "REJECT"  # not synced yet
    clock.run_until_idle()
    assert (clock.now, trace(found, POD, "172.30.1.1", 80)) == (0, "10.244.1.1:80")
    found.on_endpoint_slice_update(dict(slice_, endpoints=[]), remove=False)
    clock.advance_to(999)
    assert trace(found, POD, "172.30.1.1", 80) == "10.244.1.1:80"
    clock.advance_to(1_000)
    assert trace(found, POD, "172.30.1.1", 80) == "REJECT"


def test_a_change_that_makes_no_difference_arms_no_sync():
    clock = Clock()
    svc = service("svc1", "172.30.1.1", port("", 80))
    found = proxier(svc, clock=clock)
    labelled = copy.deepcopy(svc)
    labelled["metadata"]["labels"] = {"tier": "front"}
    found.on_service_update(svc, labelled)
    assert clock.pending() == []
