"""DynamicResources: allocates the ResourceClaims a pod names (dynamic resource allocation,
on by default since Kubernetes 1.34). No pod here names a claim, so all it ever does is its
PostFilter's fast path, which runs before DefaultPreemption and says so in every
FailedScheduling message: "... no new claims to deallocate, preemption: ..."."""

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, NodeToStatus, Status
from cluster.engine.scheduler.types import PodInfo

NO_CLAIMS = "no new claims to deallocate"


class DynamicResources(framework.Plugin):
    name = "DynamicResources"

    def post_filter(
        self, state: CycleState, pod: PodInfo, statuses: NodeToStatus
    ) -> tuple[str | None, Status]:
        """Deallocating a claim might make room; a pod without claims has none to give."""
        return None, framework.unschedulable(self.name, NO_CLAIMS)
