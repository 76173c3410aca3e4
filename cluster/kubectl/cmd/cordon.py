"""kubectl cordon: mark nodes unschedulable (RunCordonOrUncordon, shared with uncordon and
drain)."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (Flag("selector", "l"), Flag("dry-run", default="none"))
STRATEGIC = "application/strategic-merge-patch+json"
DRY_RUNS = {"none": "", "client": " (dry run)", "server": " (server dry run)"}


def run(ctx: Context, opts: Parsed) -> None:
    nodes = select_nodes(ctx, opts, "cordon NODE")
    cordon(ctx, opts, nodes, True)


def select_nodes(ctx: Context, opts: Parsed, use: str) -> list[Object]:
    """The nodes named, or those the selector picks (NodeInfos of the drain command)."""
    check_arguments(opts, use)
    return fetch_nodes(ctx, opts)


def check_arguments(opts: Parsed, use: str) -> None:
    """Complete's checks: nodes named or selected, not both, and a known --dry-run."""
    command = use.split()[0]
    if not opts.args and opts.get("selector") is None:
        raise ExitError(
            f"error: USAGE: {use} [flags]\nSee 'kubectl {command} -h' for help and examples"
        )
    if opts.args and opts.text("selector"):
        raise ExitError(
            "error: cannot specify both a node name and a --selector option\n"
            f"See 'kubectl {command} -h' for help and examples"
        )
    dry_run_suffix(opts)


def fetch_nodes(ctx: Context, opts: Parsed) -> list[Object]:
    if opts.args:
        return [ctx.call("get", "nodes", "", name) for name in opts.args]
    query = {"labelSelector": opts.text("selector")}
    return list(ctx.call("list", "nodes", query=query)["items"])


def dry_run_suffix(opts: Parsed) -> str:
    """What the name printer adds to each operation under --dry-run."""
    value = opts.text("dry-run")
    if value not in DRY_RUNS:
        raise ExitError(
            f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".'
        )
    return DRY_RUNS[value]


def cordon(ctx: Context, opts: Parsed, nodes: list[Object], desired: bool) -> None:
    """Set each node's spec.unschedulable to `desired`, saying what was done."""
    word = "cordoned" if desired else "uncordoned"
    suffix = dry_run_suffix(opts)
    for node in nodes:
        name = node["metadata"]["name"]
        if bool((node.get("spec") or {}).get("unschedulable")) == desired:
            ctx.out.write(f"node/{name} already {word}{suffix}\n")
            continue
        if opts.text("dry-run") != "client":
            query = {"dryRun": "All"} if opts.text("dry-run") == "server" else {}
            response = ctx.request(
                "patch",
                "nodes",
                "",
                name,
                body={"spec": {"unschedulable": True if desired else None}},
                content_type=STRATEGIC,
                query=query,
            )
            if not response.ok:
                how = "cordon" if desired else "uncordon"
                message = response.body.get("message", "")
                ctx.err.write(f'error: unable to {how} node "{name}": {message}\n')
                continue
        ctx.out.write(f"node/{name} {word}{suffix}\n")
