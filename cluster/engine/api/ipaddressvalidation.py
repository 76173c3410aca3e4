"""ServiceCIDR and IPAddress (networking.k8s.io/v1) validation."""

from __future__ import annotations

import ipaddress

from cluster.engine.api import content
from cluster.engine.api.field import TOO_MANY, FieldError, error, invalid, required
from cluster.engine.api.ipcidr import cidr_problems, ip_problems
from cluster.engine.api.meta import Object
from cluster.engine.api.validation import immutable

ONE_PER_FAMILY = (
    "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64"
)


def validate_service_cidr(service_cidr: Object) -> list[FieldError]:
    """ValidateServiceCIDR: one CIDR, or two of different families."""
    cidrs = (service_cidr.get("spec") or {}).get("cidrs") or []
    if not cidrs:
        return [required("spec.cidrs", "at least one CIDR required")]
    if len(cidrs) > 2:
        return [error(TOO_MANY, "spec.cidrs", len(cidrs), "must have at most 2 items")]
    errors = [
        invalid(f"spec.cidrs[{i}]", cidr, problem)
        for i, cidr in enumerate(cidrs)
        for problem in cidr_problems(cidr)
    ]
    if not errors and len(cidrs) == 2:
        versions = {ipaddress.ip_network(cidr).version for cidr in cidrs}
        if len(versions) == 1:
            errors.append(invalid("spec.cidrs", cidrs, ONE_PER_FAMILY))
    return errors


def validate_service_cidr_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateServiceCIDRUpdate: the CIDRs never change, but a second family may be added."""
    cidrs = (new.get("spec") or {}).get("cidrs") or []
    before = (old.get("spec") or {}).get("cidrs") or []
    if len(cidrs) == len(before):
        return [
            invalid(f"spec.cidrs[{i}]", cidr, "field is immutable")
            for i, (cidr, was) in enumerate(zip(cidrs, before, strict=True))
            if cidr != was
        ]
    if len(before) == 1 and len(cidrs) == 2:
        if cidrs[0] != before[0]:
            return [invalid("spec.cidrs[0]", cidrs[0], "field is immutable")]
        return validate_service_cidr(new)
    return [invalid("spec.cidrs", cidrs, "field is immutable")]


def ip_address_name(name: str, prefix: bool = False) -> list[str]:
    """ValidateIPAddressName: the name is the address."""
    return ip_problems(name)


def validate_ip_address(ip_address: Object) -> list[FieldError]:
    """ValidateIPAddress: what holds the address is named."""
    ref = (ip_address.get("spec") or {}).get("parentRef")
    if ref is None:
        return [required("spec.parentRef")]
    path = "spec.parentRef"
    errors = []
    group = ref.get("group") or ""
    if group:
        errors += [invalid(f"{path}.group", group, m) for m in content.dns1123_subdomain(group)]
    for key, optional in (("resource", False), ("namespace", True), ("name", False)):
        value = ref.get(key) or ""
        if not value:
            errors += [] if optional else [required(f"{path}.{key}")]
            continue
        errors += [invalid(f"{path}.{key}", value, m) for m in content.path_segment_name(value)]
    return errors


def validate_ip_address_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateIPAddressUpdate: the parent never changes."""
    ref = (new.get("spec") or {}).get("parentRef")
    return immutable(ref, (old.get("spec") or {}).get("parentRef"), "spec.parentRef")
