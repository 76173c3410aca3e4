"""The node's heartbeat: its Lease in kube-node-lease, renewed every 10 s (a quarter of its
40 s duration), as the kubelet's lease controller (component-helpers/apimachinery/lease)
does. It updates the Lease it last wrote without reading it first; when that fails it
reads it again (creating it if it is missing). Owner: the Node, once the kubelet knows it."""

from __future__ import annotations

from cluster.engine.api.meta import Object, format_timestamp
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock

NAMESPACE = "kube-node-lease"
DURATION_S = 40
RENEW_MS = DURATION_S * 1000 // 4


def micro_time(clock: Clock) -> str:
    """metav1.MicroTime: RFC 3339 with microseconds."""
    unix_ms = clock.epoch * 1000 + clock.now
    return f"{format_timestamp(unix_ms // 1000)[:-1]}.{unix_ms % 1000:03d}000Z"


class NodeLease:
    def __init__(self, clock: Clock, client: Client, node: str, nodes: Informer) -> None:
        self.clock = clock
        self.client = client
        self.node = node
        self.nodes = nodes
        self.latest: Object | None = None

    def start(self) -> None:
        self.sync()

    def sync(self) -> None:
        self.clock.call_later(RENEW_MS, self.sync, background=True)
        if self.latest is not None and self._update(self.latest):
            return
        try:
            lease = self.client.call("get", "leases", NAMESPACE, self.node)
        except APIError as error:
            if error.code == 404:
                self._create()
            return
        self._update(lease)

    def _create(self) -> None:
        lease: Object = {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": {"name": self.node, "namespace": NAMESPACE},
            "spec": {"holderIdentity": self.node, "leaseDurationSeconds": DURATION_S},
        }
        try:
            self.latest = self.client.call("create", "leases", NAMESPACE, body=self._renewed(lease))
        except APIError:
            self.latest = None

    def _update(self, lease: Object) -> bool:
        try:
            self.latest = self.client.call(
                "update", "leases", NAMESPACE, self.node, body=self._renewed(lease)
            )
        except APIError:
            self.latest = None
            return False
        return True

    def _renewed(self, lease: Object) -> Object:
        """A copy with renewTime now, owned by the Node (setNodeOwnerFunc)."""
        renewed = {**lease, "metadata": dict(lease["metadata"]), "spec": dict(lease["spec"])}
        renewed["spec"]["renewTime"] = micro_time(self.clock)
        node = self.nodes.get(self.node)
        if not renewed["metadata"].get("ownerReferences") and node is not None:
            renewed["metadata"]["ownerReferences"] = [
                {
                    "apiVersion": "v1",
                    "kind": "Node",
                    "name": self.node,
                    "uid": node["metadata"]["uid"],
                }
            ]
        return renewed
