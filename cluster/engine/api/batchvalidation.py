"""Validation of batch/v1 Jobs (pkg/apis/batch/validation): the generated selector, the
spec's counts and policies, and what an update may change."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from cluster.engine.api import content, cronschedule, labels
from cluster.engine.api.field import (
    TOO_MANY,
    FieldError,
    duplicate,
    error,
    go_quote,
    invalid,
    invalid_omitting_value,
    not_supported,
    required,
)
from cluster.engine.api.meta import Object
from cluster.engine.api.validation import immutable, nonnegative, validate_pod_template

JOB_NAME_LABEL = "batch.kubernetes.io/job-name"
CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"
LEGACY_JOB_NAME_LABEL = "job-name"
LEGACY_CONTROLLER_UID_LABEL = "controller-uid"

INDEXED, NON_INDEXED = "Indexed", "NonIndexed"
MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000
MAX_FAILED_INDEXES = 100_000
COMPLETIONS_SOFT_LIMIT = 100_000
PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000
MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS = 10_000
MAX_POD_FAILURE_POLICY_RULES = 20
MAX_EXIT_CODE_VALUES = 255
MAX_CONDITION_PATTERNS = 20
MAX_SUCCESS_POLICY_RULES = 20
ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"]
OPERATORS = ["In", "NotIn"]
CONDITION_STATUSES = ["False", "True", "Unknown"]
REPLACEMENT_POLICIES = ["Failed", "TerminatingOrFailed"]
RESTART_POLICIES = ["OnFailure", "Never"]


def too_many(path: str, actual: int, limit: int) -> FieldError:
    return error(TOO_MANY, path, actual, f"must have at most {limit} items")


def validate_job(job: Object) -> list[FieldError]:
    """ValidateJob (its metadata is checked by the caller)."""
    spec = job.get("spec") or {}
    errors = _generated_selector(job, spec)
    errors += _job_spec(spec)
    completions = spec.get("completions")
    if spec.get("completionMode") == INDEXED and isinstance(completions, int) and completions > 0:
        # an indexed job's pods are named after it and their index
        name = job["metadata"].get("name", "")
        hostname = f"{name}-{completions - 1}"
        if content.dns1123_label(hostname):
            detail = f"will not able to create pod with invalid DNS label: {hostname}"
            errors.append(invalid("metadata.name", name, detail))
    return errors


def _generated_selector(job: Object, spec: Object) -> list[FieldError]:
    """validateGeneratedSelector: unless the selector is manual, the template carries the
    labels the selector was generated from, with this Job's uid and name."""
    if spec.get("manualSelector") or spec.get("selector") is None:
        return []
    meta = job["metadata"]
    uid, name = meta.get("uid", ""), meta.get("name", "")
    errors = [] if uid else [required("metadata.uid")]
    expected = {
        CONTROLLER_UID_LABEL: uid,
        JOB_NAME_LABEL: name,
        LEGACY_CONTROLLER_UID_LABEL: uid,
        LEGACY_JOB_NAME_LABEL: name,
    }
    template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    for key in (
        LEGACY_CONTROLLER_UID_LABEL,
        LEGACY_JOB_NAME_LABEL,
        CONTROLLER_UID_LABEL,
        JOB_NAME_LABEL,
    ):
        errors += _has_label(template_labels, key, expected[key])
    try:
        selector = labels.from_label_selector(spec["selector"])
    except labels.SelectorError:
        return errors
    if not selector.matches(expected):
        errors.append(invalid("spec.selector", spec["selector"], "`selector` not auto-generated"))
    return errors


def _has_label(template_labels: Object, key: str, expected: str) -> list[FieldError]:
    """ValidateHasLabel."""
    path = f"spec.template.metadata.labels[{key}]"
    if key not in template_labels:
        return [required(path, expected)]
    if template_labels[key] != expected:
        return [invalid(path, template_labels, f"must be '{expected}'")]
    return []


def _job_spec(spec: Object) -> list[FieldError]:
    """ValidateJobSpec: validate_job_spec, and the selector, which must match the
    template's labels."""
    errors = validate_job_spec(spec, "spec")
    template = spec.get("template") or {}
    selector = spec.get("selector")
    if selector is None:
        return [*errors, required("spec.selector")]
    errors += labels.validate_label_selector(selector, "spec.selector")
    try:
        parsed = labels.from_label_selector(selector)
    except labels.SelectorError:
        return errors
    template_labels = (template.get("metadata") or {}).get("labels")
    if not parsed.matches(template_labels or {}):
        detail = "`selector` does not match template `labels`"
        errors.append(invalid("spec.template.metadata.labels", template_labels, detail))
    return errors


def validate_job_spec(spec: Object, at: str) -> list[FieldError]:
    """validateJobSpec: the counts and policies and the pod template of a Job's spec (or a
    CronJob's job template's) at `at`."""
    errors = _counts(spec, at) + _completion_mode(spec, at)
    if spec.get("podFailurePolicy") is not None:
        errors += _pod_failure_policy(spec, at)
    if spec.get("successPolicy") is not None:
        errors += _success_policy(spec, at)
    errors += _replacement_policy(spec, at)
    template = spec.get("template") or {}
    errors += validate_pod_template(template, f"{at}.template")
    return errors + _restart_policy(spec, (template.get("spec") or {}).get("restartPolicy", ""), at)


def _counts(spec: Object, at: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for name in (
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
    ):
        if spec.get(name) is not None:
            errors += nonnegative(spec[name], f"{at}.{name}")
    if spec.get("maxFailedIndexes") is not None and spec.get("backoffLimitPerIndex") is None:
        errors.append(required(f"{at}.backoffLimitPerIndex", "when maxFailedIndexes is specified"))
    return errors


def _completion_mode(spec: Object, at: str) -> list[FieldError]:
    mode = spec.get("completionMode")
    if mode is not None and mode not in (NON_INDEXED, INDEXED):
        return [not_supported(f"{at}.completionMode", mode, [NON_INDEXED, INDEXED])]
    if mode == INDEXED:
        return _indexed(spec, at)
    errors: list[FieldError] = []
    for name in ("backoffLimitPerIndex", "maxFailedIndexes"):
        if spec.get(name) is not None:
            errors.append(invalid(f"{at}.{name}", spec[name], "requires indexed completion mode"))
    return errors


def _indexed(spec: Object, at: str) -> list[FieldError]:
    """The limits an Indexed Job's counts keep to (they bound completedIndexes' length)."""
    completions, parallelism = spec.get("completions"), spec.get("parallelism")
    max_failed, per_index = spec.get("maxFailedIndexes"), spec.get("backoffLimitPerIndex")
    errors: list[FieldError] = []
    if completions is None:
        errors.append(required(f"{at}.completions", f"when completion mode is {INDEXED}"))
    if parallelism is not None and parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB:
        detail = f"must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is {INDEXED}"
        errors.append(invalid(f"{at}.parallelism", parallelism, detail))
    if completions is not None and max_failed is not None and max_failed > completions:
        detail = "must be less than or equal to completions"
        errors.append(invalid(f"{at}.maxFailedIndexes", max_failed, detail))
    if max_failed is not None and max_failed > MAX_FAILED_INDEXES:
        detail = f"must be less than or equal to {MAX_FAILED_INDEXES}"
        errors.append(invalid(f"{at}.maxFailedIndexes", max_failed, detail))
    if completions is not None and completions > COMPLETIONS_SOFT_LIMIT and per_index is not None:
        errors += _high_completions(parallelism, max_failed, at)
    return errors


def _high_completions(parallelism: Any, max_failed: Any, at: str) -> list[FieldError]:
    above = (
        f"when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
    )
    errors: list[FieldError] = []
    if max_failed is None:
        detail = f"must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"
        errors.append(required(f"{at}.maxFailedIndexes", detail))
    if parallelism is not None and parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
        detail = f"must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {above}"
        errors.append(invalid(f"{at}.parallelism", parallelism, detail))
    if max_failed is not None and max_failed > MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS:
        detail = f"must be less than or equal to {MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS} {above}"
        errors.append(invalid(f"{at}.maxFailedIndexes", max_failed, detail))
    return errors


def _restart_policy(spec: Object, policy: str, at: str) -> list[FieldError]:
    """Pods of a Job end: Always (the pod template's default) is refused as if unset."""
    path = f"{at}.template.spec.restartPolicy"
    if policy in ("Always", ""):
        return [required(path, 'valid values: "OnFailure", "Never"')]
    if policy not in RESTART_POLICIES:
        return [not_supported(path, policy, RESTART_POLICIES)]
    if spec.get("podFailurePolicy") is not None and policy != "Never":
        return [
            invalid(path, policy, 'only "Never" is supported when podFailurePolicy is specified')
        ]
    return []


def _replacement_policy(spec: Object, at: str) -> list[FieldError]:
    policy = spec.get("podReplacementPolicy")
    if policy is None:
        return []
    path = f"{at}.podReplacementPolicy"
    if spec.get("podFailurePolicy") is not None:
        return [] if policy == "Failed" else [not_supported(path, policy, ["Failed"])]
    return (
        []
        if policy in REPLACEMENT_POLICIES
        else [not_supported(path, policy, REPLACEMENT_POLICIES)]
    )


# -- the pod failure policy ------------------------------------------------------------------


def _pod_failure_policy(spec: Object, at: str) -> list[FieldError]:
    rules = (spec["podFailurePolicy"] or {}).get("rules") or []
    path = f"{at}.podFailurePolicy.rules"
    errors = (
        [too_many(path, len(rules), MAX_POD_FAILURE_POLICY_RULES)]
        if len(rules) > MAX_POD_FAILURE_POLICY_RULES
        else []
    )
    pod_spec = (spec.get("template") or {}).get("spec") or {}
    names = {
        c.get("name") for key in ("containers", "initContainers") for c in pod_spec.get(key) or []
    }
    for i, rule in enumerate(rules):
        errors += _failure_rule(spec, rule, f"{path}[{i}]", names)
    return errors


def _failure_rule(spec: Object, rule: Object, path: str, names: set[Any]) -> list[FieldError]:
    action, on_exit, on_conditions = (
        rule.get("action", ""),
        rule.get("onExitCodes"),
        rule.get("onPodConditions"),
    )
    errors: list[FieldError] = []
    if not action:
        errors.append(required(f"{path}.action", f"valid values: {_quoted(ACTIONS)}"))
    elif action == "FailIndex":
        if spec.get("backoffLimitPerIndex") is None:
            errors.append(
                invalid(f"{path}.action", action, "requires the backoffLimitPerIndex to be set")
            )
    elif action not in ACTIONS:
        errors.append(not_supported(f"{path}.action", action, ACTIONS))
    if on_exit is not None:
        errors += _on_exit_codes(on_exit, f"{path}.onExitCodes", names)
    if on_conditions:
        errors += _on_pod_conditions(on_conditions, f"{path}.onPodConditions")
    if on_exit is not None and on_conditions:
        detail = "specifying both OnExitCodes and OnPodConditions is not supported"
        errors.append(invalid_omitting_value(path, detail))
    if on_exit is None and not on_conditions:
        detail = "specifying one of OnExitCodes and OnPodConditions is required"
        errors.append(invalid_omitting_value(path, detail))
    return errors


def _quoted(values: list[str]) -> str:
    """Go's %q of a []string: ["A" "B"]."""
    return "[" + " ".join(f'"{v}"' for v in values) + "]"


def _on_pod_conditions(patterns: list[Object], path: str) -> list[FieldError]:
    errors = (
        [too_many(path, len(patterns), MAX_CONDITION_PATTERNS)]
        if len(patterns) > MAX_CONDITION_PATTERNS
        else []
    )
    for j, pattern in enumerate(patterns):
        kind, status = pattern.get("type", ""), pattern.get("status", "")
        errors += [invalid(f"{path}[{j}].type", kind, d) for d in content.label_key(kind)]
        if not status:
            errors.append(
                required(f"{path}[{j}].status", f"valid values: {_quoted(CONDITION_STATUSES)}")
            )
        elif status not in CONDITION_STATUSES:
            errors.append(not_supported(f"{path}[{j}].status", status, CONDITION_STATUSES))
    return errors


def _on_exit_codes(requirement: Object, path: str, names: set[Any]) -> list[FieldError]:
    operator, values = requirement.get("operator", ""), requirement.get("values") or []
    errors: list[FieldError] = []
    if not operator:
        errors.append(required(f"{path}.operator", f"valid values: {_quoted(OPERATORS)}"))
    elif operator not in OPERATORS:
        errors.append(not_supported(f"{path}.operator", operator, OPERATORS))
    container = requirement.get("containerName")
    if container is not None and container not in names:
        detail = "must be one of the container or initContainer names in the pod template"
        errors.append(invalid(f"{path}.containerName", container, detail))
    if not values:
        errors.append(invalid(f"{path}.values", values, "at least one value is required"))
    elif len(values) > MAX_EXIT_CODE_VALUES:
        errors.append(too_many(f"{path}.values", len(values), MAX_EXIT_CODE_VALUES))
    seen: set[int] = set()
    for j, value in enumerate(values):
        if operator == "In" and value == 0:
            errors.append(
                invalid(f"{path}.values[{j}]", value, "must not be 0 for the In operator")
            )
        if value in seen:
            errors.append(duplicate(f"{path}.values[{j}]", value))
        seen.add(value)
    if values != sorted(values):
        errors.append(invalid(f"{path}.values", values, "must be ordered"))
    return errors


# -- the success policy ----------------------------------------------------------------------


def _success_policy(spec: Object, at: str) -> list[FieldError]:
    policy = spec["successPolicy"]
    if spec.get("completionMode") != INDEXED:
        return [invalid(f"{at}.successPolicy", policy, "requires indexed completion mode")]
    rules = (policy or {}).get("rules") or []
    path = f"{at}.successPolicy.rules"
    errors: list[FieldError] = []
    if not rules:
        detail = "at least one rules must be specified when the successPolicy is specified"
        errors.append(required(path, detail))
    if len(rules) > MAX_SUCCESS_POLICY_RULES:
        errors.append(too_many(path, len(rules), MAX_SUCCESS_POLICY_RULES))
    for i, rule in enumerate(rules):
        errors += _success_rule(spec.get("completions") or 0, rule, f"{path}[{i}]")
    return errors


def _success_rule(completions: int, rule: Object, path: str) -> list[FieldError]:
    count, indexes = rule.get("succeededCount"), rule.get("succeededIndexes")
    errors: list[FieldError] = []
    if count is None and indexes is None:
        detail = "at least one of succeededCount or succeededIndexes must be specified"
        errors.append(required(path, detail))
    total = 0
    if indexes is not None:
        try:
            total = sum(last - first + 1 for first, last in parse_indexes(indexes, completions))
        except ValueError as why:
            detail = f"error parsing succeededIndexes: {why}"
            errors.append(invalid(f"{path}.succeededIndexes", indexes, detail))
    if count is not None:
        errors += nonnegative(count, f"{path}.succeededCount")
        if count > completions:
            detail = (
                f"must be less than or equal to {completions} (the number of specified completions)"
            )
            errors.append(invalid(f"{path}.succeededCount", count, detail))
        if indexes is not None and count > total:
            detail = f"must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"
            errors.append(invalid(f"{path}.succeededCount", count, detail))
    return errors


def parse_indexes(text: str, completions: int) -> list[tuple[int, int]]:
    """validateIndexesFormat: "1,3-5" as ordered, disjoint intervals below `completions`."""
    intervals: list[tuple[int, int]] = []
    for part in text.split(",") if text else ():
        first, last = _interval(part, completions)
        if intervals and intervals[-1][1] >= first:
            raise ValueError(
                f"non-increasing order, previous: {intervals[-1][1]}, current: {first}"
            )
        intervals.append((first, last))
    return intervals


def _interval(text: str, completions: int) -> tuple[int, int]:
    """parseIndexInterval."""
    limits = text.split("-")
    if len(limits) > 2:
        raise ValueError(
            f"the fragment {go_quote(text)} violates the requirement that an index interval "
            "can have at most two parts separated by '-'"
        )
    first = _index(limits[0], completions)
    last = _index(limits[1], completions) if len(limits) == 2 else first
    if first > last or (len(limits) == 2 and first == last):
        raise ValueError(f"non-increasing order, previous: {first}, current: {last}")
    return first, last


def _index(text: str, completions: int) -> int:
    """strconv.Atoi of one bound, below `completions`."""
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"cannot convert string to integer for index: {go_quote(text)}")
    value = int(text)
    if value >= completions:
        raise ValueError(f"too large index: {go_quote(text)}")
    return value


# -- updates ---------------------------------------------------------------------------------


def validate_job_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateJob again, and ValidateJobSpecUpdate's immutability rules."""
    spec, before = new.get("spec") or {}, old.get("spec") or {}
    errors = validate_job(new) + _completions_update(spec, before)
    errors += immutable(spec.get("selector"), before.get("selector"), "spec.selector")
    errors += _template_update(spec, before, old.get("status") or {})
    for name in (
        "completionMode",
        "podFailurePolicy",
        "backoffLimitPerIndex",
        "managedBy",
        "successPolicy",
    ):
        errors += immutable(spec.get(name), before.get(name), f"spec.{name}")
    return errors


def _completions_update(spec: Object, before: Object) -> list[FieldError]:
    """Completions never change, except an Indexed Job's, in tandem with parallelism."""
    completions = spec.get("completions")
    if spec.get("completionMode") != INDEXED:
        return immutable(completions, before.get("completions"), "spec.completions")
    if completions == before.get("completions") or completions is None:
        return []
    if completions != spec.get("parallelism"):
        detail = "can only be modified in tandem with spec.parallelism"
        return [invalid("spec.completions", completions, detail)]
    return []


def _template_update(spec: Object, before: Object, status: Object) -> list[FieldError]:
    """The template is immutable, but a suspended Job that never started may change where
    its pods go: node affinity, node selector, tolerations, labels, annotations and
    scheduling gates (a suspended one with no active pods, its containers' resources)."""
    template, old_template = spec.get("template") or {}, before.get("template") or {}
    if before.get("suspend") and status.get("startTime") is None:
        old_template = _with_scheduling_directives(old_template, template)
    return immutable(template, old_template, "spec.template")


def _with_scheduling_directives(old: Object, new: Object) -> Object:
    """The old template with the new one's scheduling directives, which may change."""
    meta, spec = dict(old.get("metadata") or {}), dict(old.get("spec") or {})
    new_meta, new_spec = new.get("metadata") or {}, new.get("spec") or {}
    for key in ("labels", "annotations"):
        _take(meta, new_meta, key)
    for key in ("nodeSelector", "tolerations", "schedulingGates"):
        _take(spec, new_spec, key)
    affinity = {k: v for k, v in (spec.get("affinity") or {}).items() if k != "nodeAffinity"}
    if (new_spec.get("affinity") or {}).get("nodeAffinity") is not None:
        affinity["nodeAffinity"] = new_spec["affinity"]["nodeAffinity"]
    if affinity or new_spec.get("affinity") is not None:
        spec["affinity"] = affinity
    else:
        spec.pop("affinity", None)
    return {**old, "metadata": meta, "spec": spec}


def _take(into: Object, source: Object, key: str) -> None:
    if key in source:
        into[key] = source[key]
    else:
        into.pop(key, None)


def validate_job_status(job: Object) -> list[FieldError]:
    """validateJobStatus's counters: none is negative."""
    status = job.get("status") or {}
    errors: list[FieldError] = []
    for name in ("active", "succeeded", "failed", "ready", "terminating"):
        if status.get(name) is not None:
            errors += nonnegative(status[name], f"status.{name}")
    return errors


# -- CronJobs --------------------------------------------------------------------------------

CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"]
CRON_JOB_NAME_MAX = 52  # a Job's name is the CronJob's and an 11-character `-<minutes>`
_TIME_ZONE_PART = re.compile(r"^[A-Za-z.\-_0-9+]{1,14}$")


def validate_cron_job(cron_job: Object) -> list[FieldError]:
    """ValidateCronJobCreate (its metadata is checked by the caller)."""
    errors = _cron_job_spec(cron_job.get("spec") or {}, None)
    name = cron_job["metadata"].get("name", "")
    if len(name) > CRON_JOB_NAME_MAX:
        detail = f"must be no more than {CRON_JOB_NAME_MAX} characters"
        errors.append(invalid("metadata.name", name, detail))
    return errors


def validate_cron_job_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateCronJobUpdate: the spec again, knowing the old one (no name length limit)."""
    return _cron_job_spec(new.get("spec") or {}, old.get("spec") or {})


def _cron_job_spec(spec: Object, old: Object | None) -> list[FieldError]:
    schedule = spec.get("schedule") or ""
    if not schedule:
        errors = [required("spec.schedule")]
    else:
        tz_allowed = old is not None and "TZ" in (old.get("schedule") or "")
        errors = _schedule(schedule, tz_allowed, spec.get("timeZone"))
    if spec.get("startingDeadlineSeconds") is not None:
        errors += nonnegative(spec["startingDeadlineSeconds"], "spec.startingDeadlineSeconds")
    if old is None or old.get("timeZone") != spec.get("timeZone"):
        errors += _time_zone(spec.get("timeZone"))
    policy = spec.get("concurrencyPolicy") or ""
    if not policy:
        errors.append(required("spec.concurrencyPolicy"))
    elif policy not in CONCURRENCY_POLICIES:
        errors.append(not_supported("spec.concurrencyPolicy", policy, CONCURRENCY_POLICIES))
    errors += _job_template(spec.get("jobTemplate") or {})
    for name in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        if spec.get(name) is not None:
            errors += nonnegative(spec[name], f"spec.{name}")
    return errors


def _schedule(schedule: str, tz_allowed: bool, time_zone: str | None) -> list[FieldError]:
    """validateScheduleFormat: robfig/cron's standard syntax; no TZ= prefix but one already
    there, and never beside the timeZone field."""
    errors: list[FieldError] = []
    try:
        cronschedule.parse(schedule)
    except cronschedule.ScheduleError as error:
        errors.append(invalid("spec.schedule", schedule, str(error)))
    if "TZ" in schedule:
        if not tz_allowed:
            detail = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
            errors.append(invalid("spec.schedule", schedule, detail))
        elif time_zone is not None:
            detail = "cannot use both timeZone field and TZ or CRON_TZ in schedule"
            errors.append(invalid("spec.schedule", schedule, detail))
    return errors


def _time_zone(time_zone: str | None) -> list[FieldError]:
    """validateTimeZone: an IANA name the time zone database knows."""
    if time_zone is None:
        return []
    path = "spec.timeZone"
    if not time_zone:
        return [invalid(path, time_zone, "timeZone must be nil or non-empty string")]
    for part in time_zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not _TIME_ZONE_PART.match(part):
            return [invalid(path, time_zone, f"unknown time zone {time_zone}")]
    errors: list[FieldError] = []
    if time_zone.lower() == "local":
        detail = (
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
        )
        errors.append(invalid(path, time_zone, detail))
    if not _loads(time_zone):
        errors.append(invalid(path, time_zone, f"unknown time zone {time_zone}"))
    return errors


def _loads(time_zone: str) -> bool:
    """time.LoadLocation succeeds: UTC, Local, or a zone of the time zone database."""
    if time_zone in ("UTC", "Local"):
        return True
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _job_template(template: Object) -> list[FieldError]:
    """ValidateJobTemplateSpec: the Job spec; its selector is always generated."""
    spec = template.get("spec") or {}
    errors = validate_job_spec(spec, "spec.jobTemplate.spec")
    if spec.get("selector") is not None:
        detail = "`selector` will be auto-generated"
        errors.append(invalid("spec.jobTemplate.spec.selector", spec["selector"], detail))
    if spec.get("manualSelector"):
        path = "spec.jobTemplate.spec.manualSelector"
        errors.append(not_supported(path, True, ["nil", "false"]))
    return errors
