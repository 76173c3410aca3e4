"""The options of a list or watch: label and field selectors, and paging with `limit` and
`continue` (k8s.io/apiserver/pkg/storage: SelectionPredicate and the continue token)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cluster.engine.api import fields, labels
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors

TOKEN_VERSION = "meta.k8s.io/v1"


@dataclass(frozen=True, slots=True)
class Predicate:
    """SelectionPredicate: what a list or watch returns."""

    label: labels.Selector | None = None
    field: fields.FieldSelector | None = None

    def matches(self, obj: Object) -> bool:
        if self.label is not None and not self.label.matches(obj["metadata"].get("labels")):
            return False
        return self.field is None or self.field.matches(obj)

    def required(self, field: str) -> str | None:
        """The value a field must equal for an object to match, if the selector fixes it."""
        return self.field.required(field) if self.field is not None else None

    @property
    def empty(self) -> bool:
        return self.label is None and self.field is None


def predicate(query: dict[str, str], kind: str) -> Predicate:
    """The request's selectors; 400 with the parser's message when one does not parse."""
    label_text, field_text = query.get("labelSelector", ""), query.get("fieldSelector", "")
    try:
        label = labels.parse(label_text) if label_text else None
        field = fields.parse(field_text, kind) if field_text else None
    except (labels.SelectorError, fields.FieldSelectorError) as error:
        raise errors.bad_request(str(error)) from None
    return Predicate(label, field)


def encode_continue(revision: int, start: str) -> str:
    """The continue token: where the next page starts (just after `start`), at `revision`."""
    token = {"v": TOKEN_VERSION, "rv": revision, "start": start + "\x00"}
    raw = json.dumps(token, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_continue(token: str) -> str:
    """The key a continued list starts at; 400 for a token this server did not write."""
    try:
        padded = token + "=" * (-len(token) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded))
        if decoded.get("v") != TOKEN_VERSION or not isinstance(decoded.get("start"), str):
            raise ValueError("version or start")
    except (ValueError, TypeError, AttributeError):
        raise errors.bad_request(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)"
        ) from None
    return decoded["start"]


def limit(query: dict[str, str]) -> int:
    text = query.get("limit", "")
    try:
        return max(0, int(text)) if text else 0
    except ValueError:
        raise errors.bad_request(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None
