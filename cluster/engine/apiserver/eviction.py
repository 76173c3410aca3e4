"""pods/eviction's decisions (pkg/registry/core/pod/storage/eviction.go): whether the pod's
PodDisruptionBudget lets it go, and what the budget's status becomes when it does.

A pod that is not running yet, has finished, or is being deleted goes without asking; a pod
guarded by one budget goes if the budget allows a disruption, which the eviction uses up
(`disruptionsAllowed` one less, the pod in `disruptedPods` until the controller sees it
deleted); a pod guarded by two or more cannot be evicted at all.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.pdb import (
    DISRUPTION_ALLOWED,
    SYNC_FAILED,
    selector_of,
    update_disruption_allowed_condition,
)
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError

MAX_DISRUPTED_POD_SIZE = 2000  # MaxDisruptedPodSize
TOO_MANY_BUDGETS = (
    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not "
    "support."
)
VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget."
DISRUPTION_BUDGET_CAUSE = "DisruptionBudget"
EVICTING = {
    "type": "DisruptionTarget",
    "status": "True",
    "reason": "EvictionByEvictionAPI",
    "message": "Eviction API: evicting",
}


def can_ignore_pdb(pod: Object) -> bool:
    """canIgnorePDB: a pod that is pending, finished or being deleted disrupts nothing more."""
    phase = (pod.get("status") or {}).get("phase")
    deleting = bool(pod["metadata"].get("deletionTimestamp"))
    return phase in ("Succeeded", "Failed", "Pending") or deleting


def should_enforce_resource_version(pod: Object) -> bool:
    """shouldEnforceResourceVersion: a pod that may still become ready is deleted only as
    it was read."""
    phase = (pod.get("status") or {}).get("phase")
    return phase not in ("Succeeded", "Failed") and not pod["metadata"].get("deletionTimestamp")


def budgets_for(pod: Object, pdbs: list[Object]) -> list[Object]:
    """getPodDisruptionBudgets: the budgets of the pod's namespace whose selector picks it (a
    null or empty selector picks nothing here)."""
    pod_labels = pod["metadata"].get("labels") or {}
    selectors = ((pdb, selector_of(pdb)) for pdb in pdbs)
    return [pdb for pdb, s in selectors if s and not s.empty and s.matches(pod_labels)]


def unhealthy_may_go(pod: Object, pdb: Object) -> bool:
    """An unready pod goes without using the budget up: always with AlwaysAllow, and with
    IfHealthyBudget (the default) while the application has the healthy pods it needs."""
    conditions = (pod.get("status") or {}).get("conditions") or ()
    if any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions):
        return False
    spec, status = pdb.get("spec") or {}, pdb.get("status") or {}
    if spec.get("unhealthyPodEvictionPolicy") == "AlwaysAllow":
        return True
    desired = status.get("desiredHealthy", 0)
    return status.get("currentHealthy", 0) >= desired > 0


def check_and_decrement(pdb: Object, pod_name: str, now: str, dry_run: bool) -> Object:
    """checkAndDecrement: the budget's new status, or why the pod may not go."""
    meta, status = pdb["metadata"], dict(pdb.get("status") or {})
    name = meta["name"]
    if status.get("observedGeneration", 0) < meta.get("generation", 0):
        raise _too_many_requests(name)
    allowed = status.get("disruptionsAllowed", 0)
    if allowed < 0:
        raise _forbidden(name, "pdb disruptions allowed is negative")
    if len(status.get("disruptedPods") or {}) > MAX_DISRUPTED_POD_SIZE:
        detail = "DisruptedPods map too big - too many evictions not confirmed by PDB controller"
        raise _forbidden(name, detail)
    if allowed == 0:
        raise _violation(_why_not(pdb), 0)
    status["disruptionsAllowed"] = allowed - 1
    if allowed == 1:
        status["conditions"] = list(status.get("conditions") or [])
        update_disruption_allowed_condition(status, now)
    if not dry_run:
        status = _with_disrupted_pod(status, pod_name, now)
    return status


def _with_disrupted_pod(status: Object, pod_name: str, now: str) -> Object:
    """The status with the pod in disruptedPods, which comes second in its JSON."""
    disrupted = {**(status.get("disruptedPods") or {}), pod_name: now}
    first = (
        {"observedGeneration": status["observedGeneration"]}
        if "observedGeneration" in status
        else {}
    )
    rest = {k: v for k, v in status.items() if k not in ("observedGeneration", "disruptedPods")}
    return {**first, "disruptedPods": disrupted, **rest}


def _why_not(pdb: Object) -> str:
    """The cause of a refusal: a failed sync first, as its counts cannot be trusted."""
    name, status = pdb["metadata"]["name"], pdb.get("status") or {}
    condition = next(
        (c for c in status.get("conditions") or () if c.get("type") == DISRUPTION_ALLOWED), {}
    )
    failed = condition.get("status") == "False" and condition.get("message")
    if failed and condition.get("reason") == SYNC_FAILED:
        return (
            f"The disruption budget {name} does not allow evicting pods currently because it "
            f"failed sync: {condition['message']}"
        )
    healthy, desired = status.get("currentHealthy", 0), status.get("desiredHealthy", 0)
    if healthy <= desired:
        return (
            f"The disruption budget {name} needs {desired} healthy pods and has {healthy} currently"
        )
    if failed:
        return (
            f"The disruption budget {name} does not allow evicting pods currently "
            f"({condition.get('reason')}): {condition['message']}"
        )
    return f"The disruption budget {name} does not allow evicting pods currently"


def _too_many_requests(name: str) -> StatusError:
    """createTooManyRequestsError: the budget is behind; try again in ten seconds."""
    return _violation(f"The disruption budget {name} is still being processed by the server.", 10)


def _violation(cause: str, retry_after: int) -> StatusError:
    """NewTooManyRequests, with the budget's cause."""
    details: Object = {"causes": [{"reason": DISRUPTION_BUDGET_CAUSE, "message": cause}]}
    if retry_after:
        details = {"retryAfterSeconds": retry_after, **details}
    return StatusError(429, "TooManyRequests", VIOLATION, details)


def _forbidden(name: str, detail: str) -> StatusError:
    """NewForbidden(policy.Resource("poddisruptionbudget"), name, err)."""
    message = f'poddisruptionbudget.policy "{name}" is forbidden: {detail}'
    details = {"name": name, "group": "policy", "kind": "poddisruptionbudget"}
    return StatusError(403, "Forbidden", message, details)


def too_many_budgets() -> Object:
    """The Status (not an error) a pod with more than one budget gets."""
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": TOO_MANY_BUDGETS,
        "code": 500,
    }


def invalid_ignore_read_error(name: str) -> StatusError:
    """An eviction may not ignore store read errors."""
    path = "deleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential"
    detail = "can not be set for pod eviction, try after removing the option"
    cause = {
        "reason": "FieldValueInvalid",
        "message": f"Invalid value: true: {detail}",
        "field": path,
    }
    message = f'Eviction.policy "{name}" is invalid: {path}: Invalid value: true: {detail}'
    details = {"name": name, "group": "policy", "kind": "Eviction", "causes": [cause]}
    return StatusError(422, "Invalid", message, details)


def non_matching_dry_run(query: list[str], body: list[str]) -> StatusError:
    """propagateDryRun's error: the request's dryRun and the Eviction's disagree."""
    return errors.bad_request(
        f"Non-matching dry-run options in request and content: [{' '.join(query)}] and "
        f"[{' '.join(body)}]"
    )
