"""Events, as client-go's EventRecorder records them through its EventCorrelator.

Each recorder correlates what it is told before it sends anything, as one broadcaster does:

- aggregation: the tenth event in ten minutes that differs from its group (same source,
  object, type and reason) only by message becomes one event, `(combined from similar
  events): <message>`, whose count grows with every further one;
- de-duplication: an event seen before is a patch of the stored one's count,
  lastTimestamp and message, not a new Event;
- spam filtering: a source may send 25 events about one object at once, then one every five
  minutes; the rest are dropped, though counted, as Kubernetes drops them.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError, Client

# client-go's caches hold this many entries each (maxLruCacheEntries): a recorder's memory
# stays bounded however many objects come and go
LRU_CACHE_SIZE = 4096
AGGREGATE_MAX_EVENTS = 10
AGGREGATE_INTERVAL_MS = 600_000
SPAM_BURST = 25
SPAM_REFILL_MS = 300_000  # one token every five minutes (defaultSpamQPS = 1/300)
COMBINED = "(combined from similar events): "
DIGEST_SIZE = 16  # bytes of the digests the caches are keyed by
NORMAL = "Normal"
WARNING = "Warning"
NAME_TRIES = 8  # names an event is given before its creation is given up


class LRU(dict):
    """A map that forgets its least recently used entry beyond LRU_CACHE_SIZE: a dict in
    the order of use, each use moving its entry to the end (an OrderedDict's links would
    cost some 50 bytes an entry more, and a kubelet keeps thousands)."""

    def lookup(self, key: Any) -> Any:
        value = self.pop(key, None)
        if value is not None:
            self[key] = value
        return value

    def add(self, key: Any, value: Any) -> None:
        self.pop(key, None)
        self[key] = value
        if len(self) > LRU_CACHE_SIZE:
            del self[next(iter(self))]


@dataclass(slots=True)
class Aggregate:
    # the digests of the group's distinct messages, oldest first, one after the other (a
    # kubelet keeps a group for each reason of each pod: a tuple each would weigh more)
    messages: bytes
    last_ms: int

    def has(self, message: bytes) -> bool:
        return any(
            self.messages[at : at + DIGEST_SIZE] == message
            for at in range(0, len(self.messages), DIGEST_SIZE)
        )


@dataclass(slots=True)
class Observation:
    count: int
    first_timestamp: str
    name: str


@dataclass(slots=True)
class TokenBucket:
    """golang.org/x/time/rate's limiter as a passive one: full at first, refilled with time."""

    tokens: float
    last_ms: int

    def try_accept(self, now_ms: int) -> bool:
        self.tokens = min(SPAM_BURST, self.tokens + (now_ms - self.last_ms) / SPAM_REFILL_MS)
        self.last_ms = now_ms
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class EventRecorder:
    def __init__(self, client: Client, component: str, host: str = "") -> None:
        self.client = client
        self.component = component
        self.host = host
        self._aggregates = LRU()
        self._observations = LRU()
        self._spam = LRU()
        self._serial = 0

    def event(
        self, obj: Object, kind: str, reason: str, message: str, field_path: str = ""
    ) -> None:
        """Record that `reason` happened to `obj` (an API object or a reference to one)."""
        now_ms = self.client.apiserver.clock.now
        event = self._make(reference(obj, field_path), kind, reason, message)
        involved = _involved(event)
        event, key = self._aggregate(event, involved, now_ms)
        patch = self._observe(event, key)
        if self._spam_filtered(_digest(involved), now_ms):
            return
        self._send(event, patch)

    def _make(self, ref: Object, kind: str, reason: str, message: str) -> Object:
        now = self.client.apiserver.clock.timestamp()
        return {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": self._name(ref), "namespace": ref.get("namespace") or "default"},
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

    def _aggregate(
        self, event: Object, involved: tuple[str, ...], now_ms: int
    ) -> tuple[Object, bytes]:
        """EventAggregate: the event to record and the key it is known by."""
        group = _group_key(event, involved)
        record = self._aggregates.lookup(group)
        if record is None or now_ms - record.last_ms > AGGREGATE_INTERVAL_MS:
            record = Aggregate(b"", now_ms)
        message = _digest((event["message"],))
        if not record.has(message):
            record.messages += message
        record.last_ms = now_ms
        self._aggregates.add(group, record)
        if len(record.messages) < AGGREGATE_MAX_EVENTS * DIGEST_SIZE:
            return event, _event_key(event)
        # client-go drops an arbitrary message to stay under the limit; the oldest, here
        record.messages = record.messages[DIGEST_SIZE:]
        combined = {
            **event,
            "metadata": {**event["metadata"]},
            "message": COMBINED + event["message"],
            "reportingComponent": "",
            "reportingInstance": "",
        }
        return combined, group

    def _observe(self, event: Object, key: bytes) -> Object | None:
        """eventObserve: an event seen before takes its stored name and counts up; returns the
        patch that says so (None: a new Event)."""
        seen = self._observations.lookup(key)
        patch = None
        if seen is not None:
            event["metadata"]["name"] = seen.name
            event["firstTimestamp"] = seen.first_timestamp
            event["count"] = seen.count + 1
            patch = {k: event[k] for k in ("count", "lastTimestamp", "message")}
        self._remember(key, event)
        return patch

    def _spam_filtered(self, key: bytes, now_ms: int) -> bool:
        """The spam filter, per getSpamKey: the source and the object (`_involved`)."""
        bucket = self._spam.lookup(key) or TokenBucket(SPAM_BURST, now_ms)
        accepted = bucket.try_accept(now_ms)
        self._spam.add(key, bucket)
        return not accepted

    def _send(self, event: Object, patch: Object | None) -> None:
        """recordEvent: patch the stored event, or create one when there is none (any more)."""
        with contextlib.suppress(APIError):
            if patch is None or not self._patched(event["metadata"], patch):
                event = self._create(event)
            # UpdateState with what was stored, which is what was sent: the event's own name
            # and timestamp, not the answer's copies of them
            self._remember(_event_key(event), event)

    def _create(self, event: Object, tries: int = NAME_TRIES) -> Object:
        """Create the event. Real clocks tell the nanoseconds in events' names apart; the
        virtual one tells milliseconds, so another recorder may have taken the name at the
        same moment: the event is named again."""
        try:
            self.client.call("create", "events", event["metadata"]["namespace"], body=event)
        except APIError as error:
            if tries == 1 or error.response.body.get("reason") != "AlreadyExists":
                raise
            meta = {**event["metadata"], "name": self._name(event["involvedObject"])}
            return self._create({**event, "metadata": meta}, tries - 1)
        return event

    def _patched(self, meta: Object, patch: Object) -> bool:
        """Patch the stored event; False when it is gone (expired): it is created anew."""
        try:
            self.client.call(
                "patch",
                "events",
                meta["namespace"],
                meta["name"],
                body=patch,
                content_type="application/strategic-merge-patch+json",
            )
        except APIError as error:
            if error.code != 404:
                raise
            return False
        return True

    def _remember(self, key: bytes, event: Object) -> None:
        observation = Observation(
            event["count"], event["firstTimestamp"], event["metadata"]["name"]
        )
        self._observations.add(key, observation)

    def _name(self, ref: Object) -> str:
        """`<object>.<hex nanoseconds>`, as client-go names events; made unique per recorder."""
        clock = self.client.apiserver.clock
        self._serial += 1
        nanos = (clock.epoch * 1000 + clock.now) * 1_000_000 + self._serial % 1_000_000
        return f"{ref.get('name', '')}.{nanos:x}"


def _digest(parts: tuple[str, ...]) -> bytes:
    """What client-go keys a cache by, the strings joined, as a 16-byte digest: the same
    entries, without holding every event's strings (a kubelet remembers thousands)."""
    joined = "".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=DIGEST_SIZE).digest()


def _involved(event: Object) -> tuple[str, ...]:
    """getSpamKey's strings: the source and the object."""
    source, ref = event["source"], event["involvedObject"]
    return (
        source.get("component", ""),
        source.get("host", ""),
        ref.get("kind", ""),
        ref.get("namespace", ""),
        ref.get("name", ""),
        ref.get("uid", ""),
        ref.get("apiVersion", ""),
        event.get("type", ""),
    )


def _group_key(event: Object, involved: tuple[str, ...]) -> bytes:
    """EventAggregatorByReasonFunc: what similar events share, all but the message."""
    reporting = (event.get("reportingComponent", ""), event.get("reportingInstance", ""))
    return _digest((*involved, event.get("reason", ""), *reporting))


def _event_key(event: Object) -> bytes:
    """getEventKey: everything that makes an event the same one again."""
    source, ref = event["source"], event["involvedObject"]
    return _digest(
        (
            source.get("component", ""),
            source.get("host", ""),
            ref.get("kind", ""),
            ref.get("namespace", ""),
            ref.get("name", ""),
            ref.get("fieldPath", ""),
            ref.get("uid", ""),
            ref.get("apiVersion", ""),
            event.get("type", ""),
            event.get("reason", ""),
            event.get("message", ""),
        )
    )


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
