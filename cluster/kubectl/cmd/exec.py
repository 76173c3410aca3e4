"""kubectl exec: run a command in a pod's container and print what it wrote.

The built-in kubectl runs once: `-i` sends the text given as its stdin (if any) at once,
and there is no terminal to attach, so `-t` says so as kubectl does when its input is not a
terminal. The dashboard's terminal opens an interactive shell for `kubectl exec -it POD --
sh` itself (visualizer/exec_session.py, with `container_for` here), as the real kubectl gets
one over the REST API.
"""

from __future__ import annotations

import io
from typing import TextIO

from cluster.engine.api.meta import Object
from cluster.kubectl import podcmd
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("container", "c"),
    Flag("stdin", "i", boolean=True),
    Flag("tty", "t", boolean=True),
    Flag("quiet", "q", boolean=True),
    Flag("pod-running-timeout", default="1m0s"),
)
COMPLETED = ("Succeeded", "Failed")
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file"
DEPRECATED = (
    "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. "
    "Use kubectl exec [POD] -- [COMMAND] instead."
)


def run(ctx: Context, opts: Parsed) -> None:
    command = list(opts.after_dash)
    if not opts.dashed and len(opts.args) > 1:
        if not opts.flag("quiet"):
            ctx.err.write(DEPRECATED + "\n")
        command = opts.args[1:]
    if not opts.args:
        raise ExitError("error: pod, type/name or --filename must be specified")
    if not command:
        raise ExitError("error: you must specify at least one command for the container")
    pod = podcmd.get_pod(ctx, opts.args[0])
    container = container_for(pod, opts, ctx.err)
    if opts.flag("stdin") and opts.flag("tty") and not opts.flag("quiet"):
        ctx.err.write(NO_TTY + "\n")
    _execute(ctx, pod, container, command, ctx.stdin if opts.flag("stdin") else "")


def container_for(pod: Object, opts: Parsed, warn: TextIO) -> str:
    """The container to exec in: the one asked for, else the default (said on `warn` unless
    --quiet); ExitError if the pod has completed or has no such container."""
    phase = (pod.get("status") or {}).get("phase", "")
    if phase in COMPLETED:
        raise ExitError(
            f"error: cannot exec into a container in a completed pod; current phase is {phase}"
        )
    warn = io.StringIO() if opts.flag("quiet") else warn
    name = opts.text("container")
    return podcmd.check_container(pod, name) if name else podcmd.default_container(pod, warn)


def _execute(ctx: Context, pod: dict, container: str, command: list[str], stdin: str) -> None:
    ran = execute(ctx, pod, container, command, stdin)
    ctx.out.write(ran["stdout"])
    ctx.err.write(ran["stderr"])
    check_status(ran)


def execute(ctx: Context, pod: Object, container: str, command: list[str], stdin: str) -> Object:
    """The exec's streams and status; the refusals of its request end the command."""
    meta = pod["metadata"]
    body = {"command": command, "container": container, "stdin": stdin}
    response = ctx.request(
        "create", "pods", meta["namespace"], meta["name"], subresource="exec", body=body
    )
    if response.code == 500:  # the kubelet refused the stream before it was upgraded
        raise ExitError(f"error: unable to upgrade connection: {response.body.get('message')}")
    if not response.ok:
        raise ExitError(server_error(response.body))
    return response.body


def check_status(ran: Object) -> None:
    """The command's failure ends kubectl's, with its exit code."""
    status = ran["status"]
    if status.get("status") == "Success":
        return
    if status.get("reason") == "NonZeroExitCode":
        code = int(status["details"]["causes"][0]["message"])
        raise ExitError(f"command terminated with exit code {code}", code)
    raise ExitError(f"error: {status.get('message', '')}")
