"""GET /openapi/v2 as kube-apiserver answers it (kube-openapi's handler): the document of
engine/api/openapi_v2 as JSON, or as the protobuf message `openapi.v2.Document` of gnostic
(github.com/google/gnostic-models, OpenAPIv2.proto), which is what kubectl asks for.

- The client's Accept header picks the representation, clauses sorted by quality and then
  by specificity as goautoneg sorts them: `application/json`, or
  `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` (also written `.v2.v1.0+`),
  answered as `application/com.github.proto-openapi.spec.v2.v1.0+protobuf`; neither: 406.
- Both carry the ETag of the JSON (the upper-case SHA-512 hex) and `Vary: Accept`; a client
  that already has that ETag (If-None-Match) gets 304.

The protobuf is gnostic's reading of the JSON: every JSON object becomes the message its
place in the document calls for, a map becomes repeated `Named*` entries in the order of the
JSON, `x-` keys become the message's vendor extensions, and a value gnostic keeps as `Any`
carries its YAML text. That text is JSON (a subset of YAML; gnostic writes block YAML), which
is all its readers (`yaml.Unmarshal` in kubectl) need. Fields go in field-number order, as
Go's proto.Marshal writes them. Both bodies are built once per process.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from cluster.engine.api import openapi_v2
from cluster.kubeapi import negotiation
from cluster.kubeapi.protobuf import LENGTH, VARINT

PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
# what each acceptable media type is answered with, in kube-openapi's order
OFFERS = (
    (negotiation.JSON, negotiation.JSON),
    (PROTOBUF_DEPRECATED, PROTOBUF),
    (PROTOBUF, PROTOBUF),
)

# gnostic's messages: each JSON key's field number and type. A type is `s` (string), `b`
# (bool), `Any`, or a message here or in _ONEOFS / _WRAPPERS; `T*` is a list of T. Key `*`:
# every other key of the JSON object is an entry {1: name, 2: value} of that repeated field;
# key `x-`: where the vendor extensions go.
MESSAGES: dict[str, dict[str, tuple[int, str]]] = {
    "Document": {
        "swagger": (1, "s"), "info": (2, "Info"), "host": (3, "s"), "basePath": (4, "s"),
        "schemes": (5, "s*"), "consumes": (6, "s*"), "produces": (7, "s*"),
        "paths": (8, "Paths"), "definitions": (9, "Definitions"),
        "security": (12, "SecurityRequirement*"),
        "securityDefinitions": (13, "SecurityDefinitions"), "x-": (16, "Any"),
    },
    "Info": {"title": (1, "s"), "version": (2, "s"), "description": (3, "s"), "x-": (7, "Any")},
    "Paths": {"x-": (1, "Any"), "*": (2, "PathItem")},
    "PathItem": {
        "$ref": (1, "s"), "get": (2, "Operation"), "put": (3, "Operation"),
        "post": (4, "Operation"), "delete": (5, "Operation"), "options": (6, "Operation"),
        "head": (7, "Operation"), "patch": (8, "Operation"),
        "parameters": (9, "ParametersItem*"), "x-": (10, "Any"),
    },
    "Operation": {
        "tags": (1, "s*"), "summary": (2, "s"), "description": (3, "s"),
        "operationId": (5, "s"), "produces": (6, "s*"), "consumes": (7, "s*"),
        "parameters": (8, "ParametersItem*"), "responses": (9, "Responses"),
        "schemes": (10, "s*"), "deprecated": (11, "b"), "x-": (13, "Any"),
    },
    "BodyParameter": {
        "description": (1, "s"), "name": (2, "s"), "in": (3, "s"), "required": (4, "b"),
        "schema": (5, "Schema"), "x-": (6, "Any"),
    },
    "QueryParameterSubSchema": {
        "required": (1, "b"), "in": (2, "s"), "description": (3, "s"), "name": (4, "s"),
        "type": (6, "s"), "format": (7, "s"), "uniqueItems": (20, "b"), "x-": (23, "Any"),
    },
    "PathParameterSubSchema": {
        "required": (1, "b"), "in": (2, "s"), "description": (3, "s"), "name": (4, "s"),
        "type": (5, "s"), "format": (6, "s"), "uniqueItems": (19, "b"), "x-": (22, "Any"),
    },
    "JsonReference": {"$ref": (1, "s"), "description": (2, "s")},
    "Responses": {"*": (1, "ResponseValue"), "x-": (2, "Any")},
    "Response": {"description": (1, "s"), "schema": (2, "SchemaItem"), "x-": (5, "Any")},
    "Definitions": {"*": (1, "Schema")},
    "Properties": {"*": (1, "Schema")},
    "Schema": {
        "$ref": (1, "s"), "format": (2, "s"), "title": (3, "s"), "description": (4, "s"),
        "default": (5, "Any"), "required": (19, "s*"), "enum": (20, "Any*"),
        "additionalProperties": (21, "AdditionalPropertiesItem"), "type": (22, "TypeItem"),
        "items": (23, "ItemsItem"), "allOf": (24, "Schema*"), "properties": (25, "Properties"),
        "readOnly": (27, "b"), "x-": (31, "Any"),
    },
    "SecurityDefinitions": {"*": (1, "SecurityDefinitionsItem")},
    "ApiKeySecurity": {
        "type": (1, "s"), "name": (2, "s"), "in": (3, "s"), "description": (4, "s"),
        "x-": (5, "Any"),
    },
    "SecurityRequirement": {"*": (1, "StringArray")},
}  # fmt: skip
_NON_BODY = {"query": (3, "QueryParameterSubSchema"), "path": (4, "PathParameterSubSchema")}
# messages that are a oneof: which of its fields a JSON value is
_ONEOFS: dict[str, Callable[[Any], tuple[int, str]]] = {
    "ParametersItem": lambda v: (2, "JsonReference") if "$ref" in v else (1, "Parameter"),
    "Parameter": lambda v: (1, "BodyParameter") if v["in"] == "body" else (2, "NonBodyParameter"),
    "NonBodyParameter": lambda v: _NON_BODY[v["in"]],
    "ResponseValue": lambda v: (2, "JsonReference") if "$ref" in v else (1, "Response"),
    "SchemaItem": lambda v: (1, "Schema"),  # a FileSchema (type: file) is never served
    "AdditionalPropertiesItem": lambda v: (2, "b") if isinstance(v, bool) else (1, "Schema"),
    "SecurityDefinitionsItem": lambda v: {"apiKey": (2, "ApiKeySecurity")}[v["type"]],
}
# messages that wrap one repeated field: a JSON value, or a list of them, is its items
_WRAPPERS = {"TypeItem": (1, "s"), "ItemsItem": (1, "Schema"), "StringArray": (1, "s")}
ANY_YAML = 2  # Any's field holding the value's YAML text


def response(accept: str, if_none_match: str) -> HttpResponse:
    """The document in the representation the client accepts."""
    headers = {"Vary": "Accept"}
    media = representation(accept)
    if media is None:
        return empty(406, headers)
    headers["ETag"] = f'"{openapi_v2.etag()}"'
    if _has(if_none_match, headers["ETag"]):
        return empty(304, headers)
    data = protobuf_bytes() if media == PROTOBUF else openapi_v2.document_bytes()
    return HttpResponse(data, content_type=media, headers=headers)


def empty(code: int, headers: dict[str, str]) -> HttpResponse:
    """An answer without a body, hence without a Content-Type, as Go writes one."""
    answer = HttpResponse(status=code, headers=headers)
    del answer["Content-Type"]
    return answer


def representation(accept: str) -> str | None:
    """The media type to answer with, or None when the client accepts none we serve."""
    for clause in sorted(negotiation.accepted(accept), key=_preference):
        for offered, answered in OFFERS:
            if clause.matches(offered):
                return answered
    return None


def _preference(media: negotiation.MediaType) -> tuple[float, bool, bool]:
    """goautoneg's order: higher quality first, then the more specific type."""
    try:
        quality = float(media.params.get("q", "1"))
    except ValueError:
        quality = 0.0
    major, _, minor = media.type.partition("/")
    return -quality, major == "*", minor == "*"


def _has(if_none_match: str, etag: str) -> bool:
    """Whether If-None-Match names this ETag (weakly compared, as Go's ServeContent does)."""
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", etag) for tag in tags)


@functools.cache
def protobuf_bytes() -> bytes:
    return encode(openapi_v2.document())


def encode(document: dict[str, Any]) -> bytes:
    """A Swagger 2.0 document as gnostic's openapi.v2.Document message."""
    return _message("Document", document)


def _message(name: str, value: Any) -> bytes:
    if name == "Any":
        return _field(ANY_YAML, "s", json.dumps(value, ensure_ascii=False))
    if name in _WRAPPERS:
        number, kind = _WRAPPERS[name]
        return _field(number, kind + "*", value if isinstance(value, list) else [value])
    if name in _ONEOFS:
        number, kind = _ONEOFS[name](value)
        return _field(number, kind, value)
    fields = MESSAGES[name]
    parts: list[tuple[int, bytes]] = []
    for key, item in value.items():
        if key.startswith("x-") and "x-" in fields:
            number, kind = fields["x-"]
            parts.append((number, _named(number, key, kind, item)))
        elif key in fields:
            number, kind = fields[key]
            parts.append((number, _field(number, kind, item)))
        elif "*" in fields:
            number, kind = fields["*"]
            parts.append((number, _named(number, key, kind, item)))
        else:
            raise ValueError(f"gnostic's {name} has no field {key!r}")
    parts.sort(key=lambda part: part[0])  # stable: a repeated field keeps its order
    return b"".join(data for _, data in parts)


def _named(number: int, name: str, kind: str, value: Any) -> bytes:
    """An entry of a map: Named<kind> {1: name, 2: value}."""
    return _length_delimited(number, _field(1, "s", name) + _field(2, kind, value))


def _field(number: int, kind: str, value: Any) -> bytes:
    """One field; proto3 leaves out an empty string and false."""
    if kind.endswith("*"):
        return b"".join(_field(number, kind[:-1], item) for item in value)
    if kind == "s":
        return _length_delimited(number, value.encode()) if value else b""
    if kind == "b":
        return _varint(number << 3 | VARINT) + b"\x01" if value else b""
    return _length_delimited(number, _message(kind, value))


def _length_delimited(number: int, data: bytes) -> bytes:
    return _varint(number << 3 | LENGTH) + _varint(len(data)) + data


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)
