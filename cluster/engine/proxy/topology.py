"""Which endpoints of a service port this node may use (pkg/proxy/topology.go): ready ones,
else serving terminating ones; the node's own for a Local traffic policy; and, when every
ready endpoint carries hints, the ones hinted for this node or zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cluster.engine.proxy.endpoint import Endpoint
from cluster.engine.proxy.serviceport import ServicePort

ZONE_LABEL = "topology.kubernetes.io/zone"  # v1.LabelTopologyZone
PREFER_SAME_NODE = "PreferSameNode"
PREFER_SAME_ZONE = "PreferSameZone"


@dataclass(frozen=True, slots=True)
class Categorized:
    cluster: tuple[Endpoint, ...]  # usable by the Cluster policy (none if it is not used)
    local: tuple[Endpoint, ...]  # usable by the Local policy (none if it is not used)
    has_any: bool  # usable endpoints anywhere in the cluster, even if none from here


def categorize_endpoints(
    endpoints: Sequence[Endpoint], port: ServicePort, node: str, labels: dict[str, str]
) -> Categorized:
    """CategorizeEndpoints."""
    cluster: tuple[Endpoint, ...] = ()
    if port.uses_cluster_endpoints and endpoints:
        zone = labels.get(ZONE_LABEL, "")
        mode = _topology_mode(endpoints, node, zone)
        cluster = tuple(
            ep for ep in endpoints if ep.ready and _available(ep, mode, node, zone)
        ) or tuple(ep for ep in endpoints if ep.serving and ep.terminating)
    if not port.uses_local_endpoints:
        return Categorized(cluster, (), bool(cluster))
    ready = [ep for ep in endpoints if ep.ready]
    serving = [ep for ep in endpoints if not ep.ready and ep.serving and ep.terminating]
    local = tuple(ep for ep in ready if ep.is_local) or tuple(ep for ep in serving if ep.is_local)
    return Categorized(cluster, local, bool(cluster or ready or serving))


def _topology_mode(endpoints: Sequence[Endpoint], node: str, zone: str) -> str:
    """topologyModeFromHints: a preference only when every ready endpoint is hinted, and
    one for this node (or zone)."""
    ready = [ep for ep in endpoints if ep.ready]
    if not ready:
        return ""
    if all(ep.node_hints for ep in ready) and any(node in ep.node_hints for ep in ready):
        return PREFER_SAME_NODE
    if all(ep.zone_hints for ep in ready) and any(zone in ep.zone_hints for ep in ready):
        return PREFER_SAME_ZONE
    return ""


def _available(endpoint: Endpoint, mode: str, node: str, zone: str) -> bool:
    """availableForTopology."""
    if mode == PREFER_SAME_NODE:
        return node in endpoint.node_hints
    if mode == PREFER_SAME_ZONE:
        return zone in endpoint.zone_hints
    return True
