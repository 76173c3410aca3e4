"""The framework runtime (framework/runtime/framework.go): one profile's plugins, run extension
point by extension point, and the handle through which plugins see the cluster (the node infos
of the cache, the informers' listers, the nominated pods, the client and the event recorder).
"""

from __future__ import annotations

import operator
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.events import EventRecorder
from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import (
    OK,
    CycleState,
    NodeToStatus,
    Plugin,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.types import NodeInfo, PodInfo

if TYPE_CHECKING:
    from cluster.engine.client import Informer
    from cluster.engine.scheduler.cache import Cache, LabelSets
    from cluster.engine.scheduler.queue import Nominator

SKIP_FILTER = "framework/skip-filter-plugins"
SKIP_SCORE = "framework/skip-score-plugins"
SKIP_PRE_BIND = "framework/skip-pre-bind-plugins"
_KEPT = operator.attrgetter("kept")
_KEY = operator.itemgetter(0)


@dataclass(frozen=True, slots=True)
class PluginScores:
    """One score plugin's normalized scores, aligned with the scored nodes."""

    plugin: str
    weight: int
    scores: list[int]


@dataclass(slots=True)
class PreFilterOutcome:
    result: PreFilterResult | None
    status: Status
    with_nodes: list[str] = field(default_factory=list)  # plugins that narrowed the nodes
    skipped: list[str] = field(default_factory=list)


def clone_state(state: CycleState) -> CycleState:
    """CycleState.Clone: what a plugin may change in a what-if gets its own copy."""
    return {k: v.clone() if hasattr(v, "clone") else v for k, v in state.items()}


class Framework:
    """A scheduling profile (the default one): its plugins in order, with score weights."""

    def __init__(
        self,
        registry: dict[str, type[Plugin]],
        profile: tuple[tuple[str, int], ...],
        clock: Clock,
        rng: random.Random,
        cache: Cache,
        nominator: Nominator,
        client: Client,
        recorder: EventRecorder,
        informers: dict[str, Informer],
        scheduler_name: str,
    ) -> None:
        self.clock = clock
        self.rng = rng
        self.cache = cache
        self.nominator = nominator
        self.client = client
        self.recorder = recorder
        self.informers = informers
        self.scheduler_name = scheduler_name
        self._by_namespace: dict[str, dict[str, dict[str, Object]]] = {}  # resource, ns, name
        self.plugins = [registry[name](self) for name, _ in profile]
        weights = dict(profile)
        self.pre_enqueue_plugins = self._implementing("pre_enqueue")
        self.pre_filter_plugins = self._implementing("pre_filter")
        self.filter_plugins = self._implementing("filter")
        self.post_filter_plugins = self._implementing("post_filter")
        self.pre_score_plugins = self._implementing("pre_score")
        self.score_plugins = [(p, weights[p.name] or 1) for p in self._implementing("score")]
        self.reserve_plugins = self._implementing("reserve")
        self.pre_bind_plugins = self._implementing("pre_bind")

    def _implementing(self, hook: str) -> list[Plugin]:
        return [p for p in self.plugins if p.implements(hook)]

    # -- the handle plugins see -----------------------------------------------------------

    def node_infos(self) -> list[NodeInfo]:
        return self.cache.node_list()

    def node_info(self, name: str) -> NodeInfo | None:
        """The NodeInfo of a node the cache lists (not of one gone that pods still name)."""
        info = self.cache.nodes.get(name)
        return info if info is not None and info.node is not None else None

    def image_num_nodes(self, image: str) -> int:
        return self.cache.image_num_nodes(image)

    def nodes_labelled(self, key: str) -> int:
        return self.cache.nodes_labelled(key)

    def have_pods_with_affinity(self, required_anti: bool = False) -> list[NodeInfo]:
        return self.cache.have_pods_with_affinity(required_anti)

    def label_sets(self) -> LabelSets:
        return self.cache.label_sets

    def list_objects(self, resource: str, namespace: str) -> list[Object]:
        """A lister's List in a namespace, in the informer's order, from the index."""
        return list(self._by_namespace.get(resource, {}).get(namespace, {}).values())

    def lister_changed(self, resource: str, kind: str, obj: Object) -> None:
        """An informer's event, for the listers' index by namespace (as client-go's
        listers index them: a pod's services are looked up every cycle)."""
        meta = obj["metadata"]
        names = self._by_namespace.setdefault(resource, {}).setdefault(meta.get("namespace"), {})
        if kind == DELETED:
            names.pop(meta["name"], None)
        else:
            names[meta["name"]] = obj

    def get_object(self, resource: str, namespace: str, name: str) -> Object | None:
        """A lister's Get ("" the namespace of a cluster-scoped object)."""
        informer = self.informers.get(resource)
        return informer.get(f"{namespace}/{name}" if namespace else name) if informer else None

    def get_pod(self, key: str) -> Object | None:
        return self.informers["pods"].get(key)

    # -- extension points -------------------------------------------------------------------

    def run_pre_enqueue(self, pod: PodInfo) -> Status:
        """RunPreEnqueuePlugins: the first plugin that keeps the pod out of activeQ says why."""
        for plugin in self.pre_enqueue_plugins:
            status = plugin.pre_enqueue(pod)
            if not status.ok:
                return status
        return OK

    def run_pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> PreFilterOutcome:
        """RunPreFilterPlugins: Skip drops a plugin's Filter for the cycle; the first
        UnschedulableAndUnresolvable ends it; node sets from the plugins are intersected."""
        outcome = PreFilterOutcome(None, OK)
        for plugin in self.pre_filter_plugins:
            result, status = plugin.pre_filter(state, pod, nodes)
            if status.code == framework.SKIP:
                outcome.skipped.append(plugin.name)
                continue
            if not status.ok:
                status = Status(status.code, status.reasons, plugin.name)
                if status.code == framework.UNRESOLVABLE or not status.rejected:
                    return PreFilterOutcome(None, status)
                outcome.status = status
                continue
            if result is not None and result.node_names is not None:
                outcome.with_nodes.append(plugin.name)
                outcome.result = result.merge(outcome.result)
                if not outcome.result.node_names:
                    outcome.status = Status(
                        framework.UNRESOLVABLE, (_narrowed_message(outcome.with_nodes),)
                    )
                    return outcome
        state[SKIP_FILTER] = frozenset(outcome.skipped)
        return outcome

    def filter_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[Status]:
        """RunFilterPlugins over several nodes at once: each node's status is that of the
        first plugin, in order, that rejects it (OK if none does)."""
        skip = state.get(SKIP_FILTER, frozenset())
        verdicts = [OK] * len(nodes)
        remaining: list[NodeInfo] = nodes
        positions: range | list[int] = range(len(nodes))
        for plugin in self.filter_plugins:
            if plugin.name in skip or not remaining:
                continue
            statuses = plugin.filter_nodes(state, pod, remaining)
            rejected = framework.rejections(statuses)
            if not rejected:
                continue  # the usual case: every node passes
            passed = [True] * len(statuses)
            for i in rejected:
                passed[i] = False
                verdicts[positions[i]] = statuses[i]
            remaining = list(compress(remaining, passed))
            positions = list(compress(positions, passed))
        return verdicts

    def run_filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        """RunFilterPlugins: the first plugin that rejects the node decides."""
        skip = state.get(SKIP_FILTER, frozenset())
        for plugin in self.filter_plugins:
            if plugin.name in skip:
                continue
            status = plugin.filter(state, pod, node)
            if status is not OK and not status.ok:
                return status
        return OK

    def run_filter_with_nominated_pods(
        self, state: CycleState, pod: PodInfo, node: NodeInfo
    ) -> Status:
        """RunFilterPluginsWithNominatedPods: the pod must fit both with the nominated pods of
        equal or higher priority counted on the node, and without them."""
        nominated = [
            p
            for p in self.nominator.pods_for_node(node.name)
            if p.priority >= pod.priority and p.uid != pod.uid
        ]
        if not nominated:
            return self.run_filter(state, pod, node)
        with_state, with_node = clone_state(state), node.clone()
        for other in nominated:
            with_node.add_pod(other)
            self.run_add_pod(with_state, pod, other, with_node)
        status = self.run_filter(with_state, pod, with_node)
        if not status.ok:
            return status
        return self.run_filter(state, pod, node)

    def run_add_pod(self, state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo) -> None:
        for plugin in self.pre_filter_plugins:
            plugin.add_pod(state, pod, added, node)

    def run_remove_pod(
        self, state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo
    ) -> None:
        for plugin in self.pre_filter_plugins:
            plugin.remove_pod(state, pod, removed, node)

    def run_post_filter(
        self, state: CycleState, pod: PodInfo, statuses: NodeToStatus
    ) -> tuple[str | None, Status]:
        """RunPostFilterPlugins: the first plugin that succeeds decides; reasons accumulate."""
        reasons: list[str] = []
        nominated: str | None = None
        rejector = ""
        for plugin in self.post_filter_plugins:
            result, status = plugin.post_filter(state, pod, statuses)
            if status.ok or status.code == framework.UNRESOLVABLE or not status.rejected:
                return result, Status(status.code, status.reasons, plugin.name)
            nominated = result if result is not None else nominated
            reasons.extend(status.reasons)
            rejector = rejector or plugin.name
        return nominated, Status(framework.UNSCHEDULABLE, tuple(reasons), rejector)

    def run_pre_score(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> Status:
        skipped = []
        for plugin in self.pre_score_plugins:
            status = plugin.pre_score(state, pod, nodes)
            if status.code == framework.SKIP:
                skipped.append(plugin.name)
            elif not status.ok:
                return Status(framework.ERROR, status.reasons, plugin.name)
        state[SKIP_SCORE] = frozenset(skipped)
        return OK

    def run_score(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[list[PluginScores], Status]:
        """RunScorePlugins: each plugin scores every node, then normalizes to 0..100."""
        skip = state.get(SKIP_SCORE, frozenset())
        scoring = [(p, weight) for p, weight in self.score_plugins if p.name not in skip]
        kept = _kept_scores(state, pod, nodes, [p for p, _ in scoring])
        results = []
        for plugin, weight in scoring:
            scores = kept.get(plugin.name)
            if scores is None:
                scores = plugin.score_nodes(state, pod, nodes)
            plugin.normalize_score(state, pod, nodes, scores)
            if scores and not _in_range(scores):
                reason = (
                    f'plugin "{plugin.name}" returns an invalid score, it should in the range '
                    f"of [0, {framework.MAX_NODE_SCORE}] after normalizing"
                )
                return results, Status(framework.ERROR, (reason,), plugin.name)
            results.append(PluginScores(plugin.name, weight, scores))
        return results, OK

    def run_reserve(self, state: CycleState, pod: PodInfo, node: str) -> Status:
        """RunReservePluginsReserve: the first plugin that fails ends it (the caller then
        unreserves them all)."""
        for plugin in self.reserve_plugins:
            status = plugin.reserve(state, pod, node)
            if not status.ok:
                return _plugin_error("Reserve plugin", plugin, status)
        return OK

    def run_unreserve(self, state: CycleState, pod: PodInfo, node: str) -> None:
        """RunReservePluginsUnreserve, in the reverse order of Reserve."""
        for plugin in reversed(self.reserve_plugins):
            plugin.unreserve(state, pod, node)

    def run_pre_bind_pre_flights(self, state: CycleState, pod: PodInfo, node: str) -> Status:
        """RunPreBindPreFlights: OK when some PreBind plugin will act, Skip when none will
        (the ones that said Skip are left out of PreBind)."""
        skipped, verdict = [], framework.SKIPPED
        for plugin in self.pre_bind_plugins:
            status = plugin.pre_bind_pre_flight(state, pod, node)
            if status.code == framework.SKIP:
                skipped.append(plugin.name)
            elif status.ok:
                verdict = OK
            else:
                return _plugin_error("PreBindPreFlight", plugin, status)
        state[SKIP_PRE_BIND] = frozenset(skipped)
        return verdict

    def run_pre_bind(
        self, state: CycleState, pod: PodInfo, node: str, done: Callable[[Status], None]
    ) -> None:
        """RunPreBindPlugins: one plugin after another, each perhaps waiting before it
        answers; the first that fails ends it. `done` gets the verdict."""
        skip = state.get(SKIP_PRE_BIND, frozenset())
        plugins = [p for p in self.pre_bind_plugins if p.name not in skip]
        self._pre_bind_from(plugins, state, pod, node, done)

    def _pre_bind_from(
        self,
        plugins: list[Plugin],
        state: CycleState,
        pod: PodInfo,
        node: str,
        done: Callable[[Status], None],
    ) -> None:
        if not plugins:
            done(OK)
            return
        plugin, rest = plugins[0], plugins[1:]

        def answered(status: Status) -> None:
            if status.ok:
                self._pre_bind_from(rest, state, pod, node, done)
            else:
                done(_plugin_error("PreBind plugin", plugin, status))

        plugin.pre_bind(state, pod, node, answered)

    def events_to_register(self) -> list[tuple[Any, Plugin, str]]:
        """Every (cluster event, plugin, hint method) of the profile, for the queue."""
        return [(event, p, hint) for p in self.plugins for event, hint in p.events_to_register()]


Handle = Framework


def _kept_scores(
    state: CycleState, pod: PodInfo, nodes: list[NodeInfo], plugins: list[Plugin]
) -> dict[str, list[int]]:
    """The raw scores of the plugins that name a score key, by plugin: kept on each node
    after all their keys at once (one look per node), and asked again, of all of them
    together, only for the nodes without them (new, changed since, or last scored for a pod
    of another shape)."""
    keyed = [(p, key) for p in plugins if (key := p.score_key(state, pod)) is not None]
    if not keyed or not nodes:
        return {}
    # one string object per key: a node finds it by identity, without comparing
    key = sys.intern("\n".join(f"{p.name}/{k}" for p, k in keyed))
    found = list(map(_KEPT, nodes))
    current = list(map(operator.is_, map(_KEY, found), repeat(key)))
    if not all(current):
        missing = list(compress(range(len(found)), map(operator.not_, current)))
        changed = [nodes[i] for i in missing]
        fresh = zip(*(p.score_nodes(state, pod, changed) for p, _ in keyed), strict=True)
        for i, scores in zip(missing, fresh, strict=True):
            found[i] = nodes[i].kept = (key, *scores)
    columns = zip(*found, strict=True)
    next(columns)  # the keys
    return {p.name: list(column) for (p, _), column in zip(keyed, columns, strict=True)}


def _in_range(scores: list[int]) -> bool:
    """Every score in 0..MAX_NODE_SCORE (one look when they are all the same, as often)."""
    if scores.count(scores[0]) == len(scores):
        return 0 <= scores[0] <= framework.MAX_NODE_SCORE
    return min(scores) >= 0 and max(scores) <= framework.MAX_NODE_SCORE


def _plugin_error(point: str, plugin: Plugin, status: Status) -> Status:
    """What an extension point says of a plugin that failed: 'running PreBind plugin
    "VolumeBinding": ...'."""
    return Status(
        framework.ERROR, (f'running {point} "{plugin.name}": {status.message}',), plugin.name
    )


def _narrowed_message(plugins: list[str]) -> str:
    if len(plugins) == 1:
        return f"node(s) didn't satisfy plugin {plugins[0]}"
    return f"node(s) didn't satisfy plugin(s) [{' '.join(plugins)}] simultaneously"
