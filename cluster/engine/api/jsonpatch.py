"""JSON patch (RFC 6902), as kube-apiserver applies it (gopkg.in/evanphx/json-patch.v4).

`apply(doc, operations)` returns the patched copy or raises `JSONPatchError` worded as that
library words it: a patch that is not a list of operations is a `DecodeError` (400), an
operation that does not apply is an `ApplyError` (kube-apiserver answers 422).

Like the library, `replace` of a key an object lacks adds it, and only the first and last
tokens of a path may name what does not exist yet.
"""

from __future__ import annotations

import copy
import json
from typing import Any

MISSING = "missing value"  # ErrMissing
INVALID_INDEX = "invalid index referenced"  # ErrInvalidIndex
TEST_FAILED = "test failed"  # ErrTestFailed
_ABSENT = object()


class JSONPatchError(ValueError):
    pass


class DecodeError(JSONPatchError):
    """The patch is not a JSON patch at all."""


class ApplyError(JSONPatchError):
    """An operation does not apply to the document."""


def apply(doc: Any, operations: Any) -> Any:
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise DecodeError(
            f"json: cannot unmarshal {json_kind(operations)} into Go value of type jsonpatch.Patch"
        )
    doc = copy.deepcopy(doc)
    holder = [doc]  # the document itself may be replaced: keep it in a container
    for operation in operations:
        kind = operation.get("op", "unknown")
        handler = _OPERATIONS.get(kind)
        if handler is None:
            raise ApplyError(f"Unexpected kind: {kind}")
        handler(holder, operation)
    return holder[0]


def json_kind(value: Any) -> str:
    """How encoding/json names a JSON value's kind in its errors."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "array" if isinstance(value, list) else "null"


def _path(operation: dict[str, Any], field: str, what: str) -> str:
    value = operation.get(field)
    if not isinstance(value, str):
        raise ApplyError(
            f"{what} operation failed to decode {field}: operation missing {field} field: {MISSING}"
        )
    return value


def _find(holder: list[Any], path: str) -> tuple[Any, str] | None:
    """The container of the path's last token and that token (findObject), or None."""
    tokens = path.split("/")
    if len(tokens) < 2:
        return None
    doc = holder[0]
    for token in tokens[1:-1]:
        child = _get(doc, _decode(token))
        if not isinstance(child, dict | list):
            return None
        doc = child
    if not isinstance(doc, dict | list):
        return None
    return doc, _decode(tokens[-1])


def _decode(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _get(container: Any, key: str) -> Any:
    """The value under key, _ABSENT if there is none; invalid array indexes raise."""
    if isinstance(container, dict):
        return container.get(key, _ABSENT)
    if isinstance(container, list):
        return container[_index(key, len(container) - 1)]
    return _ABSENT


def _index(key: str, last: int) -> int:
    try:
        index = int(key)
    except ValueError:
        raise ApplyError(f'strconv.Atoi: parsing "{key}": invalid syntax') from None
    if index < 0 or index > last:
        raise ApplyError(f"Unable to access invalid index: {index}: {INVALID_INDEX}")
    return index


def _add_to(container: Any, key: str, value: Any) -> None:
    if isinstance(container, dict):
        container[key] = value
    elif key == "-":
        container.append(value)
    else:
        container.insert(_index(key, len(container)), value)


def _remove_from(container: Any, key: str) -> Any:
    if isinstance(container, dict):
        if key not in container:
            raise ApplyError(f"Unable to remove nonexistent key: {key}: {MISSING}")
        return container.pop(key)
    return container.pop(_index(key, len(container) - 1))


def _wrapped(prefix: str, action: Any, *args: Any) -> Any:
    try:
        return action(*args)
    except ApplyError as error:
        raise ApplyError(f"{prefix}: {error}") from None


def _add(holder: list[Any], operation: dict[str, Any]) -> None:
    path = _path(operation, "path", "add")
    found = _find(holder, path)
    if found is None:
        raise ApplyError(f'add operation does not apply: doc is missing path: "{path}": {MISSING}')
    value = copy.deepcopy(operation.get("value"))
    _wrapped(f"error in add for path: '{path}'", _add_to, *found, value)


def _remove(holder: list[Any], operation: dict[str, Any]) -> None:
    path = _path(operation, "path", "remove")
    found = _find(holder, path)
    if found is None:
        raise ApplyError(
            f'remove operation does not apply: doc is missing path: "{path}": {MISSING}'
        )
    _wrapped(f"error in remove for path: '{path}'", _remove_from, *found)


def _replace(holder: list[Any], operation: dict[str, Any]) -> None:
    path = _path(operation, "path", "replace")
    found = _find(holder, path)
    if found is None:
        raise ApplyError(
            f"replace operation does not apply: doc is missing path: {path}: {MISSING}"
        )
    container, key = found
    value = copy.deepcopy(operation.get("value"))
    if isinstance(container, list):
        try:
            container[_index(key, len(container) - 1)] = value
        except ApplyError:
            raise ApplyError(
                f"replace operation does not apply: doc is missing key: {path}: {MISSING}"
            ) from None
    else:
        container[key] = value


def _move(holder: list[Any], operation: dict[str, Any]) -> None:
    source = _path(operation, "from", "move")
    found = _find(holder, source)
    if found is None:
        raise ApplyError(
            f"move operation does not apply: doc is missing from path: {source}: {MISSING}"
        )
    key = found[1]
    value = _wrapped(f"error in move for path: '{key}'", _remove_from, *found)
    path = _path(operation, "path", "move")
    target = _find(holder, path)
    if target is None:
        raise ApplyError(
            f"move operation does not apply: doc is missing destination path: {path}: {MISSING}"
        )
    _wrapped(f"error in move for path: '{target[1]}'", _add_to, *target, value)


def _copy(holder: list[Any], operation: dict[str, Any]) -> None:
    source = _path(operation, "from", "copy")
    found = _find(holder, source)
    value = (
        _ABSENT if found is None else _wrapped(f"error in copy for from: '{source}'", _get, *found)
    )
    if value is _ABSENT:
        raise ApplyError(
            f"copy operation does not apply: doc is missing from path: {source}: {MISSING}"
        )
    path = _path(operation, "path", "copy")
    target = _find(holder, path)
    if target is None:
        raise ApplyError(
            f"copy operation does not apply: doc is missing destination path: {path}: {MISSING}"
        )
    _wrapped("error while adding value during copy", _add_to, *target, copy.deepcopy(value))


def _test(holder: list[Any], operation: dict[str, Any]) -> None:
    path = _path(operation, "path", "test")
    if path == "":  # the whole document
        value = holder[0]
    else:
        found = _find(holder, path)
        if found is None:
            raise ApplyError(f"test operation does not apply: is missing path: {path}: {MISSING}")
        value = _wrapped(f"error in test for path: '{path}'", _get, *found)
    expected = operation.get("value")
    if value is _ABSENT:
        value = None
    if _canonical(value) != _canonical(expected):
        raise ApplyError(f"testing value {path} failed: {TEST_FAILED}")


def _canonical(value: Any) -> str:
    """Values compared as JSON compares them: true is not 1."""
    return json.dumps(value, sort_keys=True)


_OPERATIONS = {
    "add": _add,
    "remove": _remove,
    "replace": _replace,
    "move": _move,
    "copy": _copy,
    "test": _test,
}
