"""pods/log and pods/exec: kube-apiserver finds the pod's node and container (LogLocation and
streamLocation in pkg/registry/core/pod/strategy.go), then asks that node's kubelet.

The engine has no byte streams, so their answers are plain data: a log is
`{"log": TEXT}`; an exec is `{"stdout": TEXT, "stderr": TEXT, "status": STATUS}`, STATUS
being the v1 Status that the streaming protocol's error channel carries at the end
(Success, or NonZeroExitCode with the exit code as a cause, or InternalError). An exec's
request body is `{"command": [...], "container": NAME, "stdin": TEXT}`, and `"tty": true`
when its streams are a terminal.

An interactive shell's session (`kubectl exec -it POD -- sh`) is an exec per line: the body
adds `"shell": STATE` (`{}` to start one, with the command `[sh]`; then `[sh, -c, LINE]`
with the state the last line gave back), and the answer adds `"shell"`, the state after the
line (null once the shell has exited, STATUS then saying with what code), and `"prompt"`,
what the shell writes before it reads the next line (see cluster/engine/node/shell_session).
`redis-cli` at a terminal is a session the same way, its state the database it selected.
`ShellSession` is what a session's client keeps (the REST API's exec websocket, the
dashboard's terminal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar

from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.node import logs, programs
from cluster.engine.node.process import Route
from cluster.engine.node.programs import Attached
from cluster.engine.node.redis import Reply

T = TypeVar("T")

PROXIED = "ProxiedResponse"  # not a Kubernetes kind: the REST API sends the body alone


class ExecError(Exception):
    """Why the kubelet cannot exec; kube-apiserver passes the message on."""


class KubeletServer(Protocol):
    """What kube-apiserver reaches on a node's kubelet (its :10250 endpoints)."""

    def container_log_entries(
        self, namespace: str, name: str, container: str = "", previous: bool = False
    ) -> list[logs.Entry] | None: ...

    def exec(
        self,
        namespace: str,
        name: str,
        container: str,
        command: list[str],
        stdin: str = "",
        session: Object | None = None,
        tty: bool = False,
    ) -> Attached: ...

    def attach(
        self, namespace: str, name: str, container: str, line: str | None, close: bool
    ) -> Attached | None: ...

    def serve(self, path: str) -> Route: ...

    def pod_http(self, ip: str, port: int, path: str) -> Route | None: ...

    def port_forward(
        self, namespace: str, name: str, port: int, path: str, agent: str
    ) -> Route: ...

    def port_forward_redis(
        self, namespace: str, name: str, port: int, argv: list[str], db: int
    ) -> tuple[Reply, int] | None: ...


@dataclass(frozen=True, slots=True)
class LogOptions:
    """PodLogOptions, from the query."""

    container: str = ""
    previous: bool = False
    timestamps: bool = False
    tail_lines: int | None = None
    limit_bytes: int | None = None
    since_seconds: int | None = None
    since_time_ms: int | None = None  # sinceTime, in Unix milliseconds

    def since_ms(self, now_ms: int) -> int | None:
        """From when lines are shown (Unix ms), as the kubelet works it out; None: all."""
        if self.since_seconds is not None:
            return now_ms - self.since_seconds * 1000
        return self.since_time_ms


def container(pod: Object, wanted: str) -> str:
    """The container a request addresses: the named one, which must exist, or the only one."""
    name = pod["metadata"]["name"]
    spec = pod.get("spec") or {}
    names = [c["name"] for c in spec.get("containers") or []]
    inits = [c["name"] for c in spec.get("initContainers") or []]
    ephemerals = [c["name"] for c in spec.get("ephemeralContainers") or []]
    if wanted:
        if wanted not in names + inits + ephemerals:
            raise errors.bad_request(f"container {wanted} is not valid for pod {name}")
        return wanted
    if len(names) == 1:
        return names[0]
    if not names:
        raise errors.bad_request(f"a container name must be specified for pod {name}")
    message = (
        f"a container name must be specified for pod {name}, choose one of: [{' '.join(names)}]"
    )
    if inits:
        message += f" or one of the init containers: [{' '.join(inits)}]"
    raise errors.bad_request(message)


def log_options(query: dict[str, str]) -> LogOptions:
    """Decode PodLogOptions; a bad number is the 400 the conversion gives."""
    opts = LogOptions(
        query.get("container", ""),
        query.get("previous") == "true",
        query.get("timestamps") == "true",
        _number(query, "tailLines"),
        _number(query, "limitBytes"),
        _number(query, "sinceSeconds"),
        _time(query.get("sinceTime")),
    )
    if opts.since_seconds is not None and opts.since_time_ms is not None:
        cause = {
            "reason": "FieldValueForbidden",
            "message": "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified",
            "field": "",
        }
        raise errors.invalid_kind("PodLogOptions", "", "", [cause])
    return opts


def _time(value: str | None) -> int | None:
    """metav1.Time from a query: RFC 3339, in Unix milliseconds."""
    if value is None:
        return None
    try:
        return unix_ms(value)
    except ValueError:
        layout = "2006-01-02T15:04:05Z07:00"
        cause = f'cannot parse "{value}" as "2006"'
        raise errors.bad_request(f'parsing time "{value}" as "{layout}": {cause}') from None


def unix_ms(stamp: str) -> int:
    """Unix milliseconds of an RFC 3339 time."""
    return round(datetime.fromisoformat(stamp).timestamp() * 1000)


def tail(entries: list[T], lines: int | None) -> list[T]:
    """The newest `lines` entries of a log file (tail.FindTailLineStartIndex: each line the
    file holds, a part of a longer line too)."""
    return entries if lines is None else entries[max(0, len(entries) - lines) :]


def read_logs(entries: list[logs.Entry], opts: LogOptions, now_ms: int) -> str:
    """The kubelet's ReadLogs: the log file's newest tailLines entries, less those written
    before sinceSeconds or sinceTime, each after its timestamp if asked, up to limitBytes."""
    entries = tail(entries, opts.tail_lines)
    since = opts.since_ms(now_ms)
    if since is not None:
        entries = [entry for entry in entries if entry[0] >= since]
    log = logs.rendered(entries, opts.timestamps)
    if opts.limit_bytes is not None:
        log = log.encode()[: opts.limit_bytes].decode(errors="ignore")
    return log


def _number(query: dict[str, str], key: str) -> int | None:
    value = query.get(key)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise errors.bad_request(f'strconv.ParseInt: parsing "{value}": invalid syntax') from None
    if number < 0 and key == "tailLines":
        raise _invalid_log_options(key, number, "must be greater than or equal to 0")
    if number < 1 and key in ("limitBytes", "sinceSeconds"):
        raise _invalid_log_options(key, number, "must be greater than 0")
    return number


def _invalid_log_options(key: str, value: int, why: str) -> StatusError:
    cause = {
        "reason": "FieldValueInvalid",
        "message": f"Invalid value: {value}: {why}",
        "field": key,
    }
    return errors.invalid_kind("PodLogOptions", "", "", [cause])


def exec_status(attached: Attached, command: list[str]) -> Object:
    """The Status the error channel carries when the command is over."""
    status: Object = {"kind": "Status", "apiVersion": "v1", "metadata": {}}
    if attached.error:
        cause = f"error executing command in container: {attached.error}"
        return status | {
            "status": "Failure",
            "message": f"Internal error occurred: {cause}",
            "reason": "InternalError",
            "details": {"causes": [{"message": cause}]},
            "code": 500,
        }
    if attached.exit_code == 0:
        return status | {"status": "Success"}
    code = attached.exit_code
    return status | {
        "status": "Failure",
        "message": (
            "command terminated with non-zero exit code: error executing command "
            f"[{' '.join(command)}], exit code {code}"
        ),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
    }


def session(body: Object) -> Object | None:
    """The shell state of an exec that is a session's line; 400 if no shell gave it."""
    state = body.get("shell")
    if state is not None:
        try:
            programs.check_session(state)
        except ValueError as error:
            raise errors.bad_request(str(error)) from None
    return state


def exec_answer(attached: Attached, command: list[str], session: bool) -> Object:
    """What kube-apiserver answers an exec with (a session's line: with the shell's state)."""
    answer = {
        "stdout": attached.stdout,
        "stderr": attached.stderr,
        "status": exec_status(attached, command),
    }
    if session and not attached.error:
        answer |= {"shell": attached.shell, "prompt": attached.prompt}
    return answer


def proxied(answer: Route) -> Object:
    """What kube-apiserver relays of a pod's HTTP answer, for the REST API to send as it is
    (status 0: the pod's server does not speak HTTP, which the proxy calls a bad gateway)."""
    if not answer.status:
        return {"kind": PROXIED, "code": 502, "body": "", "contentType": "text/plain"}
    return {
        "kind": PROXIED,
        "code": answer.status,
        "body": answer.body,
        "contentType": answer.content_type,
    }


def attach_answer(attached: Attached | None) -> Object:
    """What kube-apiserver answers an attached line with: what the process wrote, the
    prompt it writes next, and whether it `reads` on, has `exited` (STATUS then saying with
    what code, or why the line could not be written), or `ignores` its stdin (None)."""
    if attached is None:
        attached, state = Attached(), "ignores"
    else:
        state = "reads" if attached.shell is not None else "exited"
    return {
        "stdout": attached.stdout,
        "stderr": attached.stderr,
        "prompt": attached.prompt,
        "process": state,
        "status": exec_status(attached, ["sh"]),
    }


@dataclass(slots=True)
class ShellSession:
    """What the client of a shell session keeps between lines, the engine keeping nothing:
    the shell's state, the prompt, and PS1 as last shown (what ^C comes back to from PS2)."""

    shell: str  # the command, as given: sh, /bin/bash, redis-cli
    interactive: bool
    state: Object = field(default_factory=dict)
    prompt: str = ""
    main_prompt: str = ""
    arguments: tuple[str, ...] = ()  # what it starts with (redis-cli's options)

    def __post_init__(self) -> None:
        self.state = self.state or {"interactive": self.interactive}

    def command(self, line: str | None) -> list[str]:
        """The exec's command for a line the shell reads (None: the shell starting)."""
        return [self.shell, *self.arguments] if line is None else [self.shell, "-c", line]

    def runs(self, line: str) -> bool:
        """Whether a typed line is run: an empty one is not, unless a command goes on."""
        return bool(line.strip() or self.state.get("pending"))

    def answered(self, answer: Object) -> Object | None:
        """Take a line's answer (its `shell` and `prompt`); once the shell has ended (or
        could not run), the Status it ended with."""
        if answer.get("shell") is None:
            return answer["status"]
        self.state, self.prompt = answer["shell"], answer["prompt"]
        if not self.state.get("pending"):
            self.main_prompt = self.prompt
        return None

    @property
    def more(self) -> bool:
        """Whether the shell reads the rest of a command begun on earlier lines (PS2)."""
        return bool(self.state.get("pending"))

    def interrupt(self) -> None:
        """^C: a command begun on earlier lines is dropped, and PS1 is back."""
        if self.more:
            self.state, self.prompt = self.state | {"pending": ""}, self.main_prompt


def exit_code(status: Object) -> int | None:
    """The exit code an exec's Status gives: 0 for Success, the code of NonZeroExitCode, None
    for any other failure."""
    if status.get("status") == "Success":
        return 0
    causes = (status.get("details") or {}).get("causes") or []
    return next((int(c["message"]) for c in causes if c.get("reason") == "ExitCode"), None)


def unreachable(message: str) -> StatusError:
    """The kubelet refused the stream: kube-apiserver passes its answer on."""
    return StatusError(500, "InternalError", message)
