"""The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps the number of
active pods a ReplicaSet controls at spec.replicas.

It adopts matching orphans and releases pods that stopped matching, creates missing pods in
slow-start batches (1, 2, 4, ...), deletes surplus pods in Kubernetes' order of preference
(ActivePodsWithRanks), and waits, with expectations, to see its own creations and deletions
before acting on a ReplicaSet again. Its status counts the pods it controls.
"""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import podevents
from cluster.engine.controllers.informers import (
    CONTROLLER_INDEX,
    ORPHAN_INDEX,
    InformerFactory,
    controller_uid_index,
    orphan_index,
)
from cluster.engine.controllers.ownedpods import Claimed, PodTracker
from cluster.engine.controllers.podevents import PodOwnerEvents
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import EventRecorder

NAME = "replicaset-controller"
BURST_REPLICAS = 500  # BurstReplicas: the most pods created or deleted in one sync
STATUS_UPDATE_RETRIES = 1
REPLICA_FAILURE = "ReplicaFailure"


class ReplicaSetController(PodOwnerEvents):
    """NewBaseController: the kind it controls is its class's (the replication controller
    runs the same logic on ReplicationControllers)."""

    name = "replicaset"
    resource = "replicasets"
    kind = "ReplicaSet"
    component = NAME

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, self.component)
        self.pod_control = utils.PodControl(client, self.recorder)
        self.queue = WorkQueue(clock, self.reconcile, self.name)
        self.expectations = utils.Expectations(clock)
        self.replicasets = informers.informer(self.resource)
        self.pods = informers.informer("pods")
        for informer in (self.replicasets, self.pods):
            informer.add_indexer(CONTROLLER_INDEX, controller_uid_index)
        self.pods.add_indexer(ORPHAN_INDEX, orphan_index)
        self.tracker = PodTracker(self.pods)
        self.replicasets.add_handler(self._on_replicaset)
        self.pods.add_handler(self._on_pod)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_replicaset(self, kind: str, rs: Object, old: Object | None) -> None:
        key = namespaced_name(rs)
        if kind == DELETED or (old is not None and old["metadata"]["uid"] != rs["metadata"]["uid"]):
            self.expectations.forget(key)
            self.tracker.forget((old or rs)["metadata"]["uid"])
        self.queue.add(key)

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        self.tracker.observe(pod, old, deleted=kind == DELETED)
        podevents.dispatch(kind, pod, old, self._pod_added, self._pod_updated, self._pod_deleted)

    def _pod_updated(self, pod: Object, old: Object) -> None:
        label_changed = pod["metadata"].get("labels") != old["metadata"].get("labels")
        if pod["metadata"].get("deletionTimestamp"):
            self._pod_deleted(pod)
            if label_changed:
                self._pod_deleted(old)
            return
        ref, old_ref = utils.controller_of(pod), utils.controller_of(old)
        if ref != old_ref and old_ref is not None:
            previous = self._resolve(old, old_ref)
            if previous is not None:
                self.queue.add(namespaced_name(previous))
        if ref is not None:
            rs = self._resolve(pod, ref)
            if rs is not None:
                self.queue.add(namespaced_name(rs))
                self._recheck_availability(rs, pod, old)
            return
        if label_changed or ref != old_ref:
            for rs in self._selecting(pod):
                self.queue.add(namespaced_name(rs))

    def _resolve(self, pod: Object, ref: Object) -> Object | None:
        namespace = pod["metadata"]["namespace"]
        return utils.resolve_controller_ref(self.replicasets, namespace, ref, self.kind)

    def _selecting(self, pod: Object) -> list[Object]:
        """GetPodReplicaSets: every ReplicaSet of the pod's namespace selecting it."""
        owners = self.replicasets.in_namespace(pod["metadata"]["namespace"])
        return utils.selecting(owners, pod, self.selector)

    def selector(self, rs: Object) -> labels.Selector | None:
        """The ReplicaSet's selector; None when it does not parse."""
        return utils.selector_of(rs)

    # -- reconcile --------------------------------------------------------------------

    def reconcile(self, key: str) -> None:
        """syncReplicaSet."""
        rs = self.replicasets.get(key)
        if rs is None:
            self.expectations.forget(key)
            return
        needs_sync = self.expectations.satisfied(key)
        selector = self.selector(rs)
        if selector is None:
            return
        pods = self._claim_pods(rs, selector)
        manage_error = None
        if needs_sync and not rs["metadata"].get("deletionTimestamp"):
            manage_error = self._manage_replicas(key, rs, pods)
        status = self._calculate_status(rs, pods, manage_error)
        updated = self._update_status(rs, status)
        self._recheck_after_min_ready(key, updated, manage_error)
        if manage_error is not None:
            raise Retry

    def _claim_pods(self, rs: Object, selector: labels.Selector) -> Claimed:
        """The active pods this ReplicaSet controls, after releasing those it no longer
        selects and adopting the orphans it does."""
        owned = self.tracker.of(rs, selector)
        unselected = [self.pods.get(key) for key in owned.unselected]
        orphans = self.pods.by_index(ORPHAN_INDEX, rs["metadata"]["namespace"])
        candidates = [p for p in unselected if p is not None]
        candidates += [p for p in orphans if utils.is_pod_active(p)]
        manager = utils.ControllerRefManager(self.client, rs, selector, "pods")
        adopted = manager.claim(candidates)
        if manager.errors:
            raise Retry
        return Claimed(owned, adopted, self.pods)

    def _manage_replicas(self, key: str, rs: Object, pods: Claimed) -> APIError | None:
        diff = len(pods) - rs["spec"].get("replicas", 1)
        if diff < 0:
            return self._create_pods(key, rs, min(-diff, BURST_REPLICAS))
        if diff > 0:
            return self._delete_pods(key, rs, pods.objects(), min(diff, BURST_REPLICAS))
        return None

    def _create_pods(self, key: str, rs: Object, count: int) -> APIError | None:
        self.expectations.expect_creations(key, count)
        errors: list[APIError] = []
        created = utils.slow_start_batch(count, lambda: self._create_pod(rs, errors))
        for _ in range(count - created):
            self.expectations.creation_observed(key)  # skipped: never to be observed
        return errors[0] if errors else None

    def _create_pod(self, rs: Object, errors: list[APIError]) -> bool:
        try:
            self.pod_control.create_pod(rs["spec"]["template"], rs, utils.controller_ref(rs))
        except APIError as error:
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                return True  # every creation would fail: nothing to report
            errors.append(error)
            return False
        return True

    def _delete_pods(self, key: str, rs: Object, pods: list[Object], count: int) -> APIError | None:
        doomed = self._pods_to_delete(rs, pods, count)
        self.expectations.expect_deletions(key, [namespaced_name(pod) for pod in doomed])
        first_error = None
        for pod in doomed:
            try:
                self.pod_control.delete_pod(
                    rs["metadata"]["namespace"], pod["metadata"]["name"], rs
                )
            except APIError as error:
                self.expectations.deletion_observed(key, namespaced_name(pod))
                if error.code != 404:
                    first_error = first_error or error
        return first_error

    def _pods_to_delete(self, rs: Object, pods: list[Object], count: int) -> list[Object]:
        """getPodsToDelete: rank by ActivePodsWithRanks, where a pod's rank is how many
        active pods of its ReplicaSet's siblings (same controller) share its node."""
        if count >= len(pods):
            return pods[:count]
        on_node: dict[str, int] = {}
        for pod in self._related_pods(rs):
            if utils.is_pod_active(pod):
                node = pod.get("spec", {}).get("nodeName", "")
                on_node[node] = on_node.get(node, 0) + 1
        ranks = [on_node.get(pod.get("spec", {}).get("nodeName", ""), 0) for pod in pods]
        return utils.rank_for_deletion(pods, ranks, self.clock)[:count]

    def _related_pods(self, rs: Object) -> list[Object]:
        """getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller."""
        ref = utils.controller_of(rs)
        if ref is None:
            return []
        seen: dict[str, Object] = {}
        for sibling in self.replicasets.by_index(CONTROLLER_INDEX, ref.get("uid", "")):
            for pod in self.pods.by_index(CONTROLLER_INDEX, sibling["metadata"]["uid"]):
                seen.setdefault(pod["metadata"]["uid"], pod)
        return list(seen.values())

    # -- status -----------------------------------------------------------------------

    def _calculate_status(self, rs: Object, pods: Claimed, manage_error: APIError | None) -> Object:
        status = pods.counts(rs["spec"].get("minReadySeconds", 0), self.clock)
        conditions = self._conditions(rs, len(pods), manage_error)
        return {**status, "conditions": conditions} if conditions else status

    def _conditions(self, rs: Object, count: int, manage_error: APIError | None) -> list[Object]:
        conditions = list((rs.get("status") or {}).get("conditions") or ())
        failure = next((c for c in conditions if c.get("type") == REPLICA_FAILURE), None)
        if manage_error is not None and failure is None:
            diff = count - rs["spec"].get("replicas", 1)
            reason = utils.FAILED_CREATE if diff < 0 else utils.FAILED_DELETE if diff > 0 else ""
            conditions.append(
                {
                    "type": REPLICA_FAILURE,
                    "status": "True",
                    "lastTransitionTime": self.clock.timestamp(),
                    "reason": reason,
                    "message": str(manage_error),
                }
            )
        elif manage_error is None and failure is not None:
            conditions.remove(failure)
        return conditions

    def _update_status(self, rs: Object, status: Object) -> Object:
        """updateReplicaSetStatus: write only what changed; on a failure read the
        ReplicaSet again and retry, once."""
        current = rs.get("status") or {}
        generation = rs["metadata"].get("generation", 0)
        counts = ("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas")
        if (
            all(current.get(k, 0) == status.get(k, 0) for k in counts)
            and current.get("terminatingReplicas") == status.get("terminatingReplicas")
            and generation == current.get("observedGeneration", 0)
            and current.get("conditions", []) == status.get("conditions", [])
        ):
            return rs
        wanted = self._omit_empty({**status, "observedGeneration": generation})
        namespace, name = rs["metadata"]["namespace"], rs["metadata"]["name"]
        try:
            for _ in range(STATUS_UPDATE_RETRIES):
                try:
                    return self._write_status(rs, wanted)
                except APIError:
                    rs = self.client.call("get", self.resource, namespace, name)
            return self._write_status(rs, wanted)
        except APIError as error:
            raise Retry from error

    def _write_status(self, rs: Object, status: Object) -> Object:
        meta = rs["metadata"]
        return self.client.call(
            "update",
            self.resource,
            meta["namespace"],
            meta["name"],
            subresource="status",
            body={**rs, "status": status},
        )

    def _recheck_after_min_ready(self, key: str, rs: Object, manage_error: APIError | None) -> None:
        """A last line of defence against clock skew: look again after minReadySeconds."""
        min_ready = rs["spec"].get("minReadySeconds", 0)
        status = rs.get("status") or {}
        replicas = rs["spec"].get("replicas", 1)
        if (
            manage_error is None
            and min_ready
            and status.get("readyReplicas", 0) == replicas
            and status.get("availableReplicas", 0) != replicas
        ):
            self.queue.add_after(key, min_ready * 1000)

    @staticmethod
    def _omit_empty(status: Object) -> Object:
        """ReplicaSetStatus as Go marshals it: replicas and terminatingReplicas (a pointer)
        always, zero counts left out."""
        return {k: v for k, v in status.items() if k in ("replicas", "terminatingReplicas") or v}
