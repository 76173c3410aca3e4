"""What PodTopologySpread's filtering and scoring share (podtopologyspread/common.go): the
pod's constraints, parsed, and how many matching pods a node holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from cluster.engine.api import labels
from cluster.engine.api.labels import Selector
from cluster.engine.api.meta import Object
from cluster.engine.scheduler.cache import LabelSet, LabelSets
from cluster.engine.scheduler.plugins import helper
from cluster.engine.scheduler.plugins.nodeaffinity import RequiredNodeAffinity
from cluster.engine.scheduler.types import NodeInfo, PodInfo

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
DO_NOT_SCHEDULE, SCHEDULE_ANYWAY = "DoNotSchedule", "ScheduleAnyway"
HONOR, IGNORE = "Honor", "Ignore"

# The default profile's system defaulting: spread over hostnames and zones, softly.
SYSTEM_DEFAULT_CONSTRAINTS = (
    {"topologyKey": HOSTNAME, "whenUnsatisfiable": SCHEDULE_ANYWAY, "maxSkew": 3},
    {"topologyKey": ZONE, "whenUnsatisfiable": SCHEDULE_ANYWAY, "maxSkew": 5},
)


@dataclass(frozen=True, slots=True)
class Constraint:
    """topologySpreadConstraint: a TopologySpreadConstraint with its selector parsed."""

    max_skew: int
    topology_key: str
    selector: Selector
    min_domains: int = 1
    node_affinity_policy: str = HONOR
    node_taints_policy: str = IGNORE

    def includes(self, pod: PodInfo, node: NodeInfo, required: RequiredNodeAffinity) -> bool:
        """matchNodeInclusionPolicies: does this node count as one of the pod's domains?"""
        if self.node_affinity_policy == HONOR and not required.matches(node):
            return False
        return not (
            self.node_taints_policy == HONOR
            and helper.untolerated_taint(node.hard_taints, pod.tolerations) is not None
        )


def parse_constraints(
    constraints: list[Object] | tuple[Object, ...], pod_labels: dict[str, str], action: str
) -> list[Constraint]:
    """filterTopologySpreadConstraints: those with `action`, matchLabelKeys merged in."""
    result = []
    for c in constraints:
        if c.get("whenUnsatisfiable") != action:
            continue
        selector = labels.from_label_selector(c.get("labelSelector"))
        match = {k: pod_labels[k] for k in c.get("matchLabelKeys") or [] if k in pod_labels}
        if match and not selector.nothing:
            selector = helper.with_requirements(labels.from_set(match), *selector.requirements)
        result.append(
            Constraint(
                c.get("maxSkew", 1),
                c.get("topologyKey", ""),
                selector,
                c.get("minDomains") or 1,
                c.get("nodeAffinityPolicy") or HONOR,
                c.get("nodeTaintsPolicy") or IGNORE,
            )
        )
    return result


def constraints_for(pod: PodInfo, action: str, handle: Handle | None) -> list[Constraint]:
    """The pod's own constraints with `action`; if it has none, the system defaults, with the
    selector of the services and controller the pod belongs to."""
    own = (pod.pod.get("spec") or {}).get("topologySpreadConstraints") or []
    if own:
        return parse_constraints(own, pod.labels, action)
    defaults = parse_constraints(SYSTEM_DEFAULT_CONSTRAINTS, pod.labels, action)
    if not defaults or handle is None:
        return []
    selector = helper.default_selector(pod, handle)
    if selector.empty:
        return []
    return [
        Constraint(c.max_skew, c.topology_key, selector, c.min_domains, HONOR, IGNORE)
        for c in defaults
    ]


def node_has_keys(labels: dict[str, str], constraints: list[Constraint]) -> bool:
    """nodeLabelsMatchSpreadConstraints: every topology key is among the node's labels."""
    return all(c.topology_key in labels for c in constraints)


def count_matching(
    node: NodeInfo,
    selector: Selector,
    namespace: str,
    memo: dict[LabelSet, bool],
) -> int:
    """countPodsMatchSelector on one node."""
    matching = matching_label_sets(selector, namespace, memo, node.label_sets)
    return sum(node.label_sets[label_set] for label_set in matching)


def matching_label_sets(
    selector: Selector,
    namespace: str,
    memo: dict[LabelSet, bool],
    candidates: Iterable[LabelSet],
) -> list[LabelSet]:
    """The candidates whose pods the selector counts (none for an empty selector); `memo`
    keeps each label set's verdict."""
    if selector.empty:
        return []
    matching = []
    for label_set in candidates:
        matched = memo.get(label_set)
        if matched is None:
            ns, label_key = label_set
            matched = memo[label_set] = ns == namespace and selector.matches(dict(label_key))
        if matched:
            matching.append(label_set)
    return matching


def count_matching_on(
    names: list[str],
    selector: Selector,
    namespace: str,
    memo: dict[LabelSet, bool],
    label_sets: LabelSets,
) -> list[int]:
    """countPodsMatchSelector, for each named node, over the label sets of its pods (not
    the terminating ones); an empty selector counts nothing. Each matching label set's
    nodes are looked up by name in the index, where a node reads its count in one look."""
    candidates = label_sets.candidates(namespace, selector)
    columns = [
        map(label_sets.nodes_with(label_set).get, names, repeat(0))
        for label_set in matching_label_sets(selector, namespace, memo, candidates)
    ]
    if len(columns) == 1:  # nearly always: the pods of one ReplicaSet
        return list(columns[0])
    return list(map(sum, zip(*columns, strict=True))) if columns else [0] * len(names)
