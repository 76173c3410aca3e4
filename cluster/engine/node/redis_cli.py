"""redis-cli, run by exec or in a script: `redis-cli [-h HOST] [-p PORT] [-n DB] [CMD ARG...]`
sends one command, and without one it sends each line it reads on stdin. It prints replies
as on a terminal when its output is one (`kubectl exec -t`: "v", (nil), (integer) 1) and
raw otherwise; --raw and --no-raw decide instead.
Failing to connect, it says why on stderr and exits 1; a reply that is an error still
exits 0, as without `-e`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from cluster.engine.api.meta import Object
from cluster.engine.node import network, redis, resolver, shell_session
from cluster.engine.node.images import Image, Reference
from cluster.engine.node.process import Line, Process, text

if TYPE_CHECKING:
    from cluster.engine.node.programs import Context

CONNECT_TIMEOUT_MS = 134_000  # a connection to an address nothing routes to gives up
INVALID = "Invalid argument(s)\n"  # what it prints for a line it cannot split
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}


class InvalidArguments(Exception):
    """A line sdssplitargs cannot split (an unbalanced quote)."""


@dataclass(frozen=True, slots=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 6379
    db: int = 0
    output: str = ""  # --raw or --no-raw; else as its stdout is a terminal or not


def redis_cli(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    try:
        options, command = _options(argv[1:])
    except ValueError as error:
        return _failed(str(error))
    lines = [command] if command else _read(context.stdin)
    commands = [words for words in lines if words is not None]
    if not commands:
        return _printed([INVALID] * len(lines))
    selected = [["SELECT", str(options.db)]] if options.db else []
    replies = _converse(context, options, selected + commands)
    if isinstance(replies, Process):
        return replies
    if selected and replies[0].kind == "error":
        return _failed(f"SELECT {options.db} failed: {replies[0].value}")
    tty = options.output == "--no-raw" or (context.tty and not options.output)
    answers = iter(replies[len(selected) :])
    shown = [INVALID if words is None else _shown(next(answers), tty) for words in lines]
    return _printed(shown)


def _options(args: list[str]) -> tuple[Options, list[str]]:
    """The options before the command, and the command (ValueError: an option unknown)."""
    options, i = Options(), 0
    while i < len(args) and args[i].startswith("-"):
        option = args[i]
        if option in ("-h", "-p", "-n") and i + 1 < len(args):
            value = args[i + 1]
            field = {"-h": "host", "-p": "port", "-n": "db"}[option]
            options = replace(options, **{field: value if option == "-h" else _number(value)})
            i += 2
        elif option in ("--raw", "--no-raw"):
            options = replace(options, output=option)
            i += 1
        else:
            raise ValueError(f"Unrecognized option or bad number of args for: '{option}'")
    return options, args[i:]


def _converse(
    context: Context, options: Options, commands: list[list[str]]
) -> list[redis.Reply] | Process:
    """The replies of the server the options name, or redis-cli failing to reach it."""
    net = context.pod_network()
    where = f"Could not connect to Redis at {options.host}:{options.port}"
    found = _lookup(net, options.host)
    took = found.elapsed_ms
    if found.error:
        return _failed(f"{where}: {resolver.message(net.libc, found.error)}", took)
    try:
        replies = net.redis(found.address, options.port, commands)
    except network.Unreachable:
        return _failed(f"{where}: Connection timed out", took + CONNECT_TIMEOUT_MS)
    if replies is None:
        return _failed(f"{where}: Connection refused", took)
    if replies is network.NOT_REDIS:
        return _failed('Error: Protocol error, got "H" as reply type byte')
    return replies


def _lookup(net: network.Network, host: str) -> resolver.Lookup:
    """hiredis' getaddrinfo: IPv4 addresses, and failing that IPv6 ones; the second
    lookup's error, the time of both."""
    names = resolver.Resolver(net)
    found = names.getaddrinfo(host, resolver.IPV4)
    if found.error:
        found = names.getaddrinfo(host, resolver.IPV6)
    return resolver.Lookup(found.addresses, found.error, names.elapsed_ms)


def _shown(reply: redis.Reply, tty: bool) -> str:
    return tty_format(reply) if tty else redis.raw(reply) + "\n"


def _printed(shown: list[str]) -> Process:
    lines = "".join(shown).split("\n")[:-1]
    return Process(tuple(Line(0, text(line)) for line in lines), exit_ms=0)


def _number(value: str) -> int:
    """atoi: the leading digits, 0 without any."""
    digits = value[: len(value) - len(value.lstrip("0123456789"))]
    return int(digits or "0")


def _failed(message: str, after_ms: int = 0) -> Process:
    return Process((Line(after_ms, text(message), "stderr"),), exit_ms=after_ms, exit_code=1)


def _read(stdin: str) -> list[list[str] | None]:
    """The commands of the lines read on stdin (None: a line that does not split); blank
    lines send nothing."""
    found: list[list[str] | None] = []
    for line in stdin.splitlines():
        try:
            words = split_args(line)
        except InvalidArguments:
            found.append(None)
            continue
        if words:
            found.append(words)
    return found


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


# -- the interactive prompt ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplLine:
    """What a line typed at redis-cli's prompt gave: its output, the session's state after
    it (None: redis-cli quit) and the next prompt."""

    output: str = ""
    state: Object | None = None
    prompt: str = ""


def prompts(argv: list[str]) -> bool:
    """Whether redis-cli given these arguments prompts for commands (at a terminal): it is
    given options alone."""
    try:
        return not _options(argv[1:])[1]
    except ValueError:
        return False


def repl(context: Context, session: Object, argv: list[str]) -> ReplLine:
    """`redis-cli [OPTIONS]` at a terminal: it reads a command a line ([redis-cli, -c,
    LINE] in a session that has begun), sends it to the server the options name and prints
    the reply as on a terminal. The session keeps that server and the database selected."""
    if "program" not in session:
        options = _options(argv[1:])[0]
        return _prompted(context, "", options, _send(context, options, [])[1])
    options = Options(session["host"], session["port"], session["db"])
    try:
        words = split_args(argv[2] if len(argv) > 2 else "")
    except InvalidArguments:
        return _prompted(context, INVALID, options, connected=True)
    if not words:
        return _prompted(context, "", options, connected=True)
    if words[0].lower() in ("quit", "exit"):
        return ReplLine()
    selected = [["SELECT", str(options.db)]] if options.db else []
    replies, connected = _send(context, options, [*selected, words])
    if not connected:
        return _prompted(context, replies, options, connected=False)
    reply = replies[-1]
    if words[0].lower() == "select" and reply == redis.OK:
        options = replace(options, db=int(words[1]))
    return _prompted(context, tty_format(reply), options, connected=True)


def _send(context: Context, options: Options, commands: list[list[str]]) -> tuple[Any, bool]:
    """The server's replies and True; or what redis-cli says of not reaching it, and False."""
    replies = _converse(context, options, commands)
    if isinstance(replies, Process):
        said = "".join("".join(line.text) + line.end for line in replies.lines)
        return said, False
    return replies, True


def _prompted(context: Context, output: Any, options: Options, connected: bool) -> ReplLine:
    state = {
        "program": "redis-cli",
        "interactive": True,
        "host": options.host,
        "port": options.port,
        "db": options.db,
    }
    where = f"{options.host}:{options.port}" + (f"[{options.db}]" if options.db else "")
    return ReplLine(output, state, f"{where}> " if connected else "not connected> ")


def check_session(state: Any) -> None:
    """ValueError unless `state` is one `repl` gives."""
    if not isinstance(state, dict) or state.get("program") != "redis-cli":
        raise ValueError("a redis-cli session's state names its program")
    kinds = {"program": str, "interactive": bool, "host": str, "port": int, "db": int}
    fields = set(shell_session.without_runtime(state))
    if fields != set(kinds) or any(type(state[k]) is not t for k, t in kinds.items()):
        raise ValueError(f"a redis-cli session's state has these fields: {', '.join(kinds)}")
    if not 0 <= state["db"] < redis.DATABASES:
        raise ValueError(f"a redis-cli session's database is one of 0 to {redis.DATABASES - 1}")
