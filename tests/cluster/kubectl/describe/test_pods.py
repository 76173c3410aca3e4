"""A pod with init containers through the built-in kubectl: the STATUS `kubectl get pods`
prints while they run (Init:N/M, then Running), and describePod's Init Containers section,
conditions and events, as kubectl 1.37 prints them."""

import re

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

MANIFEST = """apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', 'echo checked myservice']
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', 'sleep 5; echo checked mydb']
"""
HEADER = "NAME        READY   STATUS     RESTARTS   AGE\n"
DIGEST = "docker.io/library/busybox@sha256:fe9a38f135be6d1ac7af30a83d13c3e87f5a79de8e4a00aae786b33a7b21939a"


def lines(*texts: str) -> str:
    return "".join(f"{text}\n" for text in texts)


@pytest.fixture(scope="module")
def initialized() -> tuple[list[str], Cluster]:
    """`kubectl get pods` at 0, 1, 3 and 8 seconds, and the cluster 10 seconds on."""
    cluster = Cluster()
    assert run(cluster, "apply", "-f", "-", stdin=MANIFEST).stdout == "pod/myapp-pod created\n"
    tables = []
    for at in (0, 1_000, 3_000, 8_000):
        cluster.advance_to(at)
        tables.append(run(cluster, "get", "pods").stdout)
    cluster.advance_to(10_000)
    return tables, cluster


def test_get_pods_shows_the_init_containers_progress_then_the_pod_running(initialized):
    tables, _ = initialized
    assert tables == [
        HEADER + "myapp-pod   0/1     Init:0/2   0          0s\n",
        HEADER + "myapp-pod   0/1     Init:1/2   0          1s\n",
        HEADER + "myapp-pod   0/1     Init:1/2   0          3s\n",
        "NAME        READY   STATUS    RESTARTS   AGE\nmyapp-pod   1/1     Running   0          8s\n",
    ]


def test_describe_shows_each_init_container_that_completed_then_the_containers(initialized):
    _, cluster = initialized
    out = run(cluster, "describe", "pod", "myapp-pod").stdout
    init = out[out.index("Init Containers:") : out.index("Containers:\n  myapp")]
    init = re.sub("containerd://[0-9a-f]{64}", "containerd://ID", init)
    assert init == lines(
        "Init Containers:",
        "  init-myservice:",
        "    Container ID:  containerd://ID",
        "    Image:         busybox:1.28",
        f"    Image ID:      {DIGEST}",
        "    Port:          <none>",
        "    Host Port:     <none>",
        "    Command:",
        "      sh",
        "      -c",
        "      echo checked myservice",
        "    State:          Terminated",
        "      Reason:       Completed",
        "      Exit Code:    0",
        "      Started:      Thu, 01 Jan 2026 00:00:00 +0000",
        "      Finished:     Thu, 01 Jan 2026 00:00:00 +0000",
        "    Ready:          True",
        "    Restart Count:  0",
        "    Environment:    <none>",
        "    Mounts:",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-rsnrt (ro)",
        "  init-mydb:",
        "    Container ID:  containerd://ID",
        "    Image:         busybox:1.28",
        f"    Image ID:      {DIGEST}",
        "    Port:          <none>",
        "    Host Port:     <none>",
        "    Command:",
        "      sh",
        "      -c",
        "      sleep 5; echo checked mydb",
        "    State:          Terminated",
        "      Reason:       Completed",
        "      Exit Code:    0",
        "      Started:      Thu, 01 Jan 2026 00:00:01 +0000",
        "      Finished:     Thu, 01 Jan 2026 00:00:06 +0000",
        "    Ready:          True",
        "    Restart Count:  0",
        "    Environment:    <none>",
        "    Mounts:",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-rsnrt (ro)",
    )
    assert (
        lines(
            "Conditions:",
            "  Type                        Status",
            "  PodReadyToStartContainers   True ",
            "  Initialized                 True ",
            "  Ready                       True ",
            "  ContainersReady             True ",
            "  PodScheduled                True ",
        )
        in out
    )
    events = out[out.index("Events:") :]
    assert (
        lines(
            "  Normal  Pulled     9s    kubelet            spec.initContainers{init-mydb}: "
            'Container image "busybox:1.28" already present on machine and can be accessed by the pod',
            "  Normal  Created    9s    kubelet            spec.initContainers{init-mydb}: Container created",
            "  Normal  Started    9s    kubelet            spec.initContainers{init-mydb}: Container started",
        )
        in events
    )
    assert run(cluster, "logs", "myapp-pod", "-c", "init-mydb").stdout == "checked mydb\n"


def test_a_pod_waiting_on_a_service_stays_initializing_and_says_why():
    cluster = Cluster()
    waiting = MANIFEST.replace(
        "echo checked myservice",
        "until nslookup myservice; do echo waiting for myservice; sleep 2; done",
    )
    run(cluster, "apply", "-f", "-", stdin=waiting)
    cluster.advance_to(70_000)  # CoreDNS knows no myservice: nslookup fails every 2 s
    assert (
        run(cluster, "get", "pods").stdout
        == HEADER + "myapp-pod   0/1     Init:0/2   0          70s\n"
    )
    out = run(cluster, "describe", "pod", "myapp-pod").stdout
    assert (
        lines(
            "    State:          Waiting",
            "      Reason:       PodInitializing",
        )
        in out
    )  # init-mydb and the container wait their turn
    assert "  Initialized                 False \n" in out
    logs = run(cluster, "logs", "myapp-pod", "-c", "init-myservice").stdout
    assert logs.startswith(
        "nslookup: can't resolve 'myservice'\nServer:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "waiting for myservice\n"
    )


def test_get_pods_counts_a_running_sidecar_among_the_containers():
    cluster = Cluster()
    sidecar = MANIFEST.replace(
        "  - name: init-myservice\n    image: busybox:1.28\n",
        "  - name: init-myservice\n    image: busybox:1.28\n    restartPolicy: Always\n",
    ).replace("echo checked myservice", "echo shipping logs; sleep 3600")
    run(cluster, "apply", "-f", "-", stdin=sidecar)
    cluster.advance_to(3_000)
    assert (
        run(cluster, "get", "pods").stdout
        == HEADER + "myapp-pod   1/2     Init:1/2   0          3s\n"
    )
    cluster.advance_to(10_000)
    assert run(cluster, "get", "pods").stdout == (
        "NAME        READY   STATUS    RESTARTS   AGE\nmyapp-pod   2/2     Running   0          10s\n"
    )


DOWNWARD = """apiVersion: v1
kind: Pod
metadata:
  name: dapi
  labels: {app: web}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    resources: {limits: {cpu: 500m}}
    env:
    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
    - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
  volumes:
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: cpu, resourceFieldRef: {containerName: c, resource: limits.cpu}}
"""


def test_describe_shows_the_pods_name_and_namespace_of_field_references_and_downward_volumes():
    cluster = Cluster()
    run(cluster, "apply", "-f", "-", stdin=DOWNWARD)
    out = run(cluster, "describe", "pod", "dapi").stdout
    # kubectl resolves only the fields its scheme converts as field labels: name, namespace
    assert (
        lines(
            "    Environment:",
            "      POD:   dapi (v1:metadata.name)",
            "      NS:    default (v1:metadata.namespace)",
            "      NODE:   (v1:spec.nodeName)",
            "      APP:    (v1:metadata.labels['app'])",
            "      CPU:   500 (limits.cpu)",
        )
        in out
    )
    assert (
        lines(
            "  info:",
            "    Type:  DownwardAPI (a volume populated by information about the pod)",
            "    Items:",
            "      metadata.labels -> labels",
            "      limits.cpu -> cpu",
        )
        in out
    )
