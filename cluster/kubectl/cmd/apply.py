"""kubectl apply -f: client-side apply (or, with --server-side, an apply patch). A new object is created carrying its
last-applied-configuration; an existing one gets the three-way strategic merge patch
between that annotation, the manifest and the live object ("unchanged" when it is empty)."""

from __future__ import annotations

import json

from cluster.engine.api.merge import APPLY, STRATEGIC
from cluster.engine.api.meta import Object
from cluster.kubectl import manifests, outcome, threeway
from cluster.kubectl.cmd import (
    apply_edit_last_applied,
    apply_set_last_applied,
    apply_view_last_applied,
)
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed
from cluster.kubectl.manifests import Manifest

CLIENT_SIDE_MANAGER = "kubectl-client-side-apply"
CONFLICTS = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""
FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    outcome.DRY_RUN,
    *outcome.PRINT,
    Flag("validate", default="strict"),
    Flag("force", boolean=True),
    Flag("overwrite", boolean=True, default=True),
    Flag("field-manager", default=CLIENT_SIDE_MANAGER),
    Flag("server-side", boolean=True),
    Flag("force-conflicts", boolean=True),
    Flag("selector", "l"),
)
SUBCOMMANDS = {
    "edit-last-applied": apply_edit_last_applied,
    "set-last-applied": apply_set_last_applied,
    "view-last-applied": apply_view_last_applied,
}
MISSING_ANNOTATION = (
    "Warning: resource {resource}/{name} is missing the {annotation} annotation which is "
    "required by kubectl apply. kubectl apply should only be used on resources created "
    "declaratively by either kubectl create --save-config or kubectl apply. The missing "
    "annotation will be patched automatically.\n"
)


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.list("filename"):
        raise ExitError(
            "error: must specify one of -f and -k\nSee 'kubectl apply -h' for help and examples"
        )
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    problems = manifests.Problems()
    found = manifests.read(ctx, opts, problems)
    if not found and not problems.messages:
        raise ExitError("error: no objects passed to apply")
    for manifest in found:
        apply = _server_side if opts.flag("server-side") else _apply
        message = apply(ctx, opts, manifest, mode)
        if message:
            problems.add(message)
    problems.raise_if_any()


def _apply(ctx: Context, opts: Parsed, manifest: Manifest, mode: str) -> str:
    """Apply one object; a failure comes back as its message."""
    resource = manifest.resource
    if not manifest.name:
        return _retrieving(manifest, "resource name may not be empty")
    modified = threeway.with_last_applied(manifest.obj)
    query = outcome.write_query(opts, mode)
    response = ctx.request("get", resource.name, manifest.namespace, manifest.name)
    if response.code == 404:
        if mode != "client":
            response = ctx.request(
                "create", resource.name, manifest.namespace, body=modified, query=query
            )
            if not response.ok:
                return outcome.with_source(response.body, "creating", manifest.source)
            modified = response.body
        outcome.report(ctx, opts, resource, modified, "created")
        return ""
    if not response.ok:
        return _retrieving(manifest, response.body.get("message", ""))
    current: Object = response.body
    original = threeway.last_applied(current)
    if original is None:
        ctx.err.write(
            MISSING_ANNOTATION.format(
                resource=resource.name, name=manifest.name, annotation=threeway.ANNOTATION
            )
        )
    change = threeway.patch(decoded(original), modified, current)
    if not change:
        outcome.report(ctx, opts, resource, current, "unchanged")
        return ""
    if mode != "client":
        response = ctx.request(
            "patch",
            resource.name,
            manifest.namespace,
            manifest.name,
            body=change,
            content_type=STRATEGIC,
            query=query,
        )
        if not response.ok:
            return _patch_failed(manifest, change, response.body)
        current = response.body
    outcome.report(ctx, opts, resource, current, "configured")
    return ""


def _server_side(ctx: Context, opts: Parsed, manifest: Manifest, mode: str) -> str:
    """--server-side: the manifest as an apply patch; the field manager does the merging."""
    if mode == "client":
        outcome.report(ctx, opts, manifest.resource, manifest.obj, "serverside-applied")
        return ""
    manager = opts.text("field-manager")
    query = {
        "fieldManager": "kubectl" if manager == CLIENT_SIDE_MANAGER else manager,
        "force": "true" if opts.flag("force-conflicts") else "false",
        **outcome.dry_run_query(mode),
    }
    response = ctx.request(
        "patch",
        manifest.resource.name,
        manifest.namespace,
        manifest.name,
        body=manifest.obj,
        content_type=APPLY,
        query=query,
    )
    if response.code == 409 and response.body.get("reason") == "Conflict":
        return f"error: {response.body.get('message', '')}\n{CONFLICTS}"
    if not response.ok:
        return server_error(response.body)
    outcome.report(ctx, opts, manifest.resource, response.body, "serverside-applied")
    return ""


def decoded(original: str | None) -> Object:
    """The last-applied configuration ({} when there is none, or it is no JSON object)."""
    try:
        found = json.loads(original) if original else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _info(manifest: Manifest) -> str:
    """resource.Info's String(): its mapping, then its name and namespace."""
    resource = manifest.resource
    return (
        f'Resource: "{resource.group}/{resource.version}, Resource={resource.name}", '
        f'GroupVersionKind: "{resource.group}/{resource.version}, Kind={resource.kind}"\n'
        f'Name: "{manifest.name}", Namespace: "{manifest.namespace}"'
    )


def _retrieving(manifest: Manifest, why: str) -> str:
    return (
        f"error: error when retrieving current configuration of:\n{_info(manifest)}\n"
        f'from server for: "{manifest.source}": {why}'
    )


def _patch_failed(manifest: Manifest, change: Object, status: Object) -> str:
    if status.get("reason") == "Invalid":
        return server_error(status)
    verb = f"applying patch:\n{threeway.go_json(change).rstrip()}\nto:\n{_info(manifest)}\nfor:"
    return outcome.with_source(status, verb, manifest.source)
