"""The node's own status, as the kubelet registers and keeps it (kubelet_node_status.go and
nodestatus/setters.go): capacity and allocatable, conditions, addresses, node info, and the
images on the node (largest first, at most 50, up to 5 names each).

Every 10 s (nodeStatusUpdateFrequency) the kubelet works the status out again; it sends it
only when something other than the heartbeat times has changed, or when 5 minutes
(nodeStatusReportFrequency) have passed since it last did. The node's liveness is its Lease.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cluster.engine.api.merge import MERGE
from cluster.engine.api.meta import Object, new_uid
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock
from cluster.engine.events import NORMAL, EventRecorder
from cluster.engine.node.runtime import KERNEL, RUNTIME_HANDLERS, ContainerRuntime, ImageRecord
from cluster.engine.node.runtime import VERSION as RUNTIME_VERSION

KUBELET_VERSION = "v1.37.1"
UPDATE_MS = 10_000  # nodeStatusUpdateFrequency
REPORT_MS = 300_000  # nodeStatusReportFrequency
MAX_IMAGES = 50  # nodeStatusMaxImages
MAX_NAMES_PER_IMAGE = 5
# what containerd's CRI status reports (introspectRuntimeHandlers): its runtime, then the
# default one again under the empty name; runc and the kernel support both features
NODE_RUNTIME_HANDLERS = [
    {"name": name, "features": {"recursiveReadOnlyMounts": True, "userNamespaces": True}}
    for name in (*RUNTIME_HANDLERS, "")
]
CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
CONDITIONS = (
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
)


@dataclass(frozen=True, slots=True)
class NodeConfig:
    """What a machine brings to the cluster when its kubelet registers it."""

    name: str
    internal_ip: str
    control_plane: bool = False
    cpu: str = "2"
    memory: str = "4Gi"
    pods: str = "110"

    def capacity(self) -> dict[str, str]:
        """The machine's resources: its capacity, all of it allocatable."""
        return {
            "cpu": self.cpu,
            "ephemeral-storage": "20Gi",
            "hugepages-2Mi": "0",
            "memory": self.memory,
            "pods": self.pods,
        }


@dataclass(frozen=True, slots=True)
class MachineInfo:
    """Who the machine is, as cAdvisor reads it for the kubelet: /etc/machine-id, the DMI
    product UUID and /proc/sys/kernel/random/boot_id."""

    machine_id: str = ""
    system_uuid: str = ""
    boot_id: str = ""

    @classmethod
    def drawn(cls, rng: random.Random) -> MachineInfo:
        """A machine of its own: ids from `rng` (the cluster's seed, this machine's stream)."""
        return cls(f"{rng.getrandbits(128):032x}", new_uid(rng), new_uid(rng))


def images_status(records: list[ImageRecord]) -> list[Object]:
    """status.images: the largest images first, their repo digests then tags."""
    ordered = sorted(records, key=lambda r: (-r.size_bytes, str(r.reference)))[:MAX_IMAGES]
    return [
        {"names": record.names[:MAX_NAMES_PER_IMAGE], "sizeBytes": record.size_bytes}
        for record in ordered
    ]


class NodeStatusManager:
    def __init__(
        self,
        clock: Clock,
        client: Client,
        runtime: ContainerRuntime,
        config: NodeConfig,
        nodes: Informer,
        recorder: EventRecorder,
        machine: MachineInfo,
    ) -> None:
        self.clock = clock
        self.client = client
        self.runtime = runtime
        self.config = config
        self.machine = machine
        self.nodes = nodes
        self.recorder = recorder
        self.images: list[Object] = []
        self.last_report = 0
        self.last_unschedulable = False  # lastNodeUnschedulable

    @property
    def reference(self) -> Object:
        """The kubelet's nodeRef: its UID is the node's name, and it has no apiVersion."""
        name = self.config.name
        return {"kind": "Node", "metadata": {"name": name, "uid": name}}

    def register(self) -> None:
        """Create the Node object, and say so in events as a starting kubelet does."""
        self.recorder.event(self.reference, NORMAL, "Starting", "Starting kubelet.")
        self.refresh_images()
        self.client.call("create", "nodes", body=self.node_object())
        self.last_report = self.clock.now
        for _, _, reason, _ in CONDITIONS[:3]:
            self._status_event(reason.replace("Kubelet", "Node"))
        self.recorder.event(
            self.reference,
            NORMAL,
            "NodeAllocatableEnforced",
            "Updated Node Allocatable limit across pods",
        )
        self._status_event("NodeReady")

    def _status_event(self, reason: str) -> None:
        message = f"Node {self.config.name} status is now: {reason}"
        self.recorder.event(self.reference, NORMAL, reason, message)

    def start(self) -> None:
        self.clock.call_later(UPDATE_MS, self.sync, background=True)

    def refresh_images(self) -> None:
        """The image manager's list of what is on the node (ListImages)."""
        self.images = images_status(self.runtime.list_images())

    def sync(self) -> None:
        """syncNodeStatus: work the status out; send it if it changed or is due."""
        self.clock.call_later(UPDATE_MS, self.sync, background=True)
        node = self.nodes.get(self.config.name)
        if node is None:
            return
        old = node.get("status") or {}
        conditions = self.conditions(old)
        changed = self.images != (old.get("images") or []) or _without_heartbeats(
            old.get("conditions") or []
        ) != _without_heartbeats(conditions)
        for reason in _transitions(old.get("conditions") or [], conditions):
            self._status_event(reason)
        self._record_schedulable_event(node)
        if not changed and self.clock.now - self.last_report < REPORT_MS:
            return
        body = {"status": {"conditions": conditions, "images": self.images}}
        try:
            self.client.call(
                "patch",
                "nodes",
                name=self.config.name,
                subresource="status",
                body=body,
                content_type=MERGE,
            )
        except APIError:
            return
        self.last_report = self.clock.now

    def _record_schedulable_event(self, node: Object) -> None:
        """recordNodeSchedulableEvent, the last status setter: NodeNotSchedulable or
        NodeSchedulable when spec.unschedulable differs from what it last saw."""
        unschedulable = bool((node.get("spec") or {}).get("unschedulable"))
        if unschedulable != self.last_unschedulable:
            self._status_event("NodeNotSchedulable" if unschedulable else "NodeSchedulable")
            self.last_unschedulable = unschedulable

    def conditions(self, old: Object | None = None) -> list[Object]:
        now = self.clock.timestamp()
        before = {c["type"]: c for c in (old or {}).get("conditions") or []}
        result = []
        for kind, status, reason, message in CONDITIONS:
            previous = before.get(kind)
            same = previous is not None and previous.get("status") == status
            result.append(
                {
                    "type": kind,
                    "status": status,
                    "lastHeartbeatTime": now,
                    "lastTransitionTime": previous["lastTransitionTime"] if same else now,
                    "reason": reason,
                    "message": message,
                }
            )
        return result

    def node_object(self) -> Object:
        cfg = self.config
        labels = {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": cfg.name,
            "kubernetes.io/os": "linux",
        }
        spec: Object = {}
        if cfg.control_plane:
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
            spec["taints"] = [CONTROL_PLANE_TAINT]
        capacity = cfg.capacity()
        return {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": cfg.name,
                "labels": labels,
                "annotations": {
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                },
            },
            "spec": spec,
            "status": {
                "capacity": capacity,
                "allocatable": dict(capacity),
                "conditions": self.conditions(),
                "addresses": [
                    {"type": "InternalIP", "address": cfg.internal_ip},
                    {"type": "Hostname", "address": cfg.name},
                ],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {
                    "architecture": "amd64",
                    "bootID": self.machine.boot_id,
                    "containerRuntimeVersion": RUNTIME_VERSION,
                    "kernelVersion": KERNEL,
                    "kubeProxyVersion": "",
                    "kubeletVersion": KUBELET_VERSION,
                    "machineID": self.machine.machine_id,
                    "operatingSystem": "linux",
                    "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "systemUUID": self.machine.system_uuid,
                },
                "images": self.images,
                "features": {"supplementalGroupsPolicy": True},
                "runtimeHandlers": NODE_RUNTIME_HANDLERS,
            },
        }


def _transitions(old: list[Object], new: list[Object]) -> list[str]:
    """The events the condition setters record for each condition whose status the kubelet
    changes, e.g. back from the node controller's Unknown: NodeHasSufficientMemory, ...,
    NodeReady."""
    before = {c["type"]: c.get("status") for c in old}
    return [
        c["reason"].replace("Kubelet", "Node", 1)
        for c in new
        if before.get(c["type"]) != c["status"]
    ]


def _without_heartbeats(conditions: list[Object]) -> list[Object]:
    return [{k: v for k, v in c.items() if k != "lastHeartbeatTime"} for c in conditions]
