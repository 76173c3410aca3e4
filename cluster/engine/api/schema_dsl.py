"""A small language for API types, written as Kubernetes' OpenAPI describes them.

One `define()` per Kubernetes type, named as Kubernetes names it with the `io.k8s.api.` (or
`io.k8s.apimachinery.pkg.apis.`, `...util.`, `...api.`) part left out: `core.v1.PodSpec`,
`meta.v1.ObjectMeta`, `intstr.IntOrString`. Its fields are a table, one field a line:

    name  type[!]  [@extension=value ...]  description

- type: `string`, `boolean`, `int32`, `int64`, `double`, `byte` (base64 bytes), `object`
  (free-form), a type's short name (a reference), `[]T` (a list of T) or `{}T` (a map from
  string to T); `!` marks a required field.
- extensions, as the OpenAPI `x-kubernetes-*` keys: `@merge=key` (patch merge key),
  `@strategy=merge,retainKeys` (patch strategy), `@list=atomic|set|map`, `@keys=a,b` (list map
  keys), `@map=atomic`; `@default=value`, a string field's default where it matters to
  clients (a list map key: ports are keyed by `containerPort` and `protocol`, TCP if unset);
  `@enum=A,B` the values of a Go type marked `+enum` (`kubectl explain` lists them; a
  leading comma puts the empty string first).

A description written here is the first sentence of Kubernetes' own, for the reader of the
table: what is served is Kubernetes' whole text, from `docs` (written from Kubernetes'
release), and the text here where `docs` has none.

`define()` returns a `Definition`; `Definition.schema()` is its OpenAPI 3 schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.api import docs

Schema = dict[str, Any]

REF_PREFIX = "#/components/schemas/"
_SCALARS: dict[str, Schema] = {
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "int32": {"type": "integer", "format": "int32"},
    "int64": {"type": "integer", "format": "int64"},
    "double": {"type": "number", "format": "double"},
    "byte": {"type": "string", "format": "byte"},
    "object": {"type": "object"},
}
_EXTENSIONS = {
    "merge": "x-kubernetes-patch-merge-key",
    "strategy": "x-kubernetes-patch-strategy",
    "list": "x-kubernetes-list-type",
    "keys": "x-kubernetes-list-map-keys",
    "map": "x-kubernetes-map-type",
    "default": "default",
    "enum": "enum",
}
_LISTS = ("keys", "enum")  # the extensions whose value is a comma-separated list
_ROW = re.compile(r"^(\S+)\s+(\S+)\s*(.*)$")
# where each short name's package lives
_PACKAGES = {
    "meta": "io.k8s.apimachinery.pkg.apis.meta",
    "intstr": "io.k8s.apimachinery.pkg.util.intstr",
    "runtime": "io.k8s.apimachinery.pkg.runtime",
    "resource": "io.k8s.apimachinery.pkg.api.resource",
    "metrics": "io.k8s.metrics.pkg.apis.metrics",
    "apiextensions": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
}


def full_name(short: str) -> str:
    """`core.v1.Pod` → `io.k8s.api.core.v1.Pod`; `meta.v1.Time` → `io.k8s.apimachinery...`."""
    package, _, rest = short.partition(".")
    return f"{_PACKAGES.get(package, 'io.k8s.api.' + package)}.{rest}"


def ref(short: str) -> Schema:
    return {"$ref": REF_PREFIX + full_name(short)}


@dataclass(frozen=True, slots=True)
class Definition:
    name: str  # the full name: io.k8s.api.core.v1.Pod
    description: str
    properties: dict[str, Schema] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    extra: Schema = field(default_factory=dict)  # type, format, x-kubernetes-* of the type
    struct: bool = True  # an object with fields, or a primitive() with a schema of its own

    def schema(self) -> Schema:
        out: Schema = {"description": self.description}
        if self.struct:
            out["type"] = "object"
        if self.properties:
            out["properties"] = self.properties
        if self.required:
            out["required"] = list(self.required)
        out.update(self.extra)
        return out


def define(
    name: str,
    description: str,
    table: str = "",
    *,
    gvk: tuple[str, str, str] | None = None,
    map_type: str = "",
) -> Definition:
    """A struct type: its fields from `table`, its group-version-kind if it is a kind."""
    full = full_name(name)
    described = docs.FIELDS.get(full, {})
    properties: dict[str, Schema] = {}
    required: list[str] = []
    for line in table.strip().splitlines():
        name_, type_text, rest = _match(line)
        if type_text.endswith("!"):
            type_text = type_text[:-1]
            required.append(name_)
        properties[name_] = _property(type_text, rest, described.get(name_))
    extra: Schema = {}
    if gvk:
        group, version, kind = gvk
        extra["x-kubernetes-group-version-kind"] = [
            {"group": group, "kind": kind, "version": version}
        ]
    if map_type:
        extra["x-kubernetes-map-type"] = map_type
    description = docs.TYPES.get(full, description)
    return Definition(full, description, properties, tuple(required), extra)


def primitive(name: str, description: str, **schema: Any) -> Definition:
    """A type serialized as a scalar (Time, Quantity, IntOrString): its own schema."""
    full = full_name(name)
    return Definition(full, docs.TYPES.get(full, description), extra=schema, struct=False)


def _match(line: str) -> tuple[str, str, str]:
    found = _ROW.match(line.strip())
    if found is None:
        raise ValueError(f"not a field: {line!r}")
    name, type_text, rest = found.groups()
    return name, type_text, rest


def _property(type_text: str, rest: str, described: str | None) -> Schema:
    """A field's schema: its type, then its extensions and description (Kubernetes' whole
    text if `described`, else the table's)."""
    extensions: Schema = {}
    while rest.startswith("@"):
        token, _, rest = rest.partition(" ")
        key, _, value = token[1:].partition("=")
        extensions[_EXTENSIONS[key]] = value.split(",") if key in _LISTS else value
    schema = type_of(type_text)
    if "$ref" in schema:  # a description cannot sit beside $ref: OpenAPI 3 wraps it
        schema = {"allOf": [schema]}
    if described or rest:
        schema["description"] = described or rest
    schema.update(extensions)
    return schema


def type_of(text: str) -> Schema:
    if text.startswith("[]"):
        return {"type": "array", "items": type_of(text[2:])}
    if text.startswith("{}"):
        return {"type": "object", "additionalProperties": type_of(text[2:])}
    if text in _SCALARS:
        return dict(_SCALARS[text])
    return ref(text)
