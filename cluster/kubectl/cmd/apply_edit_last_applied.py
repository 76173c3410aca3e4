"""kubectl apply edit-last-applied TYPE NAME: edit the last-applied-configuration annotations
of objects.

As `kubectl edit`, the built-in kubectl has no editor to launch. Without input it answers as
kubectl does when none can be started. Given on standard input what the editor would have
saved (the configurations, YAML or JSON, as a List or documents in order), it does what
kubectl does once the editor exits (ApplyEditMode): say so when nothing changed, else set
each object's annotation to its edited configuration by a JSON merge patch and print
`KIND/NAME edited` (`skipped` for one left as it was), or with -o the configuration."""

from __future__ import annotations

import json

from cluster.engine.api.merge import MERGE
from cluster.engine.api.meta import Object
from cluster.kubectl import builder, outcome, threeway
from cluster.kubectl.cmd import edit
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    *outcome.PRINT,
    Flag("windows-line-endings", boolean=True),
    Flag("validate", default="strict"),
    Flag("field-manager", default="kubectl-client-side-apply"),
)
EDIT_FORMATS = ("", "json", "kyaml", "yaml")  # the editor's; none is YAML
NONE_FOUND = (
    "error: no last-applied-configuration annotation found on resources, to create the "
    "annotation, use command `kubectl apply set-last-applied --create-annotation`"
)


def run(ctx: Context, opts: Parsed) -> None:
    configured = [
        (info, json.loads(text))
        for info in builder.infos(ctx, opts, opts.args)
        if (text := threeway.last_applied(info.obj)) is not None
    ]
    if not configured:
        raise ExitError(NONE_FOUND)
    if opts.text("output") not in EDIT_FORMATS:  # what the editor would be given
        raise ExitError(
            "error: unable to match a printer suitable for the output format "
            f'"{opts.text("output")}", allowed formats are: json,kyaml,yaml'
        )
    edited = edit.saved(ctx)
    if edited == [configuration for _, configuration in configured]:
        ctx.err.write(edit.CANCELLED)
        return
    if not edited:
        ctx.err.write("Edit cancelled, saved file was empty.\n")
        return
    for new in edited:
        _set(ctx, opts, configured, new)


def _set(
    ctx: Context, opts: Parsed, configured: list[tuple[builder.Info, Object]], new: Object
) -> None:
    """visitToApplyEditPatch: the edited configuration's original is the first with its uid
    (a configuration seldom holds one); unchanged, it is skipped, else it becomes the live
    object's annotation."""
    uid = (new.get("metadata") or {}).get("uid")
    info, original = next(
        ((i, c) for i, c in configured if (c.get("metadata") or {}).get("uid") == uid),
        (None, None),
    )
    if info is None:
        raise ExitError(f"error: no original object found for {new!r}")
    if new == original:
        outcome.report(ctx, opts, info.resource, new, "skipped")
        return
    name = (new.get("metadata") or {}).get("name") or info.name
    patch = {"metadata": {"annotations": {threeway.ANNOTATION: threeway.go_json(new)}}}
    response = ctx.request(
        "patch",
        info.resource.name,
        info.namespace,
        name,
        body=patch,
        content_type=MERGE,
        query=outcome.write_query(opts, "none"),
    )
    if not response.ok:
        raise ExitError(server_error(response.body))
    outcome.report(ctx, opts, info.resource, new, "edited")
