"""The node IPAM controller: gives every node its own pod CIDR out of the cluster CIDR."""

from __future__ import annotations

import ipaddress

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue

CLUSTER_CIDR = "10.244.0.0/16"
NODE_CIDR_MASK = 24


class NodeIPAMController:
    name = "nodeipam"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "nodeipam")
        self.nodes = informers.informer("nodes")
        self.nodes.add_handler(self._on_node)
        self._next_subnet = 0
        self._allocated: dict[str, str] = {}

    def start(self) -> None:
        """Nothing of its own: the shared node informer feeds it."""

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        self.queue.add(node["metadata"]["name"])

    def reconcile(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None:
            return
        existing = node.get("spec", {}).get("podCIDR")
        if existing:
            self._allocated[name] = existing
            return
        cidr = self._allocated.get(name) or self._next_free()
        self._allocated[name] = cidr
        try:
            self.client.call(
                "patch",
                "nodes",
                name=name,
                body={"spec": {"podCIDR": cidr, "podCIDRs": [cidr]}},
                content_type="application/merge-patch+json",
            )
        except APIError as error:
            if error.code != 404:
                raise Retry from error

    def _next_free(self) -> str:
        taken = set(self._allocated.values())
        network = ipaddress.ip_network(CLUSTER_CIDR)
        size = 2 ** (32 - NODE_CIDR_MASK)
        while True:
            base = network.network_address + self._next_subnet * size
            self._next_subnet += 1
            cidr = f"{base}/{NODE_CIDR_MASK}"
            if cidr not in taken:
                return cidr
