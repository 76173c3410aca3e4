"""Rancher's local-path-provisioner: a claim of the default class gets a hostPath volume on
the node its first pod is scheduled to, which keeps its files for the next pod, and goes
with the claim."""

from __future__ import annotations

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run
from tests.cluster.kubectl.test_rollout_statefulset import MANIFEST as STATEFUL_SET

CLAIM = """apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [%s]
  resources:
    requests:
      storage: 2Gi
"""
POD = """apiVersion: v1
kind: Pod
metadata:
  name: %s
spec:
  containers:
  - name: shell
    image: busybox
    command: [sh, -c, "%s"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
"""
PROVISIONER_SOURCE = "rancher.io/local-path_local-path-provisioner_"


def apply(cluster: Cluster, manifest: str) -> None:
    assert run(cluster, "apply", "-f", "-", stdin=manifest).exit_code == 0


def get(cluster: Cluster, *what: str) -> dict:
    return json.loads(run(cluster, "get", *what, "-o", "json").stdout)


def claim_events(cluster: Cluster) -> list[tuple[str, str, str]]:
    found = get(cluster, "events", "--field-selector", "involvedObject.name=data")["items"]
    found.sort(key=lambda e: int(e["metadata"]["resourceVersion"]))
    return [(e["reason"], e["message"], e["source"]["component"]) for e in found]


@pytest.fixture
def cluster() -> Cluster:
    """A claim, then a pod writing to it, ten seconds on."""
    cluster = Cluster()
    apply(cluster, CLAIM % "ReadWriteOnce")
    cluster.advance_to(5_000)
    assert get(cluster, "pvc", "data")["status"]["phase"] == "Pending"  # no consumer yet
    apply(cluster, POD % ("writer", "echo kept > /data/file; sleep 3600"))
    cluster.advance_to(15_000)
    return cluster


def test_the_first_pod_of_a_claim_gets_a_volume_on_its_node(cluster):
    claim, pod = get(cluster, "pvc", "data"), get(cluster, "pod", "writer")
    node, uid = pod["spec"]["nodeName"], claim["metadata"]["uid"]
    assert (claim["status"]["phase"], claim["spec"]["volumeName"]) == ("Bound", f"pvc-{uid}")
    volume = get(cluster, "pv", f"pvc-{uid}")
    assert volume["metadata"]["annotations"] == {
        "local.path.provisioner/selected-node": node,
        "pv.kubernetes.io/provisioned-by": "rancher.io/local-path",
    }
    spec = volume["spec"]
    assert spec["hostPath"] == {
        "path": f"/var/local-path-provisioner/pvc-{uid}_default_data",
        "type": "DirectoryOrCreate",
    }
    terms = spec["nodeAffinity"]["required"]["nodeSelectorTerms"]
    assert terms == [
        {
            "matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}
            ]
        }
    ]
    assert (spec["capacity"], spec["accessModes"], spec["storageClassName"]) == (
        {"storage": "2Gi"},
        ["ReadWriteOnce"],
        "standard",
    )
    assert (spec["persistentVolumeReclaimPolicy"], spec["claimRef"]["uid"]) == ("Delete", uid)
    assert pod["status"]["phase"] == "Running"
    assert run(cluster, "exec", "writer", "--", "cat", "/data/file").stdout == "kept\n"


def test_the_claims_events_tell_who_provisioned_it(cluster):
    uid = get(cluster, "pvc", "data")["metadata"]["uid"]
    found = claim_events(cluster)
    assert [(reason, source) for reason, _, source in found if source.startswith("pers")] == [
        ("WaitForFirstConsumer", "persistentvolume-controller"),
        ("ExternalProvisioning", "persistentvolume-controller"),
    ]
    assert [
        (reason, message) for reason, message, source in found if source.startswith("ranc")
    ] == [
        ("Provisioning", 'External provisioner is provisioning volume for claim "default/data"'),
        ("ProvisioningSucceeded", f"Successfully provisioned volume pvc-{uid}"),
    ]


def test_the_next_pod_goes_to_the_volumes_node_and_finds_its_files(cluster):
    node = get(cluster, "pod", "writer")["spec"]["nodeName"]
    assert run(cluster, "delete", "pod", "writer", "--now").exit_code == 0
    cluster.advance_to(30_000)
    apply(cluster, POD % ("reader", "cat /data/file; sleep 3600"))
    cluster.advance_to(40_000)
    assert get(cluster, "pod", "reader")["spec"]["nodeName"] == node
    assert run(cluster, "logs", "reader").stdout == "kept\n"


def test_the_volume_goes_with_its_claim(cluster):
    volume = get(cluster, "pvc", "data")["spec"]["volumeName"]
    assert run(cluster, "delete", "pod", "writer", "--now").exit_code == 0
    assert run(cluster, "delete", "pvc", "data").exit_code == 0
    cluster.advance_to(60_000)
    assert run(cluster, "get", "pv", volume).stderr == (
        f'Error from server (NotFound): persistentvolumes "{volume}" not found\n'
    )


def test_a_claim_local_paths_cannot_serve_is_refused_and_its_pod_waits():
    cluster = Cluster()
    apply(cluster, CLAIM % "ReadWriteMany")
    apply(cluster, POD % ("writer", "sleep 3600"))
    cluster.advance_to(10_000)
    failed = [m for reason, m, _ in claim_events(cluster) if reason == "ProvisioningFailed"]
    assert failed[0] == (
        'failed to provision volume with StorageClass "standard": NodePath only supports '
        "ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
    )
    assert get(cluster, "pod", "writer")["status"]["phase"] == "Pending"
    assert get(cluster, "pv")["items"] == []


def test_a_statefulsets_claims_are_provisioned_for_its_pods():
    cluster = Cluster()
    manifest = STATEFUL_SET + (
        "  volumeClaimTemplates:\n"
        "  - metadata: {name: www}\n"
        "    spec:\n"
        "      accessModes: [ReadWriteOnce]\n"
        "      resources: {requests: {storage: 1Gi}}\n"
    )
    apply(cluster, manifest)
    cluster.advance_to(60_000)
    rows = [line.split()[:3] for line in run(cluster, "get", "pvc").stdout.splitlines()[1:]]
    assert [(name, status) for name, status, _ in rows] == [
        ("www-web-0", "Bound"),
        ("www-web-1", "Bound"),
    ]
    assert "2/2" in run(cluster, "get", "sts", "web").stdout
