"""What the StatefulSet controller's parts share: ordinals from pod names, the pods it makes,
and the owners the retention policy gives a pod's claims."""

import pytest

from cluster.engine.controllers.statefulset import retention
from cluster.engine.controllers.statefulset import utils as sutils

SET_UID = "set-uid"
POD_UID = "pod-uid"


def statefulset(replicas: int = 2, when_scaled: str = "Retain", when_deleted: str = "Retain"):
    policy = {"whenScaled": when_scaled, "whenDeleted": when_deleted}
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "default", "uid": SET_UID},
        "spec": {
            "replicas": replicas,
            "serviceName": "nginx",
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]},
            },
            "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {}}],
            "persistentVolumeClaimRetentionPolicy": policy,
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
        },
    }


def member(ordinal: int) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": f"web-{ordinal}", "namespace": "default", "uid": POD_UID},
    }


@pytest.mark.parametrize(
    ("name", "parent", "ordinal"),
    [
        ("web-0", "web", 0),
        ("my-web-12", "my-web", 12),
        ("web", "", -1),
        ("web-", "", -1),
        ("web-2147483648", "web", -1),  # beyond int32: a member without an ordinal
    ],
)
def test_the_parent_and_ordinal_come_from_the_name(name, parent, ordinal):
    assert sutils.parent_name_and_ordinal({"metadata": {"name": name}}) == (parent, ordinal)


def test_a_new_pod_has_its_identity_storage_and_revision():
    sts = statefulset()
    pod = sutils.new_versioned_stateful_set_pod(sts, sts, "web-old", "web-new", 1)
    assert pod["metadata"]["name"] == "web-1"
    assert pod["metadata"]["generateName"] == "web-"
    assert pod["metadata"]["labels"] == {
        "app": "web",
        "statefulset.kubernetes.io/pod-name": "web-1",
        "apps.kubernetes.io/pod-index": "1",
        "controller-revision-hash": "web-new",
    }
    assert (pod["spec"]["hostname"], pod["spec"]["subdomain"]) == ("web-1", "nginx")
    assert pod["spec"]["volumes"] == [
        {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}}
    ]
    assert sutils.identity_matches(sts, pod) and sutils.storage_matches(sts, pod)


def test_below_the_partition_a_new_pod_is_of_the_current_revision():
    sts = statefulset(3)
    sts["spec"]["updateStrategy"]["rollingUpdate"]["partition"] = 2
    revisions = [
        sutils.get_pod_revision(sutils.new_versioned_stateful_set_pod(sts, sts, "old", "new", i))
        for i in range(3)
    ]
    assert revisions == ["old", "old", "new"]


@pytest.mark.parametrize(
    ("when_scaled", "when_deleted", "ordinal", "owners"),
    [
        ("Retain", "Retain", 0, []),
        ("Retain", "Delete", 0, ["StatefulSet"]),
        ("Retain", "Delete", 5, ["StatefulSet"]),
        ("Delete", "Retain", 0, []),
        ("Delete", "Retain", 5, ["Pod"]),
        ("Delete", "Delete", 0, ["StatefulSet"]),
        ("Delete", "Delete", 5, ["Pod"]),
    ],
)
def test_the_retention_policy_decides_who_owns_a_claim(when_scaled, when_deleted, ordinal, owners):
    sts = statefulset(2, when_scaled, when_deleted)
    pod = member(ordinal)
    claim = {"metadata": {"name": f"www-web-{ordinal}"}}
    assert retention.is_claim_owner_up_to_date(claim, sts, pod) == (owners == [])
    retention.update_claim_owner_refs(claim, sts, pod)
    refs = claim["metadata"].get("ownerReferences", [])
    assert [ref["kind"] for ref in refs] == owners
    assert all(ref["controller"] and ref["blockOwnerDeletion"] for ref in refs)
    assert retention.is_claim_owner_up_to_date(claim, sts, pod)


def test_a_claim_another_controller_manages_is_left_alone():
    sts = statefulset(2, "Delete", "Delete")
    other = {"apiVersion": "v1", "kind": "Thing", "name": "x", "uid": "x", "controller": True}
    claim = {"metadata": {"name": "www-web-0", "ownerReferences": [other]}}
    assert retention.has_unexpected_controller(claim, sts, member(0))
    assert retention.is_claim_owner_up_to_date(claim, sts, member(0))


def test_a_claim_owned_by_an_earlier_pod_of_the_name_is_stale():
    earlier = {"apiVersion": "v1", "kind": "Pod", "name": "web-1", "uid": "earlier"}
    claim = {"metadata": {"name": "www-web-1", "ownerReferences": [earlier]}}
    assert retention.has_stale_owner_ref(claim, member(1), retention.POD_KIND)
    assert not retention.has_stale_owner_ref(claim, member(2), retention.POD_KIND)
