"""The records a CoreDNS backend answers with, one function per question type (plugin/
backend_lookup.go): from what the backend finds for the name, A and AAAA records (following
CNAMEs), SRV records with their targets' addresses, PTR, TXT, CNAME, NS and the zone's SOA.

The backend raises DNSNameError when the name does not exist; a name that exists with no
record of the type gives no records (NODATA)."""

from __future__ import annotations

import math
from typing import Protocol

from cluster.engine.dns import msg
from cluster.engine.dns.message import Answer, Record

MAX_CNAME_CHAIN = 10  # maxCnameChainLength
HOSTMASTER = "hostmaster"
SOA_REFRESH, SOA_RETRY, SOA_EXPIRE = 7200, 1800, 86400
SOA_MAX_TTL = 300


class DNSNameError(Exception):
    """The name does not exist (IsNameError: errNoItems, errNsNotExposed, errInvalidRequest)."""


class Backend(Protocol):
    def services(self, name: str, qtype: str, zone: str) -> list[msg.Service]: ...

    def reverse(self, name: str, zone: str) -> list[msg.Service]: ...

    def lookup(self, name: str, qtype: str) -> Answer:
        """Ask the whole server (the upstream plugin), for a name outside the zone."""
        ...

    def serial(self) -> int: ...

    def min_ttl(self) -> int: ...


def address(
    backend: Backend, zone: str, name: str, qtype: str, previous: tuple[Record, ...] = ()
) -> list[Record]:
    """plugin.A and plugin.AAAA: the addresses of `qtype` found, and for an alias its CNAME
    and its target's addresses, resolved in the zone or else asked of the server."""
    records: list[Record] = []
    seen: set[str] = set()
    for service in backend.services(name, qtype, zone):
        what, ip = service.host_type()
        if what == msg.CNAME:
            records += _alias(backend, zone, name, qtype, previous, service)
        elif what == qtype and service.host not in seen:
            seen.add(service.host)
            records.append(Record(name, service.ttl, qtype, ip))
    return records


def _alias(
    backend: Backend,
    zone: str,
    name: str,
    qtype: str,
    previous: tuple[Record, ...],
    service: msg.Service,
) -> list[Record]:
    target = msg.fqdn(service.host)
    if msg.is_subdomain(name, target):  # x CNAME x is a loop
        return []
    cname = Record(name, service.ttl, msg.CNAME, target)
    if len(previous) > MAX_CNAME_CHAIN or any(
        r.rtype == msg.CNAME and r.data == target for r in previous
    ):
        return []
    if not msg.is_subdomain(zone, target):
        return [cname, *backend.lookup(target, qtype).answer]
    try:
        following = address(backend, zone, target, qtype, (*previous, cname))
    except DNSNameError:
        return []
    return [cname, *following] if following else []


def srv(backend: Backend, zone: str, name: str) -> tuple[list[Record], list[Record]]:
    """plugin.SRV: a record per port found, weighted evenly, and its target's address in
    the additional section."""
    services = backend.services(name, "SRV", zone)
    # every priority 0 and every weight the default 100: each gets its share of 100
    weight = max(1, math.floor(100.0 / (100 * len(services)) * 100)) if services else 0
    records: list[Record] = []
    extra: list[Record] = []
    seen: set[tuple[str, int, str]] = set()
    for service in services:
        if service.port == -1:  # no port declared
            continue
        what, ip = service.host_type()
        target = service.name
        if (target, service.port, "") not in seen:
            seen.add((target, service.port, ""))
            data = f"0 {weight} {service.port} {target}"
            records.append(Record(name, service.ttl, "SRV", data))
        if (target, 0, service.host) not in seen:
            seen.add((target, 0, service.host))
            extra.append(Record(target, service.ttl, what, ip))
    return records, extra


def ptr(backend: Backend, zone: str, name: str) -> list[Record]:
    """plugin.PTR: the names found for the address."""
    records: list[Record] = []
    for service in backend.reverse(name, zone):
        target = msg.fqdn(service.host)
        if msg.parse_ip(service.host) is None and all(r.data != target for r in records):
            records.append(Record(name, service.ttl, "PTR", target))
    return records


def txt(backend: Backend, zone: str, name: str) -> list[Record]:
    """plugin.TXT: the texts found, each once."""
    records: list[Record] = []
    for service in backend.services(name, msg.TXT, zone):
        data = f'"{service.text}"'
        if service.host_type()[0] == msg.TXT and all(r.data != data for r in records):
            records.append(Record(name, service.ttl, msg.TXT, data))
    return records


def cname(backend: Backend, zone: str, name: str) -> list[Record]:
    """plugin.CNAME: the alias the first thing found is, if it is one."""
    found = backend.services(name, msg.CNAME, zone)
    if not found or msg.parse_ip(found[0].host) is not None:
        return []
    return [Record(name, found[0].ttl, msg.CNAME, msg.fqdn(found[0].host))]


def mx(backend: Backend, zone: str, name: str) -> list[Record]:
    """plugin.MX: the mail exchangers found; the kubernetes plugin finds none, so only
    whether the name exists is decided."""
    backend.services(name, "MX", zone)
    return []


def ns(backend: Backend, zone: str) -> tuple[list[Record], list[Record]]:
    """plugin.NS: what the zone's special name ns.dns.<zone> holds, as NS records of the
    zone naming where each address lives, and those addresses as additional records."""
    records: list[Record] = []
    extra: list[Record] = []
    for service in backend.services(f"ns.dns.{zone}", "NS", zone):
        what, ip = service.host_type()
        extra.append(Record(service.name, service.ttl, what, ip))
        if all(r.data != service.name for r in records):
            records.append(Record(zone, service.ttl, "NS", service.name))
    return records, extra


def soa(backend: Backend, zone: str) -> Record:
    """plugin.SOA: the zone's SOA record, its serial the time the backend last changed."""
    minimum = backend.min_ttl()
    data = (
        f"ns.dns.{zone} {HOSTMASTER}.{zone} {backend.serial()} "
        f"{SOA_REFRESH} {SOA_RETRY} {SOA_EXPIRE} {minimum}"
    )
    return Record(zone, min(minimum, SOA_MAX_TTL), "SOA", data)
