"""The builtins that change the shell itself rather than the container: its working directory
(`cd`, `pwd`), its aliases and its functions' `return`. What they change is the state an
interactive session carries from one line to the next (see shell_session)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node import applets
from cluster.engine.node.applets import Command
from cluster.engine.node.process import Text, text

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell


class Return(Exception):
    """`return`: the function (or a script run with `.`) ends with this status."""

    def __init__(self, status: int) -> None:
        self.status = status


def cd(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """cd [DIR | -]: HOME without an argument; `-` goes back to OLDPWD and says where."""
    target = argv[1] if len(argv) > 1 else None
    if target is None or target == "-":
        name = "HOME" if target is None else "OLDPWD"
        value = shell.vars.get(name)
        if value is None:
            if shell.context.dialect == "bash":
                shell.err(f"{_prefix(shell)}cd: {name} not set\n")
                return 1
            return 0
        target = shell.plain(value)
    path = shell.path(target)
    if path in shell.files or not applets.is_dir(shell, path):
        why = "Not a directory" if path in shell.files else "No such file or directory"
        shell.err(f"{_prefix(shell)}{_cannot(shell, target, why)}\n")
        return 1
    shell.vars["OLDPWD"], shell.vars["PWD"] = text(shell.cwd), text(path)
    shell.cwd = path
    if argv[1:] == ["-"]:
        shell.out(f"{path}\n")
    return 0


def _cannot(shell: Shell, target: str, why: str) -> str:
    if shell.context.dialect == "bash":
        return f"cd: {target}: {why}"
    if shell.context.dialect == "dash":
        return f"cd: can't cd to {target}"
    return f"cd: can't cd to {target}: {why}"


def _prefix(shell: Shell) -> str:
    """How the shell starts an error message: `bash: `, dash's `sh: 1: `, ash's `sh: `."""
    if shell.context.dialect == "dash":
        return f"{shell.name}: {shell.line}: "
    return f"{shell.name}: "


def pwd(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    shell.out(f"{shell.cwd}\n")
    return 0


def alias(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """alias [NAME[=VALUE]...]: define, or print as they can be typed again."""
    status = 0
    shown = argv[1:] or sorted(shell.aliases)
    for arg in shown:
        name, equals, value = arg.partition("=")
        if equals:
            shell.aliases[name] = value
        elif name in shell.aliases:
            keyword = "alias " if shell.context.dialect == "bash" else ""
            shell.out(f"{keyword}{name}={_quoted(shell.aliases[name])}\n")
        else:
            shell.err(f"{_prefix(shell)}alias: {name}: not found\n")
            status = 1
    return status


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def unalias(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if argv[1:] == ["-a"]:
        shell.aliases.clear()
        return 0
    status = 0
    for name in argv[1:]:
        if shell.aliases.pop(name, None) is None:
            shell.err(f"{_prefix(shell)}unalias: {name}: not found\n")
            status = 1
    return status


def set_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """set [-eux...] [--] [ARG...]: the arguments become the positional parameters (the
    options change nothing here); alone, it lists the variables."""
    args = argv[1:]
    if not args:
        for name in sorted(shell.vars):
            shell.out(f"{name}={_quoted(shell.plain(shell.vars[name]))}\n")
        return 0
    while args and args[0].startswith(("-", "+")) and args[0] != "--":
        args = args[1:]
    if args:
        shell.params = args[1:] if args[:1] == ["--"] else args
    return 0


def return_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    given = argv[1] if len(argv) > 1 else ""
    raise Return(int(given) % 256 if given.lstrip("-").isdigit() else shell.status)


BUILTINS: dict[str, Command] = {
    "cd": cd,
    "pwd": pwd,
    "alias": alias,
    "unalias": unalias,
    "return": return_,
    "set": set_,
}
