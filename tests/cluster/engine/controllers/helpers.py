"""Small builders and readers for controller tests on a real Cluster."""

from __future__ import annotations

import copy
from typing import Any

from cluster.engine.api import resources
from cluster.engine.apiserver.request import Request, Response
from cluster.engine.cluster import Cluster
from cluster.engine.store import codec

NGINX = "nginx:1.27"


def template(image: str = NGINX, app: str = "web", **labels: str) -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": app, **labels}},
        "spec": {"containers": [{"name": "nginx", "image": image}]},
    }


def workload(kind: str, name: str, replicas: int, app: str, **spec: Any) -> dict[str, Any]:
    """An apps/v1 object that keeps `replicas` pods labelled app=`app`."""
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": app}},
            "template": template(spec.pop("image", NGINX), app),
            **spec,
        },
    }


def deployment(
    name: str = "web",
    *,
    replicas: int = 3,
    image: str = NGINX,
    strategy: str = "RollingUpdate",
    max_surge: Any = "25%",
    max_unavailable: Any = "25%",
    history: int = 10,
    deadline: int = 600,
    **spec: Any,
) -> dict[str, Any]:
    """A Deployment with every field kube-apiserver would default written out."""
    rolling = {"maxSurge": max_surge, "maxUnavailable": max_unavailable}
    kind = {"type": strategy, **({"rollingUpdate": rolling} if strategy == "RollingUpdate" else {})}
    return workload(
        "Deployment",
        name,
        replicas,
        name,
        image=image,
        strategy=kind,
        revisionHistoryLimit=history,
        progressDeadlineSeconds=deadline,
        **spec,
    )


def replicaset(
    name: str = "web", *, replicas: int = 3, app: str = "web", **spec: Any
) -> dict[str, Any]:
    return workload("ReplicaSet", name, replicas, app, **spec)


def pod(name: str, labels: dict[str, str] | None = None, **meta: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels or {}, **meta},
        "spec": {"containers": [{"name": "nginx", "image": NGINX}]},
    }


class API:
    """Requests as cluster-admin, at the cluster's current time."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def request(
        self, verb: str, resource: str, namespace: str = "default", name: str = "", **options: Any
    ) -> Response:
        return self.cluster.handle(
            Request(verb, resource, namespace, name, credential=self.cluster.admin, **options)
        )

    def send(
        self, verb: str, resource: str, namespace: str = "default", name: str = "", **options: Any
    ) -> Any:
        """A request served without letting the cluster react: the clock stays put, so a
        test can step through every consequence."""
        request = Request(verb, resource, namespace, name, credential=self.cluster.admin, **options)
        response = self.cluster.apiserver.handle(request)
        assert response.ok, response.body
        return response.body

    def call(
        self, verb: str, resource: str, namespace: str = "default", name: str = "", **options: Any
    ) -> Any:
        response = self.request(verb, resource, namespace, name, **options)
        assert response.ok, response.body
        return response.body

    def create(self, resource: str, body: dict[str, Any], namespace: str = "default") -> Any:
        return self.call("create", resource, namespace, body=copy.deepcopy(body))

    def get(self, resource: str, name: str, namespace: str = "default") -> Any:
        return self.call("get", resource, namespace, name)

    def items(self, resource: str, namespace: str = "default") -> list[Any]:
        return self.call("list", resource, namespace)["items"]

    def patch(
        self, resource: str, name: str, body: dict[str, Any], namespace: str = "default"
    ) -> Any:
        return self.call(
            "patch",
            resource,
            namespace,
            name,
            body=body,
            content_type="application/merge-patch+json",
        )

    def delete(self, resource: str, name: str, namespace: str = "default", **body: Any) -> Any:
        return self.call("delete", resource, namespace, name, body=body or None)

    def events(
        self, kind: str | None = None, namespace: str = "default"
    ) -> list[tuple[str, str, str]]:
        """(reason, message, source component) of every event, oldest first."""
        found = sorted(self.items("events", namespace), key=lambda e: e["metadata"]["name"])
        return [
            (e["reason"], e["message"], e["source"]["component"])
            for e in found
            if kind is None or e["involvedObject"]["kind"] == kind
        ]

    def names(self, resource: str, namespace: str = "default") -> list[str]:
        return sorted(item["metadata"]["name"] for item in self.items(resource, namespace))


def active(pods: list[Any]) -> list[Any]:
    return [
        p
        for p in pods
        if not p["metadata"].get("deletionTimestamp")
        and p["status"].get("phase") not in ("Succeeded", "Failed")
    ]


def ready(pod: Any) -> bool:
    return any(
        c["type"] == "Ready" and c["status"] == "True"
        for c in pod["status"].get("conditions") or ()
    )


def settle(cluster: Cluster, max_steps: int = 1_000_000) -> None:
    """Run every timer that has work to do, and the heartbeats and periodic checks due
    before the last of them (run_until_idle, without trusting the clock's busy count)."""
    clock = cluster.clock
    for _ in range(max_steps):
        timer = clock.peek()
        if timer is None or (timer.background and all(t.background for t in clock.pending())):
            return
        cluster.step()


def terminating_counts(cluster: Cluster, resource: str) -> list[int]:
    """status.terminatingReplicas of `resource`'s one object, at each step until idle."""
    seen: list[int] = []
    for _ in range(500):
        cluster.step()
        count = stored(cluster, resource)[0]["status"].get("terminatingReplicas")
        if not seen or seen[-1] != count:
            seen.append(count)
        if count == 0 and not stored(cluster, "pods"):
            break
    return seen


def stored(cluster: Cluster, resource: str, namespace: str = "default") -> list[Any]:
    """The objects etcd holds, read without a request (and so without moving the clock)."""
    prefix = resources.BY_NAME[resource].prefix(namespace)
    return [codec.decode(kv.value) for kv in cluster.etcd.range(prefix)]


def job(name: str = "pi", script: str = "sleep 2", **spec: Any) -> dict[str, Any]:
    """A batch/v1 Job whose one busybox container runs `script` (restartPolicy Never)."""
    restart = spec.pop("restartPolicy", "Never")
    container = {"name": "main", "image": "busybox", "command": ["sh", "-c", script]}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "template": {"spec": {"restartPolicy": restart, "containers": [container]}},
            **spec,
        },
    }


def run_for(cluster: Cluster, ms: int) -> None:
    """Let `ms` of virtual time pass (what falls due runs), then settle."""
    cluster.advance_to(cluster.clock.now + ms)
    settle(cluster)
