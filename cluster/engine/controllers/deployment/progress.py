"""Rollout status and the progress deadline (deployment/progress.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.controllers.deployment import sync
from cluster.engine.controllers.deployment import util as du

if TYPE_CHECKING:
    from cluster.engine.controllers.deployment.controller import DeploymentController

REQUEUE_SLACK_MS = 1000  # "add a second to avoid milliseconds skew in AddAfter"


def sync_rollout_status(
    dc: DeploymentController, all_rss: list[Object | None], new: Object | None, d: Object
) -> None:
    """Status, plus Progressing (progressing, complete, or timed out) and ReplicaFailure."""
    status = sync.calculate_status(dc, all_rss, new, d)
    if not du.has_progress_deadline(d):
        du.remove_condition(status, du.PROGRESSING)
    current = du.condition(d.get("status") or {}, du.PROGRESSING)
    complete_already = (
        status.get("replicas", 0) == status.get("updatedReplicas", 0)
        and current is not None
        and current.get("reason") == du.NEW_RS_AVAILABLE_REASON
    )
    if du.has_progress_deadline(d) and not complete_already:
        _set_progressing(dc, d, status, new, current)
    failures = _replica_failures(all_rss, new)
    if failures:
        du.set_condition(status, failures[0])
    else:
        du.remove_condition(status, du.REPLICA_FAILURE)
    if status == (d.get("status") or {}):
        requeue_stuck_deployment(dc, d, status)
        return
    d["status"] = status
    dc.update_status(d)


def _set_progressing(
    dc: DeploymentController,
    d: Object,
    status: Object,
    new: Object | None,
    current: Object | None,
) -> None:
    name = d["metadata"]["name"]
    rs_name = new["metadata"]["name"] if new is not None else None
    now = dc.clock.timestamp()
    if du.deployment_complete(d, status):
        message = (
            du.RS_PROGRESSED.format(rs_name) if rs_name else du.DEPLOYMENT_PROGRESSED.format(name)
        )
        du.set_condition(
            status,
            du.new_condition(du.PROGRESSING, "True", du.NEW_RS_AVAILABLE_REASON, message, now),
        )
    elif du.deployment_progressing(d, status):
        message = (
            du.RS_PROGRESSING.format(rs_name) if rs_name else du.DEPLOYMENT_PROGRESSING.format(name)
        )
        found = du.new_condition(
            du.PROGRESSING, "True", du.REPLICA_SET_UPDATED_REASON, message, now
        )
        # every sign of progress renews lastUpdateTime, even with the same reason
        if current is not None:
            if current["status"] == "True":
                found["lastTransitionTime"] = current["lastTransitionTime"]
            du.remove_condition(status, du.PROGRESSING)
        du.set_condition(status, found)
    elif du.deployment_timed_out(d, status, dc.clock):
        message = (
            du.RS_TIMED_OUT.format(rs_name) if rs_name else du.DEPLOYMENT_TIMED_OUT.format(name)
        )
        du.set_condition(
            status, du.new_condition(du.PROGRESSING, "False", du.TIMED_OUT_REASON, message, now)
        )


def _replica_failures(all_rss: list[Object | None], new: Object | None) -> list[Object]:
    """The new ReplicaSet's ReplicaFailure conditions, else the old ones', as deployment
    conditions."""
    found = _failures_of([new]) if new is not None else []
    return found or _failures_of(all_rss)


def _failures_of(replica_sets: list[Object | None]) -> list[Object]:
    return [
        {
            "type": c["type"],
            "status": c["status"],
            "lastUpdateTime": c.get("lastTransitionTime"),
            "lastTransitionTime": c.get("lastTransitionTime"),
            "reason": c.get("reason", ""),
            "message": c.get("message", ""),
        }
        for rs in replica_sets
        if rs is not None
        for c in (rs.get("status") or {}).get("conditions") or ()
        if c.get("type") == du.REPLICA_FAILURE
    ]


def requeue_stuck_deployment(dc: DeploymentController, d: Object, status: Object) -> None:
    """No progress yet: look again when the deadline passes, to report a timeout."""
    current = du.condition(d.get("status") or {}, du.PROGRESSING)
    if not du.has_progress_deadline(d) or current is None:
        return
    if du.deployment_complete(d, status) or current.get("reason") == du.TIMED_OUT_REASON:
        return
    after = du.progress_deadline_ms(d, current, dc.clock) - dc.clock.now
    key = namespaced_name(d)
    if after < REQUEUE_SLACK_MS:
        dc.queue.add_rate_limited(key)
        return
    dc.queue.add_after(key, after + REQUEUE_SLACK_MS, background=True)
