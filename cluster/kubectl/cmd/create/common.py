"""What every `kubectl create` generator shares: its flags, the one NAME it takes, and
sending (or, with --dry-run=client, only printing) the object it built."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import outcome, threeway
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

COMMON = (
    outcome.DRY_RUN,
    *outcome.PRINT,
    Flag("save-config", boolean=True),
    Flag("validate", default="strict"),
    Flag("field-manager", default="kubectl-create"),
)


def name(opts: Parsed, command: str) -> str:
    """NameFromCommandArgs: exactly one NAME before any `--`."""
    if len(opts.args) != 1:
        raise ExitError(
            f"error: exactly one NAME is required, got {len(opts.args)}\n"
            f"See 'kubectl {command} -h' for help and examples"
        )
    return opts.args[0]


def save_config(obj: Object, typed: bool = False) -> Object:
    """--save-config: the object as given (or as a generator built it: `typed`) becomes
    its last-applied configuration."""
    return threeway.with_last_applied(obj, typed)


def submit(ctx: Context, opts: Parsed, resource: Resource, obj: Object, failed: str = "") -> None:
    """Create the generated object (or only print it, for --dry-run=client); `failed` is
    what the generator puts before the server's message when it refuses (none: kubectl's
    usual `Error from server`)."""
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    if resource.namespaced and opts.text("namespace"):  # EnforceNamespace
        obj["metadata"]["namespace"] = opts.text("namespace")
    if opts.flag("save-config"):
        obj = save_config(obj, typed=True)
    if mode == "client":
        outcome.report(ctx, opts, resource, obj, "created", typed=True)
        return
    namespace = ctx.namespace if resource.namespaced else ""
    response = ctx.request(
        "create", resource.name, namespace, body=obj, query=outcome.write_query(opts, mode)
    )
    if not response.ok:
        if failed:
            raise ExitError(f"error: {failed}{response.body.get('message', '')}")
        raise ExitError(server_error(response.body))
    outcome.report(ctx, opts, resource, response.body, "created", typed=True)


def fresh_meta(name: str, **extra: object) -> Object:
    """ObjectMeta as generators set it (a zero creationTimestamp is left out)."""
    return {**extra, "name": name}
