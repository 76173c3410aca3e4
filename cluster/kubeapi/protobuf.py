"""Request bodies in Kubernetes' protobuf encoding, read into the dict their JSON would give.

kubectl sends the objects it builds itself (`kubectl create deployment|job|role|token ...`)
as `application/vnd.kubernetes.protobuf` and does not fall back to JSON. Such a body is the
magic `k8s\\x00` and a runtime.Unknown: {typeMeta {apiVersion, kind}, raw, contentEncoding,
contentType}, where raw is the object's own message. Each message is read with its schema in
protobuf_messages and written as Go's encoding/json writes the same object: JSON's field
names, zero values left out where `omitempty` leaves them out, Quantities as strings,
IntOrString as a number or a string, times as RFC 3339, bytes as base64.

Fields this schema does not know are skipped, as kube-apiserver's generated decoders skip
them: strict field validation (`fieldValidation=Strict`) covers JSON and YAML bodies only.
A kind without a schema here is refused as kube-apiserver refuses protobuf for kinds it
cannot encode so (custom resources): 415, JSON and YAML accepted.

Responses are never protobuf: kubectl asks for `application/vnd.kubernetes.protobuf,
application/json` and reads JSON as well.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cluster.engine.apiserver import errors
from cluster.kubeapi import negotiation
from cluster.kubeapi.protobuf_messages import KINDS, MESSAGES

MAGIC = b"k8s\x00"
VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
SCALAR_WIRES = {"s": LENGTH, "y": LENGTH, "i": VARINT, "b": VARINT}
SPECIALS = ("time", "microtime", "quantity", "intorstr", "raw")
# Go's zero values as JSON writes them; a message's is {}.
ZEROS = {
    "s": "", "y": "", "i": 0, "b": False,
    "quantity": "0", "intorstr": 0, "time": None, "microtime": None, "raw": None,
}  # fmt: skip
INLINE, LIST = "^", "[]"


class ProtobufError(ValueError):
    """A body that is not a well-formed message; worded as Go's generated decoders word it."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # as in JSON; INLINE or LIST for the special cases
    type: str  # a scalar letter, a special, or a message of MESSAGES
    repeated: bool = False
    map: bool = False
    keep_zero: bool = False  # a scalar's zero, or an absent list's or map's null
    omit_zero: bool = False

    @property
    def go_name(self) -> str:
        return self.name[:1].upper() + self.name[1:]


UNVERSIONED = {"DeleteOptions": "DeleteOptions"}


def decode(data: bytes) -> dict[str, Any]:
    """The object of a protobuf request body, as JSON would carry it; a 400 if malformed."""
    if not data:
        raise errors.bad_request("empty data")
    if not data.startswith(MAGIC):
        prefix = " ".join(str(byte) for byte in MAGIC)
        raise errors.bad_request(
            f"provided data does not appear to be a protobuf message, expected prefix [{prefix}]"
        )
    if len(data) == len(MAGIC):
        raise errors.bad_request("empty body")
    try:
        api_version, kind, raw = _unknown(data[len(MAGIC) :])
        # DeleteOptions are decoded in any group version, as the per-group ones clients send
        # (an RBAC client's for a RoleBinding) are unversioned to kube-apiserver
        message = KINDS.get((api_version, kind)) or UNVERSIONED.get(kind)
        if message is None:
            raise negotiation.unsupported((negotiation.JSON, negotiation.YAML))
        return {"kind": kind, "apiVersion": api_version, **_message(message, raw)}
    except ProtobufError as error:
        raise errors.bad_request(str(error)) from None


def _unknown(data: bytes) -> tuple[str, str, bytes]:
    """apiVersion, kind and raw of the runtime.Unknown envelope."""
    type_meta: dict[int, int | bytes] = {}
    raw = b""
    for number, _, value in _fields(data):
        if number == 1:
            type_meta = {inner: text for inner, _, text in _fields(_bytes(value))}
        elif number == 2:
            raw = _bytes(value)
    api_version, kind = (_string(_bytes(type_meta.get(n, b""))) for n in (1, 2))
    return api_version, kind, raw


@functools.cache
def schema(message: str) -> dict[int, Field]:
    """The fields of a message, by number, from its line in MESSAGES."""
    fields = {}
    for token in MESSAGES[message].split():
        number, _, rest = token.partition("=")
        name, _, kind = rest.partition(":")
        flags = kind[len(kind.rstrip("!~*")) :]
        kind = kind.rstrip("!~*")
        is_map = kind.startswith("{")
        fields[int(number)] = Field(
            name=name,
            type=kind.strip("{}"),
            repeated="*" in flags,
            map=is_map,
            keep_zero="!" in flags,
            omit_zero="~" in flags,
        )
    return fields


def _message(message: str, data: bytes) -> Any:
    """One message as JSON would have it: a dict, or a list for a LIST message."""
    fields = schema(message)
    out: dict[str, Any] = {}
    for number, wire, value in _fields(data):
        field = fields.get(number)
        if field is None:
            continue  # unknown to this schema: skipped, as Kubernetes' decoders do
        if field.map:
            key, item = _map_entry(field, _expect(field, wire, LENGTH, value))
            out.setdefault(field.name, {})[key] = item
        elif field.repeated:
            out.setdefault(field.name, []).extend(_repeated(field, wire, value))
        elif field.name == INLINE:
            out.update(_message(field.type, _expect(field, wire, LENGTH, value)))
        else:
            out[field.name] = _value(field, wire, value)
            if _is_dropped(field, out[field.name]):
                del out[field.name]
    for field in fields.values():
        if field.name == LIST:
            return out.get(LIST, [])
        if (field.repeated or field.map) and field.keep_zero:
            out.setdefault(field.name, None)  # a nil slice or map without `omitempty`: null
    return out


def _is_dropped(field: Field, value: Any) -> bool:
    """Whether JSON leaves this value out: a zero under `omitempty` or `omitzero`."""
    if field.omit_zero:
        return value in (None, {})
    is_scalar = field.type in SCALAR_WIRES
    return is_scalar and not field.keep_zero and value == ZEROS[field.type]


def _repeated(field: Field, wire: int, value: int | bytes) -> list[Any]:
    """The items of one occurrence of a repeated field; integers may come packed."""
    if field.type == "i" and wire == LENGTH and isinstance(value, bytes):
        return [_signed(item) for _, _, item in _varints(value)]
    return [_value(field, wire, value)]


def _value(field: Field, wire: int, value: int | bytes) -> Any:
    if field.type in SCALAR_WIRES:
        return _scalar(field, wire, value)
    data = _expect(field, wire, LENGTH, value)
    if field.type in SPECIALS:
        return _special(field.type, data)
    return _message(field.type, data)


def _scalar(field: Field, wire: int, value: int | bytes) -> Any:
    raw = _expect(field, wire, SCALAR_WIRES[field.type], value)
    if field.type == "s":
        return _string(raw)
    if field.type == "y":
        return base64.b64encode(raw).decode()
    if field.type == "b":
        return bool(raw)
    return _signed(raw)


def _map_entry(field: Field, data: bytes) -> tuple[str, Any]:
    """A map entry {1: key, 2: value}; a missing value is its type's zero, as in Go."""
    key, item = "", ZEROS.get(field.type, {})
    value_field = dataclasses.replace(field, repeated=False, map=False)
    for number, wire, value in _fields(data):
        if number == 1:
            key = _string(_expect(field, wire, LENGTH, value))
        elif number == 2:
            item = _value(value_field, wire, value)
    return key, item


def _special(kind: str, data: bytes) -> Any:
    """The messages JSON writes as scalars."""
    parts = {number: value for number, _, value in _fields(data)}
    if kind in ("time", "microtime"):
        return _time(kind, data, parts)
    if kind == "quantity":
        return _string(_bytes(parts.get(1, b""))) or "0"
    if kind == "intorstr":
        is_string = _int(parts.get(1, 0)) == 1
        return _string(_bytes(parts.get(3, b""))) if is_string else _signed(_int(parts.get(2, 0)))
    raw = _bytes(parts.get(1, b""))  # RawExtension and FieldsV1: JSON inside
    try:
        return json.loads(raw) if raw else None
    except ValueError as error:
        raise ProtobufError(f"invalid JSON in an embedded object: {error}") from None


def _time(kind: str, data: bytes, parts: dict[int, int | bytes]) -> str | None:
    """metav1.Time (seconds) and MicroTime (microseconds), in UTC; empty is Go's zero: null."""
    if not data:
        return None
    seconds = _signed(_int(parts.get(1, 0)))
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise ProtobufError(f"time out of range: {seconds} s") from None
    if kind == "time":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    micros = _signed(_int(parts.get(2, 0))) // 1000
    return moment.replace(microsecond=micros % 1_000_000).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---------------------------------------------------------------------------------------------
# The wire format


def _fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) of each field of a message, in order."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if number <= 0:
            raise ProtobufError(f"proto: illegal tag {number} (wire type {wire})")
        value: int | bytes
        if wire == VARINT:
            value, pos = _varint(data, pos)
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            value, pos = _take(data, pos, size), pos + size
        elif wire == LENGTH:
            length, pos = _varint(data, pos)
            value, pos = _take(data, pos, length), pos + length
        else:
            raise ProtobufError(f"proto: illegal wireType {wire}")
        yield number, wire, value


def _varints(data: bytes) -> Iterator[tuple[int, int, int]]:
    """The varints of a packed repeated field, in the shape of _fields."""
    pos = 0
    while pos < len(data):
        value, pos = _varint(data, pos)
        yield 0, VARINT, value


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if shift >= 64:
            raise ProtobufError("proto: integer overflow")
        if pos >= len(data):
            raise ProtobufError("unexpected EOF")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result & (1 << 64) - 1, pos


def _take(data: bytes, pos: int, size: int) -> bytes:
    if pos + size > len(data):
        raise ProtobufError("unexpected EOF")
    return data[pos : pos + size]


def _expect(field: Field, wire: int, expected: int, value: int | bytes) -> Any:
    if wire != expected:
        raise ProtobufError(f"proto: wrong wireType = {wire} for field {field.go_name}")
    return value


def _signed(value: int) -> int:
    """int32 and int64 travel as 64-bit two's complement."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _int(value: int | bytes) -> int:
    if not isinstance(value, int):
        raise ProtobufError("proto: wrong wireType = 2 for an integer field")
    return value


def _bytes(value: int | bytes) -> bytes:
    if not isinstance(value, bytes):
        raise ProtobufError("proto: wrong wireType = 0 for a string field")
    return value


def _string(data: bytes) -> str:
    # Go's encoding/json writes invalid UTF-8 as U+FFFD.
    return data.decode("utf-8", errors="replace")
