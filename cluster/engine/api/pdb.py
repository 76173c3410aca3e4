"""PodDisruptionBudget helpers (pkg/apis/policy/v1 and its helper package): the
DisruptionAllowed condition that the disruption controller and the eviction subresource
both keep, and metav1's SetStatusCondition."""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object

DISRUPTION_ALLOWED = "DisruptionAllowed"
SUFFICIENT_PODS, INSUFFICIENT_PODS, SYNC_FAILED = "SufficientPods", "InsufficientPods", "SyncFailed"


def selector_of(pdb: Object) -> labels.Selector | None:
    """The budget's selector (None for an invalid one, which picks no pod)."""
    try:
        return labels.from_label_selector((pdb.get("spec") or {}).get("selector"))
    except labels.SelectorError:
        return None


def condition(allowed: bool, reason: str, generation: int, message: str = "") -> Object:
    return {
        "type": DISRUPTION_ALLOWED,
        "status": "True" if allowed else "False",
        "observedGeneration": generation,
        "reason": reason,
        "message": message,
    }


def update_disruption_allowed_condition(status: Object, now: str) -> None:
    """UpdateDisruptionAllowedCondition: True (SufficientPods) when a disruption is allowed,
    else False (InsufficientPods)."""
    allowed = status.get("disruptionsAllowed", 0) > 0
    reason = SUFFICIENT_PODS if allowed else INSUFFICIENT_PODS
    found = condition(allowed, reason, status.get("observedGeneration", 0))
    set_status_condition(status.setdefault("conditions", []), found, now)


def conditions_up_to_date(pdb: Object) -> bool:
    """ConditionsAreUpToDate."""
    status = pdb.get("status") or {}
    condition = next(
        (c for c in status.get("conditions") or () if c.get("type") == DISRUPTION_ALLOWED), None
    )
    if condition is None or status.get("observedGeneration") != pdb["metadata"].get("generation"):
        return False
    if status.get("disruptionsAllowed", 0) > 0:
        return condition.get("status") == "True" and condition.get("reason") == SUFFICIENT_PODS
    return condition.get("status") == "False" and condition.get("reason") == INSUFFICIENT_PODS


def set_status_condition(conditions: list[Object], new: Object, now: str) -> None:
    """meta.SetStatusCondition: a condition of the same type takes the new one's fields, its
    transition time moving only when its status does; a new type is added."""
    for index, old in enumerate(conditions):
        if old.get("type") == new["type"]:
            moved = old.get("status") != new["status"]
            since = now if moved else old.get("lastTransitionTime", now)
            conditions[index] = _ordered({**old, **new, "lastTransitionTime": since})
            return
    conditions.append(_ordered({**new, "lastTransitionTime": now}))


def _ordered(condition: Object) -> Object:
    """metav1.Condition's fields in its JSON order (observedGeneration is `omitempty`)."""
    keys = ("type", "status", "observedGeneration", "lastTransitionTime", "reason", "message")
    return {
        key: condition[key]
        for key in keys
        if key in condition and (key != "observedGeneration" or condition[key])
    }
