"""The PersistentVolume binder: claims bind to the best volume, say why they wait, and
volumes whose claim is gone follow their reclaim policy."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.controllers.volume.persistentvolume import SYNC_PERIOD_MS
from tests.cluster.engine.controllers.helpers import API, pod, run_for, settle

SOURCE = "persistentvolume-controller"
NO_CLASS = "no persistent volumes available for this claim and no storage class is set"


def volume(
    name: str = "task-pv-volume", size: str = "10Gi", source: dict | None = None, **spec
) -> dict:
    """A hostPath volume of class manual, as "Configure a Pod to Use a PersistentVolume for
    Storage" writes it."""
    labels = spec.pop("labels", {"type": "local"})
    source = source or {"hostPath": {"path": "/mnt/data"}}
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {"name": name, "labels": labels},
        "spec": {
            "storageClassName": "manual",
            "capacity": {"storage": size},
            "accessModes": ["ReadWriteOnce"],
            **source,
            **spec,
        },
    }


def claim(name: str = "task-pv-claim", size: str = "3Gi", **spec) -> dict:
    spec.setdefault("storageClassName", "manual")
    if spec["storageClassName"] is None:
        del spec["storageClassName"]
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name},
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": size}},
            **spec,
        },
    }


def storage_class(name: str, provisioner: str, annotations: dict | None = None, **fields) -> dict:
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": name, **({"annotations": annotations} if annotations else {})},
        "provisioner": provisioner,
        **fields,
    }


def cluster_with(*objects: dict) -> tuple[Cluster, API]:
    """A cluster with `objects`, and without kind's default storage: a kubeadm cluster's
    PV controller, on its own."""
    cluster = Cluster()
    api = API(cluster)
    api.delete("storageclasses", "standard", namespace="")
    for obj in objects:
        create(api, obj)
    settle(cluster)
    return cluster, api


def create(api: API, obj: dict) -> None:
    resource = {
        "PersistentVolume": "persistentvolumes",
        "PersistentVolumeClaim": "persistentvolumeclaims",
        "StorageClass": "storageclasses",
    }[obj["kind"]]
    api.create(resource, obj, "" if obj["kind"] != "PersistentVolumeClaim" else "default")


def get_volume(api: API, name: str = "task-pv-volume") -> dict:
    return api.get("persistentvolumes", name, "")


def get_claim(api: API, name: str = "task-pv-claim") -> dict:
    return api.get("persistentvolumeclaims", name)


def volume_events(api: API) -> list[tuple[str, str, str]]:
    return api.events("PersistentVolume")


def claim_events(api: API) -> list[tuple[str, str, str]]:
    return api.events("PersistentVolumeClaim")


def test_a_claim_binds_to_a_volume_of_its_class_that_is_large_enough():
    _, api = cluster_with(volume(), claim())
    bound_volume, bound_claim = get_volume(api), get_claim(api)
    assert bound_volume["status"]["phase"] == "Bound"
    assert bound_volume["status"]["lastPhaseTransitionTime"] == "2026-01-01T00:00:00Z"
    assert bound_volume["spec"]["claimRef"] == {
        "kind": "PersistentVolumeClaim",
        "namespace": "default",
        "name": "task-pv-claim",
        "uid": bound_claim["metadata"]["uid"],
        "apiVersion": "v1",
        "resourceVersion": bound_volume["spec"]["claimRef"]["resourceVersion"],
    }
    assert bound_volume["metadata"]["annotations"] == {
        "pv.kubernetes.io/bound-by-controller": "yes"
    }
    assert bound_claim["spec"]["volumeName"] == "task-pv-volume"
    assert bound_claim["metadata"]["annotations"] == {
        "pv.kubernetes.io/bound-by-controller": "yes",
        "pv.kubernetes.io/bind-completed": "yes",
    }
    assert bound_claim["status"] == {
        "phase": "Bound",
        "accessModes": ["ReadWriteOnce"],
        "capacity": {"storage": "10Gi"},
    }
    assert claim_events(api) == []


def test_a_volume_nobody_claims_is_available():
    _, api = cluster_with(volume())
    assert get_volume(api)["status"]["phase"] == "Available"
    assert "claimRef" not in get_volume(api)["spec"]


def test_a_claim_without_class_nor_volume_waits_and_says_why():
    _, api = cluster_with(claim(storageClassName=None))
    assert get_claim(api)["status"] == {"phase": "Pending"}
    assert claim_events(api) == [("FailedBinding", NO_CLASS, SOURCE)]


def test_a_claim_of_a_class_that_does_not_exist_says_so_and_binds_at_the_next_resync():
    cluster, api = cluster_with(claim())
    assert claim_events(api) == [
        ("ProvisioningFailed", 'storageclass.storage.k8s.io "manual" not found', SOURCE)
    ]
    create(api, volume())
    settle(cluster)
    assert get_claim(api)["status"]["phase"] == "Pending"
    assert get_volume(api)["status"]["phase"] == "Available"
    run_for(cluster, SYNC_PERIOD_MS)
    assert get_claim(api)["status"]["phase"] == "Bound"
    assert get_volume(api)["status"]["phase"] == "Bound"


def test_a_waiting_claims_event_is_counted_at_every_resync():
    cluster, api = cluster_with(claim(storageClassName=None))
    run_for(cluster, 2 * SYNC_PERIOD_MS)
    (event,) = [e for e in api.items("events") if e["reason"] == "FailedBinding"]
    assert (event["type"], event["count"], event["message"]) == ("Normal", 3, NO_CLASS)


def test_the_smallest_volume_large_enough_is_chosen():
    _, api = cluster_with(
        volume("small", "2Gi"), volume("large", "10Gi"), volume("medium", "5Gi"), claim()
    )
    assert get_claim(api)["spec"]["volumeName"] == "medium"
    assert get_claim(api)["status"]["capacity"] == {"storage": "5Gi"}
    assert [get_volume(api, n)["status"]["phase"] for n in ("small", "medium", "large")] == [
        "Available",
        "Bound",
        "Available",
    ]


def test_volumes_with_the_fewest_access_modes_that_serve_the_claim_come_first():
    _, api = cluster_with(
        volume("rwo-rwx", "5Gi", accessModes=["ReadWriteOnce", "ReadWriteMany"]),
        volume("rwo", "10Gi"),
        claim(),
    )
    assert get_claim(api)["spec"]["volumeName"] == "rwo"


@pytest.mark.parametrize(
    ("volume_spec", "claim_spec"),
    [
        ({"accessModes": ["ReadWriteOnce"]}, {"accessModes": ["ReadWriteMany"]}),
        ({"storageClassName": "fast"}, {}),
        ({"volumeMode": "Block"}, {}),
        ({"labels": {"type": "hdd"}}, {"selector": {"matchLabels": {"type": "ssd"}}}),
        ({}, {"size": "20Gi"}),
    ],
)
def test_a_volume_that_does_not_serve_the_claim_is_not_bound(volume_spec, claim_spec):
    _, api = cluster_with(volume(**volume_spec), claim(**claim_spec))
    assert get_claim(api)["status"]["phase"] == "Pending"
    assert get_volume(api)["status"]["phase"] == "Available"


def test_a_claims_selector_picks_among_volumes_by_their_labels():
    _, api = cluster_with(
        volume("hdd", "5Gi", labels={"type": "hdd"}),
        volume("ssd", "10Gi", labels={"type": "ssd"}),
        claim(selector={"matchLabels": {"type": "ssd"}}),
    )
    assert get_claim(api)["spec"]["volumeName"] == "ssd"


def test_a_volume_pre_bound_to_a_claim_is_kept_for_it():
    reserved = volume("reserved", claimRef={"namespace": "default", "name": "task-pv-claim"})
    _, api = cluster_with(volume("other", "5Gi"), reserved, claim())
    assert get_claim(api)["spec"]["volumeName"] == "reserved"
    assert "annotations" not in get_volume(api, "reserved")["metadata"]
    assert (
        get_volume(api, "reserved")["spec"]["claimRef"]["uid"]
        == (get_claim(api)["metadata"]["uid"])
    )
    assert get_claim(api)["metadata"]["annotations"] == {
        "pv.kubernetes.io/bound-by-controller": "yes",
        "pv.kubernetes.io/bind-completed": "yes",
    }


def test_a_claim_that_names_its_volume_gets_it():
    _, api = cluster_with(volume("other", "5Gi"), volume(), claim(volumeName="task-pv-volume"))
    assert get_claim(api)["status"]["phase"] == "Bound"
    assert get_claim(api)["metadata"]["annotations"] == {"pv.kubernetes.io/bind-completed": "yes"}
    assert get_volume(api)["metadata"]["annotations"] == {
        "pv.kubernetes.io/bound-by-controller": "yes"
    }
    assert get_volume(api, "other")["status"]["phase"] == "Available"


def test_a_claim_that_names_a_volume_too_small_says_why_it_waits():
    _, api = cluster_with(volume(size="1Gi"), claim(volumeName="task-pv-volume"))
    assert get_claim(api)["status"]["phase"] == "Pending"
    assert claim_events(api) == [
        (
            "VolumeMismatch",
            'Cannot bind to requested volume "task-pv-volume": requested PV is too small',
            SOURCE,
        )
    ]


def test_a_claim_that_names_a_volume_bound_elsewhere_says_so():
    _, api = cluster_with(volume(), claim("first"))
    create(api, claim(volumeName="task-pv-volume"))
    settle(api.cluster)
    assert get_claim(api)["status"]["phase"] == "Pending"
    assert claim_events(api) == [
        ("FailedBinding", 'volume "task-pv-volume" already bound to a different claim.', SOURCE)
    ]


def test_a_class_that_waits_for_the_first_consumer_says_so():
    wait = storage_class(
        "local-storage", "kubernetes.io/no-provisioner", volumeBindingMode="WaitForFirstConsumer"
    )
    _, api = cluster_with(
        wait, volume(storageClassName="local-storage"), claim(storageClassName="local-storage")
    )
    assert get_claim(api)["status"]["phase"] == "Pending"
    assert get_volume(api)["status"]["phase"] == "Available"
    assert claim_events(api) == [
        (
            "WaitForFirstConsumer",
            "waiting for first consumer to be created before binding",
            SOURCE,
        )
    ]


def test_a_claim_waiting_for_its_first_consumer_binds_once_a_pod_using_it_is_scheduled():
    wait = storage_class(
        "local-storage", "kubernetes.io/no-provisioner", volumeBindingMode="WaitForFirstConsumer"
    )
    cluster, api = cluster_with(
        wait, volume(storageClassName="local-storage"), claim(storageClassName="local-storage")
    )
    consumer = pod("task-pv-pod")
    consumer["spec"]["volumes"] = [
        {"name": "task-pv-storage", "persistentVolumeClaim": {"claimName": "task-pv-claim"}}
    ]
    api.create("pods", consumer)
    settle(cluster)
    assert api.get("pods", "task-pv-pod")["spec"]["nodeName"]
    assert get_claim(api)["status"]["phase"] == "Bound"
    assert get_volume(api)["spec"]["claimRef"]["name"] == "task-pv-claim"


def test_a_class_without_provisioner_fails_to_provision():
    _, api = cluster_with(
        storage_class("local", "kubernetes.io/no-provisioner"), claim(storageClassName="local")
    )
    assert get_claim(api)["status"]["phase"] == "Pending"
    assert claim_events(api) == [
        (
            "ProvisioningFailed",
            "no volume plugin matched name: kubernetes.io/no-provisioner",
            SOURCE,
        )
    ]


@pytest.mark.parametrize(
    ("provisioner", "named"),
    [
        ("nfs.csi.k8s.io", "nfs.csi.k8s.io"),
        ("kubernetes.io/aws-ebs", "ebs.csi.aws.com"),
    ],
)
def test_an_external_provisioner_is_asked_for_a_volume(provisioner, named):
    _, api = cluster_with(
        storage_class("standard", provisioner), claim(storageClassName="standard")
    )
    annotations = get_claim(api)["metadata"]["annotations"]
    assert annotations == {
        "volume.beta.kubernetes.io/storage-provisioner": named,
        "volume.kubernetes.io/storage-provisioner": named,
    }
    assert claim_events(api) == [
        (
            "ExternalProvisioning",
            f"Waiting for a volume to be created either by the external provisioner '{named}' "
            "or manually by the system administrator. If volume creation is delayed, please "
            "verify that the provisioner is running and correctly registered.",
            SOURCE,
        )
    ]


def test_hostpath_provisioning_is_disabled():
    _, api = cluster_with(
        storage_class("hostpath", "kubernetes.io/host-path"), claim(storageClassName="hostpath")
    )
    assert get_claim(api)["metadata"]["annotations"][
        "volume.kubernetes.io/storage-provisioner"
    ] == ("kubernetes.io/host-path")
    assert claim_events(api) == [
        (
            "ProvisioningFailed",
            'Failed to create provisioner: provisioning in volume plugin "kubernetes.io/host-path" '
            "is disabled",
            SOURCE,
        )
    ]


def test_a_claim_without_class_takes_a_default_class_created_later():
    cluster, api = cluster_with(volume(storageClassName="standard"), claim(storageClassName=None))
    default = storage_class(
        "standard",
        "kubernetes.io/no-provisioner",
        {"storageclass.kubernetes.io/is-default-class": "true"},
    )
    create(api, default)
    run_for(cluster, SYNC_PERIOD_MS)
    assert get_claim(api)["spec"]["storageClassName"] == "standard"
    assert get_claim(api)["status"]["phase"] == "Bound"


def test_a_retained_volume_is_released_when_its_claim_goes():
    cluster, api = cluster_with(volume(), claim())
    uid = get_claim(api)["metadata"]["uid"]
    api.delete("persistentvolumeclaims", "task-pv-claim")
    settle(cluster)
    assert api.names("persistentvolumeclaims") == []
    released = get_volume(api)
    assert released["status"]["phase"] == "Released"
    assert released["spec"]["claimRef"]["uid"] == uid
    assert volume_events(api) == []
    create(api, claim())
    run_for(cluster, SYNC_PERIOD_MS)
    assert get_claim(api)["status"]["phase"] == "Pending"


def test_a_hostpath_volume_outside_tmp_cannot_be_deleted():
    cluster, api = cluster_with(volume(persistentVolumeReclaimPolicy="Delete"), claim())
    api.delete("persistentvolumeclaims", "task-pv-claim")
    settle(cluster)
    message = "host_path deleter only supports /tmp/.+ but received provided /mnt/data"
    failed = get_volume(api)
    assert failed["status"]["phase"] == "Failed"
    assert failed["status"]["message"] == message
    assert volume_events(api) == [("VolumeFailedDelete", message, SOURCE)]
    run_for(cluster, SYNC_PERIOD_MS)
    assert volume_events(api) == [("VolumeFailedDelete", message, SOURCE)]


def test_a_hostpath_volume_under_tmp_is_deleted():
    cluster, api = cluster_with(
        volume(source={"hostPath": {"path": "/tmp/data"}}, persistentVolumeReclaimPolicy="Delete"),
        claim(),
    )
    api.delete("persistentvolumeclaims", "task-pv-claim")
    settle(cluster)
    assert api.names("persistentvolumes", "") == []
    assert volume_events(api) == []


def test_a_volume_of_no_deletable_plugin_fails_to_delete():
    local = volume(
        source={"local": {"path": "/mnt/disks/ssd1"}},
        persistentVolumeReclaimPolicy="Delete",
        nodeAffinity={
            "required": {
                "nodeSelectorTerms": [
                    {
                        "matchExpressions": [
                            {
                                "key": "kubernetes.io/hostname",
                                "operator": "In",
                                "values": ["node-1"],
                            }
                        ]
                    }
                ]
            }
        },
    )
    cluster, api = cluster_with(local, claim())
    api.delete("persistentvolumeclaims", "task-pv-claim")
    settle(cluster)
    message = (
        'error getting deleter volume plugin for volume "task-pv-volume": no volume plugin matched'
    )
    assert get_volume(api)["status"] == {
        "phase": "Failed",
        "lastPhaseTransitionTime": "2026-01-01T00:00:00Z",
        "message": message,
    }
    assert volume_events(api) == [("VolumeFailedDelete", message, SOURCE)]


def test_a_recycled_volume_is_scrubbed_by_a_recycler_pod_then_available_again():
    cluster, api = cluster_with(volume(persistentVolumeReclaimPolicy="Recycle"), claim())
    api.delete("persistentvolumeclaims", "task-pv-claim")
    for _ in range(200):
        cluster.step()
        if api.names("pods"):
            break
    recycler = api.get("pods", "recycler-for-task-pv-volume")
    assert recycler["spec"]["activeDeadlineSeconds"] == 300  # 10Gi at 30 seconds a GiB
    assert recycler["spec"]["volumes"][0]["hostPath"]["path"] == "/mnt/data"
    container = recycler["spec"]["containers"][0]
    assert (container["name"], container["command"]) == ("pv-recycler", ["/bin/sh"])
    assert recycler["status"]["phase"] == "Pending"
    api.send(
        "update",
        "pods",
        "default",
        "recycler-for-task-pv-volume",
        subresource="status",
        body={**recycler, "status": {**recycler["status"], "phase": "Succeeded"}},
    )
    settle(cluster)
    recycled = get_volume(api)
    assert recycled["status"]["phase"] == "Available"
    assert "claimRef" not in recycled["spec"]
    assert "annotations" not in recycled["metadata"]
    assert volume_events(api)[-1] == ("VolumeRecycled", "Volume recycled", SOURCE)
    assert api.names("pods") == []


def test_a_claim_whose_volume_is_gone_is_lost():
    cluster, api = cluster_with(volume(), claim())
    api.delete("persistentvolumes", "task-pv-volume", "")
    settle(cluster)
    assert get_volume(api)["metadata"]["deletionTimestamp"]
    api.patch("persistentvolumes", "task-pv-volume", {"metadata": {"finalizers": None}}, "")
    settle(cluster)
    assert get_claim(api)["status"] == {"phase": "Lost"}
    assert claim_events(api) == [
        (
            "ClaimLost",
            "Bound claim has lost its PersistentVolume. Data on the volume is lost!",
            SOURCE,
        )
    ]


def test_a_binding_is_four_writes_without_conflicts():
    cluster, api = cluster_with(volume())
    start = len(cluster.trace.since(0))
    create(api, claim())
    settle(cluster)
    writes = [
        (hop.verb, hop.object)
        for hop in cluster.trace.since(0)[start:]
        if hop.source == "kube-controller-manager" and hop.destination == "authentication"
    ]
    assert writes == [
        ("update", "persistentvolumes/task-pv-volume"),
        ("update", "persistentvolumes/task-pv-volume/status"),
        ("update", "persistentvolumeclaims/default/task-pv-claim"),
        ("update", "persistentvolumeclaims/default/task-pv-claim/status"),
    ]
