"""What kubectl top shares: asking the Metrics API, and TopCmdPrinter's way of printing usage
(every cell tab-terminated, so the last column is padded too)."""

from __future__ import annotations

import math

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.kubectl import printers
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

SORTS = ("cpu", "memory")
COMMON = (
    Flag("selector", "l"),
    Flag("no-headers", boolean=True),
    Flag("sort-by"),
    Flag("use-protocol-buffers", boolean=True, default=True),
    Flag("show-swap", boolean=True),
)
MIB = 1 << 20


def check_sort(opts: Parsed) -> None:
    if opts.text("sort-by") and opts.text("sort-by") not in SORTS:
        raise ExitError("error: --sort-by accepts only cpu or memory")


def fetch(
    ctx: Context, resource: str, namespace: str, name: str, query: dict[str, str]
) -> list[Object]:
    """The metrics objects asked for; a server without the Metrics API is kubectl's error."""
    verb = "get" if name else "list"
    response = ctx.request(verb, resource, namespace, name, query=query)
    if response.code == 404 and not (response.body.get("details") or {}).get("group"):
        raise ExitError("error: Metrics API not available")
    if not response.ok:
        raise ExitError(server_error(response.body))
    return [response.body] if name else list(response.body["items"])


def cpu_milli(usage: Object) -> int:
    return quantity.milli(usage.get("cpu", "0"))


def memory_bytes(usage: Object) -> int:
    return quantity.value(usage.get("memory", "0"))


def added(usages: list[Object]) -> Object:
    """Quantities added up exactly: nanocores and bytes."""
    cpu = sum((quantity.parse(u.get("cpu", "0")) for u in usages), start=quantity.parse(0))
    memory = sum((quantity.parse(u.get("memory", "0")) for u in usages), start=quantity.parse(0))
    return {"cpu": f"{math.ceil(cpu * 10**9)}n", "memory": str(math.ceil(memory))}


def cells(usage: Object, available: Object | None = None) -> list[str]:
    """printAllResourceUsages: cpu then memory, each with its share of `available`."""
    found = []
    for name, shown, milli in (
        ("cpu", f"{cpu_milli(usage)}m", cpu_milli(usage)),
        ("memory", f"{memory_bytes(usage) // MIB}Mi", memory_bytes(usage) * 1000),
    ):
        found.append(shown)
        if available is not None and name in available:
            total = quantity.milli(available[name])
            found.append(f"{int(milli / total * 100) if total else 0}%")
    return found


def table(rows: list[list[str]]) -> str:
    """Rows whose every cell is tab-terminated, through kubectl's tabwriter."""
    return printers.tabulate([[*row, ""] for row in rows])
