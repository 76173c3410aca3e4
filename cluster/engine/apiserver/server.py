"""kube-apiserver: every request passes authentication, authorization and, for writes,
admission, then validation and storage in etcd. Each stage is a hop in the trace.

Watches are served from the same writes: after a change is stored, every watch whose filter
the object passes (or passed) gets the event, delivered in order on the clock.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from cluster.engine.api import field, fields, merge, resources
from cluster.engine.api.field import FieldError
from cluster.engine.api.meta import Object, new_uid
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import (
    admission,
    authorization,
    componentstatus,
    deletion,
    errors,
    escalation,
    eviction,
    fieldmanager,
    fieldvalidation,
    impersonation,
    ipallocator,
    listing,
    metrics,
    patcher,
    podproxy,
    printers,
    selfsubject,
    servicealloc,
    strategy,
    subjectaccessreview,
    tokenrequest,
    watchcache,
)
from cluster.engine.apiserver.authentication import (
    TOKEN_EXPIRATION_SECONDS,
    Authenticator,
    Bound,
    UserInfo,
)
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import HTTP_METHODS, MUTATING_VERBS, Request, Response
from cluster.engine.apiserver.watch import ADDED, Filter, Handler, Watch
from cluster.engine.clock import Clock
from cluster.engine.node import network, redis
from cluster.engine.node.logs import LogsError
from cluster.engine.store import codec
from cluster.engine.store.etcd import CompactedError, Etcd, EtcdError, KeyValue
from cluster.engine.trace import Trace

if TYPE_CHECKING:
    from cluster.engine.apiserver.repairip import RepairIP

NAME = "kube-apiserver"
AUTHENTICATION = "authentication"
AUTHORIZATION = "authorization"
ADMISSION = "admission"
ETCD = "etcd"
TABLE = "as=Table"
INCLUDE_METADATA = "Metadata"  # a Table row's object by default
LEGACY_SCHEME = "pkg/api/legacyscheme/scheme.go:30"  # where kube-apiserver registers its kinds
# The watch cache's triggers: watches that fix this field get only the events of objects
# whose old or new value is theirs (every kubelet watches spec.nodeName=its node, and
# metadata.name=its node: the node registry's NodeNameTriggerFunc).
TRIGGERS = {"pods": "spec.nodeName", "nodes": "metadata.name"}
OPTIMISTIC_LOCK = (
    "the object has been modified; please apply your changes to the latest version and try again"
)
# what admission plugins read, indexed as their informers would be
INDEXED = frozenset(
    {
        "namespaces",
        "serviceaccounts",
        "limitranges",
        "resourcequotas",
        "priorityclasses",
        "storageclasses",
        "ingressclasses",
        "validatingadmissionpolicies",
        "validatingadmissionpolicybindings",
    }
)
_OPERATIONS = {"create": "CREATE", "update": "UPDATE", "patch": "UPDATE", "delete": "DELETE"}
COMPACTION_INTERVAL_MS = 300_000  # --etcd-compaction-interval
# pods' watch events share their parts once a cluster holds this many pods: below, the
# memory saved is a few MB and the look (some 40 µs a pod event) costs more than it saves
SHARE_PODS_FROM = 1_000
# the most objects decoded at one moment that are kept for its other readers: a moment may see
# thousands of pods written (each read by the Node authorizer's view), which would all be
# held until the clock moves (at 500 nodes and 15,000 pods, 480 MB peak became 957 MB)
SHARED_OBJECTS = 1_024
# Events live an hour after their last write (--event-ttl), on etcd leases that the storage's
# lease manager shares among the writes of a minute (ReuseDurationSeconds), up to 1,000 each
EVENT_TTL_MS = 3_600_000
LEASE_REUSE_MS = 60_000
LEASE_MAX_OBJECTS = 1_000
# a create whose generated name is taken is tried again with a new one, up to 8 attempts in
# all: enough for a million names per prefix with a 0.1% chance of any conflict
NAME_GENERATION_ATTEMPTS = 8
KUBELET_PORT = 10250
KUBELET_PATHS = {"portforward": "portForward"}  # the kubelet's endpoint of a subresource
# the subresources whose POST is a request of its own, not a create: the method serving each
CREATE_SUBRESOURCES = {
    "binding": "_bind",
    "eviction": "_evict",
    "exec": "_exec",
    "attach": "_attach",
    "token": "_token",
    "portforward": "_portforward",
}


def encode(obj: Object) -> bytes:
    return codec.encode(obj)


def decode(kv: KeyValue) -> Object:
    """The stored object, with its resourceVersion: etcd's mod revision of the key."""
    obj = codec.decode(kv.value)
    obj["metadata"]["resourceVersion"] = str(kv.mod_revision)
    return obj


class SharedEvent:
    """A watch event's object, decoded once for every watcher from the value etcd stored: as
    with client-go's shared informers, watchers read it and copy before they change anything
    (so the decoder may share its parts with other objects')."""

    __slots__ = ("decode", "kv", "obj")

    def __init__(self, kv: KeyValue, decode: Callable[[KeyValue], Object]) -> None:
        self.kv = kv
        self.decode = decode
        self.obj: Object | None = None

    def decoded(self) -> Object:
        if self.obj is None:
            self.obj = self.decode(self.kv)
        return self.obj


def _success(code: int = 200) -> Object:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": code}


class Kubelet(podproxy.KubeletServer, metrics.ResourceMetrics, Protocol):
    """What kube-apiserver (and metrics-server) reach on a node's kubelet."""


class APIServer:
    def __init__(self, clock: Clock, trace: Trace, etcd: Etcd, rng: random.Random) -> None:
        self.clock = clock
        self.trace = trace
        self.etcd = etcd
        self.rng = rng
        self.authenticator = Authenticator(clock, rng, etcd)
        # the authorizers' views read the objects initial events carry: the ClusterRoles and
        # bindings RBAC lists at a cluster's start are those its components' watches start with
        self.authorizer = authorization.Authorizer(etcd, self._shared)
        self._watches: dict[str, list[Watch]] = {}
        self._triggered: dict[str, dict[str, list[Watch]]] = {}  # resource -> value -> watches
        self._watch_ids = 0
        self._index: dict[str, dict[str, dict[str, Object]]] = {}
        self.kubelets: dict[str, Kubelet] = {}  # node name -> its kubelet
        self.ip_repair: RepairIP | None = None  # told of each IPAddress deleted
        self.decoder = codec.Decoder()  # of watch events' objects
        # the objects decoded at this moment, by key and revision (see _shared): watches that
        # start together (a cluster's components at its start) share them
        self._shared_objects: dict[tuple[str, int], Object] = {}
        self._shared_at = -1
        self._event_lease = (0, 0, 0)  # the lease events are written with: id, expiry, objects
        self.user = UserInfo("")  # who makes the request being served

    def start(self) -> None:
        """Compact etcd every five minutes, up to the revision of five minutes ago."""
        self.clock.call_later(
            COMPACTION_INTERVAL_MS, self._compact, self.etcd.revision, background=True
        )

    def _compact(self, revision: int) -> None:
        self.etcd.compact(revision)
        self.trace.record(NAME, ETCD, "compact", "", f"compact up to revision {revision}")
        self.start()

    # -- the request pipeline -----------------------------------------------------------

    def handle(self, request: Request) -> Response:
        """Serve one request; expected failures come back as a Status, and so does a bug, as
        kube-apiserver recovers from a handler's panic: a 500, the same on every replay."""
        self.warnings: list[str] = []  # what this request is warned of (Warning headers)
        try:
            code, body = self._serve(request)
        except StatusError as error:
            return Response(error.code, error.status(), tuple(self.warnings))
        except Exception as error:  # any body a client sends must get an answer
            return Response(500, errors.internal(error).status(), tuple(self.warnings))
        return Response(code, body, tuple(self.warnings))

    def watch(self, request: Request, handler: Handler) -> Watch | Response:
        """Open a watch for a component: the pipeline runs as for any request. It follows
        the changes from now on; asked with sendInitialEvents (client-go's WatchList), it
        starts with the objects there are now."""
        try:
            resource = self._admit_request(request)
            opts = watchcache.options(resource, request.query)  # as ValidateListOptions checks
            watch = self._open_watch(resource, request, handler)
        except StatusError as error:
            return Response(error.code, error.status())
        if watchcache.flag(request.query.get("sendInitialEvents")):
            self._send_initial_events(resource, request, watch, opts.allow_bookmarks)
        return watch

    def _send_initial_events(
        self, resource: Resource, request: Request, watch: Watch, bookmarks: bool
    ) -> None:
        """The objects the watch selects, as ADDED events, then (to a client that takes
        bookmarks) the BOOKMARK that marks their end (k8s.io/initial-events-end) at the
        revision the watch goes on from."""
        revision = self.etcd.revision
        found = map(self._shared, self._range(resource, request.namespace, watch.filter.predicate))
        objects = [obj for obj in found if watch.filter.matches(obj)]
        summary = f"initial events: {len(objects)} ADDED"
        if bookmarks:
            summary += f", then a BOOKMARK ({watchcache.INITIAL_EVENTS_END}) at revision {revision}"
        self.trace.record(NAME, watch.client, "watch", resource.name, summary)
        for obj in objects:
            watch.handler(ADDED, obj)
        if bookmarks:
            end = watchcache.bookmark(resource, revision, initial_events_end=True)
            watch.handler(watchcache.BOOKMARK, end["object"])

    def _shared(self, kv: KeyValue) -> Object:
        """A stored object as watches carry it: decoded once for every reader at this moment
        of virtual time, the watches that start or are told of its change (which only read
        it) and the authorizers' views that catch up."""
        if self._shared_at != self.clock.now or len(self._shared_objects) >= SHARED_OBJECTS:
            self._shared_objects.clear()
            self._shared_at = self.clock.now
        found = self._shared_objects.get((kv.key, kv.mod_revision))
        if found is None:
            found = self._shared_objects[kv.key, kv.mod_revision] = decode(kv)
        return found

    def stop_watch(self, watch: Watch) -> None:
        watch.stopped = True
        value = self._trigger_value(watch.resource, watch.filter.predicate)
        if value is None:
            self._watches[watch.resource].remove(watch)
        else:
            self._triggered[watch.resource][value].remove(watch)

    def _serve(self, request: Request) -> tuple[int, Object]:
        if request.url and request.served:
            return self._non_resource(request)
        resource = self._admit_request(request)
        if resource.deprecation:
            self.warnings.append(resource.deprecation)
        handler = getattr(self, f"_{request.verb}", None)
        if handler is None:
            raise errors.method_not_allowed()
        return handler(resource, request)

    def _non_resource(self, request: Request) -> tuple[int, Object]:
        """A non-resource URL (discovery, /version, /openapi/v3): authentication and
        authorization only; what it serves is the same for everyone who may read it."""
        path = request.url
        method = request.verb.upper()
        self.trace.record(request.client, AUTHENTICATION, request.verb, path, f"{method} {path}")
        authenticated = self._authenticate(request)
        if authenticated is None:
            raise errors.unauthorized()
        user, how = authenticated
        self.trace.record(
            AUTHENTICATION, AUTHORIZATION, "authenticated", path, f"{user.describe()} ({how})"
        )
        attrs = authorization.Attributes(user, request.verb, resource_request=False, path=path)
        decision = self.authorizer.authorize(attrs)
        if not decision.allowed:
            raise errors.forbidden_path(user.name, request.verb, path, decision.reason)
        self.trace.record(AUTHORIZATION, NAME, "allowed", path, decision.summary)
        return 200, _success()

    def _authenticate(self, request: Request) -> tuple[UserInfo, str] | None:
        """Who is asking and how they were recognised; with Impersonate-User, whom they
        act as once authorized to (None: 401)."""
        authenticated = self.authenticator.authenticate(request.credential)
        impersonating = (
            request.impersonate_user or request.impersonate_groups or request.impersonate_uid
        )
        if authenticated is None or not impersonating:
            return authenticated
        user, how = authenticated
        acting = impersonation.impersonate(
            self.authorizer,
            user,
            request.impersonate_user,
            tuple(request.impersonate_groups),
            request.impersonate_uid,
        )
        return acting, f'{how}, impersonated by user "{user.name}"'

    def _admit_request(self, request: Request) -> Resource:
        """Authentication and authorization, then the route; returns the resource addressed.
        As kube-apiserver's filters run before its router, a path that serves nothing is
        refused (401, 403) before it is found missing (404)."""
        resource = resources.BY_NAME.get(request.resource)
        ref = self._object(request)
        method = HTTP_METHODS.get(request.verb) or request.verb.upper()
        self.trace.record(
            request.client,
            AUTHENTICATION,
            request.verb,
            ref,
            f"{method} {request.path}",
        )
        authenticated = self._authenticate(request)
        if authenticated is None:
            raise errors.unauthorized()
        user, how = authenticated
        self.user = user
        self.trace.record(
            AUTHENTICATION,
            AUTHORIZATION,
            "authenticated",
            ref,
            f"{user.describe()} ({how})",
        )
        verb = request.verb
        addressed = resource or _unknown(request)
        attrs = authorization.attributes(user, request, addressed)
        decision = self.authorizer.authorize(attrs)
        if not decision.allowed:
            raise errors.forbidden(
                user.name,
                verb,
                addressed,
                request.subresource,
                request.namespace,
                attrs.name,
                decision.reason,
            )
        mutating = verb in MUTATING_VERBS
        self.trace.record(
            AUTHORIZATION,
            ADMISSION if mutating else NAME,
            "allowed",
            ref,
            decision.summary,
        )
        if (
            resource is None
            or not request.served
            or (request.subresource and request.subresource not in resource.subresources)
        ):
            raise StatusError(404, "NotFound", "the server could not find the requested resource")
        if not resource.serves(verb):
            raise errors.method_not_allowed()
        return resource

    # -- admission ----------------------------------------------------------------------

    def _admitted(self, resource: Resource, request: Request, obj: Object | None) -> None:
        """Both admission phases for a request carrying `obj` (or nothing), then the hop."""
        attrs = self._attributes(resource, request, obj)
        admission.mutate(attrs, self)
        admission.validate(attrs, self)
        self._record_admitted(request, attrs)

    def _attributes(
        self,
        resource: Resource,
        request: Request,
        obj: Object | None,
        old: Object | None = None,
        dry_run: bool = False,
    ) -> admission.Attributes:
        operation = _OPERATIONS.get(request.verb, admission.CREATE)
        return admission.Attributes(
            operation,
            resource,
            request.subresource,
            request.namespace,
            request.name,
            obj,
            old,
            dry_run,
            user=self.user,
        )

    def _record_admitted(self, request: Request, attrs: admission.Attributes) -> None:
        self.trace.record(
            ADMISSION,
            NAME,
            "admitted",
            self._object(request),
            ", ".join(attrs.acted) or "no admission plugin applies",
        )

    # admission.Store: what admission plugins read (and the quota plugin writes)

    def lookup(self, resource: str, namespace: str, name: str) -> Object | None:
        """An object admission reads: from the index, or (what is read rarely, such as the
        node of a pod being resized) from etcd, not held decoded for every write."""
        if resource in INDEXED:
            return self._index.get(resource, {}).get(namespace, {}).get(name)
        kv = self.etcd.get(resources.BY_NAME[resource].key(namespace, name))
        return None if kv is None else decode(kv)

    def objects(self, resource: str, namespace: str) -> list[Object]:
        """The objects admission lists: from the index, or (pods, when a namespace's Pod
        Security level is raised) from etcd."""
        if resource not in INDEXED:
            return [
                decode(kv) for kv in self.etcd.range(resources.BY_NAME[resource].prefix(namespace))
            ]
        found = self._index.get(resource, {}).get(namespace, {})
        return list(map(found.__getitem__, sorted(found)))  # every write asks: no comprehension

    def update_status(self, resource: str, obj: Object) -> Object:
        target = resources.BY_NAME[resource]
        meta = obj["metadata"]
        kv = self.etcd.get(target.key(meta.get("namespace", ""), meta["name"]))
        if kv is None:
            raise errors.not_found(target, meta["name"])
        return self._write(target, dict(obj), kv.mod_revision, decode(kv))

    def random_suffix(self) -> str:
        return _suffix(self.rng)

    def warn(self, text: str) -> None:
        """A Warning for whoever made this request (warning.AddWarning)."""
        self.warnings.append(text)

    def _indexed(self, resource: Resource, old: Object | None, new: Object | None) -> None:
        """Keep the index of the objects admission reads up to date with etcd."""
        if resource.name not in INDEXED:
            return
        by_namespace = self._index.setdefault(resource.name, {})
        if new is not None:
            meta = new["metadata"]
            by_namespace.setdefault(meta.get("namespace", ""), {})[meta["name"]] = new
        elif old is not None:
            meta = old["metadata"]
            by_namespace.get(meta.get("namespace", ""), {}).pop(meta["name"], None)

    @staticmethod
    def _object(request: Request) -> str:
        ref = request.resource
        for part in (request.namespace, request.name, request.subresource):
            if part:
                ref += "/" + part
        return ref

    # -- storage ------------------------------------------------------------------------

    def _read(self, resource: Resource, namespace: str, name: str, client: str) -> KeyValue:
        kv = self._fetch(resource, namespace, name)
        self._record_get(kv.key)
        return kv

    def _fetch(self, resource: Resource, namespace: str, name: str) -> KeyValue:
        """The stored object, without a hop: its read is recorded when the story reaches it."""
        kv = self.etcd.get(resource.key(namespace, name))
        if kv is None:
            self._record_get(resource.key(namespace, name))
            raise errors.not_found(resource, name)
        return kv

    def _record_get(self, key: str) -> None:
        self.trace.record(NAME, ETCD, "get", key, f"get {key}")

    def _write(self, resource: Resource, obj: Object, expect: int, old: Object | None) -> Object:
        """Store `obj` if its key is still at mod revision `expect` (0: absent); notify watches."""
        meta = obj["metadata"]
        meta.pop("resourceVersion", None)
        key = resource.key(meta.get("namespace", ""), meta["name"])
        lease = self._lease_for(resource)
        try:
            event = self.etcd.put(key, encode(obj), expect_mod_revision=expect, lease=lease)
        except EtcdError as error:  # an etcd error of no kind kube-apiserver knows: a 500
            self.trace.record(NAME, ETCD, "put", key, f"{key}: {error}")
            raise StatusError(500, "", str(error)) from None
        if event is None:
            if expect == 0:
                raise self._taken(resource, obj, key)
            raise errors.conflict(resource, meta["name"], OPTIMISTIC_LOCK)
        self.trace.record(
            NAME,
            ETCD,
            "put",
            key,
            f"{'update' if expect else 'create'} {key} → revision {event.kv.mod_revision}",
        )
        meta["resourceVersion"] = str(event.kv.mod_revision)
        if resource.name in INDEXED:  # the index keeps its own copy: callers may change theirs
            self._indexed(resource, old, decode(event.kv))
        self._notify(resource, old, obj, event.kv)
        return obj

    def _lease_for(self, resource: Resource) -> int:
        """The etcd lease a write attaches its object to (0: none): an Event's lives for
        --event-ttl; the last lease granted serves the writes of the next minute (etcd3's
        leaseManager.GetLease)."""
        if resource.name != "events":
            return 0
        lease, expires, attached = self._event_lease
        if lease and self.clock.now + EVENT_TTL_MS < expires and attached < LEASE_MAX_OBJECTS:
            self._event_lease = (lease, expires, attached + 1)
            return lease
        lease, ttl_ms = self.etcd.grant(), EVENT_TTL_MS + LEASE_REUSE_MS
        self._event_lease = (lease, self.clock.now + ttl_ms, 1)
        self.trace.record(NAME, ETCD, "grant", "", f"lease {lease}: {ttl_ms // 1000}s to live")
        self.clock.call_later(ttl_ms, self._expire_lease, lease, background=True)
        return lease

    def _expire_lease(self, lease: int) -> None:
        """etcd revokes a lease whose time is up, and deletes the keys attached to it."""
        resource = resources.BY_NAME["events"]
        for event in self.etcd.revoke(lease):
            key, revision = event.kv.key, event.kv.mod_revision
            summary = f"lease {lease} expired: delete {key} → revision {revision}"
            self.trace.record(ETCD, NAME, "delete", key, summary)
            self._notify(resource, decode(event.prev_kv), None, event.kv)

    def _remove(self, resource: Resource, kv: KeyValue) -> Object:
        event = self.etcd.delete(kv.key, expect_mod_revision=kv.mod_revision)
        if event is None:
            raise errors.conflict(resource, kv.key.rsplit("/", 1)[-1], OPTIMISTIC_LOCK)
        self.trace.record(
            NAME, ETCD, "delete", kv.key, f"delete {kv.key} → revision {event.kv.mod_revision}"
        )
        gone = decode(event.kv)
        self._indexed(resource, gone, None)
        self._notify(resource, decode(kv), None, event.kv)
        if resource.kind == "Service":
            self._release_ips(ipallocator.service_ips(gone))
        elif resource.kind == "IPAddress" and self.ip_repair is not None:
            self.ip_repair.removed(gone)
        return gone

    def _write_holding_ips(
        self, resource: Resource, obj: Object, expect: int, old: Object | None
    ) -> Object:
        """`_write`, and for a Service the IPAddresses of its cluster IPs (ipallocator): the
        IPs it takes are allocated before it is stored, those it gives up released after."""
        if resource.kind != "Service":
            return self._write(resource, obj, expect, old)
        taken, given_up = ipallocator.changed(old, obj)
        for ip in taken:
            self._store_ip_address(ipallocator.ip_address(ip, obj))
        try:
            written = self._write(resource, obj, expect, old)
        except StatusError:
            self._release_ips(taken)
            raise
        self._release_ips(given_up)
        return written

    def _store_ip_address(self, ip_address: Object) -> None:
        meta = ip_address["metadata"]
        meta["uid"] = new_uid(self.rng)
        meta["creationTimestamp"] = self.clock.timestamp()
        self._write(resources.BY_NAME["ipaddresses"], ip_address, 0, None)

    def _release_ips(self, ips: list[str]) -> None:
        """MetaAllocator.Release: delete each IP's IPAddress, if it is still there."""
        target = resources.BY_NAME["ipaddresses"]
        for key in map(ipallocator.key, ips):
            self._record_get(key)
            kv = self.etcd.get(key)
            if kv is not None:
                self._remove(target, kv)

    # -- verbs --------------------------------------------------------------------------

    def _get(self, resource: Resource, request: Request) -> tuple[int, Object]:
        if request.subresource == "log":
            return self._log(resource, request)
        if request.subresource == "proxy":
            if resource.name == "nodes":
                return self._node_proxy(resource, request)
            return self._proxy(resource, request)
        if request.subresource == "portforward":
            return self._portforward(resource, request)
        if resource.group == resources.METRICS:
            return self._metrics(resource, request)
        if resource.kind == "ComponentStatus":
            return self._component_statuses(resource, request)
        kv = self._read(resource, request.namespace, request.name, request.client)
        obj = decode(kv)
        if request.subresource == "scale":
            obj = strategy.scale_of(obj)
        if TABLE in request.query.get("accept", ""):
            list_meta = {"resourceVersion": obj["metadata"]["resourceVersion"]}
            return 200, self._table(obj["kind"], [obj], list_meta, request)
        return 200, obj

    def _list(self, resource: Resource, request: Request) -> tuple[int, Object]:
        if resource.group == resources.METRICS:
            return self._metrics(resource, request)
        if resource.kind == "ComponentStatus":
            return self._component_statuses(resource, request)
        predicate = listing.predicate(request.query, resource.kind)
        limit = listing.limit(request.query)
        read = listing.read(request.query, limit)
        revision, kvs = self._snapshot(resource, request.namespace, predicate, read)
        items, list_meta = self._page(resource, kvs, predicate, limit, read.start, revision)
        if TABLE in request.query.get("accept", ""):
            return 200, self._table(resource.kind, items, list_meta, request)
        for item in items:
            item.pop("apiVersion", None)
            item.pop("kind", None)
        return 200, {
            "kind": f"{resource.kind}List",
            "apiVersion": resource.api_version,
            "metadata": list_meta,
            "items": items,
        }

    def _snapshot(
        self, resource: Resource, namespace: str, predicate: listing.Predicate, read: listing.Read
    ) -> tuple[int, list[KeyValue]]:
        """The revision a list reads at and what it reads: the latest keys, or, for an exact
        revision, the keys as they were then (410 once compacted); 504 for a revision etcd
        has not reached, as the watch cache gives up waiting for it."""
        current = self.etcd.revision
        if read.minimum > current or (read.exact or 0) > current:
            raise errors.too_large_resource_version(max(read.minimum, read.exact or 0), current)
        if read.exact is None or read.exact == current:
            return current, self._range(resource, namespace, predicate)
        prefix = resource.prefix(namespace)
        try:
            kvs = self.etcd.range_at(prefix, read.exact)
        except CompactedError:
            raise listing.expired(read) from None
        summary = f"range {prefix} at revision {read.exact} ({len(kvs)} keys)"
        self.trace.record(NAME, ETCD, "range", prefix, summary)
        return read.exact, kvs

    def _range(
        self, resource: Resource, namespace: str, predicate: listing.Predicate
    ) -> list[KeyValue]:
        """What a list reads of etcd: the resource's keys, or, when a `metadata.name=` field
        selector names the one key that can match, that key alone (MatchesSingle: a kubelet
        lists its own Node so)."""
        name = predicate.required("metadata.name")
        if name and (namespace or not resource.namespaced):
            key = resource.key(namespace, name)
            self._record_get(key)
            kv = self.etcd.get(key)
            return [] if kv is None else [kv]
        prefix = resource.prefix(namespace)
        kvs = self.etcd.range(prefix)
        self.trace.record(NAME, ETCD, "range", prefix, f"range {prefix} ({len(kvs)} keys)")
        return kvs

    def _table(
        self, kind: str, objects: list[Object], list_meta: Object, request: Request
    ) -> Object:
        """The Table of `objects`, each row with the object as `includeObject` asks: its
        metadata (the default), the whole object, or nothing."""
        table = printers.table(kind, objects, self.clock.unix(), list_meta)
        include = request.query.get("includeObject") or INCLUDE_METADATA
        if include not in watchcache.INCLUDE_OBJECT:
            raise errors.bad_request(f'unrecognized includeObject value: "{include}"')
        if include != INCLUDE_METADATA:
            for row, obj in zip(table["rows"], objects, strict=True):
                row["object"] = obj if include == "Object" else None
        return table

    def _page(
        self,
        resource: Resource,
        kvs: list[KeyValue],
        predicate: listing.Predicate,
        limit: int,
        start: str,
        revision: int,
    ) -> tuple[list[Object], Object]:
        """The matching objects from `start` on, at most `limit` of them, and the ListMeta
        at `revision` (with a continue token when more keys follow)."""
        root = len(resource.prefix())
        list_meta: Object = {"resourceVersion": str(revision)}
        items: list[Object] = []
        # a key ends with the object's name: one selected by name (each kubelet lists its
        # node so) is found without decoding every other object
        name = predicate.required("metadata.name")
        for i, kv in enumerate(kvs):
            if start and kv.key[root:] < start:
                continue
            if name is not None and not kv.key.endswith(f"/{name}"):
                continue
            obj = decode(kv)
            if not predicate.matches(obj):
                continue
            items.append(obj)
            if limit and len(items) == limit and i + 1 < len(kvs):
                list_meta["continue"] = listing.encode_continue(revision, kv.key[root:])
                if predicate.empty:
                    list_meta["remainingItemCount"] = len(kvs) - i - 1
                break
        return items, list_meta

    def _create(self, resource: Resource, request: Request) -> tuple[int, Object]:
        serve = CREATE_SUBRESOURCES.get(request.subresource)
        if serve is not None:
            return getattr(self, serve)(resource, request)
        if resource.name == "bindings":
            return self._bindings(request)
        obj = self._body(resource, request)
        self._decode(request, obj, "CreateOptions")
        if resource.kind in selfsubject.KINDS:
            return self._self_review(resource, request, obj)
        if resource.group == resources.AUTHORIZATION:
            return self._review(resource, request, obj)
        dry_run = _dry_run(request, "CreateOptions")
        strategy.canonicalize(resource.kind, obj)
        self._manage_fields(request, None, obj)
        attrs = self._attributes(resource, request, obj, dry_run=dry_run)
        admission.mutate(attrs, self)
        if resource.name in escalation.GUARDED:
            escalation.confirm(self.authorizer, self.user, resource, request.namespace, obj)
        meta = obj["metadata"]
        for key in ("deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion"):
            meta.pop(key, None)
        if meta.get("name") or not meta.get("generateName"):
            return 201, self._store_new(resource, request, attrs, obj, dry_run)
        attempt = 1
        while True:  # RetryGenerateName: a generated name that is taken is generated anew
            meta["name"] = meta["generateName"] + _suffix(self.rng)
            try:
                return 201, self._store_new(resource, request, attrs, obj, dry_run)
            except StatusError as error:
                if error.reason != "AlreadyExists" or attempt == NAME_GENERATION_ATTEMPTS:
                    raise
            attempt += 1

    def _store_new(
        self,
        resource: Resource,
        request: Request,
        attrs: admission.Attributes,
        obj: Object,
        dry_run: bool,
    ) -> Object:
        """The generic registry's create, once the object is named: system fields, the
        strategy's preparation and validation, validating admission, then storage."""
        meta = obj["metadata"]
        meta["uid"] = new_uid(self.rng)
        meta["creationTimestamp"] = self.clock.timestamp()
        if resource.kind == "Service":
            servicealloc.begin_create(obj, self.etcd, self.rng)
        strategy.prepare_for_create(resource.kind, obj, meta["creationTimestamp"])
        self._validate(resource, obj)
        self.warnings += strategy.warnings_on_create(resource.kind, obj)
        admission.validate(attrs, self)
        self._record_admitted(request, attrs)
        if not dry_run:
            return self._write_holding_ips(resource, obj, 0, None)
        key = resource.key(meta.get("namespace", ""), meta["name"])
        if self.etcd.get(key) is not None:
            raise self._taken(resource, obj, key)
        return obj

    def _taken(self, resource: Resource, obj: Object, key: str) -> StatusError:
        """AlreadyExists, worded as the generic registry words it: a name generated from
        generateName could not be made unique; the object there is being deleted."""
        meta = obj["metadata"]
        taken = errors.generate_name_conflict if meta.get("generateName") else errors.already_exists
        error = taken(resource, meta["name"])
        self._record_get(key)
        existing = self.etcd.get(key)
        if existing is not None and "deletionTimestamp" in decode(existing)["metadata"]:
            error.message = f"object is being deleted: {error.message}"
        return error

    def _review(self, resource: Resource, request: Request, obj: Object) -> tuple[int, Object]:
        """An access review: kube-apiserver asks its authorizer, and stores nothing."""
        self._admitted(resource, request, obj)
        authenticated = self._authenticate(request)
        if authenticated is None:  # as in _admit_request: the pipeline hands on no user
            raise errors.unauthorized()
        answered, attrs, decision = subjectaccessreview.review(
            self.authorizer, authenticated[0], resource, obj
        )
        self.trace.record(
            NAME,
            AUTHORIZATION,
            "review",
            self._object(request),
            subjectaccessreview.summary(attrs, decision),
        )
        return 201, answered

    def _token(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """serviceaccounts/token: a TokenRequest answered with a token kube-apiserver signs."""
        self._admitted(resource, request, request.body)
        kv = self._read(resource, request.namespace, request.name, request.client)
        bound = self._bound(request)
        answered = tokenrequest.create(
            request.body, decode(kv), self.authenticator, self.clock, bound
        )
        summary = tokenrequest.summary(answered)
        self.trace.record(NAME, AUTHENTICATION, "token", self._object(request), summary)
        return 201, answered

    def _bound(self, request: Request) -> Bound | None:
        """The pod (and its node) a TokenRequest binds its token to, as token.go reads them."""
        spec = (request.body or {}).get("spec") or {}
        ref = spec.get("boundObjectRef")
        if not ref:
            return None
        tokenrequest.require_pod(ref)
        pods = resources.BY_NAME["pods"]
        pod = decode(self._read(pods, request.namespace, ref.get("name", ""), request.client))
        node = None
        if pod["spec"].get("nodeName"):
            key = resources.BY_NAME["nodes"].key("", pod["spec"]["nodeName"])
            self._record_get(key)
            node_kv = self.etcd.get(key)
            node = decode(node_kv) if node_kv is not None else None
        seconds = spec.get("expirationSeconds") or TOKEN_EXPIRATION_SECONDS
        return tokenrequest.bind(ref, request.name, pod, node, seconds)

    def _self_review(self, resource: Resource, request: Request, obj: Object) -> tuple[int, Object]:
        """SelfSubjectRulesReview and SelfSubjectReview: about the requester; stores nothing."""
        self._admitted(resource, request, obj)
        authenticated = self._authenticate(request)
        if authenticated is None:  # as in _review
            raise errors.unauthorized()
        user = authenticated[0]
        answered = selfsubject.answer(resource.kind, self.authorizer.rbac.policy, user, obj)
        summary = selfsubject.summary(resource.kind, user, answered)
        self.trace.record(NAME, AUTHORIZATION, "review", self._object(request), summary)
        return 201, answered

    def _update(self, resource: Resource, request: Request) -> tuple[int, Object]:
        if request.subresource == "scale":
            scale = request.body or {}
            meta = scale.get("metadata") or {}
            _check_namespace(meta, request.namespace)
            _check_name(meta, request.name)
            kv = self._fetch(resource, request.namespace, request.name)
            return self._scale(resource, request, scale, kv)
        obj = self._body(resource, request)
        self._decode(request, obj, "UpdateOptions")
        _check_name(obj["metadata"], request.name)
        return 200, self._replace(resource, request, obj)

    def _patch(self, resource: Resource, request: Request) -> tuple[int, Object]:
        patch_type = patcher.patch_type(request)
        patcher.check_options(request.query, patch_type)
        how = fieldvalidation.directive(request.query, "PatchOptions")
        if patch_type == merge.APPLY:
            return self._apply(resource, request)
        kv = self._fetch(resource, request.namespace, request.name)
        current = decode(kv)
        scale = request.subresource == "scale"
        try:
            patched = merge.apply_patch(
                strategy.scale_of(current) if scale else current, request.body, patch_type
            )
        except merge.PatchError as error:
            raise patcher.patch_error(error) from None
        if not request.typed:
            self.warnings += fieldvalidation.decode_patched(patched, how, request.duplicates)
        if scale:
            return self._scale(resource, request, patched, kv)
        patched["metadata"].setdefault("resourceVersion", current["metadata"]["resourceVersion"])
        return 200, self._replace(resource, request, patched, kv)

    def _apply(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """Server-side apply: the field manager merges the applied configuration into the
        object, which it creates if there is none."""
        applied = patcher.applied_config(request, resource)
        manager, force = request.query["fieldManager"], patcher.forced(request.query)
        now = self.clock.timestamp()
        kv = self.etcd.get(resource.key(request.namespace, request.name))
        if kv is None:
            empty = {"apiVersion": resource.api_version, "kind": resource.kind, "metadata": {}}
            obj = fieldmanager.apply(empty, applied, manager, force, now)
            return self._create(resource, replace(request, verb="create", body=obj))
        obj = fieldmanager.apply(decode(kv), applied, manager, force, now)
        return 200, self._replace(resource, request, obj, kv)

    def _scale(
        self, resource: Resource, request: Request, scale: Object, kv: KeyValue
    ) -> tuple[int, Object]:
        """The scale subresource: a Scale's replicas become the object's."""
        problems = strategy.validate_scale(scale)
        if problems:
            causes = [p.cause() for p in problems]
            raise errors.invalid_kind("Scale", "autoscaling", request.name, causes)
        scaled = strategy.apply_scale(decode(kv), scale)
        self._manage_fields(request, decode(kv), scaled)  # owned through the subresource
        main = replace(request, subresource="")
        stored = self._replace(resource, main, scaled, kv, manage_fields=False, scaling=request)
        return 200, strategy.scale_of(stored)

    def _replace(
        self,
        resource: Resource,
        request: Request,
        obj: Object,
        kv: KeyValue | None = None,
        *,
        manage_fields: bool = True,
        scaling: Request | None = None,
    ) -> Object:
        """An update (PUT, or a PATCH applied): admission, BeforeUpdate, validation, storage.
        An update through the scale subresource (`scaling`) is admitted as one: admission sees
        the subresource and Scales, as the scale REST's admission wrappers show it."""
        dry_run = _dry_run(request, "PatchOptions" if request.verb == "patch" else "UpdateOptions")
        kv = kv or self._fetch(resource, request.namespace, request.name)
        old = decode(kv)
        wanted = obj["metadata"].get("resourceVersion")
        if wanted and wanted != old["metadata"]["resourceVersion"]:
            raise errors.conflict(resource, request.name, OPTIMISTIC_LOCK)
        strategy.canonicalize(resource.kind, obj)
        if manage_fields:
            self._manage_fields(request, old, obj)
        if scaling is None:
            attrs = self._attributes(resource, request, obj, old, dry_run)
        else:
            scales = strategy.scale_of(obj), strategy.scale_of(old)
            attrs = self._attributes(resource, scaling, *scales, dry_run)
        admission.mutate(attrs, self)
        self._record_admitted(scaling or request, attrs)
        self._record_get(kv.key)
        _keep_system_fields(obj["metadata"], old["metadata"])
        if resource.name in escalation.GUARDED:
            escalation.confirm(self.authorizer, self.user, resource, request.namespace, obj, old)
        if resource.kind == "Service" and not request.subresource:
            servicealloc.begin_update(obj, old, self.etcd, self.rng)
        strategy.prepare_for_update(resource, obj, old, request.subresource, self.clock.timestamp())
        self._validate(resource, obj, old, request.subresource)
        self.warnings += strategy.warnings_on_update(resource, obj, request.subresource)
        admission.validate(attrs, self)
        if _emptied_finalizers(resource, obj, old):
            if not dry_run:
                self._remove(resource, kv)
            return obj
        if obj == old or dry_run:
            return obj  # a no-op update writes nothing, as in Kubernetes
        return self._write_holding_ips(resource, obj, kv.mod_revision, old)

    def _delete(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """DELETE: graceful deletion, finalizers, preconditions (store.Delete)."""
        opts = deletion.options(request.body, request.query)
        kv = self._fetch(resource, request.namespace, request.name)
        obj = decode(kv)
        attrs = self._attributes(resource, request, None, obj, opts.dry_run)
        admission.mutate(attrs, self)
        admission.validate(attrs, self)
        self._record_admitted(request, attrs)
        self._record_get(kv.key)
        if resource.kind == "Namespace":
            return self._delete_namespace(resource, kv, obj, opts)
        deletion.check_preconditions(obj, resource.kind, resource.group, opts)
        return self._delete_object(resource, kv, obj, opts)

    def _deletecollection(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """DELETE of a collection (store.DeleteCollection): list what the options select,
        delete each as its own DELETE would, and answer the list as it was."""
        query = {k: v for k, v in request.query.items() if k != "accept"}
        code, listed = self._list(resource, replace(request, query=query))
        for item in listed["items"]:
            meta = item["metadata"]
            one = replace(
                request, verb="delete", namespace=meta.get("namespace", ""), name=meta["name"]
            )
            try:
                self._delete(resource, one)
            except StatusError as error:
                if error.code != 404:  # deleted meanwhile is deleted
                    raise
        return code, listed

    def _delete_object(
        self, resource: Resource, kv: KeyValue, obj: Object, opts: deletion.Options
    ) -> tuple[int, Object]:
        meta, now = obj["metadata"], self.clock.unix()
        verdict = deletion.Graceful(False, False)
        if resource.kind == "Pod":
            period = deletion.pod_grace_period(obj, opts)
            verdict = deletion.before_delete(obj, period, now)
        if verdict.pending:
            return 200, self._deleted(resource, obj)
        orphan_by_default = deletion.orphans_by_default(resource.name, opts)
        if orphan_by_default and deletion.JOB_DELETE_WARNING not in self.warnings:
            self.warnings.append(deletion.JOB_DELETE_WARNING)
        finalizers = deletion.gc_finalizers(obj, opts, orphan_by_default)
        if finalizers:
            meta["finalizers"] = finalizers
        elif finalizers is not None:
            meta.pop("finalizers", None)
        pending = bool(meta.get("finalizers"))
        if not verdict.graceful and pending:
            deletion.mark_as_deleting(obj, now)
        if verdict.graceful or pending:
            kv, obj = self._store_deleting(resource, kv, obj, opts)
            if pending or obj["metadata"].get("deletionGracePeriodSeconds"):
                return 200, obj
        gone = obj if opts.dry_run else self._remove(resource, kv)
        return 200, self._deleted(resource, gone)

    def _store_deleting(
        self, resource: Resource, kv: KeyValue, obj: Object, opts: deletion.Options
    ) -> tuple[KeyValue, Object]:
        """Write the object marked as being deleted; the new key value and object."""
        old = decode(kv)
        if obj == old or opts.dry_run:
            return kv, obj
        stored = self._write(resource, obj, kv.mod_revision, old)
        fresh = self.etcd.get(kv.key)
        return (fresh or kv), stored

    def _deleted(self, resource: Resource, obj: Object) -> Object:
        """Pods and Services come back whole (ReturnDeletedObject); other objects as a
        Status naming what was deleted."""
        if resource.kind in ("Pod", "Service"):
            return obj
        return deletion.deleted_status(obj, resource.name, resource.group)

    def _delete_namespace(
        self, resource: Resource, kv: KeyValue, namespace: Object, opts: deletion.Options
    ) -> tuple[int, Object]:
        """The first DELETE starts termination; the namespace goes once it is finalized."""
        meta = namespace["metadata"]
        for wanted, have, what in (
            (opts.uid, meta.get("uid"), "UID"),
            (opts.resource_version, meta.get("resourceVersion"), "ResourceVersion"),
        ):
            if wanted is not None and wanted != have:
                why = f"Precondition failed: {what} in precondition: {wanted}, {what} in object meta: {have}"
                raise errors.conflict(resource, meta["name"], why)
        if not meta.get("deletionTimestamp"):
            meta["deletionTimestamp"] = self.clock.timestamp()
            namespace.setdefault("status", {})["phase"] = "Terminating"
            finalizers = deletion.namespace_finalizers(list(meta.get("finalizers") or []), opts)
            if finalizers:
                meta["finalizers"] = finalizers
            return 200, self._store_deleting(resource, kv, namespace, opts)[1]
        if (namespace.get("spec") or {}).get("finalizers"):
            return 200, namespace
        return self._delete_object(resource, kv, namespace, opts)

    def _bind(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/binding (BindingREST.Create): set the pod's node, once, with the binding's
        annotations, clear its nomination and mark it scheduled."""
        body = request.body or {}
        binding_meta, target = body.get("metadata") or {}, body.get("target") or {}
        if binding_meta.get("name", "") != request.name:
            raise errors.bad_request("name in URL does not match name in Binding object")
        problems = _binding_problems(target)
        if problems:  # errs.ToAggregate(), no API status: a 500 of its own words
            raise StatusError(500, "", field.aggregate([str(p) for p in problems]))
        self._admitted(resource, request, request.body)
        kv = self._read(resource, request.namespace, request.name, request.client)
        pod = decode(kv)
        if pod["spec"].get("nodeName"):
            raise errors.conflict(
                resource,
                request.name,
                f'pod {request.name} is already assigned to node "{pod["spec"]["nodeName"]}"',
            )
        if pod["metadata"].get("deletionTimestamp"):
            raise errors.conflict(
                resource,
                request.name,
                f"pod {request.name} is being deleted, cannot be assigned to a host",
            )
        old = decode(kv)
        pod["spec"]["nodeName"] = target.get("name", "")
        if binding_meta.get("annotations"):
            pod["metadata"]["annotations"] = {
                **(pod["metadata"].get("annotations") or {}),
                **binding_meta["annotations"],
            }
        # ClearingNominatedNodeNameAfterBinding (beta, on since Kubernetes 1.35): a pod bound
        # is no longer only nominated to a node.
        pod["status"].pop("nominatedNodeName", None)
        conditions = pod["status"].setdefault("conditions", [])
        conditions[:] = [c for c in conditions if c.get("type") != "PodScheduled"]
        conditions.append(
            {
                "type": "PodScheduled",
                "status": "True",
                "lastProbeTime": None,
                "lastTransitionTime": self.clock.timestamp(),
            }
        )
        self._write(resource, pod, kv.mod_revision, old)
        return 201, _success(201)

    def _bindings(self, request: Request) -> tuple[int, Object]:
        """The `bindings` resource: a pod's binding, posted to the namespace's collection."""
        name = ((request.body or {}).get("metadata") or {}).get("name", "")
        pods = resources.BY_NAME["pods"]
        return self._bind(pods, replace(request, resource="pods", name=name, subresource="binding"))

    def _evict(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/eviction (EvictionREST.Create): the pod goes, with the Eviction's
        DeleteOptions, if its PodDisruptionBudget allows it (see `eviction`)."""
        body = request.body or {}
        if (body.get("metadata") or {}).get("name") != request.name:
            raise errors.bad_request("name in URL does not match name in Eviction object")
        given = dict(body.get("deleteOptions") or {})
        if given.get("ignoreStoreReadErrorWithClusterBreakingPotential"):
            raise eviction.invalid_ignore_read_error(request.name)
        _propagate_dry_run(given, request.query.get("dryRun", ""))
        self._admitted(resource, request, body)
        opts = deletion.options(given, {})
        kv = self._read(resource, request.namespace, request.name, request.client)
        pod = decode(kv)
        if eviction.can_ignore_pdb(pod):
            if eviction.should_enforce_resource_version(pod) and opts.resource_version is None:
                opts = replace(opts, resource_version=pod["metadata"]["resourceVersion"])
            return self._evict_pod(resource, kv, pod, opts)
        budgets = eviction.budgets_for(pod, self._budgets(request.namespace))
        if len(budgets) > 1:
            return 500, eviction.too_many_budgets()
        if budgets and eviction.unhealthy_may_go(pod, budgets[0]):
            if opts.resource_version is None:
                opts = replace(opts, resource_version=pod["metadata"]["resourceVersion"])
        elif budgets:
            self._use_disruption(budgets[0], pod["metadata"]["name"], opts.dry_run)
        return self._evict_pod(resource, kv, pod, opts)

    def _budgets(self, namespace: str) -> list[Object]:
        """The PodDisruptionBudgets of a namespace, as the eviction's client lists them."""
        pdbs = resources.BY_NAME["poddisruptionbudgets"]
        key = pdbs.key(namespace, "")
        self.trace.record(NAME, ETCD, "range", key, f"range {key}")
        return [decode(kv) for kv in self.etcd.range(key)]

    def _use_disruption(self, pdb: Object, pod_name: str, dry_run: bool) -> None:
        """checkAndDecrement, and the budget's new status written (UpdateStatus)."""
        status = eviction.check_and_decrement(pdb, pod_name, self.clock.timestamp(), dry_run)
        if dry_run:
            return
        pdbs = resources.BY_NAME["poddisruptionbudgets"]
        meta = pdb["metadata"]
        kv = self._fetch(pdbs, meta["namespace"], meta["name"])
        self._write(pdbs, {**pdb, "status": status}, kv.mod_revision, pdb)

    def _evict_pod(
        self, resource: Resource, kv: KeyValue, pod: Object, opts: deletion.Options
    ) -> tuple[int, Object]:
        """addConditionAndDeletePod: the pod is marked DisruptionTarget, then deleted."""
        deletion.check_preconditions(pod, resource.kind, resource.group, opts)
        if not opts.dry_run:
            marked = _with_condition(pod, eviction.EVICTING, self.clock.timestamp())
            if marked != pod:
                self._write(resource, marked, kv.mod_revision, pod)
                kv = self.etcd.get(kv.key) or kv
                pod = decode(kv)
                if opts.resource_version is not None:
                    # the precondition held for the pod read; the condition is this request's
                    opts = replace(opts, resource_version=pod["metadata"]["resourceVersion"])
        self._delete_object(resource, kv, pod, opts)
        return 201, _success(201)

    def _log(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/log: what the container wrote, from its node's kubelet; nothing yet when the
        pod has no node."""
        opts = podproxy.log_options(request.query)
        pod = decode(self._read(resource, request.namespace, request.name, request.client))
        container = podproxy.container(pod, opts.container)
        node = pod["spec"].get("nodeName", "")
        kubelet = self.kubelets.get(node)
        if kubelet is None:
            return 200, {"log": ""}
        path = f"/containerLogs/{request.namespace}/{request.name}/{container}"
        self.trace.record(NAME, f"kubelet/{node}", "get", self._object(request), f"GET {path}")
        try:
            entries = kubelet.container_log_entries(
                request.namespace, request.name, container, opts.previous
            )
        except LogsError as error:
            raise errors.bad_request(str(error)) from None
        if entries is None:
            raise podproxy.unreachable(
                f'pod "{request.name}_{request.namespace}" cannot be found - no logs available'
            )
        now = self.clock.epoch * 1000 + self.clock.now
        return 200, {"log": podproxy.read_logs(entries, opts, now)}

    def _exec(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/exec: the kubelet of the pod's node runs the command in the container."""
        body = request.body or {}
        command = [str(word) for word in body.get("command") or []]
        kubelet, container = self._stream_location(resource, request)
        stdin, session = str(body.get("stdin") or ""), podproxy.session(body)
        tty = body.get("tty") is True
        try:
            attached = kubelet.exec(
                request.namespace, request.name, container, command, stdin, session, tty
            )
        except podproxy.ExecError as error:
            raise podproxy.unreachable(str(error)) from None
        return 200, podproxy.exec_answer(attached, command, session is not None)

    def _attach(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/attach: the kubelet of the pod's node hands a line to the container's main
        process (body {"container", "stdin": LINE}; {"container", "close": true} for the end
        of input; {"container"} alone to learn how the process is)."""
        body = request.body or {}
        kubelet, container = self._stream_location(resource, request)
        line = None if body.get("stdin") is None else str(body["stdin"])
        try:
            attached = kubelet.attach(
                request.namespace, request.name, container, line, bool(body.get("close"))
            )
        except podproxy.ExecError as error:
            raise podproxy.unreachable(str(error)) from None
        return 200, podproxy.attach_answer(attached)

    def _node_proxy(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """nodes/proxy: kube-apiserver connects to the node's kubelet (its port :10250, the
        only one it serves) and relays the answer."""
        name, _, port = request.name.partition(":")
        node = decode(self._read(resource, "", name, request.client))
        self._admitted(resource, request, None)
        address = next(
            (
                a["address"]
                for a in node["status"].get("addresses") or ()
                if a["type"] == "InternalIP"
            ),
            name,
        )
        port = port or str(KUBELET_PORT)
        path = request.query.get("path", "/")
        kubelet = self.kubelets.get(name)
        if kubelet is None or port != str(KUBELET_PORT):
            message = f"dial tcp {address}:{port}: connect: connection refused"
            self.trace.record(NAME, f"kubelet/{name}", "proxy", self._object(request), message)
            raise StatusError(
                503, "ServiceUnavailable", f"error trying to reach service: {message}"
            )
        answer = kubelet.serve(path)
        summary = f"GET https://{address}:{port}{path} → {answer.status}"
        self.trace.record(NAME, f"kubelet/{name}", "proxy", self._object(request), summary)
        return 200, podproxy.proxied(answer)

    def _proxy(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/proxy: kube-apiserver connects to the pod's IP (at the port the name gives,
        else its first container port, else 80) and relays the answer (ResourceLocation)."""
        name, _, port = request.name.partition(":")
        pod = decode(self._read(resource, request.namespace, name, request.client))
        self._admitted(resource, request, None)
        ip = (pod.get("status") or {}).get("podIP", "")
        if not ip:
            raise errors.bad_request(f'"{ip}" is not a valid IP address')
        declared = [p for c in pod["spec"]["containers"] for p in c.get("ports") or ()]
        port = port or str(declared[0]["containerPort"] if declared else 80)
        path = request.query.get("path", "/")
        kubelet = self.kubelets.get(pod["spec"].get("nodeName", ""))
        answer = kubelet.pod_http(ip, int(port), path) if kubelet and port.isdigit() else None
        target = f"pod/{request.namespace}/{name}"
        if answer is None:
            message = f"dial tcp {ip}:{port}: connect: connection refused"
            self.trace.record(NAME, target, "proxy", self._object(request), message)
            raise StatusError(
                503, "ServiceUnavailable", f"error trying to reach service: {message}"
            )
        summary = f"GET http://{ip}:{port}{path} → {answer.status}"
        self.trace.record(NAME, target, "proxy", self._object(request), summary)
        return 200, podproxy.proxied(answer)

    def _stream_location(
        self, resource: Resource, request: Request
    ) -> tuple[podproxy.KubeletServer, str]:
        """streamLocation: the kubelet of the pod's node and the container addressed, with
        the hop to the kubelet."""
        pod = decode(self._read(resource, request.namespace, request.name, request.client))
        container = podproxy.container(pod, (request.body or {}).get("container") or "")
        kubelet = self._kubelet_of(resource, request, pod, container)
        return kubelet, container

    def _kubelet_of(
        self, resource: Resource, request: Request, pod: Object, tail: str
    ) -> podproxy.KubeletServer:
        """The kubelet of the pod's node, once the request is admitted, with the hop to its
        endpoint for the subresource (/exec/NAMESPACE/POD/TAIL and the like)."""
        node = pod["spec"].get("nodeName", "")
        kubelet = self.kubelets.get(node)
        if kubelet is None:
            raise errors.bad_request(f"pod {request.name} does not have a host assigned")
        self._admitted(resource, request, None)
        path = f"/{KUBELET_PATHS.get(request.subresource, request.subresource)}"
        path += f"/{request.namespace}/{request.name}" + (f"/{tail}" if tail else "")
        verb = request.subresource
        self.trace.record(NAME, f"kubelet/{node}", verb, self._object(request), f"POST {path}")
        return kubelet

    def _portforward(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/portforward, which kube-apiserver upgrades to a stream to the kubelet of the
        pod's node. A request with no body is an HTTP request that was not upgraded: 400 once
        judged. Body {} opens the stream; {"port", "data": what a client sent} is one request
        of a forwarded connection, which the kubelet opens to the port inside the pod: the
        answer is {"data": what came back}."""
        body = request.body
        port = (body or {}).get("port")
        if port is not None and (type(port) is not int or not 0 < port < 65536):
            raise errors.bad_request(f"invalid port: {port}")
        pod = decode(self._read(resource, request.namespace, request.name, request.client))
        kubelet = self._kubelet_of(resource, request, pod, "")
        if body is None:
            raise errors.bad_request("Upgrade request required")
        if port is None:
            return 200, {}
        if "redis" in body:
            return 200, self._forward_redis(request, pod, kubelet, port, body)
        sent = network.HTTPRequest.parse(str(body.get("data") or ""))
        try:
            answer = kubelet.port_forward(
                request.namespace, request.name, port, sent.path, sent.agent
            )
        except podproxy.ExecError as error:
            raise podproxy.unreachable(str(error)) from None
        target = f"pod/{request.namespace}/{request.name}"
        summary = f"{sent.method} http://localhost:{port}{sent.path} → {answer.status}"
        node = f"kubelet/{pod['spec']['nodeName']}"
        self.trace.record(node, target, "portforward", self._object(request), summary)
        return 200, {"data": sent.answer(answer)}

    def _forward_redis(
        self, request: Request, pod: Object, kubelet: Kubelet, port: int, body: Object
    ) -> Object:
        """A redis command on a forwarded connection that selected database `db`: the
        reply as the server writes it ("": the server there speaks no RESP), and the
        database selected after it."""
        argv, db = body["redis"], body.get("db", 0)
        if not (isinstance(argv, list) and argv and all(isinstance(w, str) for w in argv)):
            raise errors.bad_request("redis: a command is a list of strings")
        if type(db) is not int or not 0 <= db < redis.DATABASES:
            raise errors.bad_request(f"invalid database: {db}")
        try:
            answered = kubelet.port_forward_redis(request.namespace, request.name, port, argv, db)
        except podproxy.ExecError as error:
            raise podproxy.unreachable(str(error)) from None
        reply, db = answered if answered else (None, db)
        shown = redis.resp(reply).split("\r\n", 1)[0] if reply else "not RESP"
        summary = f"{' '.join(argv)[:80]} to localhost:{port} → {shown}"
        node = f"kubelet/{pod['spec']['nodeName']}"
        target = f"pod/{request.namespace}/{request.name}"
        self.trace.record(node, target, "portforward", self._object(request), summary)
        return {"data": redis.resp(reply) if reply else "", "db": db}

    def _metrics(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """metrics.k8s.io: through the aggregation layer to metrics-server, which scrapes
        every kubelet's /metrics/resource."""
        self.trace.record(NAME, metrics.NAME, "proxy", self._object(request), f"GET {request.path}")
        now = self.clock.timestamp()
        found: list[Object] = []
        for node, kubelet in sorted(self.kubelets.items()):
            self.trace.record(
                metrics.NAME, f"kubelet/{node}", "get", "metrics/resource", "GET /metrics/resource"
            )
            node_usage, pods = kubelet.resource_metrics()
            if resource.kind == "NodeMetrics":
                obj = self.etcd.get(resources.BY_NAME["nodes"].key("", node))
                found += [metrics.node_metrics(decode(obj), node_usage, now)] if obj else []
                continue
            for key, containers in pods.items():
                namespace, _, name = key.partition("/")
                obj = self.etcd.get(resources.BY_NAME["pods"].key(namespace, name))
                found += [metrics.pod_metrics(decode(obj), containers, now)] if obj else []
        namespace = request.namespace if resource.namespaced else ""
        found.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
        return 200, metrics.answer(resource, namespace, request.name, request.query, found)

    def _component_statuses(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """componentstatuses: kube-apiserver asks kube-scheduler's and kube-controller-
        manager's /healthz and etcd's health, there and then (one of them, for a get)."""
        found = []
        for name, target, message in componentstatus.CHECKS:
            if request.name in ("", name):
                self.trace.record(NAME, target, "get", f"componentstatuses/{name}", "health")
                found.append(componentstatus.healthy(name, message))
        if request.name and not found:
            raise errors.not_found(resource, request.name)
        if TABLE in request.query.get("accept", ""):
            return 200, self._table(resource.kind, found, {}, request)
        return 200, found[0] if request.name else componentstatus.listed(found)

    # -- watches ------------------------------------------------------------------------

    def _watch(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """A watch over HTTP: the events it starts with (see watchcache); the changes after
        them are streamed to it as they are published."""
        answer = watchcache.answer(self.etcd, resource, request, self.clock.unix())
        prefix = resource.prefix(request.namespace)
        summary = f"watch {prefix} after revision {answer['resourceVersion']}"
        self.trace.record(NAME, ETCD, "watch", prefix, summary)
        return 200, answer

    def _open_watch(self, resource: Resource, request: Request, handler: Handler) -> Watch:
        predicate = listing.predicate(request.query, resource.kind)
        self._watch_ids += 1
        watch = Watch(
            self._watch_ids,
            resource.name,
            Filter(request.namespace, predicate),
            request.client,
            handler,
        )
        value = self._trigger_value(resource.name, predicate)
        if value is None:
            self._watches.setdefault(resource.name, []).append(watch)
        else:
            self._triggered.setdefault(resource.name, {}).setdefault(value, []).append(watch)
        return watch

    @staticmethod
    def _trigger_value(resource: str, predicate: listing.Predicate) -> str | None:
        field = TRIGGERS.get(resource)
        return predicate.required(field) if field else None

    def _watchers(self, resource: str, old: Object | None, new: Object | None) -> list[Watch]:
        """The watches an event may concern, in the order they were opened."""
        found = self._watches.get(resource, [])
        triggered = self._triggered.get(resource)
        if triggered:
            getter = fields.SUPPORTED[resources.BY_NAME[resource].kind][TRIGGERS[resource]]
            values = {getter(obj) for obj in (old, new) if obj is not None}
            extra = [w for value in values for w in triggered.get(value, ())]
            if extra:
                found = sorted([*found, *extra], key=lambda watch: watch.id)
        return found

    def _notify(
        self, resource: Resource, old: Object | None, new: Object | None, kv: KeyValue
    ) -> None:
        """Tell the watches concerned of a change from `old` to `new` (None: deleted); `kv` is
        what etcd stored, which their event carries (for a deletion, the last value)."""
        event = None  # one decoding for every watch
        for watch in self._watchers(resource.name, old, new):
            kind = watch.filter.event_type(old, new)
            if kind is None:
                continue
            event = event or SharedEvent(kv, self._decoder_of(resource))
            self.clock.call_soon(self._deliver, watch, kind, resource.kind, event)

    def _decoder_of(self, resource: Resource) -> Callable[[KeyValue], Object]:
        """Pods, in a cluster that holds them by the thousand, share their parts: a
        ReplicaSet's pods have most of theirs in common. Other kinds pay more for the look
        than it saves (a node, every time its status is written: some 25 µs, against a few KB
        held once among 5,000 nodes): they are decoded as the other readers of this moment
        read them, once for all of them."""
        if resource.name == "pods" and self.etcd.count(resource.prefix()) >= SHARE_PODS_FROM:
            return self._shared_parts
        return self._shared

    def _shared_parts(self, kv: KeyValue) -> Object:
        """A stored object decoded by the decoder that shares parts between objects."""
        obj = self.decoder.decode(kv.value)
        # a copy: the decoder may hand the same metadata to an older version of the object
        obj["metadata"] = {**obj["metadata"], "resourceVersion": str(kv.mod_revision)}
        return obj

    def _deliver(self, watch: Watch, kind: str, object_kind: str, event: SharedEvent) -> None:
        if watch.stopped:
            return
        obj = event.decoded()
        key = _key(obj)
        self.trace.record(
            NAME,
            watch.client,
            "watch",
            f"{watch.resource}/{key}",
            f"{kind} {object_kind.lower()} {key}",
        )
        watch.handler(kind, obj)

    # -- helpers ------------------------------------------------------------------------

    def _decode(self, request: Request, obj: Object, options: str) -> None:
        """Server-side field validation of a create or update body."""
        how = fieldvalidation.directive(request.query, options)
        if not request.typed:
            self.warnings += fieldvalidation.decode(obj, how, request.duplicates)

    def _manage_fields(self, request: Request, old: Object | None, obj: Object) -> None:
        """managedFields for an Update (an apply has done its own)."""
        if request.content_type != merge.APPLY:
            manager = fieldmanager.manager_of(request.query, request.user_agent)
            now = self.clock.timestamp()
            fieldmanager.update(old, obj, manager, now, request.subresource)

    def _body(self, resource: Resource, request: Request) -> Object:
        obj: Object = codec.deep_copy(request.body or {})
        if not isinstance(obj, dict):
            raise errors.bad_request("the body of the request was in an unknown format")
        obj.setdefault("apiVersion", resource.api_version)
        obj.setdefault("kind", resource.kind)
        if obj["kind"] != resource.kind:
            raise _wrong_kind(resource, obj["kind"], obj["apiVersion"])
        if obj["apiVersion"] != resource.api_version:
            raise errors.bad_request(
                f"the API version in the data ({obj['apiVersion']}) does not match the expected "
                f"API version ({resource.api_version})"
            )
        meta = obj.setdefault("metadata", {})
        if resource.namespaced:
            _check_namespace(meta, request.namespace)
            meta["namespace"] = request.namespace
        else:
            meta.pop("namespace", None)  # cluster-scoped: the namespace is cleared
        return obj

    def _validate(
        self, resource: Resource, obj: Object, old: Object | None = None, subresource: str = ""
    ) -> None:
        problems = strategy.validate(resource, obj, old, subresource)
        if problems:
            raise errors.invalid(resource, _name(obj), [p.cause() for p in problems])


def _unknown(request: Request) -> Resource:
    """What a request for a resource nothing serves asks for, as its attributes name it:
    `foos` of the core group, `foos.example.com` of another."""
    name, _, group = request.resource.partition(".")
    return Resource(name, "", bool(request.namespace), group)


def _wrong_kind(resource: Resource, kind: str, api_version: str) -> StatusError:
    """A body of another kind, as transformDecodeError words the decoder's failure: no
    conversion from a kind the scheme knows, else no such kind in the scheme."""
    version = api_version.rpartition("/")[2]
    if any(r.kind == kind and r.api_version == api_version for r in resources.all_resources()):
        internal = f"{_internal_package(resource.group)}.{resource.kind}"
        why = f"converting ({version}.{kind}) to ({internal}): unknown conversion"
    else:
        why = (
            f'no kind "{kind}" is registered for version "{api_version}" in scheme '
            f'"{LEGACY_SCHEME}"'
        )
    return errors.bad_request(
        f'{kind} in version "{version}" cannot be handled as a {resource.kind}: {why}'
    )


def _internal_package(group: str) -> str:
    """The Go package of a group's internal types: core for the core group (and Events),
    else the group's first label (apps, rbac, networking, ...)."""
    if group in ("", "events.k8s.io"):
        return "core"
    return group.split(".")[0]


def _check_namespace(meta: Object, namespace: str) -> None:
    """rest.EnsureObjectNamespaceMatchesRequestNamespace: 400 if the body names another."""
    if meta.get("namespace") and meta["namespace"] != namespace:
        raise errors.bad_request(
            "the namespace of the provided object does not match the namespace sent on the request"
        )


def _check_name(meta: Object, name: str) -> None:
    """An update's object names the object of its URL (handlers/rest.go checkName): 400."""
    if meta.get("name") != name:
        raise errors.bad_request(
            f"the name of the object ({meta.get('name') or ''}) does not match the name on "
            f"the URL ({name})"
        )


def _dry_run(request: Request, options: str) -> bool:
    """The request's `dryRun` (only "All" is valid): validate and admit, store nothing. The
    write's options are validated first (ValidateCreateOptions and its kin)."""
    if not request.query:
        return False  # a write without options, as components send them: nothing to check
    value = request.query.get("dryRun", "")
    problems = fieldmanager.manager_errors(request.query.get("fieldManager", ""))
    problems += deletion.dry_run_errors(value)
    if problems:
        raise errors.invalid_kind(options, "meta.k8s.io", "", [p.cause() for p in problems])
    return bool(value)


def _keep_system_fields(meta: Object, old: Object) -> None:
    """BeforeUpdate: what an update cannot set (uid if empty, timestamps, generation)."""
    meta["resourceVersion"] = old["resourceVersion"]
    for key in ("creationTimestamp", "deletionTimestamp", "generation"):
        if key in old:
            meta[key] = old[key]
        elif key == "generation":
            meta.pop(key, None)
    if not meta.get("uid") and "uid" in old:
        meta["uid"] = old["uid"]
    if "deletionGracePeriodSeconds" in old and "deletionGracePeriodSeconds" not in meta:
        meta["deletionGracePeriodSeconds"] = old["deletionGracePeriodSeconds"]


def _emptied_finalizers(resource: Resource, obj: Object, old: Object) -> bool:
    """The update removed the last finalizer of an object being deleted: it goes now (for a
    namespace, only once its spec.finalizers are gone too)."""
    if resource.kind == "Namespace" and (obj.get("spec") or {}).get("finalizers"):
        return False
    return deletion.should_delete_during_update(obj, old)


def _name(obj: Any) -> str:
    return (obj or {}).get("metadata", {}).get("name", "") if isinstance(obj, dict) else ""


def _key(obj: Object) -> str:
    meta = obj.get("metadata", {})
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta.get("name", "")


_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand


def _suffix(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHANUMS) for _ in range(5))


def _propagate_dry_run(options: Object, query: str) -> None:
    """propagateDryRun: the request's dryRun goes into the Eviction's DeleteOptions; the two
    may not disagree."""
    if not query:
        return
    given = options.get("dryRun")
    if not given:
        options["dryRun"] = [query]
    elif given != [query]:
        raise eviction.non_matching_dry_run([query], given)


def _with_condition(pod: Object, condition: Object, now: str) -> Object:
    """UpdatePodCondition: the pod with `condition` set, its transition time moving only with
    its status (the pod unchanged when it already has it)."""
    conditions = list((pod.get("status") or {}).get("conditions") or ())
    found = next((i for i, c in enumerate(conditions) if c.get("type") == condition["type"]), None)
    old = conditions[found] if found is not None else {}
    since = old.get("lastTransitionTime") if old.get("status") == condition["status"] else now
    new = {
        "type": condition["type"],
        "observedGeneration": pod["metadata"].get("generation", 0),
        "status": condition["status"],
        "lastProbeTime": old.get("lastProbeTime"),
        "lastTransitionTime": since,
        "reason": condition["reason"],
        "message": condition["message"],
    }
    if old == new:
        return pod
    if found is None:
        conditions.append(new)
    else:
        conditions[found] = new
    return {**pod, "status": {**pod["status"], "conditions": conditions}}


def _binding_problems(target: Object) -> list[FieldError]:
    """ValidatePodBinding: a binding targets a node, by name."""
    problems = []
    kind = target.get("kind") or ""
    if kind and kind != "Node":
        problems.append(field.not_supported("target.kind", kind, ["Node", "<empty>"]))
    if not target.get("name"):
        problems.append(field.required("target.name"))
    return problems
