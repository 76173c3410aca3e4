"""`-o go-template=...` (and `template`): Go's text/template over the objects kubectl fetched,
as its GoTemplatePrinter runs it: fields (`.metadata.name`), variables, pipelines, `range`,
`if`, `with` (each with `else`), trim markers, comments, and the functions a template over JSON
data uses (index, len, not, and, or, eq, ne, lt, le, gt, ge, print, printf, println, and
kubectl's exists and base64decode). A missing key prints `<no value>`, as
--allow-missing-template-keys (the default) has it."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cluster.kubectl.jsonpath import go_v


class TemplateError(Exception):
    """A template that does not parse, or fails as it runs; the message is Go's."""


class _Failed(TemplateError):
    """A failure said with where in the template it happened."""


class _NoValue:
    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE = _NoValue()  # what a missing map key yields
_ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.S)
_TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:\\.|[^"\\])*")|(?P<raw>`[^`]*`)|(?P<number>-?\d+(?:\.\d+)?)"""
    r"""|(?P<var>\$\w*)(?P<varfields>(?:\.\w+)*)|(?P<fields>(?:\.\w+)+|\.)"""
    r"""|(?P<declare>:=)|(?P<assign>=)|(?P<ident>[A-Za-z_]\w*)|(?P<punct>[|(),]))"""
)


@dataclass
class _Node:
    kind: str  # text, action, range, if, with
    text: str = ""
    pipe: list[Any] = field(default_factory=list)  # parsed commands
    names: list[str] = field(default_factory=list)  # variables a pipeline declares
    body: list[_Node] = field(default_factory=list)
    otherwise: list[_Node] = field(default_factory=list)
    at: tuple[int, str] = (0, "")  # where the action starts in the template, and its pipeline


def parse(template: str) -> list[_Node]:
    """The template's tree (raises TemplateError as Go words it)."""
    nodes, _, ended = _block(list(_pieces(template)), 0)
    if ended is not None:
        raise TemplateError(f"template: output:1: unexpected {{{{{ended.split()[0]}}}}}")
    return nodes


Piece = tuple[str, str, int]  # kind, text, the column the text starts at


def _block(pieces: list[Piece], i: int) -> tuple[list[_Node], int, str | None]:
    """The nodes up to an {{end}} or {{else ...}} (given back, said as it was) or the end."""
    nodes: list[_Node] = []
    while i < len(pieces):
        kind, value, column = pieces[i]
        i += 1
        if kind == "text":
            nodes.append(_Node("text", value))
            continue
        action = value.strip()
        word = action.split(None, 1)[0] if action else ""
        if word in ("end", "else"):
            return nodes, i, action
        if action.startswith("/*"):
            continue
        if word in ("range", "if", "with"):
            node, i = _control(word, action[len(word) :], pieces, i)
        else:
            node = _Node("action")
            node.names, node.pipe = _pipeline(action)
        node.at = (
            column + len(value) - len(value.lstrip()),
            action[len(word) :].strip() if word in ("range", "if", "with") else action,
        )
        nodes.append(node)
    return nodes, i, None


def _control(word: str, pipeline: str, pieces: list[Piece], i: int) -> tuple[_Node, int]:
    """A range, if or with, its body, and its else (an `else if` shares the {{end}})."""
    node = _Node(word)
    node.names, node.pipe = _pipeline(pipeline)
    node.body, i, ended = _block(pieces, i)
    if ended is None:
        raise TemplateError("template: output:1: unexpected EOF")
    if ended.startswith("else"):
        chained = ended[len("else") :].strip()
        if chained:
            inner = chained.split(None, 1)[0]
            otherwise, i = _control(inner, chained[len(inner) :], pieces, i)
            node.otherwise = [otherwise]
            return node, i
        node.otherwise, i, ended = _block(pieces, i)
        if ended is None:
            raise TemplateError("template: output:1: unexpected EOF")
        if ended != "end":
            raise TemplateError(f"template: output:1: expected end; found {{{{{ended}}}}}")
    return node, i


def _pieces(template: str) -> Iterator[Piece]:
    """Text and actions in order, with the trim markers' whitespace taken away."""
    position, trim_next = 0, False
    for match in _ACTION.finditer(template):
        text = template[position : match.start()]
        if trim_next:
            text = text.lstrip()
        if match.group(1):
            text = text.rstrip()
        if text:
            yield "text", text, position
        yield "action", match.group(2), match.start(2)
        position, trim_next = match.end(), bool(match.group(3))
    text = template[position:]
    if "{{" in text:
        raise TemplateError("template: output:1: unclosed action")
    if trim_next:
        text = text.lstrip()
    if text:
        yield "text", text, position


def _pipeline(source: str) -> tuple[list[str], list[Any]]:
    """A pipeline: the variables it declares, and its commands (each a list of operands)."""
    tokens = _tokens(source)
    names: list[str] = []
    for i, token in enumerate(tokens):
        if token[0] in ("declare", "assign"):
            names = [t[1] for t in tokens[:i] if t[0] == "var"]
            tokens = tokens[i + 1 :]
            break
    commands, _ = _commands(tokens, 0)
    if not commands or not commands[0]:
        raise TemplateError("template: output:1: missing value for command")
    return names, commands


def _commands(tokens: list[tuple[str, Any]], i: int) -> tuple[list[list[Any]], int]:
    commands: list[list[Any]] = [[]]
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "punct" and value == ")":
            return commands, i + 1
        if kind == "punct" and value == "|":
            commands.append([])
        elif kind == "punct" and value == "(":
            inner, i = _commands(tokens, i + 1)
            commands[-1].append(("pipe", inner))
            continue
        else:
            if kind == "ident" and value not in FUNCTIONS and value not in CONSTANTS:
                raise TemplateError(f'template: output:1: function "{value}" not defined')
            commands[-1].append((kind, value))
        i += 1
    return commands, i


def _tokens(source: str) -> list[tuple[str, Any]]:
    tokens, position = [], 0
    source = source.rstrip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            raise TemplateError(
                f"template: output:1: unexpected {source[position:].strip()[:1]!r} in command"
            )
        position = match.end()
        kind = match.lastgroup
        if match.group("var") is not None:
            tokens.append(("var", match.group("var")))
            if match.group("varfields"):
                tokens.append(("chain", match.group("varfields")[1:].split(".")))
        elif kind == "string":
            tokens.append(("literal", json.loads(match.group("string"))))
        elif kind == "raw":
            tokens.append(("literal", match.group("raw")[1:-1]))
        elif kind == "number":
            number = match.group("number")
            tokens.append(("literal", float(number) if "." in number else int(number)))
        elif kind == "fields":
            text = match.group("fields")
            names = [] if text == "." else text[1:].split(".")
            # right after a parenthesized pipeline: a field of its value, `(index .a 0).b`
            chained = source[match.start() - 1 : match.start() + 1] == ")."
            tokens.append(("chain" if chained else "fields", names))
        else:
            tokens.append((kind, match.group(kind)))
    return tokens


# -- running ---------------------------------------------------------------------------


def execute(tree: list[_Node], data: Any) -> str:
    """The template's output over `data` (raises TemplateError)."""
    out: list[str] = []
    _run(tree, data, {"$": data}, out)
    return "".join(out)


def _run(nodes: list[_Node], dot: Any, variables: dict[str, Any], out: list[str]) -> None:
    for node in nodes:
        try:
            _run_node(node, dot, variables, out)
        except _Failed:
            raise
        except TemplateError as error:
            column, source = node.at
            raise _Failed(
                f'template: output:1:{column}: executing "output" at <{source}>: {error}'
            ) from None


def _run_node(node: _Node, dot: Any, variables: dict[str, Any], out: list[str]) -> None:
    if node.kind == "text":
        out.append(node.text)
    elif node.kind == "range":
        _range(node, dot, variables, out)
    elif node.kind == "action":
        value = _evaluate(node.pipe, dot, variables)
        if node.names:
            variables[node.names[0]] = value
        else:
            out.append(_printed(value))
    else:
        value = _evaluate(node.pipe, dot, dict(variables))
        if node.names:
            variables[node.names[0]] = value
        chosen = node.body if _truth(value) else node.otherwise
        inner = value if node.kind == "with" and _truth(value) else dot
        _run(chosen, inner, dict(variables), out)


def _range(node: _Node, dot: Any, variables: dict[str, Any], out: list[str]) -> None:
    value = _evaluate(node.pipe, dot, variables)
    if isinstance(value, dict):
        pairs = [(key, value[key]) for key in sorted(value)]
    elif isinstance(value, list):
        pairs = list(enumerate(value))
    elif value is None or value is NO_VALUE:
        pairs = []
    elif isinstance(value, int):
        pairs = [(i, i) for i in range(value)]
    else:
        raise TemplateError(f"range can't iterate over {go_v(value)}")
    if not pairs:
        _run(node.otherwise, dot, dict(variables), out)
    for key, item in pairs:
        scope = dict(variables)
        if len(node.names) == 2:
            scope[node.names[0]], scope[node.names[1]] = key, item
        elif node.names:
            scope[node.names[0]] = item
        _run(node.body, item, scope, out)


def _evaluate(commands: list[list[Any]], dot: Any, variables: dict[str, Any]) -> Any:
    value: Any = NO_VALUE
    for i, command in enumerate(commands):
        passed = [value] if i else []
        value = _command(command, dot, variables, passed)
    return value


def _command(command: list[Any], dot: Any, variables: dict[str, Any], passed: list[Any]) -> Any:
    kind, head = command[0]
    if kind == "ident" and head in FUNCTIONS:
        args = [_operand(o, dot, variables) for o in _operands(command[1:])] + passed
        return FUNCTIONS[head](*args)
    if len(_operands(command)) > 1 or passed:
        raise TemplateError(f"can't give argument to non-function {command[0][1]}")
    return _operand(_operands(command)[0], dot, variables)


def _operands(tokens: list[Any]) -> list[list[Any]]:
    """Operands, a variable with the fields that follow it kept together."""
    grouped: list[list[Any]] = []
    for token in tokens:
        if token[0] == "chain" and grouped:
            grouped[-1].append(token)
        else:
            grouped.append([token])
    return grouped


def _operand(tokens: list[Any], dot: Any, variables: dict[str, Any]) -> Any:
    kind, value = tokens[0]
    if kind == "literal":
        return value
    if kind == "pipe":
        found = _evaluate(value, dot, variables)
        return _fields(found, tokens[1][1]) if len(tokens) > 1 else found
    if kind == "fields":
        return _fields(dot, value)
    if kind == "var":
        if value not in variables:
            raise TemplateError(f'template: output:1: undefined variable "{value}"')
        found = variables[value]
        return _fields(found, tokens[1][1]) if len(tokens) > 1 else found
    if kind == "ident" and value in CONSTANTS:
        return CONSTANTS[value]
    raise TemplateError(f"template: output:1: unexpected {tokens[0][1]} in operand")


def _fields(value: Any, names: list[str]) -> Any:
    for name in names:
        if value is NO_VALUE or value is None:
            return NO_VALUE
        if not isinstance(value, dict):
            raise TemplateError(f"can't evaluate field {name} in type {_go_type(value)}")
        value = value.get(name, NO_VALUE)
    return value


def _go_type(value: Any) -> str:
    """The type Go names for a JSON value held in an interface, as its errors say it."""
    return "interface {}"


def _truth(value: Any) -> bool:
    return value is not NO_VALUE and bool(value)


def _printed(value: Any) -> str:
    return "<no value>" if value is NO_VALUE else go_v(value)


# -- functions -------------------------------------------------------------------------


def _index(value: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key, NO_VALUE)
        elif isinstance(value, list) and isinstance(key, int):
            if not 0 <= key < len(value):
                raise TemplateError(f"error calling index: index out of range: {key}")
            value = value[key]
        elif value is None or value is NO_VALUE:
            raise TemplateError("error calling index: index of untyped nil")
        else:
            raise TemplateError(f"error calling index: can't index item of type {_go_type(value)}")
    return value


def _len(value: Any) -> int:
    if not isinstance(value, (dict, list, str)):
        raise TemplateError(f"error calling len: len of type {_go_type(value)}")
    return len(value)


def _printf(form: str, *args: Any) -> str:
    """fmt.Sprintf for %v %s %d %q %f %x %t and %%."""
    values = iter(args)

    def verb(match: re.Match[str]) -> str:
        flags, width, precision, letter = match.groups()
        if letter == "%":
            return "%"
        value = next(values, NO_VALUE)
        if letter == "q":
            text = json.dumps(value if isinstance(value, str) else go_v(value), ensure_ascii=False)
        elif letter == "d" and isinstance(value, (int, float)):
            text = str(int(value))
        elif letter == "f" and isinstance(value, (int, float)):
            text = f"{float(value):.{precision or 6}f}"
        elif letter == "x" and isinstance(value, int):
            text = f"{value:x}"
        else:
            text = _printed(value)
        if not width:
            return text
        return text.ljust(int(width)) if "-" in flags else text.rjust(int(width))

    return re.sub(r"%([-+# 0]*)(\d*)(?:\.(\d+))?([vsdqfxt%])", verb, form)


def _compare(op: Callable[[Any, Any], bool]) -> Callable[..., bool]:
    def compare(a: Any, *others: Any) -> bool:
        return any(op(a, b) for b in others) if op is _equal else all(op(a, b) for b in others)

    return compare


def _equal(a: Any, b: Any) -> bool:
    return a == b


def _base64decode(value: str) -> str:
    try:
        return base64.b64decode(value).decode(errors="replace")
    except (ValueError, TypeError) as error:
        raise TemplateError(f"error calling base64decode: {error}") from None


CONSTANTS = {"true": True, "false": False, "nil": None}
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "index": _index,
    "len": _len,
    "not": lambda value: not _truth(value),
    "and": lambda *values: next((v for v in values if not _truth(v)), values[-1]),
    "or": lambda *values: next((v for v in values if _truth(v)), values[-1]),
    "eq": _compare(_equal),
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "print": lambda *values: "".join(_printed(v) for v in values),
    "println": lambda *values: " ".join(_printed(v) for v in values) + "\n",
    "printf": _printf,
    "exists": lambda value, *keys: _exists(value, keys),
    "base64decode": _base64decode,
}


def _exists(value: Any, keys: tuple[Any, ...]) -> bool:
    """kubectl's exists: whether the keys lead somewhere in the object."""
    try:
        return _index(value, *keys) is not NO_VALUE
    except TemplateError:
        return False
