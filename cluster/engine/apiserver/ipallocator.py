"""kube-apiserver's ClusterIP allocator since Kubernetes 1.33 (ipallocator/cidrallocator.go):
the cluster IPs come from the ServiceCIDRs, and an IP is allocated by storing an IPAddress
named by it, whose parentRef is the Service; releasing it deletes the IPAddress.

Each ready ServiceCIDR (Ready not False, not being deleted) has an allocator, and a dynamic
allocation asks them in no set order (a Go map's: here the cluster's seeded rng), each
picking at random, first above its range offset (the lower part is kept for IPs users ask
for), then below it. An IP a user asks for must be in a ready ServiceCIDR and have no
IPAddress yet.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.store import codec
from cluster.engine.store.etcd import Etcd

FAMILY_LABEL = "ipaddress.kubernetes.io/ip-family"
MANAGED_BY_LABEL = "ipaddress.kubernetes.io/managed-by"
MANAGED_BY = "ipallocator.k8s.io"
RANGE_FULL = "range is full"
ALLOCATED = "provided IP is already allocated"
MISMATCHED_NETWORK = "the provided network does not match the current range"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Pick = Callable[[random.Random, int, int, set[int]], int | None]


class AllocationError(Exception):
    """An allocation refused, in the allocator's words."""


def ready_condition(cidr: Object) -> Object | None:
    """A ServiceCIDR's Ready condition, if it has one."""
    conditions = (cidr.get("status") or {}).get("conditions") or []
    return next((c for c in conditions if c.get("type") == "Ready"), None)


def with_ready(cidr: Object, status: str, reason: str, message: str, now: str) -> Object:
    """The ServiceCIDR with this Ready condition in place of the one it had."""
    conditions = (cidr.get("status") or {}).get("conditions") or []
    others = [c for c in conditions if c.get("type") != "Ready"]
    # metav1.Condition's reason is never left out, even empty
    ready = {
        "type": "Ready",
        "status": status,
        "lastTransitionTime": now,
        "reason": reason,
        "message": message,
    }
    return {**cidr, "status": {"conditions": [*others, ready]}}


def ready_networks(etcd: Etcd) -> list[Network]:
    """The networks of the ServiceCIDRs that allocate: Ready not False, not being deleted."""
    found: list[Network] = []
    for kv in etcd.range(resources.BY_NAME["servicecidrs"].prefix()):
        cidr = codec.decode(kv.value)
        ready = ready_condition(cidr)
        if cidr["metadata"].get("deletionTimestamp") or (ready and ready["status"] != "True"):
            continue
        for text in (cidr.get("spec") or {}).get("cidrs") or ():
            network = ipaddress.ip_network(text)
            if network.version == 4 and network not in found:
                found.append(network)
    return found


def contains(network: Network, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """PrefixContainsIP: never the network address, nor an IPv4 range's broadcast address."""
    if ip not in network or ip == network.network_address:
        return False
    return network.version == 6 or ip != network.broadcast_address


def key(ip: str) -> str:
    """The etcd key of the IPAddress of `ip`."""
    return resources.BY_NAME["ipaddresses"].key("", ip)


def allocate(etcd: Etcd, rng: random.Random, pick: Pick, offset: Callable[[int], int]) -> str:
    """AllocateNextService: a free IP of a ready ServiceCIDR, or `range is full`."""
    networks = ready_networks(etcd)
    if len(networks) > 1:
        rng.shuffle(networks)
    taken = _allocated(etcd)
    for network in networks:
        base = int(network.network_address) + 1
        size = network.num_addresses - 2
        used = {int(ipaddress.ip_address(ip)) - base for ip in taken}
        at = pick(rng, size, offset(size), {i for i in used if 0 <= i < size})
        if at is not None:
            return str(ipaddress.ip_address(base + at))
    raise AllocationError(RANGE_FULL)


def check(etcd: Etcd, ip: str) -> None:
    """AllocateService: the IP asked for is in a ready ServiceCIDR and not taken."""
    address = ipaddress.ip_address(ip)
    if not any(contains(network, address) for network in ready_networks(etcd)):
        raise AllocationError(MISMATCHED_NETWORK)
    if etcd.get(key(ip)) is not None:
        raise AllocationError(ALLOCATED)


def _allocated(etcd: Etcd) -> set[str]:
    prefix = resources.BY_NAME["ipaddresses"].prefix()
    return {kv.key[len(prefix) :] for kv in etcd.range(prefix)}


def ip_address(ip: str, service: Object) -> Object:
    """The IPAddress that allocates `ip` to the Service."""
    meta = service["metadata"]
    family = "IPv4" if ipaddress.ip_address(ip).version == 4 else "IPv6"
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IPAddress",
        "metadata": {
            "name": ip,
            "labels": {FAMILY_LABEL: family, MANAGED_BY_LABEL: MANAGED_BY},
        },
        "spec": {
            "parentRef": {
                "group": "",
                "resource": "services",
                "namespace": meta.get("namespace", ""),
                "name": meta["name"],
            }
        },
    }


def service_ips(service: Object | None) -> list[str]:
    """The cluster IPs a Service holds (none for a headless one)."""
    ips = ((service or {}).get("spec") or {}).get("clusterIPs") or []
    return [ip for ip in ips if ip and ip != "None"]


def changed(old: Object | None, new: Object | None) -> tuple[list[str], list[str]]:
    """The IPs a write of a Service allocates and those it releases."""
    before, after = service_ips(old), service_ips(new)
    return [ip for ip in after if ip not in before], [ip for ip in before if ip not in after]
