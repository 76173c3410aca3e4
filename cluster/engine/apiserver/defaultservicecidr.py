"""kube-apiserver's default ServiceCIDR (pkg/controlplane/controller/defaultservicecidr): the
ServiceCIDR `kubernetes` of its --service-cluster-ip-range, made before anything allocates a
cluster IP, marked Ready, and made again within 10 s if it is gone."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import ipallocator, servicealloc
from cluster.engine.apiserver.bootstrappolicy import Loopback
from cluster.engine.apiserver.listers import Store
from cluster.engine.clock import Clock
from cluster.engine.store import codec

NAME = "kubernetes"
READY_MESSAGE = "Kubernetes default Service CIDR is ready"
INTERVAL_MS = 10_000


class DefaultServiceCIDRController:
    name = "kube-apiserver"  # the component its timers belong to

    def __init__(self, clock: Clock, loopback: Loopback, store: Store) -> None:
        self.clock = clock
        self.loopback = loopback
        self.store = store
        self.cidrs = [str(servicealloc.SERVICE_CIDR)]

    def start(self) -> None:
        self.clock.call_later(INTERVAL_MS, self.resync, background=True)

    def resync(self) -> None:
        self.start()
        self.sync()

    def sync(self) -> None:
        """Create the ServiceCIDR if it is missing; mark it Ready if it matches the flags
        and nothing has said whether it is."""
        kv = self.store.get(resources.BY_NAME["servicecidrs"].key("", NAME))
        if kv is None:
            body = {"metadata": {"name": NAME}, "spec": {"cidrs": self.cidrs}}
            self.loopback.request("create", "servicecidrs", body=body)
            kv = self.store.get(resources.BY_NAME["servicecidrs"].key("", NAME))
        if kv is not None:
            self._sync_status(codec.decode(kv.value))

    def _sync_status(self, cidr: Object) -> None:
        if cidr["metadata"].get("deletionTimestamp") or cidr["spec"].get("cidrs") != self.cidrs:
            return
        ready = ipallocator.ready_condition(cidr)
        if ready is not None and ready.get("status") in ("True", "False"):
            return
        body = ipallocator.with_ready(cidr, "True", "", READY_MESSAGE, self.clock.timestamp())
        self.loopback.request("update", "servicecidrs", "", NAME, subresource="status", body=body)
