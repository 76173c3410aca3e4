"""The scheduling queue (backend/queue): activeQ, ordered by PrioritySort (priority, then the
time the pod was queued); backoffQ, where a rejected pod waits out 1 s doubling to 10 s per
attempt (pods whose failure was an error wait in an error backoffQ); and the unschedulable
pods, parked until a cluster event that one of their rejecting plugins registered, and its
queueing hint, says they may fit now, or until they have waited five minutes. A pod that a
PreEnqueue plugin turns away (one with scheduling gates) waits there too, never tried.

As with SchedulerPopFromBackoffQ (on by default since Kubernetes 1.33), an empty activeQ takes
its next pod from backoffQ instead of idling; backoff times align to 1 s windows.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from cluster.engine.scheduler import clusterevents
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import OK, Plugin, Status
from cluster.engine.scheduler.types import PodInfo

INITIAL_BACKOFF_MS = 1_000
MAX_BACKOFF_MS = 10_000
BACKOFF_WINDOW_MS = 1_000  # backoffQOrderingWindowDuration
MAX_IN_UNSCHEDULABLE_MS = 300_000  # podMaxInUnschedulablePodsDuration

ACTIVE, BACKOFF, ERROR_BACKOFF, UNSCHEDULABLE = (
    "activeQ",
    "backoffQ",
    "errorBackoffQ",
    "unschedulable",
)
SKIP, QUEUE = False, True

Hint = tuple[ClusterEvent, Plugin, str]  # a registered event, its plugin, the hint method


@dataclass(slots=True)
class QueuedPodInfo:
    info: PodInfo
    timestamp: int  # when it was last queued, in virtual ms
    attempts: int = 0
    unschedulable_plugins: set[str] = field(default_factory=set)
    backoff_expiration: int | None = None
    seq: int = 0  # which heap entry is current

    @property
    def key(self) -> str:
        return self.info.key


class Nominator:
    """Pods nominated to a node by preemption: others must leave them room there."""

    def __init__(self) -> None:
        self._by_node: dict[str, dict[str, PodInfo]] = {}
        self._node_of: dict[str, str] = {}

    def add(self, info: PodInfo, node: str | None = None) -> None:
        """Nominate `info` to `node` (default: its status.nominatedNodeName)."""
        self.delete(info.key)
        node = node if node is not None else info.pod.get("status", {}).get("nominatedNodeName")
        if not node or info.node_name:
            return
        self._by_node.setdefault(node, {})[info.key] = info
        self._node_of[info.key] = node

    def delete(self, key: str) -> None:
        node = self._node_of.pop(key, None)
        if node is not None:
            del self._by_node[node][key]
            if not self._by_node[node]:
                del self._by_node[node]

    def pods_for_node(self, node: str) -> list[PodInfo]:
        return list(self._by_node.get(node, {}).values())

    def nodes(self) -> dict[str, dict[str, PodInfo]]:
        """The nodes with nominated pods (membership is all a caller should ask of it)."""
        return self._by_node


class SchedulingQueue:
    def __init__(
        self,
        hints: list[Hint],
        nominator: Nominator,
        pre_enqueue: Callable[[PodInfo], Status] = lambda pod: OK,
    ) -> None:
        self._hints = hints
        self.nominator = nominator
        self._pre_enqueue = pre_enqueue
        self._pods: dict[str, QueuedPodInfo] = {}  # every queued pod, wherever it waits
        self._where: dict[str, str] = {}
        self._active: list[tuple[int, int, int, str]] = []  # -priority, timestamp, seq, key
        self._backoff: list[tuple[int, int, int, int, str]] = []  # expiry, then as activeQ
        self._error_backoff: list[tuple[int, int, str]] = []  # expiry, seq, key
        self._unschedulable: dict[str, QueuedPodInfo] = {}
        self._interest: dict[ClusterEvent, bool] = {}
        self._seq = itertools.count(1)

    def has_work(self) -> bool:
        return bool(self._active or self._backoff)

    # -- pods coming and going ------------------------------------------------------------

    def add(self, info: PodInfo, now: int) -> None:
        """A new pending pod goes straight to activeQ."""
        self.nominator.add(info)
        self._to_active(QueuedPodInfo(info, now))

    def update(self, info: PodInfo, events: list[ClusterEvent], old: object, now: int) -> None:
        """A pending pod changed: refresh it where it waits; a parked pod moves if one of the
        update events may make it schedulable."""
        self.nominator.add(info)
        queued = self._pods.get(info.key)
        if queued is None:
            self._to_active(QueuedPodInfo(info, now))
            return
        queued.info = info
        if self._where[info.key] != UNSCHEDULABLE:
            return
        for event in events:
            if self._worth_requeuing(queued, event, old, info.pod):
                self._requeue(queued, now)
                return

    def delete(self, key: str) -> None:
        self.nominator.delete(key)
        self._pods.pop(key, None)
        self._where.pop(key, None)
        self._unschedulable.pop(key, None)

    def get(self, key: str) -> QueuedPodInfo | None:
        return self._pods.get(key)

    def pop(self) -> QueuedPodInfo | None:
        """The next pod to schedule: activeQ's head, else backoffQ's."""
        for heap in (self._active, self._backoff):
            while heap:
                entry = heapq.heappop(heap)
                key, seq = entry[-1], entry[-2]
                queued = self._pods.get(key)
                if queued is None or queued.seq != seq:
                    continue  # deleted or moved since
                del self._pods[key], self._where[key]
                queued.attempts += 1
                queued.unschedulable_plugins = set()
                queued.backoff_expiration = None
                return queued
        return None

    def add_unschedulable(self, queued: QueuedPodInfo, plugins: set[str], now: int) -> None:
        """AddUnschedulableIfNotPresent: park a rejected pod, or back it off after an error."""
        queued.unschedulable_plugins = plugins
        queued.timestamp = now
        queued.backoff_expiration = None
        self._pods[queued.key] = queued
        if plugins:
            self._park(queued)
        else:
            self._requeue(queued, now)

    # -- cluster events -------------------------------------------------------------------

    def move_all(self, event: ClusterEvent, old: object, new: object, now: int) -> None:
        """MoveAllToActiveOrBackoffQueue: retry the parked pods this event may help."""
        if self._unschedulable and self._interesting(event):
            self._move(list(self._unschedulable.values()), event, old, new, now)

    def assigned_pod_changed(
        self, event: ClusterEvent, pod: PodInfo, old: object, now: int
    ) -> None:
        """AssignedPodAdded/Updated: a bound pod only matters to pods with a term that spans
        nodes (getUnschedulablePodsWithCrossTopologyTerm): pods that spread across
        topologies (PodTopologySpread) in its namespace, and pods whose required affinity
        has a term it matches; but one scaled down may leave room for any pod."""
        if not self._unschedulable or not self._interesting(event):
            return
        parked = [
            q
            for q in self._unschedulable.values()
            if event.action & clusterevents.UPDATE_POD_SCALE_DOWN or _cross_topology(q, pod)
        ]
        self._move(parked, event, old, pod.pod, now)

    def _move(
        self, parked: list[QueuedPodInfo], event: ClusterEvent, old: object, new: object, now: int
    ) -> None:
        for queued in parked:
            if self._worth_requeuing(queued, event, old, new):
                self._requeue(queued, now)

    def _interesting(self, event: ClusterEvent) -> bool:
        """isEventOfInterest: some plugin registered it, or it concerns every pod."""
        interesting = self._interest.get(event)
        if interesting is None:
            interesting = self._interest[event] = event.resource == clusterevents.WILDCARD or any(
                registered.match(event) for registered, _, _ in self._hints
            )
        return interesting

    def _worth_requeuing(
        self, queued: QueuedPodInfo, event: ClusterEvent, old: object, new: object
    ) -> bool:
        """isPodWorthRequeuing: only the plugins that rejected the pod get a say."""
        rejectors = queued.unschedulable_plugins
        if not rejectors or event.resource == clusterevents.WILDCARD:
            return QUEUE
        for registered, plugin, hint in self._hints:
            if plugin.name not in rejectors or not registered.match(event):
                continue
            if not hint or getattr(plugin, hint)(queued.info, old, new):
                return QUEUE
        return SKIP

    # -- timers ---------------------------------------------------------------------------

    def flush_backoff_completed(self, now: int) -> None:
        """flushBackoffQCompleted: pods done backing off go to activeQ."""
        for heap in (self._backoff, self._error_backoff):
            while heap:
                key, seq = heap[0][-1], heap[0][-2]
                queued = self._pods.get(key)
                if queued is None or queued.seq != seq:
                    heapq.heappop(heap)
                    continue
                if self._backing_off(queued, now):
                    break
                heapq.heappop(heap)
                self._to_active(queued)

    def next_backoff_flush(self) -> int | None:
        """When the next error-backed-off pod completes its backoff (the others don't wait)."""
        while self._error_backoff:
            expiry, seq, key = self._error_backoff[0]
            queued = self._pods.get(key)
            if queued is not None and queued.seq == seq:
                return expiry + BACKOFF_WINDOW_MS
            heapq.heappop(self._error_backoff)
        return None

    def flush_unschedulable_leftover(self, now: int) -> None:
        """flushUnschedulablePodsLeftover: pods parked over five minutes are retried anyway."""
        stale = [
            q for q in self._unschedulable.values() if now - q.timestamp > MAX_IN_UNSCHEDULABLE_MS
        ]
        self._move(stale, clusterevents.UNSCHEDULABLE_TIMEOUT, None, None, now)

    def parked(self) -> bool:
        return bool(self._unschedulable)

    # -- where pods go --------------------------------------------------------------------

    def _requeue(self, queued: QueuedPodInfo, now: int) -> None:
        """requeuePodWithQueueingStrategy (Queue): to backoffQ while backing off, else activeQ."""
        self._unschedulable.pop(queued.key, None)
        if not self._backing_off(queued, now):
            self._to_active(queued)
            return
        queued.seq = next(self._seq)
        expiry = self._backoff_time(queued)
        if queued.unschedulable_plugins:
            entry = (expiry, -queued.info.priority, queued.timestamp, queued.seq, queued.key)
            heapq.heappush(self._backoff, entry)
            self._place(queued, BACKOFF)
        else:
            heapq.heappush(self._error_backoff, (expiry, queued.seq, queued.key))
            self._place(queued, ERROR_BACKOFF)

    def _to_active(self, queued: QueuedPodInfo) -> None:
        """moveToActiveQ: to activeQ, unless a PreEnqueue plugin keeps the pod waiting (gated)
        among the unschedulable pods."""
        gate = self._pre_enqueue(queued.info)
        if not gate.ok:
            queued.unschedulable_plugins = {gate.plugin}
            self._park(queued)
            return
        self._unschedulable.pop(queued.key, None)
        queued.seq = next(self._seq)
        entry = (-queued.info.priority, queued.timestamp, queued.seq, queued.key)
        heapq.heappush(self._active, entry)
        self._place(queued, ACTIVE)

    def _park(self, queued: QueuedPodInfo) -> None:
        queued.seq = next(self._seq)
        self._unschedulable[queued.key] = queued
        self._place(queued, UNSCHEDULABLE)

    def _place(self, queued: QueuedPodInfo, where: str) -> None:
        self._pods[queued.key] = queued
        self._where[queued.key] = where

    def _backing_off(self, queued: QueuedPodInfo, now: int) -> bool:
        """isPodBackingoff: the backoff ends in a window before the current one."""
        if queued.attempts == 0:
            return False
        return self._backoff_time(queued) >= _align(now)

    def _backoff_time(self, queued: QueuedPodInfo) -> int:
        if queued.backoff_expiration is None:
            queued.backoff_expiration = _align(queued.timestamp + backoff_duration(queued.attempts))
        return queued.backoff_expiration

    def pending(self) -> dict[str, list[str]]:
        """Where each pending pod waits, for the dashboard."""
        return {
            where: sorted(k for k, w in self._where.items() if w == where)
            for where in (ACTIVE, BACKOFF, ERROR_BACKOFF, UNSCHEDULABLE)
        }


def _cross_topology(queued: QueuedPodInfo, pod: PodInfo) -> bool:
    """Might `pod`, bound, help the parked pod across its topology domains?"""
    spreads = "PodTopologySpread" in queued.unschedulable_plugins
    if spreads and queued.info.namespace == pod.namespace:
        return True
    affinity = queued.info.affinity
    return affinity is not None and any(
        term.matches(pod.namespace, pod.labels) for term in affinity.required
    )


def backoff_duration(attempts: int) -> int:
    """calculateBackoffDuration: 1 s, doubling per attempt, at most 10 s."""
    if attempts == 0:
        return 0
    duration = INITIAL_BACKOFF_MS
    for _ in range(1, attempts):
        if duration > MAX_BACKOFF_MS - duration:
            return MAX_BACKOFF_MS
        duration += duration
    return duration


def _align(ms: int) -> int:
    return ms - ms % BACKOFF_WINDOW_MS
