"""Tab completion for the dashboard terminal: what the word under the cursor may become.

Command words, kubectl's commands and flags, resource types and workspace file names are
known here. Resource names are the cluster's: a Completion then carries a Lookup, and the
caller lists them (as `kubectl get TYPE -o name` does) and passes them to `with_names`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from cluster.engine.api import resources
from cluster.kubectl.flags import GLOBAL, Flag
from cluster.kubectl.main import COMMANDS
from visualizer import shell

RESOURCE, POD, NODE = "resource", "pod", "node"
# What a command's arguments name: a type then names of it, pods, or nodes.
ARGUMENTS = {
    "get": RESOURCE,
    "describe": RESOURCE,
    "delete": RESOURCE,
    "edit": RESOURCE,
    "label": RESOURCE,
    "annotate": RESOURCE,
    "patch": RESOURCE,
    "scale": RESOURCE,
    "taint": RESOURCE,
    "explain": RESOURCE,
    "logs": POD,
    "exec": POD,
    "attach": POD,
    "port-forward": POD,
    "cordon": NODE,
    "uncordon": NODE,
    "drain": NODE,
}
FILE_COMMANDS = ("cat", "ls", "rm", *shell.EDITORS)


@dataclass(frozen=True, slots=True)
class Lookup:
    """Names of one resource for the word, each after `prefix` (`pod/` in `pod/web`)."""

    resource: str
    namespace: str = ""
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Completion:
    start: int  # where the word begins in the line
    word: str
    candidates: list[str] = field(default_factory=list)
    lookup: Lookup | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """What a word may become: these words, and the names a Lookup finds."""

    candidates: list[str] = field(default_factory=list)
    lookup: Lookup | None = None


@dataclass
class KubectlLine:
    """kubectl's arguments before the word, as its flag parser would split them."""

    positional: list[str] = field(default_factory=list)
    flags: tuple[Flag, ...] = GLOBAL
    namespace: str = ""
    pending: Flag | None = None  # the last word was this flag, still wanting its value


def complete(line: str, files: list[str]) -> Completion:
    """The word at the end of `line` and what it may become (files: the workspace's names)."""
    tokens = shell.tokenize(line, partial=True)
    current = tokens[-1] if tokens and not tokens[-1].operator else None
    if current is None or current.end < len(line):
        start, word, before = len(line), "", tokens
    else:
        start, word, before = current.start, current.text, tokens[:-1]
    found = _complete(before, word, files)
    candidates = sorted({c for c in found.candidates if c.startswith(word)})
    return Completion(start, word, candidates, found.lookup)


def with_names(completion: Completion, names: list[str]) -> list[str]:
    """The candidates, and the looked-up names that fit the word."""
    prefix = completion.lookup.prefix if completion.lookup else ""
    named = [f"{prefix}{name}" for name in names]
    fitting = [name for name in named if name.startswith(completion.word)]
    return sorted({*completion.candidates, *fitting})


def _complete(before: list[shell.Token], word: str, files: list[str]) -> Offer:
    stage = _last_stage(before)
    if stage is None:
        return Offer(files)  # after `>` or `<`: a file
    if not stage:
        return Offer(list(shell.WORDS))
    if stage[0] in FILE_COMMANDS:
        return Offer(files)
    if stage[0] == "kubectl":
        return _kubectl(stage[1:], word, files)
    return Offer()


def _last_stage(tokens: list[shell.Token]) -> list[str] | None:
    """The words of the pipeline's last command; None when the word is a redirection's file."""
    words: list[str] = []
    redirected = False
    for token in tokens:
        if token.operator:
            if token.text == "|":
                words = []
            redirected = token.text in shell.REDIRECTIONS
        elif redirected:
            redirected = False  # the redirection's target: not an argument
        else:
            words.append(token.text)
    if redirected and tokens[-1].text in (">", "<"):
        return None
    return words


def _kubectl(argv: list[str], word: str, files: list[str]) -> Offer:
    line = _split(argv)
    if line.pending is not None:
        return _flag_value(line.pending, files)
    if word.startswith("-"):
        long = [f"--{flag.name}" for flag in line.flags]
        short = [f"-{flag.short}" for flag in line.flags if flag.short and len(word) > 1]
        return Offer(long + short)
    if not line.positional:
        return Offer(list(COMMANDS))
    name, *args = line.positional
    command = COMMANDS.get(name)
    subcommands: dict[str, ModuleType] = getattr(command, "SUBCOMMANDS", {})
    if subcommands and not args:  # each once, by its first name: `deployment`, not `deploy`
        return Offer(list({id(m): n for n, m in reversed(subcommands.items())}.values()))
    if subcommands and args[0] in subcommands:
        return Offer()  # generators name new objects: nothing to complete
    return _arguments(ARGUMENTS.get(name), args, word, line.namespace)


def _arguments(kind: str | None, args: list[str], word: str, namespace: str) -> Offer:
    """What a command's next argument may be, after `args`: see ARGUMENTS."""
    if kind == NODE:
        return Offer(lookup=Lookup("nodes"))
    if kind == POD and not args and "/" not in word:
        return Offer(lookup=Lookup("pods", namespace))
    if kind is None or (kind == POD and args):
        return Offer()
    if "/" in word and not args:  # TYPE/NAME
        kind_name = word.split("/", 1)[0]
        found = resources.lookup(kind_name)
        lookup = Lookup(found.name, namespace, f"{kind_name}/") if found else None
        return Offer(lookup=lookup)
    if not args:
        return Offer(_types(word))
    found = resources.lookup(args[0])
    return Offer(lookup=Lookup(found.name, namespace) if found else None)


def _types(word: str) -> list[str]:
    """Plural names first, as kubectl's own completion offers; a short name or a singular
    only when no plural fits (`sa`, `deploy`)."""
    listed = [r for r in resources.all_resources() if r.serves("list")]
    plurals = [r.name for r in listed if r.name.startswith(word)]
    if plurals:
        return plurals
    return [
        name for r in listed for name in (*r.short_names, r.singular_name) if name.startswith(word)
    ]


def _flag_value(flag: Flag, files: list[str]) -> Offer:
    if flag.name == "filename":
        return Offer(files)
    if flag.name == "namespace":
        return Offer(lookup=Lookup("namespaces"))
    return Offer()


def _split(argv: list[str]) -> KubectlLine:
    line = KubectlLine()
    for word in argv:
        if line.pending is not None:
            _set(line, line.pending, word)
            line.pending = None
        elif word.startswith("-") and len(word) > 1:
            flag, value = _flag(line.flags, word)
            if flag is not None and not flag.boolean:
                if value is None:
                    line.pending = flag
                else:
                    _set(line, flag, value)
        else:
            line.positional.append(word)
            if len(line.positional) == 1 and word in COMMANDS:
                line.flags = (*GLOBAL, *COMMANDS[word].FLAGS)
            elif len(line.positional) == 2:
                sub = getattr(COMMANDS.get(line.positional[0]), "SUBCOMMANDS", {})
                if word in sub:
                    line.flags = (*GLOBAL, *sub[word].FLAGS)
    return line


def _flag(flags: tuple[Flag, ...], word: str) -> tuple[Flag | None, str | None]:
    """The flag a word names, and its value if the word carries one."""
    if word.startswith("--"):
        name, eq, value = word[2:].partition("=")
        return next((f for f in flags if f.name == name), None), (value if eq else None)
    flag = next((f for f in flags if f.short == word[1]), None)
    rest = word[2:].removeprefix("=")
    return flag, (rest or None)


def _set(line: KubectlLine, flag: Flag, value: str) -> None:
    if flag.name == "namespace":
        line.namespace = value
