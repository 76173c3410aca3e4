"""PodTopologySpread's PreFilter and Filter (podtopologyspread/filtering.go): DoNotSchedule
constraints count the matching pods per topology domain over all nodes, then reject a node
where placing the pod would leave its domain more than maxSkew above the emptiest one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.cache import LabelSet
from cluster.engine.scheduler.framework import Status
from cluster.engine.scheduler.plugins.nodeaffinity import required_node_affinity
from cluster.engine.scheduler.plugins.podtopologyspread.common import (
    Constraint,
    count_matching,
    node_has_keys,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints"
ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)"
NO_DOMAIN = 2**31 - 1  # math.MaxInt32: the minimum when no domain is eligible


@dataclass(slots=True)
class PreFilterState:
    """Per constraint: matching pods per topology value, how many domains hold each count,
    and the global minimum."""

    constraints: list[Constraint]
    counts: list[dict[str, int]]
    domains_at_count: list[Counter[int]]
    minimum: list[int]

    def clone(self) -> PreFilterState:
        return PreFilterState(
            self.constraints,
            [dict(c) for c in self.counts],
            [Counter(h) for h in self.domains_at_count],
            list(self.minimum),
        )

    def min_match_num(self, i: int) -> int:
        """Fewer eligible domains than minDomains: the global minimum counts as 0."""
        return 0 if len(self.counts[i]) < self.constraints[i].min_domains else self.minimum[i]

    def update(self, i: int, value: str, delta: int) -> None:
        """One pod more (or less) in a domain; keeps the minimum exact."""
        old = self.counts[i].get(value, 0)
        cur = self.counts[i][value] = old + delta
        hist = self.domains_at_count[i]
        hist[old] -= 1
        if hist[old] <= 0:
            del hist[old]
        hist[cur] += 1
        if cur < self.minimum[i] or (old == self.minimum[i] and old not in hist):
            self.minimum[i] = cur


def pre_filter_state(
    pod: PodInfo, constraints: list[Constraint], nodes: list[NodeInfo]
) -> PreFilterState:
    """calPreFilterState: count over every node that has all the topology keys and that the
    inclusion policies admit."""
    counts: list[dict[str, int]] = [{} for _ in constraints]
    required = required_node_affinity(pod.pod)
    memos: list[dict[LabelSet, bool]] = [{} for _ in constraints]
    for node in nodes:
        if not node_has_keys(node.labels, constraints):
            continue
        for i, c in enumerate(constraints):
            if not c.includes(pod, node, required):
                continue
            value = node.labels[c.topology_key]
            counts[i][value] = counts[i].get(value, 0) + count_matching(
                node, c.selector, pod.namespace, memos[i]
            )
    histograms = [Counter(c.values()) for c in counts]
    minimum = [min(c.values(), default=NO_DOMAIN) for c in counts]
    return PreFilterState(constraints, counts, histograms, minimum)


def filter_node(state: PreFilterState, pod: PodInfo, node: NodeInfo) -> Status:
    """matching pods in the node's domain + the pod itself if it matches - the global minimum
    must not exceed maxSkew."""
    for i, c in enumerate(state.constraints):
        value = node.labels.get(c.topology_key)
        if value is None:
            return framework.unschedulable(
                "PodTopologySpread", ERR_REASON_NODE_LABEL_NOT_MATCH, resolvable=False
            )
        self_match = 1 if c.selector.matches(pod.labels) else 0
        skew = state.counts[i].get(value, 0) + self_match - state.min_match_num(i)
        if skew > c.max_skew:
            return framework.unschedulable("PodTopologySpread", ERR_REASON_CONSTRAINTS_NOT_MATCH)
    return framework.OK


def update_with_pod(
    state: PreFilterState, changed: PodInfo, pod: PodInfo, node: NodeInfo, delta: int
) -> None:
    """AddPod/RemovePod: a what-if pod on a node moves its domains' counts by one."""
    if changed.namespace != pod.namespace or node.node is None:
        return
    if not node_has_keys(node.labels, state.constraints):
        return
    required = required_node_affinity(pod.pod)
    for i, c in enumerate(state.constraints):
        if not c.selector.matches(changed.labels) or not c.includes(pod, node, required):
            continue
        state.update(i, node.labels[c.topology_key], delta)
