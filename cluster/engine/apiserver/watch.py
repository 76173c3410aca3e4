"""Watches: a component's open stream of changes to one resource, filtered as it asked
(by namespace, label selector and field selector)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.listing import Predicate

ADDED = "ADDED"
MODIFIED = "MODIFIED"
DELETED = "DELETED"

Handler = Callable[[str, Object], None]


@dataclass(frozen=True, slots=True)
class Filter:
    """What a watch lets through: objects of its namespace (any, when empty) that its
    selectors select."""

    namespace: str
    predicate: Predicate

    def matches(self, obj: Object | None) -> bool:
        if obj is None:
            return False
        if self.namespace and obj.get("metadata", {}).get("namespace") != self.namespace:
            return False
        return self.predicate.matches(obj)

    def event_type(self, old: Object | None, new: Object | None) -> str | None:
        """How a change looks through the filter: a filtered watch sees objects come and go."""
        was, now = self.matches(old), self.matches(new)
        if was and now:
            return MODIFIED
        if now:
            return ADDED
        if was:
            return DELETED
        return None


@dataclass(slots=True)
class Watch:
    id: int
    resource: str
    filter: Filter
    client: str
    handler: Handler
    stopped: bool = False
