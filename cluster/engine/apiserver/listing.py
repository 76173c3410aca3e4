"""The options of a list or watch: label and field selectors, paging with `limit` and
`continue`, and the revision a list reads at (k8s.io/apiserver/pkg/storage:
SelectionPredicate, the continue token, ValidateListOptions)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cluster.engine.api import field, fields, labels
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors

TOKEN_VERSION = "meta.k8s.io/v1"
EXACT = "Exact"
NOT_OLDER_THAN = "NotOlderThan"
LATEST = -1  # a continue token's revision that goes on at the latest one
EXPIRED = "The resourceVersion for the provided list is too old."
INCONSISTENT_CONTINUE = (
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted "
    "between the time the first chunk was returned and now may show up in the list."
)
INVALID_KEY = "continue key is not valid"  # storage.ErrGenericInvalidKey


@dataclass(frozen=True, slots=True)
class Read:
    """Where a list reads: at revision `exact` (None: the latest), which must be at least
    `minimum`, from key `start` on; `continued` when a continue token said so."""

    exact: int | None = None
    minimum: int = 0
    start: str = ""
    continued: bool = False


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


def encode_continue(revision: int, last: str) -> str:
    """The continue token: where the next page starts (just after key `last`), at `revision`."""
    return _token(revision, last + "\x00")


def _token(revision: int, start: str) -> str:
    token = {"v": TOKEN_VERSION, "rv": revision, "start": start}
    raw = json.dumps(token, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_continue(token: str) -> tuple[str, int]:
    """The key a continued list starts at and its revision (DecodeContinue); 400 for a token
    this server did not write."""
    try:
        padded = token + "=" * (-len(token) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded))
        version, revision, start = decoded.get("v"), decoded.get("rv", 0), decoded.get("start")
        if not isinstance(revision, int) or not isinstance(start, (str, type(None))):
            raise ValueError("types")
    except (ValueError, TypeError, AttributeError):
        raise _invalid_continue(INVALID_KEY) from None
    if version != TOKEN_VERSION:
        why = f"{INVALID_KEY}: server does not recognize this encoded version {version or ''}"
        raise _invalid_continue(why)
    if revision == 0:
        why = f"{INVALID_KEY}: incorrect encoded start resourceVersion (version {TOKEN_VERSION})"
        raise _invalid_continue(why)
    if not start:
        raise _invalid_continue(f"{INVALID_KEY}: encoded start key empty (version {TOKEN_VERSION})")
    return start, revision


def _invalid_continue(why: str) -> errors.StatusError:
    return errors.bad_request(f"invalid continue token: {why}")


def validate(query: dict[str, str]) -> None:
    """ValidateListOptions for a list: 422 ListOptions."""
    match, text = query.get("resourceVersionMatch", ""), query.get("resourceVersion", "")
    problems = []
    if match:
        if not text:
            detail = "resourceVersionMatch is forbidden unless resourceVersion is provided"
            problems.append(field.forbidden("resourceVersionMatch", detail))
        if query.get("continue"):
            detail = "resourceVersionMatch is forbidden when continue is provided"
            problems.append(field.forbidden("resourceVersionMatch", detail))
        if match not in (EXACT, NOT_OLDER_THAN):
            supported = [EXACT, NOT_OLDER_THAN, ""]
            problems.append(field.not_supported("resourceVersionMatch", match, supported))
        if match == EXACT and text == "0":
            detail = 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'
            problems.append(field.forbidden("resourceVersionMatch", detail))
    if query.get("sendInitialEvents") is not None:
        problems.append(
            field.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list")
        )
    if problems:
        raise errors.invalid_kind("ListOptions", "meta.k8s.io", "", [p.cause() for p in problems])


def read(query: dict[str, str], limit: int) -> Read:
    """Where a list reads (storage.ValidateListOptions and the cacher's delegation): a
    continue token's revision; an Exact resourceVersion, or a legacy one with a limit; else
    the latest revision, no older than the resourceVersion given."""
    validate(query)
    token, text = query.get("continue", ""), query.get("resourceVersion", "")
    if token:
        start, revision = decode_continue(token)
        if text not in ("", "0"):
            raise errors.bad_request(
                "specifying resource version is not allowed when using continue"
            )
        return Read(revision if revision > 0 else None, start=start, continued=True)
    if not text:
        return Read()
    revision = _parse_revision(text)
    match = query.get("resourceVersionMatch", "")
    if match == EXACT or (not match and limit and revision):
        return Read(revision, revision)
    return Read(minimum=revision)


def _parse_revision(text: str) -> int:
    """APIObjectVersioner.ParseResourceVersion, as a list refuses what it cannot parse."""
    if text.isascii() and text.isdigit():
        return int(text)
    problem = field.invalid(
        "resourceVersion", text, f'strconv.ParseUint: parsing "{text}": invalid syntax'
    )
    raise errors.bad_request(f"invalid resource version: {problem}")


def expired(read: Read) -> errors.StatusError:
    """410 for a list at a compacted revision; a continued one is told how to go on at the
    latest revision (handleCompactedErrorForPaging)."""
    if read.continued:
        return errors.resource_expired(
            INCONSISTENT_CONTINUE, {"continue": _token(LATEST, read.start)}
        )
    return errors.resource_expired(EXPIRED)


def limit(query: dict[str, str]) -> int:
    text = query.get("limit", "")
    try:
        return max(0, int(text)) if text else 0
    except ValueError:
        raise errors.bad_request(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None
