"""A Service's ports as kube-proxy sees them (pkg/proxy/serviceport.go and types.go): one
ServicePort per port, named by its ServicePortName, holding what the rules are made of."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from cluster.engine.api.meta import Object

CLIENT_IP = "ClientIP"
LOCAL = "Local"
EXTERNAL_TYPES = ("NodePort", "LoadBalancer")


@dataclass(frozen=True, slots=True, order=True)
class ServicePortName:
    """A load-balanced service port: namespace, name, port name and protocol."""

    namespace: str
    name: str
    port: str
    protocol: str

    def __str__(self) -> str:
        """As kube-proxy prints it: "default/web:http", "default/web" for an unnamed port."""
        return f"{self.namespace}/{self.name}" + (f":{self.port}" if self.port else "")


@dataclass(frozen=True, slots=True)
class ServicePort:
    """BaseServicePortInfo: the IPv4 view of one port of a Service."""

    name: str  # its ServicePortName as printed
    cluster_ip: str
    port: int
    protocol: str
    node_port: int
    load_balancer_vips: tuple[str, ...]
    sticky_max_age_s: int  # ClientIP session affinity's timeout; 0 without affinity
    external_ips: tuple[str, ...]
    load_balancer_source_ranges: tuple[ipaddress.IPv4Network, ...]
    external_policy_local: bool
    internal_policy_local: bool

    @property
    def externally_accessible(self) -> bool:
        """Reachable by something else than its cluster IP: NodePort, externalIP, LB."""
        return bool(self.node_port or self.load_balancer_vips or self.external_ips)

    @property
    def uses_cluster_endpoints(self) -> bool:
        """Whether it ever sends traffic to endpoints by the Cluster policy: even with an
        external policy Local, the short-circuit of traffic from pods needs them."""
        return not self.internal_policy_local or self.externally_accessible

    @property
    def uses_local_endpoints(self) -> bool:
        return self.internal_policy_local or (
            self.external_policy_local and self.externally_accessible
        )


def service_ports(service: Object | None) -> dict[ServicePortName, ServicePort]:
    """serviceToServiceMap: the ports of a Service kube-proxy proxies (none of a Service
    without an IPv4 cluster IP, or of an ExternalName one)."""
    if service is None:
        return {}
    spec, meta = service.get("spec") or {}, service["metadata"]
    if spec.get("clusterIP") in (None, "", "None") or spec.get("type") == "ExternalName":
        return {}  # ShouldSkipService
    cluster_ip = _cluster_ip(spec)
    if not cluster_ip:
        return {}
    found = {}
    for port in spec.get("ports") or []:
        protocol = port.get("protocol", "TCP")
        key = ServicePortName(meta["namespace"], meta["name"], port.get("name") or "", protocol)
        found[key] = _service_port(service, str(key), cluster_ip, port)
    return found


def _service_port(service: Object, name: str, cluster_ip: str, port: Object) -> ServicePort:
    """newBaseServiceInfo."""
    spec = service.get("spec") or {}
    sticky = 0
    if spec.get("sessionAffinity") == CLIENT_IP:
        sticky = spec["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"]
    external_local = _externally_accessible(spec) and spec.get("externalTrafficPolicy") == LOCAL
    return ServicePort(
        name=name,
        cluster_ip=cluster_ip,
        port=port["port"],
        protocol=port.get("protocol", "TCP"),
        node_port=port.get("nodePort") or 0,
        load_balancer_vips=_load_balancer_vips(service),
        sticky_max_age_s=sticky,
        external_ips=tuple(ip for ip in spec.get("externalIPs") or [] if _ipv4(ip)),
        load_balancer_source_ranges=_source_ranges(spec),
        external_policy_local=external_local,
        internal_policy_local=spec.get("internalTrafficPolicy") == LOCAL,
    )


def _cluster_ip(spec: Object) -> str:
    """GetClusterIPByFamily for IPv4: "" for an IPv6 Service."""
    families = spec.get("ipFamilies") or []
    if not families:
        return spec["clusterIP"] if _ipv4(spec["clusterIP"]) else ""
    ips = spec.get("clusterIPs") or []
    index = families.index("IPv4") if "IPv4" in families else len(ips)
    return ips[index] if index < len(ips) else ""


def _externally_accessible(spec: Object) -> bool:
    """apiservice.ExternallyAccessible."""
    kind = spec.get("type", "ClusterIP")
    return kind in EXTERNAL_TYPES or (kind == "ClusterIP" and bool(spec.get("externalIPs")))


def _load_balancer_vips(service: Object) -> tuple[str, ...]:
    """The IPv4 ingress IPs of a VIP-style load balancer (ipMode VIP, or unset)."""
    ingress = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    return tuple(
        i["ip"]
        for i in ingress
        if i.get("ip") and i.get("ipMode", "VIP") == "VIP" and _ipv4(i["ip"])
    )


def _source_ranges(spec: Object) -> tuple[ipaddress.IPv4Network, ...]:
    """loadBalancerSourceRanges, trimmed, IPv4; one that is 0.0.0.0/0 allows any, as none."""
    found = []
    for text in spec.get("loadBalancerSourceRanges") or []:
        try:
            network = ipaddress.ip_network(text.strip(), strict=False)
        except ValueError:
            continue
        if isinstance(network, ipaddress.IPv4Network):
            found.append(network)
    return () if any(n.prefixlen == 0 for n in found) else tuple(found)


def _ipv4(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False
