"""How the workload controllers take a pod's watch event (add, update, delete), and what the
ReplicaSet and DaemonSet controllers do alike when a pod is added or deleted (addPod,
deletePod), and when one of their pods becomes ready."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.workqueue import WorkQueue


def dispatch(
    kind: str,
    pod: Object,
    old: Object | None,
    added: Callable[[Object], None],
    updated: Callable[[Object, Object], None],
    deleted: Callable[[Object], None],
) -> None:
    """The informer's handlers for a pod's event: an update of the same resourceVersion is
    a resync, which changes nothing."""
    if kind == DELETED:
        deleted(pod)
    elif kind == ADDED or old is None:
        added(pod)
    elif pod["metadata"].get("resourceVersion") != old["metadata"].get("resourceVersion"):
        updated(pod, old)


class PodOwnerEvents(ABC):
    """Pod handlers for a controller with a work queue, expectations, `_resolve` (its owner
    a controller reference names) and `_selecting` (its owners that select a pod)."""

    queue: WorkQueue
    expectations: utils.Expectations

    @abstractmethod
    def _resolve(self, obj: Object, ref: Object) -> Object | None:
        """resolveControllerRef, of the controller's own kind."""

    @abstractmethod
    def _selecting(self, obj: Object) -> list[Object]:
        """The controller's owners in the object's namespace that select it."""

    def _pod_added(self, pod: Object) -> None:
        """addPod: the owner observes its creation; an orphan wakes those that may adopt it."""
        if pod["metadata"].get("deletionTimestamp"):
            self._pod_deleted(pod)  # seen for the first time already being deleted
            return
        ref = utils.controller_of(pod)
        if ref is not None:
            owner = self._resolve(pod, ref)
            if owner is not None:
                key = namespaced_name(owner)
                self.expectations.creation_observed(key)
                self.queue.add(key)
            return
        for owner in self._selecting(pod):
            self.queue.add(namespaced_name(owner))

    def _pod_deleted(self, pod: Object) -> None:
        """deletePod: the owner observes the deletion; nobody cares for an orphan's."""
        ref = utils.controller_of(pod)
        owner = self._resolve(pod, ref) if ref is not None else None
        if owner is None:
            return
        key = namespaced_name(owner)
        self.expectations.deletion_observed(key, namespaced_name(pod))
        self.queue.add(key)

    def _recheck_availability(self, owner: Object, pod: Object, old: Object) -> None:
        """A pod just became ready: look again once minReadySeconds (and one more, against
        the skew of a delayed add) passed."""
        min_ready = owner["spec"].get("minReadySeconds", 0)
        if min_ready and utils.is_pod_ready(pod) and not utils.is_pod_ready(old):
            self.queue.add_after(namespaced_name(owner), (min_ready + 1) * 1000)
