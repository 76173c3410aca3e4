"""NodeUnschedulable: a cordoned node takes no new pods unless they tolerate it."""

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, NodeInfo, Status
from cluster.engine.scheduler.plugins import tainttoleration

ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"
UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


class NodeUnschedulable(framework.Plugin):
    name = "NodeUnschedulable"

    def filter(self, state: CycleState, pod: Object, node: NodeInfo) -> Status:
        if not (node.node.get("spec") or {}).get("unschedulable"):
            return framework.OK
        tolerations = (pod.get("spec") or {}).get("tolerations") or []
        if tainttoleration.tolerated(UNSCHEDULABLE_TAINT, tolerations):
            return framework.OK
        return framework.unschedulable(self.name, ERR_REASON_UNSCHEDULABLE, resolvable=False)
