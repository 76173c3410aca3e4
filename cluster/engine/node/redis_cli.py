"""redis-cli, run by exec or in a script: `redis-cli [-h HOST] [-p PORT] [-n DB] [CMD ARG...]`
sends one command, and without one it sends each line it reads on stdin. Its output is
what it prints when it does not write to a terminal (raw); --no-raw asks for a terminal's.
Failing to connect, it says why on stderr and exits 1; a reply that is an error still
exits 0, as without `-e`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node import network, redis
from cluster.engine.node.images import Image, Reference
from cluster.engine.node.process import Line, Process, text

if TYPE_CHECKING:
    from cluster.engine.node.programs import Context

CONNECT_TIMEOUT_MS = 134_000  # a connection to an address nothing routes to gives up
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}


class InvalidArguments(Exception):
    """A line sdssplitargs cannot split (an unbalanced quote)."""


def redis_cli(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    host, port, db, tty, i = "127.0.0.1", 6379, 0, False, 1
    while i < len(argv) and argv[i].startswith("-"):
        option = argv[i]
        if option in ("-h", "-p", "-n") and i + 1 < len(argv):
            value = argv[i + 1]
            host = value if option == "-h" else host
            port = _number(value) if option == "-p" else port
            db = _number(value) if option == "-n" else db
            i += 2
        elif option in ("--raw", "--no-raw"):
            tty = option == "--no-raw"
            i += 1
        else:
            return _failed(f"Unrecognized option or bad number of args for: '{option}'")
    try:
        commands = [argv[i:]] if argv[i:] else _read(context.stdin)
    except InvalidArguments:
        return _failed("Invalid argument(s)")
    if not commands:
        return Process(exit_ms=0)
    net = network.Network(context.pod_ip, context.hostname, converse=context.converse)
    where = f"Could not connect to Redis at {host}:{port}"
    try:
        selected = [["SELECT", str(db)]] if db else []
        replies = net.redis(net.address(host), port, selected + commands)
    except network.Unresolved:
        return _failed(f"{where}: Name or service not known")
    except network.Unreachable:
        return _failed(f"{where}: Connection timed out", CONNECT_TIMEOUT_MS)
    if replies is None:
        return _failed(f"{where}: Connection refused")
    if replies is network.NOT_REDIS:
        return _failed('Error: Protocol error, got "H" as reply type byte')
    if selected and replies[0].kind == "error":
        return _failed(f"SELECT {db} failed: {replies[0].value}")
    shown = "".join(
        (tty_format(r) if tty else redis.raw(r) + "\n") for r in replies[len(selected) :]
    )
    lines = shown.split("\n")[:-1]
    return Process(tuple(Line(0, text(line)) for line in lines), exit_ms=0)


def _number(value: str) -> int:
    """atoi: the leading digits, 0 without any."""
    digits = value[: len(value) - len(value.lstrip("0123456789"))]
    return int(digits or "0")


def _failed(message: str, after_ms: int = 0) -> Process:
    return Process((Line(after_ms, text(message), "stderr"),), exit_ms=after_ms, exit_code=1)


def _read(stdin: str) -> list[list[str]]:
    """The commands of the lines read on stdin; blank lines send nothing."""
    return [words for line in stdin.splitlines() if (words := split_args(line))]


def split_args(line: str) -> list[str]:
    """sdssplitargs: words apart by spaces; "double quotes" with backslash escapes, 'single
    quotes' with \\' alone; a closing quote must end its word."""
    words: list[str] = []
    i = 0
    while True:
        while i < len(line) and line[i].isspace():
            i += 1
        if i >= len(line):
            return words
        word: list[str] = []
        while i < len(line) and not line[i].isspace():
            quote = line[i]
            if quote not in "\"'":
                word.append(quote)
                i += 1
                continue
            i = _quoted(line, i + 1, quote, word)
            if i < len(line) and not line[i].isspace():
                raise InvalidArguments(line)
        words.append("".join(word))


def _quoted(line: str, i: int, quote: str, word: list[str]) -> int:
    """Read a quoted part from just after its opening quote; where it ends."""
    while i < len(line) and line[i] != quote:
        if line[i] == "\\" and i + 1 < len(line):
            escaped = line[i + 1]
            if quote == '"':
                word.append(_ESCAPES.get(escaped, escaped))
                i += 2
                continue
            if escaped == "'":
                word.append("'")
                i += 2
                continue
        word.append(line[i])
        i += 1
    if i >= len(line):
        raise InvalidArguments(line)
    return i + 1


def tty_format(reply: redis.Reply, prefix: str = "") -> str:
    """cliFormatReplyTTY: what redis-cli prints on a terminal."""
    if reply.kind == "error":
        return f"(error) {reply.value}\n"
    if reply.kind == "status":
        return f"{reply.value}\n"
    if reply.kind == "integer":
        return f"(integer) {reply.value}\n"
    if reply.kind == "bulk":
        return "(nil)\n" if reply.value is None else f"{_repr(reply.value)}\n"
    items = reply.value
    if not items:
        return "(empty array)\n"
    width = len(str(len(items)))
    inner = prefix + " " * (width + 2)
    out = []
    for index, item in enumerate(items, 1):
        head = f"{prefix if index > 1 else ''}{index:>{width}}) "
        out.append(head + tty_format(item, inner))
    return "".join(out)


def _repr(value: str) -> str:
    """sdscatrepr: a double-quoted string, with escapes for quotes, backslashes and bytes
    that are not printable."""
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif char in "\n\r\t\a\b":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\a": "\\a", "\b": "\\b"}[char])
        elif char.isprintable() and ord(char) < 128:
            out.append(char)
        else:
            out.extend(f"\\x{byte:02x}" for byte in char.encode())
    return '"' + "".join(out) + '"'
