"""describeStatefulSet and describeReplicationController, as kubectl 1.37 prints them: over
objects of every shape, then through the built-in kubectl against a cluster."""

import re

import pytest

from cluster.engine.apiserver.request import Request, Response
from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd.describe import Describer
from cluster.kubectl.context import Context
from cluster.kubectl.describe import workloads
from cluster.kubectl.describe.writer import PrefixWriter
from tests.cluster.kubectl.helpers import run


def lines(*texts: str) -> str:
    return "".join(f"{text}\n" for text in texts)


def described(
    obj: dict,
    pods: tuple = (),
    describe: Describer = workloads.describe_stateful_set,
    selector: str | None = None,
) -> str:
    """The describer's text, with `pods` what a list of the object's pods gives (asked for
    with the label selector `selector`, when there is one)."""

    def transport(request: Request) -> Response:
        assert (request.verb, request.resource) == ("list", "pods")
        if selector is not None:
            assert request.query == {"labelSelector": selector}
        return Response(200, {"kind": "PodList", "items": list(pods)})

    w = PrefixWriter(0)
    describe(Context(transport, None), w, obj, [])
    return w.text()


def pod(name: str, phase: str, owner: str = "u1", controller: str = "StatefulSet/db") -> dict:
    kind, controller_name = controller.split("/")
    ref = {"kind": kind, "name": controller_name, "uid": owner, "controller": True}
    return {
        "metadata": {"name": name, "ownerReferences": [ref]},
        "status": {"phase": phase},
    }


POD_TEMPLATE = (
    "Pod Template:",
    "  Labels:  app=db",
    "  Containers:",
    "   pg:",
    "    Image:         postgres:16",
    "    Port:          <none>",
    "    Host Port:     <none>",
    "    Environment:   <none>",
    "    Mounts:        <none>",
    "  Volumes:         <none>",
    "  Node-Selectors:  <none>",
    "  Tolerations:     <none>",
)


def test_a_partitioned_set_with_claim_templates_and_its_pods_phases():
    claims = [
        {
            "metadata": {
                "name": "data",
                "annotations": {"volume.beta.kubernetes.io/storage-class": "fast"},
            },
            "spec": {
                "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
                "storageClassName": "slow",
                "resources": {"requests": {"storage": "1536Mi"}},
            },
        },
        {"metadata": {"name": "logs", "labels": {"kind": "logs"}}, "spec": {}},
    ]
    sts = {
        "metadata": {
            "name": "db",
            "namespace": "prod",
            "uid": "u1",
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "labels": {"app": "db", "tier": "data"},
            "annotations": {"team": "storage"},
        },
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "db"}},
            "updateStrategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"partition": 2, "maxUnavailable": "50%"},
            },
            "template": {
                "metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "pg", "image": "postgres:16"}]},
            },
            "volumeClaimTemplates": claims,
        },
        "status": {"replicas": 2},
    }
    pods = (pod("db-0", "Running"), pod("db-1", "Pending"), pod("other", "Running", "u2"))
    assert described(sts, pods) == lines(
        "Name:                   db",
        "Namespace:              prod",
        "CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000",
        "Selector:               app=db",
        "Labels:                 app=db",
        "                        tier=data",
        "Annotations:            team: storage",
        "Service Name:           ",
        "Pod Management Policy:  ",
        "Replicas:               3 desired | 2 total",
        "Update Strategy:        RollingUpdate",
        "  Partition:            2",
        "  MaxUnavailable:       50%",
        "Pods Status:            1 Running / 1 Waiting / 0 Succeeded / 0 Failed",
        *POD_TEMPLATE,
        "Volume Claims:",
        "  Name:          data",
        "  StorageClass:  fast",
        "  Labels:        <none>",
        "  Annotations:   volume.beta.kubernetes.io/storage-class=fast",
        "  Capacity:      1536Mi",
        "  Access Modes:  [ReadWriteOnce ReadOnlyMany]",
        "  Name:          logs",
        "  StorageClass:  ",
        "  Labels:        kind=logs",
        "  Annotations:   <none>",
        "  Capacity:      <default>",
        "  Access Modes:  []",
        "Events:          <none>",
    )


def test_an_on_delete_set_without_claims():
    sts = {
        "metadata": {"name": "db", "namespace": "prod", "uid": "u1"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "db"}},
            "updateStrategy": {"type": "OnDelete"},
            "template": {
                "metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "pg", "image": "postgres:16"}]},
            },
        },
    }
    text = described(sts)
    assert (
        "Replicas:               1 desired | 0 total\nUpdate Strategy:        OnDelete\nPods"
        in text
    )
    assert text.endswith(
        "  Tolerations:     <none>\nVolume Claims:     <none>\nEvents:            <none>\n"
    )


MANIFEST = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests: {storage: 1Gi}
"""


@pytest.fixture
def cluster() -> Cluster:
    """The StatefulSet, on a cluster without kind's default storage: its claim waits."""
    cluster = Cluster()
    assert run(cluster, "delete", "storageclass", "standard").exit_code == 0
    assert run(cluster, "create", "-f", "-", stdin=MANIFEST).exit_code == 0
    cluster.run_until_idle()
    return cluster


def test_kubectl_describe_statefulset_whose_pod_waits_for_its_claim(cluster):
    result = run(cluster, "describe", "sts", "web")
    assert result.exit_code == 0
    shown, events = result.stdout.split("Events:\n")
    assert shown == lines(
        "Name:                   web",
        "Namespace:              default",
        "CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000",
        "Selector:               app=nginx",
        "Labels:                 <none>",
        "Annotations:            <none>",
        "Service Name:           nginx",
        "Pod Management Policy:  OrderedReady",
        "Replicas:               1 desired | 1 total",
        "Update Strategy:        RollingUpdate",
        "  Partition:            0",
        "Persistent Volume Claim Retention Policy:",
        "  WhenDeleted:  Retain",
        "  WhenScaled:   Retain",
        "Pods Status:    0 Running / 1 Waiting / 0 Succeeded / 0 Failed",
        "Pod Template:",
        "  Labels:  app=nginx",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx:1.26",
        "    Port:          <none>",
        "    Host Port:     <none>",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        "Volume Claims:",
        "  Name:          www",
        "  StorageClass:  ",
        "  Labels:        <none>",
        "  Annotations:   <none>",
        "  Capacity:      1Gi",
        "  Access Modes:  [ReadWriteOnce]",
    )
    assert "Create Pod web-0 in StatefulSet web successful" in events


RC_POD_TEMPLATE = (
    "Pod Template:",
    "  Labels:  app=web",
    "           tier=front",
    "  Containers:",
    "   web:",
    "    Image:         nginx:1.27",
    "    Port:          80/TCP",
    "    Host Port:     0/TCP",
    "    Environment:   <none>",
    "    Mounts:        <none>",
    "  Volumes:         <none>",
    "  Node-Selectors:  <none>",
    "  Tolerations:     <none>",
)


def replication_controller(**spec: object) -> dict:
    template = {
        "metadata": {"labels": {"app": "web", "tier": "front"}},
        "spec": {
            "containers": [
                {
                    "name": "web",
                    "image": "nginx:1.27",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                }
            ]
        },
    }
    return {
        "kind": "ReplicationController",
        "metadata": {
            "name": "web",
            "namespace": "prod",
            "uid": "u1",
            "labels": {"app": "web", "tier": "front"},
            "annotations": {"team": "edge"},
        },
        "spec": {
            "replicas": 3,
            "selector": {"tier": "front", "app": "web"},
            "template": template,
            **spec,
        },
        "status": {
            "replicas": 2,
            "conditions": [{"type": "ReplicaFailure", "status": "True", "reason": "FailedCreate"}],
        },
    }


def test_a_replication_controller_with_its_selector_pods_template_and_conditions():
    rc = "ReplicationController/web"
    pods = (
        pod("web-a", "Running", controller=rc),
        pod("web-b", "Pending", controller=rc),
        pod("web-c", "Failed", owner="u2", controller=rc),
    )
    text = described(
        replication_controller(),
        pods,
        workloads.describe_replication_controller,
        selector="app=web,tier=front",
    )
    assert text == lines(
        "Name:         web",
        "Namespace:    prod",
        "Selector:     app=web,tier=front",
        "Labels:       app=web",
        "              tier=front",
        "Annotations:  team: edge",
        "Replicas:     2 current / 3 desired",
        "Pods Status:  1 Running / 1 Waiting / 0 Succeeded / 0 Failed",
        *RC_POD_TEMPLATE,
        "Conditions:",
        "  Type             Status  Reason",
        "  ----             ------  ------",
        "  ReplicaFailure   True    FailedCreate",
        "Events:            <none>",
    )


def test_a_replication_controller_names_no_controller_of_its_own():
    rc = replication_controller()
    ref = {"kind": "Deployment", "name": "web", "uid": "u0", "controller": True}
    rc["metadata"]["ownerReferences"] = [ref]
    text = described(rc, (), workloads.describe_replication_controller)
    assert "Controlled By" not in text


def test_a_replication_controller_without_a_template_or_selector():
    rc = replication_controller(selector={}, template=None)
    del rc["status"]
    text = described(rc, (), workloads.describe_replication_controller)
    assert text.endswith(
        lines(
            "Selector:     <none>",
            "Labels:       app=web",
            "              tier=front",
            "Annotations:  team: edge",
            "Replicas:     0 current / 3 desired",
            "Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed",
            "Pod Template:",
            "  <unset>Events:  <none>",
        )
    )


RC_MANIFEST = """apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
"""


@pytest.fixture
def replicated() -> Cluster:
    """The ReplicationController's two nginx pods, running."""
    cluster = Cluster()
    assert run(cluster, "create", "-f", "-", stdin=RC_MANIFEST).exit_code == 0
    cluster.run_until_idle()
    return cluster


def test_kubectl_describe_rc_with_the_pods_it_created(replicated):
    result = run(replicated, "describe", "rc", "nginx")
    assert (result.stderr, result.exit_code) == ("", 0)
    shown, events = result.stdout.split("Events:\n")
    assert shown == lines(
        "Name:         nginx",
        "Namespace:    default",
        "Selector:     app=nginx",
        "Labels:       app=nginx",
        "Annotations:  <none>",
        "Replicas:     2 current / 2 desired",
        "Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed",
        "Pod Template:",
        "  Labels:  app=nginx",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx",
        "    Port:          80/TCP",
        "    Host Port:     0/TCP",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
    )
    created = re.findall(r"Created pod: (\S+)", events)
    pods = run(replicated, "get", "pods", "-o", "name").stdout.split()
    assert sorted(created) == sorted(name.removeprefix("pod/") for name in pods)
    assert re.sub(r"nginx-[a-z0-9]{5}", "nginx-<suffix>", events) == lines(
        "  Type    Reason            Age   From                    Message",
        "  ----    ------            ----  ----                    -------",
        "  Normal  SuccessfulCreate  4s    replication-controller  Created pod: nginx-<suffix>",
        "  Normal  SuccessfulCreate  4s    replication-controller  Created pod: nginx-<suffix>",
    )
