"""PodTopologySpread's PreScore, Score and NormalizeScore (podtopologyspread/scoring.go):
ScheduleAnyway constraints (the system defaults, for pods of a service or a controller) prefer
nodes whose domains hold fewer matching pods, weighted by how many domains a topology has."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

from cluster.engine.scheduler.cache import LabelSet, LabelSets
from cluster.engine.scheduler.framework import MAX_NODE_SCORE
from cluster.engine.scheduler.plugins.nodeaffinity import required_node_affinity
from cluster.engine.scheduler.plugins.podtopologyspread.common import (
    HOSTNAME,
    Constraint,
    count_matching_on,
    matching_label_sets,
    node_has_keys,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

_LABELS = operator.attrgetter("labels")
_NAME = operator.attrgetter("name")
NodeLookup = Callable[[str], NodeInfo | None]  # a node's NodeInfo by name, if it is listed


@dataclass(frozen=True, slots=True)
class Cluster:
    """What scoring reads of all the nodes, from the cache's indexes rather than node by
    node: their pods' label sets, each node by name, how many there are, and how many have
    each constraint's topology key."""

    label_sets: LabelSets
    node_info: NodeLookup
    nodes: int
    labelled: list[int]  # per constraint


@dataclass(slots=True)
class PreScoreState:
    constraints: list[Constraint]
    ignored: set[str] = field(default_factory=set)  # nodes missing a topology key
    counts: list[dict[str, int]] = field(default_factory=list)  # per constraint, per value
    weights: list[float] = field(default_factory=list)
    keyed: list[bool] = field(default_factory=list)  # does any scored node have the key?
    everywhere: list[bool] = field(default_factory=list)  # does every node have the key?
    memos: list[dict[LabelSet, bool]] = field(default_factory=list)
    label_sets: LabelSets = field(default_factory=LabelSets)  # those on all the nodes


def label_values(nodes: list[NodeInfo], key: str) -> list[str | None]:
    """Each node's value of a label (None where the node hasn't the label), in one pass."""
    return list(map(dict.get, map(_LABELS, nodes), repeat(key)))


def pre_score_state(
    pod: PodInfo,
    constraints: list[Constraint],
    filtered: list[NodeInfo],
    cluster: Cluster,
    require_all_topologies: bool,
) -> PreScoreState:
    """initPreScoreState, then the matching pods per domain counted over all nodes (per-node
    counts, for hostname, are left to Score)."""
    state = PreScoreState(
        constraints,
        everywhere=[n == cluster.nodes for n in cluster.labelled],
        memos=[{} for _ in constraints],
        label_sets=cluster.label_sets,
    )
    if require_all_topologies:
        state.ignored = {n.name for n in filtered if not node_has_keys(n.labels, constraints)}
    scored = [n for n in filtered if n.name not in state.ignored] if state.ignored else filtered
    wanted: list[set[str]] = []  # the domains some scored node will read
    for c, labelled in zip(constraints, cluster.labelled, strict=True):
        if c.topology_key == HOSTNAME:
            state.counts.append({})
            wanted.append(set())
            state.weights.append(math.log(len(scored) + 2))
            state.keyed.append(any(map(operator.contains, map(_LABELS, scored), repeat(HOSTNAME))))
            continue
        present = set(label_values(scored, c.topology_key)) if labelled else {None}
        keyed = present - {None}
        # a node without the key counts as the domain "" (but only one with it is scored)
        values = keyed | {""} if None in present else keyed
        state.counts.append(dict.fromkeys(values, 0))
        wanted.append(keyed)
        state.weights.append(math.log(len(values) + 2))
        state.keyed.append(bool(keyed))
    if any(wanted):
        _count_domains(state, pod, cluster.node_info, wanted, require_all_topologies)
    return state


def _count_domains(
    state: PreScoreState,
    pod: PodInfo,
    node_info: NodeLookup,
    wanted: list[set[str]],
    require_all_topologies: bool,
) -> None:
    """Only domains some scored node reads are counted, and only from the nodes that hold
    matching pods: the rest add nothing."""
    required = required_node_affinity(pod.pod)
    constraints = state.constraints
    for i, c in enumerate(constraints):
        if not wanted[i]:
            continue
        candidates = state.label_sets.candidates(pod.namespace, c.selector)
        for label_set in matching_label_sets(c.selector, pod.namespace, state.memos[i], candidates):
            for name, count in state.label_sets.nodes_with(label_set).items():
                node = node_info(name)
                if node is None or (
                    require_all_topologies and not node_has_keys(node.labels, constraints)
                ):
                    continue
                value = node.labels.get(c.topology_key, "")
                if value in wanted[i] and c.includes(pod, node, required):
                    state.counts[i][value] += count


def score_nodes(state: PreScoreState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
    """Per node, the weighted matching pods in its domains plus maxSkew - 1 for each
    constraint whose key it has (fewer is better); ignored nodes score 0. Nodes with the same
    counts score the same: each different set of counts is scored once."""
    columns, keyed = [], []
    for i, c in enumerate(state.constraints):
        if not state.keyed[i]:
            continue  # no node to score has the key: it adds nothing to any score
        columns.append(_domain_counts(state, i, pod, nodes))
        keyed.append((state.weights[i], c.max_skew - 1))
    if not columns:
        return [0] * len(nodes)
    counts = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
    by_counts = {
        found: _score(found if len(columns) > 1 else (found,), keyed) for found in set(counts)
    }
    scores = list(map(by_counts.__getitem__, counts))
    ignored = state.ignored
    if ignored:
        return [0 if n.name in ignored else s for s, n in zip(scores, nodes, strict=True)]
    return scores


def _domain_counts(
    state: PreScoreState, i: int, pod: PodInfo, nodes: list[NodeInfo]
) -> list[int | None]:
    """The matching pods in each node's domain of constraint i (None: the node hasn't the
    key)."""
    c = state.constraints[i]
    if c.topology_key != HOSTNAME:
        return list(map(state.counts[i].get, label_values(nodes, c.topology_key)))
    names = list(map(_NAME, nodes))
    counts: list[int | None] = count_matching_on(
        names, c.selector, pod.namespace, state.memos[i], state.label_sets
    )
    if state.everywhere[i]:
        return counts  # the usual case: the kubelet labels every node with its hostname
    values = label_values(nodes, c.topology_key)
    return [None if v is None else n for v, n in zip(values, counts, strict=True)]


def _score(counts: tuple[int | None, ...], keyed: list[tuple[float, int]]) -> int:
    """One node's score from its domains' counts, summed in the constraints' order."""
    total = 0.0
    for count, (weight, base) in zip(counts, keyed, strict=True):
        total += count * weight + base if count is not None else 0.0
    return math.floor(total + 0.5)


def normalize(state: PreScoreState, nodes: list[NodeInfo], scores: list[int]) -> None:
    """Fewest matching pods scores 100; ignored nodes score 0."""
    ignored = state.ignored
    if not ignored:
        lowest, highest = min(scores, default=0), max(scores, default=0)
        by_score = {s: _normalized(s, lowest, highest) for s in set(scores)}
        scores[:] = map(by_score.__getitem__, scores)
        return
    valid = [s for s, n in zip(scores, nodes, strict=True) if n.name not in ignored]
    lowest, highest = min(valid, default=0), max(valid, default=0)
    scores[:] = [
        0 if n.name in ignored else _normalized(s, lowest, highest)
        for s, n in zip(scores, nodes, strict=True)
    ]


def _normalized(score: int, lowest: int, highest: int) -> int:
    return (
        MAX_NODE_SCORE if highest == 0 else MAX_NODE_SCORE * (highest + lowest - score) // highest
    )
