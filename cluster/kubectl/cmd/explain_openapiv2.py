"""`kubectl explain --output=plaintext-openapiv2`: a kind's (or field's) schema from the
server's OpenAPI v2 document, printed as kubectl's older explain printer prints it (KIND,
VERSION, RESOURCE or FIELD, DESCRIPTION, FIELDS; --recursive lists the fields' tree).

The schemas are read as kube-openapi's proto package models them: a reference, a kind (an
object with properties), a map (an object without), an array, a primitive, or an arbitrary
value (no type and no properties), whose type name is empty.
"""

from __future__ import annotations

import re
from typing import Any

from cluster.engine.api import openapi_v2
from cluster.kubectl.context import Context, ExitError

Schema = dict[str, Any]
OUTPUT = "plaintext-openapiv2"
WRAP = 80  # the Formatter's width
DESCRIPTION_INDENT = 5
FIELD_INDENT = 3
FIELD_DESCRIPTION_INDENT = 2
_BULLET = re.compile(r"^(\d+\.?|-|\*)\s")


def explain(ctx: Context, gvk: Schema, path: list[str], recursive: bool) -> None:
    """PrintModelDescription: follow the path from the kind's schema, then print it."""
    definitions: Schema = openapi_v2.document()["definitions"]
    model = next(
        (s for s in definitions.values() if gvk in s.get("x-kubernetes-group-version-kind", ())),
        None,
    )
    if model is None:
        raise ExitError(f'error: couldn\'t find resource for "{_gvk_string(gvk)}"')
    printer = Printer(definitions, path[-1] if path else "", gvk, recursive)
    printer.visit(_lookup(definitions, model, path))
    ctx.out.write("".join(printer.lines))


def _lookup(definitions: Schema, schema: Schema, path: list[str]) -> Schema:
    """LookupSchemaForField: arrays, maps and references pass through; a primitive or an
    arbitrary value ends the walk even with path left."""
    while True:
        ref = schema.get("$ref")
        if not path and (ref or _shape(schema) != "primitive"):
            return schema
        if ref:
            schema = _target(definitions, ref)
        elif _shape(schema) == "kind":
            properties = schema["properties"]
            if path[0] not in properties:
                raise ExitError(f'error: field "{path[0]}" does not exist')
            schema, path = properties[path[0]], path[1:]
        elif _shape(schema) in ("array", "map"):
            schema = _element(schema)
        else:
            return schema


def _shape(schema: Schema) -> str:
    """What proto.ParseSchema makes of a schema that is not a reference."""
    kind = schema.get("type")
    if kind in (None, "object"):
        if schema.get("properties") is not None:
            return "kind"
        return "arbitrary" if kind is None else "map"
    return "array" if kind == "array" else "primitive"


def _element(schema: Schema) -> Schema:
    """An array's items, or a map's values: when it names none, an arbitrary value that
    proto gives the map's own description."""
    if schema.get("type") == "array":
        return schema.get("items") or {}
    values = schema.get("additionalProperties")
    if isinstance(values, dict):
        return values
    return {"description": schema["description"]} if schema.get("description") else {}


def _target(definitions: Schema, ref: str) -> Schema:
    return definitions[ref.removeprefix(openapi_v2.DEFINITIONS_PREFIX)]


class Printer:
    """modelPrinter: the descriptions met on the way (references, arrays, maps), then what is
    found at the end."""

    def __init__(self, definitions: Schema, name: str, gvk: Schema, recursive: bool) -> None:
        self.definitions = definitions
        self.name = name
        self.gvk = gvk
        self.recursive = recursive
        self.type = ""
        self.descriptions: list[str] = []
        self.lines: list[str] = []

    def visit(self, schema: Schema) -> None:
        ref = schema.get("$ref")
        if ref:
            self.descriptions.append(schema.get("description", ""))
            self.visit(_target(self.definitions, ref))
            return
        shape = _shape(schema)
        if shape in ("array", "map"):
            self.descriptions.append(schema.get("description", ""))
            self.type = self.type or self.type_name(schema)
            self.visit(_element(schema))
            return
        self.write(f"KIND:     {self.gvk['kind']}")
        group = self.gvk.get("group")
        self.write(f"VERSION:  {group + '/' if group else ''}{self.gvk['version']}\n")
        if shape == "kind":
            self.type = self.type or "Object"
            if self.name:
                self.write(f"RESOURCE: {self.name} <{self.type}>\n")
            self.describe(schema)
            self.write("\nFIELDS:")
            self.fields(schema, FIELD_INDENT)
        elif shape == "primitive":
            self.type = self.type or schema["type"]
            self.write(f"FIELD:    {self.name} <{self.type}>\n")
            self.describe(schema)
        else:
            self.describe(schema)

    def describe(self, schema: Schema) -> None:
        """PrintDescription: each description met, a blank line before all but the first."""
        self.write("DESCRIPTION:")
        described = False
        for i, text in enumerate([*self.descriptions, schema.get("description", "")]):
            if not text:
                continue
            described = True
            if i:
                self.write("")
            self.write_wrapped(text, DESCRIPTION_INDENT)
        if not described:
            self.write_wrapped("<empty>", DESCRIPTION_INDENT)

    def fields(self, schema: Schema, indent: int, visiting: frozenset[str] = frozenset()) -> None:
        """The fields of a kind (through arrays, maps and references): each with its type,
        and its description, or (recursive) its own fields below it."""
        ref = schema.get("$ref")
        if ref:
            if ref not in visiting:
                self.fields(_target(self.definitions, ref), indent, visiting | {ref})
            return
        shape = _shape(schema)
        if shape in ("array", "map"):
            self.fields(_element(schema), indent, visiting)
        if shape != "kind":
            return
        required = schema.get("required") or ()
        for key, field in sorted(schema["properties"].items()):
            if self.recursive:
                self.write(f"{key}\t<{self.type_name(field)}>", indent)
                self.fields(field, indent + FIELD_INDENT, visiting)
                continue
            flag = " -required-" if key in required else ""
            self.write(f"{key}\t<{self.type_name(field)}>{flag}", indent)
            self.write_wrapped(field.get("description", ""), indent + FIELD_DESCRIPTION_INDENT)
            self.write("")

    def type_name(self, schema: Schema) -> str:
        ref = schema.get("$ref")
        if ref:
            return self.type_name(_target(self.definitions, ref))
        shape = _shape(schema)
        if shape == "array":
            return "[]" + self.type_name(_element(schema))
        if shape == "map":
            return "map[string]" + self.type_name(_element(schema))
        return {"kind": "Object", "primitive": schema.get("type", "")}.get(shape, "")

    def write(self, text: str, indent: int = 0) -> None:
        """Formatter.Write: an empty line is not indented."""
        self.lines.append(f"{' ' * indent}{text}\n" if text else "\n")

    def write_wrapped(self, text: str, indent: int) -> None:
        for line in wrap_string(text, WRAP - indent):
            self.write(line, indent)


def wrap_string(text: str, width: int) -> list[str]:
    """The Formatter's wrapString: words joined up to `width`; code blocks (four spaces),
    blank lines after the first line, lists, and lines after one ending in `:` kept."""
    wrapped: list[str] = []
    words: list[str] = []
    last_word = ""

    def flush() -> None:
        nonlocal words, last_word
        if words:
            last_word = ""
            wrapped.append(" ".join(words))
            words = []

    for line in text.split("\n"):
        if line.startswith("    "):
            flush()
            wrapped.append(line)
            continue
        if wrapped and not line.strip():
            flush()
            wrapped.append("")
            continue
        if _starts_line(last_word, line):
            flush()
        for word in line.split():
            last_word = word
            if words and len(" ".join([*words, word])) > width:
                flush()
            words.append(word)
    flush()
    return wrapped


def _starts_line(last_word: str, line: str) -> bool:
    return (
        last_word.endswith(":")
        or line.startswith("    ")
        or not line.strip()
        or bool(_BULLET.match(line.strip()))
    )


def _gvk_string(gvk: Schema) -> str:
    """GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`."""
    return f"{gvk.get('group', '')}/{gvk['version']}, Kind={gvk['kind']}"
