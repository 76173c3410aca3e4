"""kubectl delete: by type and name, by -f, by label or field selector, or --all; with
--grace-period, --now, --force (and its warning), --cascade and --ignore-not-found.

The built-in kubectl answers at once: it deletes and says so. With --wait (the default) the
dashboard's terminal then waits until each object it deleted is gone (visualizer/waiting.py),
as the real kubectl waits after printing its lines; `deleted` reads them back.
"""

from __future__ import annotations

import re

from cluster.engine.api.resources import Resource
from cluster.kubectl import builder, flags, manifests, outcome, raw, resolve
from cluster.kubectl.cmd import wait
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("grace-period", default="-1"),
    Flag("force", boolean=True),
    Flag("now", boolean=True),
    Flag("ignore-not-found", boolean=True),
    Flag("wait", boolean=True, default=True),
    Flag("all", boolean=True),
    Flag("all-namespaces", "A", boolean=True),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("cascade", default="background"),
    Flag("dry-run", default="none"),
    Flag("output", "o"),
    Flag("timeout", default="0s"),
    Flag("raw"),
)
IMMEDIATE = (
    "Warning: Immediate deletion does not wait for confirmation that the running resource "
    "has been terminated. The resource may continue to run on the cluster indefinitely.\n"
)
CASCADE = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}
Target = tuple[Resource, str, str, str]  # resource, namespace, name, source (-f)
# the lines `_deleted` prints: `pod "web" deleted from default namespace`, or `pod/web` (-o name)
DELETED = re.compile(
    r'(?P<kind>[^ /"]+) "(?P<name>[^"]+)" (?:force )?deleted(?: from (?P<namespace>\S+) namespace)?'
)
NAMED = re.compile(r"(?P<kind>[^ /]+)/(?P<name>\S+)")


def run(ctx: Context, opts: Parsed) -> None:
    _check(opts)
    if opts.text("raw"):
        _raw(ctx, opts)
        return
    query = _query(opts)
    if opts.flag("force") and query.get("gracePeriodSeconds") == "0":
        ctx.err.write(IMMEDIATE)
    selecting = opts.flag("all") or opts.text("selector") or opts.text("field-selector")
    ignore = opts.flag("ignore-not-found") or bool(selecting)
    failures: list[str] = []
    targets = _targets(ctx, opts, failures)
    client_dry_run = opts.text("dry-run") == "client"
    for resource, namespace, name, source in targets:
        if client_dry_run:  # DeleteResult prints what it would delete, and sends nothing
            ctx.out.write(_deleted(resource, namespace, name, opts.text("output"), query, True))
            continue
        response = ctx.request("delete", resource.name, namespace, name, query=query)
        if not response.ok:
            if not (response.code == 404 and ignore):
                failures.append(
                    outcome.with_source(response.body, "deleting", source)
                    if source
                    else server_error(response.body)
                )
            continue
        ctx.out.write(_deleted(resource, namespace, name, opts.text("output"), query))
    if not targets and selecting and not failures:
        ctx.out.write("No resources found\n")
    if failures:
        raise ExitError("\n".join(failures))


def _check(opts: Parsed) -> None:
    wait.timeout(opts, "delete")
    output = opts.text("output")
    if output not in ("", "name"):
        raise ExitError(f"error: unexpected -o output mode: {output}. We only support '-o name'")
    if opts.flag("all") and (opts.text("selector") or opts.text("field-selector")):
        raise ExitError("error: setting 'all' parameter but found a non empty selector. ")
    if opts.text("cascade") not in CASCADE:
        raise ExitError(
            f'error: invalid cascade value ({opts.text("cascade")}). Must be "background", '
            '"foreground", or "orphan"'
        )
    if opts.text("dry-run") not in ("none", "client", "server"):
        raise ExitError(
            f'error: Invalid dry-run value ({opts.text("dry-run")}). Must be "none", "server", '
            'or "client".'
        )


def _raw(ctx: Context, opts: Parsed) -> None:
    """--raw: DELETE the path, with the one -f file (or stdin) as the body (delete.go)."""
    files = opts.list("filename")
    if len(files) > 1:
        raise ExitError("error: --raw can only use a single local file or stdin")
    if files and files[0].startswith(("http://", "https://")):
        raise ExitError("error: --raw cannot read from a url")
    if opts.flag("recursive"):
        raise ExitError("error: --raw and --recursive are mutually exclusive")
    if opts.text("output"):
        raise ExitError("error: --raw and --output are mutually exclusive")
    data = ""
    if files:
        data = ctx.stdin if files[0] == "-" else ctx.files.get(files[0], "")
    raw.delete(ctx, opts.text("raw"), data)


def _query(opts: Parsed) -> dict[str, str]:
    """--grace-period, --now and --force as kubectl turns them into DeleteOptions."""
    grace = flags.integer(opts, "grace-period", "delete")
    if opts.flag("now"):
        if grace != -1:
            raise ExitError("error: --now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not opts.flag("force"):
        grace = 1  # --grace-period=0 alone once meant "now": only --force makes it immediate
    if opts.flag("force") and grace > 0:
        raise ExitError(
            "error: --force and --grace-period greater than 0 cannot be specified together"
        )
    if opts.flag("force") and grace < 0:
        grace = 0
    query = {"gracePeriodSeconds": str(grace)} if grace >= 0 else {}
    query["propagationPolicy"] = CASCADE[opts.text("cascade")]
    if opts.text("dry-run") == "server":
        query["dryRun"] = "All"
    return query


def _targets(ctx: Context, opts: Parsed, failures: list[str]) -> list[Target]:
    if opts.list("filename"):
        if opts.args:
            raise ExitError(
                "error: there is no need to specify a resource type as a separate argument when "
                "passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                "instead of 'kubectl get resource resource/<resource_name>'"
            )
        problems = manifests.Problems()
        found = manifests.read(ctx, opts, problems)
        failures.extend(problems.messages)
        return [(m.resource, m.namespace, m.name, m.source) for m in found]
    pairs = resolve.targets(opts.args)
    if not pairs:
        raise ExitError(
            "error: You must provide one or more resources by argument or filename."
            "\nExample resource specifications include:\n   '-f rsrc.yaml'\n   "
            "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
        )
    selecting = opts.flag("all") or opts.text("selector") or opts.text("field-selector")
    if any(not name for _, name in pairs) and not selecting:
        raise ExitError("error: resource(s) were provided, but no name was specified")
    if selecting and any(name for _, name in pairs):
        raise ExitError("error: name cannot be provided when a selector is specified")
    everywhere = opts.flag("all-namespaces")
    builder.refuse_names_everywhere(pairs, everywhere)
    targets: list[Target] = []
    for resource, name in pairs:
        namespace = "" if everywhere or not resource.namespaced else ctx.namespace
        if name:
            targets.append((resource, namespace, name, ""))
            continue
        query = {}
        if opts.text("selector"):
            query["labelSelector"] = opts.text("selector")
        if opts.text("field-selector"):
            query["fieldSelector"] = opts.text("field-selector")
        listed = ctx.call("list", resource.name, namespace, query=query)
        targets += [
            (resource, item["metadata"].get("namespace", ""), item["metadata"]["name"], "")
            for item in listed["items"]
        ]
    return targets


def _deleted(
    resource: Resource, namespace: str, name: str, output: str, query: dict, client: bool = False
) -> str:
    kind = resource.kind.lower() + (f".{resource.group}" if resource.group else "")
    if output == "name":
        return f"{kind}/{name}\n"
    where = f" from {namespace} namespace" if namespace else ""
    dry = " (server dry run)" if query.get("dryRun") else " (dry run)" if client else ""
    operation = "force deleted" if query.get("gracePeriodSeconds") == "0" else "deleted"
    return f'{kind} "{name}" {operation}{where}{dry}\n'


def deleted(stdout: str, namespace: str) -> list[tuple[Resource, str, str]]:
    """The objects a run of kubectl delete says it deleted: resource, namespace and name
    (-o name leaves out the namespace: `namespace` it is, or every one when empty)."""
    found = []
    for line in stdout.splitlines():
        match = DELETED.fullmatch(line) or NAMED.fullmatch(line)
        if match is None:
            continue
        resource = resolve.resource(match["kind"])
        where = match.groupdict().get("namespace") or namespace
        found.append((resource, where if resource.namespaced else "", match["name"]))
    return found
