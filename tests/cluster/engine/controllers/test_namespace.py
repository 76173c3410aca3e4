"""The namespace controller: a namespace being deleted is emptied, pods first, reported in
its conditions, then finalized and gone."""

from cluster.engine import faults
from cluster.engine.client import APIError
from cluster.engine.cluster import Cluster
from cluster.engine.controllers import controller_utils as utils
from tests.cluster.engine.controllers.helpers import API, deployment, settle, stored, template

KCM = "kube-controller-manager"


def shop() -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("namespaces", {"metadata": {"name": "shop"}}, namespace="")
    api.create("deployments", deployment(replicas=2), namespace="shop")
    api.create("configmaps", {"metadata": {"name": "settings"}}, namespace="shop")
    settle(cluster)
    return cluster, api


def namespace(cluster: Cluster) -> dict | None:
    return next(
        (n for n in stored(cluster, "namespaces", "") if n["metadata"]["name"] == "shop"), None
    )


def conditions(ns: dict) -> list[tuple[str, str, str, str]]:
    return [
        (c["type"], c["status"], c["reason"], c["message"])
        for c in ns["status"].get("conditions", [])
    ]


def step_until(cluster: Cluster, done, limit: int = 50_000) -> None:
    for _ in range(limit):
        if done():
            return
        cluster.step()
    raise AssertionError("never happened")


def test_a_deleted_namespace_is_emptied_then_finalized_and_gone():
    cluster, api = shop()
    api.delete("namespaces", "shop", namespace="")
    step_until(cluster, lambda: namespace(cluster) is None)
    for resource in ("pods", "replicasets", "deployments", "configmaps", "serviceaccounts"):
        assert stored(cluster, resource, "shop") == []


def test_nothing_else_is_deleted_while_pods_remain_and_the_conditions_say_so():
    cluster, api = shop()
    api.delete("namespaces", "shop", namespace="")
    step_until(cluster, lambda: namespace(cluster)["status"].get("conditions"))
    assert conditions(namespace(cluster)) == [
        (
            "NamespaceDeletionDiscoveryFailure",
            "False",
            "ResourcesDiscovered",
            "All resources successfully discovered",
        ),
        (
            "NamespaceDeletionGroupVersionParsingFailure",
            "False",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed",
        ),
        (
            "NamespaceDeletionContentFailure",
            "False",
            "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization",
        ),
        (
            "NamespaceContentRemaining",
            "True",
            "SomeResourcesRemain",
            "Some resources are remaining: pods. has 2 resource instances",
        ),
        (
            "NamespaceFinalizersRemaining",
            "False",
            "ContentHasNoFinalizers",
            "All content-preserving finalizers finished",
        ),
    ]
    assert [c["metadata"]["name"] for c in stored(cluster, "configmaps", "shop")] == [
        "kube-root-ca.crt",
        "settings",
    ]


def test_the_kubernetes_finalizer_goes_through_the_finalize_subresource():
    cluster, api = shop()
    mark = cluster.trace.last_seq
    api.delete("namespaces", "shop", namespace="")
    step_until(cluster, lambda: namespace(cluster) is None)
    assert ("update", "namespaces/shop/finalize") in [
        (h.verb, h.object) for h in cluster.trace.since(mark) if h.source == KCM
    ]


def test_a_namespace_not_being_deleted_is_left_alone():
    cluster, api = shop()
    mark = cluster.trace.last_seq
    api.patch("namespaces", "shop", {"metadata": {"labels": {"team": "a"}}}, namespace="")
    settle(cluster)
    assert [
        h
        for h in cluster.trace.since(mark)
        if h.source == KCM and "shop" in h.object and h.verb != "watch"
    ] == []


def test_what_is_created_in_a_terminating_namespace_is_refused_with_its_cause():
    _cluster, api = shop()
    api.delete("namespaces", "shop", namespace="")
    response = api.request("create", "configmaps", "shop", body={"metadata": {"name": "late"}})
    assert response.code == 403
    assert response.body["details"] == {
        "name": "late",
        "kind": "configmaps",
        "causes": [
            {
                "reason": "NamespaceTerminating",
                "message": "namespace shop is being terminated",
                "field": "metadata.namespace",
            }
        ],
    }
    error = APIError(response)
    assert utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE)


def test_a_deletion_that_keeps_failing_is_retried_at_least_every_minute():
    # A pod on a node cut off from the control plane cannot finish terminating: each pass
    # fails ("unexpected items still remain") and is retried (nsControllerRateLimiter).
    cluster = Cluster()
    api = API(cluster)
    api.create("namespaces", {"metadata": {"name": "shop"}}, namespace="")
    pod = {"metadata": {"name": "web"}, "spec": {"nodeName": "node-1", **template()["spec"]}}
    api.create("pods", pod, namespace="shop")
    settle(cluster)
    faults.node_down(cluster, "node-1")
    api.delete("namespaces", "shop", namespace="")
    cluster.advance_to(cluster.clock.now + 600_000)
    assert stored(cluster, "pods", "shop")
    faults.node_up(cluster, "node-1")
    cluster.advance_to(cluster.clock.now + 10_000)
    assert stored(cluster, "pods", "shop") == []
    cluster.advance_to(cluster.clock.now + 60_000)
    assert namespace(cluster) is None
