"""TaintToleration: NoSchedule and NoExecute taints keep out the pods that don't tolerate them;
each untolerated PreferNoSchedule taint lowers a node's score."""

import operator

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.framework import CycleState, EventRegistration, Status
from cluster.engine.scheduler.plugins import helper
from cluster.engine.scheduler.types import NodeInfo, PodInfo

PRE_SCORE_KEY = "PreScoreTaintToleration"
_HARD_TAINTS = operator.attrgetter("hard_taints")
HARD_EFFECTS = ("NoSchedule", "NoExecute")
# Since Kubernetes 1.35 (kubernetes#134740) the reason names no taint: taint keys and values
# may be sensitive, so they go to the scheduler's log only.
ERR_REASON_UNTOLERATED = "node(s) had untolerated taint(s)"


class TaintToleration(framework.Plugin):
    name = "TaintToleration"

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        if not node.hard_taints:
            return framework.OK
        taint = helper.untolerated_taint(node.hard_taints, pod.tolerations)
        if taint is None:
            return framework.OK
        return framework.unschedulable(self.name, ERR_REASON_UNTOLERATED, resolvable=False)

    def filter_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[Status]:
        flags = map(_HARD_TAINTS, nodes)
        return framework.filter_flagged(nodes, flags, lambda n: self.filter(state, pod, n))

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        """Only tolerations that can tolerate PreferNoSchedule (that effect, or any) count."""
        state[PRE_SCORE_KEY] = [
            t for t in pod.tolerations if t.get("effect") in (None, "", "PreferNoSchedule")
        ]
        return framework.OK

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        """The number of untolerated PreferNoSchedule taints (fewer is better)."""
        if not node.taints:
            return 0
        tolerations = state[PRE_SCORE_KEY]
        return sum(
            1
            for taint in node.taints
            if taint.get("effect") == "PreferNoSchedule"
            and not helper.tolerated(taint, tolerations)
        )

    def score_key(self, state: CycleState, pod: PodInfo) -> str:
        """A node's score depends on its taints and on the pod's tolerations only."""
        return repr(state[PRE_SCORE_KEY])

    def score_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
        return [0 if not n.taints else self.score(state, pod, n) for n in nodes]

    def normalize_score(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], scores: list[int]
    ) -> None:
        framework.default_normalize(scores, reverse=True)

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        return (
            (clusterevents.NODE_ADD_OR_TAINT_CHANGE, "schedulable_after_node_change"),
            (clusterevents.POD_TOLERATION_CHANGE, "schedulable_after_pod_toleration_change"),
        )

    def schedulable_after_node_change(self, pod: PodInfo, old: Object, new: Object) -> bool:
        """Queue when the node goes from having an untolerated taint to having none."""
        was = old is None or self._untolerated(old, pod)
        return was and not self._untolerated(new, pod)

    @staticmethod
    def _untolerated(node: Object, pod: PodInfo) -> bool:
        taints = [
            t for t in node.get("spec", {}).get("taints") or [] if t.get("effect") in HARD_EFFECTS
        ]
        return helper.untolerated_taint(taints, pod.tolerations) is not None

    def schedulable_after_pod_toleration_change(
        self, pod: PodInfo, old: Object, new: Object
    ) -> bool:
        """Queue when the pod itself got a new toleration."""
        return new["metadata"].get("uid") == pod.uid
