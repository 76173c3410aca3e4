"""Tracking finished pods with the Job's finalizer (tracking_utils.go): which pods hold it,
the patch that lets one go, and the finalizer removals the controller waits to see."""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.api.meta import Object

JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"


def has_job_tracking_finalizer(pod: Object) -> bool:
    return JOB_TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or ())


def remove_tracking_finalizer_patch(pod: Object) -> Object | None:
    """removeTrackingFinalizerPatch: a strategic merge patch, None when there is nothing to
    remove."""
    if not has_job_tracking_finalizer(pod):
        return None
    return {"metadata": {"$deleteFromPrimitiveList/finalizers": [JOB_TRACKING_FINALIZER]}}


@dataclass(slots=True)
class UIDTrackingExpectations:
    """uidTrackingExpectations: per Job, the uids of the pods whose finalizer removal the
    controller has asked for and not yet seen."""

    _uids: dict[str, set[str]] = field(default_factory=dict)

    def expected_uids(self, job_key: str) -> frozenset[str]:
        return frozenset(self._uids.get(job_key, ()))

    def expect_finalizers_removed(self, job_key: str, uids: list[str]) -> None:
        self._uids.setdefault(job_key, set()).update(uids)

    def finalizer_removal_observed(self, job_key: str, uid: str) -> None:
        uids = self._uids.get(job_key)
        if uids is not None:
            uids.discard(uid)

    def delete_expectations(self, job_key: str) -> None:
        self._uids.pop(job_key, None)
