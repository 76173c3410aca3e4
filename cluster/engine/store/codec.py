"""How objects are stored: compact JSON bytes, as kube-apiserver stores JSON in etcd, which a
large store holds compressed (see etcd.COMPRESS_FROM); `decode` reads either.

orjson, because every write encodes and every read or watch event decodes: with the
standard library's json these conversions were a fifth of a request's cost.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson
import zstandard

from cluster.engine.store.dictionary import DICTIONARY

PARTS = 8192  # the parts a Decoder remembers
LEVEL = 1  # zstd's fastest compression, which with the dictionary is enough
_DICTIONARY = zstandard.ZstdCompressionDict(DICTIONARY, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
_DICTIONARY.precompute_compress(level=LEVEL)
_contexts = threading.local()  # a zstd context serves one thread at a time


def _compressor() -> zstandard.ZstdCompressor:
    """This thread's compressor: frames without checksum or dictionary id (the store holds
    them in memory, and it has one dictionary)."""
    found = getattr(_contexts, "compressor", None)
    if found is None:
        found = _contexts.compressor = zstandard.ZstdCompressor(
            level=LEVEL, dict_data=_DICTIONARY, write_checksum=False, write_dict_id=False
        )
    return found


def _decompressor() -> zstandard.ZstdDecompressor:
    found = getattr(_contexts, "decompressor", None)
    if found is None:
        found = _contexts.decompressor = zstandard.ZstdDecompressor(dict_data=_DICTIONARY)
    return found


def encode(obj: Any) -> bytes:
    # orjson's bytes keep the spare room of their buffer: copy them to their size, for
    # etcd keeps every value (and its history) for as long as the cluster lives
    return memoryview(orjson.dumps(obj)).tobytes()


def decode(data: bytes) -> Any:
    return orjson.loads(plain(data))


def compress(data: bytes) -> bytes:
    """A zstd frame, with the preset dictionary of stored objects: a pod's 3 KB take some
    300 bytes, an Event's 700 some 200, in a few microseconds."""
    # copied to its size, as encode's JSON: the frame is written into room for the worst case
    return memoryview(_compressor().compress(data)).tobytes()


def compressed(data: bytes) -> bool:
    """Whether a stored value is a zstd frame (which starts with its magic number, JSON with
    a brace)."""
    return data.startswith(zstandard.FRAME_HEADER)


def plain_size(data: bytes) -> int:
    """The length of a stored value's JSON, compressed or not (a frame's header says it)."""
    return zstandard.frame_content_size(data) if compressed(data) else len(data)


def plain(data: bytes) -> bytes:
    """The JSON of a stored value, compressed or not."""
    if compressed(data):
        return _decompressor().decompress(data)
    return data


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


class Decoder:
    """Decodes objects that many readers share read-only (the objects of watch events, as
    client-go's informers share them), holding what they have in common once: the same
    tolerations, volumes and labels in the pods of a ReplicaSet, the same images in nodes, the
    same conditions in pods that changed at the same second, the same strings. It remembers
    the parts it decoded lately by their JSON: a part met again is taken from there instead
    of the newly decoded copy."""

    def __init__(self, size: int = PARTS) -> None:
        self.size = size
        self._parts: dict[Any, Any] = {}  # the parts met since `_older` filled up
        self._older: dict[Any, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        # the parts are known by their identity, which means nothing to another process
        # (a snapshot restored) or to a copy: those start with nothing remembered
        return {"size": self.size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["size"])  # type: ignore[misc]

    def decode(self, data: bytes) -> Any:
        value = orjson.loads(plain(data))
        if type(value) is dict:  # an object: its resourceVersion makes it like no other
            self._shared_items(value)
            return value
        return self._shared(value)

    def _shared(self, value: Any) -> Any:
        """`value`, with its parts shared, or the part remembered with the same JSON."""
        if type(value) is dict:
            return self._remembered(self._shared_items(value), value)
        if type(value) is list:
            key: list[Any] = [list]
            for index, item in enumerate(value):
                kind = type(item)
                if kind is str or kind is dict or kind is list:
                    item = value[index] = self._shared(item)
                    key.append(id(item))
                else:
                    key += (kind, repr(item) if kind is float else item)
            return self._remembered(tuple(key), value)
        return self._remembered(value, value)  # a string

    def _shared_items(self, value: dict[str, Any]) -> tuple[Any, ...]:
        """Share the dict's items; what the dict is known by. A part is known by its type
        and its items: keys and scalars as they are, with their type (as True == 1 == 1.0;
        a float by its repr, as -0.0 == 0.0), and the parts it holds by identity, as they
        have been shared first."""
        key: list[Any] = [dict]
        for name, item in value.items():
            kind = type(item)
            if kind is str or kind is dict or kind is list:
                item = value[name] = self._shared(item)
                key += (name, id(item))
            else:
                key += (name, kind, repr(item) if kind is float else item)
        return tuple(key)

    def _remembered(self, key: Any, value: Any) -> Any:
        """The part remembered under `key`, else `value`, remembered from now on. Parts are
        remembered in two generations of `size`: a full one becomes the older one, and a
        part met again there is taken into the new one, so what recurs stays."""
        found = self._parts.get(key)
        if found is None:
            found = self._older.get(key, value)
            if len(self._parts) >= self.size:
                self._older, self._parts = self._parts, {}
            self._parts[key] = found
        return found
