"""How objects are stored: compact JSON bytes, as kube-apiserver stores JSON in etcd.

orjson, because every write encodes and every read or watch event decodes: with the
standard library's json these conversions were a fifth of a request's cost.
"""

from __future__ import annotations

from typing import Any

import orjson


def encode(obj: Any) -> bytes:
    # orjson's bytes keep the spare room of their buffer: copy them to their size, for
    # etcd keeps every value (and its history) for as long as the cluster lives
    return memoryview(orjson.dumps(obj)).tobytes()


def decode(data: bytes) -> Any:
    return orjson.loads(data)


def deep_copy(obj: Any) -> Any:
    """A copy sharing nothing with `obj` (plain JSON data only)."""
    return orjson.loads(orjson.dumps(obj))


def share(old: Any, new: Any) -> Any:
    """`old`, made of `new`'s parts wherever they hold the same JSON: what an older version
    of an object has in common with the newer one is then held once. Both are read-only
    (as objects from watches are), and `old` comes back unchanged in content and order."""
    if type(old) is not type(new) or not isinstance(old, (dict, list, str)):
        return old
    if isinstance(old, str):
        return new if old == new else old
    if orjson.dumps(old) == orjson.dumps(new):
        return new
    if isinstance(old, dict):
        return {key: share(value, new.get(key)) for key, value in old.items()}
    if len(old) != len(new):
        return old
    return [share(a, b) for a, b in zip(old, new, strict=True)]
