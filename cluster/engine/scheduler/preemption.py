"""Preemption (framework/preemption/preemption.go): find nodes where evicting lower-priority
pods would make room for the pod, pick the one whose victims matter least, and evict them
through kube-apiserver (a DisruptionTarget condition, then a delete, then a Preempted event).
The preemptor is nominated to that node and retried when the victims are gone."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.api.merge import MERGE, STRATEGIC
from cluster.engine.api.meta import parse_timestamp
from cluster.engine.client import APIError
from cluster.engine.events import NORMAL
from cluster.engine.scheduler import framework
from cluster.engine.scheduler.decision import fit_error_message
from cluster.engine.scheduler.framework import CycleState, NodeToStatus, Status
from cluster.engine.scheduler.runtime import clone_state
from cluster.engine.scheduler.types import NodeInfo, PodInfo

if TYPE_CHECKING:
    from cluster.engine.scheduler.plugins.defaultpreemption import DefaultPreemption

NOT_HELPFUL = "Preemption is not helpful for scheduling"
MIN_CANDIDATE_NODES_PERCENTAGE = 10  # DefaultPreemptionArgs defaults
MIN_CANDIDATE_NODES_ABSOLUTE = 100
DISRUPTION_TARGET = "DisruptionTarget"
VICTIMS_KEY = "preemption/victims"  # the evicted pods' keys, for the decision's explanation
PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler"


@dataclass(frozen=True, slots=True)
class Candidate:
    node: str
    victims: tuple[PodInfo, ...]  # most important first
    pdb_violations: int = 0


class Evaluator:
    """Evaluator: the part of preemption every preemption plugin shares."""

    def __init__(self, plugin: DefaultPreemption) -> None:
        self.plugin = plugin
        self.handle = plugin.handle

    def preempt(
        self, state: CycleState, pod: PodInfo, statuses: NodeToStatus
    ) -> tuple[str | None, Status]:
        """Returns the node to nominate ("" clears a nomination) and the verdict."""
        latest = self.handle.get_pod(pod.key)
        if latest is None:
            return None, Status(framework.ERROR, (f'pods "{pod.name}" not found',))
        pod = PodInfo(latest, previous=pod)
        nominated = (latest.get("status") or {}).get("nominatedNodeName", "")
        eligible, why = self.plugin.eligible(pod, statuses.get(nominated))
        if not eligible:
            return None, Status(framework.UNSCHEDULABLE, (why,))
        nodes = self.handle.node_infos()
        candidates, node_statuses = self.find_candidates(state, pod, nodes, statuses)
        if not candidates:
            node_statuses.absent = Status(framework.UNRESOLVABLE, (NOT_HELPFUL,))
            message = fit_error_message(len(nodes), node_statuses)
            return "", Status(framework.UNSCHEDULABLE, (message,))
        best = pick_one_node(candidates, self.handle.clock.unix())
        state[VICTIMS_KEY] = [victim.key for victim in best.victims]
        status = self.prepare_candidate(best, pod)
        return (best.node, status) if status.ok else (None, status)

    def find_candidates(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], statuses: NodeToStatus
    ) -> tuple[list[Candidate], NodeToStatus]:
        """Nodes rejected as merely Unschedulable may fit once some pods are gone."""
        potential = statuses.nodes_with_code(nodes, framework.UNSCHEDULABLE)
        if not potential:
            return [], NodeToStatus()
        wanted = min(
            len(potential),
            max(
                MIN_CANDIDATE_NODES_ABSOLUTE, len(potential) * MIN_CANDIDATE_NODES_PERCENTAGE // 100
            ),
        )
        offset = self.handle.rng.randrange(len(potential))
        return self.dry_run(state, pod, potential, offset, wanted)

    def dry_run(
        self, state: CycleState, pod: PodInfo, potential: list[NodeInfo], offset: int, wanted: int
    ) -> tuple[list[Candidate], NodeToStatus]:
        """DryRunPreemption: find victims on each potential node, on copies, from `offset`
        round, until enough candidates (one of them violating no budget) are found."""
        clean: list[Candidate] = []
        violating: list[Candidate] = []
        node_statuses = NodeToStatus()
        for i in range(len(potential)):
            node = potential[(offset + i) % len(potential)].clone()
            victims, violations, status = self.plugin.select_victims(clone_state(state), pod, node)
            if status.ok and victims:
                (violating if violations else clean).append(
                    Candidate(node.name, tuple(victims), violations)
                )
                if clean and len(clean) + len(violating) >= wanted:
                    break
                continue
            if status.ok:
                reason = f'expected at least one victim pod on node "{node.name}"'
                status = Status(framework.ERROR, (reason,))
            node_statuses.statuses[node.name] = status
        return clean + violating, node_statuses

    def prepare_candidate(self, candidate: Candidate, pod: PodInfo) -> Status:
        """Evict the victims, then take the nomination away from lower-priority pods nominated
        to that node: they may no longer fit there."""
        for victim in candidate.victims:
            if victim.terminating:
                continue  # its graceful deletion has already begun
            error = self.preempt_pod(victim, pod, candidate.node)
            if error:
                return Status(framework.ERROR, (error,))
        for other in self.handle.nominator.pods_for_node(candidate.node):
            if other.priority < pod.priority:
                self._clear_nomination(other)
        return framework.OK

    def preempt_pod(self, victim: PodInfo, preemptor: PodInfo, node: str) -> str:
        """Evict one victim; returns why it failed, or "" (a victim already gone is fine)."""
        client = self.handle.client
        condition = {
            "type": DISRUPTION_TARGET,
            "status": "True",
            "lastProbeTime": None,
            "lastTransitionTime": self.handle.clock.timestamp(),
            "reason": PREEMPTION_BY_SCHEDULER,
            "message": f"{self.handle.scheduler_name}: preempting to accommodate a higher "
            "priority pod",
        }
        try:
            client.call(
                "patch",
                "pods",
                victim.namespace,
                victim.name,
                subresource="status",
                body={"status": {"conditions": [condition]}},
                content_type=STRATEGIC,
            )
            client.call("delete", "pods", victim.namespace, victim.name)
        except APIError as error:
            return "" if error.code == 404 else str(error)
        self.handle.recorder.event(
            victim.pod, NORMAL, "Preempted", f"Preempted by pod {preemptor.uid} on node {node}"
        )
        return ""

    def _clear_nomination(self, other: PodInfo) -> None:
        with contextlib.suppress(APIError):
            self.handle.client.call(
                "patch",
                "pods",
                other.namespace,
                other.name,
                subresource="status",
                body={"status": {"nominatedNodeName": None}},
                content_type=MERGE,
            )


def pick_one_node(candidates: list[Candidate], now: int) -> Candidate:
    """pickOneNodeForPreemption: fewest budget violations, then the lowest highest victim
    priority, the lowest sum of priorities, the fewest victims, the latest start among the
    highest-priority victims; then the first."""
    rules = (
        lambda c: -c.pdb_violations,
        lambda c: -c.victims[0].priority,
        lambda c: -sum(v.priority + 2**31 for v in c.victims),
        lambda c: -len(c.victims),
        lambda c: _earliest_start(c.victims, now),
    )
    remaining = candidates
    for rule in rules:
        best = max(rule(c) for c in remaining)
        remaining = [c for c in remaining if rule(c) == best]
        if len(remaining) == 1:
            break
    return remaining[0]


def start_time(pod: PodInfo, now: int) -> int:
    """GetPodStartTime, in unix seconds: a pod not started yet counts as starting now."""
    return parse_timestamp(pod.start_time) if pod.start_time else now


def _earliest_start(victims: tuple[PodInfo, ...], now: int) -> int:
    """GetEarliestPodStartTime among the victims of the highest priority."""
    top = max(v.priority for v in victims)
    return min(start_time(v, now) for v in victims if v.priority == top)
