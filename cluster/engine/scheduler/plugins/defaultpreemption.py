"""DefaultPreemption: when a pod fits nowhere, make room for it by evicting pods of lower
priority from one node (PostFilter). It says why when it can't: "preemption: 0/3 nodes are
available: ..."."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, NodeToStatus, Status
from cluster.engine.scheduler.preemption import (
    DISRUPTION_TARGET,
    PREEMPTION_BY_SCHEDULER,
    Evaluator,
    start_time,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle

NO_VICTIMS = "No preemption victims found for incoming pod"
NEVER = "not eligible due to preemptionPolicy=Never."
TERMINATING_ON_NOMINATED = "not eligible due to a terminating pod on the nominated node."


class DefaultPreemption(framework.Plugin):
    name = "DefaultPreemption"

    def __init__(self, handle: Handle | None = None) -> None:
        super().__init__(handle)
        self.evaluator = Evaluator(self)

    def post_filter(
        self, state: CycleState, pod: PodInfo, statuses: NodeToStatus
    ) -> tuple[str | None, Status]:
        nominated, status = self.evaluator.preempt(state, pod, statuses)
        if status.message:
            status = Status(status.code, (f"preemption: {status.message}",), status.plugin)
        return nominated, status

    def eligible(self, pod: PodInfo, nominated_status: Status) -> tuple[bool, str]:
        """PodEligibleToPreemptOthers: not with preemptionPolicy Never, and not again while
        the victims of a previous preemption are still terminating on the nominated node."""
        if pod.pod["spec"].get("preemptionPolicy") == "Never":
            return False, NEVER
        nominated = (pod.pod.get("status") or {}).get("nominatedNodeName")
        if not nominated or nominated_status.code == framework.UNRESOLVABLE:
            return True, ""
        node = self.handle.cache.nodes.get(nominated)
        if node is not None and any(
            p.priority < pod.priority and _terminating_by_preemption(p) for p in node.pods.values()
        ):
            return False, TERMINATING_ON_NOMINATED
        return True, ""

    def select_victims(
        self, state: CycleState, pod: PodInfo, node: NodeInfo
    ) -> tuple[list[PodInfo], int, Status]:
        """SelectVictimsOnNode, on a copy of the node: remove every lower-priority pod; if the
        pod then fits, give back as many as still let it fit, most important first."""
        handle = self.handle
        potential = [p for p in node.pods.values() if p.priority < pod.priority]
        for victim in potential:
            node.remove_pod(victim.key)
            handle.run_remove_pod(state, pod, victim, node)
        if not potential:
            return [], 0, framework.unschedulable(self.name, NO_VICTIMS, resolvable=False)
        status = handle.run_filter_with_nominated_pods(state, pod, node)
        if not status.ok:
            return [], 0, status
        now = handle.clock.unix()
        potential.sort(key=lambda p: (-p.priority, start_time(p, now)))
        victims = []
        for candidate in potential:
            node.add_pod(candidate)
            handle.run_add_pod(state, pod, candidate, node)
            if not handle.run_filter_with_nominated_pods(state, pod, node).ok:
                node.remove_pod(candidate.key)
                handle.run_remove_pod(state, pod, candidate, node)
                victims.append(candidate)
        return victims, 0, framework.OK


def _terminating_by_preemption(pod: PodInfo) -> bool:
    if not pod.terminating:
        return False
    for condition in (pod.pod.get("status") or {}).get("conditions") or []:
        if condition.get("type") == DISRUPTION_TARGET:
            return condition.get("status") == "True" and (
                condition.get("reason") == PREEMPTION_BY_SCHEDULER
            )
    return False
