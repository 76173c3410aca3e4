"""kube-apiserver's Service storage: cluster IPs and node ports allocated, kept and released."""

import random
from typing import Any

import pytest

from cluster.engine.apiserver import servicealloc
from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API


def service(name: str, kind: str = "ClusterIP", **spec: Any) -> dict[str, Any]:
    ports = spec.pop("ports", [{"port": 80}])
    return {"metadata": {"name": name}, "spec": {"type": kind, "ports": ports, **spec}}


@pytest.fixture
def api() -> API:
    return API(Cluster())


def create(api: API, body: dict[str, Any]) -> Any:
    return api.request("create", "services", body=body)


def test_the_kubernetes_service_has_the_first_address_of_the_range(api):
    spec = api.get("services", "kubernetes")["spec"]
    assert (spec["clusterIP"], spec["clusterIPs"]) == ("10.96.0.1", ["10.96.0.1"])
    assert spec["ports"] == [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]


def test_a_cluster_ip_is_picked_from_the_upper_part_of_the_range_the_same_way_every_time(api):
    first = api.create("services", service("a"))["spec"]
    again = API(Cluster()).create("services", service("a"))["spec"]
    assert first["clusterIP"] == again["clusterIP"] == "10.103.219.239"
    assert (first["ipFamilies"], first["ipFamilyPolicy"]) == (["IPv4"], "SingleStack")


def test_an_address_asked_for_is_given_once_and_again_after_its_service_is_gone(api):
    assert api.create("services", service("a", clusterIP="10.96.0.20"))["spec"]["clusterIP"]
    taken = create(api, service("b", clusterIP="10.96.0.20"))
    assert (taken.code, taken.body["message"]) == (
        422,
        'Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.20"]: failed to '
        "allocate IP 10.96.0.20: provided IP is already allocated",
    )
    outside = create(api, service("c", clusterIP="192.168.0.1"))
    assert outside.body["details"]["causes"][0]["message"] == (
        'Invalid value: ["192.168.0.1"]: failed to allocate IP 192.168.0.1: the provided network '
        "does not match the current range"
    )
    deleted = api.delete("services", "a")  # a deleted Service comes back whole
    assert (deleted["kind"], deleted["spec"]["clusterIP"]) == ("Service", "10.96.0.20")
    assert create(api, service("b", clusterIP="10.96.0.20")).code == 201


def test_node_ports_come_from_the_upper_part_of_the_range_and_a_taken_one_is_refused(api):
    ports = [{"name": "a", "port": 80}, {"name": "b", "port": 81, "nodePort": 30080}]
    created = api.create("services", service("np", "NodePort", ports=ports))["spec"]
    assigned = [p["nodePort"] for p in created["ports"]]
    assert assigned[1] == 30080 and 30086 <= assigned[0] <= 32767
    assert created["externalTrafficPolicy"] == "Cluster"
    taken = create(api, service("np2", "NodePort", ports=[{"port": 80, "nodePort": 30080}]))
    assert taken.body["message"] == (
        'Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port '
        "is already allocated"
    )
    far = create(api, service("np3", "NodePort", ports=[{"port": 80, "nodePort": 8080}]))
    assert far.body["details"]["causes"][0]["message"] == (
        "Invalid value: 8080: provided port is not in the valid range. The range of valid ports "
        "is 30000-32767"
    )


def test_a_port_number_served_over_two_protocols_shares_its_node_port(api):
    ports = [
        {"name": "dns", "port": 53, "protocol": "UDP"},
        {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
    ]
    created = api.create("services", service("dns", "NodePort", ports=ports))["spec"]
    assert created["ports"][0]["nodePort"] == created["ports"][1]["nodePort"]


def test_an_update_keeps_what_it_leaves_out_and_may_not_change_the_cluster_ip(api):
    created = api.create("services", service("np", "NodePort"))
    body = {**created, "spec": {**created["spec"], "clusterIP": "", "clusterIPs": []}}
    body["spec"]["ports"] = [{"port": 80}]
    kept = api.call("update", "services", name="np", body=body)["spec"]
    assert kept["clusterIP"] == created["spec"]["clusterIP"]
    assert kept["ports"][0]["nodePort"] == created["spec"]["ports"][0]["nodePort"]
    moved = {**kept, "clusterIP": "10.96.0.50", "clusterIPs": ["10.96.0.50"]}
    changed = api.request(
        "update",
        "services",
        name="np",
        body={**created, "metadata": created["metadata"], "spec": moved},
    )
    assert changed.body["message"] == (
        'Service "np" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.50"]: may not '
        "change once set"
    )


def test_a_service_that_stops_being_a_node_port_one_gives_its_node_ports_back(api):
    created = api.create("services", service("np", "NodePort"))
    body = {**created, "spec": {**created["spec"], "type": "ClusterIP"}}
    spec = api.call("update", "services", name="np", body=body)["spec"]
    assert "nodePort" not in spec["ports"][0]
    assert "externalTrafficPolicy" not in spec


def test_headless_and_external_name_services_get_no_cluster_ip(api):
    headless = api.create("services", service("h", clusterIP="None", ports=[]))["spec"]
    assert headless["clusterIPs"] == ["None"]
    assert headless["ipFamilyPolicy"] == "RequireDualStack"  # no selector: whatever it may get
    external = api.create(
        "services", service("x", "ExternalName", externalName="example.com", ports=[])
    )["spec"]
    assert "clusterIP" not in external and "ipFamilies" not in external


def test_a_single_stack_cluster_refuses_dual_stack_and_ipv6(api):
    dual = create(api, service("d", ipFamilyPolicy="RequireDualStack"))
    assert dual.body["message"] == (
        'Service "d" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this '
        "cluster is not configured for dual-stack services"
    )
    six = create(api, service("six", ipFamilies=["IPv6"]))
    assert six.body["message"] == (
        'Service "six" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured '
        "on this cluster"
    )
    preferred = api.create("services", service("p", ipFamilyPolicy="PreferDualStack"))["spec"]
    assert (preferred["ipFamilyPolicy"], preferred["ipFamilies"]) == ("PreferDualStack", ["IPv4"])


def test_random_picks_prefer_the_upper_part_then_fill_the_lower_part():
    rng = random.Random(1)
    assert servicealloc._pick(rng, 10, 4, {4, 5, 6, 7, 8, 9}) in range(4)
    assert servicealloc._pick(rng, 10, 4, set(range(10))) is None
    assert servicealloc._range_offset(2768, 16, 128, 32) == 86
    assert servicealloc._range_offset((1 << 20) - 2, 16, 256, 16) == 256
