"""The scheduling framework (pkg/scheduler/framework): statuses, cycle state and the plugin
interface. A plugin implements only the extension points it needs; an expected "no" is a
Status with reasons, never an exception; scores are 0..MAX_NODE_SCORE after normalizing.

Plugins see the pod being scheduled as a PodInfo and each node as a NodeInfo (types.py); the
per-cycle data they compute lives in the CycleState dict, never on the plugin.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, ClassVar

from cluster.engine.scheduler.clusterevents import ClusterEvent

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle
    from cluster.engine.scheduler.types import NodeInfo, PodInfo

SUCCESS = "Success"
ERROR = "Error"
UNSCHEDULABLE = "Unschedulable"
UNRESOLVABLE = "UnschedulableAndUnresolvable"
SKIP = "Skip"

MAX_NODE_SCORE = 100


@dataclass(frozen=True, slots=True)
class Status:
    """A plugin's verdict: Success, Unschedulable (preemption may help),
    UnschedulableAndUnresolvable (it cannot), Skip, or Error."""

    code: str = SUCCESS
    reasons: tuple[str, ...] = ()
    plugin: str = ""

    @property
    def ok(self) -> bool:
        return self.code == SUCCESS

    @property
    def rejected(self) -> bool:
        return self.code in (UNSCHEDULABLE, UNRESOLVABLE)

    @property
    def message(self) -> str:
        return ", ".join(self.reasons)

    def to_dict(self) -> dict[str, Any]:
        return {"plugin": self.plugin, "code": self.code, "reasons": list(self.reasons)}


OK = Status()
SKIPPED = Status(SKIP)


def unschedulable(plugin: str, *reasons: str, resolvable: bool = True) -> Status:
    return Status(UNSCHEDULABLE if resolvable else UNRESOLVABLE, reasons, plugin)


@dataclass(frozen=True, slots=True)
class PreFilterResult:
    """The only nodes worth filtering, when a PreFilter plugin can tell (None: all of them)."""

    node_names: frozenset[str] | None = None

    def merge(self, other: PreFilterResult | None) -> PreFilterResult:
        if other is None or other.node_names is None:
            return self
        if self.node_names is None:
            return other
        return PreFilterResult(self.node_names & other.node_names)


class NodeToStatus:
    """Why each node was rejected; nodes not listed share the `absent` status (rejected at
    PreFilter, or left out by a PreFilter result), UnschedulableAndUnresolvable by default."""

    __slots__ = ("absent", "statuses")

    def __init__(self, absent: Status | None = None) -> None:
        self.statuses: dict[str, Status] = {}
        self.absent = absent or Status(UNRESOLVABLE)

    def get(self, node: str) -> Status:
        return self.statuses.get(node, self.absent)

    def nodes_with_code(self, nodes: list[NodeInfo], code: str) -> list[NodeInfo]:
        """NodesForStatusCode: the nodes whose status has this code."""
        return [n for n in nodes if self.get(n.name).code == code]


CycleState = dict[str, Any]  # per-cycle data plugins share, never kept on the plugin

# A queueing hint: the name of a plugin method (pod, old, new) -> bool, True meaning "Queue".
EventRegistration = tuple[ClusterEvent, str]


class Plugin:
    """A scheduler plugin. The framework calls only the hooks a subclass overrides."""

    name: ClassVar[str] = ""

    def __init__(self, handle: Handle | None = None) -> None:
        self.handle = handle

    @classmethod
    def implements(cls, hook: str) -> bool:
        return getattr(cls, hook) is not getattr(Plugin, hook)

    def pre_enqueue(self, pod: PodInfo) -> Status:
        """PreEnqueue: may the pod join activeQ at all? A rejected pod waits among the
        unschedulable pods without being tried."""
        return OK

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        return None, OK

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        return OK

    def filter_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[Status]:
        """Filter several nodes (Kubernetes runs Filter per node, in parallel; a plugin may
        override this to answer the nodes that plainly pass without a call each)."""
        check = self.filter
        return [check(state, pod, node) for node in nodes]

    def add_pod(self, state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo) -> None:
        """PreFilterExtensions.AddPod: `added` joins `node` in this cycle's what-if."""

    def remove_pod(self, state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo) -> None:
        """PreFilterExtensions.RemovePod: `removed` leaves `node` in this cycle's what-if."""

    def post_filter(
        self, state: CycleState, pod: PodInfo, statuses: NodeToStatus
    ) -> tuple[str | None, Status]:
        """Try to make the pod schedulable later. Returns the node to nominate ("" to clear
        the nomination, None to leave it as it is) and the verdict."""
        return None, OK

    def pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        return OK

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        return 0

    def score_key(self, state: CycleState, pod: PodInfo) -> str | None:
        """When a node's score depends only on the node and on what this key names of the
        pod (after PreScore), the key: the framework then keeps each node's score until the
        node or its pods change, and asks again only for the nodes that did. None (the
        default): the score depends on other nodes too, so every node is scored each time."""
        return None

    def score_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
        """Score every feasible node (Kubernetes runs Score per node, in parallel; a plugin
        may override this to score them all in one pass)."""
        score = self.score
        return [score(state, pod, node) for node in nodes]

    def normalize_score(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], scores: list[int]
    ) -> None:
        """Bring raw scores (aligned with `nodes`) into 0..100, in place."""

    def reserve(self, state: CycleState, pod: PodInfo, node: str) -> Status:
        """Reserve: hold what the pod will use on `node` while it is being bound (the cache
        assumes the pod there at the same moment)."""
        return OK

    def unreserve(self, state: CycleState, pod: PodInfo, node: str) -> None:
        """Unreserve: give back what Reserve held, the binding having failed."""

    def pre_bind_pre_flight(self, state: CycleState, pod: PodInfo, node: str) -> Status:
        """PreBindPreFlight: will PreBind have anything to do (Skip: no)?"""
        return SKIPPED

    def pre_bind(
        self, state: CycleState, pod: PodInfo, node: str, done: Callable[[Status], None]
    ) -> None:
        """PreBind: what must be done before the pod is bound. `done` gets the verdict, at
        once or later: Kubernetes runs the binding cycle in a goroutine of its own, which
        may wait there (for a volume to be bound, say) while other pods are scheduled."""
        done(OK)

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        """The cluster events that may make a pod this plugin rejected schedulable."""
        return ()


def rejections(statuses: list[Status]) -> list[int]:
    """The positions of the statuses that reject their node: neither OK nor another
    success (found without a look at each of the many OKs)."""
    if statuses.count(OK) == len(statuses):
        return []  # the usual case
    suspects = compress(range(len(statuses)), map(operator.is_not, statuses, repeat(OK)))
    return [i for i in suspects if not statuses[i].ok]


def filter_flagged(
    nodes: list[NodeInfo], flags: Iterable[object], check: Callable[[NodeInfo], Status]
) -> list[Status]:
    """Filter's verdicts where only the flagged nodes (a true flag) need a look: the others
    pass without a call each."""
    statuses = [OK] * len(nodes)
    for i in compress(range(len(nodes)), flags):
        statuses[i] = check(nodes[i])
    return statuses


def default_normalize(scores: list[int], reverse: bool = False) -> None:
    """helper.DefaultNormalizeScore: scale to 0..100 by the highest, optionally reversed."""
    highest = max(scores, default=0)
    if highest == 0:
        if reverse:
            scores[:] = [MAX_NODE_SCORE] * len(scores)
        return
    for i, value in enumerate(scores):
        scaled = MAX_NODE_SCORE * value // highest
        scores[i] = MAX_NODE_SCORE - scaled if reverse else scaled
