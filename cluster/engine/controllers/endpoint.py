"""The endpoints controller (pkg/controller/endpoint/endpoints_controller.go): the Endpoints of
each Service with a selector list the IPs of the pods it selects, ready ones as `addresses`
and the others as `notReadyAddresses`, with the port each Service port aims at on them.

Addresses that share their ports share a subset (RepackSubsets); an address is ordered by IP.
A Service that is deleted takes its Endpoints with it.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import endpointutil
from cluster.engine.controllers.endpointutil import PortKey
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue

NAME = "endpoint-controller"
LABEL_MANAGED_BY = "endpoints.kubernetes.io/managed-by"  # what marks the Endpoints it writes


class EndpointController:
    name = "endpoint"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "endpoint")
        self.services = informers.informer("services")
        self.pods = informers.informer("pods")
        self.endpoints = informers.informer("endpoints")
        self.written = endpointutil.Written()
        self.trigger_times = endpointutil.TriggerTimes()
        self.services.add_handler(self._on_service)
        self.pods.add_handler(self._on_pod)
        self.endpoints.add_handler(self._on_endpoints)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_service(self, kind: str, service: Object, old: Object | None) -> None:
        self.queue.add(namespaced_name(service))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        for key in endpointutil.pod_services(self.services, kind, pod, old):
            self.queue.add(key)

    def _on_endpoints(self, kind: str, endpoints: Object, old: Object | None) -> None:
        self.written.observe(endpoints)
        if kind == DELETED:  # someone removed them: the Service's are made again
            self.queue.add(namespaced_name(endpoints))

    def reconcile(self, key: str) -> None:
        """syncService: write the Endpoints the Service's pods call for, if they differ."""
        namespace, _, name = key.partition("/")
        current = self.written.view(key, self.endpoints.get(key))
        service = self.services.get(key)
        if service is None:
            self.trigger_times.forget(key)
            if current is not None:
                self._call("delete", namespace, name, key, None)
            return
        chosen = endpointutil.selector(service)
        if chosen is None:
            return
        pods = endpointutil.selected_pods(self.pods, service, chosen)
        self.queue.looked_at(len(pods))
        subsets = _subsets(service, pods)
        when = self.trigger_times.compute(key, service, pods)
        wanted_labels = {**endpointutil.service_labels(service), LABEL_MANAGED_BY: NAME}
        if current is not None and _unchanged(current, subsets, wanted_labels):
            return
        meta = dict(current["metadata"]) if current else {"name": name, "namespace": namespace}
        meta["labels"] = wanted_labels
        body: Object = {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": endpointutil.with_trigger_time(meta, when),
        }
        if subsets:
            body["subsets"] = subsets
        self._call("update" if current else "create", namespace, name if current else "", key, body)

    def _call(self, verb: str, namespace: str, name: str, key: str, body: Object | None) -> None:
        try:
            written = self.client.call(verb, "endpoints", namespace, name, body=body)
        except APIError as error:
            self.written.forget(key)
            if verb == "delete" and error.code == 404:
                return
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                return
            raise Retry from None
        self.written.wrote(key, None if verb == "delete" else written)


def _unchanged(current: Object, subsets: list[Object], wanted_labels: dict[str, str]) -> bool:
    same_labels = (current["metadata"].get("labels") or {}) == wanted_labels
    return same_labels and (current.get("subsets") or []) == subsets


def _subsets(service: Object, pods: list[Object]) -> list[Object]:
    """Each pod's address under each port it serves, repacked: addresses with the same
    ports share a subset."""
    spec = service.get("spec") or {}
    tolerate_unready = bool(spec.get("publishNotReadyAddresses"))
    by_ports: dict[PortKey, tuple[list[Object], list[Object]]] = {}
    for pod in pods:
        if not endpointutil.should_be_in_endpoints(pod, tolerate_unready):
            continue
        ports = _ports(spec, pod)
        if ports is None:
            continue
        address = {"ip": pod["status"]["podIP"], **endpointutil.placement(pod, service)}
        ready, not_ready = by_ports.setdefault(ports, ([], []))
        (ready if tolerate_unready or utils.is_pod_ready(pod) else not_ready).append(address)
    return [_subset(ports, *addresses) for ports, addresses in sorted(by_ports.items())]


def _ports(spec: Object, pod: Object) -> PortKey | None:
    """The pod's endpoint ports; None when none of the Service's ports resolve on it (a
    Service without ports, headless, lists the address alone)."""
    found = endpointutil.endpoint_ports({"spec": spec}, pod)
    if spec.get("ports") and not found:
        return None
    return tuple(sorted(found))


def _subset(ports: PortKey, ready: list[Object], not_ready: list[Object]) -> Object:
    subset: Object = {}
    for key, addresses in (("addresses", ready), ("notReadyAddresses", not_ready)):
        if addresses:
            subset[key] = sorted(addresses, key=lambda a: (a["ip"], a["targetRef"]["uid"]))
    if ports:
        subset["ports"] = [_port(*port) for port in ports]
    return subset


def _port(name: str, number: int, protocol: str) -> Object:
    port: Object = {"port": number, "protocol": protocol}
    if name:
        port = {"name": name, **port}
    return port
