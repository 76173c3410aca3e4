"""kubectl apply set-last-applied -f: set the last-applied-configuration annotation of live
objects to the contents of files, by a JSON merge patch, without changing anything else."""

from __future__ import annotations

import json

from cluster.engine.api.merge import MERGE
from cluster.engine.api.meta import Object
from cluster.kubectl import builder, manifests, outcome, threeway
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed
from cluster.kubectl.manifests import Manifest

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("create-annotation", boolean=True),
    outcome.DRY_RUN,
    *outcome.PRINT,
)


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.list("filename"):
        raise ExitError(builder.NO_RESOURCES)
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    changed = []
    for manifest in manifests.read(ctx, opts):  # all are checked before any is changed
        patch = _patch(ctx, opts, manifest)
        if patch is None:
            ctx.out.write(f"set-last-applied {manifest.name}: no changes required.\n")
        else:
            changed.append(patch)
    for info, patch in changed:
        obj = info.obj
        if mode != "client":
            response = ctx.request(
                "patch",
                info.resource.name,
                info.namespace,
                info.name,
                body=patch,
                content_type=MERGE,
                query=outcome.dry_run_query(mode),
            )
            if not response.ok:
                raise ExitError(server_error(response.body))
            obj = response.body
        outcome.report(ctx, opts, info.resource, obj, "configured")


def _patch(ctx: Context, opts: Parsed, manifest: Manifest) -> tuple[builder.Info, Object] | None:
    """GetApplyPatch: the live object and the merge patch that sets its annotation to the
    file's object; None when it holds that already."""
    obj = manifest.obj
    if manifest.resource.namespaced:
        obj.setdefault("metadata", {}).setdefault("namespace", manifest.namespace)
    response = builder.get(ctx, manifest.resource, manifest.namespace, manifest.name)
    if not response.ok:
        raise ExitError(server_error(response.body))
    live = builder.Info(manifest.resource, manifest.namespace, manifest.name, response.body)
    original = threeway.last_applied(live.obj)
    if original is None and not opts.flag("create-annotation"):
        raise ExitError(
            f"error: no last-applied-configuration annotation found on resource: "
            f"{manifest.name}, to create the annotation, run the command with "
            "--create-annotation"
        )
    text = threeway.go_json(obj)
    if original is not None and _same_json(original, text):
        return None
    return live, {"metadata": {"annotations": {threeway.ANNOTATION: text}}}


def _same_json(a: str, b: str) -> bool:
    """StripComments compares the two as JSON."""
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return a == b
