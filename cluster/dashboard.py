"""What the dashboard draws, derived from the engine's objects and trace: node and pod views,
a full snapshot, and the updates that follow each input."""

from __future__ import annotations

from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.apiserver import printers
from cluster.engine.apiserver.server import decode
from cluster.engine.cluster import Cluster
from cluster.engine.store.etcd import DELETE, Event
from cluster.engine.trace import Hop
from cluster.journal import Anchor

PODS = "/registry/pods/"
NODES = "/registry/minions/"
HOPS_SHOWN = 200  # the hop log's length on the page (hoplog.js KEEP)


def pod_view(pod: Object) -> dict[str, Any]:
    status, ready, restarts = printers.pod_status(pod)
    spec, pod_status = pod.get("spec") or {}, pod.get("status") or {}
    containers = [
        *_container_views(spec.get("containers"), pod_status.get("containerStatuses")),
        *(
            view | {"ephemeral": True}  # kubectl debug's, drawn apart
            for view in _container_views(
                spec.get("ephemeralContainers"), pod_status.get("ephemeralContainerStatuses")
            )
        ),
    ]
    return {
        "namespace": pod["metadata"].get("namespace", ""),
        "name": pod["metadata"]["name"],
        "uid": pod["metadata"].get("uid", ""),
        "node": spec.get("nodeName") or None,
        "phase": pod_status.get("phase", ""),
        "status": status,
        "ready": f"{ready}/{len(spec.get('containers') or [])}",
        "restarts": restarts,
        "podIP": pod_status.get("podIP"),
        "deleting": bool(pod["metadata"].get("deletionTimestamp")),
        "containers": containers,
    }


def _container_views(
    containers: list[Object] | None, statuses: list[Object] | None
) -> list[dict[str, Any]]:
    by_name = {c["name"]: c for c in statuses or []}
    views = []
    for container in containers or []:
        state = (by_name.get(container["name"]) or {}).get("state") or {"waiting": {}}
        phase, detail = next(iter(state.items()))
        views.append(
            {
                "name": container["name"],
                "image": container.get("image", ""),
                "state": phase,
                "reason": (detail or {}).get("reason"),
                "ready": bool((by_name.get(container["name"]) or {}).get("ready")),
            }
        )
    return views


def node_view(node: Object) -> dict[str, Any]:
    labels = node["metadata"].get("labels") or {}
    addresses = {a["type"]: a["address"] for a in node.get("status", {}).get("addresses") or []}
    spec = node.get("spec") or {}
    return {
        "name": node["metadata"]["name"],
        "roles": sorted(k.rsplit("/", 1)[1] for k in labels if k.startswith("node-role.")),
        "ready": printers.node_status(node).startswith("Ready"),
        "unschedulable": bool(spec.get("unschedulable")),
        "taints": [f"{t['key']}:{t['effect']}" for t in spec.get("taints") or []],
        "podCIDR": spec.get("podCIDR"),
        "internalIP": addresses.get("InternalIP"),
    }


def clock_view(engine: Cluster, anchor: Anchor) -> dict[str, Any]:
    return {
        "now": engine.clock.now,
        "time": engine.clock.timestamp(),
        "speed": anchor.speed,
        "paused": anchor.paused,
    }


def snapshot(name: str, engine: Cluster, anchor: Anchor) -> dict[str, Any]:
    pods = [pod_view(decode(kv)) for kv in engine.etcd.range(PODS)]
    nodes = [node_view(decode(kv)) for kv in engine.etcd.range(NODES)]
    return {
        "type": "snapshot",
        "cluster": name,
        "clock": clock_view(engine, anchor),
        "components": engine.components,
        "nodes": nodes,
        "pods": pods,
        "lastHop": engine.trace.last_seq,
    }


def object_change(event: Event) -> dict[str, Any] | None:
    """An etcd change as the dashboard sees it, for the kinds it draws."""
    key = event.kv.key
    if key.startswith(PODS):
        kind, view = "Pod", pod_view
    elif key.startswith(NODES):
        kind, view = "Node", node_view
    else:
        return None
    obj = decode(event.kv)
    change = "DELETED" if event.type == DELETE else "ADDED" if event.kv.version == 1 else "MODIFIED"
    return {"event": change, "kind": kind, "object": view(obj)}


def update(engine: Cluster, anchor: Anchor, hops: list[Hop], events: list[Event]) -> dict[str, Any]:
    """The hops and object changes since the last update. Of a flood of hops (a Deployment of
    thousands starting at once), the newest HOPS_SHOWN: the page lists no more, and past a
    few dozen queued it only lists them."""
    changes = [c for c in map(object_change, events) if c is not None]
    return {
        "type": "update",
        "hops": [hop.to_dict() for hop in hops[-HOPS_SHOWN:]],
        "objects": changes,
        "clock": clock_view(engine, anchor),
    }
