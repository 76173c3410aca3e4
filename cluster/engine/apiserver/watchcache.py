"""Watches served over HTTP, as the watch cache serves them (k8s.io/apiserver/pkg/storage/cacher).

Opening such a watch is one request: kube-apiserver answers with the events the watch starts
with (the current objects, or the changes since a resourceVersion) and the revision it
answered at. The changes after that revision are filtered outside the engine, as they are
published, with the same functions (`change`, `as_table`), so both halves of a watch agree
on what a watcher sees: an object that starts passing the filter comes as ADDED, one that
stops passing as DELETED.
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import field
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors, listing, printers
from cluster.engine.apiserver.request import Request
from cluster.engine.apiserver.watch import ADDED, DELETED, Filter
from cluster.engine.store import codec
from cluster.engine.store.etcd import DELETE, CompactedError, Etcd, Event, KeyValue

BOOKMARK = "BOOKMARK"
ERROR = "ERROR"
INITIAL_EVENTS_END = "k8s.io/initial-events-end"
NOT_OLDER_THAN = "NotOlderThan"
INCLUDE_OBJECT = ("Object", "Metadata", "None")  # TableOptions.includeObject

# One stored change as it travels: etcd key, new value (None: deleted), previous value, and
# the revision of the change.
Change = tuple[str, bytes | None, bytes | None, int]


@dataclass(frozen=True, slots=True)
class Options:
    """Where a watch starts: after `resource_version` (None: now), with or without the
    current objects first, and whether the client takes BOOKMARK events."""

    resource_version: int | None
    send_initial_events: bool
    allow_bookmarks: bool


def flag(value: str | None) -> bool | None:
    """A boolean query parameter as Kubernetes converts it: absent is unset, and anything
    but "0" or "false" (in any case) is true."""
    if value is None:
        return None
    return value != "0" and value.lower() != "false"


def options(resource: Resource, query: dict[str, str]) -> Options:
    """The watch's ListOptions, checked as ValidateListOptions does (422 ListOptions),
    defaulted as SetListOptionsDefaults does: a watch from "" or "0" sends initial events."""
    text = query.get("resourceVersion", "")
    match = query.get("resourceVersionMatch", "")
    send = flag(query.get("sendInitialEvents"))
    problems = []
    if send is not None and match != NOT_OLDER_THAN:
        detail = f"sendInitialEvents requires setting resourceVersionMatch to {NOT_OLDER_THAN}"
        problems.append(field.forbidden("resourceVersionMatch", detail))
    if match:
        if send is None:
            detail = (
                "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"
            )
            problems.append(field.forbidden("resourceVersionMatch", detail))
        if match != NOT_OLDER_THAN:
            problems.append(field.not_supported("resourceVersionMatch", match, [NOT_OLDER_THAN]))
        if query.get("continue"):
            detail = "resourceVersionMatch is forbidden when continue is provided"
            problems.append(field.forbidden("resourceVersionMatch", detail))
    if problems:
        raise errors.invalid_kind("ListOptions", "meta.k8s.io", "", [p.cause() for p in problems])
    legacy = text in ("", "0")
    return Options(
        None if legacy else _revision(resource, text),
        legacy if send is None else send,
        bool(flag(query.get("allowWatchBookmarks"))),
    )


def _revision(resource: Resource, text: str) -> int:
    """APIObjectVersioner.ParseResourceVersion: an unsigned integer, else 422."""
    if not text.isdigit() or not text.isascii():
        why = f'strconv.ParseUint: parsing "{text}": invalid syntax'
        cause = field.invalid("resourceVersion", text, why).cause()
        raise errors.invalid_kind(resource.name, resource.group, "", [cause])
    return int(text)


def answer(etcd: Etcd, resource: Resource, request: Request, now: int) -> Object:
    """What a watch starts with: {"resourceVersion": the revision after which live changes
    follow, "now": the unix time ages are printed at, "events": [...]}."""
    opts = options(resource, request.query)
    selected = Filter(request.namespace, listing.predicate(request.query, resource.kind))
    prefix = resource.prefix(request.namespace)
    start = etcd.revision
    wanted = opts.resource_version or 0
    if wanted > start:  # this cache never lags behind etcd: waiting would not help
        events = [too_large(wanted, start)]
    elif opts.send_initial_events:
        events = [
            {"type": ADDED, "object": obj}
            for obj in map(_stored, etcd.range(prefix))
            if selected.matches(obj)
        ]
        if opts.allow_bookmarks:
            events.append(bookmark(resource, start, initial_events_end=True))
    elif opts.resource_version is None:
        events = []
    else:
        try:
            history = etcd.events_since(wanted, prefix)
        except CompactedError as error:
            events = [too_old(wanted, error.compacted)]
        else:
            found = (change(selected, raw(event)) for event in history)
            events = [event for event in found if event is not None]
    return {"resourceVersion": str(start), "now": now, "events": events}


def raw(event: Event) -> Change:
    """An etcd event as a Change."""
    if event.type == DELETE:
        return (event.kv.key, None, event.kv.value, event.kv.mod_revision)
    prev = event.prev_kv.value if event.prev_kv is not None else None
    return (event.kv.key, event.kv.value, prev, event.kv.mod_revision)


def change(selected: Filter, item: Change) -> Object | None:
    """How one change looks through the filter (cacheWatcher.convertToWatchEvent): None if
    the watcher does not see it; DELETED carries the object's last state at the change's
    revision."""
    _, value, prev, revision = item
    new, old = _loaded(value, revision), _loaded(prev, revision)
    kind = selected.event_type(old, new)
    if kind is None:
        return None
    return {"type": kind, "object": old if kind == DELETED else new}


def _loaded(data: bytes | None, revision: int) -> Object | None:
    if data is None:
        return None
    obj = codec.decode(data)
    obj["metadata"]["resourceVersion"] = str(revision)
    return obj


def _stored(kv: KeyValue) -> Object:
    return _loaded(kv.value, kv.mod_revision) or {}


def bookmark(resource: Resource, revision: int, initial_events_end: bool = False) -> Object:
    """A BOOKMARK: an object of the kind that carries only the revision the watch is at."""
    meta: Object = {"resourceVersion": str(revision)}
    if initial_events_end:
        meta["annotations"] = {INITIAL_EVENTS_END: "true"}
    obj = {"kind": resource.kind, "apiVersion": resource.api_version, "metadata": meta}
    return {"type": BOOKMARK, "object": obj}


def too_old(revision: int, compacted: int) -> Object:
    """The ERROR event of a watch from a compacted revision: 410 Expired."""
    message = f"too old resource version: {revision} ({compacted})"
    return {"type": ERROR, "object": errors.StatusError(410, "Expired", message).status()}


def too_large(revision: int, current: int) -> Object:
    """The ERROR event of a watch from a revision etcd has not reached: 504 Timeout."""
    status = errors.too_large_resource_version(revision, current).status()
    return {"type": ERROR, "object": status}


def include_object(query: dict[str, str]) -> str:
    """TableOptions.includeObject, checked as ValidateTableOptions does; Metadata by default."""
    value = query.get("includeObject", "")
    if value and value not in INCLUDE_OBJECT:
        detail = "must be 'Metadata', 'Object', 'None', or empty"
        problem = field.invalid("includeObject", value, detail)
        raise errors.bad_request(f"Unable to convert to Table as requested: {problem}")
    return value or "Metadata"


def as_table(event: Object, now: int, headers: bool, include: str = "Metadata") -> Object:
    """An event whose object is a one-row Table, as a watch asked for as=Table gets it (only
    the first carries the column definitions), with ages as of unix time `now`."""
    obj = event["object"]
    meta = {"resourceVersion": obj["metadata"]["resourceVersion"]}
    table = printers.table(obj["kind"], [obj], now, meta)
    if not headers:
        table["columnDefinitions"] = None
    row = table["rows"][0]
    if include == "Object":
        row["object"] = obj
    elif include == "None":
        row["object"] = None
    return {"type": event["type"], "object": table}
