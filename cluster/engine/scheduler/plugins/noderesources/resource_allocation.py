"""The resource allocation scorers (noderesources/resource_allocation.go and the strategies
least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go, balanced_allocation.go):
a node's score from what its pods request (plus the incoming pod) against what it can hold.

Scores are computed a resource at a time over all the nodes being scored (columns), which is
how Python keeps up with Kubernetes' parallel Score; the arithmetic is Kubernetes' own.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import MAX_NODE_SCORE, CycleState, Status
from cluster.engine.scheduler.types import NodeInfo, PodInfo, is_scalar_resource_name

LEAST_ALLOCATED = "LeastAllocated"
MOST_ALLOCATED = "MostAllocated"
REQUESTED_TO_CAPACITY_RATIO = "RequestedToCapacityRatio"
MAX_UTILIZATION = 100
MAX_CUSTOM_PRIORITY_SCORE = 10
DEFAULT_RESOURCES = (("cpu", 1), ("memory", 1))

Column = tuple[list[int], list[int]]  # one resource over the nodes: allocatable, requested
Scorer = Callable[[list[Column], list[int]], list[int]]  # columns, weights -> node scores


@dataclass(frozen=True, slots=True)
class ScoringStrategy:
    """NodeResourcesFitArgs.scoringStrategy."""

    type: str = LEAST_ALLOCATED
    resources: tuple[tuple[str, int], ...] = DEFAULT_RESOURCES
    # RequestedToCapacityRatio's shape: (utilization 0..100, score 0..10) points
    shape: tuple[tuple[int, int], ...] = ((0, 0), (100, 10))

    def scorer(self) -> Scorer:
        if self.type == MOST_ALLOCATED:
            return WeightedScorer(most_requested_scores)
        if self.type == REQUESTED_TO_CAPACITY_RATIO:
            return RatioScorer(self.shape)
        return WeightedScorer(least_requested_scores)


def pod_request_list(pod: PodInfo, resources: list[str], use_requested: bool) -> list[int]:
    """calculatePodResourceRequestList: cpu and memory count a container's missing request as
    100m and 200Mi unless `use_requested`."""
    values = []
    for name in resources:
        if name == "cpu":
            values.append(pod.requests.milli_cpu if use_requested else pod.non_zero_cpu)
        elif name == "memory":
            values.append(pod.requests.memory if use_requested else pod.non_zero_memory)
        elif name == "ephemeral-storage":
            values.append(pod.requests.ephemeral_storage)
        else:
            values.append(pod.requests.scalar.get(name, 0))
    return values


# resource -> (its field on Resource, the NodeInfo field counting missing requests as defaults)
_FIELDS = {
    "cpu": ("milli_cpu", "non_zero_cpu"),
    "memory": ("memory", "non_zero_memory"),
    "ephemeral-storage": ("ephemeral_storage", ""),
}


def columns(
    nodes: list[NodeInfo], resources: list[str], pod_requests: list[int], use_requested: bool
) -> list[Column]:
    """calculateResourceAllocatableRequest for every node: a resource a node lacks (or an
    extended resource the pod doesn't ask for) has allocatable 0 and is left out."""
    result = []
    for name, pod_request in zip(resources, pod_requests, strict=True):
        if name in _FIELDS:
            field, non_zero = _FIELDS[name]
            alloc = list(map(operator.attrgetter(f"allocatable.{field}"), nodes))
            used_field = non_zero if non_zero and not use_requested else f"requested.{field}"
            used = list(map(operator.attrgetter(used_field), nodes))
        elif pod_request == 0 and is_scalar_resource_name(name):
            alloc = used = [0] * len(nodes)
        else:
            alloc = [n.allocatable.scalar.get(name, 0) for n in nodes]
            used = [n.requested.scalar.get(name, 0) for n in nodes]
        # where allocatable is 0 the scorers leave the resource out, whatever is requested
        result.append((alloc, [u + pod_request for u in used]))
    return result


class ResourceAllocationScorer(framework.Plugin):
    """resourceAllocationScorer: what NodeResourcesFit and NodeResourcesBalancedAllocation
    share. PreScore works out the pod's requests; Score compares them with each node."""

    pre_score_key = ""
    config_key = ""  # what else, besides the pod's requests, decides a score (the strategy)
    use_requested = False  # count a missing cpu or memory request as zero, not 100m or 200Mi
    resources: list[str] = [name for name, _ in DEFAULT_RESOURCES]
    weights: list[int] = [weight for _, weight in DEFAULT_RESOURCES]
    scorer: Scorer

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        state[self.pre_score_key] = self._requests(pod)
        return framework.OK

    def _requests(self, pod: PodInfo) -> list[int]:
        return pod_request_list(pod, self.resources, self.use_requested)

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        return self.score_nodes(state, pod, [node])[0]

    def score_key(self, state: CycleState, pod: PodInfo) -> str:
        """A node's score depends on the node and on the pod's requests only."""
        return f"{self.config_key}{state.get(self.pre_score_key) or self._requests(pod)}"

    def score_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
        requests = state.get(self.pre_score_key) or self._requests(pod)
        cols = columns(nodes, self.resources, requests, self.use_requested)
        return self.scorer(cols, self.weights)


def least_requested_scores(alloc: list[int], requested: list[int]) -> list[int]:
    """The fraction left free, out of 100 (0 when over capacity)."""
    return [
        (a - r) * MAX_NODE_SCORE // a if a and r <= a else 0
        for a, r in zip(alloc, requested, strict=True)
    ]


def most_requested_scores(alloc: list[int], requested: list[int]) -> list[int]:
    """The fraction in use, out of 100 (requests beyond capacity count as full)."""
    return [
        (r if r < a else a) * MAX_NODE_SCORE // a if a else 0
        for a, r in zip(alloc, requested, strict=True)
    ]


class WeightedScorer:
    """The weighted mean of per-resource scores, over the resources each node has."""

    __slots__ = ("resource_scores",)

    def __init__(self, resource_scores: Callable[[list[int], list[int]], list[int]]) -> None:
        self.resource_scores = resource_scores

    def __call__(self, cols: list[Column], weights: list[int]) -> list[int]:
        size = len(cols[0][0]) if cols else 0
        totals, weight_sums = [0] * size, [0] * size
        everywhere = all(all(alloc) for alloc, _ in cols)  # every node has every resource
        for (alloc, requested), weight in zip(cols, weights, strict=True):
            scores = self.resource_scores(alloc, requested)
            weighted = scores if weight == 1 else [s * weight for s in scores]
            totals = list(map(operator.add, totals, weighted))
            if not everywhere:
                weight_sums = [
                    w + (weight if a else 0) for w, a in zip(weight_sums, alloc, strict=True)
                ]
        if everywhere:
            weight_sum = sum(weights)
            return [t // weight_sum for t in totals] if weight_sum else totals
        return [t // w if w else 0 for t, w in zip(totals, weight_sums, strict=True)]


class RatioScorer:
    """buildRequestedToCapacityRatioScorerFunction: a broken-line function of utilization;
    only resources scoring above 0 count in the mean, which is rounded."""

    __slots__ = ("shape",)

    def __init__(self, shape: tuple[tuple[int, int], ...]) -> None:
        scale = MAX_NODE_SCORE // MAX_CUSTOM_PRIORITY_SCORE
        self.shape = tuple((u, s * scale) for u, s in shape)

    def line(self, p: int) -> int:
        """helper.BuildBrokenLinearFunction."""
        for i, (utilization, score) in enumerate(self.shape):
            if p <= utilization:
                if i == 0:
                    return score
                u0, s0 = self.shape[i - 1]
                return s0 + _go_div((score - s0) * (p - u0), utilization - u0)
        return self.shape[-1][1]

    def __call__(self, cols: list[Column], weights: list[int]) -> list[int]:
        size = len(cols[0][0]) if cols else 0
        totals, weight_sums = [0] * size, [0] * size
        for (alloc, requested), weight in zip(cols, weights, strict=True):
            for i, (a, r) in enumerate(zip(alloc, requested, strict=True)):
                if not a:
                    continue
                score = self.line(MAX_UTILIZATION if r > a else r * MAX_UTILIZATION // a)
                if score > 0:
                    totals[i] += score * weight
                    weight_sums[i] += weight
        return [
            math.floor(t / w + 0.5) if w else 0 for t, w in zip(totals, weight_sums, strict=True)
        ]


def balanced_scores(cols: list[Column], _: list[int]) -> list[int]:
    """1 - the standard deviation of the resources' used fractions (each at most 1), out of
    100; with two resources the deviation is half their difference."""
    if len(cols) == 2 and all(cols[0][0]) and all(cols[1][0]):
        # the usual case: both resources on every node
        f0, f1 = ([r / a if r < a else 1.0 for a, r in zip(*c, strict=True)] for c in cols)
        return [int((1 - abs(x - y) / 2) * 100) for x, y in zip(f0, f1, strict=True)]
    fractions = [
        [(r / a if r < a else 1.0) if a else None for a, r in zip(alloc, requested, strict=True)]
        for alloc, requested in cols
    ]
    if len(fractions) == 2:
        return [
            int((1 - (abs(f0 - f1) / 2 if f0 is not None and f1 is not None else 0.0)) * 100)
            for f0, f1 in zip(*fractions, strict=True)
        ]
    return [
        int((1 - _std([f for f in node if f is not None])) * 100)
        for node in zip(*fractions, strict=True)
    ]


def _std(fractions: list[float]) -> float:
    if len(fractions) < 2:
        return 0.0
    mean = sum(fractions) / len(fractions)
    return math.sqrt(sum((f - mean) ** 2 for f in fractions) / len(fractions))


def _go_div(a: int, b: int) -> int:
    """Integer division truncating toward zero, as Go divides."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b > 0) else -quotient
