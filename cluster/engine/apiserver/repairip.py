"""kube-apiserver's IPAddress repair loop (ipallocator/controller/repairip.go), for what a
learner can do to it: an IPAddress deleted while its Service still holds the IP is made
again, with a warning on the Service, so that no other Service is ever given the IP."""

from __future__ import annotations

import ipaddress

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import ipallocator
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.events import WARNING, EventRecorder
from cluster.engine.store import codec
from cluster.engine.store.etcd import Etcd

NAME = "ipallocator-repair-controller"
NOT_ALLOCATED = "ClusterIPNotAllocated"


class RepairIP:
    def __init__(self, clock: Clock, loopback: Client, etcd: Etcd) -> None:
        self.clock = clock
        self.loopback = loopback
        self.etcd = etcd
        self.recorder = EventRecorder(loopback, NAME)

    def removed(self, ip_address: Object) -> None:
        """An IPAddress went: look, once the deletion is done, whether its Service holds it."""
        self.clock.call_soon(self.repair, ip_address)

    def repair(self, gone: Object) -> None:
        ip, ref = gone["metadata"]["name"], (gone.get("spec") or {}).get("parentRef") or {}
        if ref.get("resource") != "services" or ref.get("group"):
            return
        services = resources.BY_NAME["services"]
        kv = self.etcd.get(services.key(ref.get("namespace", ""), ref.get("name", "")))
        service = codec.decode(kv.value) if kv is not None else None
        if service is None or ip not in ipallocator.service_ips(service):
            return
        if self.etcd.get(ipallocator.key(ip)) is not None:
            return
        family = f"IPv{ipaddress.ip_address(ip).version}"
        message = f"Cluster IP [{family}]: {ip} is not allocated; repairing"
        self.recorder.event(service, WARNING, NOT_ALLOCATED, message)
        self.loopback.call("create", "ipaddresses", body=ipallocator.ip_address(ip, service))
