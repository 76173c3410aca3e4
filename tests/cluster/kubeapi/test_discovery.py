"""Discovery documents, compared with what a real kube-apiserver v1.37 serves for the same
resources."""

import re

from cluster.engine.api import resources
from cluster.kubeapi import discovery

# `kubectl get --raw /api/v1` on a real cluster, the pods entries
REAL_PODS = {
    "name": "pods",
    "singularName": "pod",
    "namespaced": True,
    "kind": "Pod",
    "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    "shortNames": ["po"],
    "categories": ["all"],
    "storageVersionHash": "xPOwRZ+Yhw8=",
}
REAL_POD_EVICTION = {
    "name": "pods/eviction",
    "singularName": "",
    "namespaced": True,
    "group": "policy",
    "version": "v1",
    "kind": "Eviction",
    "verbs": ["create"],
}
REAL_POD_BINDING = {
    "name": "pods/binding",
    "singularName": "",
    "namespaced": True,
    "kind": "Binding",
    "verbs": ["create"],
}
REAL_POD_RESIZE = {
    "name": "pods/resize",
    "singularName": "",
    "namespaced": True,
    "kind": "Pod",
    "verbs": ["get", "patch", "update"],
}
REAL_DEPLOYMENT_SCALE = {
    "name": "deployments/scale",
    "singularName": "",
    "namespaced": True,
    "group": "autoscaling",
    "version": "v1",
    "kind": "Scale",
    "verbs": ["get", "patch", "update"],
}


def entry(document: dict, name: str) -> dict:
    return next(r for r in document["resources"] if r["name"] == name)


def aggregated_resource(core: bool, group: str, name: str) -> dict:
    items = discovery.aggregated(core)["items"]
    found = next(item for item in items if item["metadata"].get("name", "") == group)
    return next(r for r in found["versions"][0]["resources"] if r["resource"] == name)


def test_the_core_resource_list_has_no_api_version_and_names_group_version_v1() -> None:
    document = discovery.resource_list("", "v1")
    assert document is not None
    assert list(document)[:2] == ["kind", "groupVersion"]
    assert (document["kind"], document["groupVersion"]) == ("APIResourceList", "v1")


def test_pods_are_listed_as_a_real_kube_apiserver_lists_them() -> None:
    document = discovery.resource_list("", "v1")
    assert entry(document, "pods") == REAL_PODS
    assert entry(document, "pods/eviction") == REAL_POD_EVICTION
    assert entry(document, "pods/binding") == REAL_POD_BINDING
    assert entry(document, "pods/resize") == REAL_POD_RESIZE


def test_a_named_group_version_lists_its_resources_and_their_subresources() -> None:
    document = discovery.resource_list("apps", "v1")
    assert (document["kind"], document["apiVersion"], document["groupVersion"]) == (
        "APIResourceList",
        "v1",
        "apps/v1",
    )
    assert entry(document, "deployments/scale") == REAL_DEPLOYMENT_SCALE
    assert entry(document, "deployments")["storageVersionHash"] == "8aSe+NMegvE="
    names = [r["name"] for r in document["resources"]]
    assert names == sorted(names)


def test_a_group_or_version_not_served_has_no_document() -> None:
    assert discovery.resource_list("flowcontrol.apiserver.k8s.io", "v1") is None
    assert discovery.resource_list("apps", "v1beta1") is None
    assert discovery.api_group("flowcontrol.apiserver.k8s.io") is None


def test_api_lists_v1_and_where_the_server_is() -> None:
    assert discovery.api_versions("127.0.0.1:6443") == {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}
        ],
    }


def test_groups_come_in_kube_apiservers_order_of_preference() -> None:
    served = {r.group for r in resources.all_resources() if r.group}
    names = [group["name"] for group in discovery.group_list()["groups"]]
    assert set(names) == served
    ranks = [discovery.GROUP_PRIORITIES[name] for name in names]
    assert ranks == sorted(ranks, reverse=True)
    assert names.index("apps") < names.index("rbac.authorization.k8s.io")


def test_a_group_names_its_preferred_version() -> None:
    assert discovery.api_group("apps") == {
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": "apps",
        "versions": [{"groupVersion": "apps/v1", "version": "v1"}],
        "preferredVersion": {"groupVersion": "apps/v1", "version": "v1"},
    }


def test_aggregated_discovery_of_api_is_the_core_group_only() -> None:
    document = discovery.aggregated(core=True)
    assert (document["kind"], document["apiVersion"], document["metadata"]) == (
        "APIGroupDiscoveryList",
        "apidiscovery.k8s.io/v2",
        {},
    )
    assert [item["metadata"] for item in document["items"]] == [{}]
    version = document["items"][0]["versions"][0]
    assert (version["version"], version["freshness"]) == ("v1", "Current")


def test_aggregated_pods_carry_their_kind_scope_categories_and_subresources() -> None:
    pods = aggregated_resource(True, "", "pods")
    assert {k: v for k, v in pods.items() if k != "subresources"} == {
        "resource": "pods",
        "responseKind": {"group": "", "version": "v1", "kind": "Pod"},
        "scope": "Namespaced",
        "singularResource": "pod",
        "verbs": REAL_PODS["verbs"],
        "shortNames": ["po"],
        "categories": ["all"],
    }
    by_name = {s["subresource"]: s for s in pods["subresources"]}
    assert by_name["eviction"] == {
        "subresource": "eviction",
        "responseKind": {"group": "policy", "version": "v1", "kind": "Eviction"},
        "verbs": ["create"],
    }
    assert by_name["status"]["responseKind"] == {"group": "", "version": "v1", "kind": "Pod"}


def test_aggregated_discovery_of_apis_names_each_group() -> None:
    items = discovery.aggregated(core=False)["items"]
    assert [item["metadata"]["name"] for item in items] == discovery.group_names()
    deployments = aggregated_resource(False, "apps", "deployments")
    assert deployments["responseKind"] == {"group": "apps", "version": "v1", "kind": "Deployment"}
    assert deployments["categories"] == ["all"]
    scale = next(s for s in deployments["subresources"] if s["subresource"] == "scale")
    assert scale["responseKind"] == {"group": "autoscaling", "version": "v1", "kind": "Scale"}


def test_cluster_scoped_and_create_only_resources_say_so() -> None:
    nodes = aggregated_resource(True, "", "nodes")
    assert (nodes["scope"], nodes["shortNames"]) == ("Cluster", ["no"])
    reviews = aggregated_resource(False, "authorization.k8s.io", "selfsubjectaccessreviews")
    assert (reviews["verbs"], reviews["scope"]) == (["create"], "Cluster")
    assert "shortNames" not in reviews and "categories" not in reviews


def test_namespaces_are_never_deleted_as_a_collection() -> None:
    namespaces = aggregated_resource(True, "", "namespaces")
    assert namespaces["verbs"] == ["create", "delete", "get", "list", "patch", "update", "watch"]


def test_the_root_lists_every_path_served() -> None:
    paths = discovery.root_paths()["paths"]
    assert paths == sorted(paths)
    for path in ("/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version"):
        assert path in paths


def test_the_aggregated_documents_etag_is_the_sha512_of_its_json() -> None:
    tag = discovery.etag(discovery.aggregated(core=True))
    assert re.fullmatch(r'"[0-9A-F]{128}"', tag)
    assert tag == discovery.etag(discovery.aggregated(core=True))
    assert tag != discovery.etag(discovery.aggregated(core=False))
