"""PodTopologySpread: spread a pod's replicas over topology domains (nodes, zones) by its
topologySpreadConstraints, or, without any, by the system defaults (hostname and zone,
ScheduleAnyway) for pods that a service or controller selects."""

from __future__ import annotations

from cluster.engine.api.labels import SelectorError
from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.cache import LabelSets
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import (
    CycleState,
    EventRegistration,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.plugins.podtopologyspread import common, filtering, scoring
from cluster.engine.scheduler.plugins.podtopologyspread.scoring import Cluster
from cluster.engine.scheduler.types import NodeInfo, PodInfo

PRE_FILTER_KEY = "PreFilterPodTopologySpread"
PRE_SCORE_KEY = "PreScorePodTopologySpread"


class PodTopologySpread(framework.Plugin):
    name = "PodTopologySpread"

    def _constraints(self, pod: PodInfo, action: str) -> list[common.Constraint]:
        return common.constraints_for(pod, action, self.handle)

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        try:
            constraints = self._constraints(pod, common.DO_NOT_SCHEDULE)
        except SelectorError as error:
            return None, Status(framework.ERROR, (f"get constraints from pod: {error}",))
        if not constraints:
            return None, framework.SKIPPED
        state[PRE_FILTER_KEY] = filtering.pre_filter_state(pod, constraints, nodes)
        return None, framework.OK

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        return filtering.filter_node(state[PRE_FILTER_KEY], pod, node)

    def add_pod(self, state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo) -> None:
        if PRE_FILTER_KEY in state:
            filtering.update_with_pod(state[PRE_FILTER_KEY], added, pod, node, 1)

    def remove_pod(self, state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo) -> None:
        if PRE_FILTER_KEY in state:
            filtering.update_with_pod(state[PRE_FILTER_KEY], removed, pod, node, -1)

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        all_nodes = self.handle.node_infos() if self.handle else nodes
        if not all_nodes:
            return framework.SKIPPED
        try:
            constraints = self._constraints(pod, common.SCHEDULE_ANYWAY)
        except SelectorError as error:
            return Status(framework.ERROR, (f"calculating preScoreState: {error}",))
        if not constraints:
            return framework.SKIPPED
        # Only the pod's own constraints need every node to carry all the keys: without a
        # zone label, a node still takes part in hostname spreading.
        own = bool(pod.pod["spec"].get("topologySpreadConstraints"))
        state[PRE_SCORE_KEY] = scoring.pre_score_state(
            pod, constraints, nodes, self._cluster(all_nodes, constraints), own
        )
        return framework.OK

    def _cluster(self, nodes: list[NodeInfo], constraints: list[common.Constraint]) -> Cluster:
        """What scoring needs to know of all the nodes, from the cache's indexes."""
        keys = [c.topology_key for c in constraints]
        if self.handle is None:
            labelled = [sum(1 for n in nodes if key in n.labels) for key in keys]
            return Cluster(
                LabelSets.of(nodes), {n.name: n for n in nodes}.get, len(nodes), labelled
            )
        handle = self.handle
        labelled = [handle.nodes_labelled(key) for key in keys]
        return Cluster(handle.label_sets(), handle.node_info, len(nodes), labelled)

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        return scoring.score_nodes(state[PRE_SCORE_KEY], pod, [node])[0]

    def score_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
        return scoring.score_nodes(state[PRE_SCORE_KEY], pod, nodes)

    def normalize_score(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], scores: list[int]
    ) -> None:
        scoring.normalize(state[PRE_SCORE_KEY], nodes, scores)

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        pod_action = (
            clusterevents.ADD
            | clusterevents.UPDATE_POD_LABEL
            | clusterevents.UPDATE_POD_TOLERATION
            | clusterevents.DELETE
        )
        node_action = (
            clusterevents.ADD
            | clusterevents.DELETE
            | clusterevents.UPDATE_NODE_LABEL
            | clusterevents.UPDATE_NODE_TAINT
        )
        return (
            (ClusterEvent(clusterevents.POD, pod_action), "schedulable_after_pod_change"),
            (ClusterEvent(clusterevents.NODE, node_action), "schedulable_after_node_change"),
        )

    def schedulable_after_pod_change(
        self, pod: PodInfo, old: Object | None, new: Object | None
    ) -> bool:
        """Queue when a bound pod in the namespace comes, goes, or changes labels in a way
        one of the constraints' selectors sees (or the pod itself gains a toleration)."""
        if any(o is not None and not _involved(o, pod) for o in (old, new)):
            return False
        try:
            constraints = self._constraints(pod, common.DO_NOT_SCHEDULE)
        except SelectorError:
            return True
        if old is not None and new is not None:
            if _gained_toleration(pod, old, new, constraints):
                return True
            old_labels, new_labels = _labels(old), _labels(new)
            return old_labels != new_labels and any(
                c.selector.matches(old_labels) != c.selector.matches(new_labels)
                for c in constraints
            )
        changed = new if new is not None else old
        return any(c.selector.matches(_labels(changed)) for c in constraints)

    def schedulable_after_node_change(
        self, pod: PodInfo, old: Object | None, new: Object | None
    ) -> bool:
        """Queue when a node enters or leaves the constraints' topologies, or one of their
        domains changes under it."""
        try:
            constraints = self._constraints(pod, common.DO_NOT_SCHEDULE)
        except SelectorError:
            return True
        was = old is not None and common.node_has_keys(_labels(old), constraints)
        now = new is not None and common.node_has_keys(_labels(new), constraints)
        if old is not None and new is not None:
            if was != now:
                return True
            moved = any(
                _labels(old).get(c.topology_key) != _labels(new).get(c.topology_key)
                for c in constraints
            )
            tainted = (old["spec"].get("taints") or []) != (new["spec"].get("taints") or [])
            return now and (moved or tainted)
        return now if new is not None else was


def _labels(obj: Object) -> dict[str, str]:
    return obj["metadata"].get("labels") or {}


def _gained_toleration(
    pod: PodInfo, old: Object, new: Object, constraints: list[common.Constraint]
) -> bool:
    """The pod itself changed its tolerations, and a constraint honors node taints."""
    if new["metadata"].get("uid") != pod.uid:
        return False
    if not any(c.node_taints_policy == common.HONOR for c in constraints):
        return False
    return (new["spec"].get("tolerations") or []) != (old["spec"].get("tolerations") or [])


def _involved(other: Object, pod: PodInfo) -> bool:
    """involvedInTopologySpreading: the pod itself, or a bound pod of its namespace."""
    meta = other["metadata"]
    if meta.get("uid") == pod.uid:
        return True
    return bool(other["spec"].get("nodeName")) and meta.get("namespace") == pod.namespace
