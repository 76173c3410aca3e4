"""describeServiceCIDRV1 and describeIPAddressV1, as kubectl 1.37 prints them: over given
objects, and through the built-in kubectl against a cluster, whose kube-apiserver keeps the
ServiceCIDR "kubernetes" and an IPAddress for each Service's cluster IP."""

import pytest

from cluster.engine.apiserver.request import Response
from cluster.engine.cluster import Cluster
from cluster.kubectl.context import Context
from cluster.kubectl.describe import networking
from cluster.kubectl.describe.writer import PrefixWriter
from tests.cluster.kubectl.helpers import run

READY = {
    "type": "Ready",
    "status": "True",
    "lastTransitionTime": "2026-01-01T00:00:00Z",
    "reason": "",
    "message": "Kubernetes Service CIDR is ready",
}
ALLOCATED = {
    "ipaddress.kubernetes.io/ip-family": "IPv4",
    "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io",
}


def no_requests(request):
    return Response(404, {"kind": "Status", "reason": "NotFound", "code": 404})


def described(describer, obj: dict, events: list | None = None) -> str:
    w = PrefixWriter(0)
    describer(Context(no_requests, None), w, obj, events)
    return w.text()


def service_cidr(cidrs: list[str], conditions: list[dict] | None = None) -> dict:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "ServiceCIDR",
        "metadata": {"name": "extra", "labels": {"tier": "b", "env": "a"}},
        "spec": {"cidrs": cidrs},
        "status": {"conditions": conditions} if conditions else {},
    }


def ip_address(spec: dict) -> dict:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IPAddress",
        "metadata": {"name": "10.96.0.10", "labels": ALLOCATED},
        "spec": spec,
    }


def test_a_ready_dual_stack_service_cidr():
    cidr = service_cidr(["10.100.0.0/24", "fd00:100::/112"], [READY])
    assert described(networking.describe_service_cidr, cidr, []) == (
        "Name:         extra\n"
        "Labels:       env=a\n"
        "              tier=b\n"
        "Annotations:  <none>\n"
        "CIDRs:        10.100.0.0/24, fd00:100::/112\n"
        "Status:\n"
        "Conditions:\n"
        "  Type   Status  LastTransitionTime               Reason  Message\n"
        "  ----   ------  ------------------               ------  -------\n"
        "  Ready  True    Thu, 01 Jan 2026 00:00:00 +0000          Kubernetes Service CIDR is ready\n"
        "Events:  <none>\n"  # in the block of the conditions' table
    )


def test_a_service_cidr_without_conditions_has_no_status():
    assert described(networking.describe_service_cidr, service_cidr(["10.100.0.0/24"])) == (
        "Name:         extra\n"
        "Labels:       env=a\n"
        "              tier=b\n"
        "Annotations:  <none>\n"
        "CIDRs:        10.100.0.0/24\n"
    )


def test_an_ip_address_and_the_service_it_is_allocated_to():
    parent = {"group": "", "resource": "services", "namespace": "default", "name": "dns"}
    assert described(networking.describe_ip_address, ip_address({"parentRef": parent}), []) == (
        "Name:         10.96.0.10\n"
        "Labels:       ipaddress.kubernetes.io/ip-family=IPv4\n"
        "              ipaddress.kubernetes.io/managed-by=ipallocator.k8s.io\n"
        "Annotations:  <none>\n"
        "Parent Reference:\n"
        "  Group:      \n"
        "  Resource:   services\n"
        "  Namespace:  default\n"
        "  Name:       dns\n"
        "Events:       <none>\n"
    )


def test_an_ip_address_without_a_parent():
    assert described(networking.describe_ip_address, ip_address({})) == (
        "Name:         10.96.0.10\n"
        "Labels:       ipaddress.kubernetes.io/ip-family=IPv4\n"
        "              ipaddress.kubernetes.io/managed-by=ipallocator.k8s.io\n"
        "Annotations:  <none>\n"
    )


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster()


def test_the_default_service_cidr_through_kubectl(cluster):
    result = run(cluster, "describe", "servicecidr", "kubernetes")
    assert (result.stderr, result.exit_code) == ("", 0)
    assert result.stdout.splitlines() == [
        "Name:         kubernetes",
        "Labels:       <none>",
        "Annotations:  <none>",
        "CIDRs:        10.96.0.0/12",
        "Status:",
        "Conditions:",
        "  Type   Status  LastTransitionTime               Reason  Message",
        "  ----   ------  ------------------               ------  -------",
        "  Ready  True    Thu, 01 Jan 2026 00:00:00 +0000          Kubernetes Service CIDR is ready",
        "Events:  <none>",
    ]


def test_the_kubernetes_services_address_through_kubectl(cluster):
    result = run(cluster, "describe", "ip", "10.96.0.1")
    assert (result.stderr, result.exit_code) == ("", 0)
    assert result.stdout.splitlines() == [
        "Name:         10.96.0.1",
        "Labels:       ipaddress.kubernetes.io/ip-family=IPv4",
        "              ipaddress.kubernetes.io/managed-by=ipallocator.k8s.io",
        "Annotations:  <none>",
        "Parent Reference:",
        "  Group:      ",
        "  Resource:   services",
        "  Namespace:  default",
        "  Name:       kubernetes",
        "Events:       <none>",
    ]
