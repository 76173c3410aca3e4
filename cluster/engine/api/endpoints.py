"""Endpoints in their canonical layout (pkg/api/v1/endpoints): RepackSubsets, which code
that compares or converts Endpoints relies on; and the labels that tie Endpoints and
EndpointSlices to their Service."""

from __future__ import annotations

from typing import Any

from cluster.engine.api.meta import Object

SERVICE_NAME_LABEL = "kubernetes.io/service-name"  # discovery.LabelServiceName
HEADLESS_LABEL = "service.kubernetes.io/headless"  # v1.IsHeadlessService
AddressKey = tuple[str, str]  # an address's IP and the uid of its target
PortKey = tuple[Any, ...]  # a port's name, number, protocol and app protocol
NO_PORTS: PortKey = ()  # the sentinel under which a subset without ports files its addresses


def repack_subsets(subsets: list[Object]) -> list[Object]:
    """RepackSubsets: every address under every port it is offered on, regrouped so that
    the ports offered by the same addresses (each as ready or not) share one subset.

    An address is known by its IP and its target's uid: one listed twice keeps its first
    form, and is not ready for a port if any listing says so. A subset without addresses
    goes. Addresses are ordered by IP, then uid; subsets and their ports keep the order
    they first appear in (Kubernetes orders them by a hash of their contents)."""
    addresses: dict[AddressKey, Object] = {}
    ports: dict[PortKey, Object] = {}
    readiness: dict[PortKey, dict[AddressKey, bool]] = {}
    for subset in subsets:
        keys = [_port_key(port) for port in subset.get("ports") or ()] or [NO_PORTS]
        for port in subset.get("ports") or ():
            ports.setdefault(_port_key(port), port)
        for ready, listed in ((True, "addresses"), (False, "notReadyAddresses")):
            for address in subset.get(listed) or ():
                key = _address_key(address)
                addresses.setdefault(key, address)
                for port in keys:
                    found = readiness.setdefault(port, {})
                    found[key] = found.get(key, True) and ready
    grouped: dict[frozenset[tuple[AddressKey, bool]], list[PortKey]] = {}
    for port, found in readiness.items():
        grouped.setdefault(frozenset(found.items()), []).append(port)
    return [
        _subset(group, [ports[p] for p in keys if p != NO_PORTS], addresses)
        for group, keys in grouped.items()
    ]


def _port_key(port: Object) -> PortKey:
    return (
        port.get("name", ""),
        port.get("port", 0),
        port.get("protocol", ""),
        port.get("appProtocol"),
    )


def _address_key(address: Object) -> AddressKey:
    return address.get("ip", ""), (address.get("targetRef") or {}).get("uid", "")


def _subset(
    group: frozenset[tuple[AddressKey, bool]],
    ports: list[Object],
    addresses: dict[AddressKey, Object],
) -> Object:
    subset: Object = {}
    for name, wanted in (("addresses", True), ("notReadyAddresses", False)):
        found = [addresses[key] for key, ready in group if ready == wanted]
        if found:
            subset[name] = sorted(found, key=_address_order)
    if ports:
        subset["ports"] = ports
    return subset


def _address_order(address: Object) -> tuple[str, bool, str]:
    """LessEndpointAddress: by IP, then one without a target first, then by uid."""
    ref = address.get("targetRef")
    return address.get("ip", ""), ref is not None, (ref or {}).get("uid", "")
