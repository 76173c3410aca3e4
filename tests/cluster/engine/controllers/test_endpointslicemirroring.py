"""The endpointslice-mirroring controller on a real cluster: the Endpoints a user writes for
a Service without a selector, mirrored into EndpointSlices that follow them."""

import json
from typing import Any

from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.engine.controllers.helpers import API, settle
from tests.cluster.engine.controllers.test_endpoint import service, web_pod
from tests.cluster.kubectl.helpers import run

MIRRORING = "endpointslicemirroring-controller.k8s.io"
MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror"
SOURCE = "endpoint-slice-mirroring-controller"
KCM = "kube-controller-manager"
QUOTA = "count/endpointslices.discovery.k8s.io"


def database(*ips: str, port: int = 5432, **meta: Any) -> list[dict[str, Any]]:
    """The Service `db` without a selector and its Endpoints, as a user writes them."""
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "db"},
        "spec": {"ports": [{"name": "pg", "port": 5432, "targetPort": port}]},
    }
    endpoints = {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": "db", **meta},
        "subsets": [
            {"addresses": [{"ip": ip} for ip in ips], "ports": [{"name": "pg", "port": port}]}
        ],
    }
    return [svc, endpoints]


def manifest(*objects: dict[str, Any]) -> str:
    return json.dumps({"apiVersion": "v1", "kind": "List", "items": list(objects)})


def mirrored(api: API) -> list[dict[str, Any]]:
    return [
        s
        for s in api.items("endpointslices")
        if (s["metadata"].get("labels") or {}).get(MANAGED_BY) == MIRRORING
    ]


def addresses(api: API) -> list[list[str]]:
    return [[e["addresses"][0] for e in s["endpoints"]] for s in mirrored(api)]


def started(*ips: str, **meta: Any) -> tuple[Cluster, API]:
    cluster = Cluster(ClusterSpec())
    api = API(cluster)
    create(api, *database(*ips, **meta))
    settle(cluster)
    return cluster, api


def create(api: API, svc: dict[str, Any], endpoints: dict[str, Any]) -> None:
    api.create("services", svc)
    api.create("endpoints", endpoints)


def test_kubectl_shows_a_slice_mirroring_the_endpoints_that_follows_them_until_they_go():
    cluster = Cluster(ClusterSpec())
    applied = run(cluster, "apply", "-f", "-", stdin=manifest(*database("192.168.10.5")))
    assert applied.stdout == "service/db created\nendpoints/db created\n"
    settle(cluster)
    assert run(cluster, "get", "endpointslices").stdout == (
        "NAME         ADDRESSTYPE   PORTS   ENDPOINTS      AGE\n"
        "db-6p64m     IPv4          5432    192.168.10.5   1s\n"
        "kubernetes   IPv4          6443    172.18.0.2     1s\n"
    )
    moved = manifest(*database("192.168.10.6", "192.168.10.7", port=5433))
    run(cluster, "apply", "-f", "-", stdin=moved)
    settle(cluster)
    assert run(cluster, "get", "endpointslices", "db-6p64m").stdout == (
        "NAME       ADDRESSTYPE   PORTS   ENDPOINTS                   AGE\n"
        "db-6p64m   IPv4          5433    192.168.10.6,192.168.10.7   2s\n"
    )
    assert (
        run(cluster, "delete", "endpoints", "db").stdout
        == 'endpoints "db" deleted from default namespace\n'
    )
    settle(cluster)
    assert run(cluster, "get", "endpointslices").stdout == (
        "NAME         ADDRESSTYPE   PORTS   ENDPOINTS    AGE\n"
        "kubernetes   IPv4          6443    172.18.0.2   3s\n"
    )


def test_the_slice_is_owned_by_the_endpoints_and_labelled_as_the_mirroring_controller_s():
    cluster = Cluster(ClusterSpec())
    run(cluster, "apply", "-f", "-", stdin=manifest(*database("192.168.10.5", labels={"a": "b"})))
    settle(cluster)
    api = API(cluster)
    uid = api.get("endpoints", "db")["metadata"]["uid"]
    [found] = mirrored(api)
    meta = found["metadata"]
    assert (meta["name"], meta["generateName"]) == ("db-6p64m", "db-")
    assert meta["labels"] == {
        "a": "b",
        "kubernetes.io/service-name": "db",
        MANAGED_BY: MIRRORING,
    }
    assert "annotations" not in meta  # kubectl's last-applied-configuration is not mirrored
    assert meta["ownerReferences"] == [
        {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "name": "db",
            "uid": uid,
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]
    assert found["endpoints"] == [{"addresses": ["192.168.10.5"], "conditions": {"ready": True}}]
    assert found["ports"] == [{"name": "pg", "protocol": "TCP", "port": 5432}]
    writes = [
        (h.verb, h.object)
        for h in cluster.trace.since(0)
        if h.source == KCM and h.object == "endpointslices/default"
    ]
    assert writes == [("create", "endpointslices/default")]


def test_the_slices_go_when_the_service_gets_a_selector_and_the_endpointslice_controller_s_come():
    cluster, api = started("192.168.10.5")
    api.create("pods", web_pod("web-a"))
    api.patch("services", "db", {"spec": {"selector": {"app": "web"}}})
    settle(cluster)
    assert mirrored(api) == []
    [made] = [s for s in api.items("endpointslices") if s["metadata"]["name"].startswith("db-")]
    assert made["metadata"]["labels"][MANAGED_BY] == "endpointslice-controller.k8s.io"
    assert [e["targetRef"]["name"] for e in made["endpoints"]] == ["web-a"]


def test_endpoints_labelled_skip_mirror_lose_their_slices_and_get_them_back_without_it():
    cluster, api = started("192.168.10.5")
    api.patch("endpoints", "db", {"metadata": {"labels": {SKIP_MIRROR: "true"}}})
    settle(cluster)
    assert mirrored(api) == []
    api.patch("endpoints", "db", {"metadata": {"labels": {SKIP_MIRROR: None}}})
    settle(cluster)
    assert addresses(api) == [["192.168.10.5"]]


def test_endpoints_are_mirrored_while_their_service_exists():
    cluster = Cluster(ClusterSpec())
    api = API(cluster)
    svc, endpoints = database("192.168.10.5")
    api.create("endpoints", endpoints)
    settle(cluster)
    assert mirrored(api) == []
    api.create("services", svc)
    settle(cluster)
    assert addresses(api) == [["192.168.10.5"]]
    api.delete("services", "db")
    settle(cluster)
    assert mirrored(api) == []
    # the endpoints controller deletes the Endpoints of a deleted Service, selector or not
    assert api.names("endpoints") == ["kubernetes"]


def test_the_endpoints_of_services_with_a_selector_and_of_kubernetes_are_not_mirrored():
    cluster = Cluster(ClusterSpec())
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    api.create("services", service())
    settle(cluster)
    assert api.names("endpoints") == ["kubernetes", "web"]
    assert mirrored(api) == []
    assert len(api.names("endpointslices")) == 2  # kubernetes', and the web Service's own


def test_a_mirrored_slice_deleted_or_changed_by_someone_else_is_put_right():
    cluster, api = started("192.168.10.5")
    [first] = mirrored(api)
    api.delete("endpointslices", first["metadata"]["name"])
    settle(cluster)
    [again] = mirrored(api)
    assert again["metadata"]["name"] != first["metadata"]["name"]
    name = again["metadata"]["name"]
    api.patch("endpointslices", name, {"endpoints": [{"addresses": ["10.9.9.9"]}]})
    settle(cluster)
    assert addresses(api) == [["192.168.10.5"]]
    assert mirrored(api)[0]["metadata"]["name"] == name


def test_endpoints_being_deleted_get_no_new_slice():
    cluster = Cluster(ClusterSpec())
    api = API(cluster)
    svc, endpoints = database("192.168.10.5", finalizers=["example.com/hold"])
    api.send("create", "services", body=svc)
    api.send("create", "endpoints", body=endpoints)
    api.send("delete", "endpoints", name="db")
    settle(cluster)
    assert api.get("endpoints", "db")["metadata"]["deletionTimestamp"]
    assert mirrored(api) == []


def test_more_addresses_than_a_subset_may_mirror_are_skipped_with_a_warning():
    ips = [f"10.1.{i // 250}.{i % 250 + 1}" for i in range(1001)]
    _, api = started(*ips)
    [found] = mirrored(api)
    assert len(found["endpoints"]) == 1000
    assert [e for e in api.events("Endpoints") if e[2] == SOURCE] == [
        (
            "TooManyAddressesToMirror",
            "A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. "
            "1 addresses were skipped",
            SOURCE,
        )
    ]


def test_invalid_addresses_are_skipped_with_a_warning():
    # kube-apiserver refuses such Endpoints; the reconciler still guards against them
    cluster, api = started("10.1.0.1")
    endpoints = api.get("endpoints", "db")
    endpoints["subsets"][0]["addresses"] += [{"ip": "db-1"}, {"ip": "db-2"}]
    controller = cluster.controller_manager.controllers["endpointslicemirroring"]
    controller.reconciler.reconcile(endpoints, mirrored(api))
    settle(cluster)
    assert addresses(api) == [["10.1.0.1"]]
    assert api.events("Endpoints") == [
        (
            "InvalidIPAddress",
            "Skipped 2 invalid IP addresses when mirroring to EndpointSlices",
            SOURCE,
        )
    ]


def test_a_failed_sync_is_retried_a_second_later_then_two_seconds_after_that():
    cluster = Cluster(ClusterSpec())
    api = API(cluster)
    # the slice of the Service `kubernetes` takes the one the quota allows
    api.create("resourcequotas", {"metadata": {"name": "slices"}, "spec": {"hard": {QUOTA: "1"}}})
    settle(cluster)
    create(api, *database("192.168.10.5"))
    [first] = creates(cluster)
    cluster.advance_to(first + 1500)
    api.patch("resourcequotas", "slices", {"spec": {"hard": {QUOTA: "2"}}})
    cluster.advance_to(first + 3500)
    assert [when - first for when in creates(cluster)] == [0, 1000, 3000]
    assert addresses(api) == [["192.168.10.5"]]


def creates(cluster: Cluster) -> list[int]:
    """When kube-controller-manager asked to create a slice."""
    return [
        h.time
        for h in cluster.trace.since(0)
        if h.source == KCM and h.verb == "create" and h.object == "endpointslices/default"
    ]
