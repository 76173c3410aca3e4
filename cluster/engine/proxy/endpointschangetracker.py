"""The changes to EndpointSlices kube-proxy has seen and not yet synced
(pkg/proxy/endpointschangetracker.go, with the EndpointSliceCache of endpointslicecache.go),
and the endpoints map they are applied to at a sync.

Slices are kept per Service and per slice, applied and pending: an endpoint moving from one
slice to another is never lost in between. A pending change that leaves a slice as it was
applied is no change, and asks for no sync.
"""

from __future__ import annotations

from cluster.engine.api.endpoints import SERVICE_NAME_LABEL
from cluster.engine.api.meta import Object
from cluster.engine.proxy.endpoint import Endpoint
from cluster.engine.proxy.serviceport import ServicePortName

ADDRESS_TYPE = "IPv4"  # the family this proxier tracks

EndpointsMap = dict[ServicePortName, tuple[Endpoint, ...]]
SliceData = tuple[Object, bool]  # endpointSliceData: the slice, and whether it was removed


class EndpointsChangeTracker:
    def __init__(self, node: str) -> None:
        self.node = node
        # by Service key ("namespace/name"), by slice name
        self._applied: dict[str, dict[str, SliceData]] = {}
        self._pending: dict[str, dict[str, SliceData]] = {}

    def endpoint_slice_update(self, slice_: Object, remove: bool) -> bool:
        """EndpointSliceUpdate: whether this slice's change needs a sync."""
        if slice_.get("addressType") != ADDRESS_TYPE:
            return False
        keys = _cache_keys(slice_)
        if keys is None:
            return False
        service, name = keys
        data = (slice_, remove)
        pending = self._pending.setdefault(service, {})
        if name in pending:
            changed = pending[name] != data
        elif name in self._applied.get(service, {}):
            changed = self._applied[service][name] != data
        else:
            changed = not remove  # removing a slice never seen changes nothing
        if changed:
            pending[name] = data
        elif not pending:
            del self._pending[service]
        return changed

    def apply(self, endpoints: EndpointsMap) -> None:
        """EndpointsMap.Update: the pending changes made to `endpoints`, and forgotten."""
        for previous, current in self._checkout_changes().values():
            for key in previous:
                endpoints.pop(key, None)
            endpoints.update(current)

    def _checkout_changes(self) -> dict[str, tuple[EndpointsMap, EndpointsMap]]:
        """Each changed Service's endpoints before and after its pending changes, which
        are applied from now on."""
        changes = {}
        for service in sorted(self._pending):
            applied = self._applied.setdefault(service, {})
            previous = self._endpoints_map(applied)
            for name, data in self._pending[service].items():
                if data[1]:
                    applied.pop(name, None)
                else:
                    applied[name] = data
            if not applied:
                del self._applied[service]
            changes[service] = (previous, self._endpoints_map(applied))
        self._pending.clear()
        return changes

    def _endpoints_map(self, slices: dict[str, SliceData]) -> EndpointsMap:
        """getEndpointsMap: every service port's endpoints, one per ip:port, sorted."""
        by_port: dict[ServicePortName, dict[str, Endpoint]] = {}
        for name in sorted(slices):
            slice_ = slices[name][0]
            namespace = slice_["metadata"]["namespace"]
            service = slice_["metadata"]["labels"][SERVICE_NAME_LABEL]
            for port in slice_.get("ports") or []:
                if not port.get("port"):
                    continue  # "Ignoring invalid endpoint port"
                key = ServicePortName(
                    namespace, service, port.get("name") or "", port.get("protocol", "TCP")
                )
                self._add_endpoints(by_port.setdefault(key, {}), port["port"], slice_)
        return {
            key: tuple(found[ep] for ep in sorted(found)) for key, found in by_port.items() if found
        }

    def _add_endpoints(self, found: dict[str, Endpoint], port: int, slice_: Object) -> None:
        """addEndpoints: of two endpoints at one ip:port, a terminating one gives way (a pod
        network may hand a terminating pod's IP to a new pod)."""
        for endpoint in slice_.get("endpoints") or []:
            if not endpoint.get("addresses"):
                continue
            info = self._endpoint(endpoint, port)
            if str(info) not in found or not info.terminating:
                found[str(info)] = info

    def _endpoint(self, endpoint: Object, port: int) -> Endpoint:
        conditions = endpoint.get("conditions") or {}
        hints = endpoint.get("hints") or {}
        node = endpoint.get("nodeName") or ""
        return Endpoint(
            ip=endpoint["addresses"][0],
            port=port,
            node=node,
            is_local=bool(self.node) and node == self.node,
            ready=conditions.get("ready") is not False,
            serving=conditions.get("serving") is not False,
            terminating=conditions.get("terminating") is True,
            zone_hints=frozenset(z["name"] for z in hints.get("forZones") or []),
            node_hints=frozenset(n["name"] for n in hints.get("forNodes") or []),
        )


def _cache_keys(slice_: Object) -> tuple[str, str] | None:
    """endpointSliceCacheKeys: the slice's Service and its own name (None: it names no
    Service, and is ignored)."""
    meta = slice_["metadata"]
    service = (meta.get("labels") or {}).get(SERVICE_NAME_LABEL)
    if not service or not meta.get("namespace") or not meta.get("name"):
        return None
    return f"{meta['namespace']}/{service}", meta["name"]
