"""The namespace controller (pkg/controller/namespace, deletion/namespaced_resources_deleter.go
and status_condition_utils.go): empties a namespace that is being deleted, then removes the
`kubernetes` finalizer through the `finalize` subresource so that kube-apiserver can let it go.

Pods go first (OrderedNamespaceDeletion): nothing else is deleted while pods remain. How the
work goes is reported in the namespace's conditions; while pods terminate gracefully the
controller looks again after half their grace period.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.controller_utils import virtual_ms
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue

FINALIZER_TOKEN = "kubernetes"
DELETION_GRACE_MS = 5000  # namespaceDeletionGracePeriod
FINALIZER_ESTIMATE_SECONDS = 15  # finalizerEstimateSeconds
CONFLICT_RETRIES = 4
MAX_RETRY_DELAY_MS = 60_000  # nsControllerRateLimiter: a failed deletion is retried every minute

DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure"
GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure"
CONTENT_FAILURE = "NamespaceDeletionContentFailure"
CONTENT_REMAINING = "NamespaceContentRemaining"
FINALIZERS_REMAINING = "NamespaceFinalizersRemaining"

# the "all is well" variant of each condition, in the order Kubernetes keeps them
OK_CONDITIONS = (
    (DISCOVERY_FAILURE, "ResourcesDiscovered", "All resources successfully discovered"),
    (
        GROUP_VERSION_PARSING_FAILURE,
        "ParsedGroupVersions",
        "All legacy kube types successfully parsed",
    ),
    (
        CONTENT_FAILURE,
        "ContentDeleted",
        "All content successfully deleted, may be waiting on finalization",
    ),
    (CONTENT_REMAINING, "ContentRemoved", "All content successfully removed"),
    (FINALIZERS_REMAINING, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
)
SOME_RESOURCES_REMAIN = "SomeResourcesRemain"
RESOURCES_REMAINING = "Some resources are remaining: {}"
RESOURCE_REMAINING = "{}.{} has {} resource instances"
SOME_FINALIZERS_REMAIN = "SomeFinalizersRemain"
FINALIZERS_REMAINING_MESSAGE = "Some content in the namespace has finalizers remaining: {}"
FINALIZER_REMAINING = "{} in {} resource instances"
CONTENT_DELETION_FAILED = "ContentDeletionFailed"
DELETION_FAILED = "Failed to delete all resource types, {} remaining: {}"
ITEMS_REMAIN = "unexpected items still remain in namespace: {} for gvr: {}"


class ResourcesRemaining(Exception):
    """ResourcesRemainingError: content is still going away; look again later."""

    def __init__(self, estimate: int) -> None:
        super().__init__(f"some content remains in the namespace, estimate {estimate} seconds")
        self.estimate = estimate


@dataclass(slots=True)
class _Remaining:
    """What one resource left behind: an estimate, a count, and the finalizers holding it."""

    estimate: int = 0
    count: int = 0
    finalizers: dict[str, int] = field(default_factory=dict)


def deletable() -> list[Resource]:
    """The namespaced resources that can be deleted, pods first."""
    found = [r for r in resources.all_resources() if r.namespaced and r.serves("delete")]
    return sorted(found, key=lambda r: r.name != "pods")


def _gvr(resource: Resource) -> str:
    """A GroupVersionResource as Go's %v prints it."""
    return f"{resource.group}/{resource.version}, Resource={resource.name}"


class NamespaceController:
    name = "namespace"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "namespace", MAX_RETRY_DELAY_MS)
        self.namespaces = informers.informer("namespaces")
        self.namespaces.add_handler(self._on_namespace)
        self._unsupported: set[tuple[str, str]] = set()  # operations a resource refused

    def start(self) -> None:
        """Nothing of its own: the shared namespace informer feeds it."""

    def _on_namespace(self, kind: str, ns: Object, old: Object | None) -> None:
        """Only namespaces being deleted, after a grace period for late creations."""
        if kind != DELETED and ns["metadata"].get("deletionTimestamp"):
            self.queue.add_after(ns["metadata"]["name"], DELETION_GRACE_MS)

    def reconcile(self, name: str) -> None:
        if self.namespaces.get(name) is None:
            return
        try:
            self._delete(name)
        except ResourcesRemaining as remaining:
            self.queue.add_after(name, (remaining.estimate // 2 + 1) * 1000)
        except (APIError, _ContentError) as error:
            raise Retry from error

    # -- namespacedResourcesDeleter.Delete --------------------------------------------

    def _delete(self, name: str) -> None:
        ns = self._get(name)
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return
        ns = self._retry_on_conflict(name, ns, self._mark_terminating)
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return
        if not (ns.get("spec") or {}).get("finalizers"):
            return  # finalized already
        estimate = self._delete_all_content(ns)
        if estimate > 0:
            raise ResourcesRemaining(estimate)
        self._retry_on_conflict(name, ns, self._finalize)

    def _get(self, name: str) -> Object | None:
        try:
            return self.client.call("get", "namespaces", name=name)
        except APIError as error:
            if error.code == 404:
                return None
            raise

    def _retry_on_conflict(
        self, name: str, ns: Object, write: Callable[[Object], Object]
    ) -> Object | None:
        """retryOnConflictError: on a conflict, read the namespace again and retry."""
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                return write(ns)
            except APIError as error:
                if error.code == 404:
                    return None
                if error.code != 409 or attempt == CONFLICT_RETRIES:
                    raise
                ns = self._get(name)
                if ns is None:
                    return None
        return ns

    def _mark_terminating(self, ns: Object) -> Object:
        if (ns.get("status") or {}).get("phase") == "Terminating":
            return ns
        body = {**ns, "status": {**(ns.get("status") or {}), "phase": "Terminating"}}
        return self._update_status(body)

    def _update_status(self, ns: Object) -> Object:
        return self.client.call(
            "update", "namespaces", name=ns["metadata"]["name"], subresource="status", body=ns
        )

    def _finalize(self, ns: Object) -> Object:
        """Remove our token from spec.finalizers (the rest, sorted, as a set)."""
        kept = sorted({f for f in ns["spec"].get("finalizers") or () if f != FINALIZER_TOKEN})
        body = {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": ns["metadata"],
            "spec": {**ns["spec"], "finalizers": kept},
        }
        return self.client.call(
            "update", "namespaces", name=ns["metadata"]["name"], subresource="finalize", body=body
        )

    # -- deleteAllContent -------------------------------------------------------------

    def _delete_all_content(self, ns: Object) -> int:
        """Delete every namespaced resource, pods first; report in the conditions.
        Returns how many seconds to wait for what is still going away."""
        namespace = ns["metadata"]["name"]
        deleted_at = virtual_ms(self.clock, ns["metadata"]["deletionTimestamp"]) or 0
        estimate, errors, left = 0, [], {}
        for resource in deletable():
            try:
                remaining = self._delete_resource(resource, namespace, deleted_at)
            except _ContentError as error:
                errors.append(str(error))
                remaining = error.remaining
            estimate = max(estimate, remaining.estimate)
            if remaining.count:
                left[resource] = remaining
            if resource.name == "pods" and (left or errors):
                break  # nothing else goes while pods remain
        self._report(ns, errors, left)
        if errors:
            raise _ContentError(", ".join(sorted(errors)), _Remaining())
        return estimate

    def _delete_resource(self, resource: Resource, namespace: str, deleted_at: int) -> _Remaining:
        """deleteAllContentForGroupVersionResource."""
        estimate = self._estimate(resource, namespace, deleted_at)
        if not self._delete_collection(resource, namespace):
            for item in self._list(resource, namespace):
                self._delete_item(resource, namespace, item)
        items = self._list(resource, namespace)
        if not items:
            return _Remaining()
        finalizers: dict[str, int] = {}
        for item in items:
            for finalizer in item["metadata"].get("finalizers") or ():
                finalizers[finalizer] = finalizers.get(finalizer, 0) + 1
        if estimate:
            return _Remaining(estimate, len(items), finalizers)
        if finalizers:
            return _Remaining(FINALIZER_ESTIMATE_SECONDS, len(items), finalizers)
        message = ITEMS_REMAIN.format(namespace, _gvr(resource))
        raise _ContentError(message, _Remaining(0, len(items)))

    def _estimate(self, resource: Resource, namespace: str, deleted_at: int) -> int:
        """estimateGracefulTermination: for pods, the longest grace period of those running,
        unless that much time has passed since the namespace's deletion."""
        if resource.name != "pods":
            return 0
        pods = self.client.call("list", "pods", namespace)["items"]
        estimate = max(
            (
                p["spec"].get("terminationGracePeriodSeconds") or 0
                for p in pods
                if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
            ),
            default=0,
        )
        return 0 if self.clock.now - deleted_at >= estimate * 1000 else estimate

    def _delete_collection(self, resource: Resource, namespace: str) -> bool:
        """False when the resource does not serve deletecollection (then: one by one)."""
        key = ("deletecollection", resource.name)
        if key in self._unsupported or not resource.serves("deletecollection"):
            return False
        try:
            self.client.call(
                "deletecollection",
                resource.name,
                namespace,
                body={"propagationPolicy": "Background"},
            )
        except APIError as error:
            if error.code in (404, 405):
                self._unsupported.add(key)
                return False
            raise _ContentError(str(error), _Remaining()) from error
        return True

    def _list(self, resource: Resource, namespace: str) -> list[Object]:
        key = ("list", resource.name)
        if key in self._unsupported:
            return []
        try:
            return self.client.call("list", resource.name, namespace)["items"]
        except APIError as error:
            if error.code in (404, 405):
                self._unsupported.add(key)
                return []
            raise _ContentError(str(error), _Remaining()) from error

    def _delete_item(self, resource: Resource, namespace: str, item: Object) -> None:
        try:
            self.client.call(
                "delete",
                resource.name,
                namespace,
                item["metadata"]["name"],
                body={"propagationPolicy": "Background"},
            )
        except APIError as error:
            if error.code not in (404, 405):
                raise _ContentError(str(error), _Remaining()) from error

    # -- conditions -------------------------------------------------------------------

    def _report(self, ns: Object, errors: list[str], left: dict[Resource, _Remaining]) -> None:
        """namespaceConditionUpdater.Update, then UpdateStatus if anything changed."""
        wanted = {kind: (reason, message) for kind, reason, message in OK_CONDITIONS}
        failing = set()
        if errors:
            wanted[CONTENT_FAILURE] = (
                CONTENT_DELETION_FAILED,
                DELETION_FAILED.format(len(errors), ", ".join(sorted(errors))),
            )
            failing.add(CONTENT_FAILURE)
        if left:
            resources_left = sorted(
                RESOURCE_REMAINING.format(r.name, r.group, n.count) for r, n in left.items()
            )
            wanted[CONTENT_REMAINING] = (
                SOME_RESOURCES_REMAIN,
                RESOURCES_REMAINING.format(", ".join(resources_left)),
            )
            failing.add(CONTENT_REMAINING)
        finalizers: dict[str, int] = {}
        for remaining in left.values():
            for name, count in remaining.finalizers.items():
                finalizers[name] = finalizers.get(name, 0) + count
        if finalizers:
            listed = sorted(FINALIZER_REMAINING.format(f, n) for f, n in finalizers.items())
            wanted[FINALIZERS_REMAINING] = (
                SOME_FINALIZERS_REMAIN,
                FINALIZERS_REMAINING_MESSAGE.format(", ".join(listed)),
            )
            failing.add(FINALIZERS_REMAINING)
        status = ns.setdefault("status", {})
        if self._update_conditions(status, wanted, failing):
            with contextlib.suppress(APIError):  # reported again on the next pass
                self._update_status(ns)

    def _update_conditions(
        self, status: Object, wanted: dict[str, tuple[str, str]], failing: set[str]
    ) -> bool:
        conditions = status.setdefault("conditions", [])
        now = self.clock.timestamp()
        changed = False
        for kind, _, _ in OK_CONDITIONS:
            reason, message = wanted[kind]
            value = "True" if kind in failing else "False"
            old = next((c for c in conditions if c.get("type") == kind), None)
            if old is None:
                conditions.append(
                    {
                        "type": kind,
                        "status": value,
                        "lastTransitionTime": now,
                        "reason": reason,
                        "message": message,
                    }
                )
                changed = True
            elif (old.get("status"), old.get("reason"), old.get("message")) != (
                value,
                reason,
                message,
            ):
                if old.get("status") != value:
                    old["lastTransitionTime"] = now
                old.update(status=value, reason=reason, message=message)
                changed = True
        return changed


class _ContentError(Exception):
    """Deleting some content failed; what it left behind is still counted."""

    def __init__(self, message: str, remaining: _Remaining) -> None:
        super().__init__(message)
        self.remaining = remaining
