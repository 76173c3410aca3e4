"""The DaemonSet controller (pkg/controller/daemon/daemon_controller.go): one pod of a
DaemonSet on every node that should run it.

For each node it decides whether the DaemonSet's pod should run there (the template's node
selector and required node affinity, and the node's taints against the template's
tolerations plus those every daemon pod gets), creates the missing pods pinned to their node
by a required node affinity (the default scheduler binds them), deletes the pods on nodes
that should not run them, the surplus ones and the failed ones (with a back-off per node),
and then rolls out a changed template (update.py). Each template is recorded as a
ControllerRevision whose hash labels the pods made from it. Expectations make it wait to
see its own creations and deletions before acting on a DaemonSet again.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import podevents, taints
from cluster.engine.controllers.daemonset import update
from cluster.engine.controllers.daemonset import util as dsutil
from cluster.engine.controllers.informers import (
    CONTROLLER_INDEX,
    NODE_NAME_INDEX,
    ORPHAN_INDEX,
    InformerFactory,
    controller_uid_index,
    node_name_index,
    orphan_index,
)
from cluster.engine.controllers.podevents import PodOwnerEvents
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.node.backoff import Backoff
from cluster.engine.scheduler.plugins.nodeaffinity import required_node_affinity

NAME = "daemonset-controller"
KIND = "DaemonSet"
BURST_REPLICAS = 250  # BurstReplicas
STATUS_UPDATE_RETRIES = 1
FAILED_PODS_BACKOFF_INITIAL_MS = 1_000  # flowcontrol.NewBackOff(1*time.Second, 15*time.Minute)
FAILED_PODS_BACKOFF_MAX_MS = 15 * 60 * 1000

SELECTING_ALL = "SelectingAll"
FAILED_PLACEMENT = "FailedPlacement"  # no longer recorded: the scheduler places daemon pods
FAILED_DAEMON_POD = "FailedDaemonPod"
SUCCEEDED_DAEMON_POD = "SucceededDaemonPod"
SELECTING_ALL_MESSAGE = "This daemon set is selecting all pods. A non-empty selector is required."
FAILED_DAEMON_POD_MESSAGE = "Found failed daemon pod {}/{} on node {}, will try to kill it"
SUCCEEDED_DAEMON_POD_MESSAGE = "Found succeeded daemon pod {}/{} on node {}, will try to delete it"

NodePods = dict[str, list[Object]]


class DaemonSetsController(PodOwnerEvents):
    name = "daemonset"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.pod_control = utils.PodControl(client, self.recorder)
        self.queue = WorkQueue(clock, self.reconcile, "daemonset")
        self.node_update_queue = WorkQueue(clock, self.sync_node_update, "daemonset-node")
        self.expectations = utils.Expectations(clock)
        self.failed_pods_backoff = Backoff(
            FAILED_PODS_BACKOFF_INITIAL_MS, FAILED_PODS_BACKOFF_MAX_MS
        )
        self.daemonsets = informers.informer("daemonsets")
        self.histories = informers.informer("controllerrevisions")
        self.pods = informers.informer("pods")
        self.nodes = informers.informer("nodes")
        for informer in (self.histories, self.pods):
            informer.add_indexer(CONTROLLER_INDEX, controller_uid_index)
            informer.add_indexer(ORPHAN_INDEX, orphan_index)
        self.pods.add_indexer(NODE_NAME_INDEX, node_name_index)
        self.daemonsets.add_handler(self._on_daemonset)
        self.histories.add_handler(self._on_history)
        self.pods.add_handler(self._on_pod)
        self.nodes.add_handler(self._on_node)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_daemonset(self, kind: str, ds: Object, old: Object | None) -> None:
        if kind == DELETED or (old is not None and old["metadata"]["uid"] != ds["metadata"]["uid"]):
            self.expectations.forget(namespaced_name(old or ds))
        self.queue.add(namespaced_name(ds))

    def _on_history(self, kind: str, history: Object, old: Object | None) -> None:
        """addHistory, updateHistory, deleteHistory: wake the DaemonSet that controls the
        revision (the old and the new one), or those that could adopt an orphan."""
        if kind != DELETED and old is not None:
            if history["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
                return
            old_ref = utils.controller_of(old)
            if old_ref is not None and old_ref != utils.controller_of(history):
                self._enqueue_owner(old, old_ref)
        ref = utils.controller_of(history)
        if ref is not None:
            self._enqueue_owner(history, ref)
        elif kind != DELETED and not history["metadata"].get("deletionTimestamp"):
            for ds in self._selecting(history):
                self.queue.add(namespaced_name(ds))

    def _enqueue_owner(self, obj: Object, ref: Object) -> None:
        ds = self._resolve(obj, ref)
        if ds is not None:
            self.queue.add(namespaced_name(ds))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        podevents.dispatch(kind, pod, old, self._pod_added, self._pod_updated, self._pod_deleted)

    def _pod_updated(self, pod: Object, old: Object) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            self._pod_deleted(pod)  # replace it now, not when the kubelet has stopped it
            return
        ref, old_ref = utils.controller_of(pod), utils.controller_of(old)
        if ref != old_ref and old_ref is not None:
            self._enqueue_owner(old, old_ref)
        if ref is not None:
            ds = self._resolve(pod, ref)
            if ds is None:
                return
            self.queue.add(namespaced_name(ds))
            self._recheck_availability(ds, pod, old)
            return
        label_changed = pod["metadata"].get("labels") != old["metadata"].get("labels")
        if label_changed or ref != old_ref:
            for ds in self._selecting(pod):
                self.queue.add(namespaced_name(ds))

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        """addNode, updateNode: only labels and taints decide where daemon pods run."""
        if kind == DELETED:
            return
        if old is not None and kind != ADDED and not _node_changed(old, node):
            return
        self.node_update_queue.add(node["metadata"]["name"])

    def node_should_run_daemon_pod(self, node: Object, ds: Object) -> tuple[bool, bool]:
        return node_should_run_daemon_pod(node, ds)

    def _resolve(self, obj: Object, ref: Object) -> Object | None:
        namespace = obj["metadata"]["namespace"]
        return utils.resolve_controller_ref(self.daemonsets, namespace, ref, KIND)

    def _selecting(self, obj: Object) -> list[Object]:
        """getDaemonSetsForPod, getDaemonSetsForHistory: the DaemonSets selecting `obj`."""
        return utils.selecting(self.daemonsets.in_namespace(obj["metadata"]["namespace"]), obj)

    # -- node updates -----------------------------------------------------------------

    def sync_node_update(self, node_name: str) -> None:
        """syncNodeUpdate: wake the DaemonSets whose placement on this node changed."""
        node = self.nodes.get(node_name)
        if node is None:
            return
        scheduled: set[str] = set()
        for pod in self.pods.by_index(NODE_NAME_INDEX, node_name):
            ref = utils.controller_of(pod)
            if ref is not None and ref.get("kind") == KIND:
                scheduled.add(f"{pod['metadata']['namespace']}/{ref.get('name')}")
        for ds in sorted(self.daemonsets.items(), key=namespaced_name):
            should_run, should_continue_running = node_should_run_daemon_pod(node, ds)
            key = namespaced_name(ds)
            has_pods = key in scheduled
            misscheduled = (ds.get("status") or {}).get("numberMisscheduled", 0) > 0
            if (
                (should_run and not has_pods)
                or (not should_continue_running and has_pods)
                or (has_pods and misscheduled)
            ):
                self.queue.add(key)

    # -- reconcile --------------------------------------------------------------------

    def reconcile(self, key: str) -> None:
        """syncDaemonSet."""
        ds = self.daemonsets.get(key)
        if ds is None:
            self.expectations.forget(key)
            return
        nodes = self._node_list()
        if ds["spec"].get("selector") == {}:
            self.recorder.event(ds, WARNING, SELECTING_ALL, SELECTING_ALL_MESSAGE)
            return
        if ds["metadata"].get("deletionTimestamp"):
            # its revisions may be gone or orphaned already: no status can be trusted
            return
        cur, old = update.construct_history(self, ds)
        hash_ = (cur["metadata"].get("labels") or {}).get(dsutil.DEFAULT_UNIQUE_LABEL_KEY, "")
        if not self.expectations.satisfied(key):
            # status only: this generation has not been processed
            self._update_status(ds, nodes, hash_, self.get_daemon_pods(ds), False)
            return
        error: Retry | None = None
        try:
            self._update_daemonset(ds, nodes, hash_, key, old)
        except Retry as raised:
            error = raised
        self._update_status(ds, nodes, hash_, self.get_daemon_pods(ds), True)
        if error is not None:
            raise error

    def _node_list(self) -> list[Object]:
        return sorted(self.nodes.items(), key=lambda node: node["metadata"]["name"])

    def _update_daemonset(
        self, ds: Object, nodes: list[Object], hash_: str, key: str, old: list[Object]
    ) -> None:
        """updateDaemonSet: manage, then roll out once the expectations are met, then prune
        the history."""
        self.manage(ds, nodes, hash_)
        if self.expectations.satisfied(key):
            strategy = (ds["spec"].get("updateStrategy") or {}).get("type")
            if strategy == dsutil.ROLLING_UPDATE:
                update.rolling_update(self, ds, nodes, hash_)
        try:
            update.cleanup_history(self, ds, old)
        except APIError as error:
            raise Retry from error

    # -- pods -------------------------------------------------------------------------

    def get_daemon_pods(self, ds: Object) -> list[Object]:
        """getDaemonPods: the pods it controls, after adopting the orphans it selects and
        releasing the pods it no longer selects."""
        selector = utils.selector_of(ds)
        if selector is None:
            raise Retry
        owned = self.pods.by_index(CONTROLLER_INDEX, ds["metadata"]["uid"])
        orphans = self.pods.by_index(ORPHAN_INDEX, ds["metadata"]["namespace"])
        manager = utils.ControllerRefManager(self.client, ds, selector, "pods")
        claimed = manager.claim(owned + orphans)
        if manager.errors:
            raise Retry
        return claimed

    def nodes_to_daemon_pods(self, ds: Object, include_deleted_terminal: bool) -> NodePods:
        """getNodesToDaemonPods: the claimed pods by the node they are (or are to be) on."""
        return _by_node(self.get_daemon_pods(ds), include_deleted_terminal)

    def manage(self, ds: Object, nodes: list[Object], hash_: str) -> None:
        """manage: create the pods nodes are missing, delete those they should not run."""
        node_to_pods = self.nodes_to_daemon_pods(ds, False)
        needing: list[str] = []
        to_delete: list[str] = []
        for node in nodes:
            need, delete = self.pods_should_be_on_node(node, node_to_pods, ds, hash_)
            needing += need
            to_delete += delete
        to_delete += unscheduled_pods_without_node(nodes, node_to_pods)
        self.sync_nodes(ds, to_delete, needing, hash_)

    def pods_should_be_on_node(
        self, node: Object, node_to_pods: NodePods, ds: Object, hash_: str
    ) -> tuple[list[str], list[str]]:
        """podsShouldBeOnNode: whether the node needs a daemon pod, and which of its daemon
        pods to delete."""
        should_run, should_continue_running = node_should_run_daemon_pod(node, ds)
        node_name = node["metadata"]["name"]
        daemon_pods = node_to_pods.get(node_name)
        if should_run and daemon_pods is None:
            return [node_name], []
        if should_continue_running:
            return self._prune(node_name, daemon_pods or [], ds, hash_, should_run)
        if daemon_pods:
            live = [p for p in daemon_pods if not p["metadata"].get("deletionTimestamp")]
            return [], [p["metadata"]["name"] for p in live]
        return [], []

    def _prune(
        self, node_name: str, daemon_pods: list[Object], ds: Object, hash_: str, should_run: bool
    ) -> tuple[list[str], list[str]]:
        """The pods of a node that keeps its daemon pod: delete the finished ones and all but
        one (two while surging) of the others."""
        to_delete: list[str] = []
        running: list[Object] = []
        for pod in daemon_pods:
            if pod["metadata"].get("deletionTimestamp"):
                continue
            phase = (pod.get("status") or {}).get("phase")
            if phase == "Failed":
                if self._failed_pod_in_backoff(ds, node_name):
                    continue
                self._record_finished(ds, pod, node_name, WARNING, FAILED_DAEMON_POD)
                to_delete.append(pod["metadata"]["name"])
            elif phase == "Succeeded":
                self._record_finished(ds, pod, node_name, NORMAL, SUCCEEDED_DAEMON_POD)
                to_delete.append(pod["metadata"]["name"])
            else:
                running.append(pod)
        running = sort_by_creation_timestamp_and_phase(running)
        if not dsutil.allows_surge(ds):
            return [], to_delete + [p["metadata"]["name"] for p in running[1:]]
        if len(running) <= 1:
            # surging needs at least one pod that is not being deleted
            return ([node_name] if not running and should_run else []), to_delete
        return [], to_delete + self._surge_surplus(running, ds, hash_)

    def _surge_surplus(self, running: list[Object], ds: Object, hash_: str) -> list[str]:
        """Keep the oldest new pod and the oldest old pod, and that old one only while it is
        ready and the new one is not available yet."""
        oldest_new: Object | None = None
        oldest_old: Object | None = None
        surplus: list[str] = []
        for pod in running:
            is_new = (pod["metadata"].get("labels") or {}).get(
                dsutil.DEFAULT_UNIQUE_LABEL_KEY
            ) == hash_
            if is_new and oldest_new is None:
                oldest_new = pod
            elif not is_new and oldest_old is None:
                oldest_old = pod
            else:
                surplus.append(pod["metadata"]["name"])
        if oldest_new is not None and oldest_old is not None:
            min_ready = ds["spec"].get("minReadySeconds", 0)
            if not utils.is_pod_ready(oldest_old) or utils.is_pod_available(
                oldest_new, min_ready, self.clock
            ):
                surplus.append(oldest_old["metadata"]["name"])
        return surplus

    def _failed_pod_in_backoff(self, ds: Object, node_name: str) -> bool:
        """Deleting failed pods fights with a kubelet that rejects them: back off per node."""
        key = failed_pods_backoff_key(ds, node_name)
        now = self.clock.now
        if self.failed_pods_backoff.in_backoff_since_update(key, now):
            delay = self.failed_pods_backoff.get(key)
            self.queue.add_after(namespaced_name(ds), delay)
            return True
        self.failed_pods_backoff.next(key, now, now)
        return False

    def _record_finished(
        self, ds: Object, pod: Object, node_name: str, kind: str, reason: str
    ) -> None:
        template = FAILED_DAEMON_POD_MESSAGE if kind == WARNING else SUCCEEDED_DAEMON_POD_MESSAGE
        message = template.format(pod["metadata"]["namespace"], pod["metadata"]["name"], node_name)
        self.recorder.event(ds, kind, reason, message)

    def sync_nodes(
        self, ds: Object, pods_to_delete: list[str], nodes_needing: list[str], hash_: str
    ) -> None:
        """syncNodes: create pods on `nodes_needing`, in slow-start batches, and delete
        `pods_to_delete`, each at most BurstReplicas; raise Retry after any failure."""
        key = namespaced_name(ds)
        namespace = ds["metadata"]["namespace"]
        creating = nodes_needing[:BURST_REPLICAS]
        deleting = pods_to_delete[:BURST_REPLICAS]
        self.expectations.set_expectations(
            key, len(creating), [f"{namespace}/{name}" for name in deleting]
        )
        errors: list[APIError] = []
        template = dsutil.create_pod_template(
            ds["spec"]["template"], dsutil.get_template_generation(ds), hash_
        )
        targets = iter(creating)
        created = utils.slow_start_batch(
            len(creating), lambda: self._create_pod(ds, template, next(targets), errors)
        )
        for _ in range(len(creating) - created):
            self.expectations.creation_observed(key)  # failed or skipped: never to be seen
        for name in deleting:
            try:
                self.pod_control.delete_pod(namespace, name, ds)
            except APIError as error:
                self.expectations.deletion_observed(key, f"{namespace}/{name}")
                if error.code != 404:
                    errors.append(error)
        if errors:
            raise Retry from errors[0]

    def _create_pod(
        self, ds: Object, template: Object, node_name: str, errors: list[APIError]
    ) -> bool:
        pod_template = {**template, "spec": dict(template["spec"])}
        # safe: the node's own eligibility was checked against the template's affinity
        pod_template["spec"]["affinity"] = dsutil.replace_node_name_node_affinity(
            template["spec"].get("affinity"), node_name
        )
        try:
            self.pod_control.create_pod(pod_template, ds, utils.controller_ref(ds))
        except APIError as error:
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                return True  # every creation would fail: nothing to report
            errors.append(error)
            return False
        return True

    # -- status -----------------------------------------------------------------------

    def _update_status(
        self,
        ds: Object,
        nodes: list[Object],
        hash_: str,
        pods: list[Object],
        update_observed_generation: bool,
    ) -> None:
        """updateDaemonSetStatus."""
        status = self.calculate_status(ds, nodes, hash_, _by_node(pods))
        try:
            self._store_status(ds, status, update_observed_generation)
        except APIError as error:
            raise Retry from error
        min_ready = ds["spec"].get("minReadySeconds", 0)
        if min_ready and status["numberReady"] != status["numberAvailable"]:
            # a last line of defence against clock skew
            self.queue.add_after(namespaced_name(ds), min_ready * 1000)

    def calculate_status(
        self, ds: Object, nodes: list[Object], hash_: str, node_to_pods: NodePods
    ) -> dict[str, int]:
        """The counts of updateDaemonSetStatus, from the oldest daemon pod of each node."""
        desired = current = misscheduled = ready = updated = available = 0
        generation = dsutil.get_template_generation(ds)
        min_ready = ds["spec"].get("minReadySeconds", 0)
        for node in nodes:
            should_run, _ = node_should_run_daemon_pod(node, ds)
            pods = node_to_pods.get(node["metadata"]["name"]) or []
            if not should_run:
                misscheduled += bool(pods)
                continue
            desired += 1
            if not pods:
                continue
            current += 1
            pod = sort_by_creation_timestamp_and_phase(pods)[0]
            if utils.is_pod_ready(pod):
                ready += 1
                available += utils.is_pod_available(pod, min_ready, self.clock)
            updated += dsutil.is_pod_updated(pod, hash_, generation)
        return {
            "desiredNumberScheduled": desired,
            "currentNumberScheduled": current,
            "numberMisscheduled": misscheduled,
            "numberReady": ready,
            "updatedNumberScheduled": updated,
            "numberAvailable": available,
            "numberUnavailable": desired - available,
        }

    def _store_status(self, ds: Object, counts: dict[str, int], update_generation: bool) -> None:
        """storeDaemonSetStatus: write the counts if any changed (or the generation is not
        observed yet); on a failure read the DaemonSet again and retry, once."""
        current = ds.get("status") or {}
        generation = ds["metadata"].get("generation", 0)
        if (
            all(current.get(k, 0) == v for k, v in counts.items())
            and current.get("observedGeneration", 0) >= generation
        ):
            return
        namespace, name = ds["metadata"]["namespace"], ds["metadata"]["name"]
        to_update = ds
        for attempt in range(STATUS_UPDATE_RETRIES + 1):
            status = dict(to_update.get("status") or {})
            if update_generation:
                status["observedGeneration"] = generation
            status.update(counts)
            try:
                self.client.call(
                    "update",
                    "daemonsets",
                    namespace,
                    name,
                    subresource="status",
                    body={**to_update, "status": _omit_empty(status)},
                )
                return
            except APIError:
                if attempt >= STATUS_UPDATE_RETRIES:
                    raise
            to_update = self.client.call("get", "daemonsets", namespace, name)


def _omit_empty(status: Object) -> Object:
    """DaemonSetStatus as Go marshals it: the four scheduling counts always, the rest only
    when set."""
    required = (
        "currentNumberScheduled",
        "numberMisscheduled",
        "desiredNumberScheduled",
        "numberReady",
    )
    return {k: v for k, v in status.items() if k in required or v}


def _node_changed(old: Object, node: Object) -> bool:
    """Not shouldIgnoreNodeUpdate: the labels or the taints changed."""
    return old["metadata"].get("labels") != node["metadata"].get("labels") or taints.of(
        old
    ) != taints.of(node)


def _by_node(pods: list[Object], include_deleted_terminal: bool = False) -> NodePods:
    """Claimed pods by the node they are (or are to be) on."""
    found: NodePods = {}
    for pod in pods:
        if (
            not include_deleted_terminal
            and utils.is_pod_terminal(pod)
            and pod["metadata"].get("deletionTimestamp")
        ):
            continue  # the kubelet or the pod GC is removing it: nothing left to do
        node_name = dsutil.get_target_node_name(pod)
        if node_name is not None:
            found.setdefault(node_name, []).append(pod)
    return found


# -- where daemon pods run ---------------------------------------------------------------


def daemon_pod_tolerations(spec: Object) -> list[Object]:
    """The tolerations of NewPod: the template's and those every daemon pod gets."""
    probe: Object = {
        "tolerations": list(spec.get("tolerations") or ()),
        "hostNetwork": spec.get("hostNetwork"),
    }
    dsutil.add_or_update_daemon_pod_tolerations(probe)
    return probe["tolerations"]


def _untolerated(
    node_taints: list[Object], tolerations: list[Object], effects: tuple[str, ...]
) -> bool:
    """FindMatchingUntoleratedTaint over the taints of these effects."""
    return any(
        not any(taints.tolerates(t, taint) for t in tolerations)
        for taint in node_taints
        if taint.get("effect") in effects
    )


def node_should_run_daemon_pod(node: Object, ds: Object) -> tuple[bool, bool]:
    """NodeShouldRunDaemonPod: whether a daemon pod should start on the node (shouldRun),
    and whether one already there may stay (shouldContinueRunning: it tolerates every
    NoExecute taint, even when a NoSchedule one keeps new pods out)."""
    spec = ds["spec"]["template"].get("spec") or {}
    node_name = node["metadata"]["name"]
    if spec.get("nodeName") and spec["nodeName"] != node_name:
        return False, False
    # parsing errors are ignored, for backwards compatibility: a broken term matches nothing
    affinity = required_node_affinity({"spec": spec})
    if not affinity.matches_labels(node["metadata"].get("labels") or {}, node_name):
        return False, False
    tolerations = daemon_pod_tolerations(spec)
    node_taints = taints.of(node)
    if _untolerated(node_taints, tolerations, (taints.NO_EXECUTE, taints.NO_SCHEDULE)):
        return False, not _untolerated(node_taints, tolerations, (taints.NO_EXECUTE,))
    return True, True


def sort_by_creation_timestamp_and_phase(pods: list[Object]) -> list[Object]:
    """podByCreationTimestampAndPhase: scheduled first, then the oldest, then by name."""
    return sorted(
        pods,
        key=lambda p: (
            not (p.get("spec") or {}).get("nodeName"),
            p["metadata"].get("creationTimestamp") or "",
            p["metadata"]["name"],
        ),
    )


def failed_pods_backoff_key(ds: Object, node_name: str) -> str:
    observed = (ds.get("status") or {}).get("observedGeneration", 0)
    return f"{ds['metadata']['uid']}/{observed}/{node_name}"


def unscheduled_pods_without_node(nodes: list[Object], node_to_pods: NodePods) -> list[str]:
    """getUnscheduledPodsWithoutNode: unbound pods meant for a node that is gone (the pod
    GC never deletes them)."""
    running = {node["metadata"]["name"] for node in nodes}
    return [
        pod["metadata"]["name"]
        for node_name, pods in sorted(node_to_pods.items())
        if node_name not in running
        for pod in pods
        if not (pod.get("spec") or {}).get("nodeName")
    ]
