"""What the rollout subcommands share: their flags, the objects they act on, refusing
kinds they have no implementation for, and a deployment's ReplicaSets by revision."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl import builder, outcome
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("selector", "l"),
    outcome.OUTPUT,
)
REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"


def deployments(ctx: Context, opts: Parsed, refusal: str) -> list[builder.Info]:
    """The objects named, all Deployments: any other kind ends the command with `refusal`
    (formatted with the kind's GroupKind)."""
    if not opts.args and not opts.list("filename"):
        raise ExitError(builder.NO_RESOURCES)
    found = builder.infos(ctx, opts, opts.args)
    for info in found:
        if info.resource.kind != "Deployment":
            group_kind = info.resource.kind + (
                f".{info.resource.group}" if info.resource.group else ""
            )
            raise ExitError(f"error: {refusal.format(group_kind)}")
    return found


def replica_sets(ctx: Context, deployment: Object) -> dict[int, Object]:
    """The deployment's ReplicaSets by revision number."""
    meta = deployment["metadata"]
    found: dict[int, Object] = {}
    for rs in ctx.call("list", "replicasets", meta["namespace"])["items"]:
        owners = rs["metadata"].get("ownerReferences") or []
        if not any(o.get("controller") and o.get("uid") == meta["uid"] for o in owners):
            continue
        text = (rs["metadata"].get("annotations") or {}).get(REVISION, "")
        if text.isdigit():
            found[int(text)] = rs
    return found
