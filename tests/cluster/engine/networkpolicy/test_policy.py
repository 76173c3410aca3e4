"""NetworkPolicy semantics, table-driven: which policies isolate a pod, and what their rules'
peers and ports let through."""

from __future__ import annotations

import pytest

from cluster.engine.networkpolicy.policy import EGRESS, INGRESS, Endpoint, Packet, allows, isolating

WEB = Endpoint("10.244.1.5", "prod", {"app": "web"}, (("http", 8080, "TCP"),), "web")
CLIENT = Endpoint("10.244.2.7", "prod", {"role": "client"}, (), "client")
OTHER_NS = Endpoint("10.244.2.9", "dev", {"role": "client"}, (), "tool")
OUTSIDE = Endpoint("192.168.5.5")
NAMESPACES = {"prod": {"env": "prod"}, "dev": {"env": "dev"}}


def policy(spec: dict, namespace: str = "prod", name: str = "p") -> dict:
    spec.setdefault("podSelector", {"matchLabels": {"app": "web"}})
    spec.setdefault("policyTypes", [INGRESS, EGRESS] if "egress" in spec else [INGRESS])
    return {"metadata": {"name": name, "namespace": namespace}, "spec": spec}


def ingress(rule: dict, source: Endpoint = CLIENT, protocol: str = "TCP", port: int = 8080) -> bool:
    packet = Packet(source, WEB, protocol, port)
    found = isolating([policy({"ingress": [rule]})], WEB, INGRESS)
    return allows(found, INGRESS, packet, NAMESPACES)


def test_only_policies_of_the_pods_namespace_and_direction_isolate_it():
    selects_all = {"podSelector": {}}
    assert isolating([policy(selects_all, "dev")], WEB, INGRESS) == []
    assert isolating([policy({"policyTypes": [EGRESS]})], WEB, INGRESS) == []
    assert isolating([policy({"podSelector": {"matchLabels": {"app": "db"}}})], WEB, INGRESS) == []
    assert len(isolating([policy(selects_all)], WEB, INGRESS)) == 1


def test_an_isolating_policy_without_rules_allows_nothing():
    found = isolating([policy({})], WEB, INGRESS)
    assert not allows(found, INGRESS, Packet(CLIENT, WEB, "TCP", 8080), NAMESPACES)


@pytest.mark.parametrize(
    ("peer", "source", "allowed"),
    [
        ({"podSelector": {"matchLabels": {"role": "client"}}}, CLIENT, True),
        ({"podSelector": {"matchLabels": {"role": "client"}}}, OTHER_NS, False),
        ({"namespaceSelector": {"matchLabels": {"env": "dev"}}}, OTHER_NS, True),
        ({"namespaceSelector": {}}, OTHER_NS, True),
        ({"namespaceSelector": {}}, OUTSIDE, False),
        (
            {
                "namespaceSelector": {"matchLabels": {"env": "dev"}},
                "podSelector": {"matchLabels": {"role": "server"}},
            },
            OTHER_NS,
            False,
        ),
        ({"ipBlock": {"cidr": "192.168.0.0/16"}}, OUTSIDE, True),
        ({"ipBlock": {"cidr": "192.168.0.0/16", "except": ["192.168.5.0/24"]}}, OUTSIDE, False),
        ({"ipBlock": {"cidr": "10.244.0.0/16"}}, CLIENT, True),
    ],
)
def test_peers(peer, source, allowed):
    assert ingress({"from": [peer]}, source) is allowed


@pytest.mark.parametrize(
    ("ports", "protocol", "port", "allowed"),
    [
        ([{"port": 8080}], "TCP", 8080, True),
        ([{"port": 8080}], "UDP", 8080, False),
        ([{"protocol": "UDP", "port": 8080}], "UDP", 8080, True),
        ([{"port": "http"}], "TCP", 8080, True),
        ([{"port": "http"}], "TCP", 80, False),
        ([{"port": 8000, "endPort": 9000}], "TCP", 8080, True),
        ([{"port": 8000, "endPort": 8079}], "TCP", 8080, False),
        ([{"protocol": "TCP"}], "TCP", 1234, True),
        ([{"port": 8080}], "ICMP", 0, False),
        (None, "ICMP", 0, True),
    ],
)
def test_ports(ports, protocol, port, allowed):
    rule = {"ports": ports} if ports is not None else {}
    assert ingress(rule, CLIENT, protocol, port) is allowed


def test_egress_rules_name_the_destination_and_its_ports():
    egress = policy(
        {"podSelector": {}, "egress": [{"to": [{"podSelector": {}}], "ports": [{"port": "http"}]}]}
    )
    found = isolating([egress], CLIENT, EGRESS)
    assert allows(found, EGRESS, Packet(CLIENT, WEB, "TCP", 8080), NAMESPACES)
    assert not allows(found, EGRESS, Packet(CLIENT, OUTSIDE, "TCP", 8080), NAMESPACES)
