"""kube-scheduler: takes pending pods off the queue one at a time, filters the nodes, scores
the feasible ones, and binds the pod to the best. Every decision keeps its explanation."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from dataclasses import dataclass, field

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock, Timer
from cluster.engine.scheduler import framework, plugins
from cluster.engine.scheduler.framework import NodeInfo, Status
from cluster.engine.scheduler.queue import SchedulingQueue

NAME = "kube-scheduler"
SCHEDULER_NAME = "default-scheduler"
MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE = 5
FLUSH_UNSCHEDULABLE_MS = 30_000
MAX_IN_UNSCHEDULABLE_MS = 300_000


@dataclass(slots=True)
class Decision:
    """Why the pod went where it went: each node's filter verdict and plugin scores."""

    pod: str
    nodes: int
    node: str | None = None
    filtered: dict[str, Status] = field(default_factory=dict)
    scores: dict[str, dict[str, int]] = field(default_factory=dict)

    def message(self) -> str:
        """FitError's message, with DefaultPreemption's verdict, when no node fits."""
        counts = Counter(r for status in self.filtered.values() for r in status.reasons)
        reasons = ", ".join(sorted(f"{n} {reason}" for reason, n in counts.items()))
        verdicts = Counter(
            "Preemption is not helpful for scheduling"
            if status.code == framework.UNRESOLVABLE
            else "No preemption victims found for incoming pod"
            for status in self.filtered.values()
        )
        preemption = ", ".join(sorted(f"{n} {v}" for v, n in verdicts.items()))
        return (
            f"0/{self.nodes} nodes are available: {reasons}. preemption: 0/{self.nodes} "
            f"nodes are available: {preemption}."
        )


class Scheduler:
    def __init__(
        self,
        clock: Clock,
        client: Client,
        rng: random.Random,
        filters: tuple[str, ...] = plugins.DEFAULT_FILTERS,
        scores: dict[str, int] | None = None,
        percentage_of_nodes_to_score: int = 0,
    ) -> None:
        self.clock = clock
        self.client = client
        self.rng = rng
        self.filters = [plugins.REGISTRY[name]() for name in filters]
        weights = plugins.DEFAULT_SCORES if scores is None else scores
        self.scorers = [(plugins.REGISTRY[name](), weight) for name, weight in weights.items()]
        self.percentage = percentage_of_nodes_to_score
        self.queue = SchedulingQueue()
        self.nodes: dict[str, NodeInfo] = {}
        self.decisions: dict[str, Decision] = {}
        self._failed_at: dict[str, int] = {}
        self._cycle: Timer | None = None
        self._backoff_timer: Timer | None = None
        self._flush_timer: Timer | None = None
        self._next_start = 0
        self.pod_informer = Informer(client, "pods", self._on_pod)
        self.node_informer = Informer(client, "nodes", self._on_node)

    def start(self) -> None:
        self.node_informer.start()
        self.pod_informer.start()

    # -- events -------------------------------------------------------------------------

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        key = namespaced_name(pod)
        if old is not None and old["spec"].get("nodeName") in self.nodes:
            self.nodes[old["spec"]["nodeName"]].remove_pod(key)
        if kind == DELETED:
            self.queue.delete(key)
            if old is not None and old["spec"].get("nodeName"):
                self._cluster_changed()  # its room is free now
            return
        node = pod["spec"].get("nodeName")
        if node:
            self.queue.delete(key)
            if node in self.nodes:
                self.nodes[node].add_pod(key, pod)
        elif self._responsible_for(pod):
            self.queue.add(key, pod["spec"].get("priority", 0))
            self._wake()

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        name = node["metadata"]["name"]
        if kind == DELETED:
            self.nodes.pop(name, None)
            return
        info = self.nodes.get(name)
        if info is None:
            info = self.nodes[name] = NodeInfo(node)
            for key, pod in self.pod_informer.cache.items():
                if pod["spec"].get("nodeName") == name:
                    info.add_pod(key, pod)
        info.node = node
        self._cluster_changed()

    @staticmethod
    def _responsible_for(pod: Object) -> bool:
        return (
            pod["spec"].get("schedulerName", SCHEDULER_NAME) == SCHEDULER_NAME
            and not pod["metadata"].get("deletionTimestamp")
            and pod.get("status", {}).get("phase") not in ("Succeeded", "Failed")
        )

    def _cluster_changed(self) -> None:
        self.queue.move_all_to_active_or_backoff(self.clock.now, self._failed_at)
        self._wake()

    def _flush(self) -> None:
        """flushUnschedulablePodsLeftover: a pod parked for 5 minutes is retried even if
        nothing seems to have changed. Armed only while pods are parked."""
        self._flush_timer = None
        stale = self.clock.now - MAX_IN_UNSCHEDULABLE_MS
        self.queue.move_all_to_active_or_backoff(
            self.clock.now, self._failed_at, parked_before=stale
        )
        self._wake()
        self._arm_flush()

    def _arm_flush(self) -> None:
        if self._flush_timer is None and self.queue.parked():
            self._flush_timer = self.clock.call_later(
                FLUSH_UNSCHEDULABLE_MS, self._flush, background=True
            )

    def _wake(self) -> None:
        next_backoff = self.queue.flush_backoff(self.clock.now)
        if next_backoff is not None and self._backoff_timer is None:
            self._backoff_timer = self.clock.call_at(next_backoff, self._backoff_done)
        if len(self.queue) and self._cycle is None:
            self._cycle = self.clock.call_soon(self.schedule_one)

    def _backoff_done(self) -> None:
        self._backoff_timer = None
        self._wake()

    # -- the scheduling cycle -----------------------------------------------------------

    def schedule_one(self) -> None:
        self._cycle = None
        key = self.queue.pop()
        pod = self.pod_informer.get(key) if key else None
        if pod is not None and not pod["spec"].get("nodeName") and self._responsible_for(pod):
            decision = self.decide(pod)
            self.decisions[key] = decision
            if decision.node:
                self._bind(key, pod, decision.node)
            else:
                self._unschedulable(key, pod, decision)
        self._wake()

    def decide(self, pod: Object) -> Decision:
        """Filter every node (or enough of them), score the feasible ones, pick the best."""
        state: framework.CycleState = {}
        names = sorted(self.nodes)
        decision = Decision(namespaced_name(pod), len(names))
        feasible = self._find_feasible(state, pod, names, decision)
        if not feasible:
            return decision
        totals = self._score(state, pod, feasible, decision)
        decision.node = self._select_host(totals)
        return decision

    def _find_feasible(
        self, state: framework.CycleState, pod: Object, names: list[str], decision: Decision
    ) -> list[NodeInfo]:
        wanted = self._num_feasible_nodes_to_find(len(names))
        feasible: list[NodeInfo] = []
        start = self._next_start % len(names) if names else 0
        checked = 0
        for i in range(len(names)):
            info = self.nodes[names[(start + i) % len(names)]]
            checked += 1
            status = self._run_filters(state, pod, info)
            if status.ok:
                feasible.append(info)
                if len(feasible) >= wanted:
                    break
            else:
                decision.filtered[info.name] = status
        self._next_start = (start + checked) % max(1, len(names))
        return feasible

    def _num_feasible_nodes_to_find(self, nodes: int) -> int:
        if nodes < MIN_FEASIBLE_NODES_TO_FIND:
            return nodes
        percentage = self.percentage or max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - nodes // 125)
        return max(MIN_FEASIBLE_NODES_TO_FIND, nodes * percentage // 100)

    def _run_filters(self, state: framework.CycleState, pod: Object, info: NodeInfo) -> Status:
        for plugin in self.filters:
            status = plugin.filter(state, pod, info)
            if not status.ok:
                return status
        return framework.OK

    def _score(
        self, state: framework.CycleState, pod: Object, feasible: list[NodeInfo], decision: Decision
    ) -> dict[str, int]:
        totals = {info.name: 0 for info in feasible}
        if len(feasible) == 1:
            return totals  # one feasible node: nothing to compare, as Kubernetes skips scoring
        for plugin, weight in self.scorers:
            raw = {info.name: plugin.score(state, pod, info) for info in feasible}
            plugin.normalize_scores(state, pod, raw)
            for name, value in raw.items():
                decision.scores.setdefault(name, {})[plugin.name] = value
                totals[name] += value * weight
        return totals

    def _select_host(self, totals: dict[str, int]) -> str:
        """The highest total; ties broken by reservoir sampling, as selectHost does."""
        best, count, chosen = -1, 0, ""
        for name, score in totals.items():
            if score > best:
                best, count, chosen = score, 1, name
            elif score == best:
                count += 1
                if self.rng.randrange(count) == 0:
                    chosen = name
        return chosen

    def _bind(self, key: str, pod: Object, node: str) -> None:
        namespace, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        self.nodes[node].add_pod(key, {**pod, "spec": {**pod["spec"], "nodeName": node}})
        binding = {
            "apiVersion": "v1",
            "kind": "Binding",
            "metadata": {"name": name, "namespace": namespace},
            "target": {"apiVersion": "v1", "kind": "Node", "name": node},
        }
        try:
            self.client.call("create", "pods", namespace, name, subresource="binding", body=binding)
        except APIError:
            self.nodes[node].remove_pod(key)  # forget the assumed pod; try again later
            self._failed_at[key] = self.clock.now
            self.queue.unschedulable(key, pod["spec"].get("priority", 0))
            self._arm_flush()
            return
        self.queue.done(key)
        self._failed_at.pop(key, None)

    def _unschedulable(self, key: str, pod: Object, decision: Decision) -> None:
        self._failed_at[key] = self.clock.now
        self.queue.unschedulable(key, pod["spec"].get("priority", 0))
        self._arm_flush()
        condition = {
            "type": "PodScheduled",
            "status": "False",
            "lastProbeTime": None,
            "lastTransitionTime": self.clock.timestamp(),
            "reason": "Unschedulable",
            "message": decision.message(),
        }
        current = [
            c
            for c in pod.get("status", {}).get("conditions") or []
            if c.get("type") == "PodScheduled"
        ]
        if current and current[0].get("message") == condition["message"]:
            return
        with contextlib.suppress(
            APIError
        ):  # the pod is gone or changed; its next event brings it back
            self.client.call(
                "patch",
                "pods",
                pod["metadata"]["namespace"],
                pod["metadata"]["name"],
                subresource="status",
                body={"status": {"conditions": [condition]}},
                content_type=STRATEGIC,
            )
