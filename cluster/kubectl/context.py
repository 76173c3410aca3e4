"""What every command runs with: a way to send API requests, who it is, and its streams."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.request import Credential, Request, Response

Transport = Callable[[Request], Response]
# KubeLab's own controls (the clock, faults): an operation in, its JSON answer out; an answer
# with "error" is a refusal. Not part of Kubernetes' API, so not a request: see cmd/lab.py.
Lab = Callable[[dict[str, Any]], dict[str, Any]]
CLIENT = "kubectl"
# what kubectl 1.37.1 sends; kube-apiserver names the field manager of a write after it
USER_AGENT = "kubectl/v1.37.1 (linux/amd64) kubernetes/f78e722"


class ExitError(Exception):
    """Stops the command with a message for stderr, as kubectl's CheckErr does."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


Chunk = tuple[str, str]  # ("stdout" or "stderr", what was written there)


@dataclass(frozen=True, slots=True)
class Result:
    stdout: str
    stderr: str
    exit_code: int
    files: dict[str, str] = field(default_factory=dict)  # what it wrote (its kubeconfig), by name
    # both streams in the order they were written (only when both were): a terminal shows
    # a server's warning before the table that came with it, as the real kubectl's does
    chunks: tuple[Chunk, ...] = ()


class Stream(io.StringIO):
    """One of a command's output streams, noting each write in a transcript it shares with
    the other, so that a terminal can show the two interleaved."""

    def __init__(self, name: str, transcript: list[Chunk]) -> None:
        super().__init__()
        self.name = name
        self.transcript = transcript

    def write(self, text: str) -> int:
        if text:
            self.transcript.append((self.name, text))
        return super().write(text)


def interleaved(transcript: list[Chunk]) -> tuple[Chunk, ...]:
    """The transcript with each run of writes to one stream joined; nothing when only one
    stream was written to (its text says it all)."""
    chunks: list[Chunk] = []
    for name, text in transcript:
        if chunks and chunks[-1][0] == name:
            chunks[-1] = (name, chunks[-1][1] + text)
        else:
            chunks.append((name, text))
    return tuple(chunks) if len({name for name, _ in chunks}) > 1 else ()


@dataclass
class Context:
    transport: Transport
    credential: Credential | None
    namespace: str = "default"
    now: int = 0  # unix seconds, for ages printed client-side
    stdin: str = ""
    lab: Lab | None = None
    files: dict[str, str] = field(default_factory=dict)  # what `-f NAME` reads, by NAME
    impersonate_user: str = ""  # --as
    impersonate_groups: tuple[str, ...] = ()  # --as-group
    impersonate_uid: str = ""  # --as-uid
    transcript: list[Chunk] = field(default_factory=list)
    # made in __post_init__ on the transcript; passed on as they are by dataclasses.replace,
    # so a copy of the context writes to the same streams
    out: io.StringIO = field(default=None)  # type: ignore[assignment]
    err: io.StringIO = field(default=None)  # type: ignore[assignment]
    warned: set[str] = field(default_factory=set)  # each server warning is printed once
    written: dict[str, str] = field(default_factory=dict)  # the files it wrote, by name
    unreachable: str = ""  # why no request can reach a server (the kubeconfig names none)
    kubeconfig: str = ""  # --kubeconfig: the file read in place of ~/.kube/config

    def __post_init__(self) -> None:
        if self.out is None:
            self.out = Stream("stdout", self.transcript)
        if self.err is None:
            self.err = Stream("stderr", self.transcript)

    def request(
        self, verb: str, resource: str, namespace: str = "", name: str = "", **options: Any
    ) -> Response:
        """Send a request; the server's warnings go to stderr, as kubectl's WarningWriter
        prints them (once each)."""
        if self.unreachable:
            raise ExitError(self.unreachable)
        response = self.transport(
            Request(
                verb,
                resource,
                namespace,
                name,
                credential=self.credential,
                client=CLIENT,
                impersonate_user=self.impersonate_user,
                impersonate_groups=self.impersonate_groups,
                impersonate_uid=self.impersonate_uid,
                **{"user_agent": USER_AGENT, **options},
            )
        )
        for text in response.warnings:
            if text not in self.warned:
                self.warned.add(text)
                self.err.write(f"Warning: {text}\n")
        return response

    def call(
        self, verb: str, resource: str, namespace: str = "", name: str = "", **options: Any
    ) -> Object:
        """A request whose failure ends the command with kubectl's error message."""
        response = self.request(verb, resource, namespace, name, **options)
        if not response.ok:
            raise ExitError(server_error(response.body))
        return response.body


def server_error(status: Object) -> str:
    """StandardErrorMessage / checkErr: how kubectl words a failed request."""
    reason = status.get("reason", "")
    message = status.get("message", "")
    details = status.get("details") or {}
    if reason == "Invalid":
        causes = list(
            dict.fromkeys(  # statusCausesToAggrError drops repeated causes
                f"{c.get('field', '')}: {c.get('message', '')}" for c in details.get("causes") or []
            )
        )
        head = "The request is invalid"
        if details.get("kind") or details.get("name"):
            head = f'The {details.get("kind", "")} "{details.get("name", "")}" is invalid'
        elif message and not causes:
            return f"{head}: {message}"
        if len(causes) == 1:
            return f"{head}: {causes[0]}"
        if causes:
            return f"{head}: \n" + "".join(f"* {cause}\n" for cause in causes).rstrip("\n")
        return head
    if reason == "Unauthorized":
        return f"error: You must be logged in to the server ({message})"
    if reason in ("", "Unknown"):
        return f"Error from server: {message}"
    return f"Error from server ({reason}): {message}"
