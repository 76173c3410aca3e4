"""What the mirroring controller reads off one object (utils.go): whether Endpoints are
mirrored, which slices are its own and whose they are, an address as an endpoint, the ports
of a slice, and the slice an Endpoints calls for."""

from __future__ import annotations

import copy

from cluster.engine.api.meta import LAST_APPLIED_ANNOTATION, Object
from cluster.engine.api.servicevalidation import parse_ip_sloppy
from cluster.engine.apiserver.kubernetesservice import SKIP_MIRROR_LABEL
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.endpointslice import (
    API_VERSION,
    MANAGED_BY_LABEL,
    SERVICE_NAME_LABEL,
)
from cluster.engine.controllers.endpointutil import TRIGGER_TIME

CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io"  # its managed-by value
# resourcelock.LeaderElectionRecordAnnotationKey: Endpoints used as a lock are not a service's
LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader"
IPV4, IPV6 = "IPv4", "IPv6"
ADDRESS_TYPES = (IPV4, IPV6)
UNMIRRORED_ANNOTATIONS = (TRIGGER_TIME, LAST_APPLIED_ANNOTATION)

PortMapKey = tuple[tuple[str, int, str, str], ...]
AddrTypePortMapKey = tuple[str, PortMapKey]  # an address type and a set of ports


def should_mirror(endpoints: Object) -> bool:
    """shouldMirror: not labelled skip-mirror, not a leader-election lock. (Whether its
    Service has no selector is asked separately.)"""
    meta = endpoints["metadata"]
    skip = (meta.get("labels") or {}).get(SKIP_MIRROR_LABEL) == "true"
    return not skip and LEADER_ANNOTATION not in (meta.get("annotations") or {})


def has_selector(service: Object) -> bool:
    """Spec.Selector != nil: an empty selector is not sent (omitempty), so it is none."""
    return bool((service.get("spec") or {}).get("selector"))


def managed_by_controller(slice_: Object) -> bool:
    return (slice_["metadata"].get("labels") or {}).get(MANAGED_BY_LABEL) == CONTROLLER_NAME


def endpoints_controller_key(slice_: Object) -> str | None:
    """endpointsControllerKey: the Endpoints a slice says it is for (None: it names none)."""
    meta = slice_["metadata"]
    service = (meta.get("labels") or {}).get(SERVICE_NAME_LABEL)
    return f"{meta.get('namespace', '')}/{service}" if service else None


def mirrored_index(slice_: Object) -> list[str]:
    """The Endpoints whose slices this controller made this one to be
    (endpointSlicesMirroredForService's label selector)."""
    key = endpoints_controller_key(slice_) if managed_by_controller(slice_) else None
    return [key] if key else []


def port_map_key(ports: list[Object]) -> PortMapKey:
    """NewPortMapKey: ports as a set, whatever their order."""
    return tuple(
        sorted(
            (
                p.get("name") or "",
                p.get("port") or 0,
                p.get("protocol") or "",
                p.get("appProtocol") or "",
            )
            for p in ports
        )
    )


def slice_key(slice_: Object) -> AddrTypePortMapKey:
    return slice_.get("addressType", ""), port_map_key(slice_.get("ports") or [])


def endpoint_slice_ports(ports: list[Object]) -> list[Object]:
    """epPortsToEpsPorts: an Endpoints subset's ports as a slice's."""
    found = []
    for port in ports:
        converted = {
            "name": port.get("name", ""),
            "protocol": port.get("protocol", ""),
            "port": port.get("port", 0),
        }
        if port.get("appProtocol") is not None:
            converted["appProtocol"] = port["appProtocol"]
        found.append(converted)
    return found


def address_to_endpoint(address: Object, ready: bool) -> tuple[Object, str] | None:
    """addressToEndpoint: the address as an endpoint, with its IP written canonically, and
    its address type (None: the IP is not one)."""
    ip = parse_ip_sloppy(address.get("ip", ""))
    if ip is None:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # net.IP's To4: an IPv4 address however it was written
    endpoint: Object = {"addresses": [str(ip)], "conditions": {"ready": ready}}
    if address.get("hostname"):
        endpoint["hostname"] = address["hostname"]
    if address.get("targetRef") is not None:
        endpoint["targetRef"] = copy.deepcopy(address["targetRef"])
    if address.get("nodeName") is not None:
        endpoint["nodeName"] = address["nodeName"]
    return endpoint, IPV4 if ip.version == 4 else IPV6


def new_endpoint_slice(
    endpoints: Object, ports: list[Object], address_type: str, name: str
) -> Object:
    """newEndpointSlice: owned by the Endpoints, with their labels and annotations (but
    the trigger time and the last applied configuration), named `name` or, new, after them;
    its endpoints are the caller's to add."""
    meta = endpoints["metadata"]
    labels = dict(meta.get("labels") or {})
    labels.update({SERVICE_NAME_LABEL: meta["name"], MANAGED_BY_LABEL: CONTROLLER_NAME})
    # getEndpointSlicePrefix: the name and a dash, always a valid prefix of a valid name
    found: Object = {"name": name} if name else {"generateName": f"{meta['name']}-"}
    found.update(namespace=meta.get("namespace", ""), labels=labels)
    annotations = mirrored_annotations(endpoints)
    if annotations:
        found["annotations"] = annotations
    owner = {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta}
    found["ownerReferences"] = [utils.controller_ref(owner)]
    return {
        "apiVersion": API_VERSION,
        "kind": "EndpointSlice",
        "metadata": found,
        "addressType": address_type,
        "endpoints": [],
        "ports": ports or None,  # no ports: stored as none (protobuf keeps no empty list)
    }


def mirrored_annotations(endpoints: Object) -> dict[str, str]:
    annotations = endpoints["metadata"].get("annotations") or {}
    return {k: v for k, v in annotations.items() if k not in UNMIRRORED_ANNOTATIONS}


def mirrored_labels(slice_: Object) -> dict[str, str]:
    """A slice's labels but the two this controller sets (what must equal the Endpoints')."""
    labels = slice_["metadata"].get("labels") or {}
    return {k: v for k, v in labels.items() if k not in (MANAGED_BY_LABEL, SERVICE_NAME_LABEL)}
