"""The EndpointSlice mirroring controller (endpointslicemirroring_controller.go): the
Endpoints of a Service without a selector, which a user writes, mirrored into EndpointSlices
owned by them, so that what reads slices (kube-proxy, DNS) sees those endpoints too.

It works on Endpoints keys. The slices of an Endpoints go when the Endpoints go, when they
are labelled endpointslice.kubernetes.io/skip-mirror=true or are a leader-election lock,
when their Service goes, or when the Service gets a selector (the endpointslice controller
then makes its slices). A failed sync is retried after 1 s, doubling up to 100 s, 15 times.

Its own writes the informer has not shown yet are laid over the informer's slices (Written,
as for the endpointslice controller), where Kubernetes' slice tracker would call the cache
stale and retry; a change to a mirrored slice that is not its own write coming back is put
right.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import endpointutil
from cluster.engine.controllers.endpointslice import SERVICE_NAME_LABEL
from cluster.engine.controllers.endpointslicemirroring import utils as mirroring
from cluster.engine.controllers.endpointslicemirroring.reconciler import Reconciler
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import EventRecorder

NAME = "endpointslicemirroring-controller"  # its client's, and its role's
EVENT_SOURCE = "endpoint-slice-mirroring-controller"
MIRRORED_INDEX = "mirrored"
MAX_RETRIES = 15
SYNC_BACKOFF_MS = 1000  # defaultSyncBackOff: a higher start than other controllers' 5 ms
MAX_SYNC_BACKOFF_MS = 100_000


class EndpointSliceMirroringController:
    name = "endpointslicemirroring"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.queue = WorkQueue(
            clock,
            self.reconcile,
            "endpoint_slice_mirroring",
            max_delay_ms=MAX_SYNC_BACKOFF_MS,
            base_delay_ms=SYNC_BACKOFF_MS,
        )
        self.endpoints = informers.informer("endpoints")
        self.slices = informers.informer("endpointslices")
        self.services = informers.informer("services")
        self.slices.add_indexer(MIRRORED_INDEX, mirroring.mirrored_index)
        self.written = endpointutil.Written()
        self.reconciler = Reconciler(client, EventRecorder(client, EVENT_SOURCE), self.written)
        self.endpoints.add_handler(self._on_endpoints)
        self.slices.add_handler(self._on_slice)
        self.services.add_handler(self._on_service)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_service(self, kind: str, service: Object, old: Object | None) -> None:
        """A Service without a selector, or one that gains or loses it."""
        selector = mirroring.has_selector(service)
        if kind == DELETED or old is None:
            changed = not selector
        else:
            changed = selector != mirroring.has_selector(old)
        if changed:
            self.queue.add(namespaced_name(service))

    def _on_endpoints(self, kind: str, endpoints: Object, old: Object | None) -> None:
        """Endpoints that are, or were, to be mirrored."""
        mirrored = mirroring.should_mirror(endpoints)
        if kind != DELETED and old is not None:
            mirrored = mirrored or mirroring.should_mirror(old)
        if mirrored:
            self.queue.add(namespaced_name(endpoints))

    def _on_slice(self, kind: str, slice_: Object, old: Object | None) -> None:
        """A mirrored slice someone else changed or deleted, or one relabelled."""
        if kind == DELETED:
            news = self.written.observe_deletion(slice_)
            if news and mirroring.managed_by_controller(slice_):
                self._queue_for(slice_)
            return
        news = self.written.observe(slice_)
        if old is not None and _service_name(old) != _service_name(slice_):
            self._queue_for(slice_)
            self._queue_for(old)
            return
        managed = mirroring.managed_by_controller(slice_)
        handed_over = old is not None and managed != mirroring.managed_by_controller(old)
        if handed_over or (managed and news):
            self._queue_for(slice_)

    def _queue_for(self, slice_: Object) -> None:
        """queueEndpointsForEndpointSlice (endpointUpdatesBatchPeriod is 0)."""
        key = mirroring.endpoints_controller_key(slice_)
        if key is not None:
            self.queue.add(key)

    def reconcile(self, key: str) -> None:
        """syncEndpoints, with handleErr's retries."""
        try:
            self._sync(key)
        except APIError:
            if self.queue.num_requeues(key) < MAX_RETRIES:
                raise Retry from None
            # the retry budget is spent: the Endpoints are dropped out of the queue

    def _sync(self, key: str) -> None:
        """Mirror the Endpoints, or delete their slices if they are not to be."""
        endpoints = self.endpoints.get(key)
        service = self.services.get(key)
        existing = endpointutil.current(
            self.slices, self.written, MIRRORED_INDEX, mirroring.mirrored_index, key
        )
        if (
            endpoints is None
            or not mirroring.should_mirror(endpoints)
            or service is None
            or mirroring.has_selector(service)
        ):
            self.reconciler.delete_endpoints(key.partition("/")[0], existing)
            return
        self.reconciler.reconcile(endpoints, existing)


def _service_name(slice_: Object) -> str:
    return (slice_["metadata"].get("labels") or {}).get(SERVICE_NAME_LABEL, "")
