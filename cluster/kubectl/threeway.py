"""Client-side apply's bookkeeping: the last-applied-configuration annotation, and the
three-way strategic merge patch from what was last applied, what is applied now and what
the server holds (CreateThreeWayMergePatch): fields dropped since the last apply are
deleted, fields that differ from the server's are set, everything else is left alone."""

from __future__ import annotations

import copy
import json
from typing import Any

from cluster.engine.api import schema
from cluster.engine.api.meta import Object
from cluster.engine.api.schema_dsl import Schema
from cluster.kubectl import structorder

ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"
STRATEGY = "x-kubernetes-patch-strategy"
MERGE_KEY = "x-kubernetes-patch-merge-key"
DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
SET_ELEMENT_ORDER = "$setElementOrder/"


def go_json(obj: Any, sort_keys: bool = True) -> str:
    """encoding/json: compact, map keys sorted (a struct's fields as they come), <>&
    escaped, and the newline Encode adds."""
    text = json.dumps(obj, separators=(",", ":"), sort_keys=sort_keys, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def last_applied(obj: Object) -> str | None:
    return ((obj.get("metadata") or {}).get("annotations") or {}).get(ANNOTATION)


def without_last_applied(obj: Object) -> Object:
    """GetModifiedConfiguration with annotate false: a copy of the object, its annotations
    (an empty map if it has none) without the last-applied one."""
    modified = copy.deepcopy(obj)
    meta = modified.setdefault("metadata", {})
    annotations = meta.get("annotations") or {}
    meta["annotations"] = {key: value for key, value in annotations.items() if key != ANNOTATION}
    return modified


def with_last_applied(obj: Object, typed: bool = False) -> Object:
    """GetModifiedConfiguration: the object carrying itself (minus that annotation, whose
    map stays, if empty) as its last-applied configuration. A `typed` object (one a
    generator built as a Go struct) is encoded in its struct's field order, and an empty
    map is left out."""
    modified = without_last_applied(obj)
    meta = modified["metadata"]
    annotations = meta["annotations"]
    if typed and not annotations:
        del meta["annotations"]
    text = go_json(structorder.ordered(modified), sort_keys=False) if typed else go_json(modified)
    meta["annotations"] = {**annotations, ANNOTATION: text}
    return modified


def patch(original: Object, modified: Object, current: Object) -> Object:
    """The strategic merge patch that takes `current` to `modified`, deleting only what
    `original` had and `modified` dropped; list fields merge by the key the kind's schema
    gives them (containers by name), as the server will merge them."""
    kind = schema.kind_schema(modified.get("apiVersion", ""), modified.get("kind", ""))
    found = _combine(_deletions(original, modified, kind), _changes(current, modified, kind)) or {}
    _element_order(found, modified, kind)
    return found


def _element_order(found: Object, modified: Object, field: Schema | None) -> None:
    """$setElementOrder/<list> beside every merged list the patch touches: the order of the
    manifest's items, by their merge keys, which the server then gives the list."""
    for key, value in list(found.items()):
        child = schema.child(field, key)
        wanted = modified.get(key)
        merge_key = _merge_key(child)
        if merge_key and isinstance(value, list) and _keyed(wanted, merge_key):
            found[f"{SET_ELEMENT_ORDER}{key}"] = [{merge_key: item[merge_key]} for item in wanted]
            by_key = {item[merge_key]: item for item in wanted}
            for item in value:
                if isinstance(item, dict) and item.get(merge_key) in by_key:
                    _element_order(item, by_key[item[merge_key]], schema.items(child))
        elif isinstance(value, dict) and isinstance(wanted, dict):
            _element_order(value, wanted, child)


def _strategies(field: Schema | None) -> list[str]:
    return str((field or {}).get(STRATEGY, "")).split(",")


def _merge_key(field: Schema | None) -> str:
    """The key a list field's items merge by, when its patch strategy is merge."""
    if field is None or "merge" not in _strategies(field):
        return ""
    return str(field.get(MERGE_KEY, ""))


def _retain_keys(found: Object, current: Object, modified: Object) -> None:
    """diffMaps' $retainKeys for a map whose patch strategy says so: the keys the manifest
    sets, when the map changes or holds keys the manifest no longer has (a Deployment's
    strategy switched to Recreate drops its rollingUpdate)."""
    kept = sorted(key for key, value in modified.items() if value is not None)
    dropped = any(value is not None and key not in modified for key, value in current.items())
    if kept and (found or dropped):
        found[RETAIN_KEYS] = kept


def _deletions(original: Any, modified: Any, field: Schema | None) -> Any:
    if isinstance(original, dict) and isinstance(modified, dict):
        found: Object = {}
        for key, value in original.items():
            if key not in modified:
                found[key] = None
                continue
            inner = _deletions(value, modified[key], schema.child(field, key))
            if inner:
                found[key] = inner
        return found or None
    key = _merge_key(field)
    if key and _keyed(original, key) and _keyed(modified, key):
        kept = {item[key]: item for item in modified}
        items = []
        for item in original:
            twin = kept.get(item[key])
            if twin is None:
                items.append({key: item[key], DIRECTIVE: "delete"})
                continue
            inner = _deletions(item, twin, schema.items(field))
            if inner:
                items.append({key: item[key], **inner})
        return items or None
    return None


def _changes(current: Any, modified: Any, field: Schema | None) -> Any:
    """What `modified` sets that `current` lacks or holds otherwise (None: nothing)."""
    if isinstance(current, dict) and isinstance(modified, dict):
        found: Object = {}
        for key, value in modified.items():
            inner = (
                copy.deepcopy(value)
                if key not in current
                else _changes(current[key], value, schema.child(field, key))
            )
            if inner is not None:
                found[key] = inner
        if "retainKeys" in _strategies(field):
            _retain_keys(found, current, modified)
        return found or None
    key = _merge_key(field)
    if key and _keyed(current, key) and _keyed(modified, key):
        live = {item[key]: item for item in current}
        items = []
        for item in modified:
            twin = live.get(item[key])
            inner = (
                copy.deepcopy(item) if twin is None else _changes(twin, item, schema.items(field))
            )
            if inner:
                items.append({**inner, key: item[key]})
        return items or None
    return None if current == modified else copy.deepcopy(modified)


def _keyed(items: Any, key: str) -> bool:
    return isinstance(items, list) and all(isinstance(i, dict) and key in i for i in items)


def _combine(deletions: Any, changes: Any) -> Any:
    if changes is None:
        return deletions
    if isinstance(deletions, dict) and isinstance(changes, dict):
        merged = dict(deletions)
        for key, value in changes.items():
            merged[key] = _combine(deletions.get(key), value) if key in deletions else value
        return merged
    if isinstance(deletions, list) and isinstance(changes, list):
        return deletions + changes
    return changes


def merge_patch(old: Any, new: Any) -> Any:
    """jsonpatch.CreateMergePatch: the JSON merge patch that takes `old` to `new`."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return copy.deepcopy(new)
    found: Object = {key: None for key in old if key not in new}
    for key, value in new.items():
        if key not in old:
            found[key] = copy.deepcopy(value)
        elif old[key] != value:
            found[key] = (
                merge_patch(old[key], value) if isinstance(value, dict) else copy.deepcopy(value)
            )
    return found


def two_way(old: Object, new: Object) -> Object:
    """CreateTwoWayMergePatch: the strategic merge patch that takes `old` to `new`."""
    return patch(old, new, old)
