"""An interactive shell's session, one line at a time: what the shell keeps between the lines
it reads, as plain data, and the prompt it writes before the next one.

`kubectl exec -it POD -- sh` reaches the engine as one exec per line (each an input of the
cluster: journaled, traced, replayed). The shell's own state after a line — its working
directory, variables and which of them are exported, the last status, positional parameters,
aliases and functions, the number of lines read — is given back with the line's output, and
the client hands it in with the next line. The state lives with the session's client, and
the engine stays a function of its inputs: a journal replays each line with the very state it
had, and a snapshot holds no half-open shell. (A shell process kept in the container would
show in the runtime, but would have to live across snapshots and replays, and stay open for
a client that may be gone.) What the line does to the container (its files) is the
container's, not the session's.

The state, as JSON: {"interactive": BOOL, "cwd": "/", "vars": {NAME: VALUE}, "exported":
[NAME], "status": 0, "params": [ARG], "aliases": {NAME: VALUE}, "functions": {NAME: BODY},
"line": 1, "pending": ""}, `pending` being the lines of a command not complete yet (a
`for` without its `done`: the shell reads on, prompting with PS2). {"interactive": BOOL}
alone is a shell starting (interactive: it reads a terminal, so it prompts, and bash says
`exit` when it ends). The container runtime adds "container", the id of the container the
shell runs in: after a restart, the next line finds the shell killed with the old one.
`check` refuses anything else.
"""

from __future__ import annotations

from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.node.process import text
from cluster.engine.node.shell import Shell
from cluster.engine.node.shell_syntax import ShellSyntaxError, parse

# What an interactive root shell of each dialect prompts with: busybox ash's default, the PS1
# of Debian's /etc/bash.bashrc, and dash's (which expands no escapes); then what they all
# prompt with for the rest of a command.
PS1 = {"ash": "\\w \\$ ", "bash": "\\u@\\h:\\w\\$ ", "dash": "# "}
PS2 = "> "
_FLAGS = ("interactive",)
_STRINGS = ("cwd", "pending")
_MAPS = ("vars", "aliases", "functions")
_LISTS = ("exported", "params")
_NUMBERS = ("status", "line")
_RUNTIME = ("container", "pid")  # the runtime's: the container, and the shell's process id
PID_MAX = 4_194_304  # the kernel's pid_max


def start(shell: Shell, state: Object) -> None:
    """Give the shell the session's state (a new session's: the container's environment)."""
    shell.interactive = state["interactive"]
    if len(state) == 1:
        shell.line = 0  # starting, it has read no line yet
        shell.vars["PWD"] = text(shell.cwd)
        shell.vars.setdefault("PS1", text(PS1[shell.context.dialect]))
        shell.exported.add("PWD")
        return
    shell.cwd = state["cwd"]
    shell.vars = {name: text(value) for name, value in state["vars"].items()}
    shell.exported = set(state["exported"])
    shell.status = state["status"]
    shell.params = list(state["params"])
    shell.aliases = dict(state["aliases"])
    shell.functions = dict(state["functions"])
    shell.line = state["line"] + 1


def without_runtime(state: Object) -> Object:
    """A session's state without what the runtime adds to it (ValueError if that is not a
    container's id and a process id)."""
    if not isinstance(state.get("container", ""), str):
        raise ValueError("a session's container is a container's id")
    pid = state.get("pid", 1)
    if type(pid) is not int or not 1 <= pid < PID_MAX:
        raise ValueError("a session's pid is a process id")
    return {k: v for k, v in state.items() if k not in _RUNTIME}


def check(state: Any) -> None:
    """ValueError unless `state` is one `state` gives, or a new session's."""
    if not isinstance(state, dict):
        raise ValueError("a shell's state must be an object")
    state = without_runtime(state)
    if set(state) == set(_FLAGS) and isinstance(state["interactive"], bool):
        return
    kinds = {
        **dict.fromkeys(_FLAGS, bool),
        **dict.fromkeys(_STRINGS, str),
        **dict.fromkeys(_MAPS, dict),
        **dict.fromkeys(_LISTS, list),
        **dict.fromkeys(_NUMBERS, int),
    }
    if set(state) != set(kinds) or any(not isinstance(state[k], t) for k, t in kinds.items()):
        raise ValueError(f"a shell's state has exactly these fields: {', '.join(sorted(kinds))}")
    strings = [*state["exported"], *state["params"]]
    for mapping in _MAPS:
        strings += [*state[mapping], *state[mapping].values()]
    if not all(isinstance(s, str) for s in strings) or not state["cwd"].startswith("/"):
        raise ValueError("a shell's state holds strings, and an absolute working directory")


def state(shell: Shell) -> Object:
    """What the session keeps of the shell after a line."""
    return {
        "interactive": shell.interactive,
        "cwd": shell.cwd,
        "vars": {name: shell.plain(value) for name, value in shell.vars.items()},
        "exported": sorted(shell.exported),
        "status": shell.status,
        "params": list(shell.params),
        "aliases": dict(shell.aliases),
        "functions": dict(shell.functions),
        "line": shell.line,
        "pending": "",
    }


def incomplete(script: str) -> bool:
    """Whether the script stops before its command does (the shell reads more lines)."""
    try:
        parse(script)
    except ShellSyntaxError as error:
        return "end of file" in str(error) or "unterminated" in str(error)
    return False


def prompt(shell: Shell) -> str:
    """PS1 with its escapes (ash and bash): \\u user, \\h host, \\w and \\W the working
    directory (HOME as ~), \\$ `#` for root, \\n, \\\\."""
    ps1 = shell.plain(shell.vars.get("PS1", ()))
    if shell.context.dialect == "dash":
        return ps1
    home = shell.plain(shell.vars.get("HOME", ()))
    where = shell.cwd
    if home and home != "/" and (where == home or where.startswith(home + "/")):
        where = "~" + where[len(home) :]
    base = where if where in ("/", "~") else where.rsplit("/", 1)[-1]
    escapes = {
        "u": "root",
        "h": shell.context.hostname.split(".")[0],
        "H": shell.context.hostname,
        "w": where,
        "W": base,
        "$": "#",
        "n": "\n",
        "\\": "\\",
    }
    shown: list[str] = []
    i = 0
    while i < len(ps1):
        code = ps1[i + 1 : i + 2] if ps1[i] == "\\" else ""
        shown.append(escapes.get(code, ps1[i : i + 2] if code else ps1[i]))
        i += 2 if code else 1
    return "".join(shown)
