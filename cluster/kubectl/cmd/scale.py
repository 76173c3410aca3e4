"""kubectl scale TYPE NAME --replicas=N [--current-replicas=M]: through the scale
subresource, a merge patch of spec.replicas (or, with a precondition, a read and an update
at the resourceVersion read)."""

from __future__ import annotations

from cluster.engine.api.merge import MERGE
from cluster.kubectl import builder, flags, manifests, outcome
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("replicas"),
    Flag("current-replicas", default="-1"),
    Flag("resource-version"),
    Flag("all", boolean=True),
    Flag("selector", "l"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("timeout", default="0s"),
    outcome.DRY_RUN,
    *outcome.PRINT,
)


def run(ctx: Context, opts: Parsed) -> None:
    if opts.get("replicas") is None:
        raise ExitError('error: required flag(s) "replicas" not set')
    replicas = flags.integer(opts, "replicas", "scale")
    current = flags.integer(opts, "current-replicas", "scale")
    if replicas < 0:
        raise ExitError(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"
        )
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    problems = manifests.Problems()
    found = builder.infos(ctx, opts, opts.args, problems)
    if not found and not problems.messages:
        raise ExitError("error: no objects passed to scale")
    if len(found) > 1 and opts.text("resource-version"):
        raise ExitError("error: cannot use --resource-version with multiple resources")
    for info in found:
        if mode != "client":
            _scale(ctx, info, replicas, current, opts.text("resource-version"), mode)
        outcome.report(ctx, opts, info.resource, info.obj, "scaled")
    problems.raise_if_any()


def _scale(
    ctx: Context, info: builder.Info, replicas: int, current: int, version: str, mode: str
) -> None:
    query = outcome.dry_run_query(mode)
    where = (info.resource.name, info.namespace, info.name)
    if current < 0 and not version:
        response = ctx.request(
            "patch",
            *where,
            subresource="scale",
            body={"spec": {"replicas": replicas}},
            content_type=MERGE,
            query=query,
        )
        if not response.ok:
            raise ExitError(server_error(response.body))
        return
    scale = ctx.request("get", *where, subresource="scale")
    if not scale.ok:
        raise ExitError(server_error(scale.body))
    had = (scale.body.get("spec") or {}).get("replicas", 0)
    if current >= 0 and had != current:
        raise ExitError(f"error: Expected replicas to be {current}, was {had}")
    body = scale.body
    body["spec"] = {**(body.get("spec") or {}), "replicas": replicas}
    if version:
        body["metadata"]["resourceVersion"] = version
    response = ctx.request("update", *where, subresource="scale", body=body, query=query)
    if not response.ok:
        raise ExitError(server_error(response.body))
