"""kube-scheduler: takes pending pods off the queue one at a time, filters the nodes (a sample
of them in a large cluster), scores the feasible ones and binds the pod to the best; when none
fits, it tries preemption, records why, and parks the pod until the cluster changes.

Watch events keep the cache and the queue current (eventhandlers.go); each cycle follows
schedule_one.go. Every decision keeps its explanation (decision.py).
"""

from __future__ import annotations

import contextlib
import functools
import operator
import random
from collections import OrderedDict
from itertools import compress, repeat

from cluster.engine.api import resources
from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock, Timer
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.scheduler import clusterevents, framework, plugins
from cluster.engine.scheduler.cache import Cache
from cluster.engine.scheduler.decision import ERR_NO_NODES_AVAILABLE, Decision
from cluster.engine.scheduler.framework import CycleState, Status
from cluster.engine.scheduler.preemption import VICTIMS_KEY
from cluster.engine.scheduler.queue import Nominator, QueuedPodInfo, SchedulingQueue
from cluster.engine.scheduler.runtime import SKIP_SCORE, Framework, PluginScores
from cluster.engine.scheduler.types import NodeInfo, PodInfo

NAME = "kube-scheduler"
SCHEDULER_NAME = "default-scheduler"
MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE = 5
FLUSH_UNSCHEDULABLE_MS = 30_000
DECISIONS_KEPT = 1_000  # the newest decisions, for the dashboard and the lessons
NOTE_LENGTH_LIMIT = 1024  # an event's message is cut to this length
# newPodInformer: the scheduler watches only pods that haven't finished; a finished pod leaves
# the cache (and frees its room on the node) as if it had been deleted.
NON_TERMINAL_PODS = "status.phase!=Succeeded,status.phase!=Failed"
# What selects pods, for PodTopologySpread's default constraints (served ones only).
# what the plugins list: the selectors that spread pods, and the budgets preemption weighs
SELECTOR_RESOURCES = (
    "services",
    "replicationcontrollers",
    "replicasets",
    "statefulsets",
    "poddisruptionbudgets",
)
# what VolumeBinding reads, with the cluster event each one's changes are
VOLUME_RESOURCES = {
    "persistentvolumeclaims": clusterevents.PERSISTENT_VOLUME_CLAIM,
    "persistentvolumes": clusterevents.PERSISTENT_VOLUME,
    "storageclasses": clusterevents.STORAGE_CLASS,
}
_NAME = operator.attrgetter("name")


class Scheduler:
    def __init__(
        self,
        clock: Clock,
        client: Client,
        rng: random.Random,
        profile: tuple[tuple[str, int], ...] = plugins.DEFAULT_PROFILE,
        percentage_of_nodes_to_score: int = 0,
    ) -> None:
        self.clock = clock
        self.client = client
        self.rng = rng
        self.percentage = percentage_of_nodes_to_score
        self.recorder = EventRecorder(client, SCHEDULER_NAME)
        self.cache = Cache()
        self.informers = {
            "pods": Informer(client, "pods", self._on_pod, field_selector=NON_TERMINAL_PODS),
            "nodes": Informer(client, "nodes", self._on_node),
        }
        for resource in SELECTOR_RESOURCES:
            if resource in resources.BY_NAME:
                handler = functools.partial(self._on_selector_change, resource)
                self.informers[resource] = Informer(client, resource, handler)
        for resource, event_resource in VOLUME_RESOURCES.items():
            handler = functools.partial(self._on_volume_change, event_resource)
            self.informers[resource] = Informer(client, resource, handler)
        nominator = Nominator()
        self.framework = Framework(
            plugins.REGISTRY,
            profile,
            clock,
            rng,
            self.cache,
            nominator,
            client,
            self.recorder,
            self.informers,
            SCHEDULER_NAME,
        )
        self.queue = SchedulingQueue(
            self.framework.events_to_register(), nominator, self.framework.run_pre_enqueue
        )
        self.decisions: OrderedDict[str, Decision] = OrderedDict()
        self._next_start = 0
        self._cycle: Timer | None = None
        self._backoff_timer: Timer | None = None
        self._flush_timer: Timer | None = None

    @property
    def pod_informer(self) -> Informer:
        return self.informers["pods"]

    def start(self) -> None:
        self.informers["nodes"].start()
        for resource in SELECTOR_RESOURCES:
            if resource in self.informers:
                self.informers[resource].start()
        for resource in VOLUME_RESOURCES:
            self.informers[resource].start()
        self.informers["pods"].start()

    # -- event handlers (eventhandlers.go) -----------------------------------------------

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        key = namespaced_name(pod)
        was_bound = old is not None and bool(old["spec"].get("nodeName"))
        if kind == DELETED:
            if was_bound or pod["spec"].get("nodeName"):
                self.cache.remove_pod(key)
                self._move(clusterevents.ASSIGNED_POD_DELETE, pod, None)
            else:
                self.queue.delete(key)
            self._wake()
            return
        info = PodInfo(pod, previous=self.cache.pod_info(key) or self._queued_info(key))
        if info.node_name:
            self.queue.delete(key)  # bound (by us, or by someone who set spec.nodeName)
            self.cache.add_pod(info)
            if was_bound:
                for event in clusterevents.pod_changes(pod, old):
                    self.queue.assigned_pod_changed(event, info, old, self.clock.now)
            else:
                self.queue.assigned_pod_changed(
                    clusterevents.ASSIGNED_POD_ADD, info, None, self.clock.now
                )
        elif pod["spec"].get("schedulerName", SCHEDULER_NAME) == SCHEDULER_NAME:
            if old is None:
                self.queue.add(info, self.clock.now)
            elif not self.cache.is_assumed(key):
                self.queue.update(info, clusterevents.pod_changes(pod, old), old, self.clock.now)
        self._wake()

    def _queued_info(self, key: str) -> PodInfo | None:
        queued = self.queue.get(key)
        return queued.info if queued is not None else None

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        if kind == DELETED:
            self.cache.remove_node(node["metadata"]["name"])
            self._move(clusterevents.NODE_DELETE, node, None)
        elif old is None:
            self.cache.add_node(node)
            self._move(clusterevents.NODE_ADD, None, node)
        else:
            self.cache.add_node(node)
            for event in clusterevents.node_changes(node, old):
                self._move(event, old, node)
        self._wake()

    def _on_selector_change(
        self, resource: str, kind: str, obj: Object, old: Object | None
    ) -> None:
        """Services and controllers are only looked up (their informers are listers)."""
        self.framework.lister_changed(resource, kind, obj)

    def _on_volume_change(
        self, event_resource: str, kind: str, obj: Object, old: Object | None
    ) -> None:
        """A claim, volume or class was added or changed: the pods it may help are retried
        (no plugin registers their deletion)."""
        if kind == DELETED:
            return
        action = clusterevents.ADD if old is None else clusterevents.UPDATE
        self._move(clusterevents.ClusterEvent(event_resource, action), old, obj)
        self._wake()

    def _move(self, event: clusterevents.ClusterEvent, old: object, new: object) -> None:
        self.queue.move_all(event, old, new, self.clock.now)

    # -- timers ---------------------------------------------------------------------------

    def _wake(self) -> None:
        if self.queue.has_work() and self._cycle is None:
            self._cycle = self.clock.call_soon(self.schedule_one)
        due = self.queue.next_backoff_flush()
        timer = self._backoff_timer
        if due is not None and (timer is None or due < timer.when):
            if timer is not None:
                self.clock.cancel(timer)
            # a periodic retry, like the ticker in Kubernetes: it doesn't keep the clock busy
            self._backoff_timer = self.clock.call_at(due, self._flush_backoff, background=True)
        if self._flush_timer is None and self.queue.parked():
            self._flush_timer = self.clock.call_later(
                FLUSH_UNSCHEDULABLE_MS, self._flush_unschedulable, background=True
            )

    def _flush_backoff(self) -> None:
        self._backoff_timer = None
        self.queue.flush_backoff_completed(self.clock.now)
        self._wake()

    def _flush_unschedulable(self) -> None:
        """flushUnschedulablePodsLeftover, every 30 s while pods are parked."""
        self._flush_timer = None
        self.queue.flush_unschedulable_leftover(self.clock.now)
        self._wake()

    # -- the scheduling cycle (schedule_one.go) -------------------------------------------

    def schedule_one(self) -> None:
        self._cycle = None
        queued = self.queue.pop()
        if queued is not None and not self._skip(queued.info):
            state: CycleState = {}
            decision = self.decide(queued.info, state)
            self._remember(decision)
            if decision.node:
                self._assume_and_bind(queued, state, decision)
            else:
                self._handle_failure(queued, state, decision)
        self._wake()

    def _skip(self, pod: PodInfo) -> bool:
        """skipPodSchedule: a pod being deleted, or one already assumed, isn't scheduled."""
        if pod.terminating:
            message = f"skip schedule deleting pod: {pod.namespace}/{pod.name}"
            self.recorder.event(pod.pod, WARNING, "FailedScheduling", message)
            return True
        return self.cache.is_assumed(pod.key)

    def decide(self, pod: PodInfo, state: CycleState | None = None) -> Decision:
        """schedulePod: filter (a sample of) the nodes, score the feasible ones, pick one."""
        state = {} if state is None else state
        nodes = self.cache.node_list()
        decision = Decision(pod.key, len(nodes))
        if not nodes:
            decision.error = ERR_NO_NODES_AVAILABLE
            return decision
        feasible = self._find_nodes_that_fit(state, pod, nodes, decision)
        decision.feasible = list(map(_NAME, feasible))
        if len(feasible) == 1:
            decision.node = feasible[0].name  # nothing to compare: Kubernetes skips scoring
        elif feasible:
            self._prioritize(state, pod, feasible, decision)
        return decision

    def _find_nodes_that_fit(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], decision: Decision
    ) -> list[NodeInfo]:
        fw = self.framework
        outcome = fw.run_pre_filter(state, pod, nodes)
        decision.skipped_filters = tuple(outcome.skipped)
        if not outcome.status.ok:
            if outcome.status.rejected:
                decision.pre_filter = outcome.status
                decision.diagnosis.absent = outcome.status
            else:
                decision.error = outcome.status.message
            return []
        nominated = self._nominated_node(pod)
        # the node preemption made room on is tried first
        if nominated is not None and fw.run_filter_with_nominated_pods(state, pod, nominated).ok:
            decision.evaluated = 1
            return [nominated]
        if outcome.result is not None and outcome.result.node_names is not None:
            names = outcome.result.node_names
            decision.diagnosis.absent = Status(
                framework.UNRESOLVABLE,
                (f"node(s) didn't satisfy plugin(s) [{' '.join(outcome.with_nodes)}]",),
            )
            candidates = [n for n in nodes if n.name in names]
        else:
            candidates = nodes
        feasible, processed = self._find_nodes_that_pass_filters(state, pod, candidates, decision)
        self._next_start = (self._next_start + processed) % len(nodes)
        decision.evaluated = processed
        return feasible

    def _nominated_node(self, pod: PodInfo) -> NodeInfo | None:
        name = (pod.pod.get("status") or {}).get("nominatedNodeName", "")
        node = self.cache.nodes.get(name) if name else None
        return node if node is not None and node.node is not None else None

    def _find_nodes_that_pass_filters(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo], decision: Decision
    ) -> tuple[list[NodeInfo], int]:
        """Walk the nodes from where the last cycle stopped until enough fit. They are
        filtered in batches of as many nodes as are still wanted, so that no node is looked
        at that a node-by-node walk would not have reached."""
        if not nodes:
            return [], 0
        wanted = self.num_feasible_nodes_to_find(len(nodes))
        start = self._next_start % len(nodes)
        statuses = decision.diagnosis.statuses
        feasible: list[NodeInfo] = []
        processed = 0
        while processed < len(nodes) and len(feasible) < wanted:
            count = min(wanted - len(feasible), len(nodes) - processed)
            batch = _window(nodes, start + processed, count)
            processed += len(batch)
            verdicts = self._filter(state, pod, batch)
            rejected = framework.rejections(verdicts)
            if not rejected:
                feasible.extend(batch)
                continue
            passed = [True] * len(batch)
            for i in rejected:
                passed[i] = False
                statuses[batch[i].name] = verdicts[i]
            feasible.extend(compress(batch, passed))
        return feasible, processed

    def _filter(self, state: CycleState, pod: PodInfo, batch: list[NodeInfo]) -> list[Status]:
        """RunFilterPluginsWithNominatedPods for each node of the batch."""
        fw = self.framework
        nominated = self.queue.nominator.nodes()
        if not nominated or not any(info.name in nominated for info in batch):
            return fw.filter_nodes(state, pod, batch)
        return [fw.run_filter_with_nominated_pods(state, pod, info) for info in batch]

    def num_feasible_nodes_to_find(self, nodes: int) -> int:
        """numFeasibleNodesToFind: all of a small cluster; else a percentage (adaptive:
        50% minus 1% per 125 nodes, at least 5%), and never fewer than 100 nodes."""
        if nodes < MIN_FEASIBLE_NODES_TO_FIND:
            return nodes
        percentage = self.percentage or max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - nodes // 125)
        return max(MIN_FEASIBLE_NODES_TO_FIND, nodes * percentage // 100)

    def _prioritize(
        self, state: CycleState, pod: PodInfo, feasible: list[NodeInfo], decision: Decision
    ) -> None:
        fw = self.framework
        status = fw.run_pre_score(state, pod, feasible)
        if not status.ok:
            decision.error = status.message
            return
        decision.skipped_scores = tuple(sorted(state.get(SKIP_SCORE, ())))
        decision.plugin_scores, status = fw.run_score(state, pod, feasible)
        if not status.ok:
            decision.error = status.message
            return
        decision.totals = _weighted_totals(decision.plugin_scores, len(feasible))
        decision.node = feasible[self._select_host(decision.totals)].name

    def _select_host(self, totals: list[int]) -> int:
        """selectHost: the highest total, ties broken uniformly at random (one draw where
        Kubernetes' reservoir sampling makes one per tie; with two ties, the same draw)."""
        best = max(totals)
        tied = totals.count(best)
        if tied == 1:
            return totals.index(best)
        ties = list(compress(range(len(totals)), map(operator.eq, totals, repeat(best))))
        return ties[tied - 1 - self.rng.randrange(tied)]

    def _remember(self, decision: Decision) -> None:
        self.decisions.pop(decision.pod, None)
        self.decisions[decision.pod] = decision
        if len(self.decisions) > DECISIONS_KEPT:
            self.decisions.popitem(last=False)

    # -- binding --------------------------------------------------------------------------

    def _assume_and_bind(
        self, queued: QueuedPodInfo, state: CycleState, decision: Decision
    ) -> None:
        """assumeAndReserve, then the binding cycle: PreBind (which may wait, the next pods
        being scheduled meanwhile), then the binding."""
        pod, node = queued.info, decision.node or ""
        fw = self.framework
        self.cache.assume_pod(pod.bound_to(node), node)
        self.queue.nominator.delete(pod.key)
        status = fw.run_reserve(state, pod, node)
        if not status.ok:
            fw.run_unreserve(state, pod, node)
            self.cache.forget_pod(pod.key)
            self._failed(queued, decision, status.message)
            return
        status = fw.run_pre_bind_pre_flights(state, pod, node)
        if status.code == framework.ERROR:
            self._binding_cycle_error(queued, state, decision, status.message)
            return
        if status.ok:  # NominatedNodeNameForExpectation: say where the pod is going
            self._patch_status(pod.pod, self._nomination(pod.pod, node))
        fw.run_pre_bind(
            state, pod, node, functools.partial(self._pre_bound, queued, state, decision)
        )

    def _pre_bound(
        self, queued: QueuedPodInfo, state: CycleState, decision: Decision, status: Status
    ) -> None:
        if status.ok:
            self._bind(queued, state, decision)
        else:
            self._binding_cycle_error(queued, state, decision, status.message)
        self._wake()

    def _bind(self, queued: QueuedPodInfo, state: CycleState, decision: Decision) -> None:
        pod, node = queued.info, decision.node or ""
        binding = {
            "apiVersion": "v1",
            "kind": "Binding",
            "metadata": {"name": pod.name, "namespace": pod.namespace, "uid": pod.uid},
            "target": {"kind": "Node", "name": node},
        }
        try:
            self.client.call(
                "create", "pods", pod.namespace, pod.name, subresource="binding", body=binding
            )
        except APIError as error:
            self._binding_cycle_error(queued, state, decision, str(error))
            return
        message = f"Successfully assigned {pod.namespace}/{pod.name} to {node}"
        self.recorder.event(pod.pod, NORMAL, "Scheduled", message)

    def _binding_cycle_error(
        self, queued: QueuedPodInfo, state: CycleState, decision: Decision, message: str
    ) -> None:
        """handleBindingCycleError: unreserve and forget the assumed pod (its room may help
        others), then fail it."""
        pod = queued.info
        self.framework.run_unreserve(state, pod, decision.node or "")
        self.cache.forget_pod(pod.key)
        self.queue.move_all(clusterevents.ASSIGNED_POD_DELETE, pod.pod, None, self.clock.now)
        self._failed(queued, decision, message)

    def _failed(self, queued: QueuedPodInfo, decision: Decision, message: str) -> None:
        """An error after a node was chosen: the pod backs off and is tried again."""
        decision.node, decision.error = None, message
        self._handle_failure(queued, {}, decision)

    # -- failures (handleSchedulingFailure) -----------------------------------------------

    def _handle_failure(self, queued: QueuedPodInfo, state: CycleState, decision: Decision) -> None:
        pod = queued.info
        nominated = self._post_filter(state, pod, decision)
        rejected = not decision.error or decision.error == ERR_NO_NODES_AVAILABLE
        message = decision.message()
        latest = self.pod_informer.get(pod.key)
        if latest is not None and not latest["spec"].get("nodeName"):
            queued.info = PodInfo(latest, previous=pod)
            self.queue.add_unschedulable(queued, decision.unschedulable_plugins, self.clock.now)
        self.queue.nominator.add(queued.info, nominated)
        self.recorder.event(pod.pod, WARNING, "FailedScheduling", _truncate(message))
        self._update_pod(
            pod.pod, "Unschedulable" if rejected else "SchedulerError", message, nominated
        )

    def _post_filter(self, state: CycleState, pod: PodInfo, decision: Decision) -> str | None:
        """PostFilter (preemption) after a FitError; returns the node to nominate, "" to clear
        the nomination (after an error, too), or None to leave it."""
        if decision.error or not self.framework.post_filter_plugins:
            return ""
        nominated, decision.post_filter = self.framework.run_post_filter(
            state, pod, decision.diagnosis
        )
        decision.nominated_node = nominated or None
        decision.victims = state.get(VICTIMS_KEY, [])
        return nominated

    def _update_pod(self, pod: Object, reason: str, message: str, nominated: str | None) -> None:
        """updatePod: PodScheduled=False and the nominated node, when either changed."""
        status = pod.get("status") or {}
        current = next(
            (c for c in status.get("conditions") or [] if c.get("type") == "PodScheduled"), None
        )
        since = self.clock.timestamp()
        if current is not None and current.get("status") == "False":
            since = current.get("lastTransitionTime") or since
        condition = {
            "type": "PodScheduled",
            "status": "False",
            "lastProbeTime": None,
            "lastTransitionTime": since,
            "reason": reason,
            "message": message,
        }
        patch: Object = {}
        if condition != current:
            patch["conditions"] = [condition]
        if nominated is not None:
            patch.update(self._nomination(pod, nominated))
        self._patch_status(pod, patch)

    @staticmethod
    def _nomination(pod: Object, nominated: str) -> Object:
        """The status patch that nominates the node ("": clears the nomination), if new."""
        if nominated == (pod.get("status") or {}).get("nominatedNodeName", ""):
            return {}
        return {"nominatedNodeName": nominated or None}

    def _patch_status(self, pod: Object, patch: Object) -> None:
        if not patch:
            return
        with contextlib.suppress(APIError):  # the pod is gone or changed: its event follows
            self.client.call(
                "patch",
                "pods",
                pod["metadata"]["namespace"],
                pod["metadata"]["name"],
                subresource="status",
                body={"status": patch},
                content_type=STRATEGIC,
            )


def _window(nodes: list[NodeInfo], start: int, count: int) -> list[NodeInfo]:
    """`count` nodes (at most all of them) from position `start`, going round from the last
    to the first: a slice of the list, without copying the whole list rotated."""
    start %= len(nodes)
    end = start + count
    return nodes[start:end] if end <= len(nodes) else nodes[start:] + nodes[: end - len(nodes)]


def _weighted_totals(plugin_scores: list[PluginScores], nodes: int) -> list[int]:
    """Each node's sum of the plugins' weighted scores. A plugin that scores every node the
    same (TaintToleration with no tainted node, say) adds one number to all of them."""
    constant = [p.scores.count(p.scores[0]) == len(p.scores) for p in plugin_scores]
    shift = sum(p.scores[0] * p.weight for p, c in zip(plugin_scores, constant, strict=True) if c)
    totals: list[int] | None = None
    for plugin in compress(plugin_scores, map(operator.not_, constant)):
        scores, weight = plugin.scores, plugin.weight
        weighted = scores if weight == 1 else map(operator.mul, scores, repeat(weight))
        if totals is None:  # the shift goes in with the first plugin that varies
            totals = list(map(operator.add, weighted, repeat(shift)))
        else:
            totals = list(map(operator.add, totals, weighted))
    return [shift] * nodes if totals is None else totals


def _truncate(message: str) -> str:
    """truncateMessage: an event note holds at most 1024 characters."""
    if len(message) <= NOTE_LENGTH_LIMIT:
        return message
    return message[: NOTE_LENGTH_LIMIT - 4] + " ..."
