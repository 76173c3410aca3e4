"""Reading a program's command-line options, as the Go flag package and getopt do."""

from __future__ import annotations


def value(argv: list[str], name: str, attached: str = "=") -> str | None:
    """The value of option `name`: `NAME VALUE`, or NAME then `attached` then the value
    (`--port=80`; with `attached=""`, getopt's `-T5`); None when it is not given."""
    for arg, following in zip(argv, [*argv[1:], ""], strict=True):
        if arg == name:
            return following
        if arg.startswith(name + attached) and len(arg) > len(name + attached):
            return arg[len(name + attached) :]
    return None
