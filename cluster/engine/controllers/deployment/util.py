"""Deployment helpers (pkg/controller/deployment/util/deployment_util.go): revisions and the
annotations that carry them, conditions, the maxSurge/maxUnavailable fenceposts, replica
counts over ReplicaSets, and proportional scaling."""

from __future__ import annotations

import math
from typing import Any

from cluster.engine.api.meta import LAST_APPLIED_ANNOTATION, Object
from cluster.engine.clock import Clock
from cluster.engine.controllers.controller_utils import unix_seconds

REVISION_ANNOTATION = "deployment.kubernetes.io/revision"
REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas"
ROLLBACK_TO_ANNOTATION = "deprecated.deployment.rollback.to"  # apps.DeprecatedRollbackTo
UNIQUE_LABEL_KEY = "pod-template-hash"  # DefaultDeploymentUniqueLabelKey
MAX_REVISION_HISTORY_CHARS = 2000  # maxRevHistoryLengthInChars
MAX_INT32 = 2**31 - 1

ROLLING_UPDATE = "RollingUpdate"
RECREATE = "Recreate"
PROGRESSING = "Progressing"
AVAILABLE = "Available"
REPLICA_FAILURE = "ReplicaFailure"

# event reasons
SCALING_REPLICA_SET = "ScalingReplicaSet"
SELECTING_ALL = "SelectingAll"
ROLLBACK_REVISION_NOT_FOUND = "DeploymentRollbackRevisionNotFound"
ROLLBACK_TEMPLATE_UNCHANGED = "DeploymentRollbackTemplateUnchanged"
ROLLBACK_DONE = "DeploymentRollback"

# condition reasons
REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated"
FAILED_RS_CREATE_REASON = "ReplicaSetCreateError"
NEW_REPLICA_SET_REASON = "NewReplicaSetCreated"
FOUND_NEW_RS_REASON = "FoundNewReplicaSet"
NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable"
TIMED_OUT_REASON = "ProgressDeadlineExceeded"
PAUSED_DEPLOY_REASON = "DeploymentPaused"
RESUMED_DEPLOY_REASON = "DeploymentResumed"
MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable"
MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable"

# messages
SELECTING_ALL_MESSAGE = "This deployment is selecting all pods. A non-empty selector is required."
SCALED_UP_NEW = "Scaled up replica set {} to {}"
SCALED = "Scaled {} replica set {} to {} from {}"
CREATED_NEW_RS = 'Created new replica set "{}"'
FOUND_NEW_RS = 'Found new replica set "{}"'
FAILED_NEW_RS = 'Failed to create new replica set "{}": {}'
RS_PROGRESSING = 'ReplicaSet "{}" is progressing.'
DEPLOYMENT_PROGRESSING = 'Deployment "{}" is progressing.'
RS_PROGRESSED = 'ReplicaSet "{}" has successfully progressed.'
DEPLOYMENT_PROGRESSED = 'Deployment "{}" has successfully progressed.'
RS_TIMED_OUT = 'ReplicaSet "{}" has timed out progressing.'
DEPLOYMENT_TIMED_OUT = 'Deployment "{}" has timed out progressing.'
PAUSED = "Deployment is paused"
RESUMED = "Deployment is resumed"
HAS_MINIMUM = "Deployment has minimum availability."
LACKS_MINIMUM = "Deployment does not have minimum availability."
NO_LAST_REVISION = "Unable to find last revision."
NO_REVISION = "Unable to find the revision to rollback to."
SAME_TEMPLATE = 'The rollback revision contains the same template as current deployment "{}"'
ROLLED_BACK = 'Rolled back deployment "{}" to revision {}'

_SKIPPED_ANNOTATIONS = frozenset(
    {
        LAST_APPLIED_ANNOTATION,
        REVISION_ANNOTATION,
        REVISION_HISTORY_ANNOTATION,
        DESIRED_REPLICAS_ANNOTATION,
        MAX_REPLICAS_ANNOTATION,
        ROLLBACK_TO_ANNOTATION,
    }
)


# -- fields ----------------------------------------------------------------------------


def replicas(obj: Object) -> int:
    """spec.replicas (kube-apiserver defaults it to 1)."""
    return obj["spec"].get("replicas", 1)


def annotations(obj: Object) -> dict[str, str]:
    return obj["metadata"].get("annotations") or {}


def strategy_type(d: Object) -> str:
    return (d["spec"].get("strategy") or {}).get("type", "")


def is_rolling_update(d: Object) -> bool:
    return strategy_type(d) == ROLLING_UPDATE


def has_progress_deadline(d: Object) -> bool:
    deadline = d["spec"].get("progressDeadlineSeconds")
    return deadline is not None and deadline != MAX_INT32


def has_revision_history_limit(d: Object) -> bool:
    limit = d["spec"].get("revisionHistoryLimit")
    return limit is not None and limit != MAX_INT32


def status_count(rs: Object | None, field: str) -> int:
    return ((rs or {}).get("status") or {}).get(field, 0)


def total(replica_sets: list[Object | None], field: str) -> int:
    """The sum of a status count over ReplicaSets (GetActualReplicaCount... and friends)."""
    return sum(status_count(rs, field) for rs in replica_sets if rs is not None)


def spec_total(replica_sets: list[Object | None]) -> int:
    """GetReplicaCountForReplicaSets: the sum of spec.replicas."""
    return sum(replicas(rs) for rs in replica_sets if rs is not None)


def terminating_total(replica_sets: list[Object | None]) -> int | None:
    """GetTerminatingReplicaCountForReplicaSets: the terminating pods of all ReplicaSets,
    or None when a ReplicaSet its controller has synced does not report them."""
    count = 0
    for rs in replica_sets:
        status = (rs or {}).get("status") or {}
        terminating = status.get("terminatingReplicas")
        if terminating is None:
            if rs is not None and status.get("observedGeneration", 0):
                return None
            continue
        count += terminating
    return count


def active(replica_sets: list[Object | None]) -> list[Object]:
    """FilterActiveReplicaSets: those that have (or should have) pods."""
    return [rs for rs in replica_sets if rs is not None and replicas(rs) > 0]


# -- maxSurge and maxUnavailable -------------------------------------------------------


def scaled_value(value: Any, total_replicas: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent; an invalid value counts as 0."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    text = str(value)
    if not text.endswith("%") or not text[:-1].lstrip("-").isdigit():
        return 0
    scaled = int(text[:-1]) * total_replicas / 100
    return math.ceil(scaled) if round_up else math.floor(scaled)


def resolve_fenceposts(d: Object) -> tuple[int, int]:
    """ResolveFenceposts: surge rounds up, unavailable rounds down, never both zero."""
    rolling = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    desired = replicas(d)
    surge = scaled_value(rolling.get("maxSurge", 0), desired, True)
    unavailable = scaled_value(rolling.get("maxUnavailable", 0), desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_surge(d: Object) -> int:
    return resolve_fenceposts(d)[0] if is_rolling_update(d) else 0


def max_unavailable(d: Object) -> int:
    if not is_rolling_update(d) or replicas(d) == 0:
        return 0
    return min(resolve_fenceposts(d)[1], replicas(d))


# -- revisions and annotations ---------------------------------------------------------


def revision(obj: Object) -> int | None:
    """Revision: 0 without the annotation, None when it does not parse."""
    text = annotations(obj).get(REVISION_ANNOTATION)
    if text is None:
        return 0
    try:
        return int(text)
    except ValueError:
        return None


def max_revision(replica_sets: list[Object]) -> int:
    return max((r for rs in replica_sets if (r := revision(rs)) is not None), default=0)


def last_revision(replica_sets: list[Object]) -> int:
    """LastRevision: the second highest revision."""
    highest = second = 0
    for rs in replica_sets:
        value = revision(rs)
        if value is None:
            continue
        if value >= highest:
            highest, second = value, highest
        elif value > second:
            second = value
    return second


def set_new_replica_set_annotations(d: Object, rs: Object, new_revision: int, exists: bool) -> bool:
    """SetNewReplicaSetAnnotations: copy the deployment's annotations, raise the revision
    (keeping the old one in revision-history on a rollback), and for a new ReplicaSet set
    the replica annotations. Changes `rs` in place; True if anything changed."""
    meta = rs["metadata"]
    rs_annotations = meta.setdefault("annotations", {})
    changed = False
    for key, value in annotations(d).items():
        if key in _SKIPPED_ANNOTATIONS or rs_annotations.get(key) == value:
            continue
        rs_annotations[key] = value
        changed = True
    old_text = rs_annotations.get(REVISION_ANNOTATION)
    try:
        old = int(old_text) if old_text else 0
    except ValueError:
        return False
    if old < new_revision:
        rs_annotations[REVISION_ANNOTATION] = str(new_revision)
        changed = True
        if old_text is not None:
            _keep_revision_history(rs_annotations, old_text)
    if not exists:
        changed = set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)) or changed
    return changed


def _keep_revision_history(rs_annotations: dict[str, str], old_revision: str) -> None:
    history = rs_annotations.get(REVISION_HISTORY_ANNOTATION, "")
    if not history:
        rs_annotations[REVISION_HISTORY_ANNOTATION] = old_revision
        return
    revisions = history.split(",")
    length, start = len(history) + len(old_revision) + 1, 0
    while length > MAX_REVISION_HISTORY_CHARS and start < len(revisions):
        length -= len(revisions[start]) + 1
        start += 1
    if length <= MAX_REVISION_HISTORY_CHARS:
        rs_annotations[REVISION_HISTORY_ANNOTATION] = ",".join([*revisions[start:], old_revision])


def replicas_annotations_need_update(rs: Object, desired: int, maximum: int) -> bool:
    found = annotations(rs)
    return found.get(DESIRED_REPLICAS_ANNOTATION) != str(desired) or found.get(
        MAX_REPLICAS_ANNOTATION
    ) != str(maximum)


def set_replicas_annotations(rs: Object, desired: int, maximum: int) -> bool:
    if not replicas_annotations_need_update(rs, desired, maximum):
        return False
    found = rs["metadata"].setdefault("annotations", {})
    found[DESIRED_REPLICAS_ANNOTATION] = str(desired)
    found[MAX_REPLICAS_ANNOTATION] = str(maximum)
    return True


def int_annotation(rs: Object, key: str) -> int | None:
    try:
        return int(annotations(rs)[key])
    except (KeyError, ValueError):
        return None


def set_deployment_revision(d: Object, value: str) -> bool:
    found = d["metadata"].setdefault("annotations", {})
    if found.get(REVISION_ANNOTATION) == value:
        return False
    found[REVISION_ANNOTATION] = value
    return True


def rollback_to(d: Object) -> int | None:
    """getRollbackTo: the revision asked for by the deprecated rollback annotation."""
    text = annotations(d).get(ROLLBACK_TO_ANNOTATION)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def set_from_replica_set_template(d: Object, rs: Object) -> None:
    """SetFromReplicaSetTemplate + SetDeploymentAnnotationsTo, for a rollback."""
    template = dict(rs["spec"]["template"])
    meta = dict(template.get("metadata") or {})
    template_labels = {k: v for k, v in (meta.get("labels") or {}).items() if k != UNIQUE_LABEL_KEY}
    meta["labels"] = template_labels
    d["spec"]["template"] = {**template, "metadata": meta}
    kept = {k: v for k, v in annotations(d).items() if k in _SKIPPED_ANNOTATIONS}
    kept.update({k: v for k, v in annotations(rs).items() if k not in _SKIPPED_ANNOTATIONS})
    d["metadata"]["annotations"] = kept


# -- ReplicaSets of a deployment -------------------------------------------------------


def by_creation(replica_sets: list[Object]) -> list[Object]:
    """ReplicaSetsByCreationTimestamp: oldest first, ties by name."""
    return sorted(
        replica_sets,
        key=lambda rs: (_created(rs), rs["metadata"]["name"]),
    )


def _created(obj: Object) -> int:
    created = obj["metadata"].get("creationTimestamp")
    return unix_seconds(created) if created else 0


def by_revision(replica_sets: list[Object]) -> list[Object]:
    """ReplicaSetsByRevision: lowest revision first, ties (and unparsable ones) by age."""
    ordered = by_creation(replica_sets)
    return sorted(ordered, key=lambda rs: revision(rs) or 0)


def equal_ignore_hash(template1: Object, template2: Object) -> bool:
    """EqualIgnoreHash: the templates are semantically the same but for the
    pod-template-hash label (Semantic.DeepEqual: nil and empty maps and lists are equal)."""
    return comparable(template1) == comparable(template2)


def comparable(template: Object) -> Object:
    """What EqualIgnoreHash compares of a template."""
    return _semantic(_without_hash(template))


def _without_hash(template: Object) -> Object:
    meta = dict(template.get("metadata") or {})
    meta["labels"] = {k: v for k, v in (meta.get("labels") or {}).items() if k != UNIQUE_LABEL_KEY}
    return {**template, "metadata": meta}


def _semantic(value: Any) -> Any:
    """`value` without the empty (or null) maps and lists Go would not tell from absent."""
    if isinstance(value, dict):
        found = {k: _semantic(v) for k, v in value.items()}
        return {k: v for k, v in found.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_semantic(v) for v in value]
    return value


def find_new_replica_set(d: Object, replica_sets: list[Object]) -> Object | None:
    """FindNewReplicaSet: the oldest ReplicaSet whose template is the deployment's."""
    wanted = comparable(d["spec"]["template"])
    for rs in by_creation(replica_sets):
        if comparable(rs["spec"]["template"]) == wanted:
            return rs
    return None


def find_old_replica_sets(d: Object, replica_sets: list[Object]) -> list[Object]:
    """FindOldReplicaSets (all of them): every ReplicaSet but the new one."""
    new = find_new_replica_set(d, replica_sets)
    new_uid = new["metadata"]["uid"] if new is not None else None
    return [rs for rs in replica_sets if rs["metadata"]["uid"] != new_uid]


def find_active_or_latest(new: Object | None, old: list[Object]) -> Object | None:
    """FindActiveOrLatest: the one active ReplicaSet, the newest if none is, or None."""
    if new is None and not old:
        return None
    newest_first = list(reversed(by_creation(old)))
    everything = active([*newest_first, new])
    if not everything:
        return new if new is not None else newest_first[0]
    return everything[0] if len(everything) == 1 else None


def new_rs_new_replicas(d: Object, all_rss: list[Object], new: Object) -> int:
    """NewRSNewReplicas: how big the new ReplicaSet may be now."""
    if strategy_type(d) == RECREATE:
        return replicas(d)
    rolling = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    surge = scaled_value(rolling.get("maxSurge"), replicas(d), True)
    current = spec_total(all_rss)
    most = replicas(d) + surge
    if current >= most:
        return replicas(new)
    return replicas(new) + min(most - current, replicas(d) - replicas(new))


def is_saturated(d: Object, rs: Object | None) -> bool:
    if rs is None:
        return False
    desired = int_annotation(rs, DESIRED_REPLICAS_ANNOTATION)
    want = replicas(d)
    return (
        desired is not None
        and replicas(rs) == want
        and desired == want
        and status_count(rs, "availableReplicas") == want
    )


def get_proportion(rs: Object | None, d: Object, to_add: int, added: int) -> int:
    """GetProportion: this ReplicaSet's share of a scaling, bounded by what is left."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _replica_set_fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _replica_set_fraction(rs: Object, d: Object) -> int:
    if replicas(d) == 0:
        return -replicas(rs)
    deployment_replicas = replicas(d) + max_surge(d)
    annotated = int_annotation(rs, MAX_REPLICAS_ANNOTATION)
    if annotated is None:
        annotated = status_count(d, "replicas")
    size = replicas(rs) * deployment_replicas / annotated
    return _round_half_away(size) - replicas(rs)


def _round_half_away(value: float) -> int:
    """integer.RoundToInt32 (math.Round): halves round away from zero."""
    return math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)


# -- conditions and progress -----------------------------------------------------------


def condition(status: Object, kind: str) -> Object | None:
    return next((c for c in status.get("conditions") or () if c.get("type") == kind), None)


def new_condition(kind: str, value: str, reason: str, message: str, now: str) -> Object:
    """NewDeploymentCondition: updated and transitioned now."""
    return {
        "type": kind,
        "status": value,
        "lastUpdateTime": now,
        "lastTransitionTime": now,
        "reason": reason,
        "message": message,
    }


def set_condition(status: Object, new: Object) -> None:
    """SetDeploymentCondition: a no-op for the same status and reason; a change of reason
    keeps the transition time when the status stays."""
    current = condition(status, new["type"])
    if current is not None and (current["status"], current.get("reason")) == (
        new["status"],
        new["reason"],
    ):
        return
    if current is not None and current["status"] == new["status"]:
        new = {**new, "lastTransitionTime": current["lastTransitionTime"]}
    remove_condition(status, new["type"])
    status.setdefault("conditions", []).append(new)


def remove_condition(status: Object, kind: str) -> None:
    kept = [c for c in status.get("conditions") or () if c.get("type") != kind]
    if kept:
        status["conditions"] = kept
    else:
        status.pop("conditions", None)


def deployment_complete(d: Object, status: Object) -> bool:
    want = replicas(d)
    return (
        status.get("updatedReplicas", 0) == want
        and status.get("replicas", 0) == want
        and status.get("availableReplicas", 0) == want
        and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0)
    )


def deployment_progressing(d: Object, new: Object) -> bool:
    """DeploymentProgressing: more updated, ready or available replicas, or fewer old ones."""
    old = d.get("status") or {}
    old_olds = old.get("replicas", 0) - old.get("updatedReplicas", 0)
    new_olds = new.get("replicas", 0) - new.get("updatedReplicas", 0)
    return (
        new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0)
        or new_olds < old_olds
        or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
        or new.get("availableReplicas", 0) > old.get("availableReplicas", 0)
    )


def deployment_timed_out(d: Object, status: Object, clock: Clock) -> bool:
    """DeploymentTimedOut: no progress reported for longer than progressDeadlineSeconds."""
    if not has_progress_deadline(d):
        return False
    found = condition(status, PROGRESSING)
    if found is None or found.get("reason") == NEW_RS_AVAILABLE_REASON:
        return False
    if found.get("reason") == TIMED_OUT_REASON:
        return True
    deadline = progress_deadline_ms(d, found, clock)
    return deadline < clock.now


def progress_deadline_ms(d: Object, progressing: Object, clock: Clock) -> int:
    """When the Progressing condition's last update plus the deadline falls, virtually."""
    updated = unix_seconds(progressing["lastUpdateTime"]) - clock.epoch
    return (updated + d["spec"]["progressDeadlineSeconds"]) * 1000
