"""The schema of every kind kube-apiserver serves, as Kubernetes' OpenAPI 3 documents give it.

The types are defined in schema_meta, schema_core, schema_pod, schema_apis,
schema_batch, schema_service, schema_storage, schema_autoscaling, schema_networking,
schema_admissionregistration and schema_apiextensions (see schema_dsl for how); this module joins them and answers questions
about them:

- `definitions()`: every type's OpenAPI schema by its full name
  (`io.k8s.api.core.v1.PodSpec`), as `components.schemas` of /openapi/v3 carry them.
- `kind_definition(api_version, kind)`: the name of the type of a kind (`v1`, `Pod`).
- `resolve(schema)`: a field's schema with its `$ref` (or `allOf` wrapper) followed.
- `field_schema(name, path)`: the schema of a field path (`["spec", "containers"]`, list
  items walked through) under a type: what `kubectl explain pods.spec.containers` shows.
- `prune_unknown(api_version, kind, obj)`: drops the fields the type does not declare, as
  decoding into Go types does, and names them as kube-apiserver's strict decoding does
  (`spec.containers[0].imagee`).

The schemas are built once, when this module is first imported, and never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cluster.engine.api import (
    schema_admissionregistration,
    schema_apiextensions,
    schema_apis,
    schema_autoscaling,
    schema_batch,
    schema_core,
    schema_meta,
    schema_networking,
    schema_pod,
    schema_service,
    schema_storage,
)
from cluster.engine.api.schema_dsl import REF_PREFIX, Schema

MODULES = (  # where the types are defined
    schema_meta,
    schema_core,
    schema_pod,
    schema_apis,
    schema_batch,
    schema_service,
    schema_storage,
    schema_autoscaling,
    schema_networking,
    schema_admissionregistration,
    schema_apiextensions,
)
_DEFINITIONS: dict[str, Schema] = {d.name: d.schema() for m in MODULES for d in m.DEFINITIONS}
_KINDS: dict[tuple[str, str], str] = {
    (f"{g['group']}/{g['version']}" if g["group"] else g["version"], g["kind"]): name
    for name, schema in _DEFINITIONS.items()
    for g in schema.get("x-kubernetes-group-version-kind", ())
}


def definitions() -> dict[str, Schema]:
    """Every type's schema by full name (shared: read, do not change)."""
    return _DEFINITIONS


def kind_definition(api_version: str, kind: str) -> str | None:
    return _KINDS.get((api_version, kind))


def kind_schema(api_version: str, kind: str) -> Schema | None:
    name = kind_definition(api_version, kind)
    return _DEFINITIONS[name] if name else None


def resolve(schema: Schema) -> Schema:
    """The schema a field points at: its `$ref` (directly or in `allOf`) followed."""
    target = schema.get("$ref") or next(
        (part["$ref"] for part in schema.get("allOf", ()) if "$ref" in part), None
    )
    return _DEFINITIONS[target.removeprefix(REF_PREFIX)] if target else schema


def referenced(schema: Schema) -> str | None:
    """The full name of the type a field's schema refers to, if it does."""
    target = schema.get("$ref") or next(
        (part["$ref"] for part in schema.get("allOf", ()) if "$ref" in part), None
    )
    return target.removeprefix(REF_PREFIX) if target else None


def child(schema: Schema | None, key: str) -> Schema | None:
    """The schema of `key` in an object of `schema` (a property or a map's value), or None
    when the type does not declare it. A free-form object's children are free-form too."""
    if schema is None:
        return None
    schema = resolve(schema)
    properties = schema.get("properties")
    if properties is not None:
        return properties.get(key)
    values = schema.get("additionalProperties")
    if isinstance(values, dict):
        return values
    return {} if _free_form(schema) else None


def items(schema: Schema | None) -> Schema | None:
    """The schema of a list's items."""
    if schema is None:
        return None
    return resolve(schema).get("items", {})


def field_schema(name: str, path: list[str]) -> Schema | None:
    """The schema at `path` under the type `name`, through lists' items; None if undeclared."""
    schema: Schema | None = _DEFINITIONS.get(name)
    for key in path:
        if schema is not None and resolve(schema).get("type") == "array":
            schema = items(schema)
        schema = child(schema, key)
        if schema is None:
            return None
    return schema


def prune_unknown(api_version: str, kind: str, obj: Any) -> list[str]:
    """Drop the fields its kind does not declare from `obj`, as decoding into the kind's
    type does; the paths of the dropped fields."""
    name = kind_definition(api_version, kind)
    if name is None:
        return []
    found: list[tuple[dict[str, Any], str, str]] = []
    _unknown(_shape(_DEFINITIONS[name]), obj, [], found)
    for container, key, _ in found:
        del container[key]
    return [path for _, _, path in found]


@dataclass(slots=True)
class _Shape:
    """What decoding needs of a type: its fields' shapes, or its values' or items' shape."""

    fields: dict[str, _Shape] | None = None  # a struct's fields; None: not a struct
    values: _Shape | None = None  # a map's values
    items: _Shape | None = None  # a list's items


_SHAPES: dict[int, _Shape] = {}  # by id of a schema: the schemas live as long as the module


def _shape(schema: Schema) -> _Shape:
    """The decoding shape of a schema, built once (every write is checked against it)."""
    shape = _SHAPES.get(id(schema))
    if shape is not None:
        return shape
    shape = _SHAPES[id(schema)] = _Shape()  # before the fields: types may refer to themselves
    target = resolve(schema)
    if "properties" in target:
        shape.fields = {key: _shape(field) for key, field in target["properties"].items()}
    elif isinstance(target.get("additionalProperties"), dict):
        shape.values = _shape(target["additionalProperties"])
    if "items" in target:
        shape.items = _shape(target["items"])
    return shape


def _unknown(
    shape: _Shape, value: Any, path: list[str | int], found: list[tuple[dict[str, Any], str, str]]
) -> None:
    """Add (the map holding it, its key, its path) of each undeclared field under `value`."""
    if isinstance(value, dict):
        for key, item in value.items():
            if shape.fields is not None:
                inner = shape.fields.get(key)
                if inner is None:
                    found.append((value, key, _path([*path, key])))
                    continue
            elif shape.values is not None:
                inner = shape.values
            else:
                continue
            if isinstance(item, dict | list):
                path.append(key)
                _unknown(inner, item, path, found)
                path.pop()
    elif isinstance(value, list) and shape.items is not None:
        for i, item in enumerate(value):
            if isinstance(item, dict | list):
                path.append(i)
                _unknown(shape.items, item, path, found)
                path.pop()


def _path(parts: list[str | int]) -> str:
    """`spec.containers[0].imagee`, as strict decoding names a field."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text = f"{text}.{part}" if text else part
    return text


def _free_form(schema: Schema) -> bool:
    return schema.get("type") == "object" and "properties" not in schema
