"""Faults the lab injects from outside, as a person at the machines would: cut a node off
from the control plane and let it back, make a container's process crash.

A fault acts on a machine (a node's network, a process), never through kube-apiserver, so
it makes no hop of its own: what follows is the components' doing. A node that is down
keeps running its containers, but its kubelet no longer reaches kube-apiserver: its
requests fail, its watches break, nothing it reports arrives. When the node is back its
informers relist. A crash ends a container's process in the node's runtime; noticing it and
restarting it as the pod's restartPolicy says is the kubelet's part. Faults are inputs like
requests: applied at a virtual time, deterministic, journaled by the host.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from cluster.engine.client import Client
from cluster.engine.cluster import Cluster
from cluster.engine.node.runtime import ContainerRuntime

NODE_DOWN = "node-down"
NODE_UP = "node-up"
CRASH = "crash"
KINDS = (NODE_DOWN, NODE_UP, CRASH)
REQUIRED = {NODE_DOWN: ("node",), NODE_UP: ("node",), CRASH: ("namespace", "pod")}
CRASH_EXIT_CODE = 1  # a process that dies of an error; the runtime's reason for it is "Error"


class FaultError(Exception):
    """A fault that cannot be injected; the message says why, as kubectl would."""


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str  # node-down, node-up, crash
    node: str = ""
    namespace: str = ""
    pod: str = ""
    container: str = ""  # crash: "" means the pod's first running container

    def to_dict(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}

    @classmethod
    def from_dict(cls, data: Any) -> Fault:
        """A fault from JSON, checked: a known kind, with the names it needs."""
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            kind = data.get("kind") if isinstance(data, dict) else None
            raise FaultError(f'unknown fault "{kind}": choose one of {", ".join(KINDS)}')
        fields = {key: data.get(key, "") for key in ("node", "namespace", "pod", "container")}
        if any(not isinstance(value, str) for value in fields.values()):
            raise FaultError("a fault's node, namespace, pod and container are strings")
        for key in REQUIRED[data["kind"]]:
            if not fields[key]:
                raise FaultError(f"fault {data['kind']} needs a {key}")
        return cls(data["kind"], **fields)


def inject(cluster: Cluster, fault: Fault, at: int | None = None) -> dict[str, Any]:
    """Apply a fault at virtual time `at` (default: now), then let the cluster react until
    nothing more is due at that time, as for a request. Returns what was done."""
    if at is not None:
        cluster.advance_to(at)
    if fault.kind == CRASH:
        result = crash(cluster, fault.namespace, fault.pod, fault.container)
    else:
        changed = (node_down if fault.kind == NODE_DOWN else node_up)(cluster, fault.node)
        result = {"node": fault.node, "changed": changed}
    cluster.advance_to(cluster.clock.now)
    return {"kind": fault.kind, **result}


def node_down(cluster: Cluster, node: str) -> bool:
    """Cut the node off from the control plane; False if it already was."""
    clients = _clients(cluster, node)
    if not clients[0].reachable:
        return False
    for client in clients:
        client.disconnect()
    return True


def node_up(cluster: Cluster, node: str) -> bool:
    """Let the node reach the control plane again; False if it could."""
    clients = _clients(cluster, node)
    if clients[0].reachable:
        return False
    for client in clients:
        client.reconnect()
    return True


def nodes_down(cluster: Cluster) -> list[str]:
    return [name for name in cluster.nodes if not _clients(cluster, name)[0].reachable]


def crash(cluster: Cluster, namespace: str, pod: str, container: str = "") -> dict[str, Any]:
    """The main process of one of the pod's running containers exits with code 1."""
    key = f"{namespace}/{pod}"
    for node, found in cluster.nodes.items():
        sandboxes = {s.id for s in found.runtime.sandboxes.values() if s.pod == key}
        if sandboxes:
            name = _crash_in(found.runtime, sandboxes, pod, container)
            return {
                "node": node,
                "namespace": namespace,
                "pod": pod,
                "container": name,
                "exitCode": CRASH_EXIT_CODE,
            }
    raise FaultError(f'pod "{pod}" is not running on any node (namespace "{namespace}")')


def _crash_in(runtime: ContainerRuntime, sandboxes: set[str], pod: str, name: str) -> str:
    """Crash the first running container of the pod's sandboxes (the one named, if named)."""
    for container in runtime.containers.values():
        if (
            container.sandbox in sandboxes
            and container.state == "running"
            and (not name or container.name == name)
        ):
            runtime.exit_container(container.id, CRASH_EXIT_CODE)
            return container.name
    if name:
        raise FaultError(f'container "{name}" is not running in pod "{pod}"')
    raise FaultError(f'no container is running in pod "{pod}"')


def _clients(cluster: Cluster, node: str) -> list[Client]:
    """The node's connections to kube-apiserver."""
    found = cluster.nodes.get(node)
    if found is None:
        raise FaultError(f'node "{node}" not found')
    return [found.kubelet.client]
