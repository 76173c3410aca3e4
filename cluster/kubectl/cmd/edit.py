"""kubectl edit TYPE NAME.

A browser has no terminal editor to launch. Without input, the built-in kubectl answers as
kubectl does when no editor can be started. Given on standard input what the editor would
have saved (YAML or JSON, `#` comments ignored; several objects as a List or as documents in
the order they were named), it does what kubectl does once the editor exits: refuse a
changed kind or name, say so when nothing changed, or send the difference as a strategic
merge patch and print `KIND/NAME edited`."""

from __future__ import annotations

from cluster.engine.api.merge import STRATEGIC
from cluster.kubectl import builder, manifests, outcome, printers, threeway
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("selector", "l"),
    Flag("all", boolean=True),
    *outcome.PRINT,
    Flag("output-patch", boolean=True),
    Flag("windows-line-endings", boolean=True),
    Flag("save-config", boolean=True),
    Flag("validate", default="strict"),
    Flag("field-manager", default="kubectl-edit"),
    Flag("subresource"),
)
EDITOR = "vi"  # what kubectl launches when neither KUBE_EDITOR nor EDITOR is set
CANCELLED = "Edit cancelled, no changes made.\n"


def run(ctx: Context, opts: Parsed) -> None:
    found = builder.infos(ctx, opts, opts.args)
    if not found:
        raise ExitError("error: no objects passed to edit")
    edited = saved(ctx)
    if not edited:
        ctx.err.write(CANCELLED)
        return
    if len(edited) != len(found):
        raise ExitError("error: the edited file must hold every object being edited, in order")
    for info, new in zip(found, edited, strict=True):
        _edit(ctx, opts, info, new)


def saved(ctx: Context) -> list[dict]:
    """What the editor saved: the objects of standard input, Lists flattened; with no input,
    kubectl's words when it cannot start an editor."""
    if not ctx.stdin.strip():
        raise ExitError(f'error: unable to launch the editor "{EDITOR}"')
    return [
        item
        for doc in manifests.documents(ctx.stdin, "edited file")
        for item in manifests.flatten(doc)
    ]


def _edit(ctx: Context, opts: Parsed, info: builder.Info, new: dict) -> None:
    old = printers.without_managed_fields(info.obj)  # as the editor showed it
    for field in ("apiVersion", "kind"):
        if new.get(field) != old.get(field):
            raise ExitError("error: At least one of apiVersion, kind and name was changed")
    if (new.get("metadata") or {}).get("name") != info.name:
        raise ExitError("error: At least one of apiVersion, kind and name was changed")
    patch = threeway.two_way(old, new)
    if not patch:
        ctx.err.write(CANCELLED)
        return
    response = ctx.request(
        "patch",
        info.resource.name,
        info.namespace,
        info.name,
        body=patch,
        content_type=STRATEGIC,
        query=outcome.write_query(opts, "none"),
    )
    if not response.ok:
        raise ExitError(server_error(response.body))
    outcome.report(ctx, opts, info.resource, response.body, "edited")
