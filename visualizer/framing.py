"""Messages to the page, each within one websocket message: Daphne sends at most 1 MiB in one
(its websocket_max_message_size, which also bounds what a browser may send), and closes the
socket on a larger one. A larger message goes in pieces that the page puts together as it
would have taken the whole: a snapshot's pods and an update's object changes in several
updates, a command's output in several pieces before its result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

LIMIT = 1024 * 1024 - 16 * 1024  # Daphne's limit, less room for the frame's own bytes
Message = dict[str, Any]


def encoded(message: Message) -> Iterator[str]:
    """The message as JSON texts, each within LIMIT bytes."""
    text = json.dumps(message)
    size = len(text.encode())
    if size <= LIMIT:
        yield text
        return
    for piece in _pieces(message, size):
        yield from encoded(piece)


def _pieces(message: Message, size: int) -> list[Message]:
    kind = message.get("type")
    if kind == "snapshot" and len(message.get("pods") or ()) > 1:
        return _snapshot(message, size)
    if kind == "update" and len(message.get("objects") or ()) > 1:
        return _update(message, size)
    if kind in ("kubectl.result", "kubectl.output") and len(message.get("stdout") or "") > 1:
        return _output(message)
    megabytes = size / (1024 * 1024)
    return [
        {
            "type": "error",
            "message": f"this {kind} message of {megabytes:.1f} MB is too large to send",
        }
    ]


def _split(items: list[Any], size: int) -> list[list[Any]]:
    """`items` in runs of about half the limit each (at least two runs)."""
    count = max(1, min(len(items) // 2, len(items) * LIMIT // (2 * size)))
    return [items[i : i + count] for i in range(0, len(items), count)]


def _snapshot(message: Message, size: int) -> list[Message]:
    """The snapshot with its first pods, then the others as updates adding them."""
    first, *rest = _split(message["pods"], size)
    added = [
        {"event": "ADDED", "kind": "Pod", "object": pod} for pod in (p for r in rest for p in r)
    ]
    update = {"type": "update", "hops": [], "objects": added, "clock": message["clock"]}
    return [{**message, "pods": first}, update]


def _update(message: Message, size: int) -> list[Message]:
    """The update's hops with its first object changes, then the others, in order."""
    first, *rest = _split(message["objects"], size)
    later = [{**message, "hops": [], "objects": run} for run in rest]
    return [{**message, "objects": first}, *later]


def _output(message: Message) -> list[Message]:
    """A command's standard output in pieces (kubectl.output), the last with the rest."""
    stdout = message["stdout"]
    half = len(stdout) // 2
    head = {
        "type": "kubectl.output",
        "id": message.get("id"),
        "stdout": stdout[:half],
        "stderr": "",
    }
    return [head, {**message, "stdout": stdout[half:]}]
