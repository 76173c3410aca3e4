"""NodeAffinity: the pod's nodeSelector and required node affinity keep it off nodes whose
labels don't match; its preferred node affinity adds the weights of the terms a node matches.
(component-helpers/scheduling/corev1/nodeaffinity and plugins/nodeaffinity.)"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import labels
from cluster.engine.api.labels import Selector, SelectorError
from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import (
    CycleState,
    EventRegistration,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
ERR_REASON_CONFLICT = "pod affinity terms conflict"
PRE_FILTER_KEY = "PreFilterNodeAffinity"
PRE_SCORE_KEY = "PreScoreNodeAffinity"
NAME_FIELD = "metadata.name"
# NodeSelectorOperator -> the label selector operator it becomes
OPERATORS = {
    "In": labels.IN,
    "NotIn": labels.NOT_IN,
    "Exists": labels.EXISTS,
    "DoesNotExist": labels.DOES_NOT_EXIST,
    "Gt": labels.GREATER_THAN,
    "Lt": labels.LESS_THAN,
}


@dataclass(frozen=True, slots=True)
class Term:
    """A NodeSelectorTerm: its expressions and its fields ANDed; a term that failed to parse
    matches nothing."""

    selector: Selector | None
    fields: tuple[tuple[str, str, str], ...]  # key, In or NotIn, the one value
    broken: bool = False

    def matches(self, node_labels: dict[str, str], node_name: str) -> bool:
        if self.broken or (self.selector is not None and not self.selector.matches(node_labels)):
            return False
        node_fields = {NAME_FIELD: node_name}
        return all(
            (node_fields.get(key, "") == value) == (op == "In") for key, op, value in self.fields
        )


def parse_term(term: Object) -> Term:
    """newNodeSelectorTerm: expressions become a label selector, fields a field selector."""
    try:
        expressions = term.get("matchExpressions") or []
        selector = Selector(tuple(_requirement(e) for e in expressions)) if expressions else None
        fields = tuple(_field(f) for f in term.get("matchFields") or [])
    except SelectorError:
        return Term(None, (), broken=True)
    return Term(selector, fields)


def _requirement(expression: Object) -> labels.Requirement:
    operator = OPERATORS.get(expression.get("operator", ""))
    if operator is None:
        raise SelectorError(f"{expression.get('operator')}: not a supported operator")
    return labels.new_requirement(expression.get("key", ""), operator, expression.get("values"))


def _field(requirement: Object) -> tuple[str, str, str]:
    values = requirement.get("values") or []
    if requirement.get("operator") not in ("In", "NotIn") or len(values) != 1:
        raise SelectorError("must have one element")
    return requirement.get("key", ""), requirement["operator"], values[0]


def _is_empty(term: Object) -> bool:
    return not term.get("matchExpressions") and not term.get("matchFields")


@dataclass(frozen=True, slots=True)
class RequiredNodeAffinity:
    """GetRequiredNodeAffinity: the nodeSelector AND (any of the required terms)."""

    node_selector: Selector | None
    terms: tuple[Term, ...] | None

    def matches(self, node: NodeInfo) -> bool:
        return self.matches_labels(node.labels, node.name)

    def matches_labels(self, node_labels: dict[str, str], name: str) -> bool:
        if self.node_selector is not None and not self.node_selector.matches(node_labels):
            return False
        return self.terms is None or any(t.matches(node_labels, name) for t in self.terms)


def _node_affinity(pod: Object) -> Object:
    return ((pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {}


def required_node_affinity(pod: Object) -> RequiredNodeAffinity:
    selector = (pod.get("spec") or {}).get("nodeSelector")
    required = _node_affinity(pod).get("requiredDuringSchedulingIgnoredDuringExecution")
    terms = None
    if required is not None:
        terms = tuple(
            parse_term(t) for t in required.get("nodeSelectorTerms") or [] if not _is_empty(t)
        )
    return RequiredNodeAffinity(labels.from_set(selector) if selector else None, terms)


class NodeAffinity(framework.Plugin):
    name = "NodeAffinity"

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        required = _node_affinity(pod.pod).get("requiredDuringSchedulingIgnoredDuringExecution")
        if required is None and pod.pod["spec"].get("nodeSelector") is None:
            return None, framework.SKIPPED
        state[PRE_FILTER_KEY] = required_node_affinity(pod.pod)
        if required is None or not required.get("nodeSelectorTerms"):
            return None, framework.OK
        names = _named_nodes(required["nodeSelectorTerms"])
        if names is not None and not names:
            return None, framework.unschedulable(self.name, ERR_REASON_CONFLICT, resolvable=False)
        return (PreFilterResult(names) if names else None), framework.OK

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        required = state.get(PRE_FILTER_KEY) or required_node_affinity(pod.pod)
        if required.matches(node):
            return framework.OK
        return framework.unschedulable(self.name, ERR_REASON_POD, resolvable=False)

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        preferred = _node_affinity(pod.pod).get("preferredDuringSchedulingIgnoredDuringExecution")
        if preferred is None:
            return framework.SKIPPED
        terms = []
        for term in preferred:
            if not term.get("weight") or _is_empty(term.get("preference") or {}):
                continue
            parsed = parse_term(term["preference"])
            if parsed.broken:
                return Status(framework.ERROR, ("invalid preferred node affinity term",))
            terms.append((parsed, term["weight"]))
        state[PRE_SCORE_KEY] = terms
        return framework.OK

    def score_key(self, state: CycleState, pod: PodInfo) -> str:
        """A node's score depends on its labels and name and on the pod's preferences only."""
        return repr(_node_affinity(pod.pod).get("preferredDuringSchedulingIgnoredDuringExecution"))

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        """The sum of the weights of the preferred terms the node matches."""
        return sum(w for term, w in state[PRE_SCORE_KEY] if term.matches(node.labels, node.name))

    def normalize_score(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], scores: list[int]
    ) -> None:
        framework.default_normalize(scores)

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        action = clusterevents.ADD | clusterevents.UPDATE_NODE_LABEL
        return ((ClusterEvent(clusterevents.NODE, action), "schedulable_after_node_change"),)

    def schedulable_after_node_change(self, pod: PodInfo, old: Object, new: Object) -> bool:
        """Queue when the node now matches the pod's required affinity and didn't before."""
        required = required_node_affinity(pod.pod)
        if not required.matches_labels(_labels(new), new["metadata"]["name"]):
            return False
        return old is None or not required.matches_labels(_labels(old), old["metadata"]["name"])


def _labels(node: Object) -> dict[str, str]:
    return node["metadata"].get("labels") or {}


def _named_nodes(terms: list[Object]) -> frozenset[str] | None:
    """The nodes named by `metadata.name In` fields in every term, if every term names some."""
    names: set[str] = set()
    for term in terms:
        term_names: set[str] | None = None
        for field in term.get("matchFields") or []:
            if field.get("key") == NAME_FIELD and field.get("operator") == "In":
                values = set(field.get("values") or [])
                term_names = values if term_names is None else term_names & values
        if term_names is None:
            return None  # this term allows any node: the terms are ORed
        names |= term_names
    return frozenset(names)
