"""NodeResourcesFit and NodeResourcesBalancedAllocation: does the pod's request fit the node's
allocatable cpu, memory and pod count, and how well does it leave the node balanced."""

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, NodeInfo, Status

MAX = framework.MAX_NODE_SCORE


def _requests(state: CycleState, pod: Object, non_zero: bool) -> framework.Resources:
    key = "noderesources/non-zero" if non_zero else "noderesources/requests"
    if key not in state:  # PreFilter: computed once per cycle
        state[key] = framework.pod_requests(pod, non_zero=non_zero)
    return state[key]


class Fit(framework.Plugin):
    name = "NodeResourcesFit"

    def filter(self, state: CycleState, pod: Object, node: NodeInfo) -> Status:
        request = _requests(state, pod, non_zero=False)
        allocatable, used = node.allocatable, node.requested
        reasons = []
        if used.pods + 1 > allocatable.pods:
            reasons.append("Too many pods")
        if request.milli_cpu and used.milli_cpu + request.milli_cpu > allocatable.milli_cpu:
            reasons.append("Insufficient cpu")
        if request.memory and used.memory + request.memory > allocatable.memory:
            reasons.append("Insufficient memory")
        return framework.unschedulable(self.name, *reasons) if reasons else framework.OK

    def score(self, state: CycleState, pod: Object, node: NodeInfo) -> int:
        """LeastAllocated: the more room left after placing the pod, the higher."""
        request = _requests(state, pod, non_zero=True)
        allocatable, used = node.allocatable, node.non_zero_requested
        scores = [
            _least_allocated(used.milli_cpu + request.milli_cpu, allocatable.milli_cpu),
            _least_allocated(used.memory + request.memory, allocatable.memory),
        ]
        return sum(scores) // len(scores)


def _least_allocated(requested: int, capacity: int) -> int:
    if capacity == 0 or requested > capacity:
        return 0
    return (capacity - requested) * MAX // capacity


class BalancedAllocation(framework.Plugin):
    name = "NodeResourcesBalancedAllocation"

    def score(self, state: CycleState, pod: Object, node: NodeInfo) -> int:
        """The closer cpu and memory use are to each other after placing the pod, the higher."""
        request = _requests(state, pod, non_zero=True)
        allocatable, used = node.allocatable, node.non_zero_requested
        fractions = [
            min(1.0, (used.milli_cpu + request.milli_cpu) / allocatable.milli_cpu)
            if allocatable.milli_cpu
            else 1.0,
            min(1.0, (used.memory + request.memory) / allocatable.memory)
            if allocatable.memory
            else 1.0,
        ]
        std = abs(fractions[0] - fractions[1]) / 2
        return int((1 - std) * MAX)
