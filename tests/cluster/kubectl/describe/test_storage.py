"""describePersistentVolume, describePersistentVolumeClaim and describeStorageClass, as
kubectl 1.37 prints them: over objects of every shape, then through the built-in kubectl
against a cluster."""

import json

import pytest

from cluster.engine.apiserver.request import Request, Response
from cluster.engine.cluster import Cluster
from cluster.kubectl.context import Context
from cluster.kubectl.describe import storage
from cluster.kubectl.describe.writer import PrefixWriter
from tests.cluster.kubectl.helpers import run

NODE_AFFINITY = {
    "required": {
        "nodeSelectorTerms": [
            {
                "matchExpressions": [
                    {"key": "zone", "operator": "In", "values": ["a", "b"]},
                    {"key": "gpu", "operator": "DoesNotExist"},
                ]
            },
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]},
        ]
    }
}


def lines(*texts: str) -> str:
    return "".join(f"{text}\n" for text in texts)


def described(
    describer, obj: dict, events: list | None = None, pods: tuple = (), now: int = 0
) -> str:
    """The describer's text, with `pods` what a list of the object's namespace's pods gives."""

    def transport(request: Request) -> Response:
        assert (request.verb, request.resource) == ("list", "pods")
        return Response(200, {"kind": "PodList", "items": list(pods)})

    w = PrefixWriter(now)
    describer(Context(transport, None), w, obj, events)
    return w.text()


def pod(name: str, uid: str, *claims: str) -> dict:
    volumes = [
        {"name": f"v{i}", "persistentVolumeClaim": {"claimName": c}} for i, c in enumerate(claims)
    ]
    return {"metadata": {"name": name, "uid": uid}, "spec": {"volumes": volumes}}


def test_a_bound_nfs_volume_with_node_affinity_and_the_beta_class_annotation():
    pv = {
        "metadata": {
            "name": "pv1",
            "labels": {"tier": "gold"},
            "annotations": {"volume.beta.kubernetes.io/storage-class": "old"},
            "finalizers": ["kubernetes.io/pv-protection", "example.com/keep"],
        },
        "spec": {
            "storageClassName": "new",
            "claimRef": {"namespace": "prod", "name": "data"},
            "persistentVolumeReclaimPolicy": "Retain",
            "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
            "volumeMode": "Filesystem",
            "capacity": {"storage": "1536Mi"},
            "nfs": {"server": "10.0.0.1", "path": "/exports", "readOnly": True},
            "nodeAffinity": NODE_AFFINITY,
        },
        "status": {"phase": "Bound", "message": "bound by hand"},
    }
    assert described(storage.describe_persistent_volume, pv, []) == lines(
        "Name:              pv1",
        "Labels:            tier=gold",
        "Annotations:       volume.beta.kubernetes.io/storage-class: old",
        "Finalizers:        [kubernetes.io/pv-protection example.com/keep]",
        "StorageClass:      old",
        "Status:            Bound",
        "Claim:             prod/data",
        "Reclaim Policy:    Retain",
        "Access Modes:      RWO,RWX",
        "VolumeMode:        Filesystem",
        "Capacity:          1536Mi",
        "Node Affinity:     ",
        "  Required Terms:  ",
        "    Term 0:        zone in [a, b]",
        "                   gpu doesnotexist",
        "    Term 1:        <none>",
        "Message:           bound by hand",
        "Source:",
        "    Type:      NFS (an NFS mount that lasts the lifetime of a pod)",
        "    Server:    10.0.0.1",
        "    Path:      /exports",
        "    ReadOnly:  true",
        "Events:        <none>",
    )


def test_a_terminating_csi_volume_with_its_attributes_each_line_indented_as_kubectl_does():
    pv = {
        "metadata": {"name": "pv2", "deletionTimestamp": "1970-01-01T00:00:10Z"},
        "spec": {
            "csi": {
                "driver": "csi.example.com",
                "volumeHandle": "vol-1",
                "fsType": "ext4",
                "volumeAttributes": {"zone": "a", "id": "x" * 150},
            },
            "nodeAffinity": {"required": {"nodeSelectorTerms": []}},
        },
    }
    assert described(storage.describe_persistent_volume, pv, now=70) == lines(
        "Name:              pv2",
        "Labels:            <none>",
        "Annotations:       <none>",
        "Finalizers:        []",
        "StorageClass:      ",
        "Status:            Terminating (lasts 60s)",
        "Claim:             ",
        "Reclaim Policy:    ",
        "Access Modes:      ",
        "Capacity:          0",
        "Node Affinity:     ",
        "  Required Terms:  <none>",
        "Message:           ",
        "Source:",
        "    Type:              CSI (a Container Storage Interface (CSI) volume source)",
        "    Driver:            csi.example.com",
        "    FSType:            ext4",
        "    VolumeHandle:      vol-1",
        "    ReadOnly:          false",
        f"    VolumeAttributes:      id={'x' * 137}...",
        "                           zone=a",
    )


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        (
            {"hostPath": {"path": "/mnt/data", "type": "DirectoryOrCreate"}},
            (
                "    Type:          HostPath (bare host directory volume)",
                "    Path:          /mnt/data",
                "    HostPathType:  DirectoryOrCreate",
            ),
        ),
        (
            {"hostPath": {"path": "/mnt/data"}},
            (
                "    Type:          HostPath (bare host directory volume)",
                "    Path:          /mnt/data",
                "    HostPathType:  <none>",
            ),
        ),
        (
            {"local": {"path": "/mnt/disks/ssd1"}},
            (
                "    Type:  LocalVolume (a persistent volume backed by local storage on a node)",
                "    Path:  /mnt/disks/ssd1",
            ),
        ),
        ({"iscsi": {"targetPortal": "10.0.0.2:3260"}}, ("  <unknown>",)),
    ],
)
def test_the_source_of_a_volume(source, printed):
    pv = {"metadata": {"name": "pv3"}, "spec": {"capacity": {"storage": "1Gi"}, **source}}
    text = described(storage.describe_persistent_volume, pv)
    assert text[text.index("Source:") :] == lines("Source:", *printed)


def test_a_bound_claim_with_the_pods_using_it_its_data_source_and_conditions():
    pvc = {
        "metadata": {
            "name": "data",
            "namespace": "prod",
            "finalizers": ["kubernetes.io/pvc-protection"],
            "ownerReferences": [
                {"kind": "Pod", "name": "owner", "uid": "u3"},
                {"kind": "Pod", "name": "web", "uid": "u1"},
                {"kind": "Pod", "name": "gone", "uid": "u9"},
                {"kind": "StatefulSet", "name": "db", "uid": "u4"},
            ],
        },
        "spec": {
            "storageClassName": "",
            "volumeName": "pv1",
            "volumeMode": "Block",
            "resources": {"requests": {"storage": "1Gi"}},
            "dataSource": {
                "apiGroup": "snapshot.storage.k8s.io",
                "kind": "VolumeSnapshot",
                "name": "snap",
            },
        },
        "status": {
            "phase": "Bound",
            "capacity": {"storage": "2048Mi"},
            "accessModes": ["ReadWriteOncePod", "ReadOnlyMany"],
            "conditions": [
                {
                    "type": "Resizing",
                    "status": "True",
                    "lastTransitionTime": "2026-01-01T00:00:00Z",
                    "reason": "Expanding",
                    "message": "in progress",
                }
            ],
        },
    }
    pods = (
        pod("web", "u1", "data", "data"),  # listed once for each volume of the claim
        pod("api", "u2", "data"),
        pod("owner", "u3"),
        pod("other", "u4", "logs"),
    )
    assert described(storage.describe_persistent_volume_claim, pvc, [], pods) == lines(
        "Name:          data",
        "Namespace:     prod",
        "StorageClass:  ",
        "Status:        Bound",
        "Volume:        pv1",
        "Labels:        <none>",
        "Annotations:   <none>",
        "Finalizers:    [kubernetes.io/pvc-protection]",
        "Capacity:      2Gi",
        "Access Modes:  ROX,RWOP",
        "VolumeMode:    Block",
        "DataSource:",
        "  APIGroup:  snapshot.storage.k8s.io",
        "  Kind:      VolumeSnapshot",
        "  Name:      snap",
        "Used By:     api",
        "             owner",
        "             web",
        "             web",
        "Conditions:",
        "  Type       Status  LastProbeTime                     LastTransitionTime                Reason      Message",
        "  ----       ------  -----------------                 ------------------                ------      -------",
        "  Resizing   True    Mon, 01 Jan 0001 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   Expanding   in progress",
        "Events:      <none>",
    )


def test_an_unbound_claim_shows_no_capacity_nor_access_modes():
    pvc = {
        "metadata": {
            "name": "data",
            "namespace": "prod",
            "annotations": {"volume.beta.kubernetes.io/storage-class": "old"},
            "deletionTimestamp": "1970-01-01T00:00:00Z",
        },
        "spec": {"storageClassName": "new", "resources": {"requests": {"storage": "1Gi"}}},
        "status": {
            "phase": "Pending",
            "capacity": {"storage": "1Gi"},
            "accessModes": ["ReadWriteOnce"],
        },
    }
    assert described(storage.describe_persistent_volume_claim, pvc, now=3600) == lines(
        "Name:          data",
        "Namespace:     prod",
        "StorageClass:  old",
        "Status:        Terminating (lasts 60m)",
        "Volume:        ",
        "Labels:        <none>",
        "Annotations:   volume.beta.kubernetes.io/storage-class: old",
        "Finalizers:    []",
        "Capacity:      ",
        "Access Modes:  ",
        "Used By:       <none>",
    )


def test_a_default_class_with_its_parameters_mount_options_and_allowed_topologies():
    sc = {
        "metadata": {
            "name": "fast",
            "annotations": {"storageclass.beta.kubernetes.io/is-default-class": "true"},
        },
        "provisioner": "csi.example.com",
        "parameters": {"type": "ssd", "iops": "10"},
        "allowVolumeExpansion": True,
        "mountOptions": ["debug", "soft"],
        "reclaimPolicy": "Retain",
        "volumeBindingMode": "WaitForFirstConsumer",
        "allowedTopologies": [
            {
                "matchLabelExpressions": [
                    {"key": "zone", "values": ["a", "b"]},
                    {"key": "rack", "values": ["1"]},
                ]
            },
            {"matchLabelExpressions": []},
        ],
    }
    assert described(storage.describe_storage_class, sc, []) == lines(
        "Name:                  fast",
        "IsDefaultClass:        Yes",
        "Annotations:           storageclass.beta.kubernetes.io/is-default-class=true",
        "Provisioner:           csi.example.com",
        "Parameters:            iops=10,type=ssd",
        "AllowVolumeExpansion:  True",
        "MountOptions:",
        "  debug",
        "  soft",
        "ReclaimPolicy:      Retain",
        "VolumeBindingMode:  WaitForFirstConsumer",
        "AllowedTopologies:  ",
        "  Term 0:           zone in [a, b]",
        "                    rack in [1]",
        "  Term 1:           <none>",
        "Events:             <none>",
    )


def test_a_class_with_no_expansion_and_empty_allowed_topologies():
    sc = {
        "metadata": {"name": "slow"},
        "provisioner": "kubernetes.io/no-provisioner",
        "allowVolumeExpansion": False,
        "allowedTopologies": [],
    }
    assert described(storage.describe_storage_class, sc) == lines(
        "Name:                  slow",
        "IsDefaultClass:        No",
        "Annotations:           <none>",
        "Provisioner:           kubernetes.io/no-provisioner",
        "Parameters:            <none>",
        "AllowVolumeExpansion:  False",
        "MountOptions:          <none>",
        "AllowedTopologies:     <none>",
    )


STORAGE = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/data
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 3Gi
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: unmatched
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: task-pv-pod
spec:
  volumes:
  - name: task-pv-storage
    persistentVolumeClaim:
      claimName: task-pv-claim
  containers:
  - name: task-pv-container
    image: nginx
    volumeMounts:
    - mountPath: /usr/share/nginx/html
      name: task-pv-storage
"""


@pytest.fixture(scope="module")
def stored() -> Cluster:
    """The objects above, 20 seconds on: the volume bound to its claim, the other claim not."""
    cluster = Cluster()
    assert run(cluster, "create", "-f", "-", stdin=STORAGE).exit_code == 0
    cluster.advance_to(20_000)
    return cluster


def described_by_kubectl(cluster: Cluster, *argv: str) -> str:
    result = run(cluster, "describe", *argv)
    assert (result.stderr, result.exit_code) == ("", 0)
    return result.stdout


def test_a_storage_class_and_its_events(stored):
    uid = run(stored, "get", "sc", "local-storage", "-o", "jsonpath={.metadata.uid}").stdout
    event = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "local-storage.1", "namespace": "default"},
        "involvedObject": {"kind": "StorageClass", "name": "local-storage", "uid": uid},
        "reason": "Checked",
        "message": "no provisioner needed",
        "type": "Normal",
        "source": {"component": "tester"},
        "count": 1,
        "firstTimestamp": "2026-01-01T00:00:00Z",
        "lastTimestamp": "2026-01-01T00:00:00Z",
    }
    assert run(stored, "create", "-f", "-", stdin=json.dumps(event)).exit_code == 0
    assert described_by_kubectl(stored, "storageclass", "local-storage") == lines(
        "Name:                  local-storage",
        "IsDefaultClass:        No",
        "Annotations:           <none>",
        "Provisioner:           kubernetes.io/no-provisioner",
        "Parameters:            <none>",
        "AllowVolumeExpansion:  <unset>",
        "MountOptions:          <none>",
        "ReclaimPolicy:         Delete",
        "VolumeBindingMode:     WaitForFirstConsumer",
        "Events:",
        "  Type    Reason   Age   From    Message",
        "  ----    ------   ----  ----    -------",
        "  Normal  Checked  20s   tester  no provisioner needed",
    )


def test_a_bound_volume(stored):
    assert described_by_kubectl(stored, "pv", "task-pv-volume") == lines(
        "Name:            task-pv-volume",
        "Labels:          type=local",
        "Annotations:     pv.kubernetes.io/bound-by-controller: yes",
        "Finalizers:      [kubernetes.io/pv-protection]",
        "StorageClass:    manual",
        "Status:          Bound",
        "Claim:           default/task-pv-claim",
        "Reclaim Policy:  Retain",
        "Access Modes:    RWO",
        "VolumeMode:      Filesystem",
        "Capacity:        10Gi",
        "Node Affinity:   <none>",
        "Message:         ",
        "Source:",
        "    Type:          HostPath (bare host directory volume)",
        "    Path:          /mnt/data",
        "    HostPathType:  ",
        "Events:            <none>",
    )


def test_a_bound_claim_is_used_by_the_pods_that_mount_it(stored):
    assert described_by_kubectl(stored, "pvc", "task-pv-claim") == lines(
        "Name:          task-pv-claim",
        "Namespace:     default",
        "StorageClass:  manual",
        "Status:        Bound",
        "Volume:        task-pv-volume",
        "Labels:        <none>",
        "Annotations:   pv.kubernetes.io/bind-completed: yes",
        "               pv.kubernetes.io/bound-by-controller: yes",
        "Finalizers:    [kubernetes.io/pvc-protection]",
        "Capacity:      10Gi",
        "Access Modes:  RWO",
        "VolumeMode:    Filesystem",
        "Used By:       task-pv-pod",
        "Events:        <none>",
    )


def test_a_claim_no_volume_matches_and_its_events(stored):
    assert described_by_kubectl(stored, "pvc", "unmatched") == lines(
        "Name:          unmatched",
        "Namespace:     default",
        "StorageClass:  ",
        "Status:        Pending",
        "Volume:        ",
        "Labels:        <none>",
        "Annotations:   <none>",
        "Finalizers:    [kubernetes.io/pvc-protection]",
        "Capacity:      ",
        "Access Modes:  ",
        "VolumeMode:    Filesystem",
        "Used By:       <none>",
        "Events:",
        "  Type    Reason         Age               From                         Message",
        "  ----    ------         ----              ----                         -------",
        "  Normal  FailedBinding  5s (x2 over 20s)  persistentvolume-controller  no persistent"
        " volumes available for this claim and no storage class is set",
    )


def test_the_pod_s_claim_volume(stored):
    text = described_by_kubectl(stored, "pod", "task-pv-pod")
    volume = text[text.index("  task-pv-storage:") : text.index("  kube-api-access-")]
    assert volume == lines(
        "  task-pv-storage:",
        "    Type:       PersistentVolumeClaim (a reference to a"
        " PersistentVolumeClaim in the same namespace)",
        "    ClaimName:  task-pv-claim",
        "    ReadOnly:   false",
    )
