"""The iptables proxier (pkg/proxy/iptables/proxier.go): it takes in the Services and
EndpointSlices kube-proxy sees, and at each sync writes every service port's rules from them.

Until both informers have synced, nothing is written. Then every change that makes a
difference asks for a sync, which the BoundedFrequencyRunner spaces by minSyncPeriod: a
change takes effect at the next sync, not at once.

For each service port (syncProxyRules):

- endpoints are chosen by CategorizeEndpoints: the Cluster policy's, the Local policy's;
- its cluster IP goes to the internal policy's chain; with internalTrafficPolicy Local and
  no local endpoint, it is dropped ("has no local endpoints");
- its external IPs, load balancer IPs (through the firewall chain if it has source ranges)
  and NodePort go to its KUBE-EXT chain; with externalTrafficPolicy Local and no local
  endpoint, what the chain lets through is dropped;
- a service port with no usable endpoint anywhere has no nat rules: every way in is
  REJECTed ("has no endpoints").

A cluster IP on a port the Service does not have matches nothing, in iptables mode (the
nftables proxier rejects it): the packet goes on unchanged, to no one.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable
from typing import TypeVar

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock
from cluster.engine.proxy import config
from cluster.engine.proxy.endpoint import Endpoint
from cluster.engine.proxy.endpointschangetracker import EndpointsChangeTracker, EndpointsMap
from cluster.engine.proxy.netfilter import (
    ExternalChain,
    FirewallChain,
    Forward,
    Netfilter,
    PolicyChain,
    Reject,
    Ruleset,
    chain_name,
)
from cluster.engine.proxy.runner import BoundedFrequencyRunner
from cluster.engine.proxy.servicechangetracker import ServiceChangeTracker, ServicePortMap
from cluster.engine.proxy.serviceport import ServicePort
from cluster.engine.proxy.topology import categorize_endpoints

NO_ENDPOINTS = "has no endpoints"
NO_LOCAL_ENDPOINTS = "has no local endpoints"


class Proxier:
    def __init__(
        self, clock: Clock, name: str, node: str, node_ip: str, rng: random.Random
    ) -> None:
        self.name = name  # its timers' owner, as the trace names it
        self.node = node
        self.node_ip = ipaddress.IPv4Address(node_ip)
        self.service_changes = ServiceChangeTracker()
        self.endpoints_changes = EndpointsChangeTracker(node)
        self.svc_port_map: ServicePortMap = {}
        self.endpoints_map: EndpointsMap = {}
        self.topology_labels: dict[str, str] = {}
        self.services_synced = False
        self.endpoint_slices_synced = False
        self.netfilter = Netfilter(clock, node_ip, config.CLUSTER_CIDR, rng)
        self.sync_runner = BoundedFrequencyRunner(
            clock, self.sync_proxy_rules, config.MIN_SYNC_PERIOD_MS
        )
        self.on_sync: Callable[[], None] | None = None  # told once new rules are in place

    @property
    def initialized(self) -> bool:
        return self.services_synced and self.endpoint_slices_synced

    # -- the handlers of kube-proxy's informers -----------------------------------------

    def on_service_update(self, previous: Object | None, current: Object | None) -> None:
        """OnServiceAdd, OnServiceUpdate and OnServiceDelete."""
        if self.service_changes.update(previous, current) and self.initialized:
            self.sync_runner.run()

    def on_services_synced(self) -> None:
        """Sync at once, this once (a no-op until the other informer has synced too)."""
        self.services_synced = True
        self.sync_proxy_rules()

    def on_endpoint_slice_update(self, slice_: Object, remove: bool) -> None:
        """OnEndpointSliceAdd, OnEndpointSliceUpdate and OnEndpointSliceDelete."""
        if self.endpoints_changes.endpoint_slice_update(slice_, remove) and self.initialized:
            self.sync_runner.run()

    def on_endpoint_slices_synced(self) -> None:
        self.endpoint_slices_synced = True
        self.sync_proxy_rules()

    def on_topology_change(self, labels: dict[str, str]) -> None:
        """The node's zone changed: topology hints may choose other endpoints."""
        self.topology_labels = labels
        self.sync_runner.run()

    # -- syncing ------------------------------------------------------------------------

    def sync_proxy_rules(self) -> None:
        """syncProxyRules: apply the changes seen, and restore every service port's rules."""
        if not self.initialized:
            return  # "Not syncing iptables until Services and Endpoints have been received"
        self.service_changes.apply(self.svc_port_map)
        self.endpoints_changes.apply(self.endpoints_map)
        rules = Ruleset()
        for name in sorted(self.svc_port_map):
            endpoints = self.endpoints_map.get(name, ())
            self._write_service(rules, self.svc_port_map[name], endpoints)
        self.netfilter.restore(rules)
        if self.on_sync is not None:
            self.on_sync()

    def route(self, protocol: str, ip: str, port: int, source_ip: str) -> Forward | Reject | None:
        return self.netfilter.route(protocol, ip, port, source_ip)

    def _write_service(
        self, rules: Ruleset, svc: ServicePort, endpoints: tuple[Endpoint, ...]
    ) -> None:
        found = categorize_endpoints(endpoints, svc, self.node, self.topology_labels)
        cluster_chain = local_chain = None
        if found.cluster and svc.uses_cluster_endpoints:
            cluster_chain = PolicyChain(svc.name, svc.protocol, found.cluster, svc.sticky_max_age_s)
        if found.local and svc.uses_local_endpoints:
            local_chain = PolicyChain(svc.name, svc.protocol, found.local, svc.sticky_max_age_s)
        for chain in (cluster_chain, local_chain):
            if chain is not None and chain.sticky_max_age_s:
                rules.recent_lists.update(chain.recent_list(ep) for ep in chain.endpoints)
        internal = local_chain if svc.internal_policy_local else cluster_chain
        external = local_chain if svc.external_policy_local else cluster_chain
        if not found.has_any:
            self._reject_all(rules, svc, Reject(svc.name, NO_ENDPOINTS))
            return
        no_local = Reject(svc.name, NO_LOCAL_ENDPOINTS, drop=True)
        if internal is not None:
            _add(rules.services, (svc.protocol, svc.cluster_ip, svc.port), internal)
        else:
            _add(rules.filters, (svc.protocol, svc.cluster_ip, svc.port), no_local)
        if svc.externally_accessible:
            short_circuit = cluster_chain if svc.external_policy_local else None
            ext = ExternalChain(short_circuit, external)
            self._write_external(rules, svc, ext)
            if external is None:
                self._reject_external(rules, svc, no_local)

    def _write_external(self, rules: Ruleset, svc: ServicePort, ext: ExternalChain) -> None:
        """The ways in from outside, to the service port's KUBE-EXT chain."""
        for ip in svc.external_ips:
            _add(rules.services, (svc.protocol, ip, svc.port), ext)
        lb_target: ExternalChain | FirewallChain = ext
        if svc.load_balancer_vips and svc.load_balancer_source_ranges:
            lb_target = self._firewall(rules, svc, ext)
        for ip in svc.load_balancer_vips:
            _add(rules.services, (svc.protocol, ip, svc.port), lb_target)
        if svc.node_port:
            _add(rules.node_ports, (svc.protocol, svc.node_port), ext)

    def _firewall(self, rules: Ruleset, svc: ServicePort, ext: ExternalChain) -> FirewallChain:
        """KUBE-FW: the load balancer's source ranges; the rest is dropped."""
        name = chain_name("KUBE-FW-", svc.name, svc.protocol.lower())
        dropped = Reject(svc.name, f"traffic not accepted by {name}", drop=True)
        for ip in svc.load_balancer_vips:
            _add(rules.firewall, (svc.protocol, ip, svc.port), dropped)
        ranges = svc.load_balancer_source_ranges
        # a VIP the node holds as its own address loops back with itself as the source
        from_node = any(self.node_ip in network for network in ranges)
        return FirewallChain(ranges, svc.load_balancer_vips if from_node else (), ext)

    def _reject_all(self, rules: Ruleset, svc: ServicePort, reject: Reject) -> None:
        """No usable endpoint anywhere: REJECT every way in."""
        _add(rules.filters, (svc.protocol, svc.cluster_ip, svc.port), reject)
        if svc.externally_accessible:
            self._reject_external(rules, svc, reject)

    def _reject_external(self, rules: Ruleset, svc: ServicePort, reject: Reject) -> None:
        """KUBE-EXTERNAL-SERVICES: what gets this far from outside is rejected or dropped."""
        for ip in (*svc.external_ips, *svc.load_balancer_vips):
            _add(rules.filters, (svc.protocol, ip, svc.port), reject)
        if svc.node_port:
            _add(rules.node_port_filters, (svc.protocol, svc.node_port), reject)


K = TypeVar("K")
V = TypeVar("V")


def _add(table: dict[K, list[V]], key: K, value: V) -> None:
    table.setdefault(key, []).append(value)
