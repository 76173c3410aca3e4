"""which: where in $PATH a command is, for busybox's applet and debianutils' script alike
(no word for a command not found; the status says it). Where each tool lies is the
image's layout: the busybox image installs every applet in /bin, alpine's busybox each in
its own place, Debian (merged /usr) in /usr/bin, /bin being the same directory."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from cluster.engine.node import applets

if TYPE_CHECKING:
    from cluster.engine.node.process import Text
    from cluster.engine.node.shell import Shell

BUSYBOX_IMAGE = "busybox"  # machine.layout: everything in /bin
ALPINE = "alpine"  # busybox's own install places
DEBIAN = "debian"
SHELLS = {"busybox": ("sh", "ash"), "gnu": ("sh", "dash", "bash")}
# busybox's install places (its applets' BB_DIR_*) of the applets not in /bin
_SBIN = frozenset({"ifconfig", "ip"})
_USR_BIN = frozenset(
    {
        *("[", "awk", "basename", "cut", "dirname", "env", "head", "id", "nc", "nslookup"),
        *("printf", "seq", "sort", "tail", "tee", "test", "tr", "uniq", "wc", "wget"),
        *("whoami", "yes", "free", "which", "xargs"),
    }
)
_DEBIAN_SBIN = frozenset({"ip", "ifconfig"})  # iproute2's and net-tools', where installed
# where the images' own programs are (an absolute one is where it says)
PROGRAM_DIRS = {
    "nginx": "/usr/sbin",
    "curl": "/usr/bin",
    "nslookup": "/usr/bin",
    "dig": "/usr/bin",
    "host": "/usr/bin",
    "httpd": "/usr/local/apache2/bin",
}
PROGRAM_DIR = "/usr/local/bin"  # the others': the official images build them there


def which(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    every = "-a" in argv[1:]
    names = [a for a in argv[1:] if a not in ("-a", "-s")]
    if not names:
        return 1
    path = shell.plain(shell.vars.get("PATH", ())).split(":")
    status = 0
    for name in names:
        found = _found(shell, name, path)
        if not found:
            status = 1
        shell.out("".join(f"{at}\n" for at in (found if every else found[:1])))
    return status


def _found(shell: Shell, name: str, path: list[str]) -> list[str]:
    if "/" in name:
        return [name] if _exists(shell, shell.path(name)) else []
    return [f"{d}/{name}" for d in path if d and _exists(shell, f"{d.rstrip('/')}/{name}")]


def _exists(shell: Shell, path: str) -> bool:
    """Whether an executable is at the absolute `path`."""
    directory, name = posixpath.split(posixpath.normpath(path))
    return directory in _dirs(shell, name) or path in shell.context.machine.programs


def _dirs(shell: Shell, name: str) -> frozenset[str]:
    """The directories that hold the command `name`."""
    tools = shell.context.tools
    layout = shell.context.machine.layout
    found: set[str] = set()
    if name in SHELLS.get(tools, ()) or (name in applets.APPLETS and applets.has(tools, name)):
        found.add(_tool_dir(name, layout))
    if name in shell.context.machine.programs:
        found.add(PROGRAM_DIRS.get(name, PROGRAM_DIR))
    if layout == BUSYBOX_IMAGE and name == "env":  # its builder links /usr/bin/env too
        found.add("/usr/bin")
    if layout == DEBIAN:  # /bin and /sbin are /usr/bin and /usr/sbin
        found |= {d.removeprefix("/usr") for d in found if d in ("/usr/bin", "/usr/sbin")}
    return frozenset(found)


def _tool_dir(name: str, layout: str) -> str:
    if layout == DEBIAN:
        return "/usr/sbin" if name in _DEBIAN_SBIN else "/usr/bin"
    if layout != ALPINE:
        return "/bin"
    return "/sbin" if name in _SBIN else "/usr/bin" if name in _USR_BIN else "/bin"
