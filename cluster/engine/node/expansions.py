"""Expansions in shell words: `$NAME` and `${NAME...}`, `$(command)` and backquotes, and
`$((arithmetic))`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cluster.engine.node.process import Text, text
from cluster.engine.node.shell_syntax import piece_end

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOKEN = re.compile(r"\s*(\d+|[A-Za-z_]\w*|\*\*|<=|>=|==|!=|&&|\|\||[-+*/%()<>!])")


class ArithmeticError_(Exception):
    pass


def dollar(shell: Shell, raw: str, i: int) -> tuple[Text, int]:
    """Expand the `$...` or backquoted piece at `i`; returns its value and where it ends."""
    if raw[i] == "`" or raw.startswith("$(", i):
        end = piece_end(raw, i)
        if raw.startswith("$((", i):
            return text(arithmetic(shell, raw[i + 3 : end - 2])), end
        inner = raw[i + 1 : end - 1] if raw[i] == "`" else raw[i + 2 : end - 1]
        return shell.substitute(inner), end
    if raw.startswith("${", i):
        end = raw.find("}", i)
        end = len(raw) - 1 if end < 0 else end
        return parameter(shell, raw[i + 2 : end]), end + 1
    match = _NAME.match(raw, i + 1)
    if match:
        return shell.vars.get(match.group(), ()), match.end()
    special = raw[i + 1 : i + 2]
    if special and special in "?$#@*0123456789!-":
        return text(_special(shell, special)), i + 2
    return text("$"), i + 1


def _special(shell: Shell, name: str) -> str:
    if name == "?":
        return str(shell.status)
    if name == "$":
        return "1"
    if name == "#":
        return str(len(shell.params))
    if name in "@*":
        return " ".join(shell.params)
    if name == "0":
        return shell.name
    if name.isdigit():
        index = int(name) - 1
        return shell.params[index] if index < len(shell.params) else ""
    return ""


def parameter(shell: Shell, body: str) -> Text:
    """${NAME}, ${#NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:=word}, ${NAME:+word}."""
    if body.startswith("#") and _NAME.fullmatch(body[1:]):
        return text(str(len(shell.plain(shell.vars.get(body[1:], ())))))
    match = _NAME.match(body) or re.match(r"[?$#@*0-9!-]", body)
    if match is None:
        return ()
    name, rest = match.group(), body[match.end() :]
    value = shell.vars.get(name) if _NAME.fullmatch(name) else text(_special(shell, name))
    empty = not value
    for op in (":-", ":=", ":+", "-", "="):
        if rest.startswith(op):
            word = shell.expand_one(rest[len(op) :])
            unset = value is None if op in ("-", "=") else empty
            if op == ":+":
                return () if empty else word
            if unset:
                if "=" in op:
                    shell.vars[name] = word
                return word
            return value or ()
    return value or ()


def arithmetic(shell: Shell, expression: str) -> str:
    source = shell.plain(shell.expand_one(expression))
    tokens = _TOKEN.findall(source)
    if "".join(tokens) != "".join(source.split()):
        shell.err(f"{shell.name}: arithmetic syntax error\n")
        return "0"
    try:
        value, rest = _binary(shell, tokens, 0)
    except (ArithmeticError_, IndexError, ValueError):
        shell.err(f"{shell.name}: arithmetic syntax error\n")
        return "0"
    except ZeroDivisionError:
        shell.err(f"{shell.name}: divide by zero\n")
        return "0"
    if rest:
        shell.err(f"{shell.name}: arithmetic syntax error\n")
    return str(value)


_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


def _binary(shell: Shell, tokens: list[str], level: int) -> tuple[int, list[str]]:
    if level == len(_LEVELS):
        return _unary(shell, tokens)
    left, tokens = _binary(shell, tokens, level + 1)
    while tokens and tokens[0] in _LEVELS[level]:
        op = tokens[0]
        right, tokens = _binary(shell, tokens[1:], level + 1)
        left = _apply(op, left, right)
    return left, tokens


def _apply(op: str, left: int, right: int) -> int:
    if op in ("/", "%"):
        if right == 0:
            raise ZeroDivisionError
        quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
        return quotient if op == "/" else left - right * quotient
    results = {
        "||": int(bool(left or right)),
        "&&": int(bool(left and right)),
        "==": int(left == right),
        "!=": int(left != right),
        "<": int(left < right),
        ">": int(left > right),
        "<=": int(left <= right),
        ">=": int(left >= right),
        "+": left + right,
        "-": left - right,
        "*": left * right,
    }
    return results[op]


def _unary(shell: Shell, tokens: list[str]) -> tuple[int, list[str]]:
    head = tokens[0]
    if head in ("-", "+", "!"):
        value, rest = _unary(shell, tokens[1:])
        return {"-": -value, "+": value, "!": int(not value)}[head], rest
    if head == "(":
        value, rest = _binary(shell, tokens[1:], 0)
        if not rest or rest[0] != ")":
            raise ArithmeticError_
        return value, rest[1:]
    if head.isdigit():
        return int(head), tokens[1:]
    if _NAME.fullmatch(head):
        variable = shell.plain(shell.vars.get(head, ())).strip() or "0"
        return int(variable) if variable.lstrip("-").isdigit() else 0, tokens[1:]
    raise ArithmeticError_
