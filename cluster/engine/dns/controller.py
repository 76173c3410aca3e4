"""The kubernetes plugin's dnsControl (plugin/kubernetes/controller.go): informers on every
Service, EndpointSlice and Namespace, the indexes its records are looked up by, and the time
of the last change that alters a record (the zone's SOA serial).

It watches no pods: kubeadm's Corefile says `pods insecure`, which answers a pod's name from
the name alone; only `pods verified` watches them. Namespaces have no handler: a namespace
coming or going changes no serial.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import Client, Informer
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import SharedInformer
from cluster.engine.dns import object as obj

Differ = Callable[[Object, Object], bool]
SVC_NAME_NAMESPACE_INDEX = "ServiceNameNamespace"
SVC_IP_INDEX = "ServiceIP"
EP_NAME_NAMESPACE_INDEX = "EndpointNameNamespace"
EP_IP_INDEX = "EndpointsIP"


def svc_name_namespace_index(service: Object) -> list[str]:
    meta = service["metadata"]
    return [obj.key(meta["name"], meta.get("namespace", ""))]


def svc_ip_index(service: Object) -> list[str]:
    return obj.cluster_ips(service)


def ep_name_namespace_index(slice_: Object) -> list[str]:
    return [obj.service_key(slice_)]


class DNSControl:
    def __init__(self, clock: Clock, client: Client) -> None:
        self.clock = clock
        self.services = SharedInformer(client, "services")
        self.services.add_indexer(SVC_NAME_NAMESPACE_INDEX, svc_name_namespace_index)
        self.services.add_indexer(SVC_IP_INDEX, svc_ip_index)
        self.services.add_handler(self._on_service)
        self.slices = SharedInformer(client, "endpointslices")
        self.slices.add_indexer(EP_NAME_NAMESPACE_INDEX, ep_name_namespace_index)
        self.slices.add_indexer(EP_IP_INDEX, obj.ready_ips)
        self.slices.add_handler(self._on_slice)
        self.namespaces = Informer(client, "namespaces")
        self.modified = 0  # unix time of the last change to a record
        self.synced = False  # HasSynced: every informer has its objects

    def start(self) -> None:
        """Run: list and watch each (raises APIError when a watch is refused)."""
        self.services.start()
        self.slices.start()
        self.namespaces.start()
        self.synced = True

    def svc_index(self, key: str) -> list[Object]:
        return self.services.by_index(SVC_NAME_NAMESPACE_INDEX, key)

    def svc_index_reverse(self, ip: str) -> list[Object]:
        return self.services.by_index(SVC_IP_INDEX, ip)

    def ep_index(self, key: str) -> list[obj.Endpoints]:
        return [obj.endpoints(s) for s in self.slices.by_index(EP_NAME_NAMESPACE_INDEX, key)]

    def ep_index_reverse(self, ip: str) -> list[obj.Endpoints]:
        return [obj.endpoints(s) for s in self.slices.by_index(EP_IP_INDEX, ip)]

    def namespace_exists(self, name: str) -> bool:
        return name in self.namespaces.cache

    def _on_service(self, kind: str, service: Object, old: Object | None) -> None:
        if _changed(kind, old, service, _service_modified):
            self._update_modified()

    def _on_slice(self, kind: str, slice_: Object, old: Object | None) -> None:
        if _changed(kind, old, slice_, _endpoints_modified):
            self._update_modified()

    def _update_modified(self) -> None:
        self.modified = self.clock.epoch + self.clock.now // 1000


def _changed(kind: str, old: Object | None, new: Object, modified: Differ) -> bool:
    """Whether an event changes a record: an add or a delete does; an update does (as
    detectChanges decides) if its resourceVersion moved and `modified` says so."""
    if kind in (ADDED, DELETED) or old is None:
        return True
    version = old["metadata"].get("resourceVersion")
    return version != new["metadata"].get("resourceVersion") and modified(old, new)


def _endpoints_modified(old: Object, new: Object) -> bool:
    """Not endpointsEquivalent: other ready addresses or hostnames, or other ports."""
    before, after = obj.endpoints(old), obj.endpoints(new)
    return (before.addresses, before.ports) != (after.addresses, after.ports)


def _service_modified(old: Object, new: Object) -> bool:
    """serviceModified, for the cluster's zone: its externalName or a port changed."""
    before, after = old.get("spec") or {}, new.get("spec") or {}
    if before.get("externalName", "") != after.get("externalName", ""):
        return True
    return obj.service_ports(old) != obj.service_ports(new)
