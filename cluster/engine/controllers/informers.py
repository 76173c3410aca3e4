"""Shared informers: kube-controller-manager watches each resource once, and every
controller that cares registers its handlers and indexes on that one informer, as client-go's
SharedInformerFactory does. One watch per resource means one trace hop per change, whatever
the number of controllers reading it.

Caches hold the objects kube-apiserver sent; handlers and readers must copy before changing
anything. Index functions are module-level (they are pickled by reference with the cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cluster.engine.api import resources
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client, Handler, Informer

IndexFunc = Callable[[Object], list[str]]
NAMESPACE_INDEX = "namespace"
CONTROLLER_INDEX = "controller"
ORPHAN_INDEX = "orphan"
NODE_NAME_INDEX = "spec.nodeName"


def namespace_index(obj: Object) -> list[str]:
    """cache.MetaNamespaceIndexFunc."""
    return [obj.get("metadata", {}).get("namespace", "")]


def controller_uid_index(obj: Object) -> list[str]:
    """The uid of the object's controller, if it has one."""
    for ref in obj.get("metadata", {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return [ref.get("uid", "")]
    return []


def orphan_index(obj: Object) -> list[str]:
    """The namespace of an object that has no controller: who may adopt it is found here."""
    return [] if controller_uid_index(obj) else namespace_index(obj)


def node_name_index(obj: Object) -> list[str]:
    """The node a pod is bound to (the "spec.nodeName" indexer)."""
    node = obj.get("spec", {}).get("nodeName")
    return [node] if node else []


class SharedInformer:
    """One informer for one resource, fanned out to many handlers, with indexes."""

    def __init__(self, client: Client, resource: str) -> None:
        self.resource = resource
        self.informer = Informer(client, resource, self._dispatch)
        self.handlers: list[Handler] = []
        self._index_funcs: dict[str, IndexFunc] = {}
        self._indices: dict[str, dict[str, dict[str, None]]] = {}
        self.started = False
        if resources.BY_NAME[resource].namespaced:
            self.add_indexer(NAMESPACE_INDEX, namespace_index)

    def add_handler(self, handler: Handler) -> None:
        self.handlers.append(handler)

    def add_indexer(self, name: str, func: IndexFunc) -> None:
        if name not in self._index_funcs:
            self._index_funcs[name] = func
            self._indices[name] = {}

    def start(self) -> None:
        if not self.started:
            self.started = True
            self.informer.start()

    def get(self, key: str) -> Object | None:
        return self.informer.cache.get(key)

    def items(self) -> Iterator[Object]:
        return iter(list(self.informer.cache.values()))

    def by_index(self, name: str, value: str) -> list[Object]:
        cache = self.informer.cache
        return [cache[key] for key in self._indices[name].get(value, ())]

    def in_namespace(self, namespace: str) -> list[Object]:
        return self.by_index(NAMESPACE_INDEX, namespace)

    def _dispatch(self, kind: str, obj: Object, old: Object | None) -> None:
        key = namespaced_name(obj)
        for name, func in self._index_funcs.items():
            before = func(old) if old is not None else []
            after = func(obj) if kind != DELETED else []
            if before != after:
                self._reindex(self._indices[name], key, before, after)
        for handler in self.handlers:
            handler(kind, obj, old)

    @staticmethod
    def _reindex(
        index: dict[str, dict[str, None]], key: str, before: list[str], after: list[str]
    ) -> None:
        for value in before:
            bucket = index.get(value)
            if bucket is not None:
                bucket.pop(key, None)
                if not bucket:
                    del index[value]
        for value in after:
            index.setdefault(value, {})[key] = None


class InformerFactory:
    """The controller manager's shared informers, one per resource, started together."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.informers: dict[str, SharedInformer] = {}

    def informer(self, resource: str) -> SharedInformer:
        found = self.informers.get(resource)
        if found is None:
            found = self.informers[resource] = SharedInformer(self.client, resource)
        return found

    def start(self) -> None:
        for informer in list(self.informers.values()):
            informer.start()
