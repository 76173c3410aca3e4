"""The syntax of the shell as far as pods' commands use it: words (with their quotes and
expansions kept raw, expanded when run), pipelines, `&&` and `||`, `;` and `&`, redirections,
`while`/`until`/`for`/`if`, `{ }` and `( )`, function definitions. Errors read as busybox ash writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = {"while", "until", "for", "if", "then", "elif", "else", "fi", "do", "done", "in"}
_OPERATORS = ("&&", "||", ">>", ";;", ";", "|", "&", ">", "<", "(", ")", "\n")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPENERS = {"$((": "))", "$(": ")", "${": "}", "`": "`"}


class ShellSyntaxError(Exception):
    """The script cannot be parsed; the message is what `sh` prints."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word" or "op"
    value: str
    start: int = 0  # where it is in the script
    end: int = 0


@dataclass(frozen=True, slots=True)
class Redirect:
    fd: int
    op: str  # ">", ">>", "<", ">&"
    target: str  # a raw word, or the fd number for ">&"


@dataclass(frozen=True, slots=True)
class Simple:
    words: tuple[str, ...]
    assigns: tuple[tuple[str, str], ...] = ()
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class Pipeline:
    commands: tuple[Command, ...]
    negate: bool = False


@dataclass(frozen=True, slots=True)
class AndOr:
    first: Pipeline
    rest: tuple[tuple[str, Pipeline], ...] = ()  # ("&&" | "||", pipeline)


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[tuple[AndOr, bool], ...]  # (command, in the background)


@dataclass(frozen=True, slots=True)
class While:
    condition: Sequence
    body: Sequence
    until: bool = False


@dataclass(frozen=True, slots=True)
class For:
    name: str
    words: tuple[str, ...] | None  # None: "$@"
    body: Sequence


@dataclass(frozen=True, slots=True)
class If:
    branches: tuple[tuple[Sequence, Sequence], ...]
    otherwise: Sequence | None = None


@dataclass(frozen=True, slots=True)
class Group:
    body: Sequence
    subshell: bool = False


@dataclass(frozen=True, slots=True)
class Function:
    """`name() compound-command`: `source` is the body's text, parsed again at each call."""

    name: str
    source: str


Command = Simple | While | For | If | Group | Function


def parse(script: str) -> Sequence:
    return _Parser(tokenize(script), script).script()


# -- tokens -------------------------------------------------------------------------------


def tokenize(script: str) -> list[Token]:
    tokens: list[Token] = []
    word: list[str] = []
    i = start = 0

    def end_word() -> None:
        if word:
            tokens.append(Token("word", "".join(word), start, i))
            word.clear()

    while i < len(script):
        char = script[i]
        if char in " \t":
            end_word()
            i += 1
        elif char == "#" and not word:
            while i < len(script) and script[i] != "\n":
                i += 1
        elif char == "\\" and script[i + 1 : i + 2] == "\n":
            i += 2
        elif char in "'\"\\$`":
            end = piece_end(script, i)
            start = start if word else i
            word.append(script[i:end])
            i = end
        elif (op := _operator(script, i)) is not None:
            if op in (">", ">>", "<") and word and "".join(word) in ("0", "1", "2"):
                op = "".join(word) + op
                word.clear()
            end_word()
            at = i
            i += len(op.lstrip("012"))
            if op.endswith(">") and script[i : i + 1] == "&":
                op += "&"
                i += 1
            tokens.append(Token("op", op, at, i))
        else:
            start = start if word else i
            word.append(char)
            i += 1
    end_word()
    return tokens


def _operator(script: str, i: int) -> str | None:
    for op in _OPERATORS:
        if script.startswith(op, i):
            return op
    return None


def piece_end(script: str, i: int) -> int:
    """Where the quoted or expanded piece starting at `i` ends (exclusive)."""
    char = script[i]
    if char == "\\":
        return min(i + 2, len(script))
    if char == "'":
        end = script.find("'", i + 1)
        if end < 0:
            raise ShellSyntaxError("sh: syntax error: unterminated quoted string")
        return end + 1
    if char == '"':
        j = i + 1
        while j < len(script) and script[j] != '"':
            j = piece_end(script, j) if script[j] in "\\$`" else j + 1
        if j >= len(script):
            raise ShellSyntaxError("sh: syntax error: unterminated quoted string")
        return j + 1
    for opener, closer in _OPENERS.items():
        if script.startswith(opener, i):
            return _balanced_end(script, i + len(opener), opener, closer)
    return i + 1  # a lone $


def _balanced_end(script: str, j: int, opener: str, closer: str) -> int:
    depth = 1
    while j < len(script):
        if script.startswith(closer, j) and (closer not in (")", "))") or depth == 1):
            return j + len(closer)
        if closer == "`":
            j += 2 if script[j] == "\\" else 1
            continue
        if script[j] in "'\"\\" or script.startswith("$(", j) or script.startswith("${", j):
            j = piece_end(script, j)
            continue
        depth += script[j] == "("
        depth -= script[j] == ")"
        j += 1
    raise ShellSyntaxError(f'sh: syntax error: unexpected end of file (expecting "{closer}")')


# -- the grammar ----------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[Token], script: str = "") -> None:
        self.tokens = tokens
        self.script_text = script
        self.i = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.value in words

    def at_op(self, *ops: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.value in ops

    def expect_word(self, word: str) -> None:
        self.skip_newlines()
        if not self.at_word(word):
            token = self.peek()
            if token is None:
                raise ShellSyntaxError(
                    f'sh: syntax error: unexpected end of file (expecting "{word}")'
                )
            raise ShellSyntaxError(f'sh: syntax error: unexpected "{token.value.strip()}"')
        self.take()

    def skip_newlines(self) -> None:
        while self.at_op("\n", ";"):
            self.take()

    def script(self) -> Sequence:
        sequence = self.sequence(())
        if self.peek() is not None:
            raise ShellSyntaxError(f'sh: syntax error: unexpected "{self.take().value.strip()}"')
        return sequence

    def sequence(self, stops: tuple[str, ...]) -> Sequence:
        items: list[tuple[AndOr, bool]] = []
        while True:
            self.skip_newlines()
            token = self.peek()
            if token is None or self.at_word(*stops) or self.at_op(")"):
                return Sequence(tuple(items))
            if token.kind == "word" and token.value in KEYWORDS - {"while", "until", "for", "if"}:
                raise ShellSyntaxError(f'sh: syntax error: unexpected "{token.value}"')
            command = self.and_or()
            background = self.at_op("&")
            if background:
                self.take()
            items.append((command, background))

    def and_or(self) -> AndOr:
        first = self.pipeline()
        rest: list[tuple[str, Pipeline]] = []
        while self.at_op("&&", "||"):
            op = self.take().value
            while self.at_op("\n"):
                self.take()
            rest.append((op, self.pipeline()))
        return AndOr(first, tuple(rest))

    def pipeline(self) -> Pipeline:
        negate = self.at_word("!")
        if negate:
            self.take()
        commands = [self.command()]
        while self.at_op("|"):
            self.take()
            commands.append(self.command())
        return Pipeline(tuple(commands), negate)

    def command(self) -> Command:
        if self.at_word("while", "until"):
            until = self.take().value == "until"
            condition = self.sequence(("do",))
            self.expect_word("do")
            body = self.sequence(("done",))
            self.expect_word("done")
            return While(condition, body, until)
        if self.at_word("for"):
            return self.for_loop()
        if self.at_word("if"):
            return self.if_clause()
        if self.at_function():
            return self.function()
        if self.at_word("{") or self.at_op("("):
            subshell = self.take().value == "("
            body = self.sequence(("}",))
            if subshell:
                if not self.at_op(")"):
                    raise ShellSyntaxError(
                        'sh: syntax error: unexpected end of file (expecting ")")'
                    )
                self.take()
            else:
                self.expect_word("}")
            return Group(body, subshell)
        return self.simple()

    def at_function(self) -> bool:
        """`NAME ()`, or bash's `function NAME` (its parentheses optional)."""
        ahead = self.tokens[self.i : self.i + 3]
        named = [t.kind == "word" and _NAME.fullmatch(t.value) is not None for t in ahead]
        if self.at_word("function"):
            return len(ahead) > 1 and named[1]
        parens = [(t.kind, t.value) for t in ahead[1:]] == [("op", "("), ("op", ")")]
        return len(ahead) == 3 and named[0] and parens

    def function(self) -> Function:
        keyword = self.at_word("function")
        if keyword:
            self.take()
        name = self.take().value
        if not keyword or self.at_op("("):
            self.take()
            if not self.at_op(")"):
                raise ShellSyntaxError('sh: syntax error: unexpected "(" (expecting ")")')
            self.take()
        while self.at_op("\n"):
            self.take()
        if not (self.at_word("{", "while", "until", "for", "if") or self.at_op("(")):
            token = self.peek()
            found = token.value.strip() if token else "end of file"
            raise ShellSyntaxError(f'sh: syntax error: unexpected "{found}"')
        first = self.peek()
        assert first is not None
        self.command()
        source = self.script_text[first.start : self.tokens[self.i - 1].end]
        return Function(name, source)

    def for_loop(self) -> For:
        self.take()
        if self.peek() is None or self.peek().kind != "word":  # type: ignore[union-attr]
            raise ShellSyntaxError("sh: syntax error: bad for loop variable")
        name = self.take().value
        words: tuple[str, ...] | None = None
        while self.at_op("\n"):
            self.take()
        if self.at_word("in"):
            self.take()
            collected = []
            while self.peek() is not None and self.peek().kind == "word":  # type: ignore[union-attr]
                collected.append(self.take().value)
            words = tuple(collected)
        self.expect_word("do")
        body = self.sequence(("done",))
        self.expect_word("done")
        return For(name, words, body)

    def if_clause(self) -> If:
        self.take()
        branches = []
        otherwise = None
        while True:
            condition = self.sequence(("then",))
            self.expect_word("then")
            body = self.sequence(("elif", "else", "fi"))
            branches.append((condition, body))
            if self.at_word("elif"):
                self.take()
                continue
            if self.at_word("else"):
                self.take()
                otherwise = self.sequence(("fi",))
            self.expect_word("fi")
            return If(tuple(branches), otherwise)

    def simple(self) -> Simple:
        words: list[str] = []
        assigns: list[tuple[str, str]] = []
        redirects: list[Redirect] = []
        while (token := self.peek()) is not None:
            if token.kind == "op" and token.value.lstrip("012").startswith((">", "<")):
                redirects.append(self.redirect())
            elif token.kind == "word" and (not words and _assignment(token.value)):
                name, _, value = self.take().value.partition("=")
                assigns.append((name, value))
            elif token.kind == "word" and not (words == [] and token.value in KEYWORDS - {"in"}):
                words.append(self.take().value)
            else:
                break
        if not words and not assigns and not redirects:
            token = self.peek()
            found = token.value.strip() if token else "end of file"
            raise ShellSyntaxError(f'sh: syntax error: unexpected "{found}"')
        return Simple(tuple(words), tuple(assigns), tuple(redirects))

    def redirect(self) -> Redirect:
        op = self.take().value
        fd = int(op[0]) if op[0].isdigit() else (0 if "<" in op else 1)
        op = op.lstrip("012")
        target = self.peek()
        if target is None or target.kind != "word":
            raise ShellSyntaxError("sh: syntax error: unexpected newline")
        self.take()
        return Redirect(fd, op, target.value)


def _assignment(word: str) -> bool:
    name, equals, _ = word.partition("=")
    return bool(equals) and name.isidentifier()
