"""Field errors as k8s.io/apimachinery/pkg/util/validation/field renders them.

A `FieldError` is one `field.Error`: a type, the field's path and a detail. Its message is
`ErrorBody()`: "Invalid value: <value>: <detail>", where the bad value is rendered as the API
server renders it since Kubernetes 1.34 (strings quoted, numbers and booleans bare, anything
else as JSON).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

REQUIRED = "FieldValueRequired"
INVALID = "FieldValueInvalid"
NOT_SUPPORTED = "FieldValueNotSupported"
FORBIDDEN = "FieldValueForbidden"
DUPLICATE = "FieldValueDuplicate"
NOT_FOUND = "FieldValueNotFound"
TOO_LONG = "FieldValueTooLong"
TOO_MANY = "FieldValueTooMany"

_TITLES = {
    REQUIRED: "Required value",
    INVALID: "Invalid value",
    NOT_SUPPORTED: "Unsupported value",
    FORBIDDEN: "Forbidden",
    DUPLICATE: "Duplicate value",
    NOT_FOUND: "Not found",
    TOO_LONG: "Too long",
    TOO_MANY: "Too many",
}
_WITHOUT_VALUE = {REQUIRED, FORBIDDEN, TOO_LONG}


@dataclass(frozen=True, slots=True)
class FieldError:
    """One field.Error: its reason, the field's path and Kubernetes' message."""

    reason: str
    field: str
    message: str

    def cause(self) -> dict[str, str]:
        return {"reason": self.reason, "message": self.message, "field": self.field}

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def error(reason: str, path: str, value: Any = None, detail: str = "") -> FieldError:
    """field.Error{Type, Field, BadValue, Detail} with its ErrorBody as the message."""
    body = _TITLES[reason]
    if reason not in _WITHOUT_VALUE:
        body = f"{body}: {go_value(value)}"
    return FieldError(reason, path, f"{body}: {detail}" if detail else body)


def required(path: str, detail: str = "") -> FieldError:
    return error(REQUIRED, path, detail=detail)


def invalid(path: str, value: Any, detail: str) -> FieldError:
    return error(INVALID, path, value, detail)


def invalid_omitting_value(path: str, detail: str) -> FieldError:
    """field.Invalid with field.OmitValueType{}: the detail says it all."""
    return FieldError(INVALID, path, f"{_TITLES[INVALID]}: {detail}")


def forbidden(path: str, detail: str) -> FieldError:
    return error(FORBIDDEN, path, detail=detail)


def duplicate(path: str, value: Any) -> FieldError:
    return error(DUPLICATE, path, value)


def not_found(path: str, value: Any) -> FieldError:
    return error(NOT_FOUND, path, value)


def not_supported(path: str, value: Any, supported: list[str] | tuple[str, ...]) -> FieldError:
    detail = "supported values: " + ", ".join(json.dumps(v) for v in supported)
    return error(NOT_SUPPORTED, path, value, detail if supported else "")


def too_long(path: str, limit: int) -> FieldError:
    return error(TOO_LONG, path, detail=f"may not be more than {limit} bytes")


def go_value(value: Any) -> str:
    """ErrorBody's rendering of a bad value: %q for strings, %v for numbers and booleans,
    JSON (as encoding/json writes it) for everything else."""
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return go_json(value)


class Struct(dict):
    """A Go struct's fields, which encoding/json writes in their declaration order (the
    order given here) where it sorts a map's keys."""


def go_json(value: Any) -> str:
    """encoding/json.Marshal: compact, map keys sorted, <, > and & escaped."""
    text = json.dumps(_marshal_order(value), separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _marshal_order(value: Any) -> Any:
    if isinstance(value, dict):
        keys = value if isinstance(value, Struct) else sorted(value)
        return {key: _marshal_order(value[key]) for key in keys}
    if isinstance(value, list | tuple):
        return [_marshal_order(item) for item in value]
    return value


def go_quote(text: str) -> str:
    """strconv.Quote: printable characters as they are, the rest escaped as Go escapes
    them (\\a, \\x07, \\u0085...)."""
    if text.isprintable():
        return json.dumps(text, ensure_ascii=False)
    return '"' + "".join(map(_go_escaped, text)) + '"'


_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def _go_escaped(char: str) -> str:
    if char in _GO_ESCAPES:
        return _GO_ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def aggregate(messages: list[str]) -> str:
    """utilerrors.Aggregate.Error(): one message alone, several deduplicated in brackets."""
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else f"[{', '.join(unique)}]"
