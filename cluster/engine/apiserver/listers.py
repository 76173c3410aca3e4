"""kube-apiserver's own read-only views of stored objects, for its authorizers.

Kubernetes' authorizers never send requests of their own: RBAC reads Roles and bindings,
and the Node authorizer its graph of pods, from shared informers. Here a view reads etcd
directly and catches up on the changes made since the revision it last saw, so a lookup
costs only what changed in between. Were the history compacted past that revision, the view
lists its prefixes afresh, as a reflector relists after "too old resource version".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol

from cluster.engine.api.meta import Object
from cluster.engine.store import codec
from cluster.engine.store.etcd import DELETE, CompactedError, Event, KeyValue


class Store(Protocol):
    """What a view reads of etcd."""

    @property
    def revision(self) -> int: ...

    def get(self, key: str) -> KeyValue | None: ...

    def range(self, prefix: str) -> list[KeyValue]: ...

    def events_since(self, revision: int, prefix: str = "") -> list[Event]: ...


Decode = Callable[[KeyValue], Object]  # a stored object, which its reader only reads


def decode(kv: KeyValue) -> Object:
    return codec.decode(kv.value)


class StoreView(ABC):
    """The objects under `prefixes`; subclasses index them in `reset`, `put` and `delete`,
    which read the objects they are given and neither keep nor change them (so `decode` may
    hand them objects other readers share)."""

    prefixes: tuple[str, ...] = ()

    def __init__(self, store: Store, decode: Decode = decode) -> None:
        self._store = store
        self._decode = decode
        self._revision = 0

    def sync(self) -> bool:
        """Catch up with etcd; True if anything under the prefixes changed."""
        revision = self._store.revision
        if revision == self._revision:
            return False
        events = self._events_since(self._revision)
        self._revision = revision
        if events is None:
            self._relist()
            return True
        changed = False
        for event in events:
            key = event.kv.key
            if not key.startswith(self.prefixes):
                continue
            changed = True
            if event.type == DELETE:
                self.delete(key)
            else:
                self.put(key, self._decode(event.kv))
        return changed

    def _events_since(self, revision: int) -> list[Event] | None:
        if revision == 0:
            return None
        try:
            return self._store.events_since(revision)
        except CompactedError:
            return None

    def _relist(self) -> None:
        self.reset()
        for prefix in self.prefixes:
            for kv in self._store.range(prefix):
                self.put(kv.key, self._decode(kv))

    @abstractmethod
    def reset(self) -> None:
        """Forget every object."""

    @abstractmethod
    def put(self, key: str, obj: Object) -> None:
        """The object at `key` was created or changed."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """The object at `key` was deleted."""
