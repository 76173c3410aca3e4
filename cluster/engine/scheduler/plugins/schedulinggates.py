"""SchedulingGates: a pod with scheduling gates (spec.schedulingGates) is not tried at all
(PreEnqueue): it waits among the unschedulable pods, with no FailedScheduling event, until the
last gate is removed."""

from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import EventRegistration, Status
from cluster.engine.scheduler.types import PodInfo


class SchedulingGates(framework.Plugin):
    name = "SchedulingGates"

    def pre_enqueue(self, pod: PodInfo) -> Status:
        gates = pod.pod["spec"].get("schedulingGates")
        if not gates:
            return framework.OK
        names = " ".join(gate.get("name", "") for gate in gates)
        reason = f"waiting for scheduling gates: [{names}]"
        return framework.unschedulable(self.name, reason, resolvable=False)

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        event = ClusterEvent(
            clusterevents.POD, clusterevents.UPDATE_POD_SCHEDULING_GATES_ELIMINATED
        )
        return ((event, "schedulable_after_gates_eliminated"),)

    def schedulable_after_gates_eliminated(self, pod: PodInfo, old: object, new: object) -> bool:
        """Only the pod whose gates went may now be scheduled."""
        return isinstance(new, dict) and new["metadata"].get("uid") == pod.uid
