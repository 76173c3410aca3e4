"""What the protection controllers share (pkg/controller/util/protectionutil): a finalizer
that keeps a storage object while it is in use."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client


def is_deletion_candidate(obj: Object, finalizer: str) -> bool:
    """IsDeletionCandidate: being deleted, and held by the finalizer."""
    meta = obj["metadata"]
    return bool(meta.get("deletionTimestamp")) and finalizer in (meta.get("finalizers") or ())


def need_to_add_finalizer(obj: Object, finalizer: str) -> bool:
    """NeedToAddFinalizer: not being deleted, and without the finalizer."""
    meta = obj["metadata"]
    return not meta.get("deletionTimestamp") and finalizer not in (meta.get("finalizers") or ())


def needs_work(kind: str, obj: Object, finalizer: str) -> bool:
    """Whether an added or updated object is worth a look."""
    return kind != DELETED and (
        need_to_add_finalizer(obj, finalizer) or is_deletion_candidate(obj, finalizer)
    )


def add_finalizer(client: Client, resource: str, obj: Object, finalizer: str) -> None:
    """addFinalizer: an update of the object with the finalizer appended."""
    finalizers = [*(obj["metadata"].get("finalizers") or ()), finalizer]
    _update(client, resource, obj, finalizers)


def remove_finalizer(client: Client, resource: str, obj: Object, finalizer: str) -> None:
    """removeFinalizer: an update of the object without the finalizer."""
    finalizers = [f for f in obj["metadata"].get("finalizers") or () if f != finalizer]
    _update(client, resource, obj, finalizers)


def _update(client: Client, resource: str, obj: Object, finalizers: list[str]) -> None:
    meta = {**obj["metadata"], "finalizers": finalizers}
    if not finalizers:
        del meta["finalizers"]
    client.call(
        "update", resource, meta.get("namespace", ""), meta["name"], body={**obj, "metadata": meta}
    )
