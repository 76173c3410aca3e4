"""The garbage collector's dependency graph (graph.go, graph_builder.go).

Every object of every watched resource is a node; its ownerReferences are edges to its
owners, each of which lists it among its dependents. An owner referenced before it has
been seen is a "virtual" node until an informer shows it, or kube-apiserver says it is
gone. Changes that need action are put on two queues: attemptToDelete (dependents whose
owners may be gone, owners waiting for their dependents) and attemptToOrphan.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.controllers.workqueue import WorkQueue

FOREGROUND_FINALIZER = "foregroundDeletion"  # metav1.FinalizerDeleteDependents
ORPHAN_FINALIZER = "orphan"  # metav1.FinalizerOrphanDependents
ABSENT_OWNER_CACHE_SIZE = 500
VIRTUAL = "virtual:"  # the attemptToDelete key of a node enqueued before it was observed


@dataclass(frozen=True, slots=True)
class Identity:
    """objectReference: an owner reference's coordinates and a namespace."""

    api_version: str
    kind: str
    name: str
    uid: str
    namespace: str = ""

    @classmethod
    def of(cls, obj: Object) -> Identity:
        meta = obj["metadata"]
        return cls(
            obj.get("apiVersion", ""),
            obj.get("kind", ""),
            meta.get("name", ""),
            meta.get("uid", ""),
            meta.get("namespace", ""),
        )

    @classmethod
    def of_reference(cls, ref: Object, namespace: str) -> Identity:
        return cls(
            ref.get("apiVersion", ""),
            ref.get("kind", ""),
            ref.get("name", ""),
            ref["uid"],
            namespace,
        )

    def __str__(self) -> str:
        """objectReference.String, as the collector's events and logs print it."""
        return (
            f"[{self.api_version}/{self.kind}, namespace: {self.namespace}, "
            f"name: {self.name}, uid: {self.uid}]"
        )

    def matches(self, ref: Object) -> bool:
        """ownerReferenceMatchesCoordinates: ref names this object's kind, name and uid."""
        return (
            ref.get("uid", "") == self.uid
            and ref.get("name", "") == self.name
            and ref.get("kind", "") == self.kind
            and ref.get("apiVersion", "") == self.api_version
        )


# reportInvalidNamespaceOwnerRef: told the dependent and its owner reference that names an
# owner in another namespace
InvalidNamespaceReporter = Callable[["Node", Object], None]


@dataclass(slots=True, eq=False)
class Node:
    identity: Identity
    owners: list[Object] = field(default_factory=list)
    dependents: dict[str, Node] = field(default_factory=dict)  # by uid
    deleting_dependents: bool = False
    being_deleted: bool = False
    virtual: bool = False

    def blocking_dependents(self) -> list[Node]:
        """Dependents whose reference to this node has blockOwnerDeletion."""
        uid = self.identity.uid
        return [
            dependent
            for dependent in self.dependents.values()
            if any(r.get("uid") == uid and r.get("blockOwnerDeletion") for r in dependent.owners)
        ]


def being_deleted(obj: Object) -> bool:
    return bool(obj["metadata"].get("deletionTimestamp"))


def has_finalizer(obj: Object, finalizer: str) -> bool:
    return finalizer in (obj["metadata"].get("finalizers") or ())


def _deletion_starts_with(old: Object | None, obj: Object, finalizer: str) -> bool:
    """The object is being deleted with `finalizer`, and was not before."""
    if not being_deleted(obj) or not has_finalizer(obj, finalizer):
        return False
    return old is None or not being_deleted(old) or not has_finalizer(old, finalizer)


class GraphBuilder:
    def __init__(
        self,
        attempt_to_delete: WorkQueue,
        attempt_to_orphan: WorkQueue,
        report_invalid_namespace: InvalidNamespaceReporter | None = None,
    ) -> None:
        self.nodes: dict[str, Node] = {}
        self.attempt_to_delete = attempt_to_delete
        self.attempt_to_orphan = attempt_to_orphan
        self.report_invalid_namespace = report_invalid_namespace or (lambda node, ref: None)
        self.absent_owners: OrderedDict[Identity, None] = OrderedDict()

    # -- the absent owner cache (an LRU) ----------------------------------------------

    def owner_absent(self, identity: Identity) -> bool:
        if identity in self.absent_owners:
            self.absent_owners.move_to_end(identity)
            return True
        return False

    def add_absent_owner(self, identity: Identity) -> None:
        self.absent_owners[identity] = None
        self.absent_owners.move_to_end(identity)
        while len(self.absent_owners) > ABSENT_OWNER_CACHE_SIZE:
            self.absent_owners.popitem(last=False)

    # -- graph changes ----------------------------------------------------------------

    def on_event(self, kind: str, obj: Object, old: Object | None) -> None:
        """An informer event of any watched resource (processGraphChanges)."""
        uid = obj["metadata"].get("uid", "")
        existing = self.nodes.get(uid)
        if existing is not None and existing.virtual:
            self._observe(existing, Identity.of(obj))
        if kind == DELETED:
            if existing is not None:
                self._remove(existing, Identity.of(obj))
            return
        if existing is None:
            deleting = being_deleted(obj)
            node = Node(
                Identity.of(obj),
                obj["metadata"].get("ownerReferences") or [],
                deleting_dependents=deleting and has_finalizer(obj, FOREGROUND_FINALIZER),
                being_deleted=deleting,
            )
            self.nodes[uid] = node
            self._add_dependent_to_owners(node, node.owners)
            self._process_transitions(old, obj, node)
            return
        self._update(existing, obj, old)

    def virtual_delete(self, identity: Identity) -> None:
        """enqueueVirtualDeleteEvent: kube-apiserver says the object is not there."""
        node = self.nodes.get(identity.uid)
        if node is not None:
            self._remove(node, identity)

    def _update(self, node: Node, obj: Object, old: Object | None) -> None:
        refs = obj["metadata"].get("ownerReferences") or []
        if refs != node.owners:
            added, removed, changed = _references_diffs(node.owners, refs)
            self._unblocked_owners_to_delete_queue(removed, changed)
            node.owners = refs
            self._add_dependent_to_owners(node, added)
            self._remove_dependent_from_owners(node, removed)
        if being_deleted(obj):
            node.being_deleted = True
        self._process_transitions(old, obj, node)

    def _remove(self, node: Node, identity: Identity) -> None:
        del self.nodes[node.identity.uid]
        self._remove_dependent_from_owners(node, node.owners)
        if node.dependents:
            self.add_absent_owner(identity)
        for dependent in node.dependents.values():
            self.attempt_to_delete.add(dependent.identity.uid)
        for ref in node.owners:
            owner = self.nodes.get(ref.get("uid", ""))
            if owner is not None and owner.deleting_dependents:
                self.attempt_to_delete.add(owner.identity.uid)

    def _process_transitions(self, old: Object | None, obj: Object, node: Node) -> None:
        if not being_deleted(obj):
            return  # no deletion starts (nearly every event: the two checks need not look)
        if _deletion_starts_with(old, obj, ORPHAN_FINALIZER):
            self.attempt_to_orphan.add(node.identity.uid)
            return
        if _deletion_starts_with(old, obj, FOREGROUND_FINALIZER):
            node.deleting_dependents = True
            for dependent in node.dependents.values():
                self.attempt_to_delete.add(dependent.identity.uid)
            self.attempt_to_delete.add(node.identity.uid)

    def _observe(self, node: Node, observed: Identity) -> None:
        """A virtual node seen at last: dependents that named it by other coordinates, or
        from another namespace than its own, are checked again (the bad child, then good
        parent order of processGraphChanges)."""
        node.virtual = False
        if observed != node.identity:
            for dependent in _nonmatching_dependents(node, observed):
                if observed.namespace and dependent.identity.namespace != observed.namespace:
                    self._report(dependent, observed.uid)
                self.attempt_to_delete.add(dependent.identity.uid)
        node.identity = observed

    def _add_dependent_to_owners(self, node: Node, refs: list[Object]) -> None:
        """addDependentToOwners: an owner not seen yet becomes a virtual node; a reference
        that cannot be right for an owner already known sends the dependent to be checked."""
        potentially_invalid = False
        for ref in refs:
            uid = ref.get("uid", "")
            owner = self.nodes.get(uid)
            if owner is None:
                owner = Node(Identity.of_reference(ref, node.identity.namespace), virtual=True)
                self.nodes[uid] = owner
                self.attempt_to_delete.add(VIRTUAL + uid)
            elif not potentially_invalid:
                potentially_invalid = self._suspect(node, ref, owner)
            owner.dependents[node.identity.uid] = node
        if potentially_invalid:
            self.attempt_to_delete.add(node.identity.uid)

    def _suspect(self, node: Node, ref: Object, owner: Node) -> bool:
        """The reference from node to a known owner may be invalid; reported when the owner
        was observed in another namespace, which is definitely wrong."""
        owner_namespace = owner.identity.namespace
        if owner_namespace and owner_namespace != node.identity.namespace:
            if not owner.virtual:
                self._report(node, owner.identity.uid)
            return True
        if not owner.identity.matches(ref):
            return True
        return not owner_namespace and owner.virtual and node.identity.namespace != ""

    def _report(self, node: Node, owner_uid: str) -> None:
        ref = next((r for r in node.owners if r.get("uid") == owner_uid), None)
        if ref is not None:
            self.report_invalid_namespace(node, ref)

    def _remove_dependent_from_owners(self, node: Node, refs: list[Object]) -> None:
        for ref in refs:
            owner = self.nodes.get(ref.get("uid", ""))
            if owner is not None:
                owner.dependents.pop(node.identity.uid, None)

    def _unblocked_owners_to_delete_queue(
        self, removed: list[Object], changed: list[tuple[Object, Object]]
    ) -> None:
        """An owner waiting for its blocking dependents may be free to go now."""
        unblocked = [ref for ref in removed if ref.get("blockOwnerDeletion")]
        unblocked += [
            new
            for old, new in changed
            if old.get("blockOwnerDeletion") and not new.get("blockOwnerDeletion")
        ]
        for ref in unblocked:
            if ref.get("uid", "") in self.nodes:
                self.attempt_to_delete.add(ref["uid"])


def _nonmatching_dependents(node: Node, observed: Identity) -> list[Node]:
    """partitionDependents' nonmatching half: dependents in another namespace than the
    observed, namespaced owner, or whose reference names other coordinates."""
    return [
        dependent
        for dependent in node.dependents.values()
        if (observed.namespace and observed.namespace != dependent.identity.namespace)
        or any(r.get("uid") == observed.uid and not observed.matches(r) for r in dependent.owners)
    ]


def _references_diffs(
    old: list[Object], new: list[Object]
) -> tuple[list[Object], list[Object], list[tuple[Object, Object]]]:
    """referencesDiffs: references added, removed, and changed (same uid)."""
    old_by_uid = {ref.get("uid"): ref for ref in old}
    new_uids = {ref.get("uid") for ref in new}
    added = [ref for ref in new if ref.get("uid") not in old_by_uid]
    removed = [ref for ref in old if ref.get("uid") not in new_uids]
    changed = [
        (old_by_uid[ref.get("uid")], ref)
        for ref in new
        if ref.get("uid") in old_by_uid and old_by_uid[ref.get("uid")] != ref
    ]
    return added, removed, changed
