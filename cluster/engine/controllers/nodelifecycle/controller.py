"""The node lifecycle controller (node_lifecycle_controller.go).

Every node monitor period it looks at each node's health signals: the Ready condition's
heartbeat and the node's Lease in kube-node-lease. A node silent for longer than the grace
period gets its conditions set to Unknown ("Kubelet stopped posting node status."), a
NodeNotReady event, and its pods marked not ready; on the next pass it is queued for the
`node.kubernetes.io/unreachable` NoExecute taint (`not-ready` when Ready is False), which a
per-zone rate limiter lets through. NoSchedule taints follow the node's conditions at once.
When every node of every zone is down, it stops tainting altogether (master disruption mode).
A node that is Ready again loses its NoExecute taints.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock, Timer
from cluster.engine.controllers import taints
from cluster.engine.controllers.controller_utils import ready_condition, virtual_ms
from cluster.engine.controllers.informers import NODE_NAME_INDEX, InformerFactory, node_name_index
from cluster.engine.controllers.nodelifecycle.ratelimitedqueue import (
    RateLimitedTimedQueue,
    TimedValue,
    TokenBucket,
)
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.lease import renew_time

NAME = "node-controller"
NODE_MONITOR_PERIOD_MS = 5_000  # --node-monitor-period
NODE_MONITOR_GRACE_MS = 50_000  # --node-monitor-grace-period (50s since v1.32)
NODE_STARTUP_GRACE_MS = 60_000  # --node-startup-grace-period
NODE_EVICTION_PERIOD_MS = 100  # how often the NoExecute tainting pass runs
EVICTION_QPS = 0.1  # --node-eviction-rate
SECONDARY_EVICTION_QPS = 0.01  # --secondary-node-eviction-rate
LARGE_CLUSTER_THRESHOLD = 50
UNHEALTHY_ZONE_THRESHOLD = 0.55
HEALTH_UPDATE_RETRIES = 5  # NodeHealthUpdateRetry
LEASE_NAMESPACE = "kube-node-lease"
EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption"
ZONE_LABELS = ("topology.kubernetes.io/region", "topology.kubernetes.io/zone")

UNREACHABLE_TAINT = taints.taint(taints.UNREACHABLE, taints.NO_EXECUTE)
NOT_READY_TAINT = taints.taint(taints.NOT_READY, taints.NO_EXECUTE)
# which condition, in which status, makes which NoSchedule taint
CONDITION_TAINTS = {
    ("Ready", "False"): taints.NOT_READY,
    ("Ready", "Unknown"): taints.UNREACHABLE,
    ("MemoryPressure", "True"): "node.kubernetes.io/memory-pressure",
    ("DiskPressure", "True"): "node.kubernetes.io/disk-pressure",
    ("NetworkUnavailable", "True"): "node.kubernetes.io/network-unavailable",
    ("PIDPressure", "True"): "node.kubernetes.io/pid-pressure",
}
CONDITION_TAINT_KEYS = frozenset(CONDITION_TAINTS.values())
MONITORED_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")
LABELS_TO_RECONCILE = (
    ("kubernetes.io/os", "beta.kubernetes.io/os"),
    ("kubernetes.io/arch", "beta.kubernetes.io/arch"),
)

REGISTERED_NODE = "RegisteredNode"
REMOVING_NODE = "RemovingNode"
NODE_NOT_READY = "NodeNotReady"
NODE_EVENT = "Node {} event: {}"
REGISTERED = "Registered Node {} in Controller"
REMOVING = "Removing Node {} from Controller"
STATUS_NOW = "Node {} status is now: {}"
NOT_READY_MESSAGE = "Node is not ready"
NEVER_UPDATED = ("NodeStatusNeverUpdated", "Kubelet never posted node status.")
STOPPED_POSTING = ("NodeStatusUnknown", "Kubelet stopped posting node status.")

INITIAL, NORMAL_STATE = "Initial", "Normal"
FULL_DISRUPTION, PARTIAL_DISRUPTION = "FullDisruption", "PartialDisruption"


@dataclass(slots=True)
class NodeHealth:
    """What the controller last saw of a node, and when (its own clock, not the node's)."""

    probe_ms: int
    ready_transition_ms: int
    ready: Object | None  # the Ready condition as last seen
    lease_renewed: float | None = None


def zone_of(node: Object) -> str:
    """GetZoneKey: region and zone, or "" for a node without them."""
    found = node["metadata"].get("labels") or {}
    region, zone = (found.get(label, "") for label in ZONE_LABELS)
    return f"{region}:\x00:{zone}" if region or zone else ""


class NodeLifecycleController:
    name = "nodelifecycle"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.nodes = informers.informer("nodes")
        self.pods = informers.informer("pods")
        self.leases = informers.informer("leases")
        self.pods.add_indexer(NODE_NAME_INDEX, node_name_index)
        self.nodes.add_handler(self._on_node)
        self.pods.add_handler(self._on_pod)
        self.node_queue = WorkQueue(clock, self._node_processing_pass, "node_lifecycle_controller")
        self.pod_queue = WorkQueue(clock, self._process_pod, "node_lifecycle_controller_pods")
        self.known: dict[str, Object] = {}  # name -> a reference to the node (knownNodeSet)
        self.health: dict[str, NodeHealth] = {}
        self.zone_states: dict[str, str] = {}
        self.tainters: dict[str, RateLimitedTimedQueue] = {}
        self.retry: set[str] = set()  # nodes whose pods still need marking not ready
        self._tainting: Timer | None = None

    def start(self) -> None:
        self.clock.call_later(0, self._monitor_tick, background=True)

    # -- watch handlers ---------------------------------------------------------------

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        if kind == DELETED:
            self.retry.discard(node["metadata"]["name"])
        else:
            self.node_queue.add(node["metadata"]["name"])

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        """podUpdated: a pod newly bound to a node."""
        node = pod.get("spec", {}).get("nodeName")
        if kind == DELETED or not node:
            return
        if old is None or old.get("spec", {}).get("nodeName") != node:
            self.pod_queue.add(f"{pod['metadata']['namespace']}/{pod['metadata']['name']}")

    # -- NoSchedule taints and labels, on every node change ---------------------------

    def _node_processing_pass(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None:
            return
        try:
            self._no_schedule_tainting_pass(node)
            self._reconcile_labels(node)
        except APIError:
            pass  # the next change of the node tries again, as in Kubernetes

    def _no_schedule_tainting_pass(self, node: Object) -> None:
        wanted = [
            taints.taint(key, taints.NO_SCHEDULE)
            for c in (node.get("status") or {}).get("conditions") or ()
            if (key := CONDITION_TAINTS.get((c.get("type"), c.get("status"))))
        ]
        if (node.get("spec") or {}).get("unschedulable"):
            wanted.append(taints.taint(taints.UNSCHEDULABLE, taints.NO_SCHEDULE))
        current = [
            t
            for t in taints.of(node)
            if t.get("effect") == taints.NO_SCHEDULE
            and (t.get("key") == taints.UNSCHEDULABLE or t.get("key") in CONDITION_TAINT_KEYS)
        ]
        to_add = [t for t in wanted if not taints.exists(current, t)]
        to_remove = [t for t in current if not taints.exists(wanted, t)]
        if to_add or to_remove:
            self._swap_taints(node, to_add, to_remove)

    def _reconcile_labels(self, node: Object) -> None:
        """Keep the beta os and arch labels equal to the stable ones."""
        found = node["metadata"].get("labels") or {}
        update = {
            secondary: found[primary]
            for primary, secondary in LABELS_TO_RECONCILE
            if primary in found and found.get(secondary) != found[primary]
        }
        if update:
            self.client.call(
                "patch",
                "nodes",
                name=node["metadata"]["name"],
                body={"metadata": {"labels": update}},
                content_type="application/merge-patch+json",
            )

    # -- monitorNodeHealth ------------------------------------------------------------

    def _monitor_tick(self) -> None:
        self.monitor_node_health()
        self.clock.call_later(NODE_MONITOR_PERIOD_MS, self._monitor_tick, background=True)

    def monitor_node_health(self) -> None:
        nodes = sorted(self.nodes.items(), key=lambda n: n["metadata"]["name"])
        self._classify(nodes)
        zone_conditions: dict[str, list[Object | None]] = {}
        for node in nodes:
            outcome = self._update_health_with_retries(node)
            if outcome is None:
                continue
            node, observed, current = outcome
            labels = node["metadata"].get("labels") or {}
            if EXCLUDE_DISRUPTION_LABEL not in labels:
                zone_conditions.setdefault(zone_of(node), []).append(current)
            if current is not None:
                self._react(node, observed, current)
        self._handle_disruption(zone_conditions, nodes)

    def _classify(self, nodes: list[Object]) -> None:
        """Nodes seen for the first time, nodes gone, and zones new to the controller."""
        names = {n["metadata"]["name"] for n in nodes}
        for node in nodes:
            name = node["metadata"]["name"]
            if name in self.known:
                self._add_zone(node)
                continue
            self._record_node_event(node, REGISTERED_NODE, REGISTERED.format(name))
            self.known[name] = _node_reference(node)  # not the node: that version goes stale
            self._add_zone(node)
            self._mark_reachable(node)
        for name in sorted(set(self.known) - names):
            gone = self.known.pop(name)
            self._record_node_event(gone, REMOVING_NODE, REMOVING.format(name))

    def _add_zone(self, node: Object) -> None:
        zone = zone_of(node)
        if zone not in self.zone_states:
            self.zone_states[zone] = INITIAL
            self.tainters[zone] = RateLimitedTimedQueue(TokenBucket(EVICTION_QPS))

    def _record_node_event(self, node: Object, reason: str, event: str) -> None:
        """RecordNodeEvent: on a reference to the node (such events land in "default")."""
        message = NODE_EVENT.format(node["metadata"]["name"], event)
        self.recorder.event(_node_reference(node), NORMAL, reason, message)

    def _update_health_with_retries(
        self, node: Object
    ) -> tuple[Object, Object, Object | None] | None:
        for _ in range(HEALTH_UPDATE_RETRIES):
            try:
                observed, current = self._try_update_health(node)
                return node, observed, current
            except APIError:
                try:
                    node = self.client.call("get", "nodes", name=node["metadata"]["name"])
                except APIError:
                    return None
        return None

    def _try_update_health(self, node: Object) -> tuple[Object, Object | None]:
        """tryUpdateNodeHealth: the Ready condition as observed, and as it is now (Unknown
        if the node has been silent for longer than its grace period)."""
        name = node["metadata"]["name"]
        current = ready_condition(node)
        health = self.health.get(name)
        if current is None:
            observed: Object = {"type": "Ready", "status": "Unknown"}
            grace = NODE_STARTUP_GRACE_MS
            if health is None:
                created = virtual_ms(self.clock, node["metadata"].get("creationTimestamp")) or 0
                health = NodeHealth(created, created, None)
            health.ready = None
        else:
            observed = dict(current)
            grace = NODE_MONITOR_GRACE_MS
        saved_lease = health.lease_renewed if health is not None else None
        health = self._observe(health, current)
        renewed = renew_time(self.leases.get(f"{LEASE_NAMESPACE}/{name}"))
        if renewed is not None and (saved_lease is None or saved_lease < renewed):
            health.lease_renewed = renewed
            health.probe_ms = self.clock.now
        self.health[name] = health
        if self.clock.now > health.probe_ms + grace:
            current = self._mark_unknown(node, health, observed, renewed)
        return observed, current

    def _observe(self, health: NodeHealth | None, current: Object | None) -> NodeHealth:
        """A new record (probed now) when the Ready condition appears, disappears or its
        heartbeat moves; the transition time moves when the condition changed."""
        now = self.clock.now
        saved = health.ready if health is not None else None
        if health is None or (saved is None and current is not None):
            return NodeHealth(now, now, current)
        if saved is not None and current is None:
            return NodeHealth(now, now, None)
        if saved is None or current is None:
            return health
        if saved.get("lastHeartbeatTime") == current.get("lastHeartbeatTime"):
            return health
        transition = health.ready_transition_ms
        if saved.get("lastTransitionTime") != current.get("lastTransitionTime"):
            transition = now
        return NodeHealth(now, transition, current)

    def _mark_unknown(
        self, node: Object, health: NodeHealth, observed: Object, renewed: float | None
    ) -> Object | None:
        now = self.clock.timestamp()
        node = copy.deepcopy(node)
        conditions = node.setdefault("status", {}).setdefault("conditions", [])
        for kind in MONITORED_CONDITIONS:
            found = next((c for c in conditions if c.get("type") == kind), None)
            if found is None:
                reason, message = NEVER_UPDATED
                conditions.append(
                    {
                        "type": kind,
                        "status": "Unknown",
                        "lastHeartbeatTime": node["metadata"].get("creationTimestamp"),
                        "lastTransitionTime": now,
                        "reason": reason,
                        "message": message,
                    }
                )
            elif found.get("status") != "Unknown":
                reason, message = STOPPED_POSTING
                found.update(status="Unknown", reason=reason, message=message)
                found["lastTransitionTime"] = now
        current = ready_condition(node)
        if current != observed:
            self.client.call(
                "update", "nodes", name=node["metadata"]["name"], subresource="status", body=node
            )
            self.health[node["metadata"]["name"]] = NodeHealth(
                health.probe_ms, self.clock.now, current, renewed
            )
        return current

    def _react(self, node: Object, observed: Object, current: Object) -> None:
        """Taints by the Ready condition observed; events and pods on a transition."""
        name = node["metadata"]["name"]
        self._process_taint_based_eviction(node, observed)
        went_down = current.get("status") != "True" and observed.get("status") == "True"
        if went_down:
            self.recorder.event(
                _node_reference(node),
                NORMAL,
                NODE_NOT_READY,
                STATUS_NOW.format(name, NODE_NOT_READY),
            )
        if went_down or (name in self.retry and observed.get("status") != "True"):
            pods = self.pods.by_index(NODE_NAME_INDEX, name)
            if not self._mark_pods_not_ready(pods, name):
                self.retry.add(name)
                return
        self.retry.discard(name)

    def _process_taint_based_eviction(self, node: Object, observed: Object) -> None:
        status = observed.get("status")
        current = taints.of(node)
        if status == "False":
            if taints.exists(current, UNREACHABLE_TAINT):
                self._swap_quietly(node, [NOT_READY_TAINT], [UNREACHABLE_TAINT])
            else:
                self._mark_for_tainting(node, NOT_READY_TAINT)
        elif status == "Unknown":
            if taints.exists(current, NOT_READY_TAINT):
                self._swap_quietly(node, [UNREACHABLE_TAINT], [NOT_READY_TAINT])
            else:
                self._mark_for_tainting(node, UNREACHABLE_TAINT)
        elif status == "True":
            self._mark_reachable(node)

    def _mark_for_tainting(self, node: Object, wanted: Object) -> None:
        tainter = self.tainters[zone_of(node)]
        name = node["metadata"]["name"]
        if not taints.exists(taints.of(node), wanted):
            tainter.remove(name)
        if tainter.add(name, node["metadata"].get("uid", ""), self.clock.now):
            self._schedule_tainting()

    def _mark_reachable(self, node: Object) -> None:
        """markNodeAsReachable: no NoExecute node-controller taint, nothing queued."""
        to_remove = [
            t for t in (UNREACHABLE_TAINT, NOT_READY_TAINT) if taints.exists(taints.of(node), t)
        ]
        if to_remove:
            try:
                self._remove_taints(node["metadata"]["name"], to_remove)
            except APIError:
                return
        tainter = self.tainters.get(zone_of(node))
        if tainter is not None:
            tainter.remove(node["metadata"]["name"])

    # -- the NoExecute tainting pass --------------------------------------------------

    def _schedule_tainting(self) -> None:
        if self._tainting is None:
            self._tainting = self.clock.call_later(
                NODE_EVICTION_PERIOD_MS, self._tainting_pass, background=True
            )

    def _tainting_pass(self) -> None:
        """doNoExecuteTaintingPass, every 100ms while some node waits for its taint."""
        self._tainting = None
        for zone in list(self.tainters):
            self.tainters[zone].try_process(self.clock.now, self._taint_no_execute)
        if any(self.tainters.values()):
            self._schedule_tainting()

    def _taint_no_execute(self, item: TimedValue) -> tuple[bool, int]:
        node = self.nodes.get(item.value)
        if node is None:
            return True, 0
        ready = ready_condition(node)
        if ready is None:
            return False, 50
        if ready.get("status") == "False":
            wanted, opposite = NOT_READY_TAINT, UNREACHABLE_TAINT
        elif ready.get("status") == "Unknown":
            wanted, opposite = UNREACHABLE_TAINT, NOT_READY_TAINT
        else:
            return True, 0  # ready again: no taint after all
        return self._swap_quietly(node, [wanted], [opposite]), 0

    # -- writing taints ---------------------------------------------------------------

    def _swap_quietly(self, node: Object, to_add: list[Object], to_remove: list[Object]) -> bool:
        try:
            self._swap_taints(node, to_add, to_remove)
        except APIError:
            return False
        return True

    def _swap_taints(self, node: Object, to_add: list[Object], to_remove: list[Object]) -> None:
        """SwapNodeControllerTaint: add (stamped now), then remove."""
        name = node["metadata"]["name"]
        now = self.clock.timestamp()
        if to_add:
            fresh = self.client.call("get", "nodes", name=name)
            current = taints.of(fresh)
            for wanted in to_add:
                stamped = {**wanted, "timeAdded": now}
                current = [t for t in current if not taints.matches(t, stamped)] + [stamped]
            taints.patch_taints(self.client, fresh, current)
        if any(taints.exists(taints.of(node), t) for t in to_remove):
            self._remove_taints(name, to_remove)

    def _remove_taints(self, name: str, to_remove: list[Object]) -> None:
        """RemoveTaintOffNode."""
        fresh = self.client.call("get", "nodes", name=name)
        kept = [t for t in taints.of(fresh) if not any(taints.matches(t, r) for r in to_remove)]
        if len(kept) != len(taints.of(fresh)):
            taints.patch_taints(self.client, fresh, kept)

    # -- pods -------------------------------------------------------------------------

    def _process_pod(self, key: str) -> None:
        """processPod: a pod bound to a node that is not ready is marked not ready."""
        pod = self.pods.get(key)
        if pod is None:
            return
        name = pod["spec"].get("nodeName", "")
        health = self.health.get(name)
        if health is None or self.nodes.get(name) is None or health.ready is None:
            return
        if health.ready.get("status") != "True" and not self._mark_pods_not_ready([pod], name):
            raise Retry

    def _mark_pods_not_ready(self, pods: list[Object], node_name: str) -> bool:
        """MarkPodsNotReady: each pod's Ready condition False; True if all went well."""
        ok = True
        for cached in pods:
            if cached["spec"].get("nodeName") != node_name:
                continue
            pod = copy.deepcopy(cached)
            ready = ready_condition(pod)
            if ready is None or ready.get("status") == "False":
                continue
            ready["status"] = "False"
            ready["lastTransitionTime"] = self.clock.timestamp()
            meta = pod["metadata"]
            try:
                self.client.call(
                    "update",
                    "pods",
                    meta["namespace"],
                    meta["name"],
                    subresource="status",
                    body=pod,
                )
            except APIError as error:
                ok = ok and error.code == 404
                if error.code == 404:
                    continue
            self.recorder.event(pod, WARNING, NODE_NOT_READY, NOT_READY_MESSAGE)
        return ok

    # -- zones ------------------------------------------------------------------------

    def _handle_disruption(
        self, zone_conditions: dict[str, list[Object | None]], nodes: list[Object]
    ) -> None:
        """Stop tainting when every zone is fully disrupted; slow down when partially."""
        new_states = {zone: self._zone_state(found) for zone, found in zone_conditions.items()}
        all_down_now = all(s == FULL_DISRUPTION for s in new_states.values())
        for zone in zone_conditions:
            self.zone_states.setdefault(zone, INITIAL)
        for zone in [z for z in self.zone_states if z not in zone_conditions]:
            del self.zone_states[zone]
        all_down_before = all(s == FULL_DISRUPTION for s in self.zone_states.values())
        if all_down_now and all_down_before:
            return
        if all_down_now:
            for node in nodes:
                self._mark_reachable(node)
            for zone in self.zone_states:
                self.tainters[zone].swap_limiter(0, self.clock.now)
                self.zone_states[zone] = FULL_DISRUPTION
            return
        if all_down_before:
            for node in nodes:
                health = self.health.get(node["metadata"]["name"])
                if health is not None:
                    health.probe_ms = health.ready_transition_ms = self.clock.now
        for zone, state in list(self.zone_states.items()):
            wanted = new_states.get(zone, state)
            if all_down_before or state != wanted:
                self._set_limiter(zone, len(zone_conditions.get(zone, [])), wanted)
                self.zone_states[zone] = wanted

    @staticmethod
    def _zone_state(conditions: list[Object | None]) -> str:
        """ComputeZoneState."""
        ready = sum(1 for c in conditions if c is not None and c.get("status") == "True")
        not_ready = len(conditions) - ready
        if ready == 0 and not_ready > 0:
            return FULL_DISRUPTION
        if not_ready > 2 and not_ready / len(conditions) >= UNHEALTHY_ZONE_THRESHOLD:
            return PARTIAL_DISRUPTION
        return NORMAL_STATE

    def _set_limiter(self, zone: str, size: int, state: str) -> None:
        if state == NORMAL_STATE:
            qps = EVICTION_QPS
        elif state == PARTIAL_DISRUPTION:
            qps = SECONDARY_EVICTION_QPS if size > LARGE_CLUSTER_THRESHOLD else 0
        else:
            qps = EVICTION_QPS
        self.tainters[zone].swap_limiter(qps, self.clock.now)


def _node_reference(node: Object) -> Object:
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": node["metadata"]["name"], "uid": node["metadata"].get("uid", "")},
    }
