"""What a CoreDNS backend finds for a name (plugin/etcd/msg): a host that is an address, a
name to alias, or a text, with the port and TTL of the records made from it, and the name
it lives at (the domain of its key), which SRV and NS records point at."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

A = "A"
AAAA = "AAAA"
CNAME = "CNAME"
TXT = "TXT"


@dataclass(frozen=True, slots=True)
class Service:
    host: str  # an IP address or a domain name
    name: str  # where it lives: "web.default.svc.cluster.local."
    ttl: int
    port: int = 0  # -1: its Service or EndpointSlice declares no port
    text: str = ""

    def host_type(self) -> tuple[str, str]:
        """HostType: "A" or "AAAA" with the address as Go prints it, "CNAME" for a name,
        "TXT" for a text."""
        ip = parse_ip(self.host)
        if ip is None:
            return (TXT if self.text else CNAME), ""
        return (A if ip.version == 4 else AAAA), str(ip)


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """net.ParseIP, with an IPv4-mapped IPv6 address as the IPv4 address it maps (To4)."""
    if "%" in text:  # a zone: Python takes it, Go does not
        return None
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def fqdn(name: str) -> str:
    """dns.Fqdn: the name with the root's dot."""
    return name if name.endswith(".") else f"{name}."


def is_subdomain(parent: str, child: str) -> bool:
    """dns.IsSubDomain: `child` is `parent` or a name under it."""
    parent, child = parent.lower(), child.lower()
    return parent == "." or child == parent or child.endswith(f".{parent}")


def matches(zones: tuple[str, ...], name: str) -> str:
    """plugin.Zones.Matches: the longest of `zones` that holds `name` ("" if none)."""
    return max((zone for zone in zones if is_subdomain(zone, name)), key=len, default="")
