"""PersistentVolumes, PersistentVolumeClaims and StorageClasses as kube-apiserver stores them:
defaulting, the strategies' status, and the storage admission plugins (DefaultStorageClass,
StorageObjectInUseProtection, PersistentVolumeClaimResize)."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

STORAGE = "storage.k8s.io/v1"
DEFAULT = {"storageclass.kubernetes.io/is-default-class": "true"}


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


def storage_class(name, annotations=None, **fields):
    metadata = {"name": name, **({"annotations": annotations} if annotations else {})}
    body = {"apiVersion": STORAGE, "kind": "StorageClass", "metadata": metadata}
    return {**body, "provisioner": "example.com/disk", **fields}


def claim(name, size="1Gi", **spec):
    requests = {"resources": {"requests": {"storage": size}}}
    return {
        "metadata": {"name": name},
        "spec": {"accessModes": ["ReadWriteOnce"], **requests, **spec},
    }


def volume(name, **spec):
    source = {"hostPath": {"path": f"/mnt/{name}"}, "capacity": {"storage": "10Gi"}}
    return {
        "metadata": {"name": name},
        "spec": {"accessModes": ["ReadWriteOnce"], **source, **spec},
    }


def test_a_new_volume_is_defaulted_pending_and_protected():
    cluster = Cluster()
    cluster.clock.advance_to(5_000)
    created = ask(cluster, "create", "persistentvolumes", body=volume("pv1")).body
    assert created["metadata"]["finalizers"] == ["kubernetes.io/pv-protection"]
    assert created["spec"] == {
        "accessModes": ["ReadWriteOnce"],
        "capacity": {"storage": "10Gi"},
        "hostPath": {"path": "/mnt/pv1", "type": ""},
        "persistentVolumeReclaimPolicy": "Retain",
        "volumeMode": "Filesystem",
    }
    assert created["status"] == {
        "phase": "Pending",
        "lastPhaseTransitionTime": "2026-01-01T00:00:05Z",
    }


def test_a_volume_status_update_moves_the_transition_time_with_the_phase():
    cluster = Cluster()
    ask(cluster, "create", "persistentvolumes", body=volume("pv1"))
    cluster.clock.advance_to(60_000)
    found = ask(cluster, "get", "persistentvolumes", "", "pv1").body
    since = found["status"]["lastPhaseTransitionTime"]
    same = {**found, "status": {"phase": found["status"]["phase"]}}
    kept = ask(cluster, "update", "persistentvolumes", "", "pv1", subresource="status", body=same)
    assert kept.body["status"]["lastPhaseTransitionTime"] == since
    moved = {**kept.body, "status": {"phase": "Failed"}}
    moved = ask(cluster, "update", "persistentvolumes", "", "pv1", subresource="status", body=moved)
    assert moved.body["status"] == {
        "phase": "Failed",
        "lastPhaseTransitionTime": "2026-01-01T00:01:00Z",
    }


def test_a_claim_starts_pending_whatever_status_it_is_given():
    body = {**claim("data"), "status": {"phase": "Bound", "capacity": {"storage": "1Gi"}}}
    created = ask(Cluster(), "create", "persistentvolumeclaims", "default", body=body).body
    assert created["status"] == {"phase": "Pending"}
    assert created["spec"]["volumeMode"] == "Filesystem"
    assert created["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]


def test_a_claims_data_source_is_named_in_both_fields():
    source = {"kind": "PersistentVolumeClaim", "name": "origin"}
    body = claim("copy", dataSource=source)
    spec = ask(Cluster(), "create", "persistentvolumeclaims", "default", body=body).body["spec"]
    assert spec["dataSource"] == spec["dataSourceRef"] == source


def test_a_storage_class_is_defaulted():
    created = ask(Cluster(), "create", "storageclasses", body=storage_class("fast")).body
    assert (created["reclaimPolicy"], created["volumeBindingMode"]) == ("Delete", "Immediate")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param({}, "newer", id="no-class-takes-the-newest-default"),
        pytest.param({"storageClassName": ""}, "", id="empty-means-no-class"),
        pytest.param({"storageClassName": "fast"}, "fast", id="a-class-asked-for"),
    ],
)
def test_default_storage_class_fills_in_only_a_claim_that_asks_for_none(spec, expected):
    cluster = Cluster()
    ask(cluster, "create", "storageclasses", body=storage_class("older", DEFAULT))
    cluster.clock.advance_to(1_000)
    ask(cluster, "create", "storageclasses", body=storage_class("newer", DEFAULT))
    created = ask(cluster, "create", "persistentvolumeclaims", "default", body=claim("c", **spec))
    assert created.body["spec"]["storageClassName"] == expected


def test_without_a_default_class_a_claim_keeps_none():
    cluster = Cluster()
    ask(cluster, "delete", "storageclasses", "", "standard")  # kind's default
    created = ask(cluster, "create", "persistentvolumeclaims", "default", body=claim("c"))
    assert "storageClassName" not in created.body["spec"]


def grow(cluster, name, size):
    found = ask(cluster, "get", "persistentvolumeclaims", "default", name).body
    found["spec"]["resources"]["requests"]["storage"] = size
    return ask(cluster, "update", "persistentvolumeclaims", "default", name, body=found)


def bind(cluster, name):
    found = ask(cluster, "get", "persistentvolumeclaims", "default", name).body
    found["status"] = {"phase": "Bound", "capacity": {"storage": "1Gi"}}
    ask(
        cluster,
        "update",
        "persistentvolumeclaims",
        "default",
        name,
        subresource="status",
        body=found,
    )


def test_a_claim_grows_only_once_bound_and_if_its_class_allows_expansion():
    cluster = Cluster()
    ask(cluster, "create", "storageclasses", body=storage_class("fixed"))
    ask(cluster, "create", "storageclasses", body=storage_class("grows", allowVolumeExpansion=True))
    for name, klass in (("a", "fixed"), ("b", "grows")):
        body = claim(name, storageClassName=klass)
        ask(cluster, "create", "persistentvolumeclaims", "default", body=body)
    refused = grow(cluster, "a", "2Gi")  # validation refuses it before admission can
    assert (refused.code, refused.body["message"].splitlines()[0]) == (
        422,
        'PersistentVolumeClaim "a" is invalid: spec: Forbidden: spec is immutable after creation '
        "except resources.requests and volumeAttributesClassName for bound claims",
    )
    bind(cluster, "a")
    assert grow(cluster, "a", "2Gi").body["message"] == (
        'persistentvolumeclaims "a" is forbidden: only dynamically provisioned pvc can be '
        "resized and the storageclass that provisions the pvc must support resize"
    )
    bind(cluster, "b")
    assert grow(cluster, "b", "2Gi").code == 200
