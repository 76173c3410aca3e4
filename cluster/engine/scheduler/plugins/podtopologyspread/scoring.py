"""PodTopologySpread's PreScore, Score and NormalizeScore (podtopologyspread/scoring.go):
ScheduleAnyway constraints (the system defaults, for pods of a service or a controller) prefer
nodes whose domains hold fewer matching pods, weighted by how many domains a topology has."""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field

from cluster.engine.scheduler.cache import LabelSets
from cluster.engine.scheduler.framework import MAX_NODE_SCORE
from cluster.engine.scheduler.plugins.nodeaffinity import required_node_affinity
from cluster.engine.scheduler.plugins.podtopologyspread.common import (
    HOSTNAME,
    Constraint,
    count_matching,
    count_matching_on,
    node_has_keys,
)
from cluster.engine.scheduler.types import LabelKey, NodeInfo, PodInfo


@dataclass(slots=True)
class PreScoreState:
    constraints: list[Constraint]
    ignored: set[str] = field(default_factory=set)  # nodes missing a topology key
    counts: list[dict[str, int]] = field(default_factory=list)  # per constraint, per value
    weights: list[float] = field(default_factory=list)
    keyed: list[bool] = field(default_factory=list)  # does any scored node have the key?
    memos: list[dict[tuple[str, LabelKey], bool]] = field(default_factory=list)
    label_sets: LabelSets = field(default_factory=LabelSets)  # those on all the nodes


def pre_score_state(
    pod: PodInfo,
    constraints: list[Constraint],
    filtered: list[NodeInfo],
    all_nodes: list[NodeInfo],
    require_all_topologies: bool,
    label_sets: LabelSets,
) -> PreScoreState:
    """initPreScoreState, then the matching pods per domain counted over all nodes (per-node
    counts, for hostname, are left to Score)."""
    state = PreScoreState(constraints, memos=[{} for _ in constraints], label_sets=label_sets)
    if require_all_topologies:
        state.ignored = {n.name for n in filtered if not node_has_keys(n.labels, constraints)}
    scored = [n for n in filtered if n.name not in state.ignored] if state.ignored else filtered
    wanted: list[set[str]] = []  # the domains some scored node will read
    for c in constraints:
        key = c.topology_key
        if key == HOSTNAME:
            state.counts.append({})
            wanted.append(set())
            state.weights.append(math.log(len(scored) + 2))
            state.keyed.append(any(key in n.labels for n in scored))
            continue
        # a node without the key counts as the domain "" (but only one with it is scored)
        values = {n.labels.get(key, "") for n in scored}
        state.counts.append(dict.fromkeys(values, 0))
        wanted.append({n.labels[key] for n in scored if key in n.labels})
        state.weights.append(math.log(len(values) + 2))
        state.keyed.append(bool(wanted[-1]))
    if any(wanted):
        _count_domains(state, pod, all_nodes, wanted, require_all_topologies)
    return state


def _count_domains(
    state: PreScoreState,
    pod: PodInfo,
    nodes: list[NodeInfo],
    wanted: list[set[str]],
    require_all_topologies: bool,
) -> None:
    """Only domains some scored node reads are counted: the rest never reach a score."""
    required = required_node_affinity(pod.pod)
    for node in nodes:
        if require_all_topologies and not node_has_keys(node.labels, state.constraints):
            continue
        for i, c in enumerate(state.constraints):
            value = node.labels.get(c.topology_key, "")
            if value not in wanted[i] or not c.includes(pod, node, required):
                continue
            state.counts[i][value] += count_matching(
                node, c.selector, pod.namespace, state.memos[i]
            )


def score_nodes(state: PreScoreState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
    """Per node, the weighted matching pods in its domains plus maxSkew - 1 for each
    constraint whose key it has (fewer is better); ignored nodes score 0."""
    totals = [0.0] * len(nodes)
    for i, c in enumerate(state.constraints):
        if not state.keyed[i]:
            continue  # no node to score has the key: it adds nothing to any score
        key, weight, base = c.topology_key, state.weights[i], c.max_skew - 1
        if key == HOSTNAME:
            candidates = state.label_sets.candidates(pod.namespace, c.selector)
            counts = count_matching_on(nodes, c.selector, pod.namespace, state.memos[i], candidates)
        else:
            domains = state.counts[i]
            counts = [domains[n.labels[key]] if key in n.labels else 0 for n in nodes]
        column = [
            cnt * weight + base if key in n.labels else 0.0
            for cnt, n in zip(counts, nodes, strict=True)
        ]
        totals = list(map(operator.add, totals, column))
    ignored = state.ignored
    return [
        0 if ignored and n.name in ignored else math.floor(t + 0.5)
        for t, n in zip(totals, nodes, strict=True)
    ]


def normalize(state: PreScoreState, nodes: list[NodeInfo], scores: list[int]) -> None:
    """Fewest matching pods scores 100; ignored nodes score 0."""
    ignored = state.ignored
    valid = [s for s, n in zip(scores, nodes, strict=True) if n.name not in ignored]
    lowest, highest = min(valid, default=0), max(valid, default=0)
    scores[:] = [
        0
        if n.name in ignored
        else (
            MAX_NODE_SCORE if highest == 0 else MAX_NODE_SCORE * (highest + lowest - s) // highest
        )
        for s, n in zip(scores, nodes, strict=True)
    ]
