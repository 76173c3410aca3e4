"""Patches: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch."""

from __future__ import annotations

import copy
from typing import Any

from cluster.engine.api.meta import Object

MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"

# patchMergeKey of the list fields strategic merge patch merges instead of replacing
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "ports": "containerPort",
    "imagePullSecrets": "name",
    "conditions": "type",
    "ownerReferences": "uid",
    "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey",
}


class PatchError(ValueError):
    pass


def apply_patch(obj: Object, patch: Any, content_type: str) -> Object:
    if content_type == JSON_PATCH:
        return json_patch(obj, patch)
    if not isinstance(patch, dict):
        raise PatchError("patch must be a JSON object")
    if content_type == STRATEGIC:
        return strategic_merge(obj, patch)
    return merge_patch(obj, patch)


def merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def strategic_merge(target: Any, patch: Any, field: str = "") -> Any:
    if isinstance(patch, list) and field in MERGE_KEYS and isinstance(target, list):
        return _merge_list(target, patch, MERGE_KEYS[field])
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key.startswith("$setElementOrder/") or key in ("$patch", "$retainKeys"):
            continue
        if value is None:
            result.pop(key, None)
        else:
            result[key] = strategic_merge(result.get(key), value, key)
    return result


def _merge_list(target: list[Any], patch: list[Any], key: str) -> list[Any]:
    result = [copy.deepcopy(item) for item in target]
    for item in patch:
        if not isinstance(item, dict) or key not in item:
            raise PatchError(f"map: {item} does not contain declared merge key: {key}")
        index = next((i for i, cur in enumerate(result) if cur.get(key) == item[key]), None)
        if item.get("$patch") == "delete":
            if index is not None:
                del result[index]
        elif index is None:
            result.append(strategic_merge({}, item))
        else:
            result[index] = strategic_merge(result[index], item)
    return result


def json_patch(target: Object, operations: Any) -> Object:
    if not isinstance(operations, list):
        raise PatchError("json patch must be a list of operations")
    doc = copy.deepcopy(target)
    for operation in operations:
        doc = _apply_operation(doc, operation)
    return doc


def _apply_operation(doc: Any, operation: dict[str, Any]) -> Any:
    op, path = operation.get("op"), operation.get("path", "")
    if op in ("move", "copy"):
        value = _resolve(doc, operation.get("from", ""))
        if op == "move":
            doc = _apply_operation(doc, {"op": "remove", "path": operation["from"]})
        return _apply_operation(doc, {"op": "add", "path": path, "value": copy.deepcopy(value)})
    if op == "test":
        if _resolve(doc, path) != operation.get("value"):
            raise PatchError(f"testing value {path} failed")
        return doc
    parent_path, _, last = path.rpartition("/")
    last = last.replace("~1", "/").replace("~0", "~")
    parent = _resolve(doc, parent_path)
    if op == "add":
        value = copy.deepcopy(operation.get("value"))
        if isinstance(parent, list):
            parent.insert(len(parent) if last == "-" else _index(last, len(parent) + 1), value)
        else:
            parent[last] = value
    elif op == "remove":
        _check_exists(parent, last, path)
        del parent[_index(last, len(parent)) if isinstance(parent, list) else last]
    elif op == "replace":
        _check_exists(parent, last, path)
        parent[_index(last, len(parent)) if isinstance(parent, list) else last] = copy.deepcopy(
            operation.get("value")
        )
    else:
        raise PatchError(f"Unexpected kind: {op}")
    return doc


def _resolve(doc: Any, path: str) -> Any:
    for token in filter(None, path.split("/")):
        token = token.replace("~1", "/").replace("~0", "~")
        try:
            doc = doc[_index(token, len(doc))] if isinstance(doc, list) else doc[token]
        except (KeyError, TypeError):
            raise PatchError(f"doc is missing path: {path}") from None
    return doc


def _check_exists(parent: Any, last: str, path: str) -> None:
    if isinstance(parent, dict) and last not in parent:
        raise PatchError(f"doc is missing key: {path}")


def _index(token: str, size: int) -> int:
    if not token.isdigit() or int(token) >= size:
        raise PatchError(f"Unable to access invalid index: {token}")
    return int(token)
