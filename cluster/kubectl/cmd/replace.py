"""kubectl replace -f FILENAME: put each object of the files in place of the server's (an
update at its resourceVersion, read first when the file has none); with --force, delete
them and create them anew.

Between the deletion and the creation the real kubectl waits for each object to be gone
(with --wait, or --grace-period=0, first as kubectl delete waits). The built-in kubectl
answers at once: an object that takes time to go (a pod in its grace period) is still there
when it is created again, and the server says so. The dashboard's terminal runs the halves
itself (`check`, `delete_old`, then `put`), waiting between them on the cluster's watches."""

from __future__ import annotations

from cluster.kubectl import flags, manifests, outcome
from cluster.kubectl.cmd import delete, patch, wait
from cluster.kubectl.cmd.create.common import save_config
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("kustomize", "k"),
    Flag("force", boolean=True),
    Flag("grace-period", default="-1"),
    Flag("cascade", default="background"),
    Flag("timeout", default="0s"),
    Flag("wait", boolean=True),
    Flag("save-config", boolean=True),
    Flag("validate", default="strict"),
    Flag("field-manager", default="kubectl-replace"),
    Flag("subresource"),
    Flag("raw"),
    outcome.DRY_RUN,
    *outcome.PRINT,
)


def run(ctx: Context, opts: Parsed) -> None:
    mode = check(opts)
    if opts.flag("force"):
        delete_old(ctx, opts)
    put(ctx, opts, mode)


def check(opts: Parsed) -> str:
    """The flags checked as kubectl checks them before it runs; the dry-run mode."""
    grace = flags.integer(opts, "grace-period", "replace")  # pflag reads numbers first
    seconds = wait.timeout(opts, "replace")
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    if not opts.list("filename"):
        raise ExitError("error: must specify one of -f and -k")
    _validate(opts, mode, grace, seconds)
    return mode


def waits_for_deletion(opts: Parsed) -> bool:
    """Whether --force deletes as kubectl delete --wait does: asked to, or with
    --grace-period=0 (which kubectl turns into 1 and a wait)."""
    return opts.flag("wait") or flags.integer(opts, "grace-period", "replace") == 0


def put(ctx: Context, opts: Parsed, mode: str) -> None:
    """Replace (with --force, create) each object of the files, printing each."""
    problems = manifests.Problems()
    replaced = 0
    for manifest in manifests.read_in_order(ctx, opts):
        if isinstance(manifest, str):
            problems.add(manifest)
            continue
        if _replace(ctx, opts, manifest, mode, problems):
            replaced += 1
    if opts.flag("force") and not replaced and not problems.messages:
        raise ExitError("error: no objects passed to replace")
    problems.raise_if_any()


def _validate(opts: Parsed, mode: str, grace: int, seconds: float) -> None:
    """ReplaceOptions.Validate: the deletion's flags only with --force, which is no dry run."""
    if not opts.flag("force"):
        if grace >= 0:
            raise ExitError("error: --grace-period must have --force specified")
        if seconds:
            raise ExitError("error: --timeout must have --force specified")
    elif mode != "none":
        raise ExitError("error: --dry-run can not be used when --force is set")


def delete_old(ctx: Context, opts: Parsed) -> None:
    """--force's first half: kubectl delete of the same files, a missing object no error."""
    names = ("filename", "recursive", "grace-period", "cascade", "timeout", "output")
    values = {name: opts.get(name) for name in names if opts.get(name) is not None}
    delete.run(ctx, Parsed({**values, "ignore-not-found": True, "dry-run": "none"}))


def _replace(
    ctx: Context,
    opts: Parsed,
    manifest: manifests.Manifest,
    mode: str,
    problems: manifests.Problems,
) -> bool:
    """Replace (or with --force create) one object and print it; False when refused."""
    obj = save_config(manifest.obj) if opts.flag("save-config") else manifest.obj
    if mode == "client":
        outcome.report(ctx, opts, manifest.resource, obj, "replaced")
        return True
    where = (manifest.resource.name, manifest.namespace)
    query = outcome.write_query(opts, mode)
    if opts.flag("force"):
        response = ctx.request("create", *where, body=obj, query=query)
    else:
        meta = obj.setdefault("metadata", {})
        if not meta.get("resourceVersion"):  # Helper.Replace with overwrite: the server's
            current = ctx.request("get", *where, manifest.name)
            if not current.ok:
                problems.add(outcome.with_source(current.body, "replacing", manifest.source))
                return False
            meta["resourceVersion"] = current.body["metadata"].get("resourceVersion", "")
        subresource = opts.text("subresource")
        response = ctx.request(
            "update", *where, manifest.name, subresource=subresource, body=obj, query=query
        )
    if not response.ok:  # forceReplace's creation says not which file it was
        forced = opts.flag("force")
        problems.add(
            server_error(response.body)
            if forced
            else outcome.with_source(response.body, "replacing", manifest.source)
        )
        return False
    shown = patch.printed_as(manifest.resource, response.body)
    outcome.report(ctx, opts, shown, response.body, "replaced")
    return True
