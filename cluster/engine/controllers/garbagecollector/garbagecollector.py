"""The garbage collector (garbagecollector.go): deletes dependents whose owners are gone
(background deletion), deletes the blocking dependents of an owner that waits for them
(foreground deletion, the `foregroundDeletion` finalizer) and then lets the owner go, and
removes an owner from its dependents' ownerReferences before letting it go (the `orphan`
finalizer).

It watches every resource that can be listed, watched and deleted (but Events), and asks
kube-apiserver for the latest state of an object before acting on it.
"""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.merge import MERGE, STRATEGIC
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.controller_utils import delete_owner_refs_patch
from cluster.engine.controllers.garbagecollector.graph import (
    FOREGROUND_FINALIZER,
    ORPHAN_FINALIZER,
    VIRTUAL,
    GraphBuilder,
    Identity,
    Node,
    has_finalizer,
)
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import WARNING, EventRecorder

COMPONENT = "garbage-collector-controller"
OWNER_REF_INVALID_NAMESPACE = "OwnerRefInvalidNamespace"
IGNORED_RESOURCES = frozenset({"events"})
CONFLICT_RETRIES = 4  # retry.DefaultBackoff steps
ORPHAN, FOREGROUND, BACKGROUND = "Orphan", "Foreground", "Background"


class Unmapped(Exception):
    """restMappingError: no resource serves this apiVersion and kind."""


def collectable() -> list[Resource]:
    """The resources the collector watches: deletable, listable, watchable, not ignored."""
    return [
        r
        for r in resources.all_resources()
        if r.name not in IGNORED_RESOURCES
        and r.serves("delete")
        and r.serves("list")
        and r.serves("watch")
    ]


def resource_for(api_version: str, kind: str) -> Resource:
    group = api_version.rpartition("/")[0]
    for resource in resources.all_resources():
        if resource.kind == kind and resource.group == group:
            return resource
    raise Unmapped(f"{api_version}, Kind={kind}")


class GarbageCollector:
    name = "garbagecollector"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.attempt_to_delete = WorkQueue(
            clock, self._attempt_to_delete, "garbage_collector_attempt_to_delete"
        )
        self.attempt_to_orphan = WorkQueue(
            clock, self._attempt_to_orphan, "garbage_collector_attempt_to_orphan"
        )
        self.recorder = EventRecorder(client, COMPONENT)
        self.graph = GraphBuilder(
            self.attempt_to_delete, self.attempt_to_orphan, self._report_invalid_namespace
        )
        for resource in collectable():
            informers.informer(resource.name).add_handler(self.graph.on_event)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed the graph."""

    def _report_invalid_namespace(self, node: Node, ref: Object) -> None:
        """reportInvalidNamespaceOwnerRef: a Warning on the dependent."""
        identity = node.identity
        invalid = Identity.of_reference(ref, identity.namespace)
        dependent = {
            "apiVersion": identity.api_version,
            "kind": identity.kind,
            "metadata": {
                "namespace": identity.namespace,
                "name": identity.name,
                "uid": identity.uid,
            },
        }
        message = f'ownerRef {invalid} does not exist in namespace "{identity.namespace}"'
        self.recorder.event(dependent, WARNING, OWNER_REF_INVALID_NAMESPACE, message)

    # -- attemptToDelete --------------------------------------------------------------

    def _attempt_to_delete(self, key: str) -> None:
        """attemptToDeleteWorker."""
        virtual = key.startswith(VIRTUAL)
        node = self.graph.nodes.get(key.removeprefix(VIRTUAL))
        if node is None or (virtual and not node.virtual):
            return  # gone meanwhile, or observed meanwhile: nothing to do for the virtual one
        try:
            gone = self._attempt_to_delete_item(node)
        except (APIError, Unmapped) as error:
            raise Retry from error
        if not gone and node.virtual:
            raise Retry  # until an informer shows it (or kube-apiserver says it is gone)

    def _attempt_to_delete_item(self, node: Node) -> bool:
        """attemptToDeleteItem; True when the object turned out to be gone."""
        if node.being_deleted and not node.deleting_dependents:
            return False  # its deletion is under way: its dependents are seen to when it is gone
        latest = self._get(node.identity)
        if latest is None or latest["metadata"].get("uid") != node.identity.uid:
            self.graph.virtual_delete(node.identity)
            return True
        if node.deleting_dependents:
            self._process_deleting_dependents(node)
            return False
        refs = latest["metadata"].get("ownerReferences") or []
        if not refs:
            return False
        try:
            solid, dangling, waiting = self._classify(node, refs)
        except _NamespacedOwner:
            return False  # a cluster-scoped object with a namespaced owner: it will not resolve
        if solid:
            if dangling or waiting:
                uids = [ref["uid"] for ref in (*dangling, *waiting)]
                self._patch(node.identity, delete_owner_refs_patch(node.identity.uid, uids))
            return False
        if waiting and node.dependents:
            if any(d.deleting_dependents for d in node.dependents.values()):
                self._patch(node.identity, _unblock_patch(node))  # break a possible cycle
            self._delete(node.identity, latest, FOREGROUND)
            return False
        self._delete(node.identity, latest, _policy_of(latest))
        return False

    def _classify(
        self, node: Node, refs: list[Object]
    ) -> tuple[list[Object], list[Object], list[Object]]:
        """classifyReferences: owners that exist, owners gone, owners deleting dependents."""
        solid, dangling, waiting = [], [], []
        for ref in refs:
            owner = self._owner(ref, node)
            if owner is None:
                dangling.append(ref)
            elif owner["metadata"].get("deletionTimestamp") and has_finalizer(
                owner, FOREGROUND_FINALIZER
            ):
                waiting.append(ref)
            else:
                solid.append(ref)
        return solid, dangling, waiting

    def _owner(self, ref: Object, node: Node) -> Object | None:
        """isDangling: the owner, or None when it is gone (remembered as absent)."""
        cluster_key = Identity.of_reference(ref, "")
        namespaced_key = Identity.of_reference(ref, node.identity.namespace)
        if self.graph.owner_absent(cluster_key) or self.graph.owner_absent(namespaced_key):
            return None
        resource = resource_for(ref.get("apiVersion", ""), ref.get("kind", ""))
        if not resource.namespaced:
            namespaced_key = cluster_key
        elif not node.identity.namespace:
            raise _NamespacedOwner
        owner = self._get(namespaced_key)
        if owner is None or owner["metadata"].get("uid") != ref.get("uid"):
            self.graph.add_absent_owner(namespaced_key)
            return None
        return owner

    def _process_deleting_dependents(self, node: Node) -> None:
        """An owner waiting for its dependents: let it go once no dependent blocks it."""
        blocking = node.blocking_dependents()
        if not blocking:
            self._remove_finalizer(node.identity, FOREGROUND_FINALIZER)
            return
        for dependent in blocking:
            if not dependent.deleting_dependents:
                self.attempt_to_delete.add(dependent.identity.uid)

    # -- attemptToOrphan --------------------------------------------------------------

    def _attempt_to_orphan(self, uid: str) -> None:
        """attemptToOrphanWorker: drop the owner from its dependents, then its finalizer."""
        node = self.graph.nodes.get(uid)
        if node is None:
            return
        try:
            for dependent in list(node.dependents.values()):
                patch = delete_owner_refs_patch(dependent.identity.uid, [uid])
                self._patch(dependent.identity, patch, tolerate_missing=True)
            self._remove_finalizer(node.identity, ORPHAN_FINALIZER)
        except (APIError, Unmapped) as error:
            raise Retry from error

    # -- requests ---------------------------------------------------------------------

    def _locate(self, identity: Identity) -> tuple[Resource, str]:
        resource = resource_for(identity.api_version, identity.kind)
        return resource, identity.namespace if resource.namespaced else ""

    def _get(self, identity: Identity) -> Object | None:
        resource, namespace = self._locate(identity)
        try:
            return self.client.call("get", resource.name, namespace, identity.name)
        except APIError as error:
            if error.code == 404:
                return None
            raise

    def _patch(self, identity: Identity, body: Object, *, tolerate_missing: bool = False) -> None:
        resource, namespace = self._locate(identity)
        try:
            self.client.call(
                "patch", resource.name, namespace, identity.name, body=body, content_type=STRATEGIC
            )
        except APIError as error:
            if not (tolerate_missing and error.code == 404):
                raise

    def _delete(self, identity: Identity, latest: Object, policy: str) -> None:
        """deleteObject: only this very object, as it was when judged; if it changed but
        its owners did not, delete it anyway."""
        version = latest["metadata"].get("resourceVersion", "")
        try:
            self._delete_request(identity, policy, version)
        except APIError as error:
            if error.code != 409 or not version:
                raise
            live = self._get(identity)
            if live is None or live["metadata"].get("uid") != identity.uid:
                return
            owners = latest["metadata"].get("ownerReferences")
            if live["metadata"].get("ownerReferences") == owners:
                self._delete_request(identity, policy, "")

    def _delete_request(self, identity: Identity, policy: str, version: str) -> None:
        resource, namespace = self._locate(identity)
        preconditions = {"uid": identity.uid, **({"resourceVersion": version} if version else {})}
        body = {
            "kind": "DeleteOptions",
            "apiVersion": "v1",
            "preconditions": preconditions,
            "propagationPolicy": policy,
        }
        self.client.call("delete", resource.name, namespace, identity.name, body=body)

    def _remove_finalizer(self, identity: Identity, finalizer: str) -> None:
        """removeFinalizer: a merge patch of the finalizers, on the latest resourceVersion,
        retried on conflict."""
        resource, namespace = self._locate(identity)
        for attempt in range(CONFLICT_RETRIES + 1):
            latest = self._get(identity)
            if latest is None or not has_finalizer(latest, finalizer):
                return
            kept = [f for f in latest["metadata"]["finalizers"] if f != finalizer]
            meta = {
                "resourceVersion": latest["metadata"]["resourceVersion"],
                "finalizers": kept or None,
            }
            try:
                self.client.call(
                    "patch",
                    resource.name,
                    namespace,
                    identity.name,
                    body={"metadata": meta},
                    content_type=MERGE,
                )
                return
            except APIError as error:
                if error.code != 409 or attempt == CONFLICT_RETRIES:
                    raise


class _NamespacedOwner(Exception):
    """namespacedOwnerOfClusterScopedObjectErr."""


def _policy_of(latest: Object) -> str:
    """Honour a finalizer the object already has; else Background."""
    if has_finalizer(latest, ORPHAN_FINALIZER):
        return ORPHAN
    if has_finalizer(latest, FOREGROUND_FINALIZER):
        return FOREGROUND
    return BACKGROUND


def _unblock_patch(node: Node) -> Object:
    """unblockOwnerReferencesStrategicMergePatch: blockOwnerDeletion false everywhere."""
    refs = [
        {**ref, "blockOwnerDeletion": False} for ref in node.owners if ref.get("blockOwnerDeletion")
    ]
    return {"metadata": {"ownerReferences": refs, "uid": node.identity.uid}}
