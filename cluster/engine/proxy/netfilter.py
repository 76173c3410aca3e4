"""What a node's netfilter does to a packet under the rules kube-proxy last restored: the
chains of iptables mode, reduced to their decisions.

In the nat table, KUBE-SERVICES matches a service port's cluster IP, external IPs and load
balancer IPs, and last, for a packet to one of the node's own addresses, its NodePorts
(KUBE-NODEPORTS); each jumps to a chain that DNATs the packet to an endpoint. A chain that
ends without a DNAT returns, and matching goes on. A packet no DNAT took then meets the
filter table: the REJECTs and DROPs of services without (local) endpoints, and the load
balancer firewall. What nothing matches goes on unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import random
from dataclasses import dataclass, field

from cluster.engine.clock import Clock
from cluster.engine.proxy.endpoint import Endpoint

# xt_recent's ip_list_tot: the addresses one list remembers, the least recently seen
# forgotten first
RECENT_LIST_SIZE = 100


@dataclass(frozen=True, slots=True)
class Forward:
    """DNAT to one endpoint."""

    service: str  # the ServicePortName as kube-proxy prints it: "default/web:http"
    ip: str
    port: int
    node: str  # the endpoint's nodeName ("" if none)
    # drawn at random among several endpoints (the next connection may go to another)
    drawn: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Reject:
    """The packet is rejected (ICMP port unreachable: the client sees "connection refused")
    or dropped (the client times out)."""

    service: str
    reason: str  # kube-proxy's words: "has no endpoints", "has no local endpoints"
    drop: bool = False


def chain_name(prefix: str, *parts: str) -> str:
    """A per-service chain's name, as kube-proxy hashes it: KUBE-SVC-XPGD46QRK7WJZT7O."""
    digest = hashlib.sha256("".join(parts).encode()).digest()
    return prefix + base64.b32encode(digest).decode()[:16]


@dataclass(frozen=True, slots=True)
class PolicyChain:
    """KUBE-SVC-… (Cluster policy) or KUBE-SVL-… (Local policy): a client seen within the
    affinity timeout goes back to its endpoint; otherwise one endpoint at random."""

    service: str
    protocol: str
    endpoints: tuple[Endpoint, ...]
    sticky_max_age_s: int  # 0: no ClientIP affinity

    def recent_list(self, endpoint: Endpoint) -> str:
        """The endpoint's KUBE-SEP-… chain, whose name its affinity list bears."""
        return chain_name("KUBE-SEP-", self.service, self.protocol.lower(), str(endpoint))


@dataclass(frozen=True, slots=True)
class ExternalChain:
    """KUBE-EXT-…: traffic to a NodePort, an external IP or a load balancer IP. With the
    external policy Local, pods' and the node's own traffic still go to every endpoint
    (the short-circuit); other traffic only to local ones, and falls through if none."""

    short_circuit: PolicyChain | None  # the Cluster policy chain, under external policy Local
    external: PolicyChain | None  # the external policy's chain; None: no endpoint for it


@dataclass(frozen=True, slots=True)
class FirewallChain:
    """KUBE-FW-…: loadBalancerSourceRanges. A source outside them falls through, to the
    DROP of KUBE-PROXY-FIREWALL."""

    source_ranges: tuple[ipaddress.IPv4Network, ...]
    node_sources: tuple[str, ...]  # the LB IPs, allowed as sources when the node's IP is
    next: ExternalChain


Target = PolicyChain | ExternalChain | FirewallChain
Destination = tuple[str, str, int]  # protocol, IP, port


@dataclass(slots=True)
class Ruleset:
    """The rules one sync wrote, indexed by what they match."""

    services: dict[Destination, list[Target]] = field(default_factory=dict)  # nat KUBE-SERVICES
    node_ports: dict[tuple[str, int], list[ExternalChain]] = field(default_factory=dict)
    # the filter table, in the order FORWARD jumps to its chains: KUBE-PROXY-FIREWALL,
    # then KUBE-SERVICES and KUBE-EXTERNAL-SERVICES, and last the rules of the latter that
    # match any local address (the NodePorts')
    firewall: dict[Destination, list[Reject]] = field(default_factory=dict)
    filters: dict[Destination, list[Reject]] = field(default_factory=dict)
    node_port_filters: dict[tuple[str, int], list[Reject]] = field(default_factory=dict)
    recent_lists: set[str] = field(default_factory=set)  # the affinity lists rules name


class Netfilter:
    """The node's packet filter: the ruleset in force, the affinity lists (xt_recent's, in
    the kernel: they outlive a restore while a rule names them), and the randomness of the
    statistic match."""

    def __init__(self, clock: Clock, node_ip: str, cluster_cidr: str, rng: random.Random) -> None:
        self.clock = clock
        self.local_addresses = frozenset({node_ip})  # addrtype LOCAL
        self.cluster_network = ipaddress.IPv4Network(cluster_cidr)
        self.rng = rng
        self.rules = Ruleset()
        self.recent: dict[str, dict[str, int]] = {}  # list -> source -> last seen (ms)

    def restore(self, rules: Ruleset) -> None:
        """iptables-restore: the new rules replace the old; a list no rule names is gone."""
        self.rules = rules
        for name in set(self.recent) - rules.recent_lists:
            del self.recent[name]

    def route(self, protocol: str, ip: str, port: int, source_ip: str) -> Forward | Reject | None:
        """The nat table's DNAT, else the filter table's REJECT or DROP, else None."""
        destination = (protocol, ip, port)
        for target in self.rules.services.get(destination, ()):
            if found := self._jump(target, source_ip):
                return found
        local = ip in self.local_addresses  # KUBE-NODEPORTS: `-m addrtype --dst-type LOCAL`
        if local:
            for chain in self.rules.node_ports.get((protocol, port), ()):
                if found := self._external(chain, source_ip):
                    return found
        rejects = [
            *self.rules.firewall.get(destination, ()),
            *self.rules.filters.get(destination, ()),
            *(self.rules.node_port_filters.get((protocol, port), ()) if local else ()),
        ]
        return rejects[0] if rejects else None

    def spread(self, protocol: str, ip: str, port: int) -> tuple[Endpoint, ...]:
        """The endpoints a Service's cluster address spreads connections over at random
        (none: not one, or its clients stick to an endpoint)."""
        for target in self.rules.services.get((protocol, ip, port), ()):
            if isinstance(target, PolicyChain) and not target.sticky_max_age_s:
                return target.endpoints
        return ()

    def _jump(self, target: Target, source_ip: str) -> Forward | None:
        if isinstance(target, PolicyChain):
            return self._policy(target, source_ip)
        if isinstance(target, ExternalChain):
            return self._external(target, source_ip)
        return self._firewall(target, source_ip)

    def _firewall(self, chain: FirewallChain, source_ip: str) -> Forward | None:
        source = ipaddress.IPv4Address(source_ip)
        if any(source in network for network in chain.source_ranges) or (
            source_ip in chain.node_sources
        ):
            return self._external(chain.next, source_ip)
        return None

    def _external(self, chain: ExternalChain, source_ip: str) -> Forward | None:
        if chain.short_circuit and self._from_here(source_ip):
            return self._policy(chain.short_circuit, source_ip)
        return self._policy(chain.external, source_ip) if chain.external else None

    def _from_here(self, source_ip: str) -> bool:
        """A pod's (the local traffic detector: the cluster CIDR) or the node's own."""
        address = ipaddress.IPv4Address(source_ip)
        return address in self.cluster_network or source_ip in self.local_addresses

    def _policy(self, chain: PolicyChain, source_ip: str) -> Forward:
        """The affinity rules first (`recent --rcheck --seconds T`), in endpoint order; then
        `statistic --mode random --probability 1/(n-i)` down the endpoints, the last sure."""
        if chain.sticky_max_age_s:
            for endpoint in chain.endpoints:
                if self._seen(chain.recent_list(endpoint), source_ip, chain.sticky_max_age_s):
                    return self._dnat(chain, endpoint, source_ip)
        count = len(chain.endpoints)
        for i, endpoint in enumerate(chain.endpoints[:-1]):
            if self.rng.random() < 1 / (count - i):
                return self._dnat(chain, endpoint, source_ip, drawn=True)
        return self._dnat(chain, chain.endpoints[-1], source_ip, drawn=count > 1)

    def _seen(self, name: str, source_ip: str, seconds: int) -> bool:
        """Seen within `seconds`; `--reap` forgets a source seen before."""
        found = self.recent.get(name, {})
        last = found.get(source_ip)
        if last is None:
            return False
        if self.clock.now - last <= seconds * 1000:
            return True
        del found[source_ip]
        return False

    def _dnat(
        self, chain: PolicyChain, endpoint: Endpoint, source_ip: str, drawn: bool = False
    ) -> Forward:
        """The KUBE-SEP-… chain: remember the client (`recent --set`), then DNAT. A pod
        reaching itself is masqueraded too (hairpin), which routing does not change."""
        if chain.sticky_max_age_s:
            found = self.recent.setdefault(chain.recent_list(endpoint), {})
            found.pop(source_ip, None)
            found[source_ip] = self.clock.now
            if len(found) > RECENT_LIST_SIZE:
                del found[next(iter(found))]
        return Forward(chain.service, endpoint.ip, endpoint.port, endpoint.node, drawn)
