"""ControllerRevisions, the recorded history of a controller's templates
(pkg/controller/history): their names, their order, and the highest revision number."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.store import codec

MAX_PREFIX = 223  # a prefix, a dash and a hash stay within 253 characters


def controller_revision_name(prefix: str, hash_: str) -> str:
    """ControllerRevisionName: prefix-hash, the prefix cut to 223 characters."""
    return f"{prefix[:MAX_PREFIX]}-{hash_}"


def _by_revision(revision: Object) -> tuple[int, str, str]:
    """byRevision.Less: revision, then creation time, then name."""
    meta = revision["metadata"]
    return revision.get("revision", 0), meta.get("creationTimestamp") or "", meta["name"]


def sort_controller_revisions(revisions: list[Object]) -> list[Object]:
    """SortControllerRevisions: oldest revision first."""
    return sorted(revisions, key=_by_revision)


def max_revision(revisions: list[Object]) -> int:
    """maxRevision: the highest revision number, 0 for none."""
    return max((r.get("revision", 0) for r in revisions), default=0)


def template_patch(obj: Object) -> Object:
    """getPatch: the strategic merge patch that restores the object's pod template, what a
    DaemonSet's revision records (and `kubectl rollout undo` applies)."""
    template = codec.deep_copy(obj["spec"]["template"])
    return {"spec": {"template": {**template, "$patch": "replace"}}}


def records(revision: Object, obj: Object) -> bool:
    """Match: the revision records the object's current template."""
    return revision.get("data") == template_patch(obj)
