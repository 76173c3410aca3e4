"""The kubernetes plugin's records, asked of CoreDNS in a cluster holding a Service of each
kind with hand-written EndpointSlices: what each name answers, and when NXDOMAIN, NODATA or
forward's SERVFAIL."""

from __future__ import annotations

from typing import Any

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.dns import kubernetes
from cluster.engine.dns.coredns import CoreDNS
from cluster.engine.dns.message import NOERROR, NXDOMAIN, SERVFAIL, Record
from tests.cluster.engine.controllers.helpers import API, settle
from tests.cluster.engine.dns.helpers import ask, dig

HTTP = {"name": "http", "port": 80, "protocol": "TCP"}


def service(name: str, namespace: str = "default", **spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": name, "namespace": namespace}, "spec": spec}


def endpoint_slice(
    service: str, port: dict[str, Any], *endpoints: dict[str, Any], namespace: str = "default"
) -> dict[str, Any]:
    """A slice of `service`'s, as a controller would write it."""
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "name": f"{service}-x7k2p",
            "namespace": namespace,
            "labels": {"kubernetes.io/service-name": service},
        },
        "addressType": "IPv4",
        "endpoints": list(endpoints),
        "ports": [port],
    }


def endpoint(ip: str, ready: bool = True, **more: Any) -> dict[str, Any]:
    return {"addresses": [ip], "conditions": {"ready": ready}, **more}


@pytest.fixture(scope="module")
def dns() -> CoreDNS:
    """web (ClusterIP, two ports, one endpoint), db (headless: db-0 ready, one ready with no
    hostname, db-2 not ready), lonely (headless, no endpoints), ext and alias
    (ExternalName), prod/api; kube-dns's slice as the mirroring controller writes it, at the
    control-plane node's address, where the cluster's CoreDNS listens."""
    cluster = Cluster()
    api = API(cluster)
    api.create("namespaces", {"metadata": {"name": "prod"}}, "")
    dns_port = {"name": "dns", "port": 53, "protocol": "UDP"}
    pg = {"name": "pg", "port": 5432, "protocol": "TCP"}
    for body in (
        service("web", clusterIP="10.96.100.10", ports=[HTTP, dns_port]),
        service("db", clusterIP="None", ports=[pg]),
        service("lonely", clusterIP="None", ports=[HTTP]),
        service("ext", type="ExternalName", externalName="example.com"),
        service("alias", type="ExternalName", externalName="web.default.svc.cluster.local"),
        service("api", "prod", clusterIP="10.96.100.20", ports=[HTTP]),
    ):
        api.create("services", body, body["metadata"]["namespace"])
    for body in (
        endpoint_slice("web", {**HTTP, "port": 8080}, endpoint("10.244.1.5")),
        endpoint_slice(
            "db",
            pg,
            endpoint("10.244.2.7", hostname="db-0"),
            endpoint("10.244.2.8"),
            endpoint("10.244.2.9", False, hostname="db-2"),
        ),
    ):
        api.create("endpointslices", body, body["metadata"]["namespace"])
    settle(cluster)
    return cluster.coredns


def rr(text: str) -> str:
    """A record written "name ttl type data", as dig prints it."""
    name, ttl, rtype, data = text.split(" ", 3)
    return str(Record(name, int(ttl), rtype, data))


def found(*answer: str, extra: tuple[str, ...] = ()) -> tuple[Any, ...]:
    return NOERROR, True, [rr(r) for r in answer], [], [rr(r) for r in extra]


SOA = "ns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30"
NODATA = (NOERROR, True, [], [rr(f"cluster.local. 30 SOA {SOA}")], [])
NAME_ERROR = (NXDOMAIN, True, [], [rr(f"cluster.local. 30 SOA {SOA}")], [])
FORWARDED = (SERVFAIL, False, [], [], [])  # the node's resolver cannot be reached
WEB = "web.default.svc.cluster.local."
DB = "db.default.svc.cluster.local."


@pytest.mark.parametrize(
    ("name", "qtype", "expected"),
    [
        # a ClusterIP Service: its IP, its ports as SRV records, its endpoints by name
        (WEB, "A", found(f"{WEB} 30 A 10.96.100.10")),
        (WEB, "AAAA", NODATA),
        (
            WEB,
            "SRV",
            found(
                f"{WEB} 30 SRV 0 50 80 {WEB}",
                f"{WEB} 30 SRV 0 50 53 {WEB}",
                extra=(f"{WEB} 30 A 10.96.100.10",),
            ),
        ),
        (
            f"_http._tcp.{WEB}",
            "SRV",
            found(f"_http._tcp.{WEB} 30 SRV 0 100 80 {WEB}", extra=(f"{WEB} 30 A 10.96.100.10",)),
        ),
        (
            f"_dns._udp.{WEB}",
            "SRV",
            found(f"_dns._udp.{WEB} 30 SRV 0 100 53 {WEB}", extra=(f"{WEB} 30 A 10.96.100.10",)),
        ),
        (f"_http._udp.{WEB}", "SRV", NAME_ERROR),
        (f"10-244-1-5.{WEB}", "A", found(f"10-244-1-5.{WEB} 30 A 10.244.1.5")),
        (f"a.b.c.{WEB}", "A", NAME_ERROR),  # too long
        (f"{WEB}default.svc.cluster.local.", "A", NAME_ERROR),  # a search path tried
        (WEB, "TXT", NODATA),
        (WEB, "SOA", NODATA),
        (WEB, "MX", NODATA),
        (WEB, "ANY", NODATA),
        (
            "api.prod.svc.cluster.local.",
            "A",
            found("api.prod.svc.cluster.local. 30 A 10.96.100.20"),
        ),
        # a headless Service: its ready endpoints, each also by its hostname (or dashed IP)
        (DB, "A", found(f"{DB} 30 A 10.244.2.8", f"{DB} 30 A 10.244.2.7")),
        (f"db-0.{DB}", "A", found(f"db-0.{DB} 30 A 10.244.2.7")),
        (f"10-244-2-8.{DB}", "A", found(f"10-244-2-8.{DB} 30 A 10.244.2.8")),
        (f"db-2.{DB}", "A", NAME_ERROR),  # not ready
        (
            f"_pg._tcp.{DB}",
            "SRV",
            found(
                f"_pg._tcp.{DB} 30 SRV 0 50 5432 db-0.{DB}",
                f"_pg._tcp.{DB} 30 SRV 0 50 5432 10-244-2-8.{DB}",
                extra=(f"10-244-2-8.{DB} 30 A 10.244.2.8", f"db-0.{DB} 30 A 10.244.2.7"),
            ),
        ),
        ("lonely.default.svc.cluster.local.", "A", NAME_ERROR),  # no ready endpoint
        # ExternalName: a CNAME; its target outside the cluster goes to forward, which fails
        (
            "ext.default.svc.cluster.local.",
            "A",
            found("ext.default.svc.cluster.local. 30 CNAME example.com."),
        ),
        (
            "ext.default.svc.cluster.local.",
            "CNAME",
            found("ext.default.svc.cluster.local. 30 CNAME example.com."),
        ),
        ("ext.default.svc.cluster.local.", "SRV", NODATA),
        (
            "alias.default.svc.cluster.local.",
            "A",
            found(f"alias.default.svc.cluster.local. 30 CNAME {WEB}", f"{WEB} 30 A 10.96.100.10"),
        ),
        # names that do not exist, and those that exist with nothing of the type
        ("nope.default.svc.cluster.local.", "A", NAME_ERROR),
        ("nope.default.svc.cluster.local.", "MX", NAME_ERROR),
        ("default.svc.cluster.local.", "A", NODATA),
        ("nons.svc.cluster.local.", "A", NAME_ERROR),
        ("web.nons.svc.cluster.local.", "A", NAME_ERROR),
        ("svc.cluster.local.", "A", NODATA),
        ("cluster.local.", "A", NODATA),
        ("foo.cluster.local.", "A", NAME_ERROR),
        # pods insecure: the address the name spells, in a namespace that exists
        (
            "10-244-1-9.default.pod.cluster.local.",
            "A",
            found("10-244-1-9.default.pod.cluster.local. 30 A 10.244.1.9"),
        ),
        ("10-244-1-9.default.pod.cluster.local.", "AAAA", NODATA),
        (
            "fd00--1.default.pod.cluster.local.",
            "AAAA",
            found("fd00--1.default.pod.cluster.local. 30 AAAA fd00::1"),
        ),
        ("10-244-1-9.nons.pod.cluster.local.", "A", NAME_ERROR),
        ("not-an-ip.default.pod.cluster.local.", "A", NAME_ERROR),
        # the zone's own records (the cache caps dns-version's 28800 s TTL to 30)
        ("dns-version.cluster.local.", "TXT", found('dns-version.cluster.local. 30 TXT "1.1.0"')),
        ("cluster.local.", "TXT", NAME_ERROR),
        ("cluster.local.", "SOA", found(f"cluster.local. 30 SOA {SOA}")),
        (
            "cluster.local.",
            "NS",
            found(
                "cluster.local. 30 NS kubernetes.default.svc.cluster.local.",
                "cluster.local. 30 NS kube-dns.kube-system.svc.cluster.local.",
                extra=(
                    "kube-dns.kube-system.svc.cluster.local. 30 A 10.96.0.10",
                    "kubernetes.default.svc.cluster.local. 30 A 10.96.0.1",
                ),
            ),
        ),
        (
            "ns.dns.cluster.local.",
            "A",
            found("ns.dns.cluster.local. 30 A 10.96.0.10", "ns.dns.cluster.local. 30 A 10.96.0.1"),
        ),
        # reverse: Service IPs, then any ready endpoint's address; the rest goes on to forward
        ("10.100.96.10.in-addr.arpa.", "PTR", found(f"10.100.96.10.in-addr.arpa. 30 PTR {WEB}")),
        (
            "5.1.244.10.in-addr.arpa.",
            "PTR",
            found(f"5.1.244.10.in-addr.arpa. 30 PTR 10-244-1-5.{WEB}"),
        ),
        ("7.2.244.10.in-addr.arpa.", "PTR", found(f"7.2.244.10.in-addr.arpa. 30 PTR db-0.{DB}")),
        (
            "2.0.18.172.in-addr.arpa.",
            "PTR",
            found(
                "2.0.18.172.in-addr.arpa. 30 PTR 172-18-0-2.kubernetes.default.svc.cluster.local.",
                "2.0.18.172.in-addr.arpa. 30 PTR 172-18-0-2.kube-dns.kube-system.svc.cluster.local.",
            ),
        ),
        ("9.2.244.10.in-addr.arpa.", "PTR", FORWARDED),  # db-2 is not ready
        ("1.1.1.1.in-addr.arpa.", "PTR", FORWARDED),
        (
            "in-addr.arpa.",
            "SOA",
            found(
                "in-addr.arpa. 30 SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. 1767225600 7200 1800 86400 30"
            ),
        ),
        # outside the cluster's zones: forward
        ("example.com.", "A", FORWARDED),
        ("kubernetes.io.", "AAAA", FORWARDED),
    ],
)
def test_records(dns: CoreDNS, name: str, qtype: str, expected: tuple[Any, ...]):
    assert dig(ask(dns, name, qtype)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "web.default.svc",
            kubernetes.RecordRequest(service="web", namespace="default", pod_or_svc="svc"),
        ),
        (
            "_http._tcp.web.default.svc",
            kubernetes.RecordRequest("http", "tcp", "", "web", "default", "svc"),
        ),
        (
            "db-0.db.default.svc",
            kubernetes.RecordRequest(
                endpoint="db-0", service="db", namespace="default", pod_or_svc="svc"
            ),
        ),
        ("svc", kubernetes.RecordRequest()),
        ("default.pod", kubernetes.RecordRequest(namespace="default", pod_or_svc="pod")),
    ],
)
def test_parse_request(name: str, expected: kubernetes.RecordRequest):
    assert kubernetes.parse_request(f"{name}.cluster.local.", "cluster.local.") == expected


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("4.3.2.1.in-addr.arpa.", "1.2.3.4"),
        ("3.2.1.in-addr.arpa.", ""),
        (
            "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.",
            "2001:db8::567:89ab",
        ),
        ("4.0.3.0.2.0.1.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", "1.2.3.4"),
        ("web.default.svc.cluster.local.", ""),
    ],
)
def test_address_from_reverse(name: str, address: str):
    assert kubernetes.address_from_reverse(name) == address
