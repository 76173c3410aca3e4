"""kubectl top node [NAME]: each node's CPU and memory, and their share of what it has."""

from __future__ import annotations

from cluster.kubectl.cmd.top import metrics
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*metrics.COMMON, Flag("show-capacity", boolean=True))
HEADER = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
UNKNOWN = "<unknown>"


def run(ctx: Context, opts: Parsed) -> None:
    if len(opts.args) > 1:
        raise ExitError(
            "error: node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples"
        )
    metrics.check_sort(opts)
    name = opts.args[0] if opts.args else ""
    query = {"labelSelector": opts.text("selector")} if opts.text("selector") else {}
    found = metrics.fetch(ctx, "nodes.metrics.k8s.io", "", name, query)
    if name:
        nodes = [ctx.call("get", "nodes", "", name)]
    else:
        nodes = ctx.call("list", "nodes", query=query)["items"]
    which = "capacity" if opts.flag("show-capacity") else "allocatable"
    available = {n["metadata"]["name"]: (n.get("status") or {}).get(which) or {} for n in nodes}
    if not found:
        return
    found.sort(key=lambda m: _order(m, opts.text("sort-by")))
    rows = [] if opts.flag("no-headers") else [HEADER]
    for item in found:
        node = item["metadata"]["name"]
        rows.append([node, *metrics.cells(item["usage"], available.pop(node, {}))])
    rows += [[node, *[UNKNOWN] * 4] for node in available]  # nodes metrics-server could not reach
    ctx.out.write(metrics.table(rows))


def _order(item: dict, sort_by: str) -> tuple:
    if sort_by == "cpu":
        return (-metrics.cpu_milli(item["usage"]),)
    if sort_by == "memory":
        return (-metrics.memory_bytes(item["usage"]),)
    return (item["metadata"]["name"],)
