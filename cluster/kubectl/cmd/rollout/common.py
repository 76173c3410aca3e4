"""What the rollout subcommands share: their flags, the objects they act on, refusing
kinds they have no implementation for, a deployment's ReplicaSets and a daemon set's or a
stateful set's ControllerRevisions by revision."""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.merge import STRATEGIC, apply_patch
from cluster.engine.api.meta import Object
from cluster.kubectl import builder, manifests, outcome
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

SELECTION = (  # which objects: what every rollout command takes
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("selector", "l"),
)
FLAGS = (*SELECTION, *outcome.PRINT)
REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
REVISIONED = ("DaemonSet", "StatefulSet")  # the kinds whose history is ControllerRevisions


def infos(
    ctx: Context, opts: Parsed, problems: manifests.Problems | None = None
) -> list[builder.Info]:
    """The objects named (those missing go to `problems`, if given); only Deployments
    have a rollout here."""
    if not opts.args and not opts.list("filename"):
        raise ExitError(builder.NO_RESOURCES)
    return builder.infos(ctx, opts, opts.args, problems)


def group_kind(info: builder.Info) -> str:
    """schema.GroupKind's String(): `ReplicaSet.apps`, `ConfigMap`."""
    return info.resource.kind + (f".{info.resource.group}" if info.resource.group else "")


def no_visitor(info: builder.Info) -> str:
    """What kubectl's kind visitor answers for a kind it has no method for."""
    return f"no visitor method exists for {{{info.resource.group} {info.resource.kind}}}"


def resource_string(info: builder.Info) -> str:
    """`deployments.apps`, `configmaps`: how pause, resume and restart name the resource."""
    return info.resource.group_resource


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


def controller_revisions(ctx: Context, obj: Object) -> dict[int, Object]:
    """daemonSetHistory and statefulSetHistory: the ControllerRevisions the object selects
    and controls, by revision number."""
    meta = obj["metadata"]
    selector = str(labels.from_label_selector(obj["spec"].get("selector")))
    query = {"labelSelector": selector} if selector else {}
    listed = ctx.call("list", "controllerrevisions", meta["namespace"], query=query)["items"]
    return {
        revision.get("revision", 0): revision
        for revision in listed
        if any(
            o.get("controller") and o.get("uid") == meta["uid"]
            for o in revision["metadata"].get("ownerReferences") or ()
        )
    }


def applied(obj: Object, revision: Object) -> Object:
    """applyDaemonSetHistory and applyRevision: the object as the revision would make it."""
    return apply_patch(obj, revision.get("data") or {}, STRATEGIC)
