"""The delay before pods that failed are replaced (backoff_utils.go): 10 s after the first
failure since the last success, doubling with each further one up to 10 minutes, counted
from when the last failed pod finished.

Times are virtual milliseconds (pods' timestamps are to the second).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.job.indexed import index_absolute_failure_count

DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000  # DefaultJobPodFailureBackOff
MAX_JOB_POD_FAILURE_BACKOFF_MS = 600_000  # MaxJobPodFailureBackOff


@dataclass(frozen=True, slots=True)
class BackoffRecord:
    key: str
    failures_after_last_success: int = 0
    last_failure_time: int | None = None

    def remaining_time(self, clock: Clock) -> int:
        """getRemainingTime: how long pod creation must still wait."""
        return remaining_time_for_failures_count(
            clock, self.failures_after_last_success, self.last_failure_time
        )


@dataclass(slots=True)
class BackoffStore:
    """backoffStore: each Job's record, by key, as of its last status update."""

    clock: Clock
    _records: dict[str, BackoffRecord] = field(default_factory=dict)

    def update_backoff_record(self, record: BackoffRecord) -> None:
        self._records[record.key] = record

    def remove_backoff_record(self, key: str) -> None:
        self._records.pop(key, None)

    def new_backoff_record(
        self, key: str, new_succeeded: list[Object], new_failed: list[Object]
    ) -> BackoffRecord:
        """newBackoffRecord: the stored record moved on by the pods that finished since: a
        success starts the count afresh, from the failures that came after it."""
        old = self._records.get(key) or BackoffRecord(key)
        failed_times = sorted(finished_time(self.clock, pod) for pod in new_failed)
        if not new_succeeded:
            if not new_failed:
                return old
            return BackoffRecord(
                key, old.failures_after_last_success + len(new_failed), failed_times[-1]
            )
        last_success = max(finished_time(self.clock, pod) for pod in new_succeeded)
        after = [t for t in failed_times if t > last_success]
        return BackoffRecord(key, len(after), after[-1] if after else None)


def finished_time(clock: Clock, pod: Object) -> int:
    """getFinishedTime: when the pod's containers all finished, else when it stopped being
    ready, else when it was deleted (less its grace period), else its creation."""
    meta = pod["metadata"]
    for found in (
        _finish_time_from_containers(pod, clock),
        _finish_time_from_ready_false(pod, clock),
    ):
        if found is not None:
            return found
    deleted = utils.virtual_ms(clock, meta.get("deletionTimestamp"))
    if deleted is not None:
        return deleted - (meta.get("deletionGracePeriodSeconds") or 0) * 1000
    return utils.virtual_ms(clock, meta.get("creationTimestamp")) or 0


def _finish_time_from_containers(pod: Object, clock: Clock) -> int | None:
    """The latest finishedAt of the containers and sidecars, None while one is unfinished."""
    status = pod.get("status") or {}
    sidecars = {
        c["name"]
        for c in pod.get("spec", {}).get("initContainers") or ()
        if c.get("restartPolicy") == "Always"
    }
    statuses = list(status.get("containerStatuses") or ())
    statuses += [s for s in status.get("initContainerStatuses") or () if s.get("name") in sidecars]
    latest = None
    for container in statuses:
        terminated = (container.get("state") or {}).get("terminated")
        finished = utils.virtual_ms(clock, (terminated or {}).get("finishedAt"))
        if finished is None:
            return None
        latest = finished if latest is None else max(latest, finished)
    return latest


def _finish_time_from_ready_false(pod: Object, clock: Clock) -> int | None:
    condition = utils.ready_condition(pod)
    if condition is None or condition.get("status") != "False":
        return None
    return utils.virtual_ms(clock, condition.get("lastTransitionTime"))


def remaining_time_for_failures_count(
    clock: Clock, failures: int, last_failure_time: int | None
) -> int:
    """getRemainingTimeForFailuresCount: the back-off of `failures` failures, less the time
    since the last one."""
    if failures == 0 or last_failure_time is None:
        return 0
    backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS
    for _ in range(1, failures):
        backoff *= 2
        if backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS:
            backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS
            break
    elapsed = clock.now - last_failure_time
    return 0 if backoff < elapsed else backoff - elapsed


def remaining_time_per_index(clock: Clock, last_failed: Object | None) -> int:
    """getRemainingTimePerIndex: the back-off of an index, from the failure counts and the
    finish time of its last failed pod."""
    if last_failed is None:
        return 0
    failures = index_absolute_failure_count(last_failed) + 1
    return remaining_time_for_failures_count(clock, failures, finished_time(clock, last_failed))
