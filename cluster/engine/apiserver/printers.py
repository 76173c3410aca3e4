"""Server-side printing: the `Table` kube-apiserver returns when a client asks `as=Table`.

Columns, their priorities (1 = shown only with `-o wide`) and cell texts follow
pkg/printers/internalversion, so `kubectl get` prints what it prints against a real cluster.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import duration
from cluster.engine.api.meta import Object, parse_timestamp

Column = tuple[str, str, int, str]  # name, type, priority, description

_NAME = ("Name", "string", 0, "Name must be unique within a namespace.")
_AGE = (
    "Age",
    "string",
    0,
    "CreationTimestamp is a timestamp representing the server time when this object was created.",
)


def age(obj: Object, now: int) -> str:
    """translateTimestampSince: how long ago `obj` was created, at unix time `now`."""
    created = obj.get("metadata", {}).get("creationTimestamp")
    if not created:
        return "<unknown>"
    return duration.human(now - parse_timestamp(created))


def pod_status(pod: Object) -> tuple[str, int, int]:
    """printPod's STATUS reason, ready container count and restarts."""
    status = pod.get("status") or {}
    reason = status.get("reason") or status.get("phase", "")
    for condition in status.get("conditions") or []:
        if condition.get("type") == "PodScheduled" and condition.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    initializing = False
    restarts = 0
    init_statuses = status.get("initContainerStatuses") or []
    init_count = len((pod.get("spec") or {}).get("initContainers") or [])
    for i, container in enumerate(init_statuses):
        restarts += container.get("restartCount", 0)
        state = container.get("state") or {}
        terminated = state.get("terminated")
        if terminated and terminated.get("exitCode") == 0:
            continue
        if terminated:
            why = terminated.get("reason") or (
                f"Signal:{terminated['signal']}"
                if terminated.get("signal")
                else f"ExitCode:{terminated.get('exitCode')}"
            )
            reason = f"Init:{why}"
        elif (state.get("waiting") or {}).get("reason", "PodInitializing") != "PodInitializing":
            reason = f"Init:{state['waiting']['reason']}"
        else:
            reason = f"Init:{i}/{init_count}"
        initializing = True
        break
    ready = 0
    if not initializing:
        restarts = 0
        has_running = False
        for container in reversed(status.get("containerStatuses") or []):
            restarts += container.get("restartCount", 0)
            state = container.get("state") or {}
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated and terminated.get("reason"):
                reason = terminated["reason"]
            elif terminated:
                reason = (
                    f"Signal:{terminated['signal']}"
                    if terminated.get("signal")
                    else f"ExitCode:{terminated.get('exitCode', 0)}"
                )
            elif container.get("ready") and "running" in state:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            ready_condition = any(
                c.get("type") == "Ready" and c.get("status") == "True"
                for c in status.get("conditions") or []
            )
            reason = "Running" if ready_condition else "NotReady"
    deleting = (pod.get("metadata") or {}).get("deletionTimestamp")
    if deleting and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif deleting and status.get("phase") not in ("Succeeded", "Failed"):
        reason = "Terminating"
    return reason, ready, restarts


def _pod_row(pod: Object, now: int) -> list[object]:
    reason, ready, restarts = pod_status(pod)
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    ips = status.get("podIPs") or []
    gates = spec.get("readinessGates") or []
    return [
        pod["metadata"]["name"],
        f"{ready}/{len(spec.get('containers') or [])}",
        reason,
        _restarts(pod, restarts, now),
        age(pod, now),
        ips[0]["ip"] if ips else "<none>",
        spec.get("nodeName") or "<none>",
        status.get("nominatedNodeName") or "<none>",
        f"{_gates_ready(status, gates)}/{len(gates)}" if gates else "<none>",
    ]


def _restarts(pod: Object, restarts: int, now: int) -> str:
    last = ""
    for container in (pod.get("status") or {}).get("containerStatuses") or []:
        finished = ((container.get("lastState") or {}).get("terminated") or {}).get("finishedAt")
        last = max(last, finished or "")
    if restarts and last:
        return f"{restarts} ({duration.human(now - parse_timestamp(last))} ago)"
    return str(restarts)


def _gates_ready(status: Object, gates: list[Object]) -> int:
    true = {c["type"] for c in status.get("conditions") or [] if c.get("status") == "True"}
    return sum(1 for gate in gates if gate.get("conditionType") in true)


def node_status(node: Object) -> str:
    conditions = {
        c.get("type"): c.get("status") for c in (node.get("status") or {}).get("conditions") or []
    }
    ready = conditions.get("Ready")
    text = {"True": "Ready", "False": "NotReady"}.get(ready or "", "Unknown")
    if (node.get("spec") or {}).get("unschedulable"):
        text += ",SchedulingDisabled"
    return text


def node_roles(node: Object) -> str:
    roles = set()
    for key, value in ((node.get("metadata") or {}).get("labels") or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            roles.add(key.removeprefix("node-role.kubernetes.io/"))
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return ",".join(sorted(roles)) or "<none>"


def _node_row(node: Object, now: int) -> list[object]:
    status = node.get("status") or {}
    info = status.get("nodeInfo") or {}
    addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
    return [
        node["metadata"]["name"],
        node_status(node),
        node_roles(node),
        age(node, now),
        info.get("kubeletVersion", ""),
        addresses.get("InternalIP") or "<none>",
        addresses.get("ExternalIP") or "<none>",
        info.get("osImage") or "<unknown>",
        info.get("kernelVersion") or "<unknown>",
        info.get("containerRuntimeVersion") or "<unknown>",
    ]


def _namespace_row(namespace: Object, now: int) -> list[object]:
    phase = (namespace.get("status") or {}).get("phase", "")
    return [namespace["metadata"]["name"], phase, age(namespace, now)]


def _default_row(obj: Object, now: int) -> list[object]:
    return [obj["metadata"]["name"], obj["metadata"].get("creationTimestamp", "")]


_COLUMNS: dict[str, tuple[list[Column], Callable[[Object, int], list[object]]]] = {
    "Pod": (
        [
            _NAME,
            (
                "Ready",
                "string",
                0,
                "The aggregate readiness state of this pod for accepting traffic.",
            ),
            ("Status", "string", 0, "The aggregate status of the containers in this pod."),
            (
                "Restarts",
                "string",
                0,
                "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
            ),
            _AGE,
            (
                "IP",
                "string",
                1,
                "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
            ),
            (
                "Node",
                "string",
                1,
                "NodeName is a request to schedule this pod onto a specific node.",
            ),
            (
                "Nominated Node",
                "string",
                1,
                "nominatedNodeName is set only when this pod preempts other pods on the node.",
            ),
            (
                "Readiness Gates",
                "string",
                1,
                "If specified, all readiness gates will be evaluated for pod readiness.",
            ),
        ],
        _pod_row,
    ),
    "Node": (
        [
            _NAME,
            ("Status", "string", 0, "The status of the node"),
            ("Roles", "string", 0, "The roles of the node"),
            _AGE,
            ("Version", "string", 0, "Kubelet Version reported by the node."),
            ("Internal-IP", "string", 1, "List of addresses reachable to the node."),
            ("External-IP", "string", 1, "List of addresses reachable to the node."),
            (
                "OS-Image",
                "string",
                1,
                "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
            ),
            (
                "Kernel-Version",
                "string",
                1,
                "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
            ),
            (
                "Container-Runtime",
                "string",
                1,
                "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
            ),
        ],
        _node_row,
    ),
    "Namespace": (
        [_NAME, ("Status", "string", 0, "The status of the namespace"), _AGE],
        _namespace_row,
    ),
}
_DEFAULT = (
    [
        _NAME,
        (
            "Created At",
            "date",
            0,
            "CreationTimestamp is a timestamp representing the server time when this object was created.",
        ),
    ],
    _default_row,
)


def table(kind: str, objects: list[Object], now: int, list_meta: Object) -> Object:
    """A meta.k8s.io/v1 Table of `objects`, with ages as of unix time `now`."""
    columns, row = _COLUMNS.get(kind, _DEFAULT)
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": list_meta,
        "columnDefinitions": [
            {
                "name": n,
                "type": t,
                "format": "name" if n == "Name" else "",
                "description": d,
                "priority": p,
            }
            for n, t, p, d in columns
        ],
        "rows": [{"cells": row(obj, now), "object": _partial(obj)} for obj in objects],
    }


def _partial(obj: Object) -> Object:
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata", {}),
    }
