"""The node's heartbeat: its Lease in kube-node-lease, renewed every 10 s (a quarter of its
40 s duration), as the kubelet's lease controller does. Owner: the Node, once the kubelet
knows it (setNodeOwnerFunc)."""

from __future__ import annotations

from functools import partial

from cluster.engine.api.meta import Object
from cluster.engine.client import Client, Informer
from cluster.engine.clock import Clock
from cluster.engine.lease import LeaseController, LeaseSpec

NAMESPACE = "kube-node-lease"
DURATION_S = 40
RENEW_MS = DURATION_S * 1000 // 4


def node_lease(clock: Clock, client: Client, node: str, nodes: Informer) -> LeaseController:
    owned = partial(_owned_by_node, nodes, node)
    return LeaseController(
        clock, client, LeaseSpec(node, NAMESPACE, node, DURATION_S, RENEW_MS, owned)
    )


def _owned_by_node(nodes: Informer, node: str, lease: Object) -> None:
    found = nodes.get(node)
    if not lease["metadata"].get("ownerReferences") and found is not None:
        lease["metadata"]["ownerReferences"] = [
            {"apiVersion": "v1", "kind": "Node", "name": node, "uid": found["metadata"]["uid"]}
        ]
