"""`kubectl run -it NAME --image=IMAGE -- sh`, `kubectl debug -it POD --image=IMAGE` and
`kubectl attach -it POD` in the dashboard's terminal: the container's main process is a shell
reading its stdin, and the terminal is attached to it, as the real kubectl attaches over the REST API (cluster/kubeapi/exec.py).
Each line typed is one attach of the cluster (journaled, traced, on the dashboard) that the
shell in the container runs; the shell's state is the container's (see the runtime's attach).

`run` creates the pod (`debug` adds an ephemeral container to it), waits for it to run, and
attaches; when the shell ends, it says how to attach again (with a TTY), waits for the exit
code when the pod does not restart, and with --rm deletes the pod, in kubectl's words. A line that attaches to anything else is the
built-in kubectl's, which says it cannot.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from asgiref.sync import sync_to_async

from cluster import services, tasks
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import podproxy
from cluster.engine.apiserver.request import Request
from cluster.engine.node import images, programs
from cluster.kubeapi import logs
from cluster.kubectl.cmd import attach as kubectl_attach
from cluster.kubectl.cmd import debug as kubectl_debug
from cluster.kubectl.cmd import run as kubectl_run
from cluster.kubectl.context import ExitError, server_error
from cluster.kubectl.flags import Parsed, duration
from cluster.models import Cluster
from visualizer import exec_session, streams
from visualizer.exec_session import Reply

POLL_SECONDS = 0.25
RAN = ("Running", "Succeeded", "Failed")
POD_KINDS = ("", "pod", "pods", "po")
COMMANDS = {"run": kubectl_run.FLAGS, "debug": kubectl_debug.FLAGS, "attach": kubectl_attach.FLAGS}
RESUME = {  # what kubectl says when a session with a TTY ends
    "run": "Session ended, resume using '{}' command\n",
    "debug": (
        "Session ended, the ephemeral container will not be restarted but may be reattached "
        "using '{}' if it is still running\n"
    ),
}
ANNOUNCED = (
    "All commands and output from this session will be recorded in container logs, including "
    "credentials and sensitive information passed through the command prompt.\n"
    "If you don't see a command prompt, try pressing enter.\n"
)


class _Refused(Exception):
    """The pod could not be read: kube-apiserver's Status."""

    def __init__(self, status: Object) -> None:
        super().__init__(status.get("message", ""))
        self.status = status


@dataclass(frozen=True, slots=True)
class Line:
    """A kubectl line that attaches to a shell: `run` (which creates the pod first), `debug`
    (which adds an ephemeral container to it first) or `attach`."""

    opts: Parsed
    pod: str
    command: str  # run, debug or attach


@dataclass(slots=True)
class Session:
    """An attached shell: where its lines go, and how the line that opened it ends."""

    cluster: Cluster
    line: Line
    attach_request: Request  # create pods/NAME/attach, with the container
    pod: Object


def recognise(argv: list[str]) -> Line | None:
    """The session argv opens: `run -i` or `debug -i` of a shell, or `attach -i POD`."""
    for command, flags in COMMANDS.items():
        opts = streams.parsed(argv, command, flags)
        if opts is not None:
            return _recognised(command, opts)
    return None


def _recognised(command: str, opts: Parsed) -> Line | None:
    try:  # what the built-in kubectl refuses, it says why
        if command == "run":
            kubectl_run.validate(opts)
        if command == "debug":
            kubectl_debug.validate(opts, io.StringIO())
        duration(opts, "pod-running-timeout", command, "1m0s")
    except ExitError:
        return None
    if command == "attach":
        kind, _, pod = opts.args[0].rpartition("/") if len(opts.args) == 1 else ("?", "", "")
        return Line(opts, pod, command) if opts.flag("stdin") and kind in POD_KINDS else None
    attaches = (kubectl_run if command == "run" else kubectl_debug).attaches(opts)
    if attaches and opts.flag("stdin") and _shell(opts, command):
        return Line(opts, opts.args[0].rpartition("/")[2], command)
    return None


def _shell(opts: Parsed, command: str) -> bool:
    """Whether the new container's process is a lone shell: its arguments', else the
    image's command (`run` gives them as args unless --command, `debug` as the command
    unless --arguments-only)."""
    image = images.lookup(opts.text("image"))
    if image is None:
        return False
    args = opts.args[1:] + opts.after_dash
    whole = opts.flag("command") if command == "run" else not opts.flag("arguments-only")
    given, extra = (args, []) if whole else ([], args)
    return programs.lone_shell(image, programs.argv(image, given, extra))


@dataclass(frozen=True, slots=True)
class Streamed:
    """`run --attach` (or `-i`) of a process that reads no terminal: its output as it
    writes it, until it ends."""

    line: Line


def recognise_streamed(argv: list[str]) -> Streamed | None:
    """The line, if it is `run` attached to anything but a lone shell, or `attach` without
    stdin (which shows the output from then on)."""
    if recognise(argv) is not None:
        return None
    opts = streams.parsed(argv, "attach", kubectl_attach.FLAGS)
    if opts is not None and len(opts.args) == 1 and not opts.flag("stdin"):
        kind, _, pod = opts.args[0].rpartition("/")
        return Streamed(Line(opts, pod, "attach")) if kind in POD_KINDS else None
    opts = streams.parsed(argv, "run", kubectl_run.FLAGS)
    if opts is None or not kubectl_run.attaches(opts):
        return None
    try:
        kubectl_run.validate(opts)
        duration(opts, "pod-running-timeout", "run", "1m0s")
    except ExitError:
        return None  # the built-in kubectl says why
    return Streamed(Line(opts, opts.args[0], "run"))


async def stream(cluster: Cluster, streamed: Streamed) -> AsyncIterator[streams.Output]:
    """`run`: create the pod, wait for it to run, then its log from the start as it is
    written (what kubectl shows: the log so far, then what the attached stream carries) until
    the container ends; then as `_done`. `attach`: the log from now on."""
    line = streamed.line
    opts, namespace = line.opts, line.opts.text("namespace", "default")
    if line.command == "run":
        body = kubectl_run.build_pod(line.pod, opts, opts.args[1:] + opts.after_dash)
        created = await _ask(cluster, opts, "create", namespace, body=body)
        if created["code"] != 201:
            yield streams.Output(stderr=f"{server_error(created['body'])}\n", code=1)
            return
    try:
        pod = await _until(cluster, opts, namespace, line.pod, _started(line, ""))
    except _Refused as refused:
        yield streams.Output(stderr=f"{server_error(refused.status)}\n", code=1)
        return
    if pod is None:
        ended = await _finish(cluster, line, "error: timed out waiting for the condition\n", 1)
        yield streams.Output(ended.stdout, ended.stderr, ended.code)
        return
    yield streams.Output(first=True)
    container = opts.text("container") or pod["spec"]["containers"][0]["name"]
    query = {"container": container, "follow": "true"}
    if line.command == "attach":
        query["tailLines"] = "0"
    request = streams.request(
        cluster, opts, "get", namespace, query, resource="pods", name=line.pod, subresource="log"
    )
    allowed = await services.ask(tasks.request, cluster, request.to_dict())  # authorized
    if allowed["code"] != 200:
        yield streams.Output(stderr=f"{server_error(allowed['body'])}\n", code=1)
        return
    followed = logs.follow(cluster, request, podproxy.log_options(query))
    async with contextlib.aclosing(followed):
        async for data in followed:
            yield streams.Output(data.decode("utf-8", errors="replace"))
    ended = await _done(cluster, line, pod, "")
    yield streams.Output(ended.stdout, ended.stderr, ended.code)


async def start(cluster: Cluster, line: Line) -> tuple[Session | None, Reply]:
    """Create the pod (`run`) or add the ephemeral container (`debug`), wait for it to run,
    and attach; without a session, the Reply says why, with kubectl's exit code."""
    opts, out, err = line.opts, io.StringIO(), io.StringIO()
    namespace = opts.text("namespace", "default")
    container = opts.text("container")
    if line.command == "run":
        body = kubectl_run.build_pod(line.pod, opts, opts.args[1:] + opts.after_dash)
        created = await _ask(cluster, opts, "create", namespace, body=body)
        if created["code"] != 201:
            return None, Reply(stderr=f"{server_error(created['body'])}\n", code=1)
    if line.command == "debug":
        kubectl_debug.validate(opts, out)
        add = functools.partial(kubectl_debug.add, streams.context(cluster, opts), opts, err)
        try:
            container = (await sync_to_async(add, thread_sensitive=False)())[1]
        except ExitError as error:
            return None, Reply(out.getvalue(), f"{err.getvalue()}{error.message}\n", code=1)
    try:
        pod = await _until(cluster, opts, namespace, line.pod, _started(line, container))
    except _Refused as refused:
        return None, Reply(stderr=f"{server_error(refused.status)}\n", code=1)
    if pod is None:
        return None, await _finish(cluster, line, "error: timed out waiting for the condition\n", 1)
    phase = pod["status"].get("phase")
    if line.command == "attach" and phase != "Running":
        message = f"cannot attach a container in a completed pod; current phase is {phase}"
        return None, Reply(stderr=f"error: {message}\n", code=1)
    container = container or pod["spec"]["containers"][0]["name"]
    attach = streams.request(
        cluster,
        opts,
        "create",
        namespace,
        {},
        resource="pods",
        name=line.pod,
        subresource="attach",
    )
    session = Session(
        cluster, line, dataclasses.replace(attach, body={"container": container}), pod
    )
    log = await _ask(
        cluster, opts, "get", namespace, "log", name=line.pod, query={"container": container}
    )
    before = log["body"].get("log", "") if log["code"] == 200 else ""
    opened = await _attach(session, {})
    if isinstance(opened, Reply):
        return None, opened
    if opened["process"] != "reads":  # not a shell reading stdin: what it wrote so far
        return None, await _finish(cluster, line, err.getvalue(), 0, stdout=out.getvalue() + before)
    prompt = before.rpartition("\n")[2] if _tty(session) else ""
    announced = "" if opts.flag("quiet") else ANNOUNCED
    return session, Reply(out.getvalue(), err.getvalue() + announced, prompt=prompt)


def _started(line: Line, container: str) -> Callable[[Object], bool]:
    """What the line waits for: the pod running (or run to its end); for `debug`, its new
    ephemeral container started."""
    if line.command != "debug":
        return lambda pod: (pod.get("status") or {}).get("phase") in RAN
    return lambda pod: any(
        s["name"] == container and ("running" in s["state"] or "terminated" in s["state"])
        for s in (pod.get("status") or {}).get("ephemeralContainerStatuses") or ()
    )


async def run(session: Session, text: str | None) -> Reply:
    """A line typed at the prompt (None: the end of input, Ctrl-D)."""
    try:
        return await _line(session, text)
    except services.ClusterUnavailable as error:
        return Reply(stderr=f"error: {error}\n", code=1)


async def _line(session: Session, text: str | None) -> Reply:
    body = {"close": True} if text is None else {"stdin": text}
    answer = await _attach(session, body)
    if isinstance(answer, Reply):
        return answer
    if answer["process"] == "reads" and text is not None:
        return Reply(answer["stdout"], answer["stderr"], answer["prompt"] if _tty(session) else "")
    ended = await _ended(session)
    return dataclasses.replace(
        ended, stdout=answer["stdout"] + ended.stdout, stderr=answer["stderr"] + ended.stderr
    )


def _tty(session: Session) -> bool:
    return session.line.opts.flag("tty")


async def _attach(session: Session, body: Object) -> Object | Reply:
    """The answer to an attach, or the Reply that ends the session."""
    request = session.attach_request
    sent = dataclasses.replace(request, body=(request.body or {}) | body)
    return await exec_session.streamed(session.cluster, sent)


async def _ended(session: Session) -> Reply:
    """The shell is done with: how to attach again (with a TTY), then as `_done`."""
    line, opts = session.line, session.line.opts
    namespace = session.pod["metadata"]["namespace"]
    container = session.attach_request.body["container"]
    said = ""
    if _tty(session) and not opts.flag("quiet"):
        again = f"kubectl attach {line.pod} -c {container} -n {namespace} -i -t"
        said = RESUME.get(line.command, RESUME["run"]).format(again)
    return await _done(session.cluster, line, session.pod, said)


async def _done(cluster: Cluster, line: Line, pod: Object, said: str) -> Reply:
    """What `run` does once the attached process is done with: the pod's exit code when it
    does not restart, and its deletion with --rm."""
    opts, namespace = line.opts, pod["metadata"]["namespace"]
    restarts = pod["spec"].get("restartPolicy") in ("Always", None)
    if line.command != "run" or restarts or opts.flag("leave-stdin-open"):
        return await _finish(cluster, line, said, 0)
    ended = await _until(cluster, opts, namespace, line.pod, _ended_phase)
    status = ((ended or {}).get("status") or {}).get("containerStatuses") or [{}]
    terminated = (status[0].get("state") or {}).get("terminated") or {}
    code = terminated.get("exitCode", 0)
    if code:
        reason, message = terminated.get("reason", ""), terminated.get("message", "")
        said += f"pod {namespace}/{line.pod} terminated ({reason})\n{message}"
        said += "" if said.endswith("\n") else "\n"
    return await _finish(cluster, line, said, code)


async def _finish(cluster: Cluster, line: Line, stderr: str, code: int, stdout: str = "") -> Reply:
    """The line's end: with --rm, the pod it created deleted (as kubectl's deferred removal
    says it)."""
    opts = line.opts
    if line.command == "run" and opts.flag("rm"):
        namespace = opts.text("namespace", "default")
        deleted = await _ask(cluster, opts, "delete", namespace, name=line.pod)
        if deleted["code"] in (200, 202):
            stdout += f'pod "{line.pod}" deleted from {namespace} namespace\n'
    return Reply(stdout=stdout, stderr=stderr, code=code)


def _ended_phase(pod: Object) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


async def _until(
    cluster: Cluster, opts: Parsed, namespace: str, name: str, ready: Callable[[Object], bool]
) -> Object | None:
    """The pod once it is `ready`; None if that takes longer than --pod-running-timeout
    (_Refused if it cannot be read)."""
    seconds = duration(opts, "pod-running-timeout", "run", "1m0s") / 1e9
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        got = await _ask(cluster, opts, "get", namespace, name=name)
        if got["code"] != 200:
            raise _Refused(got["body"])
        if ready(got["body"]):
            return got["body"]
        if asyncio.get_running_loop().time() >= deadline:
            return None
        await asyncio.sleep(POLL_SECONDS)


async def _ask(
    cluster: Cluster,
    opts: Parsed,
    verb: str,
    namespace: str,
    subresource: str = "",
    *,
    name: str = "",
    body: Object | None = None,
    query: dict[str, str] | None = None,
) -> Object:
    """An engine request about pods, sent as the built-in kubectl sends it."""
    request = streams.request(
        cluster,
        opts,
        verb,
        namespace,
        query or {},
        resource="pods",
        name=name,
        subresource=subresource,
    )
    sent = dataclasses.replace(request, body=body)
    return await services.ask(tasks.request, cluster, sent.to_dict())
