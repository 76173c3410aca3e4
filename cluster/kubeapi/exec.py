"""`kubectl exec` over a websocket: GET .../pods/<name>/exec?command=...&stdin=true&tty=true
with the streaming protocol v5.channel.k8s.io (or v4): binary frames whose first byte is the
channel, 0 stdin, 1 stdout, 2 stderr, 3 the error channel (a v1 Status once the command is
over), 4 terminal resizes, 255 "close this stream" (v5).

The engine runs commands to their end (see cluster/engine/apiserver/podproxy.py), so a
shell given stdin is a session of them: one exec starts the shell, then each line it reads
is its own exec, an input of the cluster's engine like any request (journaled, traced, on the
dashboard). The shell's own state (its working directory, variables, exports, `$?`,
aliases, functions) is not kept in the engine: each line's exec carries the state the last
one gave back, and answers with the new one and the prompt to write, until the shell exits
(`exit N`, or end of input: Ctrl-D), which ends the session with its status. Holding the
state here keeps the engine a function of its inputs: a replayed journal gives each line the
very state it had (see cluster/engine/node/shell_session.py). `redis-cli` on a TTY is a
session the same way (its prompt, a command a line). Any other command runs once, with all
of stdin when asked for it; on a TTY, one that reads no stdin (`ls`, `cat FILE`) runs at once
instead of after the end of input. With a TTY the consumer is the pseudo-terminal too: it
echoes keys, erases, and writes the prompt.

Who may connect is decided as for every request of the REST API (see podstreams); a
refusal found before the session starts (no such pod or container, no node) ends it with
that Status on the error channel, as the websocket is already open by then.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer

from cluster.engine.api.meta import Object
from cluster.engine.apiserver import podproxy
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Request
from cluster.engine.node import programs
from cluster.engine.node.status import STATUS_KEYS
from cluster.kubeapi import logs, podstreams, terminal

STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
SUCCESS: Object = {"metadata": {}, "status": "Success"}
MAX_STDIN = 3 * 1024 * 1024  # what one command may read: it is an input of the cluster
STDIN_TOO_LARGE = "the standard input of a command is limited to 3 MiB"


def _truthy(query: dict[str, list[str]], key: str) -> bool:
    """strconv.ParseBool's true, as the query's booleans are decoded."""
    return (query.get(key) or [""])[-1] in ("1", "t", "T", "TRUE", "true", "True")


def exit_status(code: int) -> Object:
    """The error channel's Status for a shell that exited with `code`."""
    if code == 0:
        return SUCCESS
    return {
        "metadata": {},
        "status": "Failure",
        "message": f"command terminated with non-zero exit code: exit status {code}",
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
    }


def _running(pod: Object, container: str) -> bool:
    status = pod.get("status") or {}
    statuses = (s for key in STATUS_KEYS for s in status.get(key) or ())
    return any(s["name"] == container and "running" in (s.get("state") or {}) for s in statuses)


def _refused(message: str) -> Object:
    """How kubectl reports a stream the kubelet would not open."""
    return {
        "metadata": {},
        "status": "Failure",
        "message": f"unable to upgrade connection: {message}",
        "reason": "InternalError",
        "code": 500,
    }


class ExecConsumer(AsyncWebsocketConsumer):
    caller: Any = None
    finished = False
    reading = False  # attached to a shell that reads its stdin: lines go to it
    follower: asyncio.Task[None] | None = None  # attached to any other process: its output

    async def connect(self) -> None:
        route = self.scope["url_route"]["kwargs"]
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.namespace, self.pod = route["namespace"], route["pod"]
        self.action = route["action"]
        self.command = query.get("command") or []
        self.container = (query.get("container") or [""])[-1]
        self.stdin = _truthy(query, "stdin")
        self.tty = _truthy(query, "tty")
        protocol = next((p for p in PROTOCOLS if p in self.scope.get("subprotocols", [])), None)
        self.caller = await podstreams.Caller.of(self.scope)
        if self.caller is None or protocol is None:
            await self.close()
            return
        await self.accept(protocol)
        self.v5 = protocol == PROTOCOLS[0]
        self.discipline = terminal.LineDiscipline(self.tty)
        self.stdin_text: list[str] = []
        self.stdin_size = 0
        self.status: Object = SUCCESS
        await self._start()

    async def _start(self) -> None:
        """Read the pod (as kube-apiserver does to find the container and node), then run
        the command, or open the shell's session."""
        reply = await self._ask("get")
        if reply["code"] != 200:
            await self._finish(reply["body"])
            return
        pod = reply["body"]
        try:
            self.container = podproxy.container(pod, self.container)
        except StatusError as error:
            await self._finish(error.status())
            return
        self.shell = self._shell_name()
        if self.action == "attach":
            await self._attach()
        elif not self.stdin or (self.tty and not programs.reads_stdin(self.command)):
            await self._run(self.command)  # what reads no input runs at once
            await self._finish(self.status)
        elif not _running(pod, self.container):  # what the kubelet would answer at once
            await self._finish(_refused(f'container not found ("{self.container}")'))
        elif self.shell:
            self.session = podproxy.ShellSession(
                self.command[0], self.tty, arguments=tuple(self.command[1:])
            )
            await self._line(None)

    def _shell_name(self) -> str:
        """The shell a lone `sh`/`bash` command is, whose stdin is lines to run; or the
        program that prompts for them on a terminal (`redis-cli`)."""
        name = self.command[0].rsplit("/", 1)[-1] if self.command else ""
        if len(self.command) == 1 and name in programs.SHELLS:
            return name
        return name if self.tty and programs.prompts(self.command) else ""

    async def _attach(self) -> None:
        """Attach to the container's main process: a shell reading its stdin gets the lines
        typed; any other process's output streams as it writes it, until it ends. Where
        the container does not run, kube-apiserver or the kubelet says so."""
        answer = await self._attach_call({})
        if answer is None:
            return
        if answer["process"] == "exited":
            await self._finish(SUCCESS)
        elif answer["process"] == "reads" and self.stdin:
            self.reading = True
        else:
            self.follower = asyncio.create_task(self._follow())

    async def _follow(self) -> None:
        """The main process's output from now on, until it ends; then the stream ends."""
        request = Request("get", "pods", self.namespace, self.pod, "log")
        options = podproxy.LogOptions(container=self.container, tail_lines=0)
        async for data in logs.follow(self.caller.cluster, request, options):
            await self._write(STDOUT, data.decode("utf-8", errors="replace"))
        await self._finish(SUCCESS)

    async def _attach_call(self, body: Object) -> Object | None:
        """Hand the main process a line (or the end of input, or nothing: how is it?);
        what it wrote goes out. None once the stream is over (the process exited, or the
        line could not be handed over)."""
        answer = await self._stream("attach", {"container": self.container, **body})
        if answer is None:
            return None
        if answer["process"] == "exited":  # attach's stream ends with Success, whatever the code
            failed = answer["status"].get("reason") == "InternalError"
            await self._finish(answer["status"] if failed else SUCCESS)
            return None
        if self.tty and answer["process"] == "reads" and body:
            await self._write(STDOUT, answer["prompt"])
        return answer

    async def _attached_event(self, event: terminal.Event) -> bool:
        """A line, ^C or the end of input for the attached shell; False once it is over."""
        if event.kind == "eof":
            if await self._attach_call({"close": True}) is not None:
                await self._finish(SUCCESS)  # stdin stays open: the attach alone ends
        else:  # ^C at the prompt: the shell reads an empty line, and prompts again
            await self._attach_call({"stdin": event.text if event.kind == "line" else ""})
        return not self.finished

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        data = bytes_data if bytes_data is not None else (text_data or "").encode()
        if not data or self.finished:
            return
        channel, payload = data[0], data[1:]
        if channel == STDIN and self.stdin:
            await self._input(payload.decode("utf-8", errors="replace"))
        elif channel == CLOSE and payload[:1] == bytes([STDIN]):
            await self._end_of_input()
        # RESIZE: the terminal's size changes nothing the simulated programs print

    async def disconnect(self, code: int) -> None:
        self.finished = True
        if self.follower is not None:
            self.follower.cancel()

    # -- stdin ---------------------------------------------------------------------------

    async def _input(self, text: str) -> None:
        if self.action == "attach":
            await self._attached_input(text)
            return
        if not self.shell:
            self.stdin_text.append(text)  # a command reading stdin runs once it ends
            self.stdin_size += len(text)
            if self.stdin_size > MAX_STDIN:  # it would be journaled whole: refuse it
                too_large = StatusError(413, "RequestEntityTooLarge", STDIN_TOO_LARGE)
                await self._finish(too_large.status())
            return
        echo, events = self.discipline.feed(text)
        if echo:
            await self._write(STDOUT, echo)
        for event in events:
            if not await self._event(event):
                return

    async def _attached_input(self, text: str) -> None:
        """Keys for the attached process: to its shell, line by line (others read none)."""
        if not self.reading:
            return
        echo, events = self.discipline.feed(text)
        if echo:
            await self._write(STDOUT, echo)
        for event in events:
            if not await self._attached_event(event):
                return

    async def _end_of_input(self) -> None:
        if self.action == "attach":
            for event in self.discipline.close() if self.reading else ():
                if not await self._attached_event(event):
                    return
            return
        if not self.shell:
            await self._run(self.command, stdin="".join(self.stdin_text))
            await self._finish(self.status)
            return
        for event in self.discipline.close():
            if not await self._event(event):
                return

    async def _event(self, event: terminal.Event) -> bool:
        """Act on a line or key; False once the session is over."""
        if event.kind == "eof":  # the shell reads no more: it exits as `exit` would
            await self._line("exit")
        elif event.kind == "line" and self.session.runs(event.text):
            await self._line(event.text)
        else:  # an empty line, or ^C (which drops a command begun on earlier lines)
            if event.kind == "interrupt":
                self.session.interrupt()
            if self.tty:
                await self._write(STDOUT, self.session.prompt)
        return not self.finished

    async def _line(self, line: str | None) -> None:
        """The shell reads a line (None: it starts): one exec with the session's state,
        which comes back changed, with the next prompt, unless the shell ended."""
        reply = await self._run(self.session.command(line), self.session.state)
        if reply is None:
            return
        ended = self.session.answered(reply)
        if ended is not None:
            code = podproxy.exit_code(ended)
            await self._finish(ended if code is None else exit_status(code))
        elif self.tty:
            await self._write(STDOUT, self.session.prompt)

    # -- running -------------------------------------------------------------------------

    async def _run(
        self, command: list[str], shell: Object | None = None, stdin: str = ""
    ) -> Object | None:
        """One exec in the engine: its output goes out and its status is kept; a refusal
        ends the session (None)."""
        body = {"command": command, "container": self.container, "stdin": stdin}
        if self.tty:
            body["tty"] = True
        if shell is not None:
            body["shell"] = shell
        result = await self._stream("exec", body)
        if result is not None:
            self.status = result["status"]
        return result

    async def _stream(self, subresource: str, body: Object) -> Object | None:
        """An exec or attach in the engine, whose output goes out; None, the session ended,
        when it was refused."""
        reply = await self._ask("create", subresource, body)
        if reply["code"] == 500:  # the kubelet refused the stream
            await self._finish(_refused(reply["body"].get("message", "")))
            return None
        if reply["code"] != 200:
            await self._finish(reply["body"])
            return None
        answer = reply["body"]
        if self.tty:  # one stream, in the order the command wrote
            await self._write(STDOUT, answer["stdout"] + answer["stderr"])
        else:  # apart: what it said of its work first (tar's warnings come before its archive)
            await self._write(STDERR, answer["stderr"])
            await self._write(STDOUT, answer["stdout"])
        return answer

    async def _ask(self, verb: str, subresource: str = "", body: Object | None = None) -> Object:
        """The engine's reply to a request about the pod, as the caller."""
        return await self.caller.ask(verb, self.namespace, self.pod, subresource, body)

    async def _write(self, channel: int, text: str) -> None:
        if text and not self.finished:
            data = terminal.output(text, self.tty).encode()
            await self.send(bytes_data=bytes([channel]) + data)

    async def _finish(self, status: Object) -> None:
        """The error channel's Status, then the end of the session."""
        if self.finished:
            return
        shown = {k: v for k, v in status.items() if k not in ("kind", "apiVersion")}
        await self.send(bytes_data=bytes([ERROR]) + json.dumps(shown).encode())
        self.finished = True
        await self.close(code=1000)
