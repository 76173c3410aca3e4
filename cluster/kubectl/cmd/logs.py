"""kubectl logs: what a pod's container wrote.

The built-in kubectl answers at once, so `-f` prints what the container has written so far
and returns instead of following the log (the real kubectl keeps following it).
"""

from __future__ import annotations

from cluster.kubectl import podcmd
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("container", "c"),
    Flag("previous", "p", boolean=True),
    Flag("follow", "f", boolean=True),
    Flag("timestamps", boolean=True),
    Flag("tail", default="-1"),
    Flag("limit-bytes", default="0"),
    Flag("all-containers", boolean=True),
    Flag("prefix", boolean=True),
    Flag("ignore-errors", boolean=True),
    Flag("pod-running-timeout", default="20s"),
)
USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]"


def run(ctx: Context, opts: Parsed) -> None:
    if len(opts.args) not in (1, 2):
        raise _usage(
            f"expected '{USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command"
        )
    container = opts.args[1] if len(opts.args) == 2 else opts.text("container")
    _validate(opts, container)
    pod = podcmd.get_pod(ctx, opts.args[0])
    names = [container]
    if opts.flag("all-containers"):
        spec = pod["spec"]
        names = [
            c["name"] for group in ("initContainers", "containers") for c in spec.get(group) or []
        ]
    elif not container:
        names = [podcmd.default_container(pod, ctx.err)]
    else:
        podcmd.check_container(pod, container)
    for name in names:
        log = _log(ctx, opts, pod, name)
        if opts.flag("prefix"):
            log = "".join(
                f"[pod/{pod['metadata']['name']}/{name}] {line}" for line in log.splitlines(True)
            )
        ctx.out.write(log)


def _validate(opts: Parsed, container: str) -> None:
    if opts.flag("all-containers") and container:
        raise ExitError(
            f"error: --all-containers=true should not be specified with container name {container}"
        )
    if opts.get("container") is not None and len(opts.args) == 2:
        raise ExitError("error: only one of -c or an inline [CONTAINER] arg is allowed")
    if _number(opts, "limit-bytes") < 0:
        raise ExitError("error: --limit-bytes must be greater than 0")
    if _number(opts, "tail") < -1:
        raise ExitError("error: --tail must be greater than or equal to -1")


def _number(opts: Parsed, name: str) -> int:
    value = opts.text(name)
    try:
        return int(value)
    except ValueError:
        raise ExitError(
            f'error: invalid argument "{value}" for "--{name}" flag: strconv.ParseInt: '
            f"parsing \"{value}\": invalid syntax\nSee 'kubectl logs --help' for usage."
        ) from None


def _log(ctx: Context, opts: Parsed, pod: dict, container: str) -> str:
    query = {"container": container}
    for flag, param in (
        ("previous", "previous"),
        ("timestamps", "timestamps"),
        ("follow", "follow"),
    ):
        if opts.flag(flag):
            query[param] = "true"
    if _number(opts, "tail") >= 0:
        query["tailLines"] = opts.text("tail")
    if _number(opts, "limit-bytes") > 0:
        query["limitBytes"] = opts.text("limit-bytes")
    meta = pod["metadata"]
    body = ctx.call("get", "pods", meta["namespace"], meta["name"], subresource="log", query=query)
    return str(body.get("log", ""))


def _usage(message: str) -> ExitError:
    return ExitError(f"error: {message}\nSee 'kubectl logs -h' for help and examples")
