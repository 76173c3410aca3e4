"""Decoding into Go types: kube-apiserver reads a body into the kind's Go struct, and a value
of the wrong JSON type is an error there, worded by Go's encoding/json:

    json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32

The struct named is the one holding the field, the path is every field name from the top
(list indexes and map keys are not part of it), and the type is the Go type of what was to
be filled: `v1.ObjectMeta`, `[]v1.Container`, `map[string]string`, `int32`. Go reports the
first such value in the document; null fits anything. The types come from the schema."""

from __future__ import annotations

from typing import Any

from cluster.engine.api import schema
from cluster.engine.api.schema_dsl import Schema

QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
QUANTITY_ERROR = (
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
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
    return _struct(schema.definitions()[name], obj, name.rpartition(".")[2], ())


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


def _mismatch(value: Any, struct: str, path: tuple[str, ...], field: Schema) -> str:
    shown, wanted = _json_type(value), go_type(field)
    if shown == "number" and wanted in _NUMERIC:
        shown = f"number {value}"  # a number, but not one that fits
    return (
        f"json: cannot unmarshal {shown} into Go struct field {struct}.{'.'.join(path)} "
        f"of type {wanted}"
    )


def _struct(definition: Schema, value: Any, struct: str, path: tuple[str, ...]) -> str | None:
    properties = definition.get("properties", {})
    for key, item in value.items():
        field = properties.get(key)
        if field is not None:  # undeclared fields are field validation's to report
            problem = _value(field, item, struct, (*path, key))
            if problem:
                return problem
    return None


def _value(field: Schema, value: Any, struct: str, path: tuple[str, ...]) -> str | None:
    """The problem with `value` in the field at `path` of the Go struct `struct`, or None."""
    if value is None:
        return None
    name = schema.referenced(field)
    target = schema.resolve(field)
    if name == QUANTITY:
        return None if _json_type(value) in ("string", "number") else QUANTITY_ERROR
    if target.get("format") == "int-or-string" and isinstance(value, str):
        return None
    if "properties" in target:
        if not isinstance(value, dict):
            return _mismatch(value, struct, path, field)
        return _struct(target, value, (name or "").rpartition(".")[2], path)
    return _container(field, target, value, struct, path) or _scalar(field, value, struct, path)


def _container(
    field: Schema, target: Schema, value: Any, struct: str, path: tuple[str, ...]
) -> str | None:
    """A list's or a map's problem: its own type, then each of its items'."""
    if target.get("type") == "array":
        if not isinstance(value, list):
            return _mismatch(value, struct, path, field)
        found = (_value(target.get("items", {}), item, struct, path) for item in value)
        return next((problem for problem in found if problem), None)
    values = target.get("additionalProperties")
    if isinstance(values, dict):
        if not isinstance(value, dict):
            return _mismatch(value, struct, path, field)
        found = (_value(values, item, struct, path) for item in value.values())
        return next((problem for problem in found if problem), None)
    return None


def _scalar(field: Schema, value: Any, struct: str, path: tuple[str, ...]) -> str | None:
    wanted = go_type(field)
    if wanted.startswith(("map[string]interface", "interface", "[]", "map[")):
        return (
            None
            if wanted != "[]uint8" or isinstance(value, str)
            else _mismatch(value, struct, path, field)
        )
    fits = {
        "string": isinstance(value, str),
        "bool": isinstance(value, bool),
        "float64": _json_type(value) == "number",
    }
    if wanted in _RANGES:
        limit = _RANGES[wanted]
        integral = _json_type(value) == "number" and float(value).is_integer()
        fits[wanted] = integral and -limit <= int(value) < limit
    return None if fits.get(wanted, True) else _mismatch(value, struct, path, field)
