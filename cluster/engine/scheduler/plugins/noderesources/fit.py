"""NodeResourcesFit: does the node have room for the pod's requests (cpu, memory,
ephemeral-storage, extended resources) and for one more pod; and how good a fit is it, by the
configured scoring strategy (LeastAllocated unless told otherwise)."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import (
    CycleState,
    EventRegistration,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.plugins.noderesources import resource_allocation
from cluster.engine.scheduler.plugins.noderesources.resource_allocation import ScoringStrategy
from cluster.engine.scheduler.types import NodeInfo, PodInfo, Resource, pod_requests

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle

PRE_FILTER_KEY = "PreFilterNodeResourcesFit"
_FREE_PODS = operator.attrgetter("free_pods")
_FREE_CPU = operator.attrgetter("free_cpu")
_FREE_MEMORY = operator.attrgetter("free_memory")


@dataclass(frozen=True, slots=True)
class InsufficientResource:
    """A resource a node is short of, with the numbers (noderesources.InsufficientResource)."""

    name: str
    reason: str
    requested: int
    used: int
    capacity: int


def fits(request: Resource, node: NodeInfo) -> list[InsufficientResource]:
    """Fits: every resource the node is short of for one more pod asking `request`."""
    short = []
    allocatable, used = node.allocatable, node.requested
    if len(node.pods) + 1 > allocatable.pods:
        short.append(
            InsufficientResource("pods", "Too many pods", 1, len(node.pods), allocatable.pods)
        )
    wanted = [
        ("cpu", request.milli_cpu, used.milli_cpu, allocatable.milli_cpu),
        ("memory", request.memory, used.memory, allocatable.memory),
        (
            "ephemeral-storage",
            request.ephemeral_storage,
            used.ephemeral_storage,
            allocatable.ephemeral_storage,
        ),
    ]
    wanted += [
        (name, value, used.scalar.get(name, 0), allocatable.scalar.get(name, 0))
        for name, value in request.scalar.items()
    ]
    for name, value, in_use, capacity in wanted:
        if value and value > capacity - in_use:
            short.append(
                InsufficientResource(name, f"Insufficient {name}", value, in_use, capacity)
            )
    return short


def insufficient_resources(request: Resource, node: NodeInfo) -> list[str]:
    """fitsRequest: every resource the node is short of, as Filter reports it."""
    return [short.reason for short in fits(request, node)]


class Fit(resource_allocation.ResourceAllocationScorer):
    name = "NodeResourcesFit"
    pre_score_key = "PreScoreNodeResourcesFit"

    def __init__(
        self, handle: Handle | None = None, scoring_strategy: ScoringStrategy | None = None
    ) -> None:
        super().__init__(handle)
        self.strategy = scoring_strategy or ScoringStrategy()
        self.config_key = repr(self.strategy)
        self.resources = [name for name, _ in self.strategy.resources]
        self.weights = [weight for _, weight in self.strategy.resources]
        self.scorer = self.strategy.scorer()

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        state[PRE_FILTER_KEY] = pod.requests
        return None, framework.OK

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        reasons = insufficient_resources(state.get(PRE_FILTER_KEY, pod.requests), node)
        return framework.unschedulable(self.name, *reasons) if reasons else framework.OK

    def filter_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[Status]:
        """Nodes with room for a pod asking only cpu and memory pass without a call: those
        short of room for one more pod, or of the cpu or memory asked, get a look."""
        request = state.get(PRE_FILTER_KEY, pod.requests)
        if request.ephemeral_storage or request.scalar:
            return [self.filter(state, pod, n) for n in nodes]
        wanted = [(_FREE_PODS, 1), (_FREE_CPU, request.milli_cpu), (_FREE_MEMORY, request.memory)]
        short = [
            map(operator.lt, map(free, nodes), repeat(amount))
            for free, amount in wanted
            if amount and min(map(free, nodes), default=amount) < amount
        ]
        flags = short[0] if len(short) == 1 else map(any, zip(*short, strict=True))
        return framework.filter_flagged(nodes, flags, lambda n: self.filter(state, pod, n))

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        node_action = clusterevents.ADD | clusterevents.UPDATE_NODE_ALLOCATABLE
        return (
            (
                ClusterEvent(
                    clusterevents.POD, clusterevents.DELETE | clusterevents.UPDATE_POD_SCALE_DOWN
                ),
                "schedulable_after_pod_event",
            ),
            (ClusterEvent(clusterevents.NODE, node_action), "schedulable_after_node_change"),
        )

    def schedulable_after_pod_event(self, pod: PodInfo, old: Object, new: Object | None) -> bool:
        """Queue when a pod bound (or nominated) to a node goes: its room is free; or when a
        bound pod is scaled down in a resource this pod asks for, or this pod itself is
        (isSchedulableAfterPodScaleDown)."""
        if new is None:
            return bool(
                old["spec"].get("nodeName") or (old.get("status") or {}).get("nominatedNodeName")
            )
        if new["metadata"].get("uid") == pod.uid:
            return True
        if not new["spec"].get("nodeName"):
            return False
        before, after = Resource.from_list(pod_requests(old)), Resource.from_list(pod_requests(new))
        return _more_of(pod.requests, after, before)

    def schedulable_after_node_change(self, pod: PodInfo, old: Object, new: Object) -> bool:
        """Queue when a node is added that could hold the pod, or a node's allocatable grows
        in a resource the pod asks for."""
        if insufficient_resources(pod.requests, NodeInfo(new)):
            return False
        if old is None:
            return True
        before, after = NodeInfo(old).allocatable, NodeInfo(new).allocatable
        if after.pods > before.pods:
            return True
        return _more_of(pod.requests, before, after)


def _more_of(asked: Resource, less: Resource, more: Resource) -> bool:
    """Is there more of a resource the pod asks for in `more` than in `less`?"""
    return (
        (asked.milli_cpu > 0 and more.milli_cpu > less.milli_cpu)
        or (asked.memory > 0 and more.memory > less.memory)
        or (asked.ephemeral_storage > 0 and more.ephemeral_storage > less.ephemeral_storage)
        or any(
            value and more.scalar.get(name, 0) > less.scalar.get(name, 0)
            for name, value in asked.scalar.items()
        )
    )
