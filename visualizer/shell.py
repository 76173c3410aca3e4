"""The dashboard terminal's small shell: what a typed line means, before anything runs.

It is not bash. It reads words with the shell's quoting (single quotes, double quotes,
backslashes; no expansions) and understands a few forms only:

    kubectl ARGS                          cat FILE...
    cat <<EOF | kubectl ARGS -f -         cat > FILE <<EOF   (or cat <<EOF > FILE)
    cat FILE | kubectl ARGS -f -          ls [FILE...]   rm FILE...   edit FILE (nano, vi)
    kubectl ARGS < FILE                   kubectl ARGS > FILE
    help   clear   history

A heredoc's body follows its line: the text handed to `parse` holds the line, the body's
lines and the delimiter's line. `parse` answers what to run, or Incomplete while the body
has not ended yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Longest first, so that `<<-` is not read as `<<` and `-`.
OPERATORS = ("<<<", "<<-", "<<", ">>", "&&", "||", "|", ">", "<", ";", "&", "(", ")")
OPERATOR_START = frozenset(op[0] for op in OPERATORS)
REDIRECTIONS = ("<<-", "<<", ">", "<")
EDITORS = ("edit", "nano", "vi", "vim")
LOCAL = ("clear", "history")  # the browser's own: its screen and its history
WORDS = ("cat", "clear", "edit", "help", "history", "kubectl", "ls", "nano", "rm", "vi", "vim")
ONE_COMMAND = "this terminal runs one command per line: only cat ... | kubectl ... pipes"


class ShellError(Exception):
    """A line the shell refuses; the message is printed as it is, with its exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # where it begins and ends in the line, for completion to replace it
    end: int
    operator: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """What cat reads: a heredoc's text, or workspace files (in order)."""

    text: str | None = None
    paths: tuple[str, ...] = ()
    reader: str = "cat"  # who reports a missing file: cat, or bash for `< FILE`


@dataclass(frozen=True, slots=True)
class Kubectl:
    argv: list[str]
    stdin: Source | None = None
    output: str | None = None  # a workspace file for what it prints on stdout


@dataclass(frozen=True, slots=True)
class Cat:
    source: Source
    output: str | None = None  # a workspace file to write instead of printing


@dataclass(frozen=True, slots=True)
class Ls:
    paths: list[str]


@dataclass(frozen=True, slots=True)
class Rm:
    paths: list[str]


@dataclass(frozen=True, slots=True)
class Edit:
    path: str


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class Local:
    """clear or history, which only the browser can do."""

    name: str


@dataclass(frozen=True, slots=True)
class Incomplete:
    """The line opened a heredoc whose body has not ended: read lines up to `delimiter`."""

    delimiter: str


Command = Kubectl | Cat | Ls | Rm | Edit | Help | Local


@dataclass
class Stage:
    """One command of a pipeline, with its redirections."""

    words: list[str] = field(default_factory=list)
    heredoc: str | None = None  # the delimiter
    strip_tabs: bool = False  # <<-
    stdin_path: str | None = None
    output: str | None = None


# -- words ------------------------------------------------------------------------------------


def tokenize(line: str, *, partial: bool = False) -> list[Token]:
    """The line's words and operators. An unclosed quote is bash's syntax error, unless the
    line is `partial` (being completed): then the open word ends the list."""
    tokens: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in " \t":
            i += 1
        elif char == "#":
            break  # a comment, to the end of the line
        elif char in OPERATOR_START:
            op = next(op for op in OPERATORS if line.startswith(op, i))
            tokens.append(Token(op, i, i + len(op), operator=True))
            i += len(op)
        else:
            start = i
            text, i = _word(line, i, partial)
            tokens.append(Token(text, start, i))
    return tokens


def _word(line: str, i: int, partial: bool) -> tuple[str, int]:
    """One word from i, quotes removed; and where it ends."""
    out: list[str] = []
    n = len(line)
    while i < n and line[i] not in " \t" and line[i] not in OPERATOR_START:
        char = line[i]
        if char in "'\"":
            end = line.find(char, i + 1) if char == "'" else _closing_double(line, i + 1)
            if end < 0:
                if partial:
                    out.append(_unescape_double(line[i + 1 :]) if char == '"' else line[i + 1 :])
                    return "".join(out), n
                raise ShellError(f"bash: unexpected EOF while looking for matching `{char}'")
            inside = line[i + 1 : end]
            out.append(inside if char == "'" else _unescape_double(inside))
            i = end + 1
        elif char == "\\" and i + 1 < n:
            out.append(line[i + 1])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out), i


def _closing_double(line: str, i: int) -> int:
    while i < len(line):
        if line[i] == "\\":
            i += 2
        elif line[i] == '"':
            return i
        else:
            i += 1
    return -1


def _unescape_double(text: str) -> str:
    """Inside double quotes a backslash escapes only `"`, `\\`, `$` and a backquote."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '"\\$`':
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# -- lines ------------------------------------------------------------------------------------


def parse(text: str) -> Command | Incomplete | None:
    """What the text (a line, and a heredoc's body after it) asks for; None for a blank line."""
    line, _, rest = text.partition("\n")
    stages = _stages(tokenize(line))
    opener = next((stage for stage in stages if stage.heredoc is not None), None)
    if opener is None or opener.heredoc is None:
        if rest.strip():
            raise ShellError(f"bash: {ONE_COMMAND}")
        return _command(stages, None) if stages else None
    _command(stages, "")  # a line that cannot run is refused before its body is typed
    body = _body(opener, rest)
    return Incomplete(opener.heredoc) if body is None else _command(stages, body)


def _stages(tokens: list[Token]) -> list[Stage]:
    if not tokens:
        return []
    stages = [Stage()]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if not token.operator:
            stages[-1].words.append(token.text)
        elif token.text == "|":
            if not stages[-1].words or i == len(tokens):
                raise ShellError("bash: syntax error near unexpected token `|'")
            stages.append(Stage())
        elif token.text in (*REDIRECTIONS, ">>"):
            if i == len(tokens) or tokens[i].operator:
                shown = tokens[i].text if i < len(tokens) else "newline"
                raise ShellError(f"bash: syntax error near unexpected token `{shown}'")
            _redirect(stages[-1], token.text, tokens[i].text)
            i += 1
        else:
            raise ShellError(f"bash: `{token.text}' is not supported here: {ONE_COMMAND}")
    if not stages[-1].words:
        raise ShellError("bash: syntax error near unexpected token `newline'")
    return stages


def _redirect(stage: Stage, op: str, target: str) -> None:
    if op in ("<<", "<<-"):
        if stage.heredoc is not None:
            raise ShellError("bash: one heredoc per command, please")
        stage.heredoc, stage.strip_tabs = target, op == "<<-"
    elif op == "<":
        stage.stdin_path = target
    elif op == ">":
        stage.output = target
    else:
        raise ShellError(
            f"bash: `>>' is not supported here: write the whole file with cat > {target}"
        )


def _body(stage: Stage, rest: str) -> str | None:
    """The heredoc's text, once its delimiter's line has come; nothing may follow that."""
    if not rest:
        return None
    lines = rest.split("\n")
    if stage.strip_tabs:
        lines = [line.lstrip("\t") for line in lines]
    if stage.heredoc not in lines:
        return None
    end = lines.index(stage.heredoc)
    if any(line.strip() for line in lines[end + 1 :]):
        raise ShellError(f"bash: {ONE_COMMAND}")
    return "".join(f"{line}\n" for line in lines[:end])


def _command(stages: list[Stage], body: str | None) -> Command:
    for stage in stages:
        if stage.words[0] not in WORDS:
            raise ShellError(f"bash: {stage.words[0]}: command not found", 127)
    if len(stages) == 1:
        return _single(stages[0], body)
    feeder, consumer = stages[0], stages[-1]
    if len(stages) > 2 or feeder.words[0] != "cat" or consumer.words[0] != "kubectl":
        raise ShellError(f"bash: {ONE_COMMAND}")
    if feeder.output is not None or consumer.heredoc is not None or consumer.stdin_path:
        raise ShellError("bash: a pipe's kubectl reads what cat gives it, nothing else")
    return Kubectl(consumer.words[1:], _cat_source(feeder, body), consumer.output)


def _single(stage: Stage, body: str | None) -> Command:
    name, args = stage.words[0], stage.words[1:]
    if name == "cat":
        return Cat(_cat_source(stage, body), stage.output)
    if name == "kubectl":
        has_input = stage.heredoc is not None or stage.stdin_path is not None
        return Kubectl(args, _source(stage, body) if has_input else None, stage.output)
    if stage.heredoc is not None or stage.stdin_path is not None or stage.output is not None:
        raise ShellError(f"bash: {name}: only cat and kubectl read or write files here")
    if name in EDITORS:
        if len(args) != 1:
            raise ShellError(f"{name}: name one file: {name} FILE", 1)
        return Edit(args[0])
    if name in LOCAL:
        return Local(name)
    _no_options(name, args)
    if name == "ls":
        return Ls(args)
    if name == "rm":
        if not args:
            raise ShellError("rm: missing operand", 1)
        return Rm(args)
    return Help()


def _cat_source(stage: Stage, body: str | None) -> Source:
    args = stage.words[1:]
    _no_options("cat", args)
    if args and (stage.heredoc is not None or stage.stdin_path is not None):
        raise ShellError("cat: give it files or a heredoc, not both")
    if args:
        return Source(paths=tuple(args))
    if stage.heredoc is None and stage.stdin_path is None:
        raise ShellError(
            "cat: this terminal cannot type into cat: use cat > FILE <<EOF, or edit FILE", 1
        )
    return _source(stage, body)


def _source(stage: Stage, body: str | None) -> Source:
    if stage.heredoc is not None:
        return Source(text=body or "")
    return Source(paths=(stage.stdin_path or "",), reader="bash")


def _no_options(name: str, args: list[str]) -> None:
    for arg in args:
        if arg.startswith("-") and arg != "-":
            raise ShellError(f"{name}: {arg}: options are not supported here", 2)
