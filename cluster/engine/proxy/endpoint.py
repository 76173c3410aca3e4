"""An endpoint of a service port as kube-proxy keeps it (pkg/proxy/endpoint.go)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Endpoint:
    """BaseEndpointInfo, with the node the endpoint runs on."""

    ip: str
    port: int
    node: str  # its nodeName, "" if the slice gives none
    is_local: bool  # on kube-proxy's own node
    ready: bool  # ready and not terminating (or the Service publishes not-ready addresses)
    serving: bool  # ready, whether or not it is terminating
    terminating: bool
    zone_hints: frozenset[str] = frozenset()
    node_hints: frozenset[str] = frozenset()

    def __str__(self) -> str:
        """ip:port, the endpoint's name in the rules and the order they list endpoints in."""
        return f"{self.ip}:{self.port}"
