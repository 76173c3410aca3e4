"""InterPodAffinity: a pod's required podAffinity and podAntiAffinity (and the required
anti-affinity of the pods already running) keep it off nodes, counted per topology domain
(a topologyKey and the node's value of it); the preferred terms of both sides, and the
required affinity of running pods, score the nodes (interpodaffinity/filtering.go and
scoring.go)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import CycleState, EventRegistration, Status
from cluster.engine.scheduler.types import (
    AffinityTerm,
    NodeInfo,
    PodAffinityTerms,
    PodInfo,
    WeightedAffinityTerm,
)

PRE_FILTER_KEY = "PreFilterInterPodAffinity"
PRE_SCORE_KEY = "PreScoreInterPodAffinity"
HARD_POD_AFFINITY_WEIGHT = 1  # InterPodAffinityArgs.hardPodAffinityWeight's default

ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules"
ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"

TopologyPair = tuple[str, str]


def _update(counts: Counter[TopologyPair], node: NodeInfo, key: str, value: int) -> None:
    """Count `value` for the node's domain of `key`, if the node has that label."""
    domain = node.labels.get(key)
    if domain is None:
        return
    pair = (key, domain)
    counts[pair] += value
    if counts[pair] == 0:
        del counts[pair]


def matches_all(terms: tuple[AffinityTerm, ...], namespace: str, labels: dict[str, str]) -> bool:
    """podMatchesAllAffinityTerms: false when there are no terms."""
    return bool(terms) and all(t.matches(namespace, labels) for t in terms)


def matches_any(terms: Iterable[AffinityTerm], namespace: str, labels: dict[str, str]) -> bool:
    return any(t.matches(namespace, labels) for t in terms)


@dataclass(slots=True)
class PreFilterState:
    """Per topology domain: the running pods whose required anti-affinity the pod matches,
    and the running pods that match the pod's required affinity (all of its terms) and
    anti-affinity terms."""

    pod: PodInfo
    terms: PodAffinityTerms | None
    existing_anti_affinity: Counter[TopologyPair] = field(default_factory=Counter)
    affinity: Counter[TopologyPair] = field(default_factory=Counter)
    anti_affinity: Counter[TopologyPair] = field(default_factory=Counter)

    def clone(self) -> PreFilterState:
        return PreFilterState(
            self.pod,
            self.terms,
            Counter(self.existing_anti_affinity),
            Counter(self.affinity),
            Counter(self.anti_affinity),
        )

    def update_with_pod(self, other: PodInfo, node: NodeInfo, value: int) -> None:
        """updateWithPod: `other` joins (1) or leaves (-1) `node`."""
        self.count_existing_anti_affinity(other, node, value)
        self.count_incoming(other, node, value)

    def count_existing_anti_affinity(self, other: PodInfo, node: NodeInfo, value: int) -> None:
        """The terms of `other`'s required anti-affinity that the pod matches."""
        if other.affinity is None:
            return
        pod = self.pod
        for term in other.affinity.required_anti:
            if term.matches(pod.namespace, pod.labels):
                _update(self.existing_anti_affinity, node, term.topology_key, value)

    def count_incoming(self, other: PodInfo, node: NodeInfo, value: int) -> None:
        """The pod's required affinity (if `other` matches all its terms) and the terms of
        its required anti-affinity that `other` matches."""
        if self.terms is None:
            return
        if matches_all(self.terms.required, other.namespace, other.labels):
            for term in self.terms.required:
                _update(self.affinity, node, term.topology_key, value)
        for term in self.terms.required_anti:
            if term.matches(other.namespace, other.labels):
                _update(self.anti_affinity, node, term.topology_key, value)


class InterPodAffinity(framework.Plugin):
    name = "InterPodAffinity"

    def _all_nodes(self, nodes: list[NodeInfo]) -> list[NodeInfo]:
        return self.handle.node_infos() if self.handle else nodes

    def _nodes_with_affinity(self, nodes: list[NodeInfo], required_anti: bool) -> list[NodeInfo]:
        """The nodes with pods that have pod affinity (required anti-affinity)."""
        if self.handle:
            return self.handle.have_pods_with_affinity(required_anti)
        pods = "pods_with_required_anti_affinity" if required_anti else "pods_with_affinity"
        return [n for n in nodes if getattr(n, pods)]

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[None, Status]:
        terms = pod.affinity
        s = PreFilterState(pod, terms)
        for node in self._nodes_with_affinity(nodes, required_anti=True):
            for existing in node.pods_with_required_anti_affinity.values():
                s.count_existing_anti_affinity(existing, node, 1)
        has_terms = terms is not None and bool(terms.required or terms.required_anti)
        if not has_terms and not s.existing_anti_affinity:
            return None, framework.SKIPPED
        if has_terms:
            for node in self._all_nodes(nodes):
                for existing in node.pods.values():
                    s.count_incoming(existing, node, 1)
        state[PRE_FILTER_KEY] = s
        return None, framework.OK

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        s: PreFilterState = state[PRE_FILTER_KEY]
        if not _satisfies_affinity(s, node):
            return framework.unschedulable(self.name, ERR_REASON_AFFINITY, resolvable=False)
        if not _satisfies_anti_affinity(s, node):
            return framework.unschedulable(self.name, ERR_REASON_ANTI_AFFINITY)
        if not _satisfies_existing_anti_affinity(s, node):
            return framework.unschedulable(self.name, ERR_REASON_EXISTING_ANTI_AFFINITY)
        return framework.OK

    def add_pod(self, state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo) -> None:
        if PRE_FILTER_KEY in state:
            state[PRE_FILTER_KEY].update_with_pod(added, node, 1)

    def remove_pod(self, state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo) -> None:
        if PRE_FILTER_KEY in state:
            state[PRE_FILTER_KEY].update_with_pod(removed, node, -1)

    # -- scoring ----------------------------------------------------------------------------

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        """Sum, per topology domain, the weights of the preferred terms the running pods
        and the pod match in each other, and of running pods' required affinity."""
        if not nodes:
            return framework.SKIPPED
        terms = pod.affinity
        has_constraints = terms is not None and bool(
            terms.preferred_affinity or terms.preferred_anti_affinity
        )
        scores: dict[TopologyPair, int] = {}
        if has_constraints:
            nodes_to_process = self._all_nodes(nodes)
        else:
            nodes_to_process = self._nodes_with_affinity(nodes, required_anti=False)
        for node in nodes_to_process:
            if not node.labels:
                continue
            existing_pods = node.pods if has_constraints else node.pods_with_affinity
            for existing in existing_pods.values():
                _score_existing_pod(scores, pod, existing, node)
        if not scores:
            return framework.SKIPPED
        state[PRE_SCORE_KEY] = scores
        return framework.OK

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        scores: dict[TopologyPair, int] = state[PRE_SCORE_KEY]
        return sum(v for (key, domain), v in scores.items() if node.labels.get(key) == domain)

    def normalize_score(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], scores: list[int]
    ) -> None:
        """Scale from the lowest (0) to the highest (100); all 0 when they are equal."""
        if not scores:
            return
        lowest, highest = min(scores), max(scores)
        spread = highest - lowest
        for i, value in enumerate(scores):
            scores[i] = int(framework.MAX_NODE_SCORE * (value - lowest) / spread) if spread else 0

    # -- queueing hints ---------------------------------------------------------------------

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        pod_action = clusterevents.ADD | clusterevents.UPDATE_POD_LABEL | clusterevents.DELETE
        node_action = clusterevents.ADD | clusterevents.UPDATE_NODE_LABEL
        return (
            (ClusterEvent(clusterevents.POD, pod_action), "schedulable_after_pod_change"),
            (ClusterEvent(clusterevents.NODE, node_action), "schedulable_after_node_change"),
        )

    def schedulable_after_pod_change(
        self, pod: PodInfo, old: Object | None, new: Object | None
    ) -> bool:
        """Queue when a bound pod comes (or is relabelled) matching all of the pod's
        required affinity, or one that it, or whose anti-affinity, kept away goes."""
        if any(o is not None and not (o.get("spec") or {}).get("nodeName") for o in (old, new)):
            return False
        terms = pod.affinity
        required = terms.required if terms is not None else ()
        if new is not None:
            if not matches_all(required, *_namespace_and_labels(new)):
                return False
            return old is None or not matches_all(required, *_namespace_and_labels(old))
        anti = terms.required_anti if terms is not None else ()
        if matches_any(anti, *_namespace_and_labels(old)):
            return True
        gone = PodAffinityTerms.of(old)
        return gone is not None and matches_any(gone.required_anti, pod.namespace, pod.labels)

    def schedulable_after_node_change(
        self, pod: PodInfo, old: Object | None, new: Object | None
    ) -> bool:
        """Queue when a node gains or changes a topology key of the pod's affinity, or for
        its anti-affinity, when a node is added or one changes such a key."""
        terms = pod.affinity
        if terms is None or new is None:
            return False
        new_labels = _labels(new)
        if old is None:
            return bool(terms.required_anti) or any(
                t.topology_key in new_labels for t in terms.required
            )
        old_labels = _labels(old)
        return any(
            old_labels.get(t.topology_key) != new_labels.get(t.topology_key)
            for t in (*terms.required, *terms.required_anti)
        )


def _satisfies_affinity(s: PreFilterState, node: NodeInfo) -> bool:
    """satisfyPodAffinity: every term's domain holds a matching pod; or, when no pod in the
    cluster matches and the pod matches its own terms, it may be the first of its group."""
    if s.terms is None or not s.terms.required:
        return True
    pods_exist = True
    for term in s.terms.required:
        domain = node.labels.get(term.topology_key)
        if domain is None:
            return False  # every topology key must be on the node
        if s.affinity[(term.topology_key, domain)] <= 0:
            pods_exist = False
    if pods_exist:
        return True
    return not s.affinity and matches_all(s.terms.required, s.pod.namespace, s.pod.labels)


def _satisfies_anti_affinity(s: PreFilterState, node: NodeInfo) -> bool:
    """satisfyPodAntiAffinity: no term's domain holds a pod the term matches."""
    if s.terms is None or not s.anti_affinity:
        return True
    for term in s.terms.required_anti:
        domain = node.labels.get(term.topology_key)
        if domain is not None and s.anti_affinity[(term.topology_key, domain)] > 0:
            return False
    return True


def _satisfies_existing_anti_affinity(s: PreFilterState, node: NodeInfo) -> bool:
    """satisfyExistingPodsAntiAffinity: no domain of the node holds a pod whose required
    anti-affinity the pod matches."""
    if not s.existing_anti_affinity:
        return True
    return not any(s.existing_anti_affinity[pair] > 0 for pair in node.labels.items())


def _add_weighted(
    scores: dict[TopologyPair, int],
    terms: Iterable[WeightedAffinityTerm],
    namespace: str,
    labels: dict[str, str],
    node: NodeInfo,
    sign: int,
) -> None:
    for weighted in terms:
        _add_term(scores, weighted.term, weighted.weight * sign, namespace, labels, node)


def _add_term(
    scores: dict[TopologyPair, int],
    term: AffinityTerm,
    weight: int,
    namespace: str,
    labels: dict[str, str],
    node: NodeInfo,
) -> None:
    """processTerm: the term matches the pod: its weight goes to the node's domain."""
    domain = node.labels.get(term.topology_key)
    if domain is not None and term.matches(namespace, labels):
        pair = (term.topology_key, domain)
        scores[pair] = scores.get(pair, 0) + weight


def _score_existing_pod(
    scores: dict[TopologyPair, int], pod: PodInfo, existing: PodInfo, node: NodeInfo
) -> None:
    """processExistingPod: both pods' preferred terms, and the running pod's required
    affinity (at the hard pod affinity weight), each matching the other pod."""
    if pod.affinity is not None:
        ns, labels = existing.namespace, existing.labels
        _add_weighted(scores, pod.affinity.preferred_affinity, ns, labels, node, 1)
        _add_weighted(scores, pod.affinity.preferred_anti_affinity, ns, labels, node, -1)
    theirs = existing.affinity
    if theirs is None:
        return
    ns, labels = pod.namespace, pod.labels
    for term in theirs.required:
        _add_term(scores, term, HARD_POD_AFFINITY_WEIGHT, ns, labels, node)
    _add_weighted(scores, theirs.preferred_affinity, ns, labels, node, 1)
    _add_weighted(scores, theirs.preferred_anti_affinity, ns, labels, node, -1)


def _labels(obj: Object) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}


def _namespace_and_labels(obj: Object) -> tuple[str, dict[str, str]]:
    return (obj.get("metadata") or {}).get("namespace", ""), _labels(obj)
