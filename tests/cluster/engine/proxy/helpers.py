"""Services and EndpointSlices, as upstream's proxier tests make them."""

from __future__ import annotations

from typing import Any

NODE = "test-node"
NODE_IP = "192.168.0.2"
POD = "10.244.0.2"  # a pod of this cluster (its CIDR is 10.244.0.0/16)
EXTERNAL_CLIENT = "203.0.113.2"


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
