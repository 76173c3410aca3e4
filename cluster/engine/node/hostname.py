"""hostname: the name the kubelet gave the pod, and what the kubelet-managed /etc/hosts says
of it, as busybox's applet and Debian's hostname (3.23) print them. A container may not set
its name: it lacks CAP_SYS_ADMIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node.network import hosts_entries
from cluster.engine.node.textutils import parsed_options

if TYPE_CHECKING:
    from cluster.engine.node.process import Text
    from cluster.engine.node.shell import Shell

DEBIAN_VERSION = "3.23+nmu1"
# the long options each accepts, as the letter they stand for
_LONG = {
    "busybox": {"domain": "d", "fqdn": "f", "file": "F"},
    "gnu": {
        "domain": "d",
        "fqdn": "f",
        "long": "f",
        "short": "s",
        "alias": "a",
        "all-fqdns": "A",
        "ip-address": "i",
        "all-ip-addresses": "I",
        "file": "F",
        "boot": "b",
        "verbose": "v",
        "version": "V",
    },
}
_LETTERS = {"busybox": "dfisF:v", "gnu": "aAdfbF:iIsVv"}


def hostname(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    tools = "gnu" if shell.context.tools == "gnu" else "busybox"
    found = parsed_options(shell, "hostname", _short(argv, _LONG[tools]), _LETTERS[tools])
    if found is None:
        return 255 if tools == "gnu" else 1  # Debian's usage() exits with -1
    flags, operands = found
    letters = [letter for letter, _ in flags]
    if operands or "F" in letters:
        shell.err(
            "hostname: you must be root to change the host name\n"
            if tools == "gnu"
            else "hostname: sethostname: Operation not permitted\n"
        )
        return 1
    if "V" in letters:
        shell.out(f"hostname {DEBIAN_VERSION}\n")
        return 0
    shown = _debian(letters) if tools == "gnu" else _busybox(letters)
    return _show(shell, shown, tools)


def _short(argv: list[str], long: dict[str, str]) -> list[str]:
    """The arguments with each long option given as its letter (an unknown one as itself,
    which the letters' parser refuses)."""
    out = argv[:1]
    for arg in argv[1:]:
        name, eq, value = arg[2:].partition("=")
        if arg.startswith("--") and name in long:
            out += [f"-{long[name]}", value] if eq else [f"-{long[name]}"]
        else:
            out.append(arg)
    return out


def _debian(letters: list[str]) -> str:
    """Debian's hostname shows what the last of its display options asks."""
    return next((letter for letter in reversed(letters) if letter in "aAdfiIs"), "")


def _busybox(letters: list[str]) -> str:
    """busybox resolves the name for -f, -d or -i, and then -f wins, then -s, then -d."""
    if not set(letters) & set("dfi"):
        return "s" if "s" in letters else ""
    return next(letter for letter in "fsdi" if letter in letters)


def _show(shell: Shell, shown: str, tools: str) -> int:
    name = shell.context.hostname
    if shown in ("", "s"):
        shell.out(f"{name if shown == '' else name.partition('.')[0]}\n")
        return 0
    lines = hosts_entries(shell.file_text("/etc/hosts"))
    if shown in "IA":  # what the pod's interface has: its IP, or the name /etc/hosts gives it
        ip = shell.context.network.pod_ip
        found = ip if shown == "I" else next((ns[0] for a, ns in lines if a == ip), "")
        shell.out(f"{found} \n" if found else "\n")
        return 0
    entries = [(address, names) for address, names in lines if name in names]
    if not entries:
        shell.err(
            "hostname: Name or service not known\n"
            if tools == "gnu"
            else f"hostname: {name}: Unknown host\n"
        )
        return 1
    canonical, *aliases = entries[0][1]
    addresses = [a for a, _ in entries if tools == "gnu" or ":" not in a]  # busybox: IPv4
    shown_line = {
        "f": canonical,
        "d": canonical.partition(".")[2],
        "a": " ".join(aliases),
        "i": " ".join(addresses),
    }[shown]
    if shown_line or shown != "d":  # neither prints a line for a name without a domain
        shell.out(f"{shown_line}\n")
    return 0
