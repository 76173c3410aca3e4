"""The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): pods with a
stable identity, `<set>-<ordinal>`, each with its own claims, made, replaced and rolled in
ordinal order (control.py).

A sync adopts the orphan revisions and pods the set selects (a pod only if its name is one
of the set's), releases the pods it no longer selects, then hands the set and its pods to
the control. Pods it does not own, and sets' revisions and claims, wake nothing: the sync
reads them from the shared informers' caches.
"""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.client import Client
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
from cluster.engine.controllers.statefulset import utils as sutils
from cluster.engine.controllers.statefulset.control import StatefulSetControl
from cluster.engine.controllers.statefulset.podcontrol import FAILURES, StatefulPodControl
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import EventRecorder

NAME = "statefulset-controller"


class StatefulSetController:
    name = "statefulset"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.queue = WorkQueue(clock, self.sync, "statefulset")
        self.sets = informers.informer("statefulsets")
        self.pods = informers.informer("pods")
        self.claims = informers.informer("persistentvolumeclaims")
        self.histories = informers.informer("controllerrevisions")
        for informer in (self.pods, self.histories):
            informer.add_indexer(CONTROLLER_INDEX, controller_uid_index)
            informer.add_indexer(ORPHAN_INDEX, orphan_index)
        self.control = StatefulSetControl(
            clock,
            client,
            StatefulPodControl(client, self.claims, self.recorder),
            self.histories,
        )
        self.sets.add_handler(self._on_set)
        self.pods.add_handler(self._on_pod)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_set(self, kind: str, sts: Object, old: Object | None) -> None:
        self.queue.add(namespaced_name(sts))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        podevents.dispatch(kind, pod, old, self._pod_added, self._pod_updated, self._pod_deleted)

    def _pod_added(self, pod: Object) -> None:
        """addPod: wake its set, or, for an orphan, the sets that may adopt it."""
        if pod["metadata"].get("deletionTimestamp"):
            self._pod_deleted(pod)
            return
        ref = utils.controller_of(pod)
        if ref is not None:
            self._enqueue_owner(pod, ref)
            return
        for sts in self._selecting(pod):
            self.queue.add(namespaced_name(sts))

    def _pod_updated(self, pod: Object, old: Object) -> None:
        """updatePod: wake the old and the new set; one of its pods just ready looks again
        after minReadySeconds."""
        ref, old_ref = utils.controller_of(pod), utils.controller_of(old)
        if ref != old_ref and old_ref is not None:
            self._enqueue_owner(old, old_ref)
        if ref is not None:
            sts = self._resolve(pod, ref)
            if sts is None:
                return
            self.queue.add(namespaced_name(sts))
            min_ready = sts["spec"].get("minReadySeconds", 0)
            if min_ready > 0 and utils.is_pod_ready(pod) and not utils.is_pod_ready(old):
                self.queue.add_after(namespaced_name(sts), min_ready * 1000)
            return
        if ref != old_ref or pod["metadata"].get("labels") != old["metadata"].get("labels"):
            for sts in self._selecting(pod):
                self.queue.add(namespaced_name(sts))

    def _pod_deleted(self, pod: Object) -> None:
        """deletePod: nobody cares for an orphan's deletion."""
        ref = utils.controller_of(pod)
        if ref is not None:
            self._enqueue_owner(pod, ref)

    def _enqueue_owner(self, pod: Object, ref: Object) -> None:
        sts = self._resolve(pod, ref)
        if sts is not None:
            self.queue.add(namespaced_name(sts))

    def _resolve(self, pod: Object, ref: Object) -> Object | None:
        """resolveControllerRef: a pod of another kind of owner costs one comparison."""
        namespace = pod["metadata"]["namespace"]
        return utils.resolve_controller_ref(self.sets, namespace, ref, sutils.KIND)

    def _selecting(self, pod: Object) -> list[Object]:
        """getStatefulSetsForPod."""
        return utils.selecting(self.sets.in_namespace(pod["metadata"]["namespace"]), pod)

    # -- sync -------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """sync: adopt and claim, then UpdateStatefulSet; look again when a ready pod is to
        become available."""
        sts = self.sets.get(key)
        if sts is None:
            return
        selector = utils.selector_of(sts)
        if selector is None:
            return  # not transient: no retry
        try:
            self.control.adopt_orphan_revisions(sts, selector)
            pods = self._pods_for(sts, selector)
            status = self.control.update_stateful_set(sts, pods, selector)
        except FAILURES as error:
            raise Retry from error
        min_ready = sts["spec"].get("minReadySeconds", 0)
        if min_ready > 0 and status["readyReplicas"] != status["availableReplicas"]:
            delay = sutils.next_availability_check_ms(pods, min_ready, self.clock)
            self.queue.add_after(key, min_ready * 1000 if delay is None else delay)

    def _pods_for(self, sts: Object, selector: labels.Selector) -> list[Object]:
        """getPodsForStatefulSet: its pods and the orphans it may adopt, claimed if they are
        selected and named as its members; its pods that are not, released."""
        owned = self.pods.by_index(CONTROLLER_INDEX, sts["metadata"]["uid"])
        orphans = self.pods.by_index(ORPHAN_INDEX, sts["metadata"]["namespace"])
        self.queue.looked_at(len(owned) + len(orphans))
        members = [p for p in owned + orphans if sutils.is_member_of(sts, p)]
        strangers = [p for p in owned if not sutils.is_member_of(sts, p)]
        manager = utils.ControllerRefManager(self.client, sts, selector, "pods")
        claimed = manager.claim(members)
        # a selector of nothing: each is released, as a pod the filter rejects
        releaser = utils.ControllerRefManager(self.client, sts, labels.NOTHING, "pods")
        releaser.claim(strangers)
        errors = manager.errors + releaser.errors
        if errors:
            raise Retry from errors[0]
        return claimed
