"""awk, a small part of it: `BEGIN`, `END`, `/RE/` and comparison patterns; actions of
`print`, assignments (`=`, `+=`, `-=`), `next`; expressions of fields ($1, $NF, $0), NR, NF,
variables, numbers, strings, concatenation and + - * / %; -F SEP and -v NAME=VALUE.
Anything beyond answers as a syntax error, as busybox awk (or Debian's mawk) says it."""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cluster.engine.node.process import Text
from cluster.engine.node.textutils import UsageError, compile_regex, content, options

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

_TOKEN = re.compile(
    r'\s*(?:(?P<num>\d+(?:\.\d*)?)|(?P<str>"(?:\\.|[^"\\])*")|(?P<re>/(?:\\.|[^/\\])*/)'
    r"|(?P<name>[A-Za-z_]\w*)|(?P<op>\+=|-=|==|!=|<=|>=|!~|&&|\|\||[-+*/%=<>~$(){};,!\n]))"
)
Value = str | float
# widths are bounded so one format cannot ask for gigabytes before the output is counted
_PRINTF = re.compile(r"%[-+ 0#]*\d{0,4}(?:\.\d{1,4})?[sdifeEgGxXoc%]")
_COMPARISONS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
_ARITHMETIC = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "%": math.fmod,
}
# awk's words this subset does not run: refused as syntax rather than read as variables
_KEYWORDS = frozenset(
    [
        "BEGIN",
        "END",
        "print",
        "next",
        "printf",
        "getline",
        "if",
        "else",
        "while",
        "for",
        "do",
        "break",
        "continue",
        "function",
        "return",
        "delete",
        "exit",
        "in",
        "length",
        "substr",
        "split",
        "sub",
        "gsub",
        "index",
        "match",
        "sprintf",
        "tolower",
        "toupper",
        "system",
    ]
)


class AwkSyntaxError(Exception):
    """The program cannot be read."""


class AwkRuntimeError(Exception):
    """awk stops there (division by zero, a bad dynamic regex)."""


class _Next(Exception):
    """`next`: on to the next record."""


@dataclass(slots=True)
class _Rule:
    pattern: tuple | None  # an expression, "BEGIN" or "END" in a tuple, or None
    action: list[tuple] | None  # statements; None: print the record


@dataclass(slots=True)
class _State:
    fields: list[str] = field(default_factory=lambda: [""])
    variables: dict[str, Value] = field(default_factory=dict)
    out: list[str] = field(default_factory=list)


def awk(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "F:v:f:")
    except UsageError as error:
        shell.err(f"awk: {error}\n")
        return 1 if shell.context.tools != "gnu" else 2
    if not operands:
        shell.err(
            "awk: no program given\n"
            if shell.context.tools != "gnu"
            else "usage: mawk [-F value] [-v var=value] [--] 'program text' [file ...]\n"
        )
        return 1 if shell.context.tools != "gnu" else 2
    try:
        rules = _Parser(operands[0]).program()
    except (AwkSyntaxError, ValueError) as error:
        near = (str(error).strip() or "end of line") if isinstance(error, AwkSyntaxError) else "/"
        busybox = "awk: cmd. line:1: Unexpected token\n"
        mawk = f"mawk: line 1: syntax error at or near {near}\n"
        shell.err(mawk if shell.context.tools == "gnu" else busybox)
        return 1 if shell.context.tools != "gnu" else 2
    state = _State()
    separator = next((v for letter, v in flags if letter == "F"), " ")
    state.variables.update(FS=separator, OFS=" ", NR=0.0, NF=0.0)
    for letter, value in flags:
        if letter == "v":
            name, _, given = value.partition("=")
            state.variables[name] = given
    try:
        status = _run(shell, rules, state, operands[1:] or ["-"], stdin)
    except AwkRuntimeError as error:
        shell.out("".join(state.out))
        gnu = shell.context.tools == "gnu"
        shell.err(f"mawk: {error}\n" if gnu else f"awk: cmd. line:1: {str(error).capitalize()}\n")
        return 2
    shell.out("".join(state.out))
    return status


def _run(
    shell: Shell, rules: list[_Rule], state: _State, paths: list[str], stdin: Text | None
) -> int:
    _section(rules, "BEGIN", state)
    status = 0
    if any(rule.pattern != ("END",) and rule.pattern != ("BEGIN",) for rule in rules):
        for path in paths:
            value = _open(shell, path, stdin)
            if value is None:
                status = 2
                continue
            for line in value.splitlines():
                state.variables["NR"] = float(state.variables["NR"]) + 1  # type: ignore[arg-type]
                _record(rules, state, line)
    _section(rules, "END", state)
    return status


def _open(shell: Shell, path: str, stdin: Text | None) -> str | None:
    if shell.context.tools == "gnu" and path != "-" and shell.path(path) not in shell.files:
        shell.err(f"mawk: cannot open {path} (No such file or directory)\n")
        return None
    return content(shell, "awk", path, stdin)


def _section(rules: list[_Rule], name: str, state: _State) -> None:
    for rule in rules:
        if rule.pattern == (name,):
            _actions(rule.action or [], state)


def _record(rules: list[_Rule], state: _State, line: str) -> None:
    _split(state, line)
    try:
        for rule in rules:
            if rule.pattern in (("BEGIN",), ("END",)):
                continue
            if rule.pattern is None or _truth(_eval(rule.pattern, state)):
                _actions(rule.action if rule.action is not None else [("print", [])], state)
    except _Next:
        pass


def _split(state: _State, line: str) -> None:
    separator = str(state.variables["FS"])
    if separator == " ":
        parts = line.split()
    elif len(separator) == 1:
        parts = line.split(separator)
    else:
        parts = re.split(separator, line)
    state.fields = [line, *parts]
    state.variables["NF"] = float(len(parts))


# -- running statements and expressions ------------------------------------------------------------


def _actions(statements: list[tuple], state: _State) -> None:
    for statement in statements:
        kind = statement[0]
        if kind == "print":
            values = [_string(_eval(e, state)) for e in statement[1]] or [state.fields[0]]
            state.out.append(str(state.variables["OFS"]).join(values) + "\n")
        elif kind == "printf":
            values = [_eval(e, state) for e in statement[1]]
            state.out.append(_printf(_string(values[0]), values[1:]))
        elif kind == "next":
            raise _Next
        else:
            _eval(statement, state)


def _printf(fmt: str, values: list[Value]) -> str:
    """printf's conversions (%s %d %i %f %e %g %x %o %c, with flags, width and precision)."""
    given = iter(values)

    def convert(spec: re.Match[str]) -> str:
        letter = spec.group()[-1]
        if letter == "%":
            return "%"
        value = next(given, "")
        if letter in "di":
            return (spec.group()[:-1] + "d") % int(_number(value))
        if letter in "xXo":
            return spec.group() % int(_number(value))
        if letter in "feEgG":
            return spec.group() % _number(value)
        if letter == "c":
            numeric = not isinstance(value, str) or _numeric(value)  # fields are "strnum"
            char = chr(int(_number(value)) % 256) if numeric else _string(value)[:1]
            return (spec.group()[:-1] + "s") % char
        return spec.group() % _string(value)

    return _PRINTF.sub(convert, fmt)


def _eval(node: tuple, state: _State) -> Value:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "var":
        return state.variables.get(node[1], "")
    if kind == "field":
        index = int(_number(_eval(node[1], state)))
        return state.fields[index] if 0 <= index < len(state.fields) else ""
    if kind == "re":
        return float(bool(node[1].search(state.fields[0])))
    if kind == "not":
        return float(not _truth(_eval(node[1], state)))
    if kind == "assign":
        return _assign(node, state)
    left, right = _eval(node[1], state), _eval(node[2], state)
    return _binary(kind, left, right, node)


def _assign(node: tuple, state: _State) -> Value:
    _, op, target, expression = node
    value = _eval(expression, state)
    if op != "=":
        current = _number(_eval(target, state))
        value = current + _number(value) if op == "+=" else current - _number(value)
    if target[0] == "var":
        state.variables[target[1]] = value
    else:
        index = int(_number(_eval(target[1], state)))
        state.fields += [""] * (index + 1 - len(state.fields))
        state.fields[index] = _string(value)
        if index:
            state.fields[0] = str(state.variables["OFS"]).join(state.fields[1:])
    return value


def _binary(kind: str, left: Value, right: Value, node: tuple) -> Value:
    if kind == "concat":
        return _string(left) + _string(right)
    if kind in ("~", "!~"):
        return float(bool(_dynamic(node[2], right).search(_string(left))) == (kind == "~"))
    if kind in ("&&", "||"):
        both = _truth(left) and _truth(right)
        return float(both if kind == "&&" else _truth(left) or _truth(right))
    if kind in _COMPARISONS:
        if _numeric(left) and _numeric(right):
            return float(_COMPARISONS[kind](_number(left), _number(right)))
        return float(_COMPARISONS[kind](_string(left), _string(right)))
    if kind in "/%" and _number(right) == 0:
        raise AwkRuntimeError("division by zero")
    return _ARITHMETIC[kind](_number(left), _number(right))


def _dynamic(node: tuple, value: Value) -> re.Pattern[str]:
    """The right of `~`: a /regex/ as written, or a string read as one."""
    if node[0] == "re":
        return node[1]
    try:
        return compile_regex(_string(value), True)
    except ValueError as error:
        raise AwkRuntimeError(str(error)) from None


def _numeric(value: Value) -> bool:
    return isinstance(value, float) or bool(
        re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*", value)
    )


def _number(value: Value) -> float:
    if isinstance(value, float):
        return value
    match = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)", value)
    return float(match.group()) if match else 0.0


def _string(value: Value) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if value == int(value) else f"{value:.6g}"


def _truth(value: Value) -> bool:
    return value != 0 if isinstance(value, float) else value != ""


# -- reading the program ----------------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        at = 0
        source = source.rstrip()
        while at < len(source):
            match = _TOKEN.match(source, at)
            if match is None or match.end() == at:
                raise AwkSyntaxError(source[at:])
            self.tokens.append((match.lastgroup or "", match.group(match.lastgroup or 0)))
            at = match.end()
        self.at = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (value is not None and token[1] != value):
            raise AwkSyntaxError(token[1])
        self.at += 1
        return token

    def skip(self, *values: str) -> None:
        while self.peek()[1] in values and self.peek()[0] != "end":
            self.at += 1

    def program(self) -> list[_Rule]:
        rules = []
        self.skip("\n", ";")
        while self.peek()[0] != "end":
            rules.append(self.rule())
            self.skip("\n", ";")
        return rules

    def rule(self) -> _Rule:
        pattern: tuple | None = None
        if self.peek()[1] in ("BEGIN", "END"):
            pattern = (self.take()[1],)
        elif self.peek()[1] != "{":
            pattern = self.expression()
        if self.peek()[1] != "{":
            if pattern is None or pattern in (("BEGIN",), ("END",)):
                raise AwkSyntaxError(self.peek()[1])
            return _Rule(pattern, None)
        return _Rule(pattern, self.block())

    def block(self) -> list[tuple]:
        self.take("{")
        statements = []
        self.skip("\n", ";")
        while self.peek()[1] != "}":
            statements.append(self.statement())
            self.skip("\n", ";")
        self.take("}")
        return statements

    def statement(self) -> tuple:
        word = self.peek()[1]
        if word in ("print", "printf"):
            self.take()
            values = []
            while self.peek()[1] not in (";", "\n", "}") and self.peek()[0] != "end":
                values.append(self.expression(no_compare=True))
                if self.peek()[1] == ",":
                    self.take()
            if word == "printf" and not values:
                raise AwkSyntaxError(self.peek()[1])
            return (word, values)
        if word == "next":
            self.take()
            return ("next",)
        return self.expression()

    def expression(self, no_compare: bool = False) -> tuple:
        left = self.comparison(no_compare)
        while self.peek()[1] in ("&&", "||"):
            op = self.take()[1]
            left = (op, left, self.comparison(no_compare))
        if self.peek()[1] in ("=", "+=", "-=") and left[0] in ("var", "field"):
            op = self.take()[1]
            return ("assign", op, left, self.expression(no_compare))
        return left

    def comparison(self, no_compare: bool) -> tuple:
        left = self.concatenation()
        ops = ("==", "!=", "<", "<=", ">=", "~", "!~") + (() if no_compare else (">",))
        if self.peek()[1] in ops:
            op = self.take()[1]
            return (op, left, self.concatenation())
        return left

    def concatenation(self) -> tuple:
        left = self.sum()
        while self.peek()[0] in ("num", "str", "name") or self.peek()[1] in ("$", "("):
            if self.peek()[1] in _KEYWORDS:
                break
            left = ("concat", left, self.sum())
        return left

    def sum(self) -> tuple:
        left = self.product()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            left = (op, left, self.product())
        return left

    def product(self) -> tuple:
        left = self.unary()
        while self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            left = (op, left, self.unary())
        return left

    def unary(self) -> tuple:
        kind, value = self.take()
        if value == "!":
            return ("not", self.unary())
        if value == "-":
            return ("-", ("lit", 0.0), self.unary())
        if value == "$":
            return ("field", self.unary())
        if value == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if kind == "num":
            return ("lit", float(value))
        if kind == "str":
            return (
                "lit",
                re.sub(
                    r"\\(.)",
                    lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                    value[1:-1],
                ),
            )
        if kind == "re":
            return ("re", compile_regex(value[1:-1].replace("\\/", "/"), True))
        if kind == "name" and value not in _KEYWORDS:
            return ("var", value)
        raise AwkSyntaxError(value)


AWK = {"awk": awk}
