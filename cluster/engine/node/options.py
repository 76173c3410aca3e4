"""Reading a program's command-line options, as the Go flag package and getopt do."""

from __future__ import annotations

import re
from dataclasses import dataclass


def value(argv: list[str], name: str, attached: str = "=") -> str | None:
    """The value of option `name`: `NAME VALUE`, or NAME then `attached` then the value
    (`--port=80`; with `attached=""`, getopt's `-T5`); None when it is not given."""
    for arg, following in zip(argv, [*argv[1:], ""], strict=True):
        if arg == name:
            return following
        if arg.startswith(name + attached) and len(arg) > len(name + attached):
            return arg[len(name + attached) :]
    return None


@dataclass(frozen=True, slots=True)
class GoFlag:
    """A flag a Go program defines with the flag package: bool or int, its default and
    its usage line."""

    name: str
    kind: str  # "bool" or "int"
    default: str
    usage: str


class GoFlagError(Exception):
    """What flag.Parse says before the usage when a flag is wrong ("" for -h and -help)."""


_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def go_flags(argv: list[str], flags: tuple[GoFlag, ...]) -> dict[str, str]:
    """flag.Parse of argv[1:]: each flag's value (bools as "true"/"false"), up to the first
    word that is no flag or after `--` (GoFlagError: what is wrong)."""
    defined = {flag.name: flag for flag in flags}
    values = {flag.name: flag.default for flag in flags}
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        name, has_value, given = arg.lstrip("-").partition("=")
        if not name or arg.startswith("---"):  # "-=x", "---x": no name after one or two -
            raise GoFlagError(f"bad flag syntax: {arg}")
        flag = defined.get(name)
        if flag is None:
            if name in ("h", "help"):
                raise GoFlagError("")
            raise GoFlagError(f"flag provided but not defined: -{name}")
        if flag.kind == "bool":
            values[name] = _go_bool(given if has_value else "true", name)
            continue
        if not has_value:
            if not args:
                raise GoFlagError(f"flag needs an argument: -{name}")
            given = args.pop(0)
        values[name] = _go_int(given, name)
    return values


def _go_bool(given: str, name: str) -> str:
    if given in _TRUE:
        return "true"
    if given in _FALSE:
        return "false"
    raise GoFlagError(f'invalid boolean value "{given}" for -{name}: parse error')


def _go_int(given: str, name: str) -> str:
    """strconv.ParseInt(given, 0, 64): decimal, or 0x, 0o, 0b and 0 prefixed."""
    try:
        if not re.fullmatch(r"[+-]?\w+", given):
            raise ValueError(given)
        number = int(given, 8) if re.fullmatch(r"[+-]?0\d+", given) else int(given, 0)
    except ValueError:
        raise GoFlagError(f'invalid value "{given}" for flag -{name}: parse error') from None
    if not -(1 << 63) <= number < 1 << 63:
        raise GoFlagError(f'invalid value "{given}" for flag -{name}: value out of range')
    return str(number)


def go_usage(program: str, flags: tuple[GoFlag, ...]) -> str:
    """The flag package's usage: each flag, sorted, with its type and a default that is not
    the zero value."""
    lines = [f"Usage of {program}:\n"]
    for flag in sorted(flags, key=lambda f: f.name):
        kind = "" if flag.kind == "bool" else f" {flag.kind}"
        zero = flag.default in ("false", "0")
        default = "" if zero else f" (default {flag.default})"
        lines.append(f"  -{flag.name}{kind}\n    \t{flag.usage}{default}\n")
    return "".join(lines)
