"""kubectl rollout status: where a Deployment's rollout stands.

kubectl watches until the rollout ends; the built-in kubectl answers from one reading, as
`--watch=false` does, since it runs inside the cluster's actor and cannot wait for the
virtual clock (run `kubectl rollout status` again, or step the clock with `kubectl lab`)."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl import manifests
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *common.FLAGS,
    Flag("watch", "w", boolean=True, default=True),
    Flag("revision", default="0"),
    Flag("timeout", default="0s"),
)


def run(ctx: Context, opts: Parsed) -> None:
    problems = manifests.Problems()
    for info in common.infos(ctx, opts, problems):
        if info.resource.kind != "Deployment":
            problems.add(
                f"error: no status viewer has been implemented for {common.group_kind(info)}"
            )
            continue
        message, _ = status(info.obj)
        ctx.out.write(message)
    problems.raise_if_any()


def status(d: Object) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status: the line kubectl prints, and whether it is done."""
    name, spec, state = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    if d["metadata"].get("generation", 0) > state.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...\n", False
    progressing = next(
        (c for c in state.get("conditions") or [] if c.get("type") == "Progressing"), None
    )
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        raise ExitError(f'error: deployment "{name}" exceeded its progress deadline')
    wanted = spec.get("replicas", 1)
    updated = state.get("updatedReplicas", 0)
    total, available = state.get("replicas", 0), state.get("availableReplicas", 0)
    waiting = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < wanted:
        return f"{waiting}{updated} out of {wanted} new replicas have been updated...\n", False
    if total > updated:
        return f"{waiting}{total - updated} old replicas are pending termination...\n", False
    if available < updated:
        return f"{waiting}{available} of {updated} updated replicas are available...\n", False
    return f'deployment "{name}" successfully rolled out\n', True
