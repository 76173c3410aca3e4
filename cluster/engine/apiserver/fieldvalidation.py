"""Server-side field validation: what kube-apiserver does with fields a kind does not declare.

The `fieldValidation` query parameter of POST, PUT and PATCH says: `Strict` refuses them,
`Warn` (the default when the parameter is absent) drops them and says so in a `Warning`
header, `Ignore` drops them silently. kubectl sends `Strict` unless told otherwise.

A create or update body with unknown fields is refused with 400 BadRequest
(`Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field
"spec.containers[0].imagee"`); a patch whose result has them with 422 Invalid on the field
`patch`, as kube-apiserver's patch handler words it. A value of the wrong JSON type is refused
so, whatever the directive (see gotypes).
"""

from __future__ import annotations

import json

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


def decode(obj: Object, how: str) -> list[str]:
    """A create or update body: a value of the wrong type is refused (400) whatever the
    directive; unknown fields are dropped; the warnings, or 400 when Strict."""
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    wrong = gotypes.unmarshal_error(obj)
    unknown = [] if wrong else _unknown(obj, how)
    if wrong or (unknown and how == STRICT):
        version = api_version.rpartition("/")[2]
        why = wrong or f"strict decoding error: {', '.join(unknown)}"
        raise errors.bad_request(
            f'{kind} in version "{version}" cannot be handled as a {kind}: {why}'
        )
    return unknown


def decode_patched(obj: Object, how: str) -> list[str]:
    """A patched object: a value of the wrong type is invalid (422) whatever the directive;
    unknown fields are dropped; the warnings, or 422 when Strict."""
    shown = json.dumps(obj, separators=(",", ":"))  # before the unknown fields go
    wrong = gotypes.unmarshal_error(obj)
    unknown = [] if wrong else _unknown(obj, how)
    if wrong or (unknown and how == STRICT):
        detail = wrong or f"strict decoding error: {', '.join(unknown)}"
        cause = field.invalid("patch", shown, detail).cause()
        raise errors.invalid_kind("", "", "", [cause])
    return unknown


def _unknown(obj: Object, how: str) -> list[str]:
    pruned = schema.prune_unknown(obj.get("apiVersion", ""), obj.get("kind", ""), obj)
    if how == IGNORE:
        return []
    return [f'unknown field "{path}"' for path in pruned]
