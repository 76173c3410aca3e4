"""kubectl rollout history [--revision=N]: a Deployment's revisions and their change causes,
or one revision's pod template; with -o, the ReplicaSets of the revisions themselves."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import outcome, tabwriter
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.describe import pods
from cluster.kubectl.describe.writer import PrefixWriter
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*common.FLAGS, Flag("revision", default="0"))


def run(ctx: Context, opts: Parsed) -> None:
    revision = int(opts.text("revision", "0"))
    for info in common.infos(ctx, opts):
        if info.resource.kind != "Deployment":
            raise ExitError(
                f'error: error retrieving history for "{info.resource.kind}", {common.no_visitor(info)}'
            )
        history = common.replica_sets(ctx, info.obj)
        name = outcome.qualified(info.resource, info.name)
        if opts.text("output"):
            _print_revisions(ctx, opts, history, revision)
            continue
        if revision > 0:
            rs = history.get(revision)
            if rs is None:
                raise ExitError("error: unable to find the specified revision")
            w = PrefixWriter(ctx.now)
            pods.pod_template(w, rs["spec"].get("template") or {})
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


def _print_revisions(ctx: Context, opts: Parsed, history: dict[int, Object], revision: int) -> None:
    """The ReplicaSet of each revision, oldest first (or of the one asked for), printed as
    -o says, as kubectl prints the typed objects its history viewer gives."""
    if revision > 0 and revision not in history:
        raise ExitError("error: unable to find the specified revision")
    replica_sets = resources.BY_NAME["replicasets"]
    for number in [revision] if revision > 0 else sorted(history):
        outcome.report(ctx, opts, replica_sets, history[number], "", typed=True)
