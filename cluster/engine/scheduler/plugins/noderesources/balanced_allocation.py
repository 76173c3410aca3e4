"""NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be used in the
same proportion once the pod is there. Best-effort pods (no requests) are not scored."""

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, Status
from cluster.engine.scheduler.plugins.noderesources import resource_allocation
from cluster.engine.scheduler.types import NodeInfo, PodInfo


class BalancedAllocation(resource_allocation.ResourceAllocationScorer):
    name = "NodeResourcesBalancedAllocation"
    pre_score_key = "PreScoreNodeResourcesBalancedAllocation"
    use_requested = True
    scorer = staticmethod(resource_allocation.balanced_scores)

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        if not any(self._requests(pod)):
            return framework.SKIPPED  # so that best-effort pods don't all pile on one node
        return super().pre_score(state, pod, nodes)
