"""Cluster IPs allocated from ServiceCIDRs as IPAddress objects (Kubernetes 1.33+): the
default ServiceCIDR, what a Service's writes store and delete, and the allocator's
refusals."""

from typing import Any

from cluster.engine.cluster import Cluster
from cluster.engine.controllers.servicecidrs import FINALIZER, TERMINATING_MESSAGE
from tests.cluster.engine.controllers.helpers import API, run_for, settle

MANAGED = {
    "ipaddress.kubernetes.io/ip-family": "IPv4",
    "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io",
}


def service(name: str, **spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": name}, "spec": {"ports": [{"port": 80}], **spec}}


def service_cidr(name: str, *cidrs: str) -> dict[str, Any]:
    return {"metadata": {"name": name}, "spec": {"cidrs": list(cidrs)}}


def parent(ip: dict[str, Any]) -> tuple[str, str]:
    ref = ip["spec"]["parentRef"]
    return ref["namespace"], ref["name"]


def test_kube_apiserver_makes_its_service_cidr_and_the_controller_readies_it():
    api = API(Cluster())
    cidr = api.get("servicecidrs", "kubernetes", "")
    assert cidr["spec"] == {"cidrs": ["10.96.0.0/12"]}
    assert cidr["metadata"]["finalizers"] == [FINALIZER]
    [ready] = cidr["status"]["conditions"]
    assert (ready["type"], ready["status"], ready["reason"], ready["message"]) == (
        "Ready",
        "True",
        "",
        "Kubernetes Service CIDR is ready",
    )
    found = {ip["metadata"]["name"]: ip for ip in api.items("ipaddresses", "")}
    assert {name: parent(ip) for name, ip in found.items()} == {
        "10.96.0.1": ("default", "kubernetes"),
        "10.96.0.10": ("kube-system", "kube-dns"),
    }
    assert found["10.96.0.1"]["metadata"]["labels"] == MANAGED
    assert found["10.96.0.1"]["spec"]["parentRef"]["resource"] == "services"


def test_a_service_holds_an_ip_address_until_it_goes_or_becomes_external_name():
    cluster = Cluster()
    api = API(cluster)
    ip = api.create("services", service("web"))["spec"]["clusterIP"]
    assert parent(api.get("ipaddresses", ip, "")) == ("default", "web")
    external = {"spec": {"type": "ExternalName", "externalName": "example.com", "clusterIP": ""}}
    api.patch("services", "web", external)
    assert api.request("get", "ipaddresses", "", ip).code == 404
    api.create("services", service("db", clusterIP="10.96.0.50"))
    api.delete("services", "db")
    assert api.request("get", "ipaddresses", "", "10.96.0.50").code == 404


def test_an_address_with_an_ip_address_object_is_taken_even_if_no_service_holds_it():
    api = API(Cluster())
    reserved = {
        "metadata": {"name": "10.96.0.77"},
        "spec": {"parentRef": {"group": "", "resource": "services", "namespace": "x", "name": "y"}},
    }
    api.create("ipaddresses", reserved, "")
    response = api.request("create", "services", body=service("web", clusterIP="10.96.0.77"))
    assert response.body["message"] == (
        'Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.77"]: failed to '
        "allocate IP 10.96.0.77: provided IP is already allocated"
    )


def test_another_service_cidr_extends_the_addresses_services_may_ask_for():
    cluster = Cluster()
    api = API(cluster)
    outside = api.request("create", "services", body=service("web", clusterIP="10.200.0.5"))
    assert outside.body["details"]["causes"][0]["message"].endswith(
        "failed to allocate IP 10.200.0.5: the provided network does not match the current range"
    )
    api.create("servicecidrs", service_cidr("extra", "10.200.0.0/24"), "")
    settle(cluster)
    assert api.create("services", service("web", clusterIP="10.200.0.5"))


def test_a_service_cidr_in_use_stays_terminating_until_its_last_address_goes():
    cluster = Cluster()
    api = API(cluster)
    api.create("servicecidrs", service_cidr("extra", "10.200.0.0/24"), "")
    settle(cluster)
    api.create("services", service("web", clusterIP="10.200.0.5"))
    api.delete("servicecidrs", "extra", "")
    settle(cluster)
    [ready] = api.get("servicecidrs", "extra", "")["status"]["conditions"]
    assert (ready["status"], ready["reason"], ready["message"]) == (
        "False",
        "Terminating",
        TERMINATING_MESSAGE,
    )
    api.delete("services", "web")
    run_for(cluster, 11_000)
    assert api.request("get", "servicecidrs", "", "extra").code == 404


def test_service_cidrs_and_ip_addresses_are_validated_as_kubernetes_does():
    api = API(Cluster())
    bits = api.request("create", "servicecidrs", "", body=service_cidr("a", "10.0.0.1/24"))
    assert bits.body["message"] == (
        'ServiceCIDR.networking.k8s.io "a" is invalid: spec.cidrs[0]: Invalid value: '
        '"10.0.0.1/24": CIDR value should not have any bits set beyond the prefix length'
    )
    cidr = api.get("servicecidrs", "kubernetes", "")
    cidr["spec"]["cidrs"] = ["10.97.0.0/16"]
    changed = api.request("update", "servicecidrs", "", "kubernetes", body=cidr)
    assert changed.body["message"] == (
        'ServiceCIDR.networking.k8s.io "kubernetes" is invalid: spec.cidrs[0]: Invalid value: '
        '"10.97.0.0/16": field is immutable'
    )
    bad_name = {"metadata": {"name": "10.96.0.077"}, "spec": {}}
    response = api.request("create", "ipaddresses", "", body=bad_name)
    assert response.body["message"] == (
        'IPAddress.networking.k8s.io "10.96.0.077" is invalid: [metadata.name: Invalid value: '
        '"10.96.0.077": IP address cannot have leading 0s, spec.parentRef: Required value]'
    )


def test_an_ip_address_deleted_while_its_service_holds_the_ip_is_made_again():
    cluster = Cluster()
    api = API(cluster)
    api.delete("ipaddresses", "10.96.0.10", "")
    settle(cluster)
    assert parent(api.get("ipaddresses", "10.96.0.10", "")) == ("kube-system", "kube-dns")
    assert api.events("Service", "kube-system")[-1] == (
        "ClusterIPNotAllocated",
        "Cluster IP [IPv4]: 10.96.0.10 is not allocated; repairing",
        "ipallocator-repair-controller",
    )
