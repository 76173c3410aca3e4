"""Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), driven by the schema.

A strategic merge patch is a JSON merge patch that knows each list field's patch strategy
from the type's OpenAPI schema (`x-kubernetes-patch-strategy`, `...-patch-merge-key`):

- a list with strategy `merge` and a merge key (containers by `name`, ports by
  `containerPort`) is merged item by item; an item `{"name": "x", "$patch": "delete"}` deletes
  x, an item `{"$patch": "replace"}` makes the patch's items the whole list;
- a list with strategy `merge` and no key (finalizers) is a set: the patch's values are added;
  `$deleteFromPrimitiveList/<field>: [values]` removes values;
- `$setElementOrder/<field>: [...]` orders the merged list; items only the server has keep
  their place relative to the others;
- every other list is replaced; maps are merged, `null` deletes a key;
- `$patch: replace` in a map replaces the map, `$patch: delete` empties it, `$retainKeys`
  drops the keys the map's original has that the list does not name.

`apply(original, patch, schema)` returns the patched copy or raises `StrategicPatchError`
(`code` is 400 or 422, as kube-apiserver answers).
"""

from __future__ import annotations

import copy
from typing import Any

from cluster.engine.api import schema as api_schema
from cluster.engine.api.schema_dsl import Schema

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/"
SET_ELEMENT_ORDER = "$setElementOrder/"
PATCH_STRATEGY = "x-kubernetes-patch-strategy"
MERGE_KEY = "x-kubernetes-patch-merge-key"


class StrategicPatchError(ValueError):
    """A patch that cannot apply. kube-apiserver answers the malformed ones it knows with 400,
    two with 422, and every other (a missing merge key, an unknown directive) with a bare 500,
    as an error it did not expect."""

    def __init__(self, message: str, code: int = 500) -> None:
        super().__init__(message)
        self.code = code


def _bad_patch_type(directive: Any, patch: dict[str, Any]) -> StrategicPatchError:
    return StrategicPatchError(f"unknown patch type: {directive} in map: {_go(patch)}")


def _no_merge_key(item: dict[str, Any], key: str) -> StrategicPatchError:
    return StrategicPatchError(f"map: {_go(item)} does not contain declared merge key: {key}")


def apply(original: dict[str, Any], patch: Any, schema: Schema | None) -> dict[str, Any]:
    if not isinstance(patch, dict):
        raise StrategicPatchError("invalid JSON document", 400)
    return _merge_map(copy.deepcopy(original), copy.deepcopy(patch), schema)


def _merge_map(original: dict[str, Any], patch: dict[str, Any], schema: Schema | None) -> Any:
    if DIRECTIVE in patch:
        directive = patch[DIRECTIVE]
        if directive == "replace":
            return _without_nulls(patch)
        if directive == "delete":
            return {}
        raise _bad_patch_type(directive, patch)
    _retain_keys(original, patch)
    _merge_ordered_lists(original, patch, schema)
    for key, value in patch.items():
        if key.startswith(SET_ELEMENT_ORDER):
            continue
        if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
            field = key.removeprefix(DELETE_FROM_PRIMITIVE_LIST)
            if isinstance(original.get(field), list):
                original[field] = [v for v in original[field] if v not in (value or [])]
            continue
        if value is None:
            original.pop(key, None)
            continue
        field = api_schema.child(schema, key) if schema is not None else None
        original[key] = _merge_value(original.get(key), value, field)
    return original


def _merge_value(current: Any, value: Any, field: Schema | None) -> Any:
    strategy = (field or {}).get(PATCH_STRATEGY, "")
    if isinstance(current, dict) and isinstance(value, dict):
        if "replace" in strategy.split(","):
            return _without_nulls(value)
        return _merge_map(current, value, field)
    if isinstance(current, list) and isinstance(value, list) and "merge" in strategy.split(","):
        return _merge_list(current, value, field or {})
    if isinstance(value, dict):
        return _merge_map({}, value, field)  # a new map: its directives apply all the same
    if isinstance(value, list) and "merge" in strategy.split(","):
        return _merge_list([], value, field or {})
    return _without_nulls(value)


def _retain_keys(original: dict[str, Any], patch: dict[str, Any]) -> None:
    """$retainKeys: only the listed keys of the original stay; the patch may set no other."""
    if RETAIN_KEYS not in patch:
        return
    keep = patch.pop(RETAIN_KEYS)
    if not isinstance(keep, list):
        raise StrategicPatchError("invalid patch format of retainKeys", 400)
    for key in patch:
        if not key.startswith("$") and key not in keep:
            raise StrategicPatchError("patch content doesn't match retainKeys list", 422)
    for key in list(original):
        if key not in keep:
            del original[key]


def _merge_ordered_lists(
    original: dict[str, Any], patch: dict[str, Any], schema: Schema | None
) -> None:
    """$setElementOrder/<field>: merge the field's list now and put it in that order."""
    for key in [k for k in patch if k.startswith(SET_ELEMENT_ORDER)]:
        field_name = key.removeprefix(SET_ELEMENT_ORDER)
        order = patch[key]
        if not isinstance(order, list):
            raise StrategicPatchError("invalid patch format of setElementOrder list", 400)
        field = (api_schema.child(schema, field_name) if schema is not None else None) or {}
        current = original.get(field_name) or []
        merged = _merge_list(current, patch.pop(field_name, []) or [], field, order)
        deleted = patch.pop(DELETE_FROM_PRIMITIVE_LIST + field_name, None)
        if deleted:
            merged = [v for v in merged if v not in deleted]
        original[field_name] = merged


def _merge_list(
    original: list[Any], patch: list[Any], field: Schema, order: list[Any] | None = None
) -> list[Any]:
    key = field.get(MERGE_KEY, "")
    items_schema = api_schema.items(field)
    if (patch and all(isinstance(item, dict) for item in patch)) or (key and not patch):
        merged, patch_items = _merge_maps_by_key(original, patch, key, items_schema)
        if merged is None:  # $patch: replace
            return patch_items
    else:
        merged = original + [v for v in patch if v not in original]
        patch_items = patch
    return _ordered(merged, patch_items, order or patch_items, original, key)


def _merge_maps_by_key(
    original: list[Any], patch: list[Any], key: str, items_schema: Schema | None
) -> tuple[list[Any] | None, list[Any]]:
    """The merged items, and the patch's items (without directives); None when the patch
    replaces the list."""
    merged = list(original)
    plain: list[Any] = []
    replace = False
    for item in patch:
        directive = item.get(DIRECTIVE)
        if directive is None:
            plain.append(item)
        elif directive == "delete":
            if key not in item:
                raise _no_merge_key(item, key)
            merged = [m for m in merged if not (isinstance(m, dict) and m.get(key) == item[key])]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            raise StrategicPatchError("merging lists cannot yet be specified in the patch")
        else:
            raise _bad_patch_type(directive, item)
    if replace:
        return None, [_without_nulls(item) for item in plain]
    for item in plain:
        if key not in item:
            raise _no_merge_key(item, key)
        index = next(
            (i for i, m in enumerate(merged) if isinstance(m, dict) and m.get(key) == item[key]),
            None,
        )
        if index is None:
            merged.append(_merge_map({}, item, items_schema))
        else:
            merged[index] = _merge_map(merged[index], item, items_schema)
    return merged, plain


def _ordered(
    merged: list[Any], patch_items: list[Any], order: list[Any], server: list[Any], key: str
) -> list[Any]:
    """normalizeElementOrder: the patch's items in `order`, the server's other items in their
    old order, interleaved where both lists know them."""

    def ident(item: Any) -> Any:
        return item.get(key) if key and isinstance(item, dict) else item

    patched = {_hashable(ident(i)) for i in patch_items}
    ranks = {_hashable(ident(item)): i for i, item in enumerate(order)}
    server_ranks = {_hashable(ident(item)): i for i, item in enumerate(server)}
    mine = [m for m in merged if _hashable(ident(m)) in patched or _hashable(ident(m)) in ranks]
    theirs = [m for m in merged if m not in mine]
    mine.sort(key=lambda m: ranks.get(_hashable(ident(m)), len(ranks)))
    result: list[Any] = []
    while mine or theirs:
        if not theirs:
            result.append(mine.pop(0))
        elif not mine:
            result.append(theirs.pop(0))
        else:
            left = server_ranks.get(_hashable(ident(mine[0])))
            right = server_ranks.get(_hashable(ident(theirs[0])))
            if left is not None and right is not None and left < right:
                result.append(mine.pop(0))
            else:
                result.append(theirs.pop(0))
    return result


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, dict | list) else value


def _without_nulls(value: Any) -> Any:
    """discardNullValuesFromPatch: a null where nothing was deletes nothing."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None and k != DIRECTIVE}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _go(value: Any) -> str:
    """A value as Go's %v prints it: map[key:value ...] with keys sorted."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(_go(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
