"""kubectl run: create a pod from an image."""

from __future__ import annotations

import json

from cluster.engine.api.meta import Object
from cluster.kubectl import outcome, printers, structorder
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("image"),
    Flag("restart", default="Always"),
    Flag("labels", "l"),
    Flag("env", repeated=True),
    Flag("port"),
    Flag("command", boolean=True),
    Flag("dry-run", default="none"),
    *outcome.PRINT,
    Flag("image-pull-policy"),
    Flag("stdin", "i", boolean=True),
    Flag("tty", "t", boolean=True),
    Flag("attach", boolean=True),
    Flag("rm", boolean=True),
    Flag("leave-stdin-open", boolean=True),
    Flag("quiet", "q", boolean=True),
    Flag("pod-running-timeout", default="1m0s"),
)
RESTART_POLICIES = ("Always", "OnFailure", "Never")
NO_TERMINAL = (
    "error: kubectl {} to the container: run it in the dashboard's terminal, or with the "
    "real kubectl"
)


def run(ctx: Context, opts: Parsed) -> None:
    validate(opts)
    if attaches(opts):  # this kubectl answers once: it has no terminal to attach
        raise ExitError(NO_TERMINAL.format("run --attach, -i and -t attach"))
    pod = build_pod(opts.args[0], opts, opts.args[1:] + opts.after_dash)
    dry_run = opts.text("dry-run")
    if dry_run == "client":
        _print(ctx, opts, pod, "created (dry run)")
        return
    query = {"dryRun": "All"} if dry_run == "server" else {}
    created = ctx.call("create", "pods", ctx.namespace, body=pod, query=query)
    suffix = " (server dry run)" if dry_run == "server" else ""
    _print(ctx, opts, created, f"created{suffix}")


def env_vars(opts: Parsed) -> list[Object]:
    """--env NAME=VALUE, as EnvVars."""
    return [dict(zip(("name", "value"), e.split("=", 1), strict=False)) for e in opts.list("env")]


def validate(opts: Parsed) -> None:
    """RunOptions.Validate, with kubectl's words."""
    if not opts.args:
        raise ExitError(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples"
        )
    if not opts.text("image"):
        raise ExitError('error: required flag(s) "image" not set')
    restart = opts.text("restart")
    if restart not in RESTART_POLICIES:
        raise ExitError(f"error: invalid restart policy: {restart}")
    if opts.flag("tty") and not opts.flag("stdin"):
        raise ExitError("error: -i/--stdin is required for containers with -t/--tty=true")
    if opts.flag("rm") and not attaches(opts):
        raise ExitError("error: --rm should only be used for attached containers")
    if attaches(opts) and opts.text("dry-run") != "none":
        raise ExitError(
            "error: --dry-run=[server|client] can't be used with attached containers options "
            "(--attach, --stdin, or --tty)"
        )


def attaches(opts: Parsed) -> bool:
    """--attach, which -i implies unless --attach is given."""
    return opts.flag("attach") if opts.get("attach") is not None else opts.flag("stdin")


def build_pod(name: str, opts: Parsed, args: list[str]) -> Object:
    """The object kubectl run sends, field for field."""
    labels = dict(part.split("=", 1) for part in opts.text("labels").split(",") if "=" in part)
    container: Object = {"image": opts.text("image"), "name": name, "resources": {}}
    if args:
        container["command" if opts.flag("command") else "args"] = args
    if opts.list("env"):
        container["env"] = env_vars(opts)
    if opts.text("port"):
        container["ports"] = [{"containerPort": int(opts.text("port"))}]
    if opts.text("image-pull-policy"):
        container["imagePullPolicy"] = opts.text("image-pull-policy")
    if opts.flag("stdin"):
        container["stdin"] = True
        container["stdinOnce"] = not opts.flag("leave-stdin-open")
    if opts.flag("tty"):
        container["tty"] = True
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"labels": labels or {"run": name}, "name": name},
        "spec": {
            "containers": [container],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": opts.text("restart"),
        },
        "status": {},
    }


def _print(ctx: Context, opts: Parsed, pod: Object, action: str) -> None:
    output = opts.text("output")
    if output == "yaml":
        ctx.out.write(printers.to_yaml(pod))
    elif output == "json":  # the typed Pod kubectl holds: its fields in Go's order
        ctx.out.write(json.dumps(structorder.ordered(pod), indent=4, ensure_ascii=False) + "\n")
    elif output == "name":
        ctx.out.write(f"pod/{pod['metadata']['name']}\n")
    else:
        ctx.out.write(f"pod/{pod['metadata']['name']} {action}\n")
