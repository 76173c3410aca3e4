"""CoreDNS in a real engine cluster, watching as its ServiceAccount: its answers follow the
Services and their endpoints as they change, its cache keeps what is outside cluster.local,
and it pickles with the cluster."""

from __future__ import annotations

import pickle
import random
from typing import Any

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.dns.coredns import CoreDNS
from cluster.engine.dns.message import NOERROR, NXDOMAIN, SERVFAIL, Question
from tests.cluster.engine.controllers.helpers import API, settle
from tests.cluster.engine.dns.helpers import (
    ask,
    dig,
)

WEB = "web.default.svc.cluster.local."


def web_service(**spec: Any) -> dict[str, Any]:
    return {
        "metadata": {"name": "web"},
        "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}], **spec},
    }


def web_pod(name: str, **spec: Any) -> dict[str, Any]:
    container = {"name": "nginx", "image": "nginx", **spec.pop("container", {})}
    return {
        "metadata": {"name": name, "labels": {"app": "web"}},
        "spec": {"containers": [container], **spec},
    }


def addresses(dns: CoreDNS, name: str) -> list[str]:
    return sorted(r.data for r in ask(dns, name).answer)


def soa_serial(dns: CoreDNS) -> int:
    [soa] = ask(dns, "cluster.local.", "SOA").answer
    return int(soa.data.split()[2])


def test_the_cluster_s_coredns_watches_as_its_service_account_bound_by_kubeadm():
    cluster = Cluster()
    watches = [h for h in cluster.trace.since(0) if h.source == CoreDNS.name and h.verb == "watch"]
    assert sorted(h.object for h in watches) == ["endpointslices", "namespaces", "services"]
    refused = [
        h for h in cluster.trace.since(0) if h.destination == CoreDNS.name and "403" in h.summary
    ]
    assert refused == []
    dns = cluster.coredns
    assert addresses(dns, "kubernetes.default.svc.cluster.local.") == ["10.96.0.1"]
    assert addresses(dns, "kube-dns.kube-system.svc.cluster.local.") == ["10.96.0.10"]
    assert ask(dns, "nope.default.svc.cluster.local.").rcode == NXDOMAIN


def test_a_service_answers_from_its_creation_to_its_deletion():
    cluster = Cluster()
    api = API(cluster)
    dns = cluster.coredns
    assert ask(dns, WEB).rcode == NXDOMAIN
    cluster.advance_to(cluster.clock.now + 5_000)
    ip = api.create("services", web_service())["spec"]["clusterIP"]
    assert addresses(dns, WEB) == [ip]
    assert soa_serial(dns) == cluster.spec.epoch + cluster.clock.now // 1000
    api.delete("services", "web")
    assert ask(dns, WEB).rcode == NXDOMAIN


def test_a_headless_service_answers_its_pods_once_they_are_ready():
    cluster = Cluster()
    api = API(cluster)
    dns = cluster.coredns
    api.create("services", web_service(clusterIP="None"))
    api.create("pods", web_pod("web-0", hostname="web-0", subdomain="web"))
    assert ask(dns, WEB).rcode == NXDOMAIN  # not running yet
    settle(cluster)
    ip = api.get("pods", "web-0")["status"]["podIP"]
    assert addresses(dns, WEB) == [ip]
    assert addresses(dns, f"web-0.{WEB}") == [ip]
    reverse = ".".join(reversed(ip.split("."))) + ".in-addr.arpa."
    assert [r.data for r in ask(dns, reverse, "PTR").answer] == [f"web-0.{WEB}"]


@pytest.mark.parametrize(("publish", "rcode"), [(False, NXDOMAIN), (True, NOERROR)])
def test_a_pod_that_is_not_ready_answers_only_with_publish_not_ready_addresses(
    publish: bool, rcode: str
):
    cluster = Cluster()
    api = API(cluster)
    dns = cluster.coredns
    api.create("services", web_service(clusterIP="None", publishNotReadyAddresses=publish))
    never_ready = {"readinessProbe": {"tcpSocket": {"port": 81}}}
    api.create("pods", web_pod("web-0", container=never_ready))
    settle(cluster)
    assert ask(dns, WEB).rcode == rcode


def test_the_cache_keeps_a_reverse_answer_for_its_ttl_but_none_of_cluster_local():
    cluster = Cluster()
    api = API(cluster)
    dns = cluster.coredns
    api.create("services", web_service(clusterIP="10.96.100.10"))
    reverse = "10.100.96.10.in-addr.arpa."
    assert dig(ask(dns, reverse, "PTR"))[2] == [f"{reverse}\t\t30\tIN\tPTR\t{WEB}"]
    api.delete("services", "web")
    assert ask(dns, WEB).rcode == NXDOMAIN
    cluster.advance_to(cluster.clock.now + 12_500)
    assert dig(ask(dns, reverse, "PTR"))[2] == [f"{reverse}\t\t18\tIN\tPTR\t{WEB}"]
    cluster.advance_to(cluster.clock.now + 17_500)
    assert ask(dns, reverse, "PTR").rcode == SERVFAIL  # gone, and forward cannot answer


def test_loadbalance_shuffles_the_addresses_from_its_random_stream():
    cluster = Cluster()
    api = API(cluster)
    dns = cluster.coredns
    api.create("services", web_service(clusterIP="None"))
    for name in ("web-0", "web-1", "web-2"):
        api.create("pods", web_pod(name))
    settle(cluster)
    dns.rng = random.Random(7)
    orders = [[r.data for r in dns.serve(Question(WEB), "10.244.1.2").answer] for _ in range(3)]
    assert orders == [
        ["10.244.1.2", "10.244.2.3", "10.244.2.2"],
        ["10.244.1.2", "10.244.2.3", "10.244.2.2"],
        ["10.244.2.2", "10.244.2.3", "10.244.1.2"],
    ]


def test_coredns_pickles_with_the_cluster():
    cluster = Cluster()
    api = API(cluster)
    dns = cluster.coredns
    api.create("services", web_service(clusterIP="10.96.100.10"))
    cluster, dns = pickle.loads(pickle.dumps((cluster, dns)))
    assert addresses(dns, WEB) == ["10.96.100.10"]
    API(cluster).delete("services", "web")
    assert ask(dns, WEB).rcode == NXDOMAIN
