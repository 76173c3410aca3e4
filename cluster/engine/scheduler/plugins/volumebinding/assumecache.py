"""The binder's caches of claims and volumes (passiveAssumeCache): an informer's objects,
except where the scheduler assumed a newer version of one (a volume it chose for a claim,
say) that the informer has not seen yet; the assumed version counts for as long as the
informer still holds the version it was made from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from cluster.engine.api.meta import Object, namespaced_name


class VolumeError(Exception):
    """What keeps volume binding from going on: an error, not a "no" (its Status is Error)."""


class Lister(Protocol):
    """What the cache reads of an informer."""

    cache: dict[str, Object]

    def get(self, key: str) -> Object | None: ...


class AssumeCache:
    def __init__(self, informer: Lister, resource: str) -> None:
        self.informer = informer
        self.resource = resource
        self.assumed: dict[str, Object] = {}

    def get(self, key: str) -> Object | None:
        """The object as the scheduler sees it: assumed, or else as the informer has it."""
        return self._current(key, self.informer.get(key))

    def get_api_obj(self, key: str) -> Object | None:
        """The object as the API last said it is."""
        return self.informer.get(key)

    def list(self, keep: Callable[[Object], bool]) -> Iterator[Object]:
        """ByIndex: the objects the informer has that `keep` picks, assumed where they are."""
        for key, obj in self.informer.cache.items():
            if keep(obj):
                yield self._current(key, obj)

    def assume(self, obj: Object) -> None:
        """Hold `obj` in place of the version it was made from (VolumeError if the informer
        has another version by now)."""
        key = namespaced_name(obj)
        stored = self.informer.get(key)
        if stored is None:
            raise VolumeError(f'{self.resource} "{key}" not found')
        if _version(stored) != _version(obj):
            raise VolumeError(
                f'"{key}" is out of sync (stored: {_version(stored)}, assume: {_version(obj)})'
            )
        self.assumed[key] = obj

    def restore(self, obj: Object) -> None:
        """Forget what was assumed of `obj`, if it is still that version."""
        key = namespaced_name(obj)
        assumed = self.assumed.get(key)
        if assumed is not None and _version(assumed) == _version(obj):
            del self.assumed[key]

    def _current(self, key: str, stored: Object | None) -> Object | None:
        assumed = self.assumed.get(key)
        if assumed is None:
            return stored
        if stored is None or _version(stored) != _version(assumed):
            del self.assumed[key]  # the informer has moved on (mayExpire)
            return stored
        return assumed


def _version(obj: Object) -> str:
    return obj["metadata"].get("resourceVersion", "")
