"""kubectl patch (-f FILENAME | TYPE NAME) (-p PATCH | --patch-file FILE): send a strategic
merge patch, a JSON merge patch or a JSON patch, and say whether it changed the object.

The patch is sent as typed: a patch that starts with `{` goes as it is (so that a malformed
one is kube-apiserver's to refuse, as it is for the real kubectl), anything else is read as
YAML first. With --dry-run=client or --local the patch is applied here, to the object as
read (or as the file has it)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import yaml

from cluster.engine.api import merge
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import builder, manifests, outcome, resolve
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("patch", "p"),
    Flag("patch-file"),
    Flag("type", default="strategic"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("kustomize", "k"),
    Flag("local", boolean=True),
    Flag("field-manager", default="kubectl-patch"),
    Flag("subresource"),
    outcome.DRY_RUN,
    *outcome.PRINT,
)
TYPES = {"json": merge.JSON_PATCH, "merge": merge.MERGE, "strategic": merge.STRATEGIC}


@dataclasses.dataclass(frozen=True)
class Patch:
    """What the patch decoded to, or kube-apiserver's words for why it does not decode."""

    content_type: str
    value: Any = None
    malformed: str = ""


def run(ctx: Context, opts: Parsed) -> None:
    content_type = _validate(opts)
    outcome.check_output(opts)
    patch = _decode(content_type, _text(ctx, opts), opts.text("patch"))
    problems = Refusals()
    # PrintFlagsWithDryRunStrategy's note is overwritten by patch's own operation
    printing = Parsed({**opts.values, "dry-run": "none"}, opts.args)
    count = 0
    for info in _targets(ctx, opts, problems):
        count += 1
        if opts.flag("local") or outcome.dry_run(opts) == "client":
            patched = _patched_here(info, patch)
        else:
            patched = _patched(ctx, opts, info, patch, problems)
            if patched is None:
                continue
        said = "patched" if patched != info.obj else "patched (no change)"
        outcome.report(ctx, printing, printed_as(info.resource, patched), patched, said)
    if not count and not problems.messages:
        raise ExitError("error: no objects passed to patch")
    problems.raise_if_any()


class Refusals(manifests.Problems):
    """The errors of the objects visited. Several are printed each as StandardErrorMessage
    words it, so that an Invalid refusal is then `Error from server (Invalid): ...`."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: dict[int, Object] = {}

    def refuse(self, status: Object) -> None:
        self.statuses[len(self.messages)] = status
        self.add(server_error(status))

    def raise_if_any(self) -> None:
        if len(self.messages) > 1:
            for at, status in self.statuses.items():
                if status.get("reason") == "Invalid":
                    self.messages[at] = f"Error from server (Invalid): {status.get('message', '')}"
        super().raise_if_any()


def _validate(opts: Parsed) -> str:
    """PatchOptions.Validate; the content type --type names."""
    mode = outcome.dry_run(opts)
    if opts.text("patch") and opts.text("patch-file"):
        raise ExitError("error: cannot specify --patch and --patch-file together")
    if not opts.text("patch") and not opts.text("patch-file"):
        raise ExitError(
            "error: must specify --patch or --patch-file containing the contents of the patch"
        )
    if opts.flag("local") and opts.args:
        raise ExitError("error: cannot specify --local and server resources")
    if opts.flag("local") and mode == "server":
        raise ExitError(
            "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?"
        )
    content_type = TYPES.get(opts.text("type").lower())
    if content_type is None:
        raise ExitError(
            f"error: --type must be one of [json merge strategic], not {json.dumps(opts.text('type'))}"
        )
    return content_type


def _text(ctx: Context, opts: Parsed) -> str:
    path = opts.text("patch-file")
    if not path:
        return opts.text("patch")
    if path not in ctx.files:
        raise ExitError(f"error: unable to read patch file: open {path}: no such file or directory")
    return ctx.files[path]


def _decode(content_type: str, text: str, opts_patch: str) -> Patch:
    """yaml.ToJSON: JSON as it is, YAML converted (its errors quote --patch, which is empty
    for a --patch-file, as the real kubectl's do)."""
    if text.lstrip().startswith("{"):
        try:
            return Patch(content_type, json.loads(text))
        except json.JSONDecodeError as error:
            return Patch(content_type, malformed=go_json_error(text, error))
    try:
        value = manifests.one_document(text)
    except yaml.MarkedYAMLError as error:
        quoted = json.dumps(opts_patch, ensure_ascii=False)
        raise ExitError(
            f"error: unable to parse {quoted}: {manifests._yaml_error(error)}"
        ) from None
    return Patch(content_type, json.loads(json.dumps(value, default=str)))


def go_json_error(text: str, error: json.JSONDecodeError) -> str:
    """encoding/json's words for the malformed patch kube-apiserver was sent."""
    if not text[error.pos :].strip():
        return "unexpected end of JSON input"
    if error.msg == "Extra data":
        return f"invalid character '{text[error.pos]}' after top-level value"
    return manifests._go_json_error(error).partition(": ")[2].partition(": ")[2]


def _targets(ctx: Context, opts: Parsed, problems: manifests.Problems) -> Iterator[builder.Info]:
    """The objects to patch, one at a time as the builder visits them (so that each one's
    errors come in turn): read from the server (their --subresource, if any), or with
    --local from the files as they are."""
    if opts.flag("local"):
        if not opts.list("filename"):
            raise ExitError(builder.NO_RESOURCES)
        # the local builder maps no kinds, so it sets no namespace the file does not give
        local = dataclasses.replace(ctx, namespace="")
        for m in manifests.read(local, opts, problems):
            if m.obj.get("metadata", {}).get("namespace") == "":
                del m.obj["metadata"]["namespace"]
            yield builder.Info(m.resource, m.namespace, m.name, m.obj)
        return
    for info in _read(ctx, opts, problems):
        subresource = opts.text("subresource")
        if not subresource:
            yield info
            continue
        where = (info.resource.name, info.namespace, info.name)
        response = ctx.request("get", *where, subresource=subresource)
        if response.ok:
            yield dataclasses.replace(info, obj=response.body)
        else:
            problems.add(server_error(response.body))


def _read(ctx: Context, opts: Parsed, problems: manifests.Problems) -> Iterator[builder.Info]:
    """The objects named, each read when its turn comes."""
    pairs = resolve.targets(opts.args)
    if opts.list("filename") or not pairs or any(not name for _, name in pairs):
        yield from builder.infos(ctx, opts, opts.args, problems)  # and its refusals
        return
    for resource, name in pairs:
        yield from builder.infos(ctx, opts, [f"{resource.group_resource}/{name}"], problems)


def _patched(
    ctx: Context, opts: Parsed, info: builder.Info, patch: Patch, problems: Refusals
) -> Object | None:
    """The object as kube-apiserver patched it, or None with its refusal in `problems`."""
    if patch.malformed:
        problems.add(f"Error from server (BadRequest): {patch.malformed}")
        return None
    response = ctx.request(
        "patch",
        info.resource.name,
        info.namespace,
        info.name,
        subresource=opts.text("subresource"),
        body=patch.value,
        content_type=patch.content_type,
        query=outcome.write_query(opts, outcome.dry_run(opts)),
    )
    if response.ok:
        return response.body
    if response.code == 415:
        kind = f"{info.resource.api_version}, Kind={info.resource.kind}"
        message = server_error(response.body)
        problems.add(f"error: {patch.content_type} is not supported by {kind}: {message}")
    else:
        problems.refuse(response.body)
    return None


def _patched_here(info: builder.Info, patch: Patch) -> Object:
    """getPatchedJSON: the patch applied to the object as read."""
    if patch.malformed:
        raise ExitError(f"error: {patch.malformed}")
    try:
        return merge.apply_patch(merge.json_copy(info.obj), patch.value, patch.content_type)
    except merge.PatchError as error:
        raise ExitError(f"error: {error}") from None


def printed_as(resource: Resource, obj: Object) -> Resource:
    """The kind the printers name: a subresource's own (`scale.autoscaling/web`)."""
    group, _, version = str(obj.get("apiVersion", "")).rpartition("/")
    kind = str(obj.get("kind", "")) or resource.kind
    if (group, kind) == (resource.group, resource.kind):
        return resource
    return dataclasses.replace(resource, kind=kind, group=group, version=version)
