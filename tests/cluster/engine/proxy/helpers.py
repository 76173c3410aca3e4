"""Services, EndpointSlices and a proxier fed with them, as upstream's proxier tests make
them; and packets traced through its rules, with the outcomes written as theirs are."""

from __future__ import annotations

import random
from typing import Any

from cluster.engine.clock import Clock
from cluster.engine.proxy.iptables import Proxier
from cluster.engine.proxy.netfilter import Forward, Reject

NODE = "test-node"
NODE_IP = "192.168.0.2"
POD = "10.244.0.2"  # a pod of this cluster (its CIDR is 10.244.0.0/16)
EXTERNAL_CLIENT = "203.0.113.2"
TRIES = 64  # packets sent to see every endpoint a chain may choose


def service(name: str, cluster_ip: str, *ports: dict[str, Any], **spec: Any) -> dict[str, Any]:
    """A Service in namespace ns1, with kube-apiserver's defaults where they matter."""
    status = spec.pop("status", {})
    return {
        "metadata": {"name": name, "namespace": "ns1"},
        "spec": {"clusterIP": cluster_ip, "type": "ClusterIP", "ports": list(ports), **spec},
        "status": status,
    }


def port(name: str, number: int, protocol: str = "TCP", **more: Any) -> dict[str, Any]:
    return {"name": name, "port": number, "protocol": protocol, **more}


def endpoint(
    ip: str, node: str = "", hints: dict[str, Any] | None = None, **conditions: bool
) -> dict[str, Any]:
    found: dict[str, Any] = {"addresses": [ip], "conditions": conditions}
    if node:
        found["nodeName"] = node
    if hints:
        found["hints"] = hints
    return found


def endpoint_slice(
    service_name: str,
    endpoints: list[dict[str, Any]],
    *ports: tuple[str, int, str],
    suffix: str = "1",
) -> dict[str, Any]:
    return {
        "metadata": {
            "name": f"{service_name}-{suffix}",
            "namespace": "ns1",
            "labels": {"kubernetes.io/service-name": service_name},
        },
        "addressType": "IPv4",
        "endpoints": endpoints,
        "ports": [{"name": n, "port": p, "protocol": proto} for n, p, proto in ports],
    }


def proxier(*objects: dict[str, Any], clock: Clock | None = None, seed: int = 1) -> Proxier:
    """A proxier on NODE whose informers' initial objects were these Services and
    EndpointSlices: synced, with nothing pending."""
    found = Proxier(clock or Clock(), f"kube-proxy/{NODE}", NODE, NODE_IP, random.Random(seed))
    for obj in objects:
        if "addressType" in obj:
            found.on_endpoint_slice_update(obj, remove=False)
        else:
            found.on_service_update(None, obj)
    found.on_services_synced()
    found.on_endpoint_slices_synced()
    return found


def outcome(found: Forward | Reject | None) -> str:
    """As upstream's packet flow tests write it: the endpoint, REJECT, DROP or ""."""
    if isinstance(found, Forward):
        return f"{found.ip}:{found.port}"
    if isinstance(found, Reject):
        return "DROP" if found.drop else "REJECT"
    return ""


def trace(subject: Proxier, source: str, ip: str, port: int, protocol: str = "TCP") -> str:
    """Every outcome of a packet sent TRIES times, sorted and joined as upstream's are."""
    seen = {outcome(subject.route(protocol, ip, port, source)) for _ in range(TRIES)}
    return ", ".join(sorted(seen))
