"""The service-cidr-controller (pkg/controller/servicecidrs): each ServiceCIDR gets its
finalizer and a Ready condition; one being deleted keeps its finalizer while an IPAddress
of the allocator lies only in it (Ready False, reason Terminating), and loses it ten seconds
after its deletion began once none does."""

from __future__ import annotations

import ipaddress

from cluster.engine.api.meta import Object
from cluster.engine.apiserver import ipallocator
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.volume import protection
from cluster.engine.controllers.workqueue import Retry, WorkQueue

FINALIZER = "networking.k8s.io/service-cidr-finalizer"
READY_MESSAGE = "Kubernetes Service CIDR is ready"
TERMINATING = "Terminating"
TERMINATING_MESSAGE = (
    "There are still IPAddresses referencing the ServiceCIDR, please remove them or create a "
    "new ServiceCIDR"
)
DELETION_GRACE_MS = 10_000  # deletionGracePeriod: the allocators stop using it meanwhile


class ServiceCIDRsController:
    name = "service-cidr-controller"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.queue = WorkQueue(clock, self.sync, "servicecidrs")
        self.cidrs = informers.informer("servicecidrs")
        self.ips = informers.informer("ipaddresses")
        self.cidrs.add_handler(self._on_cidr)
        self.ips.add_handler(self._on_ip)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_cidr(self, kind: str, cidr: Object, old: Object | None) -> None:
        """A new ServiceCIDR wakes those it overlaps too."""
        self.queue.add(cidr["metadata"]["name"])
        if kind != DELETED and old is None:
            for other in self._overlapping(_networks(cidr)):
                self.queue.add(other["metadata"]["name"])

    def _on_ip(self, kind: str, ip: Object, old: Object | None) -> None:
        """An allocator's IPAddress wakes the ServiceCIDRs it lies in."""
        labels = ip["metadata"].get("labels") or {}
        if labels.get(ipallocator.MANAGED_BY_LABEL) != ipallocator.MANAGED_BY:
            return
        address = ipaddress.ip_address(ip["metadata"]["name"])
        for cidr in self.cidrs.items():
            if _holds(cidr, address):
                self.queue.add(cidr["metadata"]["name"])

    def sync(self, name: str) -> None:
        cidr = self.cidrs.get(name)
        if cidr is None:
            return
        try:
            if cidr["metadata"].get("deletionTimestamp"):
                self._finish_deletion(cidr)
                return
            if protection.need_to_add_finalizer(cidr, FINALIZER):
                cidr = self._add_finalizer(cidr)
            self._condition(cidr, "True", "", READY_MESSAGE)
        except APIError as error:
            raise Retry from error

    def _finish_deletion(self, cidr: Object) -> None:
        if not self._can_delete(cidr):
            self._condition(cidr, "False", TERMINATING, TERMINATING_MESSAGE)
            return
        began = utils.virtual_ms(self.clock, cidr["metadata"]["deletionTimestamp"]) or 0
        wait = began + DELETION_GRACE_MS - self.clock.now
        if wait > 0:
            self.queue.add_after(cidr["metadata"]["name"], wait)
            return
        if FINALIZER in (cidr["metadata"].get("finalizers") or ()):
            protection.remove_finalizer(self.client, "servicecidrs", cidr, FINALIZER)

    def _add_finalizer(self, cidr: Object) -> Object:
        finalizers = [*(cidr["metadata"].get("finalizers") or ()), FINALIZER]
        body = {"metadata": {"finalizers": finalizers}}
        return self.client.call(
            "patch", "servicecidrs", "", cidr["metadata"]["name"], body=body,
            content_type="application/merge-patch+json",
        )  # fmt: skip

    def _can_delete(self, cidr: Object) -> bool:
        """canDeleteCIDR: another ServiceCIDR covers each of its ranges, or no IPAddress of
        the allocator lies in it alone."""
        mine = _networks(cidr)
        if all(self._covered_elsewhere(cidr, network) for network in mine):
            return True
        for ip in self.ips.items():
            labels = ip["metadata"].get("labels") or {}
            if labels.get(ipallocator.MANAGED_BY_LABEL) != ipallocator.MANAGED_BY:
                continue
            address = ipaddress.ip_address(ip["metadata"]["name"])
            holders = [c for c in self.cidrs.items() if _holds(c, address)]
            if holders and all(h["metadata"]["name"] == cidr["metadata"]["name"] for h in holders):
                return False
        return True

    def _covered_elsewhere(self, cidr: Object, network: ipallocator.Network) -> bool:
        name = cidr["metadata"]["name"]
        return any(
            other["metadata"]["name"] != name
            and any(n.version == network.version and network.subnet_of(n) for n in _networks(other))
            for other in self.cidrs.items()
        )

    def _overlapping(self, networks: list[ipallocator.Network]) -> list[Object]:
        return [
            cidr
            for cidr in self.cidrs.items()
            if any(
                a.version == b.version and a.overlaps(b) for a in _networks(cidr) for b in networks
            )
        ]

    def _condition(self, cidr: Object, status: str, reason: str, message: str) -> None:
        """updateConditionIfNeeded: the Ready condition, written only when it changes."""
        ready = ipallocator.ready_condition(cidr) or {}
        if (ready.get("status"), ready.get("reason", ""), ready.get("message")) == (
            status,
            reason,
            message,
        ):
            return
        now = self.clock.timestamp()
        updated = ipallocator.with_ready(cidr, status, reason, message, now)
        utils.update_status(self.client, "servicecidrs", updated)


def _networks(cidr: Object) -> list[ipallocator.Network]:
    return [ipaddress.ip_network(c) for c in (cidr.get("spec") or {}).get("cidrs") or ()]


def _holds(cidr: Object, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(ipallocator.contains(network, address) for network in _networks(cidr))
