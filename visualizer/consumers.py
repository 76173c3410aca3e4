"""The dashboard's websocket: a snapshot, then every hop and object change of one cluster;
the terminal's lines, completions and saved files travel the other way. The consumer only
checks, forwards and relays: visualizer/terminal.py says what a line does."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from cluster import selectors, services, tasks, workspace
from cluster.publish import group_name
from visualizer import (
    attach_session,
    completion,
    exec_session,
    framing,
    shell,
    streaming,
    streams,
    terminal,
)

# A line with a heredoc's body, or a file from the editor, may be as big as a workspace file.
MAX_COMMAND = workspace.MAX_BYTES + 8 * 1024
MAX_MESSAGE = 2 * MAX_COMMAND  # JSON's escapes
MAX_CANDIDATES = 500
OUTPUT = "output"  # marks the worker's id of a kubectl whose stdout goes to a file
WATCH_SECONDS = 60
BUSY = "the terminal is busy with a streaming command: press Ctrl-C to stop it first\n"
IN_SESSION = "the terminal is in a container's shell: type exit to leave it first\n"
INTERNAL_ERROR = "error: internal error in KubeLab\n"  # as the worker words a fault of ours

log = logging.getLogger(__name__)


class ClusterConsumer(AsyncJsonWebsocketConsumer):
    cluster: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `kubectl ... > FILE` in flight: the browser's id and the file, by the id the worker
        # is given instead (a list, which no browser's id can be).
        self.outputs: dict[int, tuple[Any, str]] = {}
        self.next_output = 0
        self.streaming: asyncio.Task[None] | None = None  # `kubectl get -w`, `logs -f`, ...
        # `kubectl exec -it POD -- sh`, or a shell attached to (`kubectl run -it`)
        self.session: exec_session.Session | attach_session.Session | None = None

    async def connect(self) -> None:
        name = self.scope["url_route"]["kwargs"]["name"]
        user = self.scope.get("user")
        self.cluster = await sync_to_async(selectors.cluster_of)(user, name) if user else None
        if self.cluster is None:
            await self.close(code=4404)  # not yours, or not there: the same answer
            return
        self.group = group_name(self.cluster.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._watch()
        await services.send(tasks.snapshot, self.cluster, self.channel_name)

    async def disconnect(self, code: int) -> None:
        await self._interrupt()
        if self.cluster is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await sync_to_async(services.unwatch)(self.cluster, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_MESSAGE:
            await self._error(f"messages must be JSON text of at most {MAX_MESSAGE // 1024} KiB")
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            await self._error("messages must be JSON")
            return
        if not isinstance(message, dict):
            await self._error("messages must be JSON objects")
            return
        await self.receive_json(message)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        kind = content.get("type")
        if kind == "ping":
            await self._watch()
        elif kind == "kubectl":
            await self._kubectl(content.get("id"), content.get("command"))
        elif kind == "kubectl.interrupt":
            await self._interrupt()
        elif kind in ("exec.line", "exec.eof"):
            await self._session_line(content.get("id"), content.get("line"), kind == "exec.eof")
        elif kind == "complete":
            await self._complete(content.get("id"), content.get("line"))
        elif kind == "workspace.save":
            await self._save(content.get("id"), content.get("path"), content.get("content"))
        else:
            await self._error(f"unknown message type {kind!r}")

    async def _kubectl(self, request_id: Any, command: Any) -> None:
        """A line typed into the terminal (with its heredoc's body, if it opened one)."""
        if not isinstance(command, str) or len(command) > MAX_COMMAND:
            await self._error(
                f"a kubectl message needs a command string of at most {MAX_COMMAND // 1024} KiB"
            )
            return
        request_id = _request_id(request_id)
        if self.streaming is not None or self.session is not None:
            await self._result(request_id, "", BUSY if self.session is None else IN_SESSION, 1)
            return
        outcome = await sync_to_async(terminal.run)(self.cluster, command)
        match outcome:
            case terminal.Printed(stdout, stderr, code):
                await self._result(request_id, stdout, stderr, code)
            case terminal.RunKubectl(argv, "", _, None) if opening := exec_session.recognise(argv):
                await self._open_session(request_id, opening)
            case terminal.RunKubectl(argv, "", _, None) if attaching := attach_session.recognise(
                argv
            ):  # it waits for its pod to run: the terminal is busy meanwhile, as when streaming
                self.streaming = asyncio.ensure_future(self._open_session(request_id, attaching))
            case terminal.RunKubectl(argv, stdin, files, None) if line := streaming.recognise(
                self.cluster, argv, streams.Given(stdin, files)
            ):
                self.streaming = asyncio.ensure_future(self._stream(request_id, line))
            case terminal.RunKubectl(argv, stdin, files, output):
                if output is not None:
                    self.next_output += 1
                    self.outputs[self.next_output] = (request_id, output)
                    request_id = [OUTPUT, self.next_output]
                await services.send(
                    tasks.kubectl, self.cluster, argv, stdin, self.channel_name, request_id, files
                )
            case terminal.OpenEditor(path, text):
                await self._reply("shell.edit", request_id, path=path, content=text)
            case shell.Incomplete(delimiter):
                await self._reply("shell.more", request_id, delimiter=delimiter)
            case shell.Local(name):
                await self._reply("shell.local", request_id, name=name)

    async def _stream(self, request_id: Any, line: streaming.Line) -> None:
        """A streaming kubectl's output as it comes, then its result, unless interrupted; the
        browser hears that it streams once it does (its watch is open, its first output out).
        A command that ends by itself (a rollout done, a timeout) frees the terminal before it
        says so, so the next line the browser sends is not refused as busy."""
        try:
            async with contextlib.aclosing(streaming.run(self.cluster, line)) as outputs:
                async for output in outputs:
                    if output.code is not None:
                        self._release()
                        await self._result(request_id, output.stdout, output.stderr, output.code)
                        continue
                    if output.first:
                        await self._reply("kubectl.stream", request_id)
                    if output.stdout or output.stderr:
                        await self._reply(
                            "kubectl.output", request_id, stdout=output.stdout, stderr=output.stderr
                        )
        except Exception:  # a fault of ours: said, as the worker says one, and the terminal freed
            log.exception("cluster %s: streaming kubectl failed", self.cluster.id)
            self._release()
            await self._result(request_id, "", INTERNAL_ERROR, 1)
        finally:
            self._release()

    async def _open_session(
        self, request_id: Any, line: exec_session.Line | attach_session.Line
    ) -> None:
        """kubectl exec -it POD -- sh, or kubectl run -it (attach -it) to a shell: the
        shell's first prompt, or why there is none."""
        try:
            if isinstance(line, exec_session.Line):
                self.session, reply = await exec_session.start(self.cluster, line)
            else:
                self.session, reply = await attach_session.start(self.cluster, line)
        except services.ClusterUnavailable as error:
            await self._result(request_id, "", f"error: {error}\n", 1)
            return
        finally:
            self._release()
        if self.session is None:
            await self._result(request_id, reply.stdout, reply.stderr, reply.code or 0)
            return
        fields = {"stdout": reply.stdout, "stderr": reply.stderr, "prompt": reply.prompt}
        await self._reply("exec.open", request_id, **fields)

    async def _session_line(self, request_id: Any, line: Any, end: bool) -> None:
        """A line typed in the container's shell (exec.eof: Ctrl-D), and what it printed;
        `exitCode` says the shell has exited, and the terminal is the terminal's again."""
        if self.session is None or not (end or isinstance(line, str)):
            await self._error("exec.line needs an open session and a line string")
            return
        text = None if end else line
        if isinstance(self.session, exec_session.Session):
            reply = await exec_session.run(self.session, text)
        else:
            reply = await attach_session.run(self.session, text)
        if reply.code is not None:
            self.session = None
        fields = {"stdout": reply.stdout, "stderr": reply.stderr, "prompt": reply.prompt}
        fields |= {"more": reply.more, "exitCode": reply.code}
        await self._reply("exec.output", _request_id(request_id), **fields)

    def _release(self) -> None:
        """The terminal is free, if this task is the stream that held it."""
        if self.streaming is asyncio.current_task():
            self.streaming = None

    async def _interrupt(self) -> None:
        """Ctrl-C: the streaming command stops (the terminal has printed ^C already). The
        terminal is free at once: the stream's clean-up (closing its watch) goes on without
        holding up the next line, and a stream cancelled before it started has none."""
        task, self.streaming = self.streaming, None
        if task is not None:
            task.cancel()
        if isinstance(self.session, exec_session.Session):
            self.session.shell.interrupt()

    async def _complete(self, request_id: Any, line: Any) -> None:
        """Tab: what the line's last word may become, and where that word starts (in UTF-16
        code units, as the browser counts)."""
        if not isinstance(line, str) or len(line) > MAX_COMMAND:
            await self._error("a complete message needs a line string")
            return
        files = await sync_to_async(workspace.workspace_names)(self.cluster)
        found = completion.complete(line, files)
        candidates = found.candidates
        if found.lookup is not None:
            candidates = completion.with_names(found, await self._names(found.lookup))
        await self._reply(
            "complete.result",
            _request_id(request_id),
            line=line,
            start=len(line[: found.start].encode("utf-16-le")) // 2,
            candidates=candidates[:MAX_CANDIDATES],
        )

    async def _names(self, lookup: completion.Lookup) -> list[str]:
        """The names of a resource's objects, as kubectl's completion lists them."""
        argv = ["get", lookup.resource, "-o", "name"]
        if lookup.namespace:
            argv += ["--namespace", lookup.namespace]
        try:
            reply = await services.kubectl(self.cluster, argv)
        except services.ClusterUnavailable:
            return []
        return [line.rsplit("/", 1)[-1] for line in reply["stdout"].splitlines()]

    async def _save(self, request_id: Any, path: Any, content: Any) -> None:
        """The editor's Save."""
        if not isinstance(path, str) or not isinstance(content, str):
            await self._error("a workspace.save message needs a path and a content string")
            return
        error = await sync_to_async(terminal.save)(self.cluster, path, content)
        await self._reply("workspace.saved", _request_id(request_id), path=path, error=error)

    async def _watch(self) -> None:
        await sync_to_async(services.watch)(self.cluster, self.channel_name, WATCH_SECONDS)

    async def _result(self, request_id: Any, stdout: str, stderr: str, code: int) -> None:
        await self._reply("kubectl.result", request_id, stdout=stdout, stderr=stderr, exitCode=code)

    async def send_json(self, content: Any, close: bool = False) -> None:
        """Send `content`, in pieces if it is larger than one websocket message may be."""
        for text in framing.encoded(content):
            await self.send(text_data=text)
        if close:
            await self.close()

    async def _reply(self, kind: str, request_id: Any, **fields: Any) -> None:
        await self.send_json({"type": kind, "id": request_id, **fields})

    async def _error(self, message: str) -> None:
        await self.send_json({"type": "error", "message": message})

    # -- from the cluster's worker ------------------------------------------------------

    async def cluster_update(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])

    async def cluster_snapshot(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])

    async def kubectl_result(self, event: dict[str, Any]) -> None:
        answer = {k: v for k, v in event.items() if k != "type"} | {"type": "kubectl.result"}
        if "files" in answer:  # its kubeconfig, which the workspace keeps
            answer = await sync_to_async(workspace.keep_kubectl_files)(self.cluster, answer)
        match event.get("id"):
            case [str() as marker, int() as number] if marker == OUTPUT and number in self.outputs:
                answer = await self._written(answer, *self.outputs.pop(number))
        await self.send_json(answer)

    async def _written(self, answer: dict[str, Any], request_id: Any, path: str) -> dict[str, Any]:
        """kubectl's answer once its stdout went to a workspace file, as `> FILE` has it."""
        error = await sync_to_async(terminal.save)(self.cluster, path, answer["stdout"])
        answer = {key: value for key, value in answer.items() if key != "chunks"}  # stderr alone
        if error is None:
            return answer | {"id": request_id, "stdout": ""}
        stderr = f"{answer['stderr']}bash: {error}\n"
        return answer | {"id": request_id, "stdout": "", "stderr": stderr, "exitCode": 1}


def _request_id(value: Any) -> int | str | None:
    """The browser's id for a request, echoed in the answer: a number or a string only."""
    return value if isinstance(value, int | str) else None
