"""Decoding into Go types: kube-apiserver reads a body into the kind's Go struct, and a value
of the wrong JSON type is an error there, worded by Go's encoding/json:

    json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32

The struct named is the one holding the field, the path is every field name from the top
(list indexes and map keys are not part of it), and the type is the Go type of what was to
be filled: `v1.ObjectMeta`, `[]v1.Container`, `map[string]string`, `int32`. Go reports the
first such value in the document; null fits anything. The types come from the schema."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from cluster.engine.api import quantity, schema
from cluster.engine.api.schema_dsl import Schema

QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_SCALARS = {
    ("string", "byte"): "[]uint8",
    ("string", None): "string",
    ("boolean", None): "bool",
    ("integer", "int32"): "int32",
    ("integer", "int64"): "int64",
    ("number", "double"): "float64",
}
_RANGES = {"int32": 1 << 31, "int64": 1 << 63}
_NUMERIC = frozenset({*_RANGES, "float64"})
# the Go types whose own UnmarshalJSON reads a string (Time) or an int32 (IntOrString)
_CUSTOM = {"date-time": "string", "int-or-string": "int32"}


def unmarshal_error(obj: dict[str, Any]) -> str | None:
    """What Go says of the first value of `obj` that does not fit its kind's type, or None
    (also for a kind without a schema)."""
    name = schema.kind_definition(obj.get("apiVersion", ""), obj.get("kind", ""))
    if name is None:
        return None
    return _check(_field(schema.definitions()[name]), obj, name.rpartition(".")[2], [])


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return {dict: "object", list: "array", str: "string"}.get(type(value), "value")


def go_type(field: Schema) -> str:
    """The Go type a field's schema stands for."""
    name = schema.referenced(field)
    target = schema.resolve(field)
    if name is not None and "properties" in target:
        package, _, kind = name.rpartition(".")
        return f"{package.rpartition('.')[2]}.{kind}"
    custom = _CUSTOM.get(target.get("format", ""))
    if custom:
        return custom
    if target.get("type") == "array":
        return "[]" + go_type(target.get("items", {}))
    values = target.get("additionalProperties")
    if isinstance(values, dict):
        return "map[string]" + go_type(values)
    if target.get("type") == "object":
        return "map[string]interface {}"
    kind, form = target.get("type", ""), target.get("format")
    return _SCALARS.get((kind, form)) or _SCALARS.get((kind, None), "interface {}")


# -- what decoding checks of a field, worked out once per schema ---------------------------

STRUCT, LIST, MAP, QUANTITY_FIELD, INT_OR_STRING, SCALAR = range(6)


@dataclass(slots=True)
class _Field:
    go: str  # its Go type
    kind: int = SCALAR
    struct: str = ""  # a struct's Go name
    fields: dict[str, _Field] = dataclasses.field(default_factory=dict)  # a struct's
    inner: _Field | None = None  # a list's items, a map's values


_FIELDS: dict[int, _Field] = {}  # by id of a schema: the schemas live as long as the module


def _field(field: Schema) -> _Field:
    """What decoding checks of a field: built once, for every write is checked."""
    found = _FIELDS.get(id(field))
    if found is not None:
        return found
    name, target = schema.referenced(field), schema.resolve(field)
    found = _FIELDS[id(field)] = _Field(go_type(field))  # before its parts: types recur
    values = target.get("additionalProperties")
    if name == QUANTITY:
        found.kind = QUANTITY_FIELD
    elif target.get("format") == "int-or-string":
        found.kind = INT_OR_STRING
    elif "properties" in target:
        found.kind, found.struct = STRUCT, (name or "").rpartition(".")[2]
        found.fields = {key: _field(inner) for key, inner in target["properties"].items()}
    elif target.get("type") == "array":
        found.kind, found.inner = LIST, _field(target.get("items", {}))
    elif isinstance(values, dict):
        found.kind, found.inner = MAP, _field(values)
    return found


def _check(field: _Field, value: Any, struct: str, path: list[str]) -> str | None:
    """The problem with `value` in the field at `path` of the Go struct `struct`, or None;
    `path` holds the field names from the top (list indexes and map keys are not in it)."""
    if value is None:
        return None
    kind = field.kind
    if kind == STRUCT:
        if not isinstance(value, dict):
            return _mismatch(value, struct, path, field.go)
        holder = field.struct or struct  # a kind's own definition is named by the caller
        for key, item in value.items():
            inner = field.fields.get(key)
            if inner is None or item is None:  # undeclared: field validation's to report
                continue
            path.append(key)
            problem = _check(inner, item, holder, path)
            path.pop()
            if problem:
                return problem
        return None
    if kind in (LIST, MAP):
        if not isinstance(value, list if kind == LIST else dict):
            return _mismatch(value, struct, path, field.go)
        assert field.inner is not None
        for item in value if kind == LIST else value.values():
            problem = _check(field.inner, item, struct, path)
            if problem:
                return problem
        return None
    if kind == QUANTITY_FIELD:
        return _quantity_error(value)
    if kind == INT_OR_STRING and isinstance(value, str):
        return None
    return None if _fits(field.go, value) else _mismatch(value, struct, path, field.go)


def _quantity_error(value: Any) -> str | None:
    """Quantity.UnmarshalJSON: ParseQuantity of the string, or of the JSON text of any other
    value (a number parses; true, an object or a list does not), says what is wrong."""
    if _json_type(value) not in ("string", "number"):
        return quantity.FORMAT_WRONG
    try:
        quantity.parse(value)
    except quantity.QuantityError as error:
        return str(error)
    return None


def _fits(wanted: str, value: Any) -> bool:
    """Whether a scalar (or free-form) value fits the Go type `wanted`."""
    if wanted == "string":
        return isinstance(value, str)
    if wanted == "bool":
        return isinstance(value, bool)
    if wanted == "float64":
        return _json_type(value) == "number"
    if wanted in _RANGES:
        limit = _RANGES[wanted]
        integral = _json_type(value) == "number" and float(value).is_integer()
        return integral and -limit <= int(value) < limit
    return wanted != "[]uint8" or isinstance(value, str)


def _mismatch(value: Any, struct: str, path: list[str], wanted: str) -> str:
    shown = _json_type(value)
    if shown == "number" and wanted in _NUMERIC:
        shown = f"number {value}"  # a number, but not one that fits
    return (
        f"json: cannot unmarshal {shown} into Go struct field {struct}.{'.'.join(path)} "
        f"of type {wanted}"
    )
