"""The endpointslice controller (pkg/controller/endpointslice): the EndpointSlices of each
Service with a selector hold an endpoint per pod it selects (its IP, its ready, serving and
terminating conditions, its node, the pod), with the ports the Service's ports aim at.

Pods whose ports resolve alike share a slice; a slice is named after its Service with a random
suffix, owned by the Service (the garbage collector removes it with the Service) and labelled
with the Service's name and this controller's. A Service that selects no pod keeps one empty
placeholder slice. A slice no longer needed is reused for a new set of ports before it is
deleted, as the reconciler does.
"""

from __future__ import annotations

from cluster.engine.api.endpoints import SERVICE_NAME_LABEL
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import endpointutil
from cluster.engine.controllers.endpointutil import PortKey
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue

NAME = "endpointslice-controller"
API_VERSION = "discovery.k8s.io/v1"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
MANAGED_BY = "endpointslice-controller.k8s.io"
SERVICE_INDEX = "service"


def service_index(slice_: Object) -> list[str]:
    """The key of the Service whose slice this controller made it to be."""
    meta = slice_["metadata"]
    found = meta.get("labels") or {}
    if found.get(MANAGED_BY_LABEL) != MANAGED_BY or SERVICE_NAME_LABEL not in found:
        return []
    return [f"{meta.get('namespace', '')}/{found[SERVICE_NAME_LABEL]}"]


class EndpointSliceController:
    name = "endpointslice"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "endpointslice")
        self.services = informers.informer("services")
        self.pods = informers.informer("pods")
        self.slices = informers.informer("endpointslices")
        self.slices.add_indexer(SERVICE_INDEX, service_index)
        self.written = endpointutil.Written()
        self.trigger_times = endpointutil.TriggerTimes()
        self.services.add_handler(self._on_service)
        self.pods.add_handler(self._on_pod)
        self.slices.add_handler(self._on_slice)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_service(self, kind: str, service: Object, old: Object | None) -> None:
        self.queue.add(namespaced_name(service))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        for key in endpointutil.pod_services(self.services, kind, pod, old):
            self.queue.add(key)

    def _on_slice(self, kind: str, slice_: Object, old: Object | None) -> None:
        """A managed slice changed by someone else is put right."""
        self.written.observe(slice_)
        for key in service_index(slice_) or service_index(old or slice_):
            self.queue.add(key)

    def reconcile(self, key: str) -> None:
        """syncService: create, update and delete the Service's slices to match its pods."""
        service = self.services.get(key)
        if service is None:
            self.trigger_times.forget(key)
            return  # its slices are the garbage collector's to remove
        chosen = endpointutil.selector(service)
        if chosen is None:
            return
        pods = endpointutil.selected_pods(self.pods, service, chosen)
        self.queue.looked_at(len(pods))
        # a Service that selects nothing keeps one placeholder slice, without ports
        wanted = _desired(service, pods) or {(): None}
        when = self.trigger_times.compute(key, service, pods)
        existing = self._existing(key)
        unused = [s for s in existing if _ports_of(s) not in wanted]
        namespace = service["metadata"]["namespace"]
        for ports, endpoints in wanted.items():
            body = _slice(service, ports, endpoints)
            current = next((s for s in existing if _ports_of(s) == ports), None)
            if current is None and unused:  # turn a slice to be deleted into the new one
                current = unused.pop(0)
            if current is not None and not _differs(current, body):
                continue
            meta = {**current["metadata"], **body["metadata"]} if current else body["metadata"]
            body["metadata"] = endpointutil.with_trigger_time(meta, when)
            self._write("update" if current else "create", namespace, body)
        for slice_ in unused:
            self._write("delete", namespace, slice_)

    def _existing(self, key: str) -> list[Object]:
        """The Service's slices, with this controller's writes its informer has not shown."""
        return endpointutil.current(self.slices, self.written, SERVICE_INDEX, service_index, key)

    def _write(self, verb: str, namespace: str, body: Object) -> None:
        name = body["metadata"].get("name", "")
        options = {} if verb == "delete" else {"body": body}
        try:
            written = self.client.call(verb, "endpointslices", namespace, name, **options)
        except APIError as error:
            self.written.forget(f"{namespace}/{name}")
            if verb == "delete" and error.code == 404:
                return
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                return
            raise Retry from None
        if verb == "delete":
            self.written.wrote(f"{namespace}/{name}", None)
        else:
            self.written.wrote(namespaced_name(written), written)


def _ports_of(slice_: Object) -> PortKey:
    return tuple(
        (p.get("name") or "", p.get("port") or 0, p.get("protocol", "TCP"))
        for p in slice_.get("ports") or []
    )


def _desired(service: Object, pods: list[Object]) -> dict[PortKey, list[Object] | None]:
    """The endpoints of the Service's pods, grouped by the ports they resolve to."""
    spec = service.get("spec") or {}
    publish = bool(spec.get("publishNotReadyAddresses"))
    wanted: dict[PortKey, list[Object]] = {}
    for pod in pods:
        if not endpointutil.should_be_in_endpoints(pod, True):
            continue
        ports = endpointutil.endpoint_ports(service, pod)
        wanted.setdefault(ports, []).append(_endpoint(pod, service, publish))
    return wanted


def _endpoint(pod: Object, service: Object, publish: bool) -> Object:
    """podToEndpoint: ready unless terminating, serving whether or not it is."""
    serving = publish or utils.is_pod_ready(pod)
    terminating = bool(pod["metadata"].get("deletionTimestamp"))
    conditions = {"ready": serving and not terminating, "serving": serving}
    return {
        "addresses": [pod["status"]["podIP"]],
        "conditions": {**conditions, "terminating": terminating},
        **endpointutil.placement(pod, service),
    }


def _slice(service: Object, ports: PortKey, endpoints: list[Object] | None) -> Object:
    meta = service["metadata"]
    found = endpointutil.service_labels(service)
    found.pop(MANAGED_BY_LABEL, None)
    found.update({SERVICE_NAME_LABEL: meta["name"], MANAGED_BY_LABEL: MANAGED_BY})
    return {
        "apiVersion": API_VERSION,
        "kind": "EndpointSlice",
        "metadata": {
            "generateName": f"{meta['name']}-",
            "namespace": meta["namespace"],
            "labels": found,
            "ownerReferences": [utils.controller_ref(service)],
        },
        "addressType": "IPv4",
        "endpoints": endpoints,
        "ports": [{"name": n, "port": p, "protocol": proto} for n, p, proto in ports] or None,
    }


def _differs(current: Object, body: Object) -> bool:
    return (
        current.get("endpoints") != body["endpoints"]
        or current.get("ports") != body["ports"]
        or (current["metadata"].get("labels") or {}) != body["metadata"]["labels"]
    )
