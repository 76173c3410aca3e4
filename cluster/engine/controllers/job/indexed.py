"""completionMode Indexed (indexed_job_utils.go): each pod runs one completion index, given
in its annotation and label, its hostname and its JOB_COMPLETION_INDEX variable; succeeded
and failed indexes are kept as ordered intervals, written "1,3-5,7".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cluster.engine.api.meta import Object
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.job import podfailurepolicy
from cluster.engine.controllers.job.tracking import has_job_tracking_finalizer
from cluster.engine.controllers.job.util import is_pod_failed, only_replace_failed_pods

JOB_COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index"
JOB_INDEX_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-failure-count"
JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-ignored-failure-count"
COMPLETION_INDEX_ENV_NAME = "JOB_COMPLETION_INDEX"
UNKNOWN_COMPLETION_INDEX = -1
MAX_GENERATED_NAME_LENGTH = 58  # names.MaxGeneratedNameLength
MAX_INT32 = 2**31 - 1


class OrderedIntervals(tuple[tuple[int, int], ...]):
    """orderedIntervals: disjoint, non-adjacent (first, last) intervals in order."""

    def with_ordered_indexes(self, indexes: Iterable[int]) -> OrderedIntervals:
        """withOrderedIndexes: these intervals and the given sorted indexes."""
        return self.merge(OrderedIntervals((ix, ix) for ix in indexes))

    def merge(self, other: OrderedIntervals) -> OrderedIntervals:
        result: list[list[int]] = []
        for first, last in sorted((*self, *other)):
            if not result or first > result[-1][1] + 1:
                result.append([first, last])
            elif result[-1][1] < last:
                result[-1][1] = last
        return OrderedIntervals((first, last) for first, last in result)

    def total(self) -> int:
        return sum(last - first + 1 for first, last in self)

    def has(self, ix: int) -> bool:
        return any(first <= ix <= last for first, last in self)

    def __str__(self) -> str:
        parts = []
        for first, last in self:
            if last == first:
                parts.append(str(first))
            else:
                parts.append(f"{first}{',' if last == first + 1 else '-'}{last}")
        return ",".join(parts)


def parse_indexes_from_string(text: str | None, completions: int) -> OrderedIntervals:
    """parseIndexesFromString: intervals of "1,3-5", cut at `completions`; corrupt parts are
    skipped."""
    result: list[list[int]] = []
    for part in (text or "").split(",") if text else ():
        limits = part.split("-")
        first = _atoi(limits[0])
        if first is None:
            continue
        if first >= completions:
            break
        last = first
        if len(limits) > 1:
            parsed = _atoi(limits[1])
            if parsed is None:
                continue
            last = min(parsed, completions - 1)
        if result and result[-1][1] == first - 1:
            result[-1][1] = last
        else:
            result.append([first, last])
    return OrderedIntervals((first, last) for first, last in result)


def _atoi(text: str) -> int | None:
    """strconv.Atoi: an optional sign and decimal digits."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    return int(text) if digits.isascii() and digits.isdigit() else None


# -- a pod's index and its failures ----------------------------------------------------


def get_completion_index(pod: Object) -> int:
    """getCompletionIndex: the index in the pod's annotation, or UNKNOWN_COMPLETION_INDEX."""
    value = (pod["metadata"].get("annotations") or {}).get(JOB_COMPLETION_INDEX_ANNOTATION)
    index = _atoi(value) if value is not None else None
    return index if index is not None and index >= 0 else UNKNOWN_COMPLETION_INDEX


def valid_index(pod: Object, completions: int) -> int | None:
    """The pod's completion index when it is one of the Job's, else None."""
    ix = get_completion_index(pod)
    return ix if ix != UNKNOWN_COMPLETION_INDEX and ix < completions else None


def _annotation_int32(pod: Object, key: str) -> int:
    """parseInt32 of an annotation; missing or invalid counts as 0."""
    value = _atoi((pod["metadata"].get("annotations") or {}).get(key, ""))
    return value if value is not None and 0 <= value <= MAX_INT32 else 0


def index_failure_count(pod: Object) -> int:
    return _annotation_int32(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION)


def index_absolute_failure_count(pod: Object) -> int:
    """getIndexAbsoluteFailureCount: failures counted and ignored."""
    return index_failure_count(pod) + _annotation_int32(
        pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION
    )


def get_indexes(pods: Iterable[Object]) -> set[int]:
    return {ix for ix in map(get_completion_index, pods) if ix != UNKNOWN_COMPLETION_INDEX}


# -- succeeded and failed indexes ------------------------------------------------------


def calculate_succeeded_indexes(
    job: Object, pods: list[Object]
) -> tuple[OrderedIntervals, OrderedIntervals]:
    """calculateSucceededIndexes: the indexes in the status, and those plus the indexes of
    succeeded pods still tracked."""
    completions = job["spec"]["completions"]
    previous = parse_indexes_from_string(
        (job.get("status") or {}).get("completedIndexes"), completions
    )
    new = {
        ix
        for p in pods
        if (p.get("status") or {}).get("phase") == "Succeeded"
        and has_job_tracking_finalizer(p)
        and (ix := valid_index(p, completions)) is not None
    }
    return previous, previous.with_ordered_indexes(sorted(new))


def calculate_failed_indexes(job: Object, pods: list[Object]) -> OrderedIntervals:
    """calculateFailedIndexes: the indexes in the status and those of pods that just failed
    their index."""
    completions = job["spec"]["completions"]
    previous = parse_indexes_from_string(
        (job.get("status") or {}).get("failedIndexes"), completions
    )
    new = {
        ix
        for p in pods
        if has_job_tracking_finalizer(p)
        and (ix := valid_index(p, completions)) is not None
        and is_index_failed(job, p)
    }
    return previous.with_ordered_indexes(sorted(new))


def is_index_failed(job: Object, pod: Object) -> bool:
    """isIndexFailed: the pod's failure fails its index (FailIndex, or the index's backoff
    limit reached)."""
    counted = False
    if is_pod_failed(pod, job):
        _, counted, action = podfailurepolicy.match_pod_failure_policy(
            job["spec"].get("podFailurePolicy"), pod
        )
        if action == podfailurepolicy.FAIL_INDEX:
            return True
    return counted and index_failure_count(pod) >= job["spec"]["backoffLimitPerIndex"]


def first_pending_indexes(
    job: Object,
    pods: list[Object],
    active_pods: list[Object],
    succeeded: OrderedIntervals,
    failed: OrderedIntervals | None,
    count: int,
) -> list[int]:
    """firstPendingIndexes: the lowest `count` indexes neither succeeded, failed, active nor
    (when only failed pods are replaced) held by a terminating pod."""
    if count == 0:
        return []
    non_pending = succeeded.with_ordered_indexes(sorted(get_indexes(active_pods)))
    if only_replace_failed_pods(job):
        terminating = get_indexes(p for p in pods if utils.is_pod_terminating(p))
        non_pending = non_pending.with_ordered_indexes(sorted(terminating))
    if failed is not None:
        non_pending = non_pending.merge(failed)
    completions = job["spec"]["completions"]
    result: list[int] = []
    candidate = 0
    for first, last in non_pending:
        while candidate < completions and len(result) < count and candidate < first:
            result.append(candidate)
            candidate += 1
        candidate = max(candidate, last + 1)
    while candidate < completions and len(result) < count:
        result.append(candidate)
        candidate += 1
    return result


def duplicated_index_pods_for_removal(
    pods: list[Object], completions: int
) -> tuple[list[Object], list[Object]]:
    """appendDuplicatedIndexPodsForRemoval: (the pods to remove: without an index, with an
    index out of range, or all but the best of those sharing one; the pods left)."""
    rm: list[Object] = []
    left: list[Object] = []
    groups: dict[int, list[Object]] = {}
    for pod in sorted(pods, key=get_completion_index):
        ix = get_completion_index(pod)
        if ix >= completions:
            rm.append(pod)
        else:
            groups.setdefault(ix, []).append(pod)
    for ix, same in groups.items():
        if ix == UNKNOWN_COMPLETION_INDEX:
            rm.extend(same)
        else:
            ordered = utils.sort_active_pods(same) if len(same) > 1 else same
            rm.extend(ordered[:-1])
            left.append(ordered[-1])
    return rm, left


def pods_with_delayed_deletion_per_index(
    job: Object,
    valid_pods: list[Object],
    active_pods: list[Object],
    succeeded: OrderedIntervals,
    failed: OrderedIntervals,
    finished_time: Callable[[Object], int],
) -> dict[int, Object]:
    """getPodsWithDelayedDeletionPerIndex: for each index still pending, its last failed pod,
    kept (its finalizer too) until its replacement carries its failure count on."""
    completions = job["spec"]["completions"]
    active = get_indexes(active_pods)
    found: dict[int, Object] = {}
    for pod in valid_pods:
        if not is_pod_failed(pod, job):
            continue
        ix = valid_index(pod, completions)
        if ix is None or succeeded.has(ix) or failed.has(ix) or ix in active:
            continue
        last = found.get(ix)
        if last is None or (
            index_absolute_failure_count(last) <= index_absolute_failure_count(pod)
            and finished_time(pod) >= finished_time(last)
        ):
            found[ix] = pod
    return found


def new_index_failure_counts(job: Object, replaced: Object | None) -> tuple[int, int]:
    """getNewIndexFailureCounts: the failures (counted, ignored) of the index of the pod a
    new one replaces, its own included."""
    if replaced is None:
        return 0, 0
    counted = index_failure_count(replaced)
    ignored = _annotation_int32(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION)
    _, count_failed, _ = podfailurepolicy.match_pod_failure_policy(
        job["spec"].get("podFailurePolicy"), replaced
    )
    if count_failed:
        counted += 1
    else:
        ignored += 1
    return counted, ignored


# -- the pod of an index ---------------------------------------------------------------


def add_completion_index_env_variables(spec: Object) -> None:
    """addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the pod's index label, in
    every container and init container that has not set it."""
    field_path = f"metadata.labels['{JOB_COMPLETION_INDEX_ANNOTATION}']"
    for kind in ("initContainers", "containers"):
        for container in spec.get(kind) or ():
            env = container.setdefault("env", [])
            if not any(v.get("name") == COMPLETION_INDEX_ENV_NAME for v in env):
                env.append(
                    {
                        "name": COMPLETION_INDEX_ENV_NAME,
                        "valueFrom": {"fieldRef": {"fieldPath": field_path}},
                    }
                )


def template_for_index(
    template: Object, job: Object, index: int, replaced: Object | None
) -> Object:
    """The template of the pod for `index`: its annotation and label, its hostname, and
    with backoffLimitPerIndex the failure counts of the index so far."""
    meta = dict(template.get("metadata") or {})
    annotations = {**(meta.get("annotations") or {}), JOB_COMPLETION_INDEX_ANNOTATION: str(index)}
    meta["labels"] = {**(meta.get("labels") or {}), JOB_COMPLETION_INDEX_ANNOTATION: str(index)}
    if job["spec"].get("backoffLimitPerIndex") is not None:
        counted, ignored = new_index_failure_counts(job, replaced)
        annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = str(counted)
        if ignored > 0:
            annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = str(ignored)
    meta["annotations"] = annotations
    spec = {**template["spec"], "hostname": f"{job['metadata']['name']}-{index}"}
    return {**template, "metadata": meta, "spec": spec}


def pod_generate_name_with_index(job_name: str, index: int) -> str:
    """podGenerateNameWithIndex: JOBNAME-INDEX-, the name cut to fit."""
    suffix = f"-{index}-"
    prefix = job_name + suffix
    if len(prefix) > MAX_GENERATED_NAME_LENGTH:
        prefix = prefix[: MAX_GENERATED_NAME_LENGTH - len(suffix)] + suffix
    return prefix
