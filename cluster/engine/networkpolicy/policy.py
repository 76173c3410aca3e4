"""What NetworkPolicies allow (networking/v1 semantics, as kube-network-policies evaluates
them): a pod selected by a policy of a direction is isolated in it, and only what some rule
of those policies allows gets through."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.api import labels
from cluster.engine.api.meta import Object

INGRESS, EGRESS = "Ingress", "Egress"
_PEERS = {INGRESS: "from", EGRESS: "to"}


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a packet: its address, and the pod that has it (no namespace: not a pod)."""

    ip: str
    namespace: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    ports: tuple[tuple[str, int, str], ...] = ()  # the containers' (name, port, protocol)
    name: str = ""

    @property
    def pod(self) -> bool:
        return bool(self.namespace)


@dataclass(frozen=True, slots=True)
class Packet:
    source: Endpoint
    destination: Endpoint
    protocol: str  # TCP, UDP, SCTP, or ICMP (which no port matches)
    port: int = 0


def isolating(policies: Iterable[Object], pod: Endpoint, direction: str) -> list[Object]:
    """The policies of the pod's namespace that select it for `direction`."""
    return [
        policy
        for policy in policies
        if policy["metadata"].get("namespace") == pod.namespace
        and direction in (policy.get("spec") or {}).get("policyTypes", (INGRESS,))
        and _selects((policy.get("spec") or {}).get("podSelector"), pod.labels)
    ]


def allows(
    policies: list[Object],
    direction: str,
    packet: Packet,
    namespace_labels: Mapping[str, Mapping[str, str]],
) -> bool:
    """Whether a rule of `policies` (those isolating the pod) lets the packet through."""
    peer = packet.source if direction == INGRESS else packet.destination
    return any(
        _rule_allows(
            rule, policy["metadata"]["namespace"], direction, packet, peer, namespace_labels
        )
        for policy in policies
        for rule in (policy.get("spec") or {}).get(direction.lower()) or ()
    )


def _rule_allows(
    rule: Object,
    namespace: str,
    direction: str,
    packet: Packet,
    peer: Endpoint,
    namespace_labels: Mapping[str, Mapping[str, str]],
) -> bool:
    peers = rule.get(_PEERS[direction])
    if peers and not any(_peer_matches(p, namespace, peer, namespace_labels) for p in peers):
        return False
    ports = rule.get("ports")
    return not ports or any(_port_matches(p, packet) for p in ports)


def _peer_matches(
    peer: Object, namespace: str, other: Endpoint, namespace_labels: Mapping[str, Any]
) -> bool:
    """NetworkPolicyPeer: an IP block, or pods by their labels and their namespace's."""
    if peer.get("ipBlock") is not None:
        return _in_block(peer["ipBlock"], other.ip)
    if not other.pod:
        return False
    if peer.get("namespaceSelector") is None:
        in_namespace = other.namespace == namespace
    else:
        in_namespace = _selects(peer["namespaceSelector"], namespace_labels.get(other.namespace))
    pods = peer.get("podSelector")
    return in_namespace and (pods is None or _selects(pods, other.labels))


def _in_block(block: Object, ip: str) -> bool:
    try:
        address = ipaddress.ip_address(ip)
        if address not in ipaddress.ip_network(block.get("cidr", ""), strict=False):
            return False
        return not any(
            address in ipaddress.ip_network(e, strict=False) for e in block.get("except") or ()
        )
    except ValueError:
        return False


def _port_matches(port: Object, packet: Packet) -> bool:
    """NetworkPolicyPort: a protocol (TCP by default) and a port, a range, or a name the
    destination's containers give their port."""
    if packet.protocol != port.get("protocol", "TCP"):
        return False
    wanted = port.get("port")
    if wanted is None:
        return True
    if isinstance(wanted, str):
        return any(
            (name, number, protocol) == (wanted, packet.port, packet.protocol)
            for name, number, protocol in packet.destination.ports
        )
    return wanted <= packet.port <= port.get("endPort", wanted)


def _selects(selector: Object | None, found: Mapping[str, str] | None) -> bool:
    try:
        return labels.from_label_selector(selector or {}).matches(found or {})
    except labels.SelectorError:
        return False
