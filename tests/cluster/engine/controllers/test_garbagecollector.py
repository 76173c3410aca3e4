"""The garbage collector: background, foreground and orphan deletion of owners, and
dependents whose owner never existed."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, pod, settle, stored

KCM = "kube-controller-manager"


def started() -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", deployment(replicas=2))
    settle(cluster)
    return cluster, api


def requests_by_the_collector(cluster: Cluster, mark: int) -> list[tuple[str, str]]:
    return [
        (h.verb, h.object)
        for h in cluster.trace.since(mark)
        if h.source == KCM and h.destination == "authentication" and h.verb in ("delete", "patch")
    ]


def test_background_deletion_deletes_the_dependents_after_the_owner_is_gone():
    cluster, api = started()
    (rs,) = api.names("replicasets")
    pods = api.names("pods")
    mark = cluster.trace.last_seq
    api.delete("deployments", "web")
    settle(cluster)
    assert (api.names("deployments"), api.names("replicasets"), api.names("pods")) == ([], [], [])
    requests = requests_by_the_collector(cluster, mark)
    assert requests[0] == ("delete", f"replicasets/default/{rs}")
    assert sorted(requests[1:]) == [("delete", f"pods/default/{name}") for name in pods]


def test_foreground_deletion_deletes_the_dependents_first_each_in_the_foreground():
    cluster, api = started()
    deleted = api.delete("deployments", "web", propagationPolicy="Foreground")
    assert deleted["metadata"]["finalizers"] == ["foregroundDeletion"]
    replica_set_waited = False
    for _ in range(5_000):
        deployments = stored(cluster, "deployments")
        if not deployments:
            break
        assert deployments[0]["metadata"]["finalizers"] == ["foregroundDeletion"]
        replica_set_waited = replica_set_waited or any(
            rs["metadata"].get("finalizers") == ["foregroundDeletion"]
            for rs in stored(cluster, "replicasets")
        )
        cluster.step()
    assert replica_set_waited
    assert (api.names("deployments"), api.names("replicasets"), api.names("pods")) == ([], [], [])


def test_a_foreground_owner_is_still_there_while_its_pods_terminate():
    cluster, api = started()
    (rs,) = api.names("replicasets")
    api.delete("replicasets", rs, propagationPolicy="Foreground")
    waited = False
    for _ in range(5_000):
        replica_sets = stored(cluster, "replicasets")
        pods = stored(cluster, "pods")
        if not replica_sets:
            break
        assert replica_sets[0]["metadata"]["finalizers"] == ["foregroundDeletion"]
        waited = waited or any(p["metadata"].get("deletionTimestamp") for p in pods)
        cluster.step()
    assert waited
    assert (stored(cluster, "replicasets"), stored(cluster, "pods")) == ([], [])


def test_orphan_deletion_leaves_the_dependents_without_the_owner():
    cluster, api = started()
    (rs,) = api.names("replicasets")
    api.delete("deployments", "web", propagationPolicy="Orphan")
    settle(cluster)
    assert api.names("deployments") == []
    assert api.names("replicasets") == [rs]
    assert "ownerReferences" not in api.get("replicasets", rs)["metadata"]
    assert len(api.names("pods")) == 2


@pytest.mark.parametrize("kind", ["ConfigMap", "ReplicaSet"])
def test_a_dependent_whose_owner_does_not_exist_is_deleted(kind):
    cluster = Cluster()
    api = API(cluster)
    version = "apps/v1" if kind == "ReplicaSet" else "v1"
    ghost = {
        "apiVersion": version,
        "kind": kind,
        "name": "ghost",
        "uid": "6f1b4c2e-0000-4000-8000-000000000000",
    }
    api.create("configmaps", {"metadata": {"name": "child", "ownerReferences": [ghost]}})
    settle(cluster)
    assert "child" not in api.names("configmaps")


def test_a_dependent_with_an_owner_left_is_kept_and_loses_the_gone_one():
    cluster = Cluster()
    api = API(cluster)
    api.create("configmaps", {"metadata": {"name": "a"}})
    api.create("configmaps", {"metadata": {"name": "b"}})
    refs = [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "name": n,
            "uid": api.get("configmaps", n)["metadata"]["uid"],
        }
        for n in ("a", "b")
    ]
    api.create("pods", pod("child", ownerReferences=refs))
    settle(cluster)
    api.delete("configmaps", "a")
    settle(cluster)
    assert [r["name"] for r in api.get("pods", "child")["metadata"]["ownerReferences"]] == ["b"]


def owner_reference(api: API, resource: str, name: str, namespace: str = "default") -> dict:
    owner = api.get(resource, name, namespace)
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": name,
        "uid": owner["metadata"]["uid"],
    }


def test_a_cluster_scoped_dependent_of_a_namespaced_owner_is_reported_and_kept():
    cluster = Cluster()
    api = API(cluster)
    api.create("configmaps", {"metadata": {"name": "owner"}})
    ref = owner_reference(api, "configmaps", "owner")
    role = {"metadata": {"name": "owned", "ownerReferences": [ref]}, "rules": []}
    api.create("clusterroles", role, namespace="")
    settle(cluster)
    assert api.get("clusterroles", "owned", namespace="")["metadata"]["ownerReferences"] == [ref]
    (event,) = [e for e in api.items("events") if e["reason"] == "OwnerRefInvalidNamespace"]
    assert event["type"] == "Warning"
    assert event["source"] == {"component": "garbage-collector-controller"}
    assert event["involvedObject"] == {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "name": "owned",
        "uid": api.get("clusterroles", "owned", namespace="")["metadata"]["uid"],
    }
    assert event["message"] == (
        f"ownerRef [v1/ConfigMap, namespace: , name: owner, uid: {ref['uid']}] "
        'does not exist in namespace ""'
    )


def test_a_dependent_of_an_owner_in_another_namespace_is_reported_and_deleted():
    cluster = Cluster()
    api = API(cluster)
    api.create("namespaces", {"metadata": {"name": "other"}}, namespace="")
    api.create("configmaps", {"metadata": {"name": "owner"}})
    ref = owner_reference(api, "configmaps", "owner")
    api.create("configmaps", {"metadata": {"name": "child", "ownerReferences": [ref]}}, "other")
    settle(cluster)
    assert "child" not in api.names("configmaps", "other")
    assert api.events(namespace="other") == [
        (
            "OwnerRefInvalidNamespace",
            f"ownerRef [v1/ConfigMap, namespace: other, name: owner, uid: {ref['uid']}] "
            'does not exist in namespace "other"',
            "garbage-collector-controller",
        )
    ]
