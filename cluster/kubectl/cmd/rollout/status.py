"""kubectl rollout status: where a Deployment's, a DaemonSet's or a StatefulSet's rollout
stands.

The built-in kubectl answers from one reading, as `--watch=false` does; in the dashboard's
terminal the rollout is then watched until it ends (visualizer/waiting.py), each change
printed with `status`, as the real kubectl prints each event of its watch.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.kubectl import flags, manifests
from cluster.kubectl.cmd import wait
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

COMMAND = "rollout status"
FLAGS = (  # no -o: status prints no object
    *common.SELECTION,
    Flag("watch", "w", boolean=True, default=True),
    Flag("revision", default="0"),
    Flag("timeout", default="0s"),
)


def run(ctx: Context, opts: Parsed) -> None:
    revision = check(opts)
    problems = manifests.Problems()
    infos = common.infos(ctx, opts, problems)
    if not infos and opts.text("selector") and not problems.messages:
        ctx.err.write(f"No resources found in {ctx.namespace} namespace.\n")
    for info in infos:
        if info.resource.kind not in _VIEWERS:
            problems.add(
                f"error: no status viewer has been implemented for {common.group_kind(info)}"
            )
            continue
        message, _ = status(info.obj, revision)
        ctx.out.write(message)
    problems.raise_if_any()


def check(opts: Parsed) -> int:
    """The flags as Validate checks them; the revision to pin to (0: the latest)."""
    wait.timeout(opts, COMMAND)
    revision = flags.integer(opts, "revision", COMMAND)
    if revision < 0:
        raise ExitError(f"error: revision must be a positive integer: {revision}")
    return revision


def seen(event: Object, revision: int) -> tuple[str, bool]:
    """What kubectl prints for one event of the deployment's watch, and whether it is done."""
    if event["type"] == DELETED:
        raise ExitError("error: object has been deleted")
    return status(event["object"], revision)


def status(obj: Object, revision: int = 0) -> tuple[str, bool]:
    """The status viewer of the object's kind: the line kubectl prints, and whether it is
    done."""
    return _VIEWERS[obj.get("kind", "Deployment")](obj, revision)


def _rolling_update_only(obj: Object) -> None:
    """Only a rolling update has a rollout to follow."""
    strategy = ((obj.get("spec") or {}).get("updateStrategy") or {}).get("type")
    if strategy != "RollingUpdate":
        raise ExitError("error: rollout status is only available for RollingUpdate strategy type")


def _daemon_set(ds: Object, revision: int) -> tuple[str, bool]:
    """DaemonSetStatusViewer.Status (a DaemonSet's revision is not looked at)."""
    name, state = ds["metadata"]["name"], ds.get("status") or {}
    _rolling_update_only(ds)
    if ds["metadata"].get("generation", 0) > state.get("observedGeneration", 0):
        return "Waiting for daemon set spec update to be observed...\n", False
    desired = state.get("desiredNumberScheduled", 0)
    updated, available = state.get("updatedNumberScheduled", 0), state.get("numberAvailable", 0)
    waiting = f'Waiting for daemon set "{name}" rollout to finish: '
    if updated < desired:
        return f"{waiting}{updated} out of {desired} new pods have been updated...\n", False
    if available < desired:
        return f"{waiting}{available} of {desired} updated pods are available...\n", False
    return f'daemon set "{name}" successfully rolled out\n', True


def _deployment(d: Object, revision: int) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status."""
    name, spec, state = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    if revision > 0:
        running = (d["metadata"].get("annotations") or {}).get(common.REVISION, "0")
        if not running.isdigit():
            raise ExitError(
                f'error: cannot get the revision of deployment "{name}": strconv.ParseInt: '
                f'parsing "{running}": invalid syntax'
            )
        if int(running) != revision:
            raise ExitError(
                f"error: desired revision ({revision}) is different from the running "
                f"revision ({int(running)})"
            )
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


def _stateful_set(sts: Object, revision: int) -> tuple[str, bool]:
    """StatefulSetStatusViewer.Status (the revision is not looked at either): a partitioned
    roll out is done when the pods from the partition up are updated."""
    spec, state = sts.get("spec") or {}, sts.get("status") or {}
    _rolling_update_only(sts)
    observed = state.get("observedGeneration", 0)
    if observed == 0 or sts["metadata"].get("generation", 0) > observed:
        return "Waiting for statefulset spec update to be observed...\n", False
    wanted, ready = spec.get("replicas"), state.get("readyReplicas", 0)
    if wanted is not None and ready < wanted:
        return f"Waiting for {wanted - ready} pods to be ready...\n", False
    updated = state.get("updatedReplicas", 0)
    rolling = spec["updateStrategy"].get("rollingUpdate")
    if rolling is not None:
        partition = rolling.get("partition")
        if wanted is not None and partition is not None and updated < wanted - partition:
            return (
                "Waiting for partitioned roll out to finish: "
                f"{updated} out of {wanted - partition} new pods have been updated...\n",
                False,
            )
        return f"partitioned roll out complete: {updated} new pods have been updated...\n", True
    current, update = state.get("currentRevision", ""), state.get("updateRevision", "")
    if update != current:
        return (
            f"waiting for statefulset rolling update to complete {updated} pods at revision "
            f"{update}...\n",
            False,
        )
    done = state.get("currentReplicas", 0)
    return f"statefulset rolling update complete {done} pods at revision {current}...\n", True


_VIEWERS = {"Deployment": _deployment, "DaemonSet": _daemon_set, "StatefulSet": _stateful_set}
