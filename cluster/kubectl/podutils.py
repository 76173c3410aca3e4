"""kubectl's podutils orderings, which choose the pod of a workload that `kubectl logs` and
`kubectl exec` act on: ByLogging (the pod whose logs say most) and ActivePods (which the
exec and attach helpers take reversed: the most settled pod first)."""

from __future__ import annotations

from cluster.engine.api.meta import Object


def by_logging(a: Object, b: Object) -> bool:
    """ByLogging.Less: assigned, running, ready, ready longest, most restarted, oldest first."""
    if (verdict := _assigned_first(a, b)) is not None:
        return verdict
    rank = {"Running": 0, "Unknown": 1, "Pending": 2}  # other phases rank as Running (Go's zero)
    if _rank(a, rank) != _rank(b, rank):
        return _rank(a, rank) < _rank(b, rank)
    if _ready(a) != _ready(b):
        return _ready(a)
    if _ready(a) and _ready(b) and _ready_time(a) != _ready_time(b):
        return _after_or_zero(_ready_time(b), _ready_time(a))
    if _restarts(a) != _restarts(b):
        return _restarts(a) > _restarts(b)
    return _after_or_zero(_created(b), _created(a))


def active_pods(a: Object, b: Object) -> bool:
    """ActivePods.Less: unassigned, pending, not ready, deleting, ready the shortest, most
    restarted, newest first."""
    if (verdict := _assigned_first(a, b)) is not None:
        return not verdict
    rank = {"Pending": 0, "Unknown": 1, "Running": 2}
    if _rank(a, rank) != _rank(b, rank):
        return _rank(a, rank) < _rank(b, rank)
    if _ready(a) != _ready(b):
        return not _ready(a)
    deleting_a, deleting_b = _deleted(a), _deleted(b)
    if bool(deleting_a) != bool(deleting_b):
        return bool(deleting_a)
    if deleting_a and deleting_b and deleting_a != deleting_b:
        return deleting_a < deleting_b
    if _ready(a) and _ready(b) and _ready_time(a) != _ready_time(b):
        return _after_or_zero(_ready_time(a), _ready_time(b))
    if _restarts(a) != _restarts(b):
        return _restarts(a) > _restarts(b)
    return _after_or_zero(_created(a), _created(b))


def _assigned_first(a: Object, b: Object) -> bool | None:
    """Whether a is assigned to a node where only one of the two is; None if both or neither."""
    node_a, node_b = (p.get("spec", {}).get("nodeName") or "" for p in (a, b))
    if node_a != node_b and not (node_a and node_b):
        return bool(node_a)
    return None


def _rank(pod: Object, rank: dict[str, int]) -> int:
    return rank.get((pod.get("status") or {}).get("phase", ""), 0)


def _ready_condition(pod: Object) -> Object | None:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return next((c for c in conditions if c.get("type") == "Ready"), None)


def _ready(pod: Object) -> bool:
    condition = _ready_condition(pod)
    return condition is not None and condition.get("status") == "True"


def _ready_time(pod: Object) -> str:
    condition = _ready_condition(pod)
    ready = condition is not None and condition.get("status") == "True"
    return (condition or {}).get("lastTransitionTime") or "" if ready else ""


def _restarts(pod: Object) -> tuple[int, int]:
    """The most restarts of a regular container, then of a sidecar (an always-restarting
    init container)."""
    status, spec = pod.get("status") or {}, pod.get("spec") or {}
    regular = max(
        (c.get("restartCount", 0) for c in status.get("containerStatuses") or []), default=0
    )
    sidecars = {
        c["name"] for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"
    }
    inits = status.get("initContainerStatuses") or []
    sidecar = max((c.get("restartCount", 0) for c in inits if c.get("name") in sidecars), default=0)
    return regular, sidecar


def _created(pod: Object) -> str:
    return pod["metadata"].get("creationTimestamp") or ""


def _deleted(pod: Object) -> str:
    return pod["metadata"].get("deletionTimestamp") or ""


def _after_or_zero(one: str, other: str) -> bool:
    """afterOrZero on RFC 3339 times of one precision, which sort as their text does."""
    if not one or not other:
        return not one
    return one > other
