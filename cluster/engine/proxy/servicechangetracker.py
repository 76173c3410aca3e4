"""The changes to Services kube-proxy has seen and not yet synced
(pkg/proxy/servicechangetracker.go), and the service port map they are applied to at a sync.

A change is kept per Service as its ports before the first change and after the last: one
that leaves the ports as they were (a new label, an annotation) is no change, and asks for
no sync.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.proxy.serviceport import ServicePort, ServicePortName, service_ports

ServicePortMap = dict[ServicePortName, ServicePort]


class ServiceChangeTracker:
    def __init__(self) -> None:
        self._items: dict[str, tuple[ServicePortMap, ServicePortMap]] = {}

    def update(self, previous: Object | None, current: Object | None) -> bool:
        """Whether any change (this one or an earlier) waits to be synced."""
        key = namespaced_name(current or previous)
        before = self._items[key][0] if key in self._items else service_ports(previous)
        after = service_ports(current)
        if before == after:
            self._items.pop(key, None)
        else:
            self._items[key] = (before, after)
        return bool(self._items)

    def apply(self, ports: ServicePortMap) -> None:
        """ServicePortMap.Update: the pending changes made to `ports`, and forgotten."""
        for previous, current in self._items.values():
            for key in previous:
                ports.pop(key, None)
            ports.update(current)
        self._items.clear()
