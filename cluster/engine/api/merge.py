"""Patches by their content type: JSON merge patch (RFC 7386, here), JSON patch (RFC 6902,
jsonpatch.py) and strategic merge patch (strategicpatch.py). Server-side apply
(`application/apply-patch+yaml`) is the field manager's (apiserver/fieldmanager.py).
"""

from __future__ import annotations

from typing import Any

from cluster.engine.api import jsonpatch, schema, strategicpatch
from cluster.engine.api.meta import Object

MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"
APPLY = "application/apply-patch+yaml"
# what kube-apiserver accepts for a built-in kind, in its order
PATCH_TYPES = (JSON_PATCH, MERGE, STRATEGIC, APPLY)


class PatchError(ValueError):
    """A patch that cannot be applied: 400 (malformed) or 422 (does not apply)."""

    def __init__(self, message: str, code: int = 400) -> None:
        super().__init__(message)
        self.code = code


def apply_patch(obj: Object, patch: Any, content_type: str) -> Object:
    """`obj` patched; the kind's schema drives a strategic merge patch."""
    if content_type == JSON_PATCH:
        try:
            return jsonpatch.apply(obj, patch)
        except jsonpatch.DecodeError as error:
            raise PatchError(str(error)) from None
        except jsonpatch.ApplyError as error:
            raise PatchError(str(error), 422) from None
    if not isinstance(patch, dict):
        if content_type == STRATEGIC:
            kind = jsonpatch.json_kind(patch)
            raise PatchError(
                f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
            )
        raise PatchError("Invalid JSON Patch")
    if content_type == STRATEGIC:
        kind = schema.kind_schema(obj.get("apiVersion", ""), obj.get("kind", ""))
        try:
            return strategicpatch.apply(obj, patch, kind)
        except strategicpatch.StrategicPatchError as error:
            raise PatchError(str(error), error.code) from None
    return merge_patch(obj, patch)


def merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return json_copy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def json_copy(value: Any) -> Any:
    """A copy of JSON data sharing no dict or list with it: copy.deepcopy's memo and
    dispatch made it the larger part of a status patch's cost."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value
