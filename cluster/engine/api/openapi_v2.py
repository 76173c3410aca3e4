"""The OpenAPI v2 (Swagger 2.0) document kube-apiserver serves at /openapi/v2: one document
for every group version, made from the /openapi/v3 documents of openapi.py.

kubectl reads it where the v3 documents cannot answer: to validate the items of a `v1 List`
and to find out that a kind it does not know has no schema (and then asks for its mapping).
It looks a kind up by the `x-kubernetes-group-version-kind` of `definitions`, and asks
whether a kind's PATCH takes `fieldValidation` by the same extension on the operation.

What differs from OpenAPI 3, as kube-openapi writes each:
- references are `#/definitions/NAME`, with a field's description beside the `$ref` (v3
  wraps the reference in `allOf`);
- types JSON writes as a string or a number (IntOrString, Quantity) are `type: string`;
- an operation's body is a parameter `in: body`; its query and path parameters carry their
  type themselves; its media types are `consumes` and `produces`; each response has one
  schema.

- `document()`: the document; `document_bytes()`: as JSON; `etag()`: the upper-case hex
  SHA-512 of those bytes, as kube-apiserver tags it. All computed once per process.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from cluster.engine.api import openapi
from cluster.engine.api.schema_dsl import REF_PREFIX, Schema

SWAGGER_VERSION = "2.0"
DEFINITIONS_PREFIX = "#/definitions/"
ANY_MEDIA = "*/*"
_METHODS = ("get", "put", "post", "delete", "patch")
INT_OR_STRING = "x-kubernetes-int-or-string"  # v3 only: v2 says `format: int-or-string`


@functools.cache
def document() -> Schema:
    """The whole document (shared: read, do not change)."""
    v3s = [openapi.document(path) for path in openapi.group_versions()]
    paths: dict[str, Schema] = {}
    definitions: dict[str, Schema] = {}
    for v3 in v3s:
        assert v3 is not None  # every group version has its document
        paths.update((name, _path_item(item)) for name, item in v3["paths"].items())
        definitions.update(v3["components"]["schemas"])
    first = v3s[0]
    assert first is not None
    security = first["components"]["securitySchemes"]  # v2 writes them alike
    return {
        "swagger": SWAGGER_VERSION,
        "info": first["info"],
        "paths": dict(sorted(paths.items())),
        "definitions": {name: schema(definitions[name]) for name in sorted(definitions)},
        "securityDefinitions": security,
        "security": [{name: [] for name in security}],
    }


@functools.cache
def document_bytes() -> bytes:
    return json.dumps(document(), sort_keys=True, separators=(",", ":")).encode()


@functools.cache
def etag() -> str:
    return hashlib.sha512(document_bytes()).hexdigest().upper()


# -- schemas ----------------------------------------------------------------------------------


def schema(v3: Schema) -> Schema:
    """A v3 schema as v2 writes it."""
    out: Schema = {}
    for key, value in v3.items():
        if key == "allOf" and len(value) == 1 and "$ref" in value[0]:
            out.update(schema(value[0]))
        elif key == "$ref":
            out[key] = DEFINITIONS_PREFIX + value.removeprefix(REF_PREFIX)
        elif key == "oneOf":  # a string or a number: v2 has no oneOf, kube-openapi says string
            out["type"] = "string"
        elif key == INT_OR_STRING:
            continue
        elif key == "properties":
            out[key] = {name: schema(field) for name, field in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = schema(value)
        else:
            out[key] = value
    return out


# -- paths ------------------------------------------------------------------------------------


def _path_item(v3: Schema) -> Schema:
    item: Schema = {method: _operation(v3[method]) for method in _METHODS if method in v3}
    if "parameters" in v3:
        item["parameters"] = [_parameter(p) for p in v3["parameters"]]
    return item


def _operation(v3: Schema) -> Schema:
    body = v3.get("requestBody")
    parameters = [_body_parameter(body)] if body else []
    parameters += [_parameter(p) for p in v3.get("parameters", ())]
    operation = {key: value for key, value in v3.items() if key not in _REWRITTEN}
    operation.update(
        consumes=list(body["content"]) if body else [ANY_MEDIA],
        produces=_produces(v3["responses"]),
        responses={code: _response(r) for code, r in v3["responses"].items()},
        schemes=["https"],
    )
    if parameters:  # `omitempty`, as kube-openapi writes it
        operation["parameters"] = parameters
    return operation


_REWRITTEN = ("requestBody", "parameters", "responses")


def _body_parameter(body: Schema) -> Schema:
    """The request body as a parameter: the schema of its first media type (they are alike)."""
    parameter: Schema = {"name": "body", "in": "body", "schema": schema(_first_schema(body))}
    if body.get("required"):
        parameter["required"] = True
    return parameter


def _parameter(v3: Schema) -> Schema:
    """A query or path parameter, its schema's keys (type, uniqueItems) its own."""
    return {**{k: v for k, v in v3.items() if k != "schema"}, **v3.get("schema", {})}


def _response(v3: Schema) -> Schema:
    response: Schema = {"description": v3["description"]}
    if "content" in v3:
        response["schema"] = schema(_first_schema(v3))
    return response


def _produces(responses: Schema) -> list[str]:
    """The media types of the operation's answers, in the order its responses give them."""
    types: dict[str, Any] = {}
    for response in responses.values():
        types.update(dict.fromkeys(response.get("content", ())))
    return list(types)


def _first_schema(v3: Schema) -> Schema:
    return next(iter(v3["content"].values()))["schema"]
