"""kubectl rollout history [--revision=N]: a Deployment's revisions and their change causes,
or one revision's pod template."""

from __future__ import annotations

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
