"""kubectl top pod [NAME]: each pod's CPU and memory (or each container's), from PodMetrics."""

from __future__ import annotations

from cluster.engine.api.meta import Object, parse_timestamp
from cluster.kubectl.cmd.top import metrics
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *metrics.COMMON,
    Flag("all-namespaces", "A", boolean=True),
    Flag("field-selector"),
    Flag("containers", boolean=True),
    Flag("sum", boolean=True),
)
METRICS_DELAY_S = 120  # metricsCreationDelay: a younger pod may just not be scraped yet
HEADER = ["NAME", "CPU(cores)", "MEMORY(bytes)"]


def run(ctx: Context, opts: Parsed) -> None:
    if len(opts.args) > 1:
        raise ExitError(
            "error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples"
        )
    metrics.check_sort(opts)
    name = opts.args[0] if opts.args else ""
    if name and (opts.text("selector") or opts.text("field-selector")):
        raise ExitError("error: only one of NAME or selector can be provided")
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere else ctx.namespace
    query = _selectors(opts)
    found = metrics.fetch(ctx, "pods.metrics.k8s.io", namespace, name, query)
    if not found:
        _verify_empty(ctx, name, query)
        ctx.err.write(
            "No resources found\n"
            if everywhere
            else f"No resources found in {ctx.namespace} namespace.\n"
        )
        return
    found.sort(key=lambda m: _order(m, everywhere, opts.text("sort-by")))
    rows = [] if opts.flag("no-headers") else [_header(opts, everywhere)]
    for item in found:
        rows += _rows(item, opts, everywhere)
    if opts.flag("sum"):
        rows += _sum(found, len(rows[0]) if rows else 3)
    ctx.out.write(metrics.table(rows))


def _selectors(opts: Parsed) -> dict[str, str]:
    query = {}
    for flag, param in (("selector", "labelSelector"), ("field-selector", "fieldSelector")):
        if opts.text(flag):
            query[param] = opts.text(flag)
    return query


def _verify_empty(ctx: Context, name: str, query: dict[str, str]) -> None:
    """verifyEmptyMetrics: pods old enough to have been measured mean metrics are missing."""
    if name:
        pods = [ctx.call("get", "pods", ctx.namespace, name)]
    else:
        pods = ctx.call("list", "pods", ctx.namespace, query=query)["items"]
        if not pods:
            return
    for pod in pods:
        age = ctx.now - parse_timestamp(pod["metadata"]["creationTimestamp"])
        if age > METRICS_DELAY_S:
            meta = pod["metadata"]
            raise ExitError(
                f"error: Metrics not available for pod {meta['namespace']}/{meta['name']}, "
                f"age: {_go_duration(age)}"
            )
    raise ExitError("error: metrics not available yet")


def _go_duration(seconds: int) -> str:
    """time.Duration.String() of whole seconds: 2m5s, 1h0m0s."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


def _totals(item: Object) -> Object:
    """A pod's usage: its containers' quantities added up exactly (rounded when printed)."""
    return metrics.added([c["usage"] for c in item["containers"]])


def _order(item: Object, everywhere: bool, sort_by: str) -> tuple:
    """PodMetricsSorter: the most used first by cpu or memory, else by namespace and name."""
    meta = item["metadata"]
    if sort_by == "cpu":
        return (-metrics.cpu_milli(_totals(item)),)
    if sort_by == "memory":
        return (-metrics.memory_bytes(_totals(item)),)
    return (meta.get("namespace", "") if everywhere else "", meta["name"])


def _header(opts: Parsed, everywhere: bool) -> list[str]:
    prefix = (["NAMESPACE"] if everywhere else []) + (["POD"] if opts.flag("containers") else [])
    return prefix + HEADER


def _rows(item: Object, opts: Parsed, everywhere: bool) -> list[list[str]]:
    meta = item["metadata"]
    prefix = [meta["namespace"]] if everywhere else []
    if not opts.flag("containers"):
        return [[*prefix, meta["name"], *metrics.cells(_totals(item))]]
    containers = sorted(item["containers"], key=lambda c: _container_order(c, opts.text("sort-by")))
    return [[*prefix, meta["name"], c["name"], *metrics.cells(c["usage"])] for c in containers]


def _container_order(container: Object, sort_by: str) -> tuple:
    if sort_by == "cpu":
        return (-metrics.cpu_milli(container["usage"]),)
    if sort_by == "memory":
        return (-metrics.memory_bytes(container["usage"]),)
    return (container["name"],)


def _sum(found: list[Object], width: int) -> list[list[str]]:
    """printPodResourcesSum: a rule under the usage columns, then the totals."""
    total = metrics.added([_totals(m) for m in found])
    rule = [""] * (width - 2) + ["________", "________"]
    return [rule, [""] * (width - 3) + ["", *metrics.cells(total)]]
