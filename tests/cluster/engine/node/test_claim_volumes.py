"""Pods that use PersistentVolumeClaims, as in Kubernetes' task "Configure a Pod to Use a
PersistentVolume for Storage": the scheduler waits for their claims to be bound, the kubelet
mounts the claim's volume (an empty directory here) or says in FailedMount why it cannot."""

import json

from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.kubectl.helpers import run

PV_VOLUME = """
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
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"
"""
PV_CLAIM = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 3Gi
"""
PREEMPTION_SKIPPED = "not found"  # DynamicResources' PostFilter, its PreFilter never run


GREETING = "Hello from Kubernetes storage"


def pv_pod(claim="task-pv-claim", **spec):
    """The task's pod, its container writing the task's page into the volume, then reading
    it back."""
    page = "/usr/share/nginx/html/index.html"
    container = {
        "name": "task-pv-container",
        "image": "busybox",
        "command": ["sh", "-c", f"echo '{GREETING}' > {page}; cat {page}; sleep 3600"],
        "volumeMounts": [{"mountPath": "/usr/share/nginx/html", "name": "task-pv-storage"}],
    }
    volume = {"name": "task-pv-storage", "persistentVolumeClaim": {"claimName": claim}}
    body = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "task-pv-pod"},
        "spec": {"volumes": [volume], "containers": [container], **spec},
    }
    return json.dumps(body)


def create(cluster, manifest):
    result = run(cluster, "create", "-f", "-", stdin=manifest)
    assert result.exit_code == 0, result.stderr


def columns(cluster, *argv):
    return run(cluster, "get", *argv, "--no-headers").stdout.split()


def messages(cluster, reason):
    found = run(
        cluster,
        "get",
        "events",
        "--field-selector",
        f"reason={reason},involvedObject.name=task-pv-pod",
        "-o",
        "jsonpath={range .items[*]}{.message}{'\\n'}{end}",
    )
    return found.stdout.splitlines()


def test_a_pod_using_a_bound_claim_runs_and_writes_to_its_volume():
    cluster = Cluster(ClusterSpec())
    create(cluster, PV_VOLUME)
    create(cluster, PV_CLAIM)
    cluster.advance_to(5_000)
    assert columns(cluster, "pvc", "task-pv-claim")[1:3] == ["Bound", "task-pv-volume"]
    create(cluster, pv_pod())
    cluster.advance_to(30_000)
    assert columns(cluster, "pod", "task-pv-pod")[2] == "Running"
    assert run(cluster, "logs", "task-pv-pod").stdout == f"{GREETING}\n"


def test_a_pod_whose_claim_does_not_exist_is_not_scheduled():
    cluster = Cluster(ClusterSpec())
    create(cluster, pv_pod())
    cluster.advance_to(5_000)
    assert columns(cluster, "pod", "task-pv-pod")[2] == "Pending"
    assert messages(cluster, "FailedScheduling") == [
        '0/3 nodes are available: persistentvolumeclaim "task-pv-claim" not found. '
        + PREEMPTION_SKIPPED
    ]


def test_a_pod_waits_for_its_pending_claim_then_runs_once_a_volume_binds_it():
    cluster = Cluster(ClusterSpec())
    create(cluster, PV_CLAIM)
    create(cluster, pv_pod())
    cluster.advance_to(5_000)
    assert columns(cluster, "pvc", "task-pv-claim")[1] == "Pending"
    assert messages(cluster, "FailedScheduling") == [
        "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
        + PREEMPTION_SKIPPED
    ]
    create(cluster, PV_VOLUME)
    cluster.advance_to(40_000)
    assert columns(cluster, "pvc", "task-pv-claim")[1] == "Bound"
    assert columns(cluster, "pod", "task-pv-pod")[2] == "Running"
    assert run(cluster, "logs", "task-pv-pod").stdout == f"{GREETING}\n"


UNABLE = (
    "Unable to attach or mount volumes: unmounted volumes=[task-pv-storage], "
    "unattached volumes=[], failed to process volumes=[task-pv-storage]: "
    "error processing PVC default/task-pv-claim: "
)


def test_the_kubelet_cannot_mount_a_claim_that_does_not_exist_and_says_so():
    cluster = Cluster(ClusterSpec())
    create(cluster, pv_pod(nodeName="node-1"))  # not through the scheduler
    cluster.advance_to(15_000)
    assert columns(cluster, "pod", "task-pv-pod")[2] == "ContainerCreating"
    message = (
        UNABLE + 'failed to fetch PVC from API server: persistentvolumeclaims "task-pv-claim" '
        "not found"
    )
    assert messages(cluster, "FailedMount") == [message]
    describe = run(cluster, "describe", "pod", "task-pv-pod").stdout
    assert f"  Warning  FailedMount  5s (x2 over 15s)  kubelet  {message}\n" in describe


def test_the_kubelet_waits_for_a_claim_to_be_bound_then_mounts_it():
    cluster = Cluster(ClusterSpec())
    create(cluster, PV_CLAIM)
    create(cluster, pv_pod(nodeName="node-1"))
    cluster.advance_to(5_000)
    assert messages(cluster, "FailedMount") == [UNABLE + "PVC is not bound"]
    create(cluster, PV_VOLUME)
    cluster.advance_to(30_000)
    assert columns(cluster, "pod", "task-pv-pod")[2] == "Running"
    assert run(cluster, "logs", "task-pv-pod").stdout == f"{GREETING}\n"


LOCAL_STORAGE = """
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
"""
LOCAL_PV = """
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv
spec:
  capacity:
    storage: 5Gi
  accessModes:
    - ReadWriteOnce
  storageClassName: local-storage
  local:
    path: /mnt/disks/ssd1
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - key: kubernetes.io/hostname
              operator: In
              values:
                - node-2
"""
LOCAL_CLAIM = PV_CLAIM.replace("storageClassName: manual", "storageClassName: local-storage")


def placement(cluster):
    """The pod's node and nominated node."""
    pod = json.loads(run(cluster, "get", "pod", "task-pv-pod", "-o", "json").stdout)
    return pod["spec"].get("nodeName"), pod["status"].get("nominatedNodeName")


def test_a_claim_that_waits_for_its_first_consumer_is_bound_where_the_scheduler_puts_the_pod():
    cluster = Cluster(ClusterSpec())
    for manifest in (LOCAL_STORAGE, LOCAL_PV, LOCAL_CLAIM):
        create(cluster, manifest)
    cluster.advance_to(5_000)
    assert columns(cluster, "pvc", "task-pv-claim")[1] == "Pending"
    create(cluster, pv_pod())
    # PreBind wrote the volume's claimRef and the PV controller bound the claim; the pod,
    # nominated to its node meanwhile, is bound at the next look, a second later
    assert columns(cluster, "pvc", "task-pv-claim")[1:3] == ["Bound", "local-pv"]
    assert placement(cluster) == (None, "node-2")
    cluster.advance_to(cluster.clock.now + 1_000)
    assert placement(cluster) == ("node-2", None)
    volume = json.loads(run(cluster, "get", "pv", "local-pv", "-o", "json").stdout)
    assert volume["metadata"]["annotations"] == {"pv.kubernetes.io/bound-by-controller": "yes"}
    assert volume["spec"]["claimRef"]["name"] == "task-pv-claim"
    cluster.advance_to(30_000)
    assert columns(cluster, "pod", "task-pv-pod")[2] == "Running"
