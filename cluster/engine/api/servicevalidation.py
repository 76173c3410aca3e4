"""Validation of Services, Endpoints and EndpointSlices with Kubernetes' field paths and error
texts: ValidateService, ValidateServiceUpdate and ValidateEndpoints of
pkg/apis/core/validation, ValidateEndpointSlice of pkg/apis/discovery/validation.

A Service is validated after kube-apiserver allocated its cluster IPs and node ports, so its
IP families and policy are set by then (pkg/registry/core/service/storage/alloc.go).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from cluster.engine.api import content, labels
from cluster.engine.api.field import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from cluster.engine.api.meta import Object

NONE = "None"  # the clusterIP of a headless Service
TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
EXTERNAL_TYPES = ("NodePort", "LoadBalancer")
AFFINITIES = ["ClientIP", "None"]
PROTOCOLS = ["SCTP", "TCP", "UDP"]
TRAFFIC_POLICIES = ["Cluster", "Local"]
IP_FAMILIES = ["IPv4", "IPv6"]
IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"]
ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"]
MAX_AFFINITY_SECONDS = 86400
PORT_RANGE = "must be between 1 and 65535, inclusive"
INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
_SLOPPY_IPV4 = re.compile(r"\d+(\.\d+){3}")
_PORT_NAME_CHARSET = re.compile(r"^[-a-z0-9]+$")


def parse_ip_sloppy(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """netutils.ParseIPSloppy: an IPv4 address's parts may have leading zeros (read as
    decimal); an IPv6 address has no zone. None: not an IP."""
    if _SLOPPY_IPV4.fullmatch(value):
        parts = [int(part) for part in value.split(".")]
        return ipaddress.IPv4Address(bytes(parts)) if max(parts) <= 255 else None
    return parse_ip_strict(value)


def parse_ip_strict(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """netip.ParseAddr: no leading zeros, no zone. None: not an IP."""
    if "%" in value:
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def valid_ip(value: str) -> bool:
    """An IP as legacy fields are checked (ParseIPSloppy)."""
    return parse_ip_sloppy(value) is not None


def port_name_errors(name: str) -> list[str]:
    """IsValidPortName: an IANA_SVC_NAME."""
    problems = ["must be no more than 15 characters"] if len(name) > 15 else []
    if not _PORT_NAME_CHARSET.match(name):
        problems.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    elif not re.search("[a-z]", name):
        problems.append("must contain at least one letter (a-z)")
    if "--" in name:
        problems.append("must not contain consecutive hyphens")
    if name and (name[0] == "-" or name[-1] == "-"):
        problems.append("must not begin or end with a hyphen")
    return problems


def _port_number(value: Any, path: str) -> list[FieldError]:
    """IsValidPortNum."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535
    return [] if ok else [invalid(path, value, PORT_RANGE)]


def port_num_or_name(value: Any, path: str) -> list[FieldError]:
    """ValidatePortNumOrName."""
    if isinstance(value, str):
        return [invalid(path, value, d) for d in port_name_errors(value)]
    return _port_number(value, path)


def _protocol(value: str, path: str) -> list[FieldError]:
    if not value:
        return [required(path)]
    return [] if value in PROTOCOLS else [not_supported(path, value, PROTOCOLS)]


def headless(spec: Object) -> bool:
    return (spec.get("clusterIPs") or [spec.get("clusterIP")])[0] == NONE


# -- Service -------------------------------------------------------------------------------


def validate_service(service: Object) -> list[FieldError]:
    """ValidateService (the metadata is checked by the caller, with DNS-1035 names)."""
    spec = service.get("spec") or {}
    kind, ports = spec.get("type", ""), spec.get("ports") or []
    errors: list[FieldError] = []
    if not ports and not headless(spec) and kind != "ExternalName":
        errors.append(required("spec.ports"))
    errors += _by_type(spec)
    names: set[str] = set()
    for i, port in enumerate(ports):
        errors += _service_port(port, len(ports) > 1, names, f"spec.ports[{i}]")
    if spec.get("selector") is not None:
        errors += labels.validate_labels(spec["selector"], "spec.selector")
    errors += _affinity(spec)
    errors += _cluster_ips(spec)
    for i, ip in enumerate(spec.get("externalIPs") or []):
        if not valid_ip(ip):
            errors.append(invalid(f"spec.externalIPs[{i}]", ip, INVALID_IP))
    if not kind:
        errors.append(required("spec.type"))
    elif kind not in TYPES:
        errors.append(not_supported("spec.type", kind, TYPES))
    errors += _node_ports(spec)
    errors += _duplicate_ports(ports)
    errors += _traffic_policies(spec)
    if kind == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        errors.append(required("spec.allocateLoadBalancerNodePorts"))
    return errors


def _by_type(spec: Object) -> list[FieldError]:
    kind, ips = spec.get("type"), spec.get("clusterIPs") or []
    if kind in EXTERNAL_TYPES and headless(spec):
        detail = f"may not be set to 'None' for {kind} services"
        return [invalid("spec.clusterIPs[0]", NONE, detail)]
    if kind != "ExternalName":
        return []
    errors: list[FieldError] = []
    for key, value in (("clusterIPs", ips), ("ipFamilies", spec.get("ipFamilies"))):
        if value:
            errors.append(forbidden(f"spec.{key}", "may not be set for ExternalName services"))
    if spec.get("ipFamilyPolicy") is not None:
        errors.append(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"))
    cname = (spec.get("externalName") or "").removesuffix(".")
    if not cname:
        return [*errors, required("spec.externalName")]
    path = "spec.externalName"
    return errors + [invalid(path, cname, d) for d in content.dns1123_subdomain(cname)]


def _service_port(port: Object, require_name: bool, names: set[str], path: str) -> list[FieldError]:
    """validateServicePort."""
    errors: list[FieldError] = []
    name = port.get("name", "")
    if require_name and not name:
        errors.append(required(f"{path}.name"))
    elif name:
        errors += [invalid(f"{path}.name", name, d) for d in content.dns1123_label(name)]
        if name in names:
            errors.append(duplicate(f"{path}.name", name))
        names.add(name)
    errors += _port_number(port.get("port", 0), f"{path}.port")
    errors += _protocol(port.get("protocol", ""), f"{path}.protocol")
    errors += port_num_or_name(port.get("targetPort", 0), f"{path}.targetPort")
    return errors


def _affinity(spec: Object) -> list[FieldError]:
    affinity, config = spec.get("sessionAffinity", ""), spec.get("sessionAffinityConfig")
    if not affinity:
        return [required("spec.sessionAffinity")]
    if affinity not in AFFINITIES:
        return [not_supported("spec.sessionAffinity", affinity, AFFINITIES)]
    if affinity == "None":
        detail = "must not be set when session affinity is None"
        return [forbidden("spec.sessionAffinityConfig", detail)] if config is not None else []
    timeout = ((config or {}).get("clientIP") or {}).get("timeoutSeconds")
    if timeout is None:
        return [required("spec.sessionAffinityConfig", "when session affinity type is ClientIP")]
    if not 0 < timeout <= MAX_AFFINITY_SECONDS:
        path = "spec.sessionAffinityConfig.clientIP.timeoutSeconds"
        return [invalid(path, timeout, "must be greater than 0 and less than 86400")]
    return []


def _cluster_ips(spec: Object) -> list[FieldError]:
    """ValidateServiceClusterIPsRelatedFields, for single-stack IPv4."""
    if spec.get("type") == "ExternalName":
        return []
    errors: list[FieldError] = []
    ip, ips = spec.get("clusterIP", ""), spec.get("clusterIPs") or []
    if ip and not ips:
        errors.append(required("spec.clusterIPs"))
    elif ip and ips[0] != ip:
        errors.append(invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"))
    elif not ip and ips:
        errors.append(
            invalid("spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified")
        )
    seen: set[str] = set()
    for i, family in enumerate(spec.get("ipFamilies") or []):
        if family not in IP_FAMILIES:
            errors.append(not_supported(f"spec.ipFamilies[{i}]", family, IP_FAMILIES))
        if family in seen:
            errors.append(duplicate(f"spec.ipFamilies[{i}]", family))
        seen.add(family)
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in IP_FAMILY_POLICIES:
        errors.append(not_supported("spec.ipFamilyPolicy", policy, IP_FAMILY_POLICIES))
    for i, each in enumerate(ips):
        if i == 0 and each == NONE:
            continue
        if not valid_ip(each):
            errors.append(invalid(f"spec.clusterIPs[{i}]", each, INVALID_IP))
    if len(ips) > 2:
        errors.append(invalid("spec.clusterIPs", ips, "may only hold up to 2 values"))
    return errors


def _node_ports(spec: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[tuple[str, int]] = set()
    for i, port in enumerate(spec.get("ports") or []):
        node_port = port.get("nodePort") or 0
        if not node_port:
            continue
        if spec.get("type") == "ClusterIP":
            detail = "may not be used when `type` is 'ClusterIP'"
            errors.append(forbidden(f"spec.ports[{i}].nodePort", detail))
            continue
        errors += _port_number(node_port, f"spec.ports[{i}].nodePort")
        key = (port.get("protocol", ""), node_port)
        if key in seen:
            errors.append(duplicate(f"spec.ports[{i}].nodePort", node_port))
        seen.add(key)
    return errors


def _duplicate_ports(ports: list[Object]) -> list[FieldError]:
    """Each (protocol, port) once; the value is the internal ServicePort kube-apiserver holds."""
    errors: list[FieldError] = []
    seen: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        key = (port.get("protocol", ""), port.get("port", 0))
        if key in seen:
            value = {"Port": key[1], "Protocol": key[0]}
            errors.append(duplicate(f"spec.ports[{i}]", value))
        seen.add(key)
    return errors


def _traffic_policies(spec: Object) -> list[FieldError]:
    """validateServiceExternalTrafficPolicy and validateServiceInternalTrafficFieldsValue."""
    errors: list[FieldError] = []
    kind, policy = spec.get("type"), spec.get("externalTrafficPolicy", "")
    external = kind in EXTERNAL_TYPES or (kind == "ClusterIP" and spec.get("externalIPs"))
    if external and not policy:
        errors.append(required("spec.externalTrafficPolicy"))
    elif not external and policy:
        detail = "may only be set for externally-accessible services"
        errors.append(invalid("spec.externalTrafficPolicy", policy, detail))
    elif policy and policy not in TRAFFIC_POLICIES:
        errors.append(not_supported("spec.externalTrafficPolicy", policy, TRAFFIC_POLICIES))
    internal = spec.get("internalTrafficPolicy")
    if not internal and kind in ("ClusterIP", *EXTERNAL_TYPES):
        errors.append(required("spec.internalTrafficPolicy"))
    elif internal and internal not in TRAFFIC_POLICIES:
        errors.append(not_supported("spec.internalTrafficPolicy", internal, TRAFFIC_POLICIES))
    return errors


def validate_service_update(new: Object, old: Object) -> list[FieldError]:
    """validateUpgradeDowngradeClusterIPs: a Service's cluster IPs never change once set,
    unless it becomes, or stops being, an ExternalName one."""
    spec, before = new.get("spec") or {}, old.get("spec") or {}
    if "ExternalName" in (spec.get("type"), before.get("type")):
        return []
    if headless(spec) and headless(before):
        return []
    ips, old_ips = spec.get("clusterIPs") or [], before.get("clusterIPs") or []
    if len(ips) == len(old_ips) and ips != old_ips:
        changed = next(i for i, ip in enumerate(old_ips) if ips[i] != ip)
        return [invalid(f"spec.clusterIPs[{changed}]", ips, "may not change once set")]
    if len(ips) < len(old_ips) and not ips:
        return [required("spec.clusterIPs[0]", "primary clusterIP can not be unset")]
    return []


# -- Endpoints and EndpointSlices ------------------------------------------------------------


def validate_endpoints(endpoints: Object) -> list[FieldError]:
    """ValidateEndpoints: each subset's addresses are IPs and its ports valid."""
    errors: list[FieldError] = []
    for i, subset in enumerate(endpoints.get("subsets") or []):
        path = f"subsets[{i}]"
        for key in ("addresses", "notReadyAddresses"):
            for j, address in enumerate(subset.get(key) or []):
                ip = address.get("ip", "")
                if not valid_ip(ip):
                    errors.append(invalid(f"{path}.{key}[{j}].ip", ip, INVALID_IP))
        ports = subset.get("ports") or []
        for j, port in enumerate(ports):
            here = f"{path}.ports[{j}]"
            if len(ports) > 1 and not port.get("name"):
                errors.append(required(f"{here}.name"))
            errors += _port_number(port.get("port", 0), f"{here}.port")
            errors += _protocol(port.get("protocol", ""), f"{here}.protocol")
    return errors


def validate_endpoint_slice(slice_: Object) -> list[FieldError]:
    """ValidateEndpointSlice: its address type, addresses of that type, valid ports."""
    errors: list[FieldError] = []
    address_type = slice_.get("addressType", "")
    if not address_type:
        errors.append(required("addressType"))
    elif address_type not in ADDRESS_TYPES:
        errors.append(not_supported("addressType", address_type, ADDRESS_TYPES))
    for i, endpoint in enumerate(slice_.get("endpoints") or []):
        addresses = endpoint.get("addresses") or []
        if not addresses:
            errors.append(required(f"endpoints[{i}].addresses", "must contain at least 1 address"))
        for j, address in enumerate(addresses):
            if address_type in ("IPv4", "IPv6") and not valid_ip(address):
                errors.append(invalid(f"endpoints[{i}].addresses[{j}]", address, INVALID_IP))
    for i, port in enumerate(slice_.get("ports") or []):
        if port.get("port") is not None:
            errors += _port_number(port["port"], f"ports[{i}].port")
        errors += _protocol(port.get("protocol", ""), f"ports[{i}].protocol")
    return errors


def validate_address_type_update(new: Object, old: Object) -> list[FieldError]:
    if new.get("addressType") == old.get("addressType"):
        return []
    return [invalid("addressType", new.get("addressType", ""), "field is immutable")]
