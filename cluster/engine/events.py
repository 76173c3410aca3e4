"""Events, as client-go's EventRecorder records them: one Event per object, reason and
message, whose count and lastTimestamp grow when the same thing happens again."""

from __future__ import annotations

import contextlib
from collections import OrderedDict

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError, Client

# client-go's EventCorrelator remembers the events it has sent in an LRU cache of this many
# (maxLruCacheEntries): a recorder's memory stays bounded however many pods come and go
LRU_CACHE_SIZE = 4096
NORMAL = "Normal"
WARNING = "Warning"


class EventRecorder:
    def __init__(self, client: Client, component: str, host: str = "") -> None:
        self.client = client
        self.component = component
        self.host = host
        # event key -> namespace, name, count; the least recently seen first
        self._seen: OrderedDict[tuple[str, ...], tuple[str, str, int]] = OrderedDict()
        self._serial = 0

    def event(
        self, obj: Object, kind: str, reason: str, message: str, field_path: str = ""
    ) -> None:
        """Record that `reason` happened to `obj` (an API object or a reference to one)."""
        ref = reference(obj, field_path)
        namespace = ref.get("namespace") or "default"
        key = (ref.get("uid", ""), ref["kind"], ref["name"], field_path, kind, reason, message)
        now = self.client.apiserver.clock.timestamp()
        seen = self._seen.get(key)
        if seen is not None:
            ns, name, count = seen
            self._seen[key] = (ns, name, count + 1)
            self._seen.move_to_end(key)
            with contextlib.suppress(APIError):
                self.client.call(
                    "patch",
                    "events",
                    ns,
                    name,
                    body={"count": count + 1, "lastTimestamp": now},
                    content_type="application/merge-patch+json",
                )
            return
        name = f"{ref['name']}.{self._unique()}"
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": namespace},
            "involvedObject": ref,
            "reason": reason,
            "message": message,
            "source": {"component": self.component, **({"host": self.host} if self.host else {})},
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": kind,
            "eventTime": None,
            "reportingComponent": self.component,
            "reportingInstance": self.host,
        }
        with contextlib.suppress(APIError):
            self.client.call("create", "events", namespace, body=event)
            self._seen[key] = (namespace, name, 1)
            if len(self._seen) > LRU_CACHE_SIZE:
                self._seen.popitem(last=False)

    def _unique(self) -> str:
        """The hex nanosecond time kubectl's event names end with, made unique per recorder."""
        clock = self.client.apiserver.clock
        self._serial += 1
        nanos = (clock.epoch * 1000 + clock.now) * 1_000_000 + self._serial % 1_000_000
        return f"{nanos:x}"


def reference(obj: Object, field_path: str = "") -> Object:
    """An ObjectReference to `obj`."""
    meta = obj.get("metadata") or {}
    ref = {
        "kind": obj.get("kind", ""),
        "namespace": meta.get("namespace", ""),
        "name": meta.get("name", ""),
        "uid": meta.get("uid", ""),
        "apiVersion": obj.get("apiVersion", ""),
        "resourceVersion": meta.get("resourceVersion", ""),
    }
    if field_path:
        ref["fieldPath"] = field_path
    return {k: v for k, v in ref.items() if v}
