"""Scaling, the new ReplicaSet, revisions, cleanup and status (deployment/sync.go)."""

from __future__ import annotations

import contextlib
import copy
from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.deployment import util as du
from cluster.engine.events import NORMAL, WARNING

if TYPE_CHECKING:
    from cluster.engine.controllers.deployment.controller import DeploymentController


def sync_status_only(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> None:
    new, old = get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=False)
    sync_deployment_status(dc, [*old, new], new, d)


def sync(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> None:
    """Reconcile a scaling event, or a paused deployment."""
    new, old = get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=False)
    scale(dc, d, new, old)
    if d["spec"].get("paused") and du.rollback_to(d) is None:
        cleanup_deployment(dc, old, d)
    sync_deployment_status(dc, [*old, new], new, d)


def check_paused_conditions(dc: DeploymentController, d: Object) -> None:
    """Progressing is Unknown while paused, so a long pause is not taken for no progress."""
    if not du.has_progress_deadline(d):
        return
    status = d.setdefault("status", {})
    found = du.condition(status, du.PROGRESSING)
    if found is not None and found.get("reason") == du.TIMED_OUT_REASON:
        return
    paused_reported = found is not None and found.get("reason") == du.PAUSED_DEPLOY_REASON
    if d["spec"].get("paused") and not paused_reported:
        reason, message = du.PAUSED_DEPLOY_REASON, du.PAUSED
    elif not d["spec"].get("paused") and paused_reported:
        reason, message = du.RESUMED_DEPLOY_REASON, du.RESUMED
    else:
        return
    now = dc.clock.timestamp()
    du.set_condition(status, du.new_condition(du.PROGRESSING, "Unknown", reason, message, now))
    dc.update_status(d)


def get_all_replica_sets_and_sync_revision(
    dc: DeploymentController, d: Object, replica_sets: list[Object], *, create: bool
) -> tuple[Object | None, list[Object]]:
    old = du.find_old_replica_sets(d, replica_sets)
    return get_new_replica_set(dc, d, replica_sets, old, create), old


def get_new_replica_set(
    dc: DeploymentController,
    d: Object,
    replica_sets: list[Object],
    old: list[Object],
    create: bool,
) -> Object | None:
    """The ReplicaSet whose template is the deployment's, its revision brought up to date;
    with `create`, made when there is none yet."""
    existing = du.find_new_replica_set(d, replica_sets)
    new_revision = du.max_revision(old) + 1
    if existing is not None:
        return _sync_existing(dc, d, existing, new_revision)
    if not create:
        return None
    return _create_new(dc, d, old, new_revision)


def _sync_existing(
    dc: DeploymentController, d: Object, existing: Object, new_revision: int
) -> Object:
    rs = copy.deepcopy(existing)
    changed = du.set_new_replica_set_annotations(d, rs, new_revision, exists=True)
    min_ready = d["spec"].get("minReadySeconds", 0)
    if changed or rs["spec"].get("minReadySeconds", 0) != min_ready:
        _set_min_ready_seconds(rs, min_ready)
        return dc.update_replica_set(rs)
    needs_update = du.set_deployment_revision(d, du.annotations(rs).get(du.REVISION_ANNOTATION, ""))
    status = d.setdefault("status", {})
    if du.has_progress_deadline(d) and du.condition(status, du.PROGRESSING) is None:
        message = du.FOUND_NEW_RS.format(rs["metadata"]["name"])
        du.set_condition(
            status,
            du.new_condition(
                du.PROGRESSING, "True", du.FOUND_NEW_RS_REASON, message, dc.clock.timestamp()
            ),
        )
        needs_update = True
    if needs_update:
        dc.update_status(d)
    return rs


def _new_replica_set(d: Object, template_hash: str) -> Object:
    template = copy.deepcopy(d["spec"]["template"])
    meta = template.setdefault("metadata", {})
    meta["labels"] = {**(meta.get("labels") or {}), du.UNIQUE_LABEL_KEY: template_hash}
    selector = copy.deepcopy(d["spec"].get("selector") or {})
    selector["matchLabels"] = {
        **(selector.get("matchLabels") or {}),
        du.UNIQUE_LABEL_KEY: template_hash,
    }
    rs = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": f"{d['metadata']['name']}-{template_hash}",
            "namespace": d["metadata"]["namespace"],
            "labels": dict(meta["labels"]),
            "ownerReferences": [utils.controller_ref(d)],
        },
        "spec": {"replicas": 0, "selector": selector, "template": template},
    }
    _set_min_ready_seconds(rs, d["spec"].get("minReadySeconds", 0))
    return rs


def _set_min_ready_seconds(rs: Object, seconds: int) -> None:
    """spec.minReadySeconds, left out when zero as Go's omitempty leaves it."""
    if seconds:
        rs["spec"]["minReadySeconds"] = seconds
    else:
        rs["spec"].pop("minReadySeconds", None)


def _create_new(
    dc: DeploymentController, d: Object, old: list[Object], new_revision: int
) -> Object:
    status = d.setdefault("status", {})
    template_hash = utils.compute_hash(d["spec"]["template"], status.get("collisionCount"))
    rs = _new_replica_set(d, template_hash)
    count = du.new_rs_new_replicas(d, [*old, rs], rs)
    rs["spec"]["replicas"] = count
    du.set_new_replica_set_annotations(d, rs, new_revision, exists=False)
    name = rs["metadata"]["name"]
    try:
        created = dc.client.call("create", "replicasets", d["metadata"]["namespace"], body=rs)
    except APIError as error:
        if error.response.body.get("reason") == "AlreadyExists":
            return _adopt_existing(dc, d, rs, new_revision, error)
        if not utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
            _report_create_failure(dc, d, name, error)
        raise
    if count > 0:
        dc.recorder.event(d, NORMAL, du.SCALING_REPLICA_SET, du.SCALED_UP_NEW.format(name, count))
    needs_update = du.set_deployment_revision(d, str(new_revision))
    if du.has_progress_deadline(d):
        message = du.CREATED_NEW_RS.format(name)
        now = dc.clock.timestamp()
        du.set_condition(
            status,
            du.new_condition(du.PROGRESSING, "True", du.NEW_REPLICA_SET_REASON, message, now),
        )
        needs_update = True
    if needs_update:
        dc.update_status(d)
    return created


def _adopt_existing(
    dc: DeploymentController, d: Object, rs: Object, new_revision: int, error: APIError
) -> Object:
    """The name is taken: by our own ReplicaSet (a slow cache), or by a hash collision,
    which bumps status.collisionCount so that the next sync hashes differently."""
    found = dc.replicasets.get(f"{rs['metadata']['namespace']}/{rs['metadata']['name']}")
    if found is None:
        raise error
    ref = utils.controller_of(found)
    ours = ref is not None and ref.get("uid") == d["metadata"]["uid"]
    if ours and du.equal_ignore_hash(d["spec"]["template"], found["spec"]["template"]):
        if du.set_deployment_revision(d, str(new_revision)):
            dc.update_status(d)
        return found
    status = d.setdefault("status", {})
    status["collisionCount"] = status.get("collisionCount", 0) + 1
    with contextlib.suppress(APIError):
        dc.update_status(d)
    raise error


def _report_create_failure(dc: DeploymentController, d: Object, name: str, error: APIError) -> None:
    message = du.FAILED_NEW_RS.format(name, error)
    if du.has_progress_deadline(d):
        status = d.setdefault("status", {})
        now = dc.clock.timestamp()
        du.set_condition(
            status,
            du.new_condition(du.PROGRESSING, "False", du.FAILED_RS_CREATE_REASON, message, now),
        )
        with contextlib.suppress(APIError):
            dc.update_status(d)  # the failure to create is the bigger problem to report
    dc.recorder.event(d, WARNING, du.FAILED_RS_CREATE_REASON, message)


# -- scaling ---------------------------------------------------------------------------


def scale(dc: DeploymentController, d: Object, new: Object | None, old: list[Object]) -> None:
    """Scale proportionally: a scaling event in the middle of a rollout grows or shrinks
    every active ReplicaSet by its share, so as not to hasten the rollout."""
    only = du.find_active_or_latest(new, old)
    if only is not None:
        if du.replicas(only) != du.replicas(d):
            scale_replica_set_and_record_event(dc, only, du.replicas(d), d)
        return
    newest_first = list(reversed(du.by_creation(old)))  # as FindActiveOrLatest sorts them
    if du.is_saturated(d, new):
        for rs in du.active(newest_first):
            scale_replica_set_and_record_event(dc, rs, 0, d)
        return
    if du.is_rolling_update(d):
        _scale_proportionally(dc, d, du.active([*newest_first, new]))


def _scale_proportionally(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> None:
    allowed = du.replicas(d) + du.max_surge(d) if du.replicas(d) > 0 else 0
    to_add = allowed - du.spec_total(replica_sets)
    operation = ""
    if to_add > 0:
        ordered = _by_size(replica_sets, newer_first=True)
        operation = "up"
    elif to_add < 0:
        ordered = _by_size(replica_sets, newer_first=False)
        operation = "down"
    else:
        ordered = replica_sets
    sizes, added = {}, 0
    for rs in ordered:
        proportion = du.get_proportion(rs, d, to_add, added) if to_add else 0
        sizes[rs["metadata"]["name"]] = du.replicas(rs) + proportion
        added += proportion
    for index, rs in enumerate(ordered):
        name = rs["metadata"]["name"]
        if index == 0 and to_add:
            sizes[name] = max(0, sizes[name] + to_add - added)  # leftovers to the largest
        scale_replica_set(dc, rs, sizes[name], d, operation)


def _by_size(replica_sets: list[Object], *, newer_first: bool) -> list[Object]:
    """ReplicaSetsBySizeNewer / BySizeOlder: largest first, then by age."""
    aged = du.by_creation(replica_sets)
    if newer_first:
        aged.reverse()
    return sorted(aged, key=lambda rs: -du.replicas(rs))


def scale_replica_set_and_record_event(
    dc: DeploymentController, rs: Object, new_scale: int, d: Object
) -> tuple[bool, Object]:
    if du.replicas(rs) == new_scale:
        return False, rs
    operation = "up" if du.replicas(rs) < new_scale else "down"
    return scale_replica_set(dc, rs, new_scale, d, operation)


def scale_replica_set(
    dc: DeploymentController, rs: Object, new_scale: int, d: Object, operation: str
) -> tuple[bool, Object]:
    """Set spec.replicas and the replica annotations; record ScalingReplicaSet."""
    desired, most = du.replicas(d), du.replicas(d) + du.max_surge(d)
    size_changed = du.replicas(rs) != new_scale
    if not size_changed and not du.replicas_annotations_need_update(rs, desired, most):
        return False, rs
    old_scale = du.replicas(rs)
    updated = copy.deepcopy(rs)
    updated["spec"]["replicas"] = new_scale
    du.set_replicas_annotations(updated, desired, most)
    result = dc.update_replica_set(updated)
    if size_changed:
        message = du.SCALED.format(operation, rs["metadata"]["name"], new_scale, old_scale)
        dc.recorder.event(d, NORMAL, du.SCALING_REPLICA_SET, message)
    return size_changed, result


def is_scaling_event(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> bool:
    """Whether an active ReplicaSet was sized for another spec.replicas than today's."""
    new, old = get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=False)
    for rs in du.active([*old, new]):
        desired = du.int_annotation(rs, du.DESIRED_REPLICAS_ANNOTATION)
        if desired is not None and desired != du.replicas(d):
            return True
    return False


def cleanup_deployment(dc: DeploymentController, old: list[Object], d: Object) -> None:
    """Delete the oldest empty ReplicaSets beyond spec.revisionHistoryLimit."""
    if not du.has_revision_history_limit(d):
        return
    alive = [rs for rs in old if not rs["metadata"].get("deletionTimestamp")]
    surplus = len(alive) - d["spec"]["revisionHistoryLimit"]
    for rs in du.by_revision(alive)[: max(0, surplus)]:
        status = rs.get("status") or {}
        if (
            status.get("replicas", 0)
            or du.replicas(rs)
            or rs["metadata"].get("generation", 0) > status.get("observedGeneration", 0)
        ):
            continue
        meta = rs["metadata"]
        try:
            dc.client.call("delete", "replicasets", meta["namespace"], meta["name"])
        except APIError as error:
            if error.code != 404:
                raise


# -- status ----------------------------------------------------------------------------


def sync_deployment_status(
    dc: DeploymentController, replica_sets: list[Object | None], new: Object | None, d: Object
) -> None:
    status = calculate_status(dc, replica_sets, new, d)
    if status != (d.get("status") or {}):
        d["status"] = status
        dc.update_status(d)


def calculate_status(
    dc: DeploymentController, replica_sets: list[Object | None], new: Object | None, d: Object
) -> Object:
    """The counts over all ReplicaSets, and Available by maxUnavailable."""
    available = du.total(replica_sets, "availableReplicas")
    unavailable = max(0, du.spec_total(replica_sets) - available)
    current = d.get("status") or {}
    status: Object = {
        "observedGeneration": d["metadata"].get("generation", 0),
        "replicas": du.total(replica_sets, "replicas"),
        "updatedReplicas": du.total([new], "replicas"),
        "readyReplicas": du.total(replica_sets, "readyReplicas"),
        "availableReplicas": available,
        "unavailableReplicas": unavailable,
    }
    status = {k: v for k, v in status.items() if v}
    terminating = du.terminating_total(replica_sets)
    if terminating is not None:
        status["terminatingReplicas"] = terminating  # a pointer: kept when 0
    if current.get("conditions"):
        status["conditions"] = list(current["conditions"])
    if current.get("collisionCount") is not None:
        status["collisionCount"] = current["collisionCount"]
    now = dc.clock.timestamp()
    if available >= du.replicas(d) - du.max_unavailable(d):
        found = du.new_condition(
            du.AVAILABLE, "True", du.MINIMUM_REPLICAS_AVAILABLE, du.HAS_MINIMUM, now
        )
    else:
        found = du.new_condition(
            du.AVAILABLE, "False", du.MINIMUM_REPLICAS_UNAVAILABLE, du.LACKS_MINIMUM, now
        )
    du.set_condition(status, found)
    return status
