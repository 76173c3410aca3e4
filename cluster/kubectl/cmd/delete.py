"""kubectl delete: by type and name."""

from __future__ import annotations

from cluster.kubectl import resolve
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("grace-period", default="-1"),
    Flag("force", boolean=True),
    Flag("now", boolean=True),
    Flag("ignore-not-found", boolean=True),
    Flag("wait", boolean=True, default=True),
    Flag("all", boolean=True),
)


def run(ctx: Context, opts: Parsed) -> None:
    targets = resolve.targets(opts.args)
    if not targets:
        raise ExitError(
            "error: You must provide one or more resources by argument or filename."
            "\nExample resource specifications include:\n   '-f rsrc.yaml'\n   "
            "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
        )
    if any(not name for _, name in targets) and not opts.flag("all"):
        raise ExitError("error: resource(s) were provided, but no name was specified")
    query = _grace(opts)
    if opts.flag("force") and query.get("gracePeriodSeconds") == "0":
        ctx.err.write(
            "Warning: Immediate deletion does not wait for confirmation that the "
            "running resource has been terminated. The resource may continue to run "
            "on the cluster indefinitely.\n"
        )
    failures = []
    for resource, name in _expand(ctx, targets):
        namespace = ctx.namespace if resource.namespaced else ""
        response = ctx.request("delete", resource.name, namespace, name, query=query)
        if not response.ok:
            if not (response.code == 404 and opts.flag("ignore-not-found")):
                failures.append(server_error(response.body))
            continue
        where = f" from {namespace} namespace" if namespace else ""
        ctx.out.write(f'{resource.singular_name} "{name}" deleted{where}\n')
    if failures:
        raise ExitError("\n".join(failures))


def _grace(opts: Parsed) -> dict[str, str]:
    grace = int(opts.text("grace-period", "-1"))
    if opts.flag("now"):
        grace = 1
    if opts.flag("force") and grace < 0:
        grace = 0
    return {"gracePeriodSeconds": str(grace)} if grace >= 0 else {}


def _expand(ctx: Context, targets: list) -> list:
    """`delete pods --all`: every object of the type in the namespace."""
    expanded = []
    for resource, name in targets:
        if name:
            expanded.append((resource, name))
            continue
        namespace = ctx.namespace if resource.namespaced else ""
        listed = ctx.call("list", resource.name, namespace)
        expanded.extend((resource, item["metadata"]["name"]) for item in listed["items"])
    return expanded
