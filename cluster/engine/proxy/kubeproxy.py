"""kube-proxy on one node (cmd/kube-proxy/app/server.go): its informers feed the iptables
proxier, whose rules decide what the node's netfilter does to a packet.

It watches, as kube-proxy does, the Services that have a cluster IP and are not left to
another proxy (`spec.clusterIP!=None`, `!service.kubernetes.io/service-proxy-name`), the
EndpointSlices that are not a headless Service's (`!service.kubernetes.io/headless`), and
its own Node, for the zone topology hints are read by. It does not watch ServiceCIDRs: the
iptables proxier ignores them.

KubeLab draws it as a component of its node, not as the pod of kubeadm's DaemonSet; its
client acts as that pod's ServiceAccount (addon.USER).
"""

from __future__ import annotations

import random

from cluster.engine.api.endpoints import HEADLESS_LABEL
from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import Client, Informer
from cluster.engine.clock import Clock
from cluster.engine.proxy.endpoint import Endpoint
from cluster.engine.proxy.iptables import Proxier
from cluster.engine.proxy.netfilter import Forward, Reject
from cluster.engine.proxy.topology import ZONE_LABEL

__all__ = ["Forward", "KubeProxy", "Reject"]

SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name"


class KubeProxy:
    def __init__(
        self, clock: Clock, client: Client, node: str, node_ip: str, rng: random.Random
    ) -> None:
        self.name = f"kube-proxy/{node}"
        self.proxier = Proxier(clock, self.name, node, node_ip, rng)
        self.service_informer = Informer(
            client,
            "services",
            self._on_service,
            field_selector="spec.clusterIP!=None",
            label_selector=f"!{SERVICE_PROXY_NAME_LABEL}",
        )
        self.endpoint_slice_informer = Informer(
            client, "endpointslices", self._on_endpoint_slice, label_selector=f"!{HEADLESS_LABEL}"
        )
        self.node_informer = Informer(
            client, "nodes", self._on_node, field_selector=f"metadata.name={node}"
        )

    def start(self) -> None:
        """Watch (raises APIError if refused); each informer's initial objects are its
        synced state, and once both are in, the rules are synced at once."""
        self.service_informer.start()
        self.proxier.on_services_synced()
        self.endpoint_slice_informer.start()
        self.proxier.on_endpoint_slices_synced()
        self.node_informer.start()

    def route(self, protocol: str, ip: str, port: int, source_ip: str) -> Forward | Reject | None:
        """What this node's netfilter does to a packet from `source_ip` to ip:port, under
        the rules kube-proxy last synced: DNAT to an endpoint, REJECT or DROP, or nothing."""
        return self.proxier.route(protocol, ip, port, source_ip)

    def spread(self, protocol: str, ip: str, port: int) -> tuple[Endpoint, ...]:
        """The endpoints its rules spread connections to a Service's ip:port over."""
        return self.proxier.netfilter.spread(protocol, ip, port)

    def _on_service(self, kind: str, service: Object, old: Object | None) -> None:
        previous = None if kind == ADDED else old or service
        self.proxier.on_service_update(previous, None if kind == DELETED else service)

    def _on_endpoint_slice(self, kind: str, slice_: Object, old: Object | None) -> None:
        self.proxier.on_endpoint_slice_update(slice_, remove=kind == DELETED)

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        """NodeTopologyConfig: only a change of the node's zone matters."""
        if kind == DELETED:
            return
        labels = node["metadata"].get("labels") or {}
        topology = {ZONE_LABEL: labels[ZONE_LABEL]} if ZONE_LABEL in labels else {}
        if topology != self.proxier.topology_labels:
            self.proxier.on_topology_change(topology)
