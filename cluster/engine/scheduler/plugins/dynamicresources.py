"""DynamicResources: allocates the ResourceClaims a pod names (dynamic resource allocation,
on by default since Kubernetes 1.34). No pod here names a claim, so its PreFilter only notes
that it ran, and its PostFilter, which runs before DefaultPreemption, says so in every
FailedScheduling message: "... no new claims to deallocate, preemption: ...". A PreFilter
that turned the pod away before DynamicResources' own ran (VolumeBinding's, say) leaves it
nothing to read: it fails, ending PostFilter before preemption ("... not found")."""

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import (
    CycleState,
    NodeToStatus,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

NO_CLAIMS = "no new claims to deallocate"
STATE_KEY = "DynamicResources"
NOT_FOUND = "not found"  # fwk.ErrNotFound: the cycle state holds nothing under the key


class DynamicResources(framework.Plugin):
    name = "DynamicResources"

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        state[STATE_KEY] = True  # the pod's claims: none
        return None, framework.SKIPPED

    def post_filter(
        self, state: CycleState, pod: PodInfo, statuses: NodeToStatus
    ) -> tuple[str | None, Status]:
        """Deallocating a claim might make room; a pod without claims has none to give."""
        if STATE_KEY not in state:
            return None, Status(framework.ERROR, (NOT_FOUND,))
        return None, framework.unschedulable(self.name, NO_CLAIMS)
