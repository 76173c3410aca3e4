"""IP addresses and CIDR values as apimachinery's util/validation/ip.go checks them: legacy
fields with StrictIPCIDRValidation on (beta, on by default since Kubernetes 1.36), the
warnings it gives for values in a non-standard form, and the strict checks of new fields."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection

from cluster.engine.api.field import FieldError, invalid
from cluster.engine.api.servicevalidation import INVALID_IP, parse_ip_sloppy, parse_ip_strict

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
IP_EXAMPLE = "(e.g. 10.9.8.7 or 2001:db8::ffff)"
CIDR_EXAMPLE = "(e.g. 10.9.8.0/24 or 2001:db8::/64)"
_DIGITS = re.compile(r"[0-9]+")
_LEADING_ZERO = re.compile(r"(^|\.)0[0-9]")


def parse_cidr_sloppy(value: str) -> tuple[Address, Network] | None:
    """netutils.ParseCIDRSloppy: the address as written and the network it is in; the
    prefix length may have leading zeros. None: not a CIDR value."""
    address, slash, bits = value.partition("/")
    ip = parse_ip_sloppy(address) if slash else None
    if ip is None or not _DIGITS.fullmatch(bits) or int(bits) > ip.max_prefixlen:
        return None
    return ip, ipaddress.ip_network(f"{ip}/{int(bits)}", strict=False)


def _leading_zeros(address: str) -> bool:
    """What netip.ParseAddr refuses that ParseIPSloppy reads: an IPv4 part such as `010`."""
    return "." in address and ":" not in address and bool(_LEADING_ZERO.search(address))


def _mapped(ip: Address) -> bool:
    return isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None


def legacy_ip(path: str, value: str, old: Collection[str]) -> list[FieldError]:
    """IsValidIPForLegacyField: a value the old object had passes as it is."""
    if value in old:
        return []
    ip = parse_ip_sloppy(value)
    if ip is None:
        return [invalid(path, value, INVALID_IP)]
    errors = [invalid(path, value, "must not have leading 0s")] if _leading_zeros(value) else []
    if _mapped(ip):
        errors.append(invalid(path, value, "must not be an IPv4-mapped IPv6 address"))
    return errors


def legacy_cidr(path: str, value: str, old: Collection[str]) -> list[FieldError]:
    """IsValidCIDRForLegacyField: a value the old object had passes as it is."""
    if value in old:
        return []
    parsed = parse_cidr_sloppy(value)
    if parsed is None:
        return [invalid(path, value, INVALID_CIDR)]
    ip, network = parsed
    address, _, bits = value.partition("/")
    if _leading_zeros(address) or (bits != "0" and bits.startswith("0")):
        return [invalid(path, value, "must not have leading 0s in IP or prefix length")]
    if _mapped(ip):
        return [invalid(path, value, "must not have an IPv4-mapped IPv6 address")]
    if ip != network.network_address:
        return [invalid(path, value, "must not have bits set beyond the prefix length")]
    return []


def cidr_warnings(path: str, value: str) -> list[str]:
    """GetWarningsForCIDR: an ambiguous or non-standard value, or IPv6 not in RFC 5952 form."""
    parsed = parse_cidr_sloppy(value)
    if parsed is None:
        return []
    ip, network = parsed
    found = []
    if ip != network.network_address:
        single = f"{ip}/{ip.max_prefixlen}"
        found.append(
            f'{path}: CIDR value "{value}" is ambiguous in this context '
            f'(should be "{network}" or "{single}"?)'
        )
    address, _, bits = value.partition("/")
    if _leading_zeros(address) or (bits != "0" and bits.startswith("0")) or _mapped(ip):
        found.append(f'{path}: non-standard CIDR value "{value}" is invalid: use "{network}"')
    canonical = f"{ip}/{bits}"
    if not found and ip.version == 6 and canonical != value:
        found.append(
            f'{path}: IPv6 CIDR value "{value}" should be in RFC 5952 canonical format '
            f'("{canonical}")'
        )
    return found


def ip_warnings(path: str, value: str) -> list[str]:
    """GetWarningsForIP: a non-standard address, or IPv6 not in RFC 5952 form."""
    ip = parse_ip_sloppy(value)
    if ip is None:
        return []
    if _leading_zeros(value) or _mapped(ip):
        return [f'{path}: non-standard IP address "{value}" is invalid: use "{ip}"']
    if ip.version == 6 and str(ip) != value:
        return [f'{path}: IPv6 address "{value}" should be in RFC 5952 canonical format ("{ip}")']
    return []


# -- the strict checks of new fields (IsValidIP, IsValidCIDR) ----------------------------


def ip_problems(value: str) -> list[str]:
    """IsValidIP's details."""
    ip = parse_ip_strict(value)
    if ip is None:
        if "%" in value and parse_ip_strict(value.partition("%")[0]) is not None:
            return ["IP address with zone specifier is not allowed"]
        if parse_ip_sloppy(value) is not None:
            return ["IP address cannot have leading 0s"]
        if parse_cidr_sloppy(value) is not None:
            return [f"expected an IP address {IP_EXAMPLE}, got CIDR value"]
        return [f"must be a valid IP address {IP_EXAMPLE}"]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ["IPv4-mapped IPv6 address is not allowed"]
    return []


def cidr_problems(value: str) -> list[str]:
    """IsValidCIDR's details."""
    parsed = parse_cidr_sloppy(value)
    if parsed is None:
        if parse_ip_sloppy(value) is not None:
            return [f"expected a valid CIDR value {CIDR_EXAMPLE}, got IP address"]
        return [f"must be a valid CIDR value {CIDR_EXAMPLE}"]
    ip, network = parsed
    address, _, bits = value.partition("/")
    if parse_ip_strict(address) is None:
        return ["IP address in CIDR cannot have leading 0s"]
    if bits != "0" and bits.startswith("0"):
        return ["prefix length in CIDR cannot have leading 0s"]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ["CIDR containing IPv4-mapped IPv6 address is not allowed"]
    if ip != network.network_address:
        return ["CIDR value should not have any bits set beyond the prefix length"]
    return []
