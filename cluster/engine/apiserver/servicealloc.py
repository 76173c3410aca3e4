"""What kube-apiserver's Service storage does before a Service is validated and stored
(pkg/registry/core/service/storage/alloc.go, rest.go and the portallocator): it fills in the
IP families, allocates a cluster IP from the ServiceCIDRs (see ipallocator) and node ports
from the node port range, keeps what a client left out of an update, and clears what a new
type no longer needs.

Allocation is random, from the cluster's seeded rng, as Kubernetes' allocators pick: first in
the upper part of the range, leaving the lower part for values users ask for, then in the
lower part. The node ports allocated are those the stored Services hold, so deleting a
Service releases its ports; its cluster IPs are released with their IPAddresses.
"""

from __future__ import annotations

import ipaddress
import random

from cluster.engine.api import resources
from cluster.engine.api.field import FieldError, invalid
from cluster.engine.api.meta import Object
from cluster.engine.api.servicevalidation import NONE, parse_ip_sloppy, valid_ip
from cluster.engine.apiserver import errors, ipallocator
from cluster.engine.store import codec
from cluster.engine.store.etcd import Etcd

SERVICE_CIDR = ipaddress.IPv4Network("10.96.0.0/12")  # kubeadm's --service-cluster-ip-range
NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767  # --service-node-port-range
PORT_ALLOCATED = "provided port is already allocated"
PORT_NOT_IN_RANGE = (
    "provided port is not in the valid range. The range of valid ports is "
    f"{NODE_PORT_MIN}-{NODE_PORT_MAX}"
)
IPV4 = "IPv4"
SINGLE_STACK, REQUIRE_DUAL_STACK = "SingleStack", "RequireDualStack"


def first_ip() -> str:
    """The first address of the range: the `kubernetes` Service's."""
    return str(SERVICE_CIDR.network_address + 1)


def _range_offset(size: int, minimum: int, maximum: int, step: int) -> int:
    """calculateRangeOffset: the lower part of a range kept for values users ask for."""
    if size <= minimum:
        return 0
    return max(minimum, min(maximum, size // step))


def allocated_node_ports(etcd: Etcd, skip: str = "") -> set[int]:
    """The node ports the stored Services hold, but for the one at key `skip` (being
    updated)."""
    found: set[int] = set()
    for kv in etcd.range(resources.BY_NAME["services"].prefix()):
        if kv.key != skip:
            found.update(_node_ports(codec.decode(kv.value).get("spec") or {}))
    return found


def _node_ports(spec: Object) -> set[int]:
    ports = {p["nodePort"] for p in spec.get("ports") or [] if p.get("nodePort")}
    if spec.get("healthCheckNodePort"):
        ports.add(spec["healthCheckNodePort"])
    return ports


def _pick(rng: random.Random, size: int, offset: int, taken: set[int]) -> int | None:
    """randomScanStrategyWithOffset: a free index, from a random start in the upper part,
    then in the lower part."""
    for low, high in ((offset, size), (0, offset)):
        span = high - low
        if span <= 0:
            continue
        start = rng.randrange(span)
        for i in range(span):
            at = low + (start + i) % span
            if at not in taken:
                return at
    return None


def _next_ip(etcd: Etcd, rng: random.Random) -> str:
    try:
        return ipallocator.allocate(etcd, rng, _pick, _ip_range_offset)
    except ipallocator.AllocationError as error:
        raise errors.internal(Exception(f"failed to allocate a serviceIP: {error}")) from None


def _ip_range_offset(size: int) -> int:
    return _range_offset(size, 16, 256, 16)


def _next_node_port(rng: random.Random, used: set[int]) -> int:
    size = NODE_PORT_MAX - NODE_PORT_MIN + 1
    taken = {port - NODE_PORT_MIN for port in used}
    at = _pick(rng, size, _range_offset(size, 16, 128, 32), taken)
    if at is None:
        raise errors.internal(Exception("failed to allocate a nodePort: range is full"))
    return NODE_PORT_MIN + at


# -- what each type needs -------------------------------------------------------------------


def needs_cluster_ip(spec: Object) -> bool:
    return spec.get("type") != "ExternalName"


def needs_node_port(spec: Object) -> bool:
    kind = spec.get("type")
    return kind == "NodePort" or (
        kind == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is not False
    )


def needs_health_check(spec: Object) -> bool:
    return spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"


# -- create and update ----------------------------------------------------------------------


def begin_create(service: Object, etcd: Etcd, rng: random.Random) -> None:
    """beginCreate: IP families, then the cluster IP and node ports (422 if taken)."""
    spec = service.setdefault("spec", {})
    if spec.get("clusterIP") and not spec.get("clusterIPs"):
        spec["clusterIPs"] = [spec["clusterIP"]]  # NormalizeClusterIPs: an old client
    _allocate(service, etcd, allocated_node_ports(etcd), rng, None)


def begin_update(service: Object, old: Object, etcd: Etcd, rng: random.Random) -> None:
    """beginUpdate: keep what was allocated and left out, sync clusterIP and clusterIPs,
    drop what the new type does not need, then allocate what it newly needs."""
    spec, before = service.setdefault("spec", {}), old.get("spec") or {}
    _patch_allocated(spec, before)
    _normalize_cluster_ips(spec, before)
    _drop_type_dependent(spec, before)
    meta = service["metadata"]
    key = resources.BY_NAME["services"].key(meta.get("namespace", ""), meta["name"])
    _allocate(service, etcd, allocated_node_ports(etcd, skip=key), rng, before)


def _patch_allocated(spec: Object, before: Object) -> None:
    """patchAllocatedValues: an update that leaves out the cluster IP or a node port keeps it."""
    if needs_cluster_ip(before) and needs_cluster_ip(spec):
        for key in ("clusterIP", "clusterIPs"):
            if not spec.get(key) and before.get(key):
                spec[key] = codec.deep_copy(before[key])
    if needs_node_port(before) and needs_node_port(spec):
        old_ports = {
            (p.get("port"), p.get("protocol")): p["nodePort"]
            for p in before.get("ports") or []
            if p.get("nodePort")
        }
        for port in spec.get("ports") or []:
            kept = old_ports.get((port.get("port"), port.get("protocol")))
            if not port.get("nodePort") and kept:
                port["nodePort"] = kept
    keep_health_check = needs_health_check(before) and needs_health_check(spec)
    if keep_health_check and not spec.get("healthCheckNodePort"):
        spec["healthCheckNodePort"] = before.get("healthCheckNodePort")


def _normalize_cluster_ips(spec: Object, before: Object) -> None:
    """NormalizeClusterIPs on update: a changed clusterIP with the same clusterIPs wins."""
    ip, ips = spec.get("clusterIP", ""), spec.get("clusterIPs") or []
    if ip == before.get("clusterIP", "") or ips != (before.get("clusterIPs") or []):
        return
    if not ip:
        spec.pop("clusterIPs", None)
    else:
        spec["clusterIPs"] = [ip, *ips[1:]]


def _drop_type_dependent(spec: Object, before: Object) -> None:
    """dropTypeDependentFields: what the old type needed and the new one does not, unless
    the client changed it."""

    def same(key: str) -> bool:
        return spec.get(key) == before.get(key)

    if needs_cluster_ip(before) and not needs_cluster_ip(spec):
        dropped = ("clusterIP", "clusterIPs") if same("clusterIPs") else ()
        for key in (*dropped, *(k for k in ("ipFamilies", "ipFamilyPolicy") if same(k))):
            spec.pop(key, None)
    node_ports = [p.get("nodePort") for p in spec.get("ports") or []]
    old_node_ports = [p.get("nodePort") for p in before.get("ports") or []]
    if needs_node_port(before) and not needs_node_port(spec) and node_ports == old_node_ports:
        for port in spec.get("ports") or []:
            port.pop("nodePort", None)
    if needs_health_check(before) and not needs_health_check(spec) and same("healthCheckNodePort"):
        spec.pop("healthCheckNodePort", None)
    if spec.get("type") != "LoadBalancer" and same("allocateLoadBalancerNodePorts"):
        spec.pop("allocateLoadBalancerNodePorts", None)
    external = spec.get("type") in ("NodePort", "LoadBalancer") or spec.get("externalIPs")
    if not external and same("externalTrafficPolicy"):
        spec.pop("externalTrafficPolicy", None)


def _allocate(
    service: Object, etcd: Etcd, node_ports: set[int], rng: random.Random, old: Object | None
) -> None:
    spec = service["spec"]
    if not needs_cluster_ip(spec):
        return
    problems = _init_ip_families(spec) or _cluster_ip(spec, etcd, rng, old)
    if not problems:
        problems = _allocate_node_ports(spec, node_ports, rng)
    if problems:
        resource = resources.BY_NAME["services"]
        name = service["metadata"].get("name", "")
        raise errors.invalid(resource, name, [p.cause() for p in problems])


def _init_ip_families(spec: Object) -> list[FieldError]:
    """initIPFamilyFields for a single-stack IPv4 cluster: a headless Service without a
    selector asks for dual stack, and gets what the cluster has; anyone else who requires
    dual stack, or asks for IPv6, is refused."""
    selectorless = spec.get("clusterIP") == NONE and not spec.get("selector")
    problems = [
        invalid(f"spec.ipFamilies[{i}]", family, "not configured on this cluster")
        for i, family in enumerate(spec.get("ipFamilies") or [])
        if family != IPV4
    ]
    if spec.get("ipFamilyPolicy") == REQUIRE_DUAL_STACK and not selectorless:
        detail = "this cluster is not configured for dual-stack services"
        problems.append(invalid("spec.ipFamilyPolicy", REQUIRE_DUAL_STACK, detail))
    if spec.get("ipFamilyPolicy") is None:
        spec["ipFamilyPolicy"] = REQUIRE_DUAL_STACK if selectorless else SINGLE_STACK
    if not spec.get("ipFamilies"):
        spec["ipFamilies"] = [IPV4]
    return problems


def _cluster_ip(
    spec: Object, etcd: Etcd, rng: random.Random, old: Object | None
) -> list[FieldError]:
    """txnAllocClusterIPs: the IP asked for (422 if not in a ServiceCIDR or taken), else a
    free one."""
    ips = spec.get("clusterIPs") or []
    if ips and ips[0] == NONE:
        return []
    if not ips:
        ip = _next_ip(etcd, rng)
        spec["clusterIP"], spec["clusterIPs"] = ip, [ip]
        return []
    kept = (old or {}).get("clusterIPs") or []
    if ips[0] in kept or not valid_ip(ips[0]):  # unchanged, or for validation to refuse
        return []
    try:
        ipallocator.check(etcd, str(parse_ip_sloppy(ips[0])))
    except ipallocator.AllocationError as error:
        return [invalid("spec.clusterIPs", ips, f"failed to allocate IP {ips[0]}: {error}")]
    return []


def _allocate_node_ports(spec: Object, used: set[int], rng: random.Random) -> list[FieldError]:
    """initNodePorts: ports asked for must be free and in range; the others get one each (a
    port number shared by two protocols shares its node port). The first refusal is the
    answer."""
    if not needs_node_port(spec):
        return []
    taken, mine = set(used), set[int]()
    by_number: dict[object, int] = {}
    ports = spec.get("ports") or []
    for i, port in enumerate(ports):
        wanted, shared = port.get("nodePort"), by_number.get(port.get("port"))
        if shared is not None and not wanted:
            port["nodePort"] = shared
            continue
        if shared is None:
            wanted = wanted or _requested(port.get("port"), ports[i:])
        if shared is not None and wanted == shared:
            continue
        if wanted:
            detail = _unavailable(wanted, taken | mine)
            if detail:
                return [invalid(f"spec.ports[{i}].nodePort", wanted, detail)]
        else:
            wanted = _next_node_port(rng, taken | mine)
        port["nodePort"] = wanted
        mine.add(wanted)
        by_number.setdefault(port.get("port"), wanted)
    if needs_health_check(spec) and not spec.get("healthCheckNodePort"):
        spec["healthCheckNodePort"] = _next_node_port(rng, taken | mine)
    return []


def _requested(number: object, ports: list[Object]) -> int:
    """findRequestedNodePort: the node port asked for by a port with this number."""
    return next((p["nodePort"] for p in ports if p.get("port") == number and p.get("nodePort")), 0)


def _unavailable(port: object, taken: set[int]) -> str:
    if not isinstance(port, int) or not NODE_PORT_MIN <= port <= NODE_PORT_MAX:
        return PORT_NOT_IN_RANGE
    return PORT_ALLOCATED if port in taken else ""
