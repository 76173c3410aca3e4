"""The scheduling framework: statuses, node infos, cycle state and the plugin interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object

SUCCESS = "Success"
UNSCHEDULABLE = "Unschedulable"
UNRESOLVABLE = "UnschedulableAndUnresolvable"
ERROR = "Error"

MAX_NODE_SCORE = 100
DEFAULT_MILLI_CPU_REQUEST = 100  # what a container without requests counts as when scoring
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Status:
    """A plugin's verdict; an expected "no" is a status with reasons, never an exception."""

    code: str = SUCCESS
    reasons: tuple[str, ...] = ()
    plugin: str = ""

    @property
    def ok(self) -> bool:
        return self.code == SUCCESS


OK = Status()


def unschedulable(plugin: str, *reasons: str, resolvable: bool = True) -> Status:
    return Status(UNSCHEDULABLE if resolvable else UNRESOLVABLE, reasons, plugin)


@dataclass(frozen=True, slots=True)
class Resources:
    milli_cpu: int = 0
    memory: int = 0
    pods: int = 0

    def __add__(self, other: Resources) -> Resources:
        return Resources(
            self.milli_cpu + other.milli_cpu, self.memory + other.memory, self.pods + other.pods
        )

    def __sub__(self, other: Resources) -> Resources:
        return Resources(
            self.milli_cpu - other.milli_cpu, self.memory - other.memory, self.pods - other.pods
        )


def pod_requests(pod: Object, *, non_zero: bool = False) -> Resources:
    """The pod's requests: the sum over containers, or the largest init container if larger."""
    spec = pod.get("spec") or {}
    cpu = memory = 0
    for container in spec.get("containers") or []:
        requests = (container.get("resources") or {}).get("requests") or {}
        c = quantity.milli(requests["cpu"]) if "cpu" in requests else 0
        m = quantity.value(requests["memory"]) if "memory" in requests else 0
        if non_zero:
            c = c or DEFAULT_MILLI_CPU_REQUEST
            m = m or DEFAULT_MEMORY_REQUEST
        cpu, memory = cpu + c, memory + m
    for container in spec.get("initContainers") or []:
        requests = (container.get("resources") or {}).get("requests") or {}
        cpu = max(cpu, quantity.milli(requests.get("cpu", 0)))
        memory = max(memory, quantity.value(requests.get("memory", 0)))
    return Resources(cpu, memory, 1)


def allocatable(node: Object) -> Resources:
    status = node.get("status") or {}
    alloc = status.get("allocatable") or status.get("capacity") or {}
    return Resources(
        quantity.milli(alloc.get("cpu", 0)),
        quantity.value(alloc.get("memory", 0)),
        quantity.value(alloc.get("pods", 0)),
    )


@dataclass(slots=True)
class NodeInfo:
    """A node and the pods bound or assumed to it, with their summed requests."""

    node: Object
    pods: dict[str, Object] = field(default_factory=dict)
    requested: Resources = Resources()
    non_zero_requested: Resources = Resources()

    @property
    def name(self) -> str:
        return self.node["metadata"]["name"]

    @property
    def allocatable(self) -> Resources:
        return allocatable(self.node)

    def add_pod(self, key: str, pod: Object) -> None:
        self.remove_pod(key)
        self.pods[key] = pod
        self.requested += pod_requests(pod)
        self.non_zero_requested += pod_requests(pod, non_zero=True)

    def remove_pod(self, key: str) -> None:
        pod = self.pods.pop(key, None)
        if pod is not None:
            self.requested -= pod_requests(pod)
            self.non_zero_requested -= pod_requests(pod, non_zero=True)


CycleState = dict[str, Any]  # per-cycle data plugins share, never kept on the plugin


class Plugin:
    """A scheduler plugin implements only the extension points it needs."""

    name: ClassVar[str] = ""

    def filter(self, state: CycleState, pod: Object, node: NodeInfo) -> Status:
        return OK

    def score(self, state: CycleState, pod: Object, node: NodeInfo) -> int:
        return 0

    def normalize_scores(self, state: CycleState, pod: Object, scores: dict[str, int]) -> None:
        """Bring raw scores into 0..100 in place (only plugins whose raw scores aren't)."""

    def has_score(self) -> bool:
        return type(self).score is not Plugin.score


def default_normalize(scores: dict[str, int], reverse: bool = False) -> None:
    """helper.DefaultNormalizeScore: scale to 0..100, optionally reversed."""
    highest = max(scores.values(), default=0)
    for name, value in scores.items():
        if highest == 0:
            scores[name] = MAX_NODE_SCORE if reverse else 0
            continue
        scaled = MAX_NODE_SCORE * value // highest
        scores[name] = MAX_NODE_SCORE - scaled if reverse else scaled
