"""`kubectl exec -it POD -- sh` in the dashboard's terminal: an interactive shell, as the real
kubectl gets one over the REST API (cluster/kubeapi/exec.py), on the same engine sessions
(cluster/engine/node/shell_session.py). The terminal keeps the shell's state; each line typed
is one exec of the cluster (journaled, traced, on the dashboard) that carries the state in
and brings the new one back with the next prompt, until the shell exits (`exit N`, Ctrl-D),
which ends the kubectl line with the shell's status, as kubectl reports it.

Only a lone shell (sh, bash, ash, dash), or redis-cli at its prompt, with -i and -t, in a
pod named as NAME or pod/NAME, opens a session here; any other exec is the built-in
kubectl's, which runs it once.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass

from cluster import services, tasks
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import podproxy
from cluster.engine.apiserver.request import Request
from cluster.engine.node import programs
from cluster.kubectl.cmd import exec as kubectl_exec
from cluster.kubectl.context import ExitError, server_error
from cluster.kubectl.flags import Parsed
from cluster.models import Cluster
from visualizer import streams


@dataclass(frozen=True, slots=True)
class Line:
    """A kubectl line that opens a session."""

    opts: Parsed
    pod: str
    command: tuple[str, ...]  # as typed (`sh`, `/bin/bash`, `redis-cli -n 2`)


@dataclass(slots=True)
class Session:
    """An open session: where its lines go, and what the terminal keeps of the shell."""

    cluster: Cluster
    exec_request: Request
    shell: podproxy.ShellSession


@dataclass(frozen=True, slots=True)
class Reply:
    """What a line printed, and the next prompt (`more`: PS2, the shell reads the rest of a
    command); `code` once the session is over."""

    stdout: str = ""
    stderr: str = ""
    prompt: str = ""
    more: bool = False
    code: int | None = None


def recognise(argv: list[str]) -> Line | None:
    """The session argv opens, if it is `kubectl exec -it POD -- SHELL`."""
    opts = streams.parsed(argv, "exec", kubectl_exec.FLAGS)
    if opts is None or not (opts.flag("stdin") and opts.flag("tty")) or not opts.dashed:
        return None
    command = list(opts.after_dash)
    lone_shell = len(command) == 1 and command[0].rsplit("/", 1)[-1] in programs.SHELLS
    if not lone_shell and not programs.prompts(command):
        return None
    kind, _, pod = opts.args[0].rpartition("/") if len(opts.args) == 1 else ("", "", "")
    if not pod or kind not in ("", "pod", "pods", "po"):
        return None
    return Line(opts, pod, tuple(command))


async def start(cluster: Cluster, line: Line) -> tuple[Session | None, Reply]:
    """Open the session: the pod and container as kubectl finds them, then the shell starts
    (one exec); without a session, the Reply says why, with kubectl's exit code."""
    namespace = line.opts.text("namespace", "default")
    get = streams.request(cluster, line.opts, "get", namespace, {}, resource="pods", name=line.pod)
    reply = await services.ask(tasks.request, cluster, get.to_dict())
    if reply["code"] != 200:
        return None, Reply(stderr=f"{server_error(reply['body'])}\n", code=1)
    warnings = io.StringIO()
    try:
        container = kubectl_exec.container_for(reply["body"], line.opts, warnings)
    except ExitError as error:
        return None, Reply(stderr=f"{error.message}\n", code=error.code)
    body = {"container": container, "stdin": ""}  # each line says its command
    request = dataclasses.replace(get, verb="create", subresource="exec", body=body)
    program, *arguments = line.command
    shell = podproxy.ShellSession(program, interactive=True, arguments=tuple(arguments))
    session = Session(cluster, request, shell)
    started = await _exec(session, None)
    said = dataclasses.replace(started, stderr=warnings.getvalue() + started.stderr)
    return (session if started.code is None else None), said


async def run(session: Session, text: str | None) -> Reply:
    """A line typed at the prompt (or the end of input, None: the shell exits as `exit`
    would). An empty line runs nothing: the prompt again."""
    if text is None:
        return await _exec(session, "exit")
    if not session.shell.runs(text):
        return Reply(prompt=session.shell.prompt)
    return await _exec(session, text)


async def _exec(session: Session, line: str | None) -> Reply:
    """The shell reads a line (None: it starts) in one exec of the cluster."""
    shell = session.shell
    body = (session.exec_request.body or {}) | {
        "command": shell.command(line),
        "shell": shell.state,
    }
    answer = await streamed(session.cluster, dataclasses.replace(session.exec_request, body=body))
    if isinstance(answer, Reply):
        return answer
    ended = shell.answered(answer)
    if ended is not None:
        said, code = _ended(ended)
        return Reply(answer["stdout"], answer["stderr"] + said, code=code)
    return Reply(answer["stdout"], answer["stderr"], shell.prompt, shell.more)


async def streamed(cluster: Cluster, request: Request) -> Object | Reply:
    """The engine's answer to an exec or attach, or the Reply that ends the session: the
    kubelet would not open the stream, kube-apiserver refused, or no worker answered."""
    try:
        reply = await services.ask(tasks.request, cluster, request.to_dict())
    except services.ClusterUnavailable as error:
        return Reply(stderr=f"error: {error}\n", code=1)
    answer = reply["body"]
    if reply["code"] == 500:
        message = answer.get("message", "")
        return Reply(stderr=f"error: unable to upgrade connection: {message}\n", code=1)
    if reply["code"] != 200:
        return Reply(stderr=f"{server_error(answer)}\n", code=1)
    return answer


def _ended(status: Object) -> tuple[str, int]:
    """What kubectl says when the shell has ended, and its own exit code."""
    code = podproxy.exit_code(status)
    if code is None:
        return f"error: {status.get('message', '')}\n", 1
    return (f"command terminated with exit code {code}\n" if code else ""), code
