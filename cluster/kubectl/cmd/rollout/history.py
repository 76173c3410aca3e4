"""kubectl rollout history [--revision=N]: a Deployment's, a DaemonSet's or a StatefulSet's
revisions and their change causes, or one revision's pod template; with -o, the revisions
themselves (a Deployment's ReplicaSets, the DaemonSet or StatefulSet as each of its
ControllerRevisions makes it)."""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import builder, outcome, tabwriter
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.describe import pods
from cluster.kubectl.describe.writer import PrefixWriter
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*common.FLAGS, Flag("revision", default="0"))
REPLICA_SETS = resources.BY_NAME["replicasets"]
Shown = Callable[[Object], tuple[Resource, Object]]  # a revision as its history shows it


def run(ctx: Context, opts: Parsed) -> None:
    revision = int(opts.text("revision", "0"))
    for info in common.infos(ctx, opts):
        if info.resource.kind not in ("Deployment", *common.REVISIONED):
            raise ExitError(
                f'error: error retrieving history for "{info.resource.kind}", {common.no_visitor(info)}'
            )
        history, shown = _history(ctx, info)
        name = outcome.qualified(info.resource, info.name)
        if opts.text("output"):
            _print_revisions(ctx, opts, history, revision, shown)
            continue
        if revision > 0:
            found = history.get(revision)
            if found is None:
                raise ExitError("error: unable to find the specified revision")
            w = PrefixWriter(ctx.now)
            pods.pod_template(w, shown(found)[1]["spec"].get("template") or {})
            ctx.out.write(f"{name} with revision #{revision}\n{w.raw()}\n")
            continue
        if not history:
            ctx.out.write(f"{name} \nNo rollout history found.\n")
            continue
        rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
            f"{number}\t{(history[number]['metadata'].get('annotations') or {}).get(common.CHANGE_CAUSE) or '<none>'}\n"
            for number in sorted(history)
        )
        ctx.out.write(f"{name} \n{tabwriter.format_cells(rows)}\n")


def _history(ctx: Context, info: builder.Info) -> tuple[dict[int, Object], Shown]:
    """The revisions by number, and what each is shown as, and of which resource: a
    Deployment's ReplicaSet as it is, a ControllerRevision as the object it makes."""
    obj = info.obj
    if info.resource.kind == "Deployment":
        return common.replica_sets(ctx, obj), lambda rs: (REPLICA_SETS, rs)
    return common.controller_revisions(ctx, obj), lambda r: (info.resource, common.applied(obj, r))


def _print_revisions(
    ctx: Context,
    opts: Parsed,
    history: dict[int, Object],
    revision: int,
    shown: Shown,
) -> None:
    """Each revision, oldest first (or the one asked for), printed as -o says, as kubectl
    prints the typed objects its history viewer gives."""
    if revision > 0 and revision not in history:
        raise ExitError("error: unable to find the specified revision")
    for number in [revision] if revision > 0 else sorted(history):
        resource, obj = shown(history[number])
        outcome.report(ctx, opts, resource, obj, "", typed=True)
