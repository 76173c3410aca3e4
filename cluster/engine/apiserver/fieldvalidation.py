"""Server-side field validation: what kube-apiserver does with fields a kind does not declare.

The `fieldValidation` query parameter of POST, PUT and PATCH says: `Strict` refuses them,
`Warn` (the default when the parameter is absent) drops them and says so in a `Warning`
header, `Ignore` drops them silently. kubectl sends `Strict` unless told otherwise.

A create or update body with unknown fields is refused with 400 BadRequest
(`Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field
"spec.containers[0].imagee"`); a patch whose result has them with 422 Invalid on the field
`patch`, as kube-apiserver's patch handler words it. A value of the wrong JSON type is refused
so, whatever the directive (see gotypes). Fields a JSON body names twice count as unknown
ones do (`duplicate field "metadata.name"`): the HTTP layer finds them (duplicate_fields).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from cluster.engine.api import field, gotypes, schema
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors

IGNORE = "Ignore"
WARN = "Warn"
STRICT = "Strict"
_VALUES = ("", IGNORE, STRICT, WARN)  # sets.NewString(...).List(): sorted


def directive(query: dict[str, str], options: str) -> str:
    """The request's directive, Warn when absent; any other value makes `options` invalid."""
    value = query.get("fieldValidation", "")
    if value not in _VALUES:
        cause = field.not_supported("fieldValidation", value, _VALUES).cause()
        raise errors.invalid_kind(options, "meta.k8s.io", "", [cause])
    return value or WARN


def duplicate_fields(text: str) -> list[str]:
    """The paths of the fields a JSON document names twice in one object (`metadata.name`):
    the HTTP layer hands them on with the request (Request.duplicates), since the object it
    decoded kept only the last, as Go's decoder does."""
    try:
        document = json.loads(text, object_pairs_hook=_Pairs.of)
    except ValueError:
        return []
    return list(_duplicates(document, ""))


class _Pairs(dict[str, Any]):
    """An object as decoded, remembering the keys it had more than once."""

    duplicates: list[str]

    @classmethod
    def of(cls, items: list[tuple[str, Any]]) -> _Pairs:
        obj = cls(items)
        seen: set[str] = set()
        obj.duplicates = []
        for key, _ in items:
            if key in seen:
                obj.duplicates.append(key)
            seen.add(key)
        return obj


def _duplicates(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, _Pairs):
        for key in value.duplicates:
            yield f"{path}.{key}" if path else key
        for key, item in value.items():
            yield from _duplicates(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _duplicates(item, f"{path}[{i}]")


def decode(obj: Object, how: str, duplicates: Sequence[str] = ()) -> list[str]:
    """A create or update body: a value of the wrong type is refused (400) whatever the
    directive; unknown fields are dropped; the warnings, or 400 when Strict."""
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    wrong = gotypes.unmarshal_error(obj)
    unknown = [] if wrong else _strict_errors(obj, how, duplicates)
    if wrong or (unknown and how == STRICT):
        version = api_version.rpartition("/")[2]
        why = wrong or f"strict decoding error: {', '.join(unknown)}"
        raise errors.bad_request(
            f'{kind} in version "{version}" cannot be handled as a {kind}: {why}'
        )
    return unknown


def decode_patched(obj: Object, how: str, duplicates: Sequence[str] = ()) -> list[str]:
    """A patched object: a value of the wrong type is invalid (422) whatever the directive;
    unknown fields are dropped; the warnings, or 422 when Strict."""
    wrong = gotypes.unmarshal_error(obj)
    # the object as patched, before its unknown fields go: only a refusal shows it
    shown = json.dumps(obj, separators=(",", ":")) if wrong or how == STRICT else ""
    unknown = [] if wrong else _strict_errors(obj, how, duplicates)
    if wrong or (unknown and how == STRICT):
        detail = wrong or f"strict decoding error: {', '.join(unknown)}"
        cause = field.invalid("patch", shown, detail).cause()
        raise errors.invalid_kind("", "", "", [cause])
    return unknown


def _strict_errors(obj: Object, how: str, duplicates: Sequence[str]) -> list[str]:
    """Unknown fields dropped; what strict decoding says of them and of duplicate fields."""
    pruned = schema.prune_unknown(obj.get("apiVersion", ""), obj.get("kind", ""), obj)
    if how == IGNORE:
        return []
    return [
        *(f'duplicate field "{path}"' for path in duplicates),
        *(f'unknown field "{path}"' for path in pruned),
    ]
