"""DefaultPreemption: when a pod fits nowhere, make room for it by evicting pods of lower
priority from one node (PostFilter). It says why when it can't: "preemption: 0/3 nodes are
available: ..."."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.api.pdb import selector_of
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
        # reprieve as many as still let the pod fit: those whose eviction would violate a
        # PodDisruptionBudget first, each kind most important first
        violating, others = pods_with_pdb_violation(potential, self._budgets(potential))
        violating_keys = {p.key for p in violating}
        victims = []
        violations = 0
        for candidate in (*violating, *others):
            node.add_pod(candidate)
            handle.run_add_pod(state, pod, candidate, node)
            if not handle.run_filter_with_nominated_pods(state, pod, node).ok:
                node.remove_pod(candidate.key)
                handle.run_remove_pod(state, pod, candidate, node)
                victims.append(candidate)
                violations += candidate.key in violating_keys
        return victims, violations, framework.OK

    def _budgets(self, pods: list[PodInfo]) -> list[Object]:
        """The PodDisruptionBudgets of the pods' namespaces, from the scheduler's lister."""
        namespaces = dict.fromkeys(p.pod["metadata"].get("namespace", "") for p in pods)
        handle = self.handle
        return [b for ns in namespaces for b in handle.list_objects("poddisruptionbudgets", ns)]


def pods_with_pdb_violation(
    pods: list[PodInfo], budgets: list[Object]
) -> tuple[list[PodInfo], list[PodInfo]]:
    """filterPodsWithPDBViolation: the pods whose eviction, one after another in this order,
    would take a budget below zero, and the others (a pod the eviction subresource already
    counted in `disruptedPods` takes nothing from its budget)."""
    allowed = [(b.get("status") or {}).get("disruptionsAllowed", 0) for b in budgets]
    selectors = [selector_of(b) for b in budgets]
    violating, others = [], []
    for info in pods:
        meta = info.pod["metadata"]
        pod_labels = meta.get("labels") or {}
        violated = False
        for i, budget in enumerate(budgets):
            selector = selectors[i]
            if (
                not pod_labels
                or budget["metadata"].get("namespace") != meta.get("namespace")
                or selector is None
                or selector.empty
                or not selector.matches(pod_labels)
                or meta["name"] in ((budget.get("status") or {}).get("disruptedPods") or {})
            ):
                continue
            allowed[i] -= 1
            violated = violated or allowed[i] < 0
        (violating if violated else others).append(info)
    return violating, others


def _terminating_by_preemption(pod: PodInfo) -> bool:
    if not pod.terminating:
        return False
    for condition in (pod.pod.get("status") or {}).get("conditions") or []:
        if condition.get("type") == DISRUPTION_TARGET:
            return condition.get("status") == "True" and (
                condition.get("reason") == PREEMPTION_BY_SCHEDULER
            )
    return False
