"""One object for many equal ones: what many holders keep alike (the pods of a ReplicaSet ask
the same of their kubelet, carry the same labels, use the same service account) is held
once. What an Interner hands out is shared, so nobody changes it."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Interner(Generic[T]):
    """Keeps up to `size` objects by a key; once full, it forgets them all and starts
    afresh, so that it never holds more than a few."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._kept: dict[Hashable, T] = {}

    def __call__(self, value: T, key: Hashable | None = None) -> T:
        """The object kept under `key` (by default `value`, which must then be hashable),
        else `value`, kept from now on."""
        key = value if key is None else key
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= self.size:
                self._kept.clear()
            found = self._kept[key] = value
        return found
