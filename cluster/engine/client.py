"""How components talk to kube-apiserver: a client with their identity, and informers.

Components never touch etcd or each other; everything goes through these requests, so
every interaction is a hop in the trace, as it is a network call in Kubernetes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver import watchcache
from cluster.engine.apiserver.request import HTTP_METHODS, Credential, Request, Response
from cluster.engine.apiserver.server import APIServer
from cluster.engine.apiserver.watch import ADDED, DELETED, MODIFIED, Watch

PRUNE_FROM = 16  # the watches a client holds before it drops those stopped since


class APIError(Exception):
    """A request a component made failed; the response says why."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.body.get("message", ""))
        self.response = response

    @property
    def code(self) -> int:
        return self.response.code


def unreachable(request: Request) -> Response:
    """What a client gets when the network drops its request: no answer, as Go's net/http
    reports a dial that timed out (there is no HTTP status: code 0)."""
    method = HTTP_METHODS.get(request.verb, request.verb.upper())
    message = f'{method.title()} "{request.path}": dial tcp: i/o timeout'
    return Response(
        0, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message}
    )


class Client:
    """A component's connection to kube-apiserver, under its own identity. A network
    partition cuts it: requests fail, watches break; when it heals, informers relist."""

    reachable = True

    def __init__(self, apiserver: APIServer, credential: Credential, name: str) -> None:
        self.apiserver = apiserver
        self.credential = credential
        self.name = name
        self.informers: list[Informer] = []
        self._watches: list[Watch] = []  # the watches it opened, some perhaps stopped since
        self._prune_at = PRUNE_FROM

    def request(
        self, verb: str, resource: str, namespace: str = "", name: str = "", **options: Any
    ) -> Response:
        request = Request(
            verb,
            resource,
            namespace,
            name,
            credential=self.credential,
            client=self.name,
            typed=True,
            **options,
        )
        if not self.reachable:
            return unreachable(request)
        return self.apiserver.handle(request)

    def call(
        self, verb: str, resource: str, namespace: str = "", name: str = "", **options: Any
    ) -> Object:
        """Like `request`, but a failure raises APIError."""
        response = self.request(verb, resource, namespace, name, **options)
        if not response.ok:
            raise APIError(response)
        return response.body

    def watch(
        self,
        resource: str,
        handler: Callable[[str, Object], None],
        namespace: str = "",
        field_selector: str = "",
        label_selector: str = "",
        send_initial_events: bool = False,
    ) -> Watch:
        """Watch the changes from now on; with `send_initial_events`, the objects there are
        now come first, as ADDED events up to a BOOKMARK that marks their end."""
        query = _selectors(field_selector, label_selector)
        if send_initial_events:
            query.update(WATCH_LIST)
        request = Request(
            "watch", resource, namespace, credential=self.credential, client=self.name, query=query
        )
        watch = (
            unreachable(request) if not self.reachable else self.apiserver.watch(request, handler)
        )
        if isinstance(watch, Response):
            raise APIError(watch)
        self._watches.append(watch)
        if len(self._watches) >= self._prune_at:
            # the stopped ones are dropped each time the list doubles: looking for them at
            # every watch opened made opening n watches cost n² (a controller manager opens
            # two dozen at its start)
            self._watches = [w for w in self._watches if not w.stopped]
            self._prune_at = max(PRUNE_FROM, 2 * len(self._watches))
        return watch

    def disconnect(self) -> None:
        """The network between this component and kube-apiserver fails."""
        self.reachable = False
        for watch in self._watches:
            if not watch.stopped:
                self.apiserver.stop_watch(watch)
        self._watches.clear()

    def reconnect(self) -> None:
        """The network is back: every informer watches again from the objects there are, as
        a reflector does once its broken watch can be reopened. One whose watch is refused
        (a node may no longer read a ConfigMap of a pod deleted meanwhile) stays without a
        watch, as a reflector keeps retrying, until its owner stops it; one informer's
        initial events can stop another (a pod found gone is no longer a reason to watch
        its ConfigMaps)."""
        self.reachable = True
        for informer in list(self.informers):
            if informer in self.informers:
                with contextlib.suppress(APIError):
                    informer.list_and_watch()


def create_or_update(client: Client, objects: list[tuple[str, Object]]) -> None:
    """Create each object, or update it where it exists: what kubeadm's CreateOrUpdate
    helpers, and `kubectl apply` on a cluster being made, leave."""
    for resource, body in objects:
        meta = body["metadata"]
        namespace, name = meta.get("namespace", ""), meta["name"]
        try:
            client.call("create", resource, namespace, body=body)
        except APIError as error:
            if error.code != 409:
                raise
            client.call("update", resource, namespace, name, body=body)


def _selectors(field_selector: str, label_selector: str) -> dict[str, str]:
    """A list's or watch's query: the selectors given."""
    query = {}
    if field_selector:
        query["fieldSelector"] = field_selector
    if label_selector:
        query["labelSelector"] = label_selector
    return query


Handler = Callable[[str, Object, Object | None], None]  # event type, object, previous object

# the query of a watch that starts with the objects there are (WatchList)
WATCH_LIST = {
    "sendInitialEvents": "true",
    "resourceVersionMatch": watchcache.NOT_OLDER_THAN,
    "allowWatchBookmarks": "true",
}


class Informer:
    """Watches one resource from the objects there are; keeps a cache and calls `handler`
    on every change."""

    def __init__(
        self,
        client: Client,
        resource: str,
        handler: Handler | None = None,  # None: a cache only, read as a lister
        *,
        namespace: str = "",
        field_selector: str = "",
        label_selector: str = "",
    ) -> None:
        self.client = client
        self.resource = resource
        self.handler = handler
        self.namespace = namespace
        self.field_selector = field_selector
        self.label_selector = label_selector
        self.cache: dict[str, Object] = {}
        self._watch: Watch | None = None
        self._initial: list[Object] | None = None  # the initial events, until their end

    def start(self) -> None:
        """Watch (raises APIError); from then on, watch again when the network is back."""
        self.list_and_watch()
        self.client.informers.append(self)

    def stop(self) -> None:
        """Stop watching, and watch no more when the network is back."""
        if self._watch is not None and not self._watch.stopped:
            self.client.apiserver.stop_watch(self._watch)
        self._watch = None
        if self in self.client.informers:
            self.client.informers.remove(self)

    def list_and_watch(self) -> None:
        """The reflector's ListAndWatch as client-go does it since WatchListClient became
        the default (1.35): one watch, which starts with the objects there are, as ADDED
        events up to a BOOKMARK marking their end, instead of a list and then a watch."""
        self._initial = []
        self._watch = self.client.watch(
            self.resource,
            self._on_event,
            self.namespace,
            self.field_selector,
            self.label_selector,
            send_initial_events=True,
        )

    def _replace(self, objects: list[Object]) -> None:
        """store.Replace with the initial events: on a rewatch, objects seen before are
        updates and objects gone meanwhile are deletions."""
        gone = set(self.cache)
        for obj in objects:
            if gone:
                gone.discard(namespaced_name(obj))
            self._apply(ADDED, obj)
        for key in sorted(gone):
            self._apply(DELETED, self.cache[key])

    def get(self, key: str) -> Object | None:
        return self.cache.get(key)

    def _on_event(self, kind: str, obj: Object) -> None:
        if self._initial is None:
            self._apply(kind, obj)
        elif kind != watchcache.BOOKMARK:
            self._initial.append(obj)
        else:
            objects, self._initial = self._initial, None
            self._replace(objects)

    def _apply(self, kind: str, obj: Object) -> None:
        key = namespaced_name(obj)
        old = self.cache.get(key)
        if kind == DELETED:
            self.cache.pop(key, None)
        else:
            self.cache[key] = obj
        if self.handler is not None:
            self.handler(MODIFIED if kind == ADDED and old else kind, obj, old)
