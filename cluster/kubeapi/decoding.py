"""Request bodies into objects, refusing what kube-apiserver refuses with its own words.

kube-apiserver reads a body's apiVersion and kind first, with Go's encoding/json, so a
malformed body is reported as "couldn't get version/kind; json parse error: " and Go's
message; JSON errors here are worded as Go's scanner words them."""

from __future__ import annotations

import json
from typing import Any

import yaml

from cluster.engine.api.gojson import go_json_error
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError
from cluster.kubeapi import goyaml, negotiation, protobuf

MAX_BODY_BYTES = 3 * 1024 * 1024  # kube-apiserver's --max-request-body-bytes default
JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
PATCH_TYPES = (JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH)
BODY_TYPES = (negotiation.JSON, negotiation.YAML, negotiation.PROTOBUF)
VERSION_KIND = "couldn't get version/kind; json parse error: "
# Go's name for the type of a JSON value that is not an object
_GO_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "bool"}
_VERSION_KIND_STRUCT = (
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
    'Kind string "json:\\"kind,omitempty\\"" }'
)


def too_large() -> StatusError:
    return StatusError(
        413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY_BYTES}"
    )


def media_type(content_type: str) -> str:
    """The body's media type without parameters; none given means JSON, as in Kubernetes."""
    return negotiation.parse(content_type).type if content_type.strip() else negotiation.JSON


class _NotJSON(ValueError):
    """NaN or Infinity: Python reads them, Go's encoding/json does not."""


def _refuse_constant(name: str) -> Any:
    raise _NotJSON(f"invalid character '{name.lstrip('-')[0]}' looking for beginning of value")


def _loads(text: str) -> Any:
    """json.loads, failing with Go's message where Go's encoding/json would fail."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise _NotJSON(go_json_error(text, error)) from None


def parse_yaml(data: bytes) -> Any:
    """The YAML document; _NotJSON worded as go-yaml words it, line first."""
    try:
        return goyaml.load(data)
    except yaml.MarkedYAMLError as error:
        line = f"line {error.problem_mark.line + 1}: " if error.problem_mark else ""
        raise _NotJSON(f"error converting YAML to JSON: yaml: {line}{error.problem}") from None
    except yaml.YAMLError as error:
        raise _NotJSON(f"error converting YAML to JSON: yaml: {error}") from None


def summary(data: bytes, limit: int = 30) -> str:
    """summarizeData: how kube-apiserver quotes a body it could not read."""
    if not data:
        return "<empty>"
    more = " ..." if len(data) > limit else ""
    if data.startswith(b"{"):
        return data[:limit].decode("utf-8", errors="replace") + more
    return data[:limit].hex() + more


def _document(data: bytes, media: str) -> tuple[Any, str | None]:
    """The body's document, and why it has no apiVersion and kind to read (not JSON, not an
    object) or None."""
    try:
        if media == negotiation.YAML:
            obj = parse_yaml(data)
        else:
            obj = _loads(data.decode("utf-8", "replace"))
    except _NotJSON as error:
        return None, str(error) if media == negotiation.YAML else VERSION_KIND + str(error)
    if obj is None:
        return None, VERSION_KIND + "unexpected end of JSON input"
    if not isinstance(obj, dict):
        go_type = _GO_TYPES.get(type(obj), "value")
        problem = f"json: cannot unmarshal {go_type} into Go value of type {_VERSION_KIND_STRUCT}"
        return None, VERSION_KIND + problem
    return obj, None


def object_body(data: bytes, content_type: str, kind: str = "") -> dict[str, Any]:
    """The object a create or update of `kind` carries (JSON, YAML or protobuf). One that is
    no object at all is refused as kube-apiserver refuses it: `the object provided is
    unrecognized (must be of type Pod): <why> (<the body's start>)`."""
    media = media_type(content_type)
    if media == negotiation.PROTOBUF:
        return protobuf.decode(data)
    if media not in (negotiation.JSON, negotiation.YAML):
        raise negotiation.unsupported(BODY_TYPES)
    obj, problem = _document(data, media)
    if problem is None:
        return obj
    if kind:
        problem = (
            f"the object provided is unrecognized (must be of type {kind}): "
            f"{problem} ({summary(data)})"
        )
    raise errors.bad_request(problem)


def options_body(data: bytes, content_type: str) -> dict[str, Any] | None:
    """DeleteOptions, when a DELETE carries any."""
    return object_body(data, content_type) if data.strip() else None


def patch_body(data: bytes, content_type: str) -> tuple[Any, str]:
    """A patch and its type; the types kube-apiserver knows, else 415."""
    kind = media_type(content_type)
    if kind not in PATCH_TYPES:
        raise negotiation.unsupported(PATCH_TYPES)
    try:
        if kind == APPLY_PATCH:
            return parse_yaml(data), kind
        return _loads(data.decode("utf-8", errors="replace")), kind
    except _NotJSON as error:
        raise errors.bad_request(str(error)) from None
