"""kubectl get: tables from the server, or objects as YAML, JSON or names."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import printers, resolve
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("output", "o"),
    Flag("all-namespaces", "A", boolean=True),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("show-labels", boolean=True),
    Flag("no-headers", boolean=True),
    Flag("ignore-not-found", boolean=True),
)
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
OUTPUTS = ("", "wide", "yaml", "json", "name")


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args:
        raise ExitError(
            'You must specify the type of resource to get. Use "kubectl api-resources" for a '
            "complete list of supported resources.\n\nerror: Required resource not specified.\n"
            'Use "kubectl explain <resource>" for a detailed description of that resource '
            "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples"
        )
    output = opts.text("output")
    if output not in OUTPUTS:
        raise ExitError(
            f"error: unable to match a printer suitable for the output format "
            f'"{output}", allowed formats are: json,name,wide,yaml'
        )
    targets = resolve.targets(opts.args)
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere else ctx.namespace
    if output in ("", "wide"):
        _print_tables(ctx, opts, targets, namespace, everywhere)
    else:
        _print_objects(ctx, opts, targets, namespace, output)


def _query(opts: Parsed, accept: str = "") -> dict[str, str]:
    query = {"accept": accept} if accept else {}
    for flag, param in (("selector", "labelSelector"), ("field-selector", "fieldSelector")):
        if opts.text(flag):
            query[param] = opts.text(flag)
    return query


def _print_tables(
    ctx: Context,
    opts: Parsed,
    targets: list[tuple[Resource, str]],
    namespace: str,
    everywhere: bool,
) -> None:
    rows: list[list[str]] = []
    printed_any = False
    missing: list[str] = []
    several = len({resource.name for resource, _ in targets}) > 1
    for resource, name in targets:
        ns = namespace if resource.namespaced else ""
        response = ctx.request(
            "get" if name else "list", resource.name, ns, name, query=_query(opts, TABLE)
        )
        if not response.ok:
            if response.code == 404 and name:
                if not opts.flag("ignore-not-found"):
                    missing.append(server_error(response.body))
                continue
            raise ExitError(server_error(response.body))
        table = response.body
        if not table["rows"]:
            continue
        if several:
            for row in table["rows"]:
                row["cells"][0] = f"{resource.singular_name}/{row['cells'][0]}"
        chunk = printers.table_rows(
            table,
            wide=opts.text("output") == "wide",
            namespace_column=everywhere and resource.namespaced,
            show_labels=opts.flag("show-labels"),
            headers=not opts.flag("no-headers") and not (rows and not several),
        )
        if rows and several:
            rows.append([])
        rows.extend(chunk)
        printed_any = True
    if rows:
        ctx.out.write(_tabulate_blocks(rows))
    if not printed_any and not missing:
        where = (
            ""
            if everywhere or not namespace or not targets[0][0].namespaced
            else (f" in {namespace} namespace")
        )
        ctx.err.write(f"No resources found{where}.\n")
    if missing:
        raise ExitError("\n".join(missing))


def _tabulate_blocks(rows: list[list[str]]) -> str:
    """Each resource type is its own table, separated by a blank line."""
    blocks, current = [], []
    for row in rows:
        if not row:
            blocks.append(current)
            current = []
        else:
            current.append(row)
    blocks.append(current)
    return "\n".join(printers.tabulate(block) for block in blocks)


def _print_objects(
    ctx: Context, opts: Parsed, targets: list[tuple[Resource, str]], namespace: str, output: str
) -> None:
    found: list[Object] = []
    single = len(targets) == 1 and targets[0][1] != ""
    missing: list[str] = []
    for resource, name in targets:
        ns = namespace if resource.namespaced else ""
        response = ctx.request(
            "get" if name else "list", resource.name, ns, name, query=_query(opts)
        )
        if not response.ok:
            if response.code == 404 and name:
                if not opts.flag("ignore-not-found"):
                    missing.append(server_error(response.body))
                continue
            raise ExitError(server_error(response.body))
        items = [response.body] if name else response.body["items"]
        for item in items:
            item.setdefault("apiVersion", resource.api_version)
            item.setdefault("kind", resource.kind)
        found.extend(items)
    if output == "name":
        for item in found:
            ctx.out.write(f"{item['kind'].lower()}/{item['metadata']['name']}\n")
    elif found or not missing:
        document = found[0] if single and found else printers.as_list(found)
        ctx.out.write(
            printers.to_yaml(document) if output == "yaml" else printers.to_json(document)
        )
    if missing:
        raise ExitError("\n".join(missing))
