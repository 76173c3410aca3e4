"""kube-apiserver: every request passes authentication, authorization and, for writes,
admission, then validation and storage in etcd. Each stage is a hop in the trace.

Watches are served from the same writes: after a change is stored, every watch whose filter
the object passes (or passed) gets the event, delivered in order on the clock.
"""

from __future__ import annotations

import json
import random
from typing import Any

from cluster.engine.api import fields, merge, resources
from cluster.engine.api.meta import Object, new_uid
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import admission, errors, printers, strategy
from cluster.engine.apiserver.authentication import Authenticator
from cluster.engine.apiserver.authorization import authorize
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import HTTP_METHODS, MUTATING_VERBS, Request, Response
from cluster.engine.apiserver.watch import DELETED, Handler, Watch
from cluster.engine.clock import Clock
from cluster.engine.store.etcd import Etcd, KeyValue
from cluster.engine.trace import Trace

NAME = "kube-apiserver"
AUTHENTICATION = "authentication"
AUTHORIZATION = "authorization"
ADMISSION = "admission"
ETCD = "etcd"
TABLE = "as=Table"
COMPACTION_INTERVAL_MS = 300_000  # --etcd-compaction-interval


def encode(obj: Object) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def decode(kv: KeyValue) -> Object:
    """The stored object, with its resourceVersion: etcd's mod revision of the key."""
    obj = json.loads(kv.value)
    obj["metadata"]["resourceVersion"] = str(kv.mod_revision)
    return obj


def _success(code: int = 200) -> Object:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": code}


class APIServer:
    def __init__(self, clock: Clock, trace: Trace, etcd: Etcd, rng: random.Random) -> None:
        self.clock = clock
        self.trace = trace
        self.etcd = etcd
        self.rng = rng
        self.authenticator = Authenticator()
        self._watches: dict[str, list[Watch]] = {}
        self._watch_ids = 0

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
        """Serve one request; expected failures come back as a Status."""
        try:
            code, body = self._serve(request)
        except StatusError as error:
            return Response(error.code, error.status())
        return Response(code, body)

    def watch(self, request: Request, handler: Handler) -> Watch | Response:
        """Open a watch for a component: the pipeline runs as for any request."""
        try:
            resource = self._admit_request(request)
            return self._open_watch(resource, request, handler)
        except StatusError as error:
            return Response(error.code, error.status())

    def stop_watch(self, watch: Watch) -> None:
        watch.stopped = True
        self._watches[watch.resource].remove(watch)

    def _serve(self, request: Request) -> tuple[int, Object]:
        resource = self._admit_request(request)
        handler = getattr(self, f"_{request.verb}", None)
        if handler is None or request.verb == "watch":
            raise errors.method_not_allowed()
        return handler(resource, request)

    def _admit_request(self, request: Request) -> Resource:
        """Authentication, authorization and admission; returns the resource addressed."""
        resource = resources.BY_NAME.get(request.resource)
        method = HTTP_METHODS.get(request.verb, request.verb.upper())
        self.trace.record(
            request.client,
            AUTHENTICATION,
            request.verb,
            self._object(request),
            f"{method} {request.path}",
        )
        if resource is None:
            raise StatusError(404, "NotFound", "the server could not find the requested resource")
        if request.subresource and request.subresource not in resource.subresources:
            raise StatusError(404, "NotFound", "the server could not find the requested resource")
        authenticated = self.authenticator.authenticate(request.credential)
        if authenticated is None:
            raise errors.unauthorized()
        user, how = authenticated
        self.trace.record(
            AUTHENTICATION,
            AUTHORIZATION,
            "authenticated",
            self._object(request),
            f"{user.describe()} ({how})",
        )
        verb = request.verb
        decision = authorize(user, verb, resource.name, request.subresource)
        if not decision.allowed:
            raise errors.forbidden(
                user.name, verb, resource, request.subresource, request.namespace, request.name
            )
        mutating = verb in MUTATING_VERBS
        self.trace.record(
            AUTHORIZATION,
            ADMISSION if mutating else NAME,
            "allowed",
            self._object(request),
            decision.reason,
        )
        return resource

    def _admitted(self, resource: Resource, request: Request, obj: Object | None) -> None:
        attrs = admission.Attributes(
            request.verb,
            resource,
            request.subresource,
            request.namespace,
            request.name or _name(obj),
        )
        acted = admission.admit(attrs, obj, self._namespace_phase)
        self.trace.record(
            ADMISSION,
            NAME,
            "admitted",
            self._object(request),
            ", ".join(acted) or "no admission plugin applies",
        )

    def _namespace_phase(self, namespace: str) -> str | None:
        kv = self.etcd.get(resources.BY_NAME["namespaces"].key("", namespace))
        return json.loads(kv.value).get("status", {}).get("phase") if kv else None

    @staticmethod
    def _object(request: Request) -> str:
        parts = [request.resource, request.namespace, request.name, request.subresource]
        return "/".join(p for p in parts if p)

    # -- storage ------------------------------------------------------------------------

    def _read(self, resource: Resource, namespace: str, name: str, client: str) -> KeyValue:
        key = resource.key(namespace, name)
        kv = self.etcd.get(key)
        self.trace.record(NAME, ETCD, "get", key, f"get {key}")
        if kv is None:
            raise errors.not_found(resource, name)
        return kv

    def _write(self, resource: Resource, obj: Object, expect: int, old: Object | None) -> Object:
        """Store `obj` if its key is still at mod revision `expect` (0: absent); notify watches."""
        meta = obj["metadata"]
        meta.pop("resourceVersion", None)
        key = resource.key(meta.get("namespace", ""), meta["name"])
        event = self.etcd.put(key, encode(obj), expect_mod_revision=expect)
        if event is None:
            if expect == 0:
                raise errors.already_exists(resource, meta["name"])
            raise errors.conflict(
                resource,
                meta["name"],
                "the object has been modified; please "
                "apply your changes to the latest version and try again",
            )
        self.trace.record(
            NAME,
            ETCD,
            "put",
            key,
            f"{'update' if expect else 'create'} {key} → revision {event.kv.mod_revision}",
        )
        stored = decode(event.kv)
        self._notify(resource, old, stored)
        return stored

    def _remove(self, resource: Resource, kv: KeyValue) -> Object:
        event = self.etcd.delete(kv.key, expect_mod_revision=kv.mod_revision)
        if event is None:
            raise errors.conflict(
                resource, kv.key.rsplit("/", 1)[-1], "the object has been modified"
            )
        self.trace.record(
            NAME, ETCD, "delete", kv.key, f"delete {kv.key} → revision {event.kv.mod_revision}"
        )
        gone = decode(event.kv)
        self._notify(resource, decode(kv), None, gone)
        return gone

    # -- verbs --------------------------------------------------------------------------

    def _get(self, resource: Resource, request: Request) -> tuple[int, Object]:
        kv = self._read(resource, request.namespace, request.name, request.client)
        obj = decode(kv)
        if TABLE in request.query.get("accept", ""):
            return 200, printers.table(
                resource.kind,
                [obj],
                self.clock.unix(),
                {"resourceVersion": obj["metadata"]["resourceVersion"]},
            )
        return 200, obj

    def _list(self, resource: Resource, request: Request) -> tuple[int, Object]:
        selector = self._field_selector(resource, request.query.get("fieldSelector", ""))
        prefix = resource.prefix(request.namespace)
        kvs = self.etcd.range(prefix)
        self.trace.record(NAME, ETCD, "range", prefix, f"range {prefix} ({len(kvs)} keys)")
        items = [decode(kv) for kv in kvs]
        if selector is not None:
            items = [item for item in items if selector.matches(item)]
        list_meta = {"resourceVersion": str(self.etcd.revision)}
        if TABLE in request.query.get("accept", ""):
            return 200, printers.table(resource.kind, items, self.clock.unix(), list_meta)
        for item in items:
            item.pop("apiVersion", None)
            item.pop("kind", None)
        return 200, {
            "kind": f"{resource.kind}List",
            "apiVersion": resource.api_version,
            "metadata": list_meta,
            "items": items,
        }

    def _create(self, resource: Resource, request: Request) -> tuple[int, Object]:
        if request.subresource == "binding":
            return self._bind(resource, request)
        obj = self._body(resource, request)
        meta = obj["metadata"]
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + _suffix(self.rng)
        strategy.prepare_for_create(resource.kind, obj)
        self._admitted(resource, request, obj)
        meta["uid"] = new_uid(self.rng)
        meta["creationTimestamp"] = self.clock.timestamp()
        for key in ("deletionTimestamp", "deletionGracePeriodSeconds"):
            meta.pop(key, None)
        self._validate(resource, obj)
        return 201, self._write(resource, obj, 0, None)

    def _update(self, resource: Resource, request: Request) -> tuple[int, Object]:
        obj = self._body(resource, request)
        if obj["metadata"].get("name") != request.name:
            raise errors.bad_request(
                "the name of the object "
                f"({obj['metadata'].get('name')}) does not match the name on the URL ({request.name})"
            )
        self._admitted(resource, request, obj)
        return 200, self._replace(resource, request, obj)

    def _patch(self, resource: Resource, request: Request) -> tuple[int, Object]:
        self._admitted(resource, request, None)
        kv = self._read(resource, request.namespace, request.name, request.client)
        current = decode(kv)
        try:
            patched = merge.apply_patch(current, request.body, request.content_type)
        except merge.PatchError as error:
            raise errors.bad_request(str(error)) from None
        patched["metadata"].setdefault("resourceVersion", current["metadata"]["resourceVersion"])
        return 200, self._replace(resource, request, patched, kv)

    def _replace(
        self, resource: Resource, request: Request, obj: Object, kv: KeyValue | None = None
    ) -> Object:
        kv = kv or self._read(resource, request.namespace, request.name, request.client)
        old = decode(kv)
        wanted = obj["metadata"].get("resourceVersion")
        if wanted and wanted != old["metadata"]["resourceVersion"]:
            raise errors.conflict(
                resource,
                request.name,
                "the object has been modified; please "
                "apply your changes to the latest version and try again",
            )
        meta = obj["metadata"]
        for key in (
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
        ):
            if key in old["metadata"]:
                meta[key] = old["metadata"][key]
            else:
                meta.pop(key, None)
        strategy.prepare_for_update(resource.kind, obj, old, request.subresource)
        self._validate(resource, obj, old)
        meta["resourceVersion"] = old["metadata"]["resourceVersion"]
        if obj == old:
            return old  # a no-op update writes nothing, as in Kubernetes
        return self._write(resource, obj, kv.mod_revision, old)

    def _delete(self, resource: Resource, request: Request) -> tuple[int, Object]:
        self._admitted(resource, request, None)
        kv = self._read(resource, request.namespace, request.name, request.client)
        obj = decode(kv)
        grace = self._grace_period(resource, obj, request)
        meta = obj["metadata"]
        if grace > 0 or meta.get("finalizers"):
            if meta.get("deletionTimestamp") and meta.get("deletionGracePeriodSeconds", 0) <= grace:
                return 200, obj
            meta["deletionTimestamp"] = self.clock.timestamp(grace * 1000)
            meta["deletionGracePeriodSeconds"] = grace
            if resource.kind == "Namespace":
                obj["status"]["phase"] = "Terminating"
            old = decode(kv)
            return 200, self._write(resource, obj, kv.mod_revision, old)
        return 200, self._remove(resource, kv)

    def _grace_period(self, resource: Resource, obj: Object, request: Request) -> int:
        """Pods on a node stop gracefully; everything else goes at once unless it has finalizers."""
        if resource.kind == "Namespace":
            return 0
        if resource.kind != "Pod" or not obj["spec"].get("nodeName"):
            return 0
        if obj.get("status", {}).get("phase") in ("Succeeded", "Failed"):
            return 0
        requested = request.query.get("gracePeriodSeconds")
        if requested is not None:
            return max(0, int(requested))
        return int(obj["spec"].get("terminationGracePeriodSeconds", 30))

    def _bind(self, resource: Resource, request: Request) -> tuple[int, Object]:
        """pods/binding: set the pod's node, once, and mark it scheduled."""
        target = (request.body or {}).get("target") or {}
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

    # -- watches ------------------------------------------------------------------------

    def _open_watch(self, resource: Resource, request: Request, handler: Handler) -> Watch:
        selector = self._field_selector(resource, request.query.get("fieldSelector", ""))
        self._watch_ids += 1
        watch = Watch(
            self._watch_ids, resource.name, request.namespace, selector, request.client, handler
        )
        self._watches.setdefault(resource.name, []).append(watch)
        return watch

    def _notify(
        self, resource: Resource, old: Object | None, new: Object | None, gone: Object | None = None
    ) -> None:
        for watch in self._watches.get(resource.name, ()):
            kind = watch.event_type(old, new)
            if kind is None:
                continue
            obj = gone if kind == DELETED and gone is not None else (new if new else old)
            self.clock.call_soon(self._deliver, watch, kind, resource.kind, encode(obj))

    def _deliver(self, watch: Watch, kind: str, object_kind: str, data: bytes) -> None:
        if watch.stopped:
            return
        obj = json.loads(data)
        ref = f"{watch.resource}/{_key(obj)}"
        self.trace.record(
            NAME, watch.client, "watch", ref, f"{kind} {object_kind.lower()} {_key(obj)}"
        )
        watch.handler(kind, obj)

    # -- helpers ------------------------------------------------------------------------

    def _body(self, resource: Resource, request: Request) -> Object:
        obj: Object = json.loads(json.dumps(request.body or {}))
        if not isinstance(obj, dict):
            raise errors.bad_request("the body of the request was in an unknown format")
        obj.setdefault("apiVersion", resource.api_version)
        obj.setdefault("kind", resource.kind)
        if obj["kind"] != resource.kind:
            raise errors.bad_request(
                f"the API version in the data ({obj['apiVersion']}) does not match the expected "
                f"API version ({resource.api_version})"
            )
        meta = obj.setdefault("metadata", {})
        if resource.namespaced:
            if meta.get("namespace") and meta["namespace"] != request.namespace:
                raise errors.bad_request(
                    "the namespace of the provided object does not match "
                    "the namespace sent on the request"
                )
            meta["namespace"] = request.namespace
        return obj

    def _validate(self, resource: Resource, obj: Object, old: Object | None = None) -> None:
        problems = strategy.validate(resource.kind, obj, old)
        if problems:
            raise errors.invalid(resource, _name(obj), [p.cause() for p in problems])

    @staticmethod
    def _field_selector(resource: Resource, text: str) -> fields.FieldSelector | None:
        if not text:
            return None
        try:
            return fields.parse(text, resource.kind)
        except fields.FieldSelectorError as error:
            raise errors.bad_request(str(error)) from None


def _name(obj: Any) -> str:
    return (obj or {}).get("metadata", {}).get("name", "") if isinstance(obj, dict) else ""


def _key(obj: Object) -> str:
    meta = obj.get("metadata", {})
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta.get("name", "")


_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand


def _suffix(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHANUMS) for _ in range(5))
