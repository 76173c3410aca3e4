"""Small builders for node tests: a cluster running one pod pinned to node-1, and readers of
what the kubelet reported (the pod's status, its events, the runtime's hops)."""

from __future__ import annotations

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node import logs
from cluster.engine.node.kubelet import Kubelet
from cluster.engine.node.runtime import ContainerRuntime

NODE = "node-1"


def container(name: str = "app", image: str = "nginx:1.27", **fields: object) -> dict:
    return {"name": name, "image": image, **fields}


def cluster_with(
    *containers: dict,
    restart: str = "Always",
    grace: int | None = None,
    init: tuple = (),
    volumes: list | None = None,
    labels: dict | None = None,
    **fields: object,
) -> Cluster:
    """A fresh cluster with pod `p` (these containers, and these init containers, and any
    other fields of its spec) bound to node-1; nothing run yet."""
    cluster = Cluster(ClusterSpec(seed=1))
    spec: dict = {"nodeName": NODE, "restartPolicy": restart, "containers": list(containers)}
    spec.update(fields)
    if init:
        spec["initContainers"] = list(init)
    if grace is not None:
        spec["terminationGracePeriodSeconds"] = grace
    if volumes:
        spec["volumes"] = volumes
    metadata: dict = {"name": "p", **({"labels": labels} if labels else {})}
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec}
    response = cluster.handle(
        Request("create", "pods", "default", body=body, credential=cluster.admin)
    )
    assert response.code == 201, response.body
    return cluster


def pod(cluster: Cluster, name: str = "p") -> dict | None:
    response = cluster.handle(Request("get", "pods", "default", name, credential=cluster.admin))
    return response.body if response.code == 200 else None


def status(cluster: Cluster, index: int = 0) -> dict:
    """The pod's container status (the first container's unless told)."""
    found = pod(cluster)
    assert found is not None
    return found["status"]["containerStatuses"][index]


def state(cluster: Cluster) -> tuple[str, str]:
    """The first container's state and its reason: ("running", ""), ("waiting", "...")."""
    kind, detail = next(iter(status(cluster)["state"].items()))
    return kind, detail.get("reason", "")


def events(cluster: Cluster, *, pods_only: bool = True) -> list[tuple[str, str, str, int]]:
    """The kubelet's events (type, reason, message, count), oldest first."""
    body = cluster.handle(Request("list", "events", "default", credential=cluster.admin)).body
    found = [
        e
        for e in body["items"]
        if e["source"]["component"] == "kubelet"
        and (not pods_only or e["involvedObject"]["kind"] == "Pod")
    ]
    found.sort(key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))
    return [(e["type"], e["reason"], e["message"], e["count"]) for e in found]


def fielded(cluster: Cluster) -> list[tuple[str, str, str]]:
    """The kubelet's events as (reason, container's fieldPath, message), oldest first."""
    body = cluster.handle(Request("list", "events", "default", credential=cluster.admin)).body
    found = [e for e in body["items"] if e["source"]["component"] == "kubelet"]
    found.sort(key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))
    return [(e["reason"], e["involvedObject"].get("fieldPath", ""), e["message"]) for e in found]


def reasons(cluster: Cluster) -> list[str]:
    return [reason for _, reason, _, _ in events(cluster)]


def runtime_calls(cluster: Cluster, mark: int = 0) -> list[tuple[int, str]]:
    """The kubelet's CRI calls since `mark`: (time, verb)."""
    return [
        (h.time, h.verb)
        for h in cluster.trace.since(mark)
        if h.source == f"kubelet/{NODE}" and h.destination == f"container-runtime/{NODE}"
    ]


def kubelet(cluster: Cluster) -> Kubelet:
    return cluster.nodes[NODE].kubelet


def container_logs(
    found: Kubelet,
    namespace: str,
    name: str,
    container: str = "",
    previous: bool = False,
    timestamps: bool = False,
) -> str | None:
    """What the kubelet's /containerLogs gives for the container, as `kubectl logs` shows it."""
    entries = found.container_log_entries(namespace, name, container, previous)
    return None if entries is None else logs.rendered(entries, timestamps)


def runtime(cluster: Cluster) -> ContainerRuntime:
    return cluster.nodes[NODE].runtime
