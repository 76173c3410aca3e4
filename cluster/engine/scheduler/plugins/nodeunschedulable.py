"""NodeUnschedulable: a cordoned node takes no new pods, unless they tolerate the
node.kubernetes.io/unschedulable:NoSchedule taint."""

import operator

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.framework import CycleState, EventRegistration, Status
from cluster.engine.scheduler.plugins import helper
from cluster.engine.scheduler.types import NodeInfo, PodInfo

_UNSCHEDULABLE = operator.attrgetter("unschedulable")
ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"
UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


class NodeUnschedulable(framework.Plugin):
    name = "NodeUnschedulable"

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        if not node.unschedulable or helper.tolerated(UNSCHEDULABLE_TAINT, pod.tolerations):
            return framework.OK
        return framework.unschedulable(self.name, ERR_REASON_UNSCHEDULABLE, resolvable=False)

    def filter_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[Status]:
        flags = map(_UNSCHEDULABLE, nodes)
        return framework.filter_flagged(nodes, flags, lambda n: self.filter(state, pod, n))

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        return (
            (clusterevents.NODE_ADD_OR_TAINT_CHANGE, "schedulable_after_node_change"),
            (clusterevents.POD_TOLERATION_CHANGE, "schedulable_after_pod_toleration_change"),
        )

    def schedulable_after_node_change(self, pod: PodInfo, old: Object, new: Object) -> bool:
        """Queue when a node is added schedulable, or is uncordoned."""
        if new.get("spec", {}).get("unschedulable"):
            return False
        return old is None or bool(old.get("spec", {}).get("unschedulable"))

    def schedulable_after_pod_toleration_change(
        self, pod: PodInfo, old: Object, new: Object
    ) -> bool:
        """Queue when the pod itself now tolerates the unschedulable taint."""
        if new["metadata"].get("uid") != pod.uid:
            return False
        return helper.tolerated(UNSCHEDULABLE_TAINT, new["spec"].get("tolerations") or [])
