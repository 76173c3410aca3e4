"""kindnet on one node: its network policy controller (sigs.k8s.io/kube-network-policies)
judges each new connection of the node's pods, their egress on the node that sends and
their ingress on the node that receives, by the NetworkPolicies that select them.

It watches NetworkPolicies, and while there is one, the pods (whose addresses, labels and
ports the policies speak of) and the namespaces (whose labels they select by). With no
policy there is nothing to judge, and it holds nothing of either.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client, Informer
from cluster.engine.networkpolicy.policy import INGRESS, Endpoint, Packet, allows, isolating

TERMINAL = ("Succeeded", "Failed")  # pods whose address is gone with their sandbox


class NetworkPolicyAgent:
    def __init__(self, client: Client, node: str, dns: Endpoint | None = None) -> None:
        self.name = f"kindnet/{node}"
        self.dns = dns  # the cluster DNS: its address, as the CoreDNS pods it stands for
        self.policies = Informer(client, "networkpolicies", self._on_policy)
        self.pods = Informer(client, "pods", self._on_pod)
        self.namespaces = Informer(client, "namespaces")
        self.following = False  # the pods and namespaces, while a policy is there
        self._by_ip: dict[str, Object] = {}

    def start(self) -> None:
        self.policies.start()

    @property
    def active(self) -> bool:
        return bool(self.policies.cache)

    def endpoint(self, ip: str, port: int = 0) -> Endpoint:
        """Who has `ip`: a pod (the cluster DNS's port: a CoreDNS pod), or no pod."""
        if (
            self.dns is not None
            and ip == self.dns.ip
            and any(p == port for _, p, _ in self.dns.ports)
        ):
            return self.dns
        pod = self._by_ip.get(ip)
        if pod is None:
            return Endpoint(ip)
        meta = pod["metadata"]
        ports = tuple(
            (port.get("name", ""), port["containerPort"], port.get("protocol", "TCP"))
            for container in pod["spec"].get("containers") or ()
            for port in container.get("ports") or ()
        )
        return Endpoint(ip, meta["namespace"], meta.get("labels") or {}, ports, meta["name"])

    def dropped(self, packet: Packet, direction: str) -> str:
        """Why the packet is dropped in `direction` of its pod ("": it is not)."""
        pod = packet.destination if direction == INGRESS else packet.source
        if not pod.pod or not self.active:
            return ""
        found = isolating(sorted(self.policies.cache.values(), key=_name), pod, direction)
        if not found or allows(found, direction, packet, self._namespace_labels()):
            return ""
        names = ", ".join(_name(policy) for policy in found)
        way = "to" if direction == INGRESS else "from"
        return f"{direction.lower()} {way} {pod.namespace}/{pod.name} not allowed by {names}"

    def _namespace_labels(self) -> dict[str, dict[str, str]]:
        return {
            ns["metadata"]["name"]: ns["metadata"].get("labels") or {}
            for ns in self.namespaces.cache.values()
        }

    def _on_policy(self, kind: str, policy: Object, old: Object | None) -> None:
        if self.active and not self.following:
            self.namespaces.start()
            self.pods.start()
            self.following = True
        elif not self.active and self.following:
            for informer in (self.pods, self.namespaces):
                informer.stop()
                informer.cache.clear()
            self._by_ip.clear()
            self.following = False

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        """Keep the pods by their addresses."""
        for gone in (old, pod):
            for ip in _ips(gone):
                if self._by_ip.get(ip) is gone:
                    del self._by_ip[ip]
        live = kind != DELETED and (pod.get("status") or {}).get("phase") not in TERMINAL
        if live and not (pod.get("spec") or {}).get("hostNetwork"):  # a node's address
            self._by_ip.update((ip, pod) for ip in _ips(pod))


def _ips(pod: Object | None) -> list[str]:
    status = (pod or {}).get("status") or {}
    return [entry["ip"] for entry in status.get("podIPs") or () if entry.get("ip")]


def _name(policy: Object) -> str:
    return policy["metadata"]["name"]
