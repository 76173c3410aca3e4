"""kubectl logs: what a pod's container wrote.

The built-in kubectl answers at once, so `-f` prints what the containers have written so far
and returns; the dashboard's terminal then follows each log (visualizer/streaming.py), as the
real kubectl does.
"""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from cluster.engine.api.meta import Object
from cluster.kubectl import flags, podcmd
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("container", "c"),
    Flag("previous", "p", boolean=True),
    Flag("follow", "f", boolean=True),
    Flag("timestamps", boolean=True),
    Flag("tail"),
    Flag("selector", "l"),
    Flag("limit-bytes", default="0"),
    Flag("all-containers", boolean=True),
    Flag("all-pods", boolean=True),
    Flag("insecure-skip-tls-verify-backend", boolean=True),
    Flag("prefix", boolean=True),
    Flag("ignore-errors", boolean=True),
    Flag("pod-running-timeout", default="20s"),
    Flag("max-log-requests", default="5"),
    Flag("since", default="0s"),
    Flag("since-time"),
)
USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]"


def run(ctx: Context, opts: Parsed) -> None:
    selector = opts.text("selector")
    if not (opts.args or selector) or len(opts.args) > 2:
        raise _usage(
            f"expected '{USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command"
        )
    if selector and len(opts.args) == 1:
        raise _usage("only a selector (-l) or a POD name is allowed")
    container = opts.args[1] if len(opts.args) == 2 else opts.text("container")
    _validate(opts, container)
    if selector:
        query = {"labelSelector": selector}
        pods = ctx.call("list", "pods", ctx.namespace, query=query)["items"]
        if not pods:
            ctx.err.write(f"No resources found in {ctx.namespace} namespace.\n")
    elif opts.flag("all-pods"):
        pods = podcmd.get_pods(ctx, opts.args[0])
    else:
        pods = [podcmd.get_pod(ctx, opts.args[0], for_logs=True)]
    logs = [(pod, name) for pod in pods for name in containers(opts, pod, container, ctx.err)]
    most = _number(opts, "max-log-requests")
    if opts.flag("follow") and len(logs) > most:
        raise ExitError(
            f"error: you are attempting to follow {len(logs)} log streams, but maximum allowed "
            f"concurrency is {most}, use --max-log-requests to increase the limit"
        )
    for pod, name in logs:
        ctx.out.write(prefixed(opts, pod, name, _log(ctx, opts, pod, name)))


def containers(opts: Parsed, pod: Object, container: str, warn: TextIO) -> list[str]:
    """The containers whose logs are asked for: the one named, all of them, or the default
    one (said on `warn` when there was a choice)."""
    if opts.flag("all-containers"):
        spec = pod["spec"]
        return [
            c["name"] for group in ("initContainers", "containers") for c in spec.get(group) or []
        ]
    if not container:
        return [podcmd.default_container(pod, warn)]
    podcmd.check_container(pod, container)
    return [container]


def prefixed(opts: Parsed, pod: Object, container: str, log: str) -> str:
    """--prefix (which --all-pods sets): each line says whose it is."""
    if not (opts.flag("prefix") or opts.flag("all-pods")):
        return log
    said = f"[pod/{pod['metadata']['name']}/{container}] "
    return "".join(said + line for line in log.splitlines(True))


def _validate(opts: Parsed, container: str) -> None:
    if opts.flag("all-containers") and container:
        raise ExitError(
            f"error: --all-containers=true should not be specified with container name {container}"
        )
    if opts.get("container") is not None and len(opts.args) == 2:
        raise ExitError("error: only one of -c or an inline [CONTAINER] arg is allowed")
    since_time = opts.text("since-time")
    if since_time and not _rfc3339(since_time):
        raise ExitError(
            f'error: parsing time "{since_time}" as "2006-01-02T15:04:05Z07:00": '
            f'cannot parse "{since_time}" as "2006"'
        )
    if since_time and _since(opts):
        raise ExitError("error: at most one of `sinceTime` or `sinceSeconds` may be specified")
    if _number(opts, "limit-bytes") < 0:
        raise ExitError("error: --limit-bytes must be greater than 0")
    if _since(opts) < 0:
        raise ExitError("error: --since must be greater than 0")
    if _tail(opts) < -1:
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


def _tail(opts: Parsed) -> int:
    """--tail, which is 10 with a selector unless given, else all (-1)."""
    if opts.get("tail") is None:
        return 10 if opts.text("selector") else -1
    return _number(opts, "tail")


def _rfc3339(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text


def _since(opts: Parsed) -> int:
    """--since in whole seconds, rounded to the nearest as kubectl rounds it."""
    nanoseconds = flags.duration(opts, "since", "logs")
    return (abs(nanoseconds) + 500_000_000) // 10**9 * (1 if nanoseconds >= 0 else -1)


def _log(ctx: Context, opts: Parsed, pod: dict, container: str) -> str:
    query = {"container": container}
    for flag, param in (
        ("previous", "previous"),
        ("timestamps", "timestamps"),
        ("follow", "follow"),
    ):
        if opts.flag(flag):
            query[param] = "true"
    if _tail(opts) >= 0:
        query["tailLines"] = str(_tail(opts))
    if _number(opts, "limit-bytes") > 0:
        query["limitBytes"] = opts.text("limit-bytes")
    if _since(opts):
        query["sinceSeconds"] = str(_since(opts))
    if opts.text("since-time"):
        query["sinceTime"] = opts.text("since-time")
    meta = pod["metadata"]
    body = ctx.call("get", "pods", meta["namespace"], meta["name"], subresource="log", query=query)
    return str(body.get("log", ""))


def _usage(message: str) -> ExitError:
    return ExitError(f"error: {message}\nSee 'kubectl logs -h' for help and examples")
