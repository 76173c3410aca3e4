"""What a DELETE does to an object before (or instead of) removing it: the DeleteOptions,
their preconditions, graceful deletion and the garbage collector's finalizers
(k8s.io/apiserver/pkg/registry/rest/delete.go BeforeDelete and
pkg/registry/generic/registry/store.go Delete)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cluster.engine.api import field
from cluster.engine.api.meta import Object, format_timestamp, parse_timestamp
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError

ORPHAN, FOREGROUND, BACKGROUND = "Orphan", "Foreground", "Background"
ORPHAN_FINALIZER, FOREGROUND_FINALIZER = "orphan", "foregroundDeletion"
POLICIES = [FOREGROUND, BACKGROUND, ORPHAN, "nil"]
META_INTERNAL_SCHEME = "k8s.io/apimachinery/pkg/apis/meta/internalversion/scheme/register.go:27"


@dataclass(frozen=True, slots=True)
class Options:
    """metav1.DeleteOptions, from the request's body and query."""

    grace_period: int | None = None
    propagation: str | None = None
    orphan_dependents: bool | None = None
    uid: str | None = None
    resource_version: str | None = None
    dry_run: bool = False


def options(body: Any, query: dict[str, str]) -> Options:
    """Decode and validate DeleteOptions (ValidateDeleteOptions): 422 if they are invalid.
    As the DELETE handler decodes them, they come from the body when there is one, else from
    the query (k8s.io/apiserver/pkg/endpoints/handlers/delete.go)."""
    if isinstance(body, dict):
        _check_kind(body)
        given: dict[str, Any] = body
    else:
        given = _from_query(query)
    preconditions = given.get("preconditions") or {}
    grace = given.get("gracePeriodSeconds")
    policy = given.get("propagationPolicy")
    orphan = given.get("orphanDependents")
    dry_run = given.get("dryRun")
    problems = []
    if orphan is not None and policy is not None:
        detail = "orphanDependents and deletionPropagation cannot be both set"
        problems.append(field.invalid("propagationPolicy", policy, detail))
    if policy is not None and policy not in POLICIES[:3]:
        problems.append(field.not_supported("propagationPolicy", policy, POLICIES))
    problems += dry_run_errors(dry_run)
    if problems:
        raise errors.invalid_kind("DeleteOptions", "meta.k8s.io", "", [p.cause() for p in problems])
    return Options(
        None if grace is None else int(grace),
        policy,
        orphan,
        preconditions.get("uid"),
        preconditions.get("resourceVersion"),
        bool(dry_run),
    )


def _check_kind(body: dict[str, Any]) -> None:
    """A body of another kind than DeleteOptions is not registered in the meta scheme: 400."""
    kind = body.get("kind")
    if kind and kind != "DeleteOptions":
        version = body.get("apiVersion", "")
        raise errors.bad_request(
            f'no kind "{kind}" is registered for version "{version}" in scheme '
            f'"{META_INTERNAL_SCHEME}"'
        )


def _from_query(query: dict[str, str]) -> dict[str, Any]:
    """DeleteOptions from the query, as the parameter codec converts them: a malformed
    number is a 400, a boolean is false only for "0" or "false"."""
    given: dict[str, Any] = {}
    if "gracePeriodSeconds" in query:
        text = query["gracePeriodSeconds"]
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise errors.bad_request(f'strconv.ParseInt: parsing "{text}": invalid syntax')
        given["gracePeriodSeconds"] = int(text)
    if "orphanDependents" in query:
        text = query["orphanDependents"]
        given["orphanDependents"] = text != "0" and text.lower() != "false"
    for name in ("propagationPolicy", "dryRun"):
        if name in query:
            given[name] = query[name]
    return given


def dry_run_errors(dry_run: Any) -> list[field.FieldError]:
    """ValidateDryRun: the only value is "All"."""
    if not dry_run:
        return []
    values = dry_run if isinstance(dry_run, list) else [dry_run]
    if all(v == "All" for v in values):
        return []
    return [field.not_supported("dryRun", values, ["All"])]


def check_preconditions(obj: Object, kind: str, group: str, opts: Options) -> None:
    """Conflict when the object is not the one the client means (note: named by its kind)."""
    meta = obj["metadata"]
    subject = f"{kind}.{group}" if group else kind
    if opts.uid is not None and opts.uid != meta.get("uid"):
        why = (
            f"the UID in the precondition ({opts.uid}) does not match the UID in record "
            f"({meta.get('uid')}). The object might have been deleted and then recreated"
        )
        raise _conflict(subject, meta["name"], why)
    if opts.resource_version is not None and opts.resource_version != meta.get("resourceVersion"):
        why = (
            f"the ResourceVersion in the precondition ({opts.resource_version}) does not match "
            f"the ResourceVersion in record ({meta.get('resourceVersion')}). The object might "
            "have been modified"
        )
        raise _conflict(subject, meta["name"], why)


def _conflict(subject: str, name: str, why: str) -> StatusError:
    message = f'Operation cannot be fulfilled on {subject} "{name}": {why}'
    return StatusError(409, "Conflict", message, {"name": name, "kind": subject})


def pod_grace_period(pod: Object, opts: Options) -> int:
    """The pod strategy's CheckGracefulDelete: unscheduled or finished pods go at once."""
    spec = pod.get("spec") or {}
    period = opts.grace_period
    if period is None:
        period = int(spec.get("terminationGracePeriodSeconds") or 0)
    if not spec.get("nodeName"):
        period = 0
    if (pod.get("status") or {}).get("phase") in ("Failed", "Succeeded"):
        period = 0
    return period


@dataclass(frozen=True, slots=True)
class Graceful:
    """BeforeDelete's verdict for an object that supports graceful deletion."""

    graceful: bool  # the object is updated with a deletion timestamp and grace period
    pending: bool  # a graceful deletion is already under way: nothing to do


def before_delete(obj: Object, period: int, now: int) -> Graceful:
    """rest.BeforeDelete for pods: start, shorten, or leave a graceful deletion (mutates obj)."""
    meta = obj["metadata"]
    period = 1 if period < 0 else period
    current = meta.get("deletionGracePeriodSeconds")
    if meta.get("deletionTimestamp"):
        if not current:
            return Graceful(False, False)
        if period >= current:
            return Graceful(False, True)
        deadline = parse_timestamp(meta["deletionTimestamp"]) - current + period
        if deadline < now:
            deadline, period = now, (1 if period else 0)
        meta["deletionTimestamp"] = format_timestamp(deadline)
        meta["deletionGracePeriodSeconds"] = period
        return Graceful(True, False)
    meta["deletionTimestamp"] = format_timestamp(now + period)
    meta["deletionGracePeriodSeconds"] = period
    if meta.get("generation", 0) > 0:
        meta["generation"] += 1
    return Graceful(True, False)


def gc_finalizers(obj: Object, opts: Options, orphan_by_default: bool = False) -> list[str] | None:
    """deletionFinalizersForGarbageCollection: the finalizers after this DELETE, or None when
    they do not change. Orphan adds `orphan`, Foreground `foregroundDeletion`;
    `orphan_by_default` when the options say nothing and the resource's default is to
    orphan (see orphans_by_default)."""
    current = list(obj["metadata"].get("finalizers") or [])
    orphan = _should_orphan(current, opts) or (
        orphan_by_default and not _first_gc_finalizer(current)
    )
    foreground = _should_foreground(current, opts)
    wanted = [f for f in current if f not in (ORPHAN_FINALIZER, FOREGROUND_FINALIZER)]
    if orphan:
        wanted.append(ORPHAN_FINALIZER)
    if foreground:
        wanted.append(FOREGROUND_FINALIZER)
    return None if set(wanted) == set(current) else wanted


def _should_orphan(current: list[str], opts: Options) -> bool:
    if opts.orphan_dependents is not None:
        return opts.orphan_dependents
    if opts.propagation is not None:
        return opts.propagation == ORPHAN
    return _first_gc_finalizer(current) == ORPHAN_FINALIZER


def _should_foreground(current: list[str], opts: Options) -> bool:
    if opts.orphan_dependents is not None:
        return False
    if opts.propagation is not None:
        return opts.propagation == FOREGROUND
    return _first_gc_finalizer(current) == FOREGROUND_FINALIZER


def _first_gc_finalizer(current: list[str]) -> str:
    """Of `orphan` and `foregroundDeletion`, the one the object lists first decides."""
    return next((f for f in current if f in (ORPHAN_FINALIZER, FOREGROUND_FINALIZER)), "")


def orphans_by_default(resource_name: str, opts: Options) -> bool:
    """DefaultGarbageCollectionPolicy: batch/v1 keeps a deleted Job's pods unless told."""
    return resource_name == "jobs" and opts.propagation is None and opts.orphan_dependents is None


JOB_DELETE_WARNING = (
    "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background "
    "to remove them or set propagationPolicy=Orphan to suppress this warning"
)


def mark_as_deleting(obj: Object, now: int) -> None:
    """markAsDeleting: deleted now, waiting for its finalizers."""
    meta = obj["metadata"]
    if not meta.get("deletionTimestamp") and meta.get("generation", 0) > 0:
        meta["generation"] += 1
    if not meta.get("deletionTimestamp") or parse_timestamp(meta["deletionTimestamp"]) > now:
        meta["deletionTimestamp"] = format_timestamp(now)
    meta["deletionGracePeriodSeconds"] = 0


def should_delete_during_update(new: Object, old: Object) -> bool:
    """ShouldDeleteDuringUpdate: the last finalizer of a deleting object was removed."""
    if new["metadata"].get("finalizers"):
        return False
    before = old["metadata"]
    return bool(before.get("deletionTimestamp")) and not before.get("deletionGracePeriodSeconds")


def namespace_finalizers(current: list[str], opts: Options) -> list[str]:
    """A namespace's metadata finalizers on its first DELETE (shouldHaveOrphanFinalizer...)."""
    orphan = opts.orphan_dependents
    if orphan is None:
        orphan = opts.propagation == ORPHAN if opts.propagation else ORPHAN_FINALIZER in current
    foreground = (
        opts.propagation == FOREGROUND if opts.propagation else FOREGROUND_FINALIZER in current
    )
    wanted = [f for f in current if f not in (ORPHAN_FINALIZER, FOREGROUND_FINALIZER)]
    return wanted + [ORPHAN_FINALIZER] * orphan + [FOREGROUND_FINALIZER] * foreground


def deleted_status(obj: Object, resource_name: str, group: str) -> Object:
    """finalizeDelete's answer for stores that do not return the deleted object."""
    details = {
        "name": obj["metadata"]["name"],
        "kind": resource_name,
        "uid": obj["metadata"].get("uid", ""),
    }
    if group:
        details = {
            "name": details["name"],
            "group": group,
            "kind": resource_name,
            "uid": details["uid"],
        }
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": details,
    }
