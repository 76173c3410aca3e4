"""A redis server's keys and the commands that reach them: strings, lists, hashes, key
expiry on the virtual clock, SELECT of a database, and CONFIG GET and SET of the settings
the server started with (its config file, then its `--name value` options).

The keys live in the container's memory (`Keyspace`): a restarted container starts empty,
as a redis without persistence does. Replies are RESP's kinds; the errors are worded as the
server's release words them (7.0 quoted arguments anew).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DATABASES = 16
# CONFIG GET's answers for a server started without those settings, in redis.conf's order
DEFAULTS = (
    ("bind", "* -::*"),
    ("protected-mode", "no"),
    ("port", "6379"),
    ("timeout", "0"),
    ("tcp-keepalive", "300"),
    ("daemonize", "no"),
    ("loglevel", "notice"),
    ("databases", str(DATABASES)),
    ("save", "3600 1 300 100 60 10000"),
    ("dir", "/data"),
    ("maxclients", "10000"),
    ("maxmemory", "0"),
    ("maxmemory-policy", "noeviction"),
    ("maxmemory-samples", "5"),
    ("appendonly", "no"),
    ("appendfsync", "everysec"),
)
MEMORY_SETTINGS = frozenset({"maxmemory"})
_UNITS = {"k": 1000, "kb": 1024, "m": 1000**2, "mb": 1024**2, "g": 1000**3, "gb": 1024**3}
NOT_INTEGER = "ERR value is not an integer or out of range"
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
SYNTAX = "ERR syntax error"


@dataclass(frozen=True, slots=True)
class Reply:
    """A RESP reply: status, error, integer, bulk (None: nil) or array."""

    kind: str
    value: Any = None


OK = Reply("status", "OK")
NIL = Reply("bulk", None)


class CommandError(Exception):
    """A command refused: its error reply."""


@dataclass(slots=True)
class Keyspace:
    """What a server holds: each database's keys, their expiry (virtual ms), its settings
    changed by CONFIG SET."""

    databases: dict[int, dict[str, Any]] = field(default_factory=dict)
    expires: dict[tuple[int, str], int] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    sizes: dict[tuple[int, str], int] = field(default_factory=dict)  # each key's bytes
    bytes: int = 0  # what the keys and their values take of the container's memory

    def account(self, db: int, key: str, value: Any) -> None:
        """Count the key's size anew (its value None: it is gone)."""
        size = 0 if value is None else len(key) + _size(value)
        self.bytes += size - self.sizes.pop((db, key), 0)
        if size:
            self.sizes[db, key] = size

    def forget(self, db: int | None = None) -> None:
        """A database's keys (every one's: None) are gone."""
        for db_key in [k for k in self.sizes if db is None or k[0] == db]:
            self.bytes -= self.sizes.pop(db_key)


def _size(value: Any) -> int:
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, list):
        return sum(len(item.encode()) for item in value)
    return sum(len(name.encode()) + len(item.encode()) for name, item in value.items())


@dataclass(slots=True)
class Connection:
    """One client's connection: the database it selected."""

    keyspace: Keyspace
    config: tuple[tuple[str, str], ...]  # what the server started with
    version: tuple[int, ...]
    now_ms: int
    db: int = 0

    @property
    def keys(self) -> dict[str, Any]:
        return self.keyspace.databases.setdefault(self.db, {})

    def run(self, argv: list[str]) -> Reply:
        """The reply to one command."""
        name = argv[0].lower() if argv else ""
        found = COMMANDS.get(name)
        if found is None:
            return Reply("error", self._unknown(argv))
        arity, handler = found
        if len(argv) < abs(arity) or (arity > 0 and len(argv) != arity):
            return Reply("error", f"ERR wrong number of arguments for '{name}' command")
        self._expire()
        try:
            reply = handler(self, argv[1:])
        except CommandError as error:
            return Reply("error", str(error))
        for word in argv[1:]:  # the keys it named may have grown, shrunk or gone
            self.keyspace.account(self.db, word, self.keys.get(word))
        return reply

    def _unknown(self, argv: list[str]) -> str:
        args = argv[1:]
        if self.version >= (7,):
            quoted = "".join(f"'{a}' " for a in args)
            return f"ERR unknown command '{argv[0]}', with args beginning with: {quoted}"
        quoted = "".join(f"`{a}`, " for a in args)
        return f"ERR unknown command `{argv[0]}`, with args beginning with: {quoted}"

    def _expire(self) -> None:
        """Keys whose time is up are gone before any command reads them."""
        for (db, key), at in list(self.keyspace.expires.items()):
            if at <= self.now_ms:
                self.keyspace.databases.get(db, {}).pop(key, None)
                del self.keyspace.expires[db, key]
                self.keyspace.account(db, key, None)

    def value(self, key: str, kind: type) -> Any:
        found = self.keys.get(key)
        if found is not None and not isinstance(found, kind):
            raise CommandError(WRONGTYPE)
        return found

    def store(self, key: str, value: Any, keep_ttl: bool = False) -> None:
        self.keys[key] = value
        if not keep_ttl:
            self.keyspace.expires.pop((self.db, key), None)

    def delete(self, key: str) -> bool:
        self.keyspace.expires.pop((self.db, key), None)
        return self.keys.pop(key, None) is not None

    def setting(self, name: str) -> str | None:
        started = dict(DEFAULTS) | dict(self.config)
        return self.keyspace.settings.get(name, started.get(name))


def integer(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise CommandError(NOT_INTEGER) from None


def memory_bytes(text: str) -> str:
    """A memory setting in bytes, as redis reads `2mb` or `1g`."""
    lowered = text.lower()
    for unit in ("kb", "mb", "gb", "k", "m", "g"):
        if lowered.endswith(unit) and lowered[: -len(unit)].isdigit():
            return str(int(lowered[: -len(unit)]) * _UNITS[unit])
    return lowered


def parse_config(text: str) -> list[tuple[str, str]]:
    """The settings of a redis.conf: `name value...` lines; `#` comments and blanks."""
    found = []
    for line in text.splitlines():
        words = line.split(None, 1)
        if words and not words[0].startswith("#"):
            name = words[0].lower()
            value = words[1].strip().strip('"') if len(words) > 1 else ""
            found.append((name, memory_bytes(value) if name in MEMORY_SETTINGS else value))
    return found


# -- the commands ----------------------------------------------------------------------


def _ping(c: Connection, args: list[str]) -> Reply:
    if len(args) > 1:
        raise CommandError("ERR wrong number of arguments for 'ping' command")
    return Reply("bulk", args[0]) if args else Reply("status", "PONG")


def _echo(c: Connection, args: list[str]) -> Reply:
    return Reply("bulk", args[0])


def _set(c: Connection, args: list[str]) -> Reply:
    key, value, options = args[0], args[1], [a.upper() for a in args[2:]]
    expires_ms: int | None = None
    condition = ""
    i = 0
    while i < len(options):
        option = options[i]
        if option in ("NX", "XX") and not condition:
            condition = option
        elif option in ("EX", "PX") and expires_ms is None and i + 1 < len(options):
            amount = integer(args[2 + i + 1])
            if amount <= 0:
                where = "'set' command" if c.version >= (7,) else "set"
                raise CommandError(f"ERR invalid expire time in {where}")
            expires_ms = amount * (1000 if option == "EX" else 1)
            i += 1
        else:
            raise CommandError(SYNTAX)
        i += 1
    exists = key in c.keys
    if (condition == "NX" and exists) or (condition == "XX" and not exists):
        return NIL
    c.store(key, value)
    if expires_ms is not None:
        c.keyspace.expires[c.db, key] = c.now_ms + expires_ms
    return OK


def _setnx(c: Connection, args: list[str]) -> Reply:
    if args[0] in c.keys:
        return Reply("integer", 0)
    c.store(args[0], args[1])
    return Reply("integer", 1)


def _setex(c: Connection, args: list[str]) -> Reply:
    return _set(c, [args[0], args[2], "EX", args[1]])


def _get(c: Connection, args: list[str]) -> Reply:
    return Reply("bulk", c.value(args[0], str))


def _mget(c: Connection, args: list[str]) -> Reply:
    values = (c.keys.get(key) for key in args)
    return Reply("array", tuple(Reply("bulk", v if isinstance(v, str) else None) for v in values))


def _mset(c: Connection, args: list[str]) -> Reply:
    if len(args) % 2:
        raise CommandError("ERR wrong number of arguments for 'mset' command")
    for key, value in zip(args[::2], args[1::2], strict=True):
        c.store(key, value)
    return OK


def _append(c: Connection, args: list[str]) -> Reply:
    value = (c.value(args[0], str) or "") + args[1]
    c.store(args[0], value, keep_ttl=True)
    return Reply("integer", len(value.encode()))


def _strlen(c: Connection, args: list[str]) -> Reply:
    return Reply("integer", len((c.value(args[0], str) or "").encode()))


def _incr_by(c: Connection, key: str, by: int) -> Reply:
    current = c.value(key, str)
    value = integer(current if current is not None else "0") + by
    c.store(key, str(value), keep_ttl=True)
    return Reply("integer", value)


def _del(c: Connection, args: list[str]) -> Reply:
    return Reply("integer", sum(c.delete(key) for key in args))


def _exists(c: Connection, args: list[str]) -> Reply:
    return Reply("integer", sum(key in c.keys for key in args))


def _keys(c: Connection, args: list[str]) -> Reply:
    found = [key for key in c.keys if fnmatch.fnmatchcase(key, args[0])]
    return Reply("array", tuple(Reply("bulk", key) for key in found))


def _type(c: Connection, args: list[str]) -> Reply:
    value = c.keys.get(args[0])
    kinds = {str: "string", list: "list", dict: "hash"}
    return Reply("status", kinds[type(value)] if value is not None else "none")


def _expire_in(c: Connection, key: str, ms: int) -> Reply:
    if key not in c.keys:
        return Reply("integer", 0)
    if ms <= 0:
        c.delete(key)
    else:
        c.keyspace.expires[c.db, key] = c.now_ms + ms
    return Reply("integer", 1)


def _ttl(c: Connection, key: str, unit_ms: int) -> Reply:
    if key not in c.keys:
        return Reply("integer", -2)
    at = c.keyspace.expires.get((c.db, key))
    if at is None:
        return Reply("integer", -1)
    return Reply("integer", (at - c.now_ms + unit_ms // 2) // unit_ms)


def _persist(c: Connection, args: list[str]) -> Reply:
    had = c.keyspace.expires.pop((c.db, args[0]), None)
    return Reply("integer", int(had is not None and args[0] in c.keys))


def _dbsize(c: Connection, args: list[str]) -> Reply:
    return Reply("integer", len(c.keys))


def _flushdb(c: Connection, args: list[str]) -> Reply:
    for key in list(c.keys):
        c.delete(key)
    c.keyspace.forget(c.db)
    return OK


def _flushall(c: Connection, args: list[str]) -> Reply:
    c.keyspace.databases.clear()
    c.keyspace.expires.clear()
    c.keyspace.forget()
    return OK


def _select(c: Connection, args: list[str]) -> Reply:
    index = integer(args[0])
    if not 0 <= index < DATABASES:
        raise CommandError("ERR DB index is out of range")
    c.db = index
    return OK


def _push(c: Connection, args: list[str], left: bool) -> Reply:
    items = c.value(args[0], list)
    items = [] if items is None else items
    for value in args[1:]:
        if left:
            items.insert(0, value)
        else:
            items.append(value)
    c.store(args[0], items, keep_ttl=True)
    return Reply("integer", len(items))


def _pop(c: Connection, args: list[str], left: bool) -> Reply:
    items = c.value(args[0], list)
    if not items:
        return NIL
    value = items.pop(0 if left else -1)
    if not items:
        c.delete(args[0])
    return Reply("bulk", value)


def _lrange(c: Connection, args: list[str]) -> Reply:
    items = c.value(args[0], list) or []
    start, stop = integer(args[1]), integer(args[2])
    start = max(start + len(items) if start < 0 else start, 0)
    stop = stop + len(items) if stop < 0 else stop
    return Reply("array", tuple(Reply("bulk", v) for v in items[start : stop + 1]))


def _llen(c: Connection, args: list[str]) -> Reply:
    return Reply("integer", len(c.value(args[0], list) or ()))


def _hset(c: Connection, args: list[str]) -> Reply:
    if len(args) % 2 == 0:
        raise CommandError("ERR wrong number of arguments for 'hset' command")
    fields = c.value(args[0], dict)
    fields = {} if fields is None else fields
    added = sum(name not in fields for name in args[1::2])
    fields.update(zip(args[1::2], args[2::2], strict=True))
    c.store(args[0], fields, keep_ttl=True)
    return Reply("integer", added)


def _hget(c: Connection, args: list[str]) -> Reply:
    return Reply("bulk", (c.value(args[0], dict) or {}).get(args[1]))


def _hgetall(c: Connection, args: list[str]) -> Reply:
    fields = c.value(args[0], dict) or {}
    return Reply("array", tuple(Reply("bulk", x) for pair in fields.items() for x in pair))


def _hdel(c: Connection, args: list[str]) -> Reply:
    fields = c.value(args[0], dict) or {}
    removed = sum(fields.pop(name, None) is not None for name in args[1:])
    if not fields:
        c.delete(args[0])
    return Reply("integer", removed)


def _hlen(c: Connection, args: list[str]) -> Reply:
    return Reply("integer", len(c.value(args[0], dict) or ()))


def _hkeys(c: Connection, args: list[str]) -> Reply:
    return Reply("array", tuple(Reply("bulk", k) for k in c.value(args[0], dict) or ()))


def _config(c: Connection, args: list[str]) -> Reply:
    sub = args[0].lower()
    if sub == "get" and len(args) == 2:
        names = [name for name, _ in (*DEFAULTS, *c.config)]
        matched = dict.fromkeys(n for n in names if fnmatch.fnmatchcase(n, args[1].lower()))
        pairs = ((name, c.setting(name) or "") for name in matched)
        return Reply("array", tuple(Reply("bulk", x) for pair in pairs for x in pair))
    if sub == "set" and len(args) == 3:
        name = args[1].lower()
        if c.setting(name) is None:
            raise CommandError(f"ERR Unsupported CONFIG parameter: {args[1]}")
        value = memory_bytes(args[2]) if name in MEMORY_SETTINGS else args[2]
        c.keyspace.settings[name] = value
        return OK
    if c.version >= (7,):
        if sub in ("get", "set"):
            raise CommandError(f"ERR wrong number of arguments for 'config|{sub}' command")
        raise CommandError(f"ERR unknown subcommand '{args[0]}'. Try CONFIG HELP.")
    raise CommandError(
        f"ERR Unknown subcommand or wrong number of arguments for '{args[0]}'. Try CONFIG HELP."
    )


Handler = Callable[[Connection, list[str]], Reply]
# name: (arity as redis counts it, the name included; negative: at least), handler
COMMANDS: dict[str, tuple[int, Handler]] = {
    "ping": (-1, _ping),
    "echo": (2, _echo),
    "set": (-3, _set),
    "setnx": (3, _setnx),
    "setex": (4, _setex),
    "get": (2, _get),
    "mget": (-2, _mget),
    "mset": (-3, _mset),
    "append": (3, _append),
    "strlen": (2, _strlen),
    "incr": (2, lambda c, a: _incr_by(c, a[0], 1)),
    "decr": (2, lambda c, a: _incr_by(c, a[0], -1)),
    "incrby": (3, lambda c, a: _incr_by(c, a[0], integer(a[1]))),
    "decrby": (3, lambda c, a: _incr_by(c, a[0], -integer(a[1]))),
    "del": (-2, _del),
    "exists": (-2, _exists),
    "keys": (2, _keys),
    "type": (2, _type),
    "expire": (3, lambda c, a: _expire_in(c, a[0], integer(a[1]) * 1000)),
    "pexpire": (3, lambda c, a: _expire_in(c, a[0], integer(a[1]))),
    "ttl": (2, lambda c, a: _ttl(c, a[0], 1000)),
    "pttl": (2, lambda c, a: _ttl(c, a[0], 1)),
    "persist": (2, _persist),
    "dbsize": (1, _dbsize),
    "flushdb": (-1, _flushdb),
    "flushall": (-1, _flushall),
    "select": (2, _select),
    "lpush": (-3, lambda c, a: _push(c, a, left=True)),
    "rpush": (-3, lambda c, a: _push(c, a, left=False)),
    "lpop": (2, lambda c, a: _pop(c, a, left=True)),
    "rpop": (2, lambda c, a: _pop(c, a, left=False)),
    "lrange": (4, _lrange),
    "llen": (2, _llen),
    "hset": (-4, _hset),
    "hget": (3, _hget),
    "hgetall": (2, _hgetall),
    "hdel": (-3, _hdel),
    "hlen": (2, _hlen),
    "hkeys": (2, _hkeys),
    "config": (-2, _config),
}


def raw(reply: Reply) -> str:
    """redis-cli's output of a reply when it does not write to a terminal (--raw)."""
    if reply.kind == "error":
        return reply.value + "\n"
    if reply.kind == "array":
        return "\n".join(raw(item) for item in reply.value)
    return "" if reply.value is None else str(reply.value)


def resp(reply: Reply) -> str:
    """The reply as the server writes it on the connection (RESP2)."""
    if reply.kind == "status":
        return f"+{reply.value}\r\n"
    if reply.kind == "error":
        return f"-{reply.value}\r\n"
    if reply.kind == "integer":
        return f":{reply.value}\r\n"
    if reply.kind == "bulk":
        if reply.value is None:
            return "$-1\r\n"
        return f"${len(reply.value.encode())}\r\n{reply.value}\r\n"
    return f"*{len(reply.value)}\r\n" + "".join(resp(item) for item in reply.value)
