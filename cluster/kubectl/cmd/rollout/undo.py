"""kubectl rollout undo [--to-revision=N]: the Deployment gets the pod template (and the
annotations) of an earlier revision, by a JSON patch, as DeploymentRollbacker does; a
DaemonSet or a StatefulSet the template its ControllerRevision records, by the revision's
strategic merge patch, as DaemonSetRollbacker and StatefulSetRollbacker do."""

from __future__ import annotations

import copy

from cluster.engine.api.merge import JSON_PATCH, STRATEGIC
from cluster.engine.api.meta import Object
from cluster.engine.controllers.history import records as history_records
from cluster.kubectl import builder, outcome, threeway
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.describe import pods
from cluster.kubectl.describe.writer import PrefixWriter
from cluster.kubectl.flags import Flag, Parsed

APPLIED = (
    "Warning: resource {resource}/{name} was previously managed with 'kubectl apply'. Rolling "
    "back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, "
    "which may cause unexpected behavior on future 'kubectl apply' operations. Consider using "
    "'kubectl apply' with your previous configuration file instead.\n"
)
FLAGS = (*common.FLAGS, Flag("to-revision", default="0"), outcome.DRY_RUN)
# annotations a rollback leaves as the deployment has them (annotationsToSkip)
KEPT = frozenset(
    {
        threeway.ANNOTATION,
        common.REVISION,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    }
)


def run(ctx: Context, opts: Parsed) -> None:
    wanted = int(opts.text("to-revision", "0"))
    mode = outcome.dry_run(opts)
    for info in common.infos(ctx, opts):
        if threeway.last_applied(info.obj) is not None:
            ctx.err.write(APPLIED.format(resource=info.resource.name, name=info.name))
        if info.resource.kind in common.REVISIONED:
            _undo_revisioned(ctx, opts, info, wanted)
            continue
        if info.resource.kind != "Deployment":
            raise ExitError(
                f'error: error retrieving rollbacker for "{info.resource.kind}", {common.no_visitor(info)}'
            )
        d = info.obj
        if (d.get("spec") or {}).get("paused"):
            raise ExitError(
                "error: you cannot rollback a paused deployment; resume it first with "
                "'kubectl rollout resume' and try again"
            )
        history = common.replica_sets(ctx, d)
        revision = wanted or _previous(history)
        if revision == 0:
            raise ExitError(f'error: no rollout history found for deployment "{info.name}"')
        rs = history.get(revision)
        if rs is None:
            raise ExitError(f"error: unable to find specified revision {revision} in history")
        template = _without_hash(rs["spec"]["template"])
        if template == _without_hash(d["spec"]["template"]):
            said = f"skipped rollback (current template already matches revision {revision})"
            outcome.report(ctx, opts, info.resource, d, said)
            continue
        patch = [
            {"op": "replace", "path": "/spec/template", "value": template},
            {"op": "replace", "path": "/metadata/annotations", "value": _annotations(d, rs)},
        ]
        if mode == "client":  # the template it would roll back to, as a PrefixWriter writes it
            w = PrefixWriter(ctx.now)
            pods.pod_template(w, rs["spec"]["template"])
            outcome.report(ctx, opts, info.resource, d, w.raw())
            continue
        response = ctx.request(
            "patch",
            info.resource.name,
            info.namespace,
            info.name,
            body=patch,
            content_type=JSON_PATCH,
            query=outcome.write_query(opts, mode, "kubectl-rollout"),
        )
        if not response.ok:
            raise ExitError(server_error(response.body))
        outcome.report(ctx, opts, info.resource, d, "rolled back")


def _undo_revisioned(ctx: Context, opts: Parsed, info: builder.Info, wanted: int) -> None:
    """DaemonSetRollbacker.Rollback and StatefulSetRollbacker.Rollback."""
    obj, mode = info.obj, outcome.dry_run(opts)
    if wanted < 0:
        raise ExitError(f"error: unable to find specified revision {wanted} in history")
    history = common.controller_revisions(ctx, obj)
    if wanted == 0 and len(history) <= 1:
        raise ExitError("error: no last revision to roll back to")
    target = history.get(wanted or _previous(history))
    if target is None:
        raise ExitError(f"error: unable to find specified revision {wanted} in history")
    if mode == "client":  # printPodTemplate
        w = PrefixWriter(ctx.now)
        pods.pod_template(w, common.applied(obj, target)["spec"]["template"])
        outcome.report(ctx, opts, info.resource, obj, f"will roll back to {w.raw()}")
        return
    if history_records(target, obj):
        said = f"skipped rollback (current template already matches revision {wanted})"
        outcome.report(ctx, opts, info.resource, obj, said)
        return
    response = ctx.request(
        "patch",
        info.resource.name,
        info.namespace,
        info.name,
        body=target["data"],
        content_type=STRATEGIC,
        query=outcome.write_query(opts, mode, "kubectl-rollout"),
    )
    if not response.ok:
        why = response.body.get("message", "")
        raise ExitError(f"error: failed restoring revision {wanted}: {why}")
    outcome.report(ctx, opts, info.resource, obj, "rolled back")


def _previous(history: dict[int, Object]) -> int:
    """The revision before the latest one, or 0 when there is none."""
    numbers = sorted(history)
    return numbers[-2] if len(numbers) > 1 else 0


def _without_hash(template: Object) -> Object:
    found = copy.deepcopy(template)
    labels = (found.get("metadata") or {}).get("labels")
    if labels:
        labels.pop("pod-template-hash", None)
    return found


def _annotations(d: Object, rs: Object) -> dict[str, str]:
    mine = d["metadata"].get("annotations") or {}
    theirs = rs["metadata"].get("annotations") or {}
    kept = {k: v for k, v in mine.items() if k in KEPT}
    return {**kept, **{k: v for k, v in theirs.items() if k not in KEPT}}
