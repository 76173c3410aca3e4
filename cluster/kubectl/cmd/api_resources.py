"""kubectl api-resources: the resources the server serves, sorted by group then name."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.resources import Resource
from cluster.kubectl import printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("output", "o"),
    Flag("no-headers", boolean=True),
    Flag("namespaced", boolean=True),
    Flag("api-group"),
    Flag("verbs", repeated=True),
    Flag("sort-by"),
    Flag("categories", repeated=True),
    Flag("cached", boolean=True),
    Flag("show-managed-fields", boolean=True),  # PrintFlags': -o never prints an object here
)


def run(ctx: Context, opts: Parsed) -> None:
    output = opts.text("output")
    if output not in ("", "wide", "name"):
        raise ExitError(f"error: --output {output} is not available")
    sort_by = opts.text("sort-by")
    if sort_by not in ("", "name", "kind"):
        raise ExitError("error: --sort-by accepts only name or kind")
    found = [r for r in resources.all_resources() if _wanted(opts, r)]
    found.sort(key=lambda r: (_sort_value(r, sort_by), r.name))
    if output == "name":
        ctx.out.write("".join(f"{r.group_resource}\n" for r in found))
        return
    rows = [] if opts.flag("no-headers") else [_header(output == "wide")]
    rows += [_row(r, output == "wide") for r in found]
    ctx.out.write(printers.tabulate(rows))


def _wanted(opts: Parsed, resource: Resource) -> bool:
    """The filters, each applied only when its flag was given."""
    group = opts.get("api-group")
    if group is not None and resource.group != group:
        return False
    namespaced = opts.get("namespaced")
    if namespaced is not None and resource.namespaced != namespaced:
        return False
    verbs = [v for arg in opts.list("verbs") for v in arg.split(",")]
    if not set(verbs) <= set(_verbs(resource)):
        return False
    categories = [c for arg in opts.list("categories") for c in arg.split(",")]
    return set(categories) <= set(resources.categories(resource))


def _verbs(resource: Resource) -> tuple[str, ...]:
    return resource.verbs or resources.ALL_VERBS


def _sort_value(resource: Resource, sort_by: str) -> str:
    if sort_by == "name":
        return resource.name
    if sort_by == "kind":
        return resource.kind
    return resource.group


def _header(wide: bool) -> list[str]:
    head = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    return head + (["VERBS", "CATEGORIES"] if wide else [])


def _row(resource: Resource, wide: bool) -> list[str]:
    row = [
        resource.name,
        ",".join(resource.short_names),
        resource.api_version,
        "true" if resource.namespaced else "false",
        resource.kind,
    ]
    if wide:
        row += [
            ",".join(sorted(_verbs(resource))),
            ",".join(resources.categories(resource)),
        ]
    return row
