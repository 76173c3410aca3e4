"""The Deployment controller (deployment_controller.go): watches Deployments, their
ReplicaSets and (for Recreate) their pods, and reconciles one Deployment at a time.

Each sync works on a copy of the Deployment from the cache: it claims the ReplicaSets the
selector matches, then, in Kubernetes' order of precedence, only reports status while the
Deployment is being deleted, scales while it is paused, rolls back, scales on a change of
replicas, and otherwise rolls out with the Recreate or RollingUpdate strategy.
"""

from __future__ import annotations

import copy

from cluster.engine.api import labels
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.deployment import recreate, rollback, rolling, sync
from cluster.engine.controllers.deployment import util as du
from cluster.engine.controllers.informers import (
    CONTROLLER_INDEX,
    ORPHAN_INDEX,
    InformerFactory,
    controller_uid_index,
    orphan_index,
)
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import WARNING, EventRecorder

NAME = "deployment-controller"
MAX_RETRIES = 5  # a failing Deployment is dropped from the queue after this many tries


class DeploymentController:
    name = "deployment"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.queue = WorkQueue(clock, self.reconcile, "deployment")
        self.deployments = informers.informer("deployments")
        self.replicasets = informers.informer("replicasets")
        self.pods = informers.informer("pods")
        for informer in (self.replicasets, self.pods):
            informer.add_indexer(CONTROLLER_INDEX, controller_uid_index)
        self.replicasets.add_indexer(ORPHAN_INDEX, orphan_index)
        self.deployments.add_handler(self._on_deployment)
        self.replicasets.add_handler(self._on_replicaset)
        self.pods.add_handler(self._on_pod)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_deployment(self, kind: str, d: Object, old: Object | None) -> None:
        self.queue.add(namespaced_name(d))

    def _on_replicaset(self, kind: str, rs: Object, old: Object | None) -> None:
        if kind == DELETED or rs["metadata"].get("deletionTimestamp"):
            self._enqueue_controller(rs)
            return
        if kind == ADDED or old is None:
            self._replicaset_added(rs)
        elif rs["metadata"].get("resourceVersion") != old["metadata"].get("resourceVersion"):
            self._replicaset_updated(rs, old)

    def _replicaset_added(self, rs: Object) -> None:
        if utils.controller_of(rs) is not None:
            self._enqueue_controller(rs)
            return
        for d in self._deployments_selecting(rs):
            self.queue.add(namespaced_name(d))

    def _replicaset_updated(self, rs: Object, old: Object) -> None:
        ref, old_ref = utils.controller_of(rs), utils.controller_of(old)
        if ref != old_ref and old_ref is not None:
            self._enqueue_controller(old)
        if ref is not None:
            self._enqueue_controller(rs)
            return
        if rs["metadata"].get("labels") != old["metadata"].get("labels") or ref != old_ref:
            for d in self._deployments_selecting(rs):
                self.queue.add(namespaced_name(d))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        """deletePod: a Recreate rollout waits for the last old pod to be gone."""
        if kind != DELETED:
            return
        d = self._deployment_for_pod(pod)
        if d is None or du.strategy_type(d) != du.RECREATE:
            return
        replica_sets = self.list_replica_sets(d)
        if not any(self.pod_map(d, replica_sets).values()):
            self.queue.add(namespaced_name(d))

    def _enqueue_controller(self, rs: Object) -> None:
        ref = utils.controller_of(rs)
        d = self._resolve(rs, ref) if ref is not None else None
        if d is not None:
            self.queue.add(namespaced_name(d))

    def _resolve(self, obj: Object, ref: Object) -> Object | None:
        namespace = obj["metadata"]["namespace"]
        return utils.resolve_controller_ref(self.deployments, namespace, ref, "Deployment")

    def _deployment_for_pod(self, pod: Object) -> Object | None:
        ref = utils.controller_of(pod)
        if ref is None or ref.get("kind") != "ReplicaSet":
            return None
        rs = self.replicasets.get(f"{pod['metadata']['namespace']}/{ref.get('name')}")
        if rs is None or rs["metadata"]["uid"] != ref.get("uid"):
            return None
        rs_ref = utils.controller_of(rs)
        return self._resolve(rs, rs_ref) if rs_ref is not None else None

    def _deployments_selecting(self, rs: Object) -> list[Object]:
        """GetDeploymentsForReplicaSet."""
        return utils.selecting(self.deployments.in_namespace(rs["metadata"]["namespace"]), rs)

    # -- reconcile --------------------------------------------------------------------

    def reconcile(self, key: str) -> None:
        """syncDeployment, with handleErr's retries."""
        deployment = self.deployments.get(key)
        if deployment is None:
            return
        try:
            self._sync(copy.deepcopy(deployment))
        except APIError as error:
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                return
            if self.queue.num_requeues(key) < MAX_RETRIES:
                raise Retry from error
            self.queue.forget(key)

    def _sync(self, d: Object) -> None:
        selector = d["spec"].get("selector")
        if selector == {}:
            self._selecting_all(d)
            return
        replica_sets = self.claim_replica_sets(d)
        if d["metadata"].get("deletionTimestamp"):
            sync.sync_status_only(self, d, replica_sets)
            return
        sync.check_paused_conditions(self, d)
        if d["spec"].get("paused"):
            sync.sync(self, d, replica_sets)
        elif du.rollback_to(d) is not None:
            rollback.rollback(self, d, replica_sets)
        elif sync.is_scaling_event(self, d, replica_sets):
            sync.sync(self, d, replica_sets)
        elif du.strategy_type(d) == du.RECREATE:
            recreate.rollout_recreate(self, d, replica_sets)
        elif du.strategy_type(d) == du.ROLLING_UPDATE:
            rolling.rollout_rolling(self, d, replica_sets)

    def _selecting_all(self, d: Object) -> None:
        self.recorder.event(d, WARNING, du.SELECTING_ALL, du.SELECTING_ALL_MESSAGE)
        status = d.setdefault("status", {})
        generation = d["metadata"].get("generation", 0)
        if status.get("observedGeneration", 0) < generation:
            status["observedGeneration"] = generation
            self.update_status(d)

    def claim_replica_sets(self, d: Object) -> list[Object]:
        """getReplicaSetsForDeployment: adopt and release by the deployment's selector."""
        try:
            selector = labels.from_label_selector(d["spec"].get("selector"))
        except labels.SelectorError:
            return []
        meta = d["metadata"]
        candidates = self.replicasets.by_index(CONTROLLER_INDEX, meta["uid"])
        candidates += self.replicasets.by_index(ORPHAN_INDEX, meta["namespace"])
        manager = utils.ControllerRefManager(self.client, d, selector, "replicasets")
        claimed = manager.claim(candidates)
        if manager.errors:
            raise manager.errors[0]
        return claimed

    def list_replica_sets(self, d: Object) -> list[Object]:
        """ListReplicaSets from kube-apiserver: those the selector matches that d controls."""
        selector = labels.format_label_selector(d["spec"].get("selector"))
        try:
            listed = self.client.call(
                "list",
                "replicasets",
                d["metadata"]["namespace"],
                query={"labelSelector": selector},
            )
        except APIError:
            return []
        return [rs for rs in listed["items"] if utils.is_controlled_by(rs, d)]

    def pod_map(self, d: Object, replica_sets: list[Object]) -> dict[str, list[Object]]:
        """getPodMapForDeployment: the deployment's pods, by the uid of their ReplicaSet."""
        selector = utils.selector_of(d)
        found: dict[str, list[Object]] = {rs["metadata"]["uid"]: [] for rs in replica_sets}
        for uid, pods in found.items():
            pods.extend(
                pod
                for pod in self.pods.by_index(CONTROLLER_INDEX, uid)
                if selector is not None and selector.matches(pod["metadata"].get("labels"))
            )
        return found

    # -- writes -----------------------------------------------------------------------

    def update_status(self, d: Object) -> Object:
        """UpdateStatus with the working copy (its resourceVersion as read from the cache)."""
        meta = d["metadata"]
        return self.client.call(
            "update",
            "deployments",
            meta["namespace"],
            meta["name"],
            subresource="status",
            body=d,
        )

    def update(self, d: Object) -> Object:
        meta = d["metadata"]
        return self.client.call("update", "deployments", meta["namespace"], meta["name"], body=d)

    def update_replica_set(self, rs: Object) -> Object:
        meta = rs["metadata"]
        return self.client.call("update", "replicasets", meta["namespace"], meta["name"], body=rs)
