"""NodePorts: a pod asking for a host port fits only nodes where no other pod holds that port
(for the same protocol, on the same or on every host IP)."""

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import (
    CycleState,
    EventRegistration,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
PRE_FILTER_KEY = "PreFilterNodePorts"


class NodePorts(framework.Plugin):
    name = "NodePorts"

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        if not pod.host_ports:
            return None, framework.SKIPPED
        state[PRE_FILTER_KEY] = pod.host_ports
        return None, framework.OK

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        wanted = state.get(PRE_FILTER_KEY, pod.host_ports)
        if any(node.port_conflict(port) for port in wanted):
            return framework.unschedulable(self.name, ERR_REASON)
        return framework.OK

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        return (
            (
                ClusterEvent(clusterevents.POD, clusterevents.DELETE),
                "schedulable_after_pod_deleted",
            ),
            (clusterevents.NODE_ADD, ""),
        )

    def schedulable_after_pod_deleted(self, pod: PodInfo, old: Object, new: Object) -> bool:
        """Queue when the deleted pod (bound or nominated) held one of the pod's host ports."""
        spec, status = old.get("spec") or {}, old.get("status") or {}
        if not spec.get("nodeName") and not status.get("nominatedNodeName"):
            return False
        holder = NodeInfo()
        holder.add_pod(PodInfo(old))
        return any(holder.port_conflict(port) for port in pod.host_ports)
