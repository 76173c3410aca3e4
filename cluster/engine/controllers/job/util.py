"""What the Job controller and its neighbours read off a Job (pkg/controller/job/util) and
how it writes the Job's conditions (job_controller.go)."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock

# JobConditionType
COMPLETE = "Complete"
FAILED = "Failed"
SUSPENDED = "Suspended"
FAILURE_TARGET = "FailureTarget"
SUCCESS_CRITERIA_MET = "SuccessCriteriaMet"

# JobConditionReason
POD_FAILURE_POLICY = "PodFailurePolicy"
BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded"
DEADLINE_EXCEEDED = "DeadlineExceeded"
MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded"
FAILED_INDEXES = "FailedIndexes"
SUCCESS_POLICY = "SuccessPolicy"
COMPLETIONS_REACHED = "CompletionsReached"

TRUE, FALSE = "True", "False"
JOB_CONTROLLER_NAME = "kubernetes.io/job-controller"  # batch.JobControllerName
INDEXED, NON_INDEXED = "Indexed", "NonIndexed"


def finished_condition(job: Object) -> Object | None:
    """FinishedCondition: the Complete or Failed condition that is True, if any."""
    for condition in (job.get("status") or {}).get("conditions") or ():
        if condition.get("type") in (COMPLETE, FAILED) and condition.get("status") == TRUE:
            return condition
    return None


def is_job_finished(job: Object) -> bool:
    return finished_condition(job) is not None


def is_job_succeeded(job: Object) -> bool:
    """IsJobSucceeded: the Complete condition is True."""
    return any(
        c.get("type") == COMPLETE and c.get("status") == TRUE
        for c in (job.get("status") or {}).get("conditions") or ()
    )


def find_condition_by_type(conditions: list[Object], kind: str) -> Object | None:
    return next((c for c in conditions if c.get("type") == kind), None)


def new_condition(kind: str, status: str, reason: str, message: str, clock: Clock) -> Object:
    """newCondition: probed and changed now; reason and message left out when empty."""
    now = clock.timestamp()
    condition = {"type": kind, "status": status, "lastProbeTime": now, "lastTransitionTime": now}
    if reason:
        condition["reason"] = reason
    if message:
        condition["message"] = message
    return condition


def ensure_job_condition_status(
    conditions: list[Object], kind: str, status: str, reason: str, message: str, clock: Clock
) -> bool:
    """ensureJobConditionStatus: set the condition of `kind` in place, or append it unless it
    would be False (nothing to False says nothing); True when the list changed."""
    condition = find_condition_by_type(conditions, kind)
    if condition is not None:
        if (
            condition.get("status") != status
            or condition.get("reason", "") != reason
            or condition.get("message", "") != message
        ):
            conditions[conditions.index(condition)] = new_condition(
                kind, status, reason, message, clock
            )
            return True
        return False
    if status != FALSE:
        conditions.append(new_condition(kind, status, reason, message, clock))
        return True
    return False


def is_indexed_job(job: Object) -> bool:
    return job["spec"].get("completionMode") == INDEXED


def job_suspended(job: Object) -> bool:
    return bool(job["spec"].get("suspend"))


def has_backoff_limit_per_index(job: Object) -> bool:
    return job["spec"].get("backoffLimitPerIndex") is not None


def completions(job: Object) -> int | None:
    return job["spec"].get("completions")


def managed_by_external_controller(job: Object) -> str | None:
    """managedByExternalController: the spec.managedBy of a Job another controller runs."""
    name = job["spec"].get("managedBy")
    return name if name is not None and name != JOB_CONTROLLER_NAME else None


def only_replace_failed_pods(job: Object) -> bool:
    """onlyReplaceFailedPods: podReplacementPolicy Failed (implied by a podFailurePolicy):
    a terminating pod is replaced only once it has failed."""
    spec = job["spec"]
    return spec.get("podReplacementPolicy") == "Failed" or spec.get("podFailurePolicy") is not None


def is_pod_failed(pod: Object, job: Object) -> bool:
    """isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it
    succeeded, as orphans may never reach the Failed phase."""
    phase = (pod.get("status") or {}).get("phase")
    if phase == "Failed":
        return True
    if only_replace_failed_pods(job):
        return False
    return bool(pod["metadata"].get("deletionTimestamp")) and phase != "Succeeded"
