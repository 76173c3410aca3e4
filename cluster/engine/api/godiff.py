"""How kube-apiserver shows what an update changed in a field that may not change:
k8s.io/apimachinery/pkg/util/diff.Diff of two internal Go values.

Diff writes each value as encoding/json.MarshalIndent does (a one-space indent) and
compares the lines as go-difflib's unified diff does: hunks with three lines of context and
no file header. An internal type has no JSON tags, so its fields are written under their Go
names, in their declared order, and every one of them, set or not: a `Layout` says how a
v1 JSON object becomes that value.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cluster.engine.api import quantity
from cluster.engine.api.field import Struct, go_json

Converter = Callable[[Any], Any]
Layout = tuple["GoField", ...]
_ZEROS: dict[str, Any] = {"string": "", "bool": False, "int32": 0, "int64": 0}


@dataclass(frozen=True, slots=True)
class GoField:
    """One field of an internal Go struct and the v1 JSON field it is converted from."""

    go: str
    json: str
    zero: Any = None  # what Go holds when the JSON leaves it out: null for pointers, slices, maps
    convert: Converter | None = None  # how a value that is there is written; None: as it is
    struct: bool = False  # a struct held by value, written whole even when left out


def layout(table: str, **types: Layout | Converter) -> Layout:
    """A struct's fields in their Go order, one a line: `GoName jsonName type`. A type is
    string, bool, int32 or int64 (left out, Go holds their zero value), the name of one of
    `types` (a nested struct's layout, or a converter) with `*` or `[]` before it for a
    pointer or a slice, or any other Go type, which a left out field writes as null."""
    return tuple(_go_field(*line.split(), types) for line in table.strip().splitlines())


def _go_field(go: str, name: str, kind: str, types: Mapping[str, Layout | Converter]) -> GoField:
    base = kind.removeprefix("*").removeprefix("[]")
    inner = types.get(base)
    if inner is None:
        return GoField(go, name, _ZEROS.get(kind))
    convert = inner if callable(inner) else _struct_converter(inner)
    if kind.startswith("[]"):
        return GoField(go, name, convert=lambda items: [convert(item) for item in items])
    return GoField(go, name, convert=convert, struct=kind == base and not callable(inner))


def _struct_converter(fields: Layout) -> Converter:
    return lambda value: go_struct(value, fields)


def go_struct(value: Mapping[str, Any] | None, fields: Layout) -> Struct | None:
    """The internal Go value of a v1 JSON object (None: a nil pointer)."""
    if value is None:
        return None
    return Struct({f.go: _field_value(value.get(f.json), f) for f in fields})


def _field_value(value: Any, f: GoField) -> Any:
    if value is None:
        if not f.struct:
            return f.zero
        value = {}
    return f.convert(value) if f.convert else value


class Quantity(str):
    """A resource.Quantity as MarshalJSON writes it (its canonical form), equal to any
    other of the same amount, as apiequality.Semantic compares them."""

    def __new__(cls, text: str | int | float) -> Quantity:
        return super().__new__(cls, quantity.canonical(text))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return quantity.parse(str(self)) == quantity.parse(str(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(quantity.parse(str(self)))


def resource_list(values: Mapping[str, Any]) -> dict[str, Quantity]:
    """A ResourceList: each quantity as it is written, and compared."""
    return {name: Quantity(amount) for name, amount in values.items()}


def semantic(value: Any) -> Any:
    """A value as apiequality.Semantic.DeepEqual sees it: an empty slice or map is nil."""
    if isinstance(value, dict):
        return {k: semantic(v) for k, v in value.items()} if value else None
    if isinstance(value, list):
        return [semantic(v) for v in value] if value else None
    return value


def marshal_indent(value: Any) -> str:
    """encoding/json.MarshalIndent(value, "", " ")."""
    # go_json has written the keys in Go's order, which json.loads keeps
    text = json.dumps(json.loads(go_json(value)), indent=1, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def diff(old: Any, new: Any) -> str:
    """diff.Diff(old, new): go-difflib's unified diff (the same algorithm as Python's
    difflib) of the two values' indented JSON, each line ending in a newline."""
    before, after = _split_lines(marshal_indent(old)), _split_lines(marshal_indent(new))
    out: list[str] = []
    for group in difflib.SequenceMatcher(None, before, after).get_grouped_opcodes(3):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in before[i1:i2]]
                continue
            if tag in ("replace", "delete"):
                out += ["-" + line for line in before[i1:i2]]
            if tag in ("replace", "insert"):
                out += ["+" + line for line in after[j1:j2]]
    return "".join(out)


def _split_lines(text: str) -> list[str]:
    """difflib.SplitLines: each line with its newline, the last one's added."""
    return [line + "\n" for line in text.split("\n")]


def _range(start: int, stop: int) -> str:
    """formatRangeUnified."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"
