"""JSONPath templates as kubectl reads them (k8s.io/client-go/util/jsonpath): text with
`{...}` actions holding fields (`.a.b`, `['a.b']`, `\\.` escapes), `*`, `..`, indexes and
slices (`[0]`, `[-1]`, `[1:3]`), unions (`[0,2]`), filters
(`[?(@.status=="True")]`, `[?(@.x)]`), string literals (`{"\\n"}`) and
`{range ...}...{end}`. Missing keys give nothing, as `kubectl get` allows them.

`parse` raises JSONPathError with client-go's parse messages; `execute` raises it with its
evaluation messages. Results print as kubectl prints them: scalars as Go's fmt.Print does,
maps and lists as compact JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$")
_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?\d*)(:-?\d*)?(:-?\d*)?$")
_TERMINATORS = frozenset(" \t\r\n.,[]$@{}")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v", "0": "\0"}  # fmt: skip


class JSONPathError(Exception):
    """A template that does not parse, or cannot be evaluated against the object."""


# -- nodes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str


@dataclass(frozen=True, slots=True)
class Wildcard:
    pass


@dataclass(frozen=True, slots=True)
class Recursive:
    pass


@dataclass(frozen=True, slots=True)
class Index:
    """[start:end:step], None where not given; `single`: a plain index, [start]."""

    start: int | None
    end: int | None
    step: int | None
    single: bool = False


@dataclass(frozen=True, slots=True)
class Union:
    branches: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True, slots=True)
class Filter:
    left: tuple[Any, ...]
    operator: str  # == != < > <= >= or "exists"
    right: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any  # an int, float or bool in an action


@dataclass(frozen=True, slots=True)
class Identifier:
    name: str  # range, end


@dataclass(frozen=True, slots=True)
class Action:
    nodes: tuple[Any, ...]


# -- parsing ----------------------------------------------------------------------------------


@dataclass
class _Parser:
    text: str
    pos: int = 0
    nodes: list[Any] = field(default_factory=list)

    def parse(self) -> list[Any]:
        """Text and actions at the top level."""
        out: list[Any] = []
        while self.pos < len(self.text):
            brace = self.text.find("{", self.pos)
            if brace < 0:
                out.append(Text(self.text[self.pos :]))
                break
            if brace > self.pos:
                out.append(Text(self.text[self.pos : brace]))
            self.pos = brace + 1
            out.append(Action(tuple(self._action())))
        return out

    def _action(self) -> list[Any]:
        """The nodes of one action, up to its closing brace."""
        nodes: list[Any] = []
        while True:
            rest = self.text[self.pos :]
            if rest.startswith("}"):
                self.pos += 1
                return nodes
            if rest.startswith("[?("):
                nodes.append(self._filter())
                continue
            if rest.startswith(".."):
                if nodes and isinstance(nodes[-1], Recursive):
                    raise JSONPathError("invalid multiple recursive descent")
                self.pos += 2
                nodes.append(Recursive())
                if self.pos < len(self.text) and _alphanumeric(self.text[self.pos]):
                    nodes.append(self._field())
                continue
            if not rest or rest[0] in "\r\n":
                raise JSONPathError("unclosed action")
            char = rest[0]
            if char in " @$":
                self.pos += 1
            elif char == "[":
                nodes.extend(self._array())
            elif char in "\"'":
                nodes.append(self._quote(char))
            elif char == ".":
                self.pos += 1
                nodes.append(self._field())
            elif char in "+-" or char.isdigit():
                nodes.append(self._number())
            elif _alphanumeric(char):
                nodes.append(self._identifier())
            else:
                raise JSONPathError(f"unrecognized character in action: {_rune(char)}")

    def _field(self) -> Field | Wildcard:
        start = self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char in _TERMINATORS:
                break
            self.pos += 1
        value = self.text[start : self.pos]
        return Wildcard() if value == "*" else Field(value.replace("\\", ""))

    def _identifier(self) -> Identifier | Literal:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _TERMINATORS:
            self.pos += 1
        value = self.text[start : self.pos]
        return Literal(value == "true") if value in ("true", "false") else Identifier(value)

    def _number(self) -> Literal:
        start = self.pos
        if self.text[self.pos] in "+-":
            self.pos += 1
        while self.pos < len(self.text) and (
            self.text[self.pos] == "." or self.text[self.pos].isdigit()
        ):
            self.pos += 1
        value = self.text[start : self.pos]
        try:
            return Literal(int(value))
        except ValueError:
            pass
        try:
            return Literal(float(value))
        except ValueError:
            raise JSONPathError(f"cannot parse number {value}") from None

    def _quote(self, end: str) -> Text:
        start = self.pos
        self.pos += 1
        while True:
            if self.pos >= len(self.text) or self.text[self.pos] == "\n":
                raise JSONPathError("unterminated quoted string")
            char = self.text[self.pos]
            self.pos += 1
            if char == end and self.text[self.pos - 2] != "\\":
                break
        quoted = self.text[start : self.pos]
        try:
            return Text(_unquote(quoted))
        except ValueError:
            raise JSONPathError(f"unquote string {quoted} error invalid syntax") from None

    def _array(self) -> list[Any]:
        end = self.pos
        while True:
            end += 1
            if end >= len(self.text) or self.text[end] == "\n":
                raise JSONPathError("unterminated array")
            if self.text[end] == "]":
                break
        inner = self.text[self.pos + 1 : end]
        self.pos = end + 1
        inner = ":" if inner == "*" else inner
        parts = inner.split(",")
        if len(parts) > 1:
            return [Union(tuple(tuple(_sub_action(f"[{p.strip()}]")) for p in parts))]
        key = _DICT_KEY.match(inner)
        if key:
            return _sub_action(f".{key.group(1)}")
        return [_slice(inner)]

    def _filter(self) -> Filter:
        self.pos += 3
        start, begin, end, pair = self.pos, False, False, ""
        while True:
            if self.pos >= len(self.text) or self.text[self.pos] == "\n":
                raise JSONPathError("unterminated filter")
            char = self.text[self.pos]
            self.pos += 1
            if char in "\"'":
                if not begin:
                    begin, pair = True, char
                elif self.text[self.pos - 2] != "\\" and char == pair:
                    end = True
            elif char == ")" and begin == end:
                break
        if self.pos >= len(self.text) or self.text[self.pos] != "]":
            raise JSONPathError("unclosed array expect ]")
        self.pos += 1
        text = self.text[start : self.pos - 2]
        match = _FILTER.match(text)
        if match is None:
            return Filter(tuple(_sub_action(text)), "exists", ())
        left, operator, right = match.groups()
        return Filter(tuple(_sub_action(left)), operator, tuple(_sub_action(right)))


def _sub_action(text: str) -> list[Any]:
    """parseAction: the nodes of `{text}`."""
    parsed = _Parser("{" + text + "}").parse()
    return list(parsed[0].nodes) if parsed and isinstance(parsed[0], Action) else []


def _slice(text: str) -> Index:
    match = _SLICE.match(text)
    if match is None:
        raise JSONPathError(f"invalid array index {text}")
    first, second, third = (g or "" for g in match.groups())
    try:
        start = int(first) if first else None
        end = int(second[1:]) if second[1:] else None
        step = int(third[1:]) if third[1:] else None
    except ValueError as error:
        raise JSONPathError(f"array index {error} is not a number") from None
    return Index(start, end, step, single=bool(first) and not second)


def _alphanumeric(char: str) -> bool:
    return char == "_" or char.isalnum()


def _rune(char: str) -> str:
    """Go's %#U: U+0023 '#'."""
    return f"U+{ord(char):04X} '{char}'"


def _unquote(quoted: str) -> str:
    """UnquoteExtend: a double- or single-quoted Go string with its escapes."""
    body, out, i = quoted[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
            raise ValueError(quoted)
        out.append(_ESCAPES[body[i + 1]])
        i += 2
    return "".join(out)


def parse(template: str) -> list[Any]:
    return _Parser(template).parse()


# -- evaluation -------------------------------------------------------------------------------

_MISSING = object()


def execute(template: list[Any], data: Any, allow_missing: bool = True) -> str:
    """The template's text for `data`; a field found nowhere is an error unless
    `allow_missing` (AllowMissingKeys)."""
    found = results(template, data, allow_missing)
    return "".join(" ".join(text(v) for v in values) for values in found)


def results(template: list[Any], data: Any, allow_missing: bool = True) -> list[list[Any]]:
    """FindResults: the values each action (or text) gives, in order."""
    found: list[list[Any]] = []
    _collect(template, data, found, allow_missing)
    return found


def values(template: list[Any], data: Any) -> list[Any]:
    """Every value the template finds, in order (a custom column's cell)."""
    return [value for found in results(template, data) for value in found]


def _collect(
    nodes: list[Any], data: Any, results: list[list[Any]], allow_missing: bool = True
) -> None:
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Text):
            results.append([node.text])
        elif node.nodes and node.nodes[0] == Identifier("range"):
            body, after = _range_body(nodes, i + 1)
            for value in _walk([data], node.nodes[1:], allow_missing):
                _collect(body, value, results, allow_missing)
            i = after
            continue
        elif node.nodes and node.nodes[0] == Identifier("end"):
            raise JSONPathError("not in range, nothing to end")
        else:
            results.append(_walk([data], node.nodes, allow_missing))
        i += 1


def _range_body(nodes: list[Any], start: int) -> tuple[list[Any], int]:
    """The nodes up to the `{end}` matching a range, and where to go on after it."""
    depth = 0
    for i in range(start, len(nodes)):
        first = nodes[i].nodes[0] if isinstance(nodes[i], Action) and nodes[i].nodes else None
        if first == Identifier("range"):
            depth += 1
        elif first == Identifier("end"):
            if depth == 0:
                return nodes[start:i], i + 1
            depth -= 1
    return nodes[start:], len(nodes)


def _walk(
    values: list[Any], nodes: tuple[Any, ...] | list[Any], allow_missing: bool = True
) -> list[Any]:
    for node in nodes:
        found = _step(values, node)
        if values and not found and isinstance(node, Field) and not allow_missing:
            raise JSONPathError(f"{node.name} is not found")  # evalField
        values = found
    return values


def _step(values: list[Any], node: Any) -> list[Any]:
    if isinstance(node, Text):
        return [node.text]
    if isinstance(node, Literal):
        return [node.value for _ in values]
    if isinstance(node, Field):
        return [v[node.name] for v in values if isinstance(v, dict) and node.name in v]
    if isinstance(node, Wildcard):
        return [item for v in values if v is not None for item in _children(v)]
    if isinstance(node, Recursive):
        return _recursive(values)
    if isinstance(node, Index):
        return [item for v in values if v is not None for item in _index(v, node)]
    if isinstance(node, Union):
        return [item for branch in node.branches for item in _walk(values, branch)]
    if isinstance(node, Filter):
        return [item for v in values for item in _filter(v, node)]
    if isinstance(node, Identifier):
        if node.name in ("range", "end"):
            return values
        raise JSONPathError(f"unrecognized identifier {node.name}")
    raise JSONPathError(f"unexpected Node {node}")


def _children(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [value[key] for key in sorted(value)]
    if isinstance(value, list):
        return list(value)
    return list(value.encode()) if isinstance(value, str) else []  # a string's bytes


def _recursive(values: list[Any]) -> list[Any]:
    found: list[Any] = []
    for value in values:
        children = _children(value) if value is not None else []
        if children:
            found.append(value)
            found.extend(_recursive(children))
    return found


def _index(value: Any, node: Index) -> list[Any]:
    if not isinstance(value, list):
        raise JSONPathError(f"{go_type(value)} is not array or slice")
    length = len(value)
    start = node.start or 0
    start += length if start < 0 else 0
    end = length if node.end is None else node.end
    end += length if end < 0 else 0
    end = start + 1 if node.single else end
    if end != start:
        if start >= length:
            raise JSONPathError(f"array index out of bounds: index {start}, length {length}")
        if end > length:
            raise JSONPathError(f"array index out of bounds: index {end - 1}, length {length}")
    return value[start:end]  # a third number is Go's Slice3 capacity, not a step


def _filter(value: Any, node: Filter) -> list[Any]:
    if not isinstance(value, list):
        raise JSONPathError(f"{go_v(value)} is not array or slice and cannot be filtered")
    kept = []
    for item in value:
        lefts = _walk([item], node.left)
        if node.operator == "exists":
            if lefts:
                kept.append(item)
            continue
        rights = _walk([item], node.right)
        if len(lefts) != 1 or len(rights) != 1:
            raise JSONPathError("can only compare one element at a time")
        if _compare(lefts[0], node.operator, rights[0]):
            kept.append(item)
    return kept


def _compare(left: Any, operator: str, right: Any) -> bool:
    """text/template's comparisons: values of one basic kind (ints and floats are numbers)."""
    kind = _kind(left)
    if kind is None or kind != _kind(right):
        raise JSONPathError("incompatible types for comparison")
    if operator in ("==", "!="):
        return (left == right) == (operator == "==")
    if kind == "bool":
        raise JSONPathError("invalid type for comparison")
    orders = {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}
    if operator not in orders:
        raise JSONPathError(f"unrecognized filter operator {operator}")
    return bool(orders[operator])


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return None


# -- printing ---------------------------------------------------------------------------------


def text(value: Any) -> str:
    """How PrintResults writes one value: maps and lists as JSON, the rest as fmt.Print."""
    if isinstance(value, dict | list):
        return go_json(value)
    return go_v(value)


def go_json(value: Any) -> str:
    """encoding/json.Marshal: compact, sorted keys, HTML characters escaped."""
    encoded = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        encoded = encoded.replace(char, escape)
    return encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def go_v(value: Any) -> str:
    """fmt's %v of a decoded JSON value: map[k:v], [a b], <nil>, Go floats."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_v(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_v(item) for item in value) + "]"
    return str(value)


def _go_float(value: float) -> str:
    """%v of a float64: the shortest form, exponent from 1e21 or below 1e-4."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa}e{sign}{abs(int(exponent)):02d}"
    return text


def go_type(value: Any) -> str:
    """The Go type an unstructured value has."""
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return "string" if isinstance(value, str) else "interface {}"


def go_syntax(value: Any) -> str:
    """fmt's %#v of a decoded JSON value, as kubectl shows the object a template failed on."""
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)}:{go_syntax(value[k])}" for k in sorted(value))
        return "map[string]interface {}{" + inner + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_syntax(item) for item in value) + "}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "interface {}(nil)"
    return go_v(value)
