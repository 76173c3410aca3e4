"""kubectl get: tables from the server, or objects as YAML, JSON, names or templates.

The built-in kubectl answers at once, so `-w` prints what there is now and returns (and
`--watch-only` prints nothing), or says why kubectl would not watch it; the dashboard's terminal
then goes on with the changes as they come (visualizer/streaming.py for tables, watching.py for
objects), as the real kubectl does.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import duration, resources
from cluster.engine.api.meta import Object, parse_timestamp
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.request import Response
from cluster.kubectl import builder, manifests, outcome, printers, raw, resolve, sorter, templates
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("output", "o"),
    Flag("all-namespaces", "A", boolean=True),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("show-labels", boolean=True),
    Flag("label-columns", "L", repeated=True),
    Flag("sort-by"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("no-headers", boolean=True),
    Flag("ignore-not-found", boolean=True),
    Flag("subresource"),
    Flag("watch", "w", boolean=True),
    Flag("watch-only", boolean=True),
    Flag("show-managed-fields", boolean=True),
    Flag("template"),
    Flag("allow-missing-template-keys", boolean=True, default=True),
    Flag("raw"),
    Flag("chunk-size", default="500"),  # every list is read whole: the output is the same
    Flag("server-print", boolean=True, default=True),
    Flag("show-kind", boolean=True),
    Flag("output-watch-events", boolean=True),
)
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
OUTPUTS = ("", "wide", "yaml", "kyaml", "json", "name")


def run(ctx: Context, opts: Parsed) -> None:
    if opts.text("raw"):
        if opts.args or opts.list("filename"):
            raise ExitError("error: arguments may not be passed when --raw is specified")
        raw.get(ctx, opts.text("raw"))
        return
    if not opts.args and not opts.list("filename"):
        raise ExitError(
            'You must specify the type of resource to get. Use "kubectl api-resources" for a '
            "complete list of supported resources.\n\nerror: Required resource not specified.\n"
            'Use "kubectl explain <resource>" for a detailed description of that resource '
            "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples"
        )
    output = opts.text("output")
    template = _printer(opts, output)
    if output not in OUTPUTS and template is None:
        raise ExitError(
            f"error: unable to match a printer suitable for the output format "
            f'"{output}", allowed formats are: custom-columns,custom-columns-file,'
            f"{outcome.ALLOWED.removesuffix(',yaml')},wide,yaml"
        )
    watching = opts.flag("watch") or opts.flag("watch-only")
    if opts.list("filename"):
        (_print_watched_manifests if watching else _print_manifests)(ctx, opts, output)
        return
    targets = resolve.targets(opts.args)
    if watching and len({resource.name for resource, _ in targets}) > 1:
        raise ExitError("error: you may only specify a single resource type")
    if opts.flag("watch-only"):
        return
    if opts.text("subresource") and any(not name for _, name in targets):
        raise ExitError("error: subresource cannot be used when bulk resources are specified")
    everywhere = opts.flag("all-namespaces")
    builder.refuse_names_everywhere(targets, everywhere)
    namespace = "" if everywhere else ctx.namespace
    if output in ("", "wide"):
        _print_tables(ctx, opts, targets, namespace, everywhere)
    else:
        _print_objects(ctx, opts, targets, namespace, output)
    if watching and len(targets) > 1:
        raise ExitError("error: you may only watch a single resource or type of resource at a time")
    if watching and not targets[0][0].serves("watch"):
        raise ExitError(server_error(errors.method_not_allowed().status()))


def _printer(opts: Parsed, output: str) -> templates.Printer | None:
    return templates.printer(
        output,
        opts.flag("no-headers"),
        opts.text("template"),
        opts.flag("allow-missing-template-keys"),
    )


def _print_manifests(ctx: Context, opts: Parsed, output: str) -> None:
    """-f: the objects the files name, as they are now; a table for each run of one kind,
    and the missing ones said after them (ContinueOnError)."""
    problems = manifests.Problems()
    found: list[tuple[Resource, Object]] = []
    for manifest in manifests.read(ctx, opts, problems):
        response = _get_manifest(ctx, opts, manifest, output)
        if response.ok:
            found.append((manifest.resource, response.body))
        else:
            problems.add(server_error(response.body))
    if output not in ("", "wide"):
        objects = [body for _, body in found]
        if output == "name":
            ctx.out.write(
                "".join(f"{outcome.qualified(r, b['metadata']['name'])}\n" for r, b in found)
            )
        elif objects or not problems.messages:  # none selected: an empty List
            ctx.out.write(
                _render(
                    opts, objects[0] if len(objects) == 1 else printers.as_list(objects), output
                )
            )
        problems.raise_if_any()
        return
    if not found and not problems.messages:
        ctx.err.write(f"No resources found in {ctx.namespace} namespace.\n")
    several = len({resource.name for resource, _ in found}) > 1
    blocks: list[list[list[str]]] = []
    last = None
    for resource, table in found:
        for row in table["rows"]:
            if several:
                row["cells"][0] = outcome.qualified(resource, row["cells"][0])
        rows = printers.table_rows(
            table, wide=output == "wide", headers=resource != last and not opts.flag("no-headers")
        )
        if resource != last:
            blocks.append([])
        blocks[-1].extend(rows)
        last = resource
    ctx.out.write("\n".join(printers.tabulate(rows) for rows in blocks))
    problems.raise_if_any()


def _print_watched_manifests(ctx: Context, opts: Parsed, output: str) -> None:
    """-f with -w: the objects as kubectl's watch prints them before it watches (each on its
    own; tables with their plain names, a header whenever the columns change), the first one
    missing ending it; then it watches only the one object of one file."""
    found: list[tuple[Resource, Object]] = []
    for manifest in manifests.read(ctx, opts):
        response = _get_manifest(ctx, opts, manifest, output)
        if not response.ok:
            raise ExitError(server_error(response.body))
        found.append((manifest.resource, response.body))
    if not opts.flag("watch-only"):
        ctx.out.write(_watch_printed(opts, found, output))
    if len(opts.list("filename")) > 1:
        raise ExitError("error: you may only watch a single resource or type of resource at a time")
    if len(found) != 1:
        raise ExitError(
            "error: watch is only supported on individual resources and resource collections - "
            f"{len(found)} resources were found"
        )


def _watch_printed(opts: Parsed, found: list[tuple[Resource, Object]], output: str) -> str:
    """The objects printed one by one by kubectl's printer for `output`, as a watch prints
    them, flushed together."""
    objects = [body for _, body in found]
    if output == "name":
        return "".join(f"{outcome.qualified(r, b['metadata']['name'])}\n" for r, b in found)
    if output.startswith("custom-columns"):  # its header once: every object is of one Go type
        return _render(opts, printers.as_list(objects), output)
    if output not in ("", "wide"):
        separator = "---\n" if output == "yaml" else ""
        return separator.join(_render(opts, obj, output) for obj in objects)
    rows: list[list[str]] = []
    columns = None
    for table in objects:
        rows += printers.table_rows(
            table,
            wide=output == "wide",
            show_labels=opts.flag("show-labels"),
            headers=table["columnDefinitions"] != columns and not opts.flag("no-headers"),
            label_columns=tuple(k for v in opts.list("label-columns") for k in v.split(",") if k),
        )
        columns = table["columnDefinitions"]
    return printers.tabulate(rows)


def _get_manifest(
    ctx: Context, opts: Parsed, manifest: manifests.Manifest, output: str
) -> Response:
    """GET the object a manifest names, as a Table for a table."""
    return ctx.request(
        "get",
        resources.request_name(manifest.resource),
        manifest.namespace if manifest.resource.namespaced else "",
        manifest.name,
        query=_query(opts, TABLE if output in ("", "wide") else ""),
    )


def _query(opts: Parsed, accept: str) -> dict[str, str]:
    query = {"accept": accept} if accept else {}
    if accept and opts.text("sort-by"):  # the rows' whole objects, for the JSONPath to read
        query["includeObject"] = "Object"
    for flag, param in (("selector", "labelSelector"), ("field-selector", "fieldSelector")):
        if opts.text(flag):
            query[param] = opts.text(flag)
    return query


def _fetch(
    ctx: Context,
    opts: Parsed,
    target: tuple[Resource, str],
    namespace: str,
    accept: str,
    missing: list[str],
) -> Object | None:
    """GET the named object or LIST them all; a missing named object is noted in `missing`
    (kubectl goes on with the rest), any other failure ends the command."""
    resource, name = target
    ns = namespace if resource.namespaced else ""
    query = _query(opts, accept)
    response = (
        builder.get(ctx, resource, ns, name, query, opts.text("subresource"))
        if name  # metrics.k8s.io's nodes are not the core's: request_name
        else ctx.request("list", resources.request_name(resource), ns, query=query)
    )
    if response.ok:
        return response.body
    if response.code == 404 and name:
        if not opts.flag("ignore-not-found"):
            missing.append(server_error(response.body))
        return None
    if response.code in (400, 404) and not name:
        raise ExitError(server_error(_unable_to_list(response.body, opts, resource)))
    raise ExitError(server_error(response.body))


def _default_table(ctx: Context, listed: Object) -> Object:
    """The table kubectl makes itself of what a server sent as is: NAME and AGE."""
    items = listed.get("items", [listed])
    rows = []
    for item in items:
        meta = item.get("metadata") or {}
        created = meta.get("creationTimestamp")
        age = duration.human(ctx.now - parse_timestamp(created)) if created else "<unknown>"
        rows.append({"cells": [meta.get("name", ""), age], "object": item})
    columns = [{"name": "Name", "priority": 0}, {"name": "Age", "priority": 0}]
    return {"columnDefinitions": columns, "rows": rows}


def _unable_to_list(status: Object, opts: Parsed, resource: Resource) -> Object:
    return builder.unable_to_list(
        status, resource, opts.text("selector"), opts.text("field-selector")
    )


def _print_tables(
    ctx: Context,
    opts: Parsed,
    targets: list[tuple[Resource, str]],
    namespace: str,
    everywhere: bool,
) -> None:
    """One table per resource type, separated by a blank line, as kubectl prints them."""
    tables: dict[str, list[list[str]]] = {}
    missing: list[str] = []
    accept = TABLE if opts.flag("server-print") else ""
    fetched = [(t[0], _fetch(ctx, opts, t, namespace, accept, missing)) for t in targets]
    # multipleGVKsRequested: of the objects and lists found, not of those asked for
    found = {resource.name for resource, table in fetched if table is not None}
    several = len(found) > 1 or opts.flag("show-kind")
    for resource, table in fetched:
        if table and "rows" not in table:  # not printed by the server (or metrics.k8s.io)
            table = _default_table(ctx, table)
        if not table or not table["rows"] or not _sorted(table["rows"], opts, _row_object):
            continue
        if several:
            for row in table["rows"]:
                row["cells"][0] = outcome.qualified(resource, row["cells"][0])
        first = resource.name not in tables
        tables.setdefault(resource.name, []).extend(
            printers.table_rows(
                table,
                wide=opts.text("output") == "wide",
                namespace_column=everywhere and resource.namespaced,
                show_labels=opts.flag("show-labels"),
                headers=first and not opts.flag("no-headers"),
                label_columns=tuple(
                    k for v in opts.list("label-columns") for k in v.split(",") if k
                ),
            )
        )
    if tables:
        ctx.out.write("\n".join(printers.tabulate(rows) for rows in tables.values()))
    elif not missing and not opts.flag("watch"):  # a watch waits for objects to come
        scoped = namespace and not everywhere and targets[0][0].namespaced
        # kubectl ends only the namespaced sentence with a full stop
        ctx.err.write(
            f"No resources found in {namespace} namespace.\n" if scoped else "No resources found\n"
        )
    if missing:
        raise ExitError("\n".join(missing))


def _print_objects(
    ctx: Context, opts: Parsed, targets: list[tuple[Resource, str]], namespace: str, output: str
) -> None:
    found: list[Object] = []
    single = len(targets) == 1 and targets[0][1] != ""
    missing: list[str] = []
    for target in targets:
        resource, name = target
        body = _fetch(ctx, opts, target, namespace, "", missing)
        if body is None:
            continue
        items = [body] if name else body["items"]
        for item in items:
            item.setdefault("apiVersion", resource.api_version)
            item.setdefault("kind", resource.kind)
        found.extend(items)
    _sorted(found, opts)
    if opts.flag("watch") and len(targets) == 1:  # what a watch prints before the changes
        ctx.out.write(_watch_printed(opts, [(targets[0][0], item) for item in found], output))
    elif output == "name":
        for item in found:
            group = item["apiVersion"].rpartition("/")[0]  # `deployment.apps/web`, `pod/web`
            kind = f"{item['kind'].lower()}.{group}" if group else item["kind"].lower()
            ctx.out.write(f"{kind}/{item['metadata']['name']}\n")
    elif found or not missing:
        document = found[0] if single and found else printers.as_list(found)
        ctx.out.write(_render(opts, document, output))
    if missing:
        raise ExitError("\n".join(missing))


def _sorted(
    items: list[Object], opts: Parsed, obj: Callable[[Object], Object] = lambda item: item
) -> bool:
    """--sort-by: whether the items could be sorted by it (kubectl prints nothing of a
    table it could not sort)."""
    if not opts.text("sort-by"):
        return True
    try:
        sorter.sort(items, opts.text("sort-by"), obj)
    except sorter.SortError:
        return False
    return True


def _row_object(row: Object) -> Object:
    return row.get("object") or {}


def _render(opts: Parsed, document: Object, output: str) -> str:
    template = _printer(opts, output)
    if template is not None:
        return template(document)
    if not opts.flag("show-managed-fields"):
        document = printers.without_managed_fields(document)
    return {"yaml": printers.to_yaml, "kyaml": printers.to_kyaml}.get(output, printers.to_json)(
        document
    )
