"""The endpointslice controller: a Service's pods as endpoints in slices it owns."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, settle
from tests.cluster.engine.controllers.test_endpoint import service, web_pod

MANAGED = {
    "tier": "front",
    "kubernetes.io/service-name": "web",
    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
}


def slices(api: API) -> list[dict]:
    return [s for s in api.items("endpointslices") if s["metadata"]["name"] != "kubernetes"]


def test_a_slice_holds_each_pod_with_its_conditions_node_and_ports():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    svc = api.create("services", service())
    settle(cluster)
    pod = api.get("pods", "web-a")
    [found] = slices(api)
    meta = found["metadata"]
    assert (meta["name"], meta["generateName"], meta["labels"]) == ("web-mvqx8", "web-", MANAGED)
    assert meta["ownerReferences"] == [
        {
            "apiVersion": "v1",
            "kind": "Service",
            "name": "web",
            "uid": svc["metadata"]["uid"],
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]
    assert found["addressType"] == "IPv4"
    assert found["endpoints"] == [
        {
            "addresses": [pod["status"]["podIP"]],
            "conditions": {"ready": True, "serving": True, "terminating": False},
            "nodeName": pod["spec"]["nodeName"],
            "targetRef": {
                "kind": "Pod",
                "namespace": "default",
                "name": "web-a",
                "uid": pod["metadata"]["uid"],
            },
        }
    ]
    assert found["ports"] == [
        {"name": "http", "port": 8080, "protocol": "TCP"},
        {"name": "m", "port": 9090, "protocol": "TCP"},
    ]


def test_a_service_that_selects_nothing_keeps_a_placeholder_which_its_pods_fill_later():
    cluster = Cluster()
    api = API(cluster)
    api.create("services", service())
    settle(cluster)
    [placeholder] = slices(api)
    assert (placeholder["endpoints"], placeholder["ports"]) == (None, None)
    api.create("pods", web_pod("web-a"))
    settle(cluster)
    [filled] = slices(api)
    assert filled["metadata"]["name"] == placeholder["metadata"]["name"]
    assert [e["targetRef"]["name"] for e in filled["endpoints"]] == ["web-a"]
    api.delete("pods", "web-a", gracePeriodSeconds=0)
    settle(cluster)
    [emptied] = slices(api)
    assert emptied["metadata"]["name"] == placeholder["metadata"]["name"]
    assert (emptied["endpoints"], emptied["ports"]) == (None, None)


def test_pods_whose_ports_resolve_differently_are_in_different_slices():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    api.create("pods", web_pod("web-b", ports=[{"name": "http", "containerPort": 8081}]))
    api.create("services", service())
    settle(cluster)
    found = {
        s["ports"][0]["port"]: [e["targetRef"]["name"] for e in s["endpoints"]] for s in slices(api)
    }
    assert found == {8080: ["web-a"], 8081: ["web-b"]}


def test_a_deleted_slice_is_made_again_and_the_service_s_deletion_takes_them_all():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    api.create("services", service())
    settle(cluster)
    [first] = slices(api)
    api.delete("endpointslices", first["metadata"]["name"])
    settle(cluster)
    [again] = slices(api)
    assert again["metadata"]["name"] != first["metadata"]["name"]
    api.delete("services", "web")
    settle(cluster)
    assert slices(api) == []
