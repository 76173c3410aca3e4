"""NodeName: a pod that names its node (spec.nodeName) fits that node only."""

from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.framework import CycleState, EventRegistration, Status
from cluster.engine.scheduler.types import NodeInfo, PodInfo

ERR_REASON = "node(s) didn't match the requested node name"


class NodeName(framework.Plugin):
    name = "NodeName"

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        if not pod.node_name or pod.node_name == node.name:
            return framework.OK
        return framework.unschedulable(self.name, ERR_REASON, resolvable=False)

    def filter_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[Status]:
        if not pod.node_name:
            return [framework.OK] * len(nodes)
        return [self.filter(state, pod, n) for n in nodes]

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        # No hint: a new node is always worth a retry (after the backoff).
        return ((clusterevents.NODE_ADD, ""),)
