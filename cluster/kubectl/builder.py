"""The objects a command acts on, found as kubectl's resource builder finds them: from -f,
`TYPE NAME...`, `TYPE/NAME...`, or a type with a label selector or --all; each fetched
from the server as it is now."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver.request import Response
from cluster.kubectl import manifests, resolve
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Parsed

NO_RESOURCES = (
    "error: You must provide one or more resources by argument or filename.\n"
    "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
    "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
)


@dataclass
class Info:
    resource: Resource
    namespace: str
    name: str
    obj: Object
    source: str = ""  # the file that named it

    @property
    def object_name(self) -> str:
        """Info.ObjectName: `deployments/web`."""
        return f"{self.resource.name}/{self.name}"


def infos(
    ctx: Context,
    opts: Parsed,
    args: list[str],
    problems: manifests.Problems | None = None,
    *,
    allow_empty_selector: bool = False,
) -> list[Info]:
    """Every object named by `args` (or -f, -l, --all), as the server has it. A missing
    one's NotFound goes to `problems` while the others go on (ContinueOnError), or, when
    there is nothing to gather it, ends the command. With `allow_empty_selector`, a type
    alone names all its objects."""
    found: list[Info] = []
    missing: list[str] = []
    if opts.list("filename"):
        for manifest in manifests.read(ctx, opts, problems):
            response = ctx.request("get", manifest.resource.name, manifest.namespace, manifest.name)
            if response.ok:
                found.append(_info(manifest.resource, response.body, manifest.source))
            else:
                missing.append(server_error(response.body))
        return _gathered(found, missing, problems)
    pairs = resolve.targets(args)
    if not pairs:
        raise ExitError(NO_RESOURCES)
    selecting = opts.flag("all") or bool(opts.text("selector")) or allow_empty_selector
    if any(not name for _, name in pairs) and not selecting:
        raise ExitError("error: resource(s) were provided, but no name was specified")
    everywhere = opts.flag("all-namespaces")
    for resource, name in pairs:
        namespace = "" if everywhere or not resource.namespaced else ctx.namespace
        if name:
            response = ctx.request("get", resource.name, namespace, name)
            if response.ok:
                found.append(_info(resource, response.body))
            else:
                missing.append(server_error(response.body))
            continue
        query = {"labelSelector": opts.text("selector")} if opts.text("selector") else {}
        for item in ctx.call("list", resource.name, namespace, query=query)["items"]:
            found.append(_info(resource, item))
    return _gathered(found, missing, problems)


def local_infos(ctx: Context, opts: Parsed) -> list[Info]:
    """--local: the objects of the -f files as they are written, none fetched."""
    if not opts.list("filename"):
        raise ExitError(NO_RESOURCES)
    return [
        Info(m.resource, m.namespace, m.name, m.obj, m.source) for m in manifests.read(ctx, opts)
    ]


def unable_to_list(status: Object, resource: Resource, labels: str, fields: str = "") -> Object:
    """The resource builder's Selector says what it could not list, in kubectl's words."""
    gvr = f'"{resource.group}/{resource.version}, Resource={resource.name}"'
    if labels or fields:
        what = (
            f'Unable to find {gvr} that match label selector "{labels}", field selector "{fields}"'
        )
    else:
        what = f"Unable to list {gvr}"
    return {**status, "message": f"{what}: {status.get('message', '')}"}


NAME_EVERYWHERE = "error: a resource cannot be retrieved by name across all namespaces"


def refuse_names_everywhere(targets: list[tuple[Resource, str]], everywhere: bool) -> None:
    """visitByName: a namespaced object cannot be named across all namespaces."""
    if everywhere and any(name and resource.namespaced for resource, name in targets):
        raise ExitError(NAME_EVERYWHERE)


def get(
    ctx: Context,
    resource: Resource,
    namespace: str,
    name: str,
    query: dict | None = None,
    subresource: str = "",
) -> Response:
    """Info.Get: the object (or its subresource); when it is not found in a namespace other
    than default, the namespace's own NotFound if the namespace is missing too."""
    request_name = resources.request_name(resource)
    response = ctx.request(
        "get", request_name, namespace, name, query=query or {}, subresource=subresource
    )
    if response.code == 404 and namespace not in ("", "default"):
        missing = ctx.request("get", "namespaces", "", namespace)
        if missing.code == 404:
            return missing
    return response


def _gathered(
    found: list[Info], missing: list[str], problems: manifests.Problems | None
) -> list[Info]:
    """The objects found; the errors of those missing to `problems`, or the end."""
    if problems is not None:
        for message in missing:
            problems.add(message)
    elif missing:
        raise ExitError("\n".join(missing))
    return found


def _info(resource: Resource, obj: Object, source: str = "") -> Info:
    obj.setdefault("apiVersion", resource.api_version)
    obj.setdefault("kind", resource.kind)
    meta = obj["metadata"]
    return Info(resource, meta.get("namespace", ""), meta["name"], obj, source)
