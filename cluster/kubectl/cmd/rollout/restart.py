"""kubectl rollout restart: a new rollout, by stamping the pod template with
kubectl.kubernetes.io/restartedAt (the client's time: here the cluster's virtual time)."""

from __future__ import annotations

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import format_timestamp
from cluster.kubectl import outcome
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*common.FLAGS, Flag("field-manager", default="kubectl-rollout"))
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
RESTARTABLE = ("Deployment", "DaemonSet", "StatefulSet")  # defaultObjectRestarter's kinds


def run(ctx: Context, opts: Parsed) -> None:
    for info in common.infos(ctx, opts):
        named = f'error: {common.resource_string(info)} "{info.name}"'
        if info.resource.kind not in RESTARTABLE:
            raise ExitError(f"{named} restarting is not supported")
        if (info.obj.get("spec") or {}).get("paused"):
            raise ExitError(f"{named} can't restart paused deployment (run rollout resume first)")
        stamp = {RESTARTED_AT: format_timestamp(ctx.now)}
        patch = {"spec": {"template": {"metadata": {"annotations": stamp}}}}
        response = ctx.request(
            "patch",
            info.resource.name,
            info.namespace,
            info.name,
            body=patch,
            content_type=STRATEGIC,
            query=outcome.write_query(opts, "none", "kubectl-rollout"),
        )
        if not response.ok:
            raise ExitError(server_error(response.body))
        obj = response.body
        outcome.report(ctx, opts, info.resource, obj, "restarted")
