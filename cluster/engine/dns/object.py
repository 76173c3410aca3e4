"""What the kubernetes plugin keeps of the objects it watches (plugin/kubernetes/object): a
Service's cluster IPs and ports, and an EndpointSlice as the Endpoints it stands for, with
only its ready addresses."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api.endpoints import SERVICE_NAME_LABEL
from cluster.engine.api.meta import Object

CLUSTER_IP_NONE = "None"  # a headless Service's clusterIP
EXTERNAL_NAME = "ExternalName"


def key(name: str, namespace: str) -> str:
    """ServiceKey and EndpointsKey: what the indexes find a Service and its slices by."""
    return f"{name}.{namespace}"


@dataclass(frozen=True, slots=True)
class ServicePort:
    port: int  # -1: the Service declares no port (the plugin's sentinel)
    name: str = ""
    protocol: str = ""


def cluster_ips(service: Object) -> list[str]:
    """ToService's ClusterIPs: spec.clusterIPs, or else spec.clusterIP."""
    spec = service.get("spec") or {}
    return list(spec.get("clusterIPs") or ()) or [spec.get("clusterIP", "")]


def headless(service: Object) -> bool:
    return cluster_ips(service)[0] == CLUSTER_IP_NONE


def service_ports(service: Object) -> list[ServicePort]:
    """Its ports, or the sentinel port -1 when it declares none."""
    ports = (service.get("spec") or {}).get("ports") or ()
    if not ports:
        return [ServicePort(-1)]
    return [ServicePort(p.get("port", 0), p.get("name", ""), p.get("protocol", "")) for p in ports]


@dataclass(frozen=True, slots=True)
class EndpointAddress:
    ip: str
    hostname: str = ""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """An EndpointSlice as the plugin stores it (its one subset: addresses times ports)."""

    index: str  # the key of the Service it belongs to
    addresses: tuple[EndpointAddress, ...]
    ports: tuple[ServicePort, ...]


def endpoints(slice_: Object) -> Endpoints:
    """EndpointSliceToEndpoints: the addresses of its ready endpoints (a missing ready
    condition counts as ready), and its ports (the sentinel -1 when it has none)."""
    ports = tuple(
        ServicePort(
            p["port"] if p.get("port") is not None else -1, p.get("name", ""), p.get("protocol", "")
        )
        for p in slice_.get("ports") or ()
    ) or (ServicePort(-1),)
    return Endpoints(
        service_key(slice_),
        tuple(
            address
            for endpoint in slice_.get("endpoints") or ()
            if (endpoint.get("conditions") or {}).get("ready") is not False
            for address in _addresses(endpoint)
        ),
        ports,
    )


def service_key(slice_: Object) -> str:
    """The key of the Service the slice belongs to, by its kubernetes.io/service-name."""
    meta = slice_["metadata"]
    service = (meta.get("labels") or {}).get(SERVICE_NAME_LABEL, "")
    return key(service, meta.get("namespace", ""))


def _addresses(endpoint: Object) -> list[EndpointAddress]:
    hostname = endpoint.get("hostname", "")
    return [EndpointAddress(ip, hostname) for ip in endpoint.get("addresses") or ()]


def ready_ips(slice_: Object) -> list[str]:
    """The addresses the reverse index finds the slice by (IndexIP)."""
    return [address.ip for address in endpoints(slice_).addresses]


def endpoint_hostname(address: EndpointAddress) -> str:
    """endpointHostname: its hostname, else its IP with dashes (a trailing "-" of an IPv6
    address gets a 0)."""
    if address.hostname:
        return address.hostname
    if "." in address.ip:
        return address.ip.replace(".", "-")
    if ":" in address.ip:
        dashed = address.ip.replace(":", "-")
        return f"{dashed}0" if dashed.endswith("-") else dashed
    return ""
