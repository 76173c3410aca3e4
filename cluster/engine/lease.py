"""A component's heartbeat Lease, as component-helpers' lease controller keeps it for the
kubelet (its node's Lease) and for kube-apiserver (its identity Lease).

Every renew interval it updates the Lease it last wrote, without reading it first; when
that fails it reads it again, creating it if it is missing. Before each write a
post-processing step may add what the component wants on it (an owner, labels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cluster.engine.api.meta import Object, format_timestamp
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock


def micro_time(clock: Clock) -> str:
    """metav1.MicroTime: RFC 3339 with microseconds."""
    unix_ms = clock.epoch * 1000 + clock.now
    return f"{format_timestamp(unix_ms // 1000)[:-1]}.{unix_ms % 1000:03d}000Z"


def renew_time(lease: Object | None) -> float | None:
    """spec.renewTime in unix seconds (None: not set)."""
    text = ((lease or {}).get("spec") or {}).get("renewTime")
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None


@dataclass(frozen=True, slots=True)
class LeaseSpec:
    name: str
    namespace: str
    holder: str  # spec.holderIdentity
    duration_s: int  # spec.leaseDurationSeconds
    renew_ms: int
    # newLeasePostProcessFunc: changes the copy about to be written (picklable: a snapshot
    # holds it)
    post_process: Callable[[Object], None] | None = None


class LeaseController:
    def __init__(self, clock: Clock, client: Client, spec: LeaseSpec) -> None:
        self.clock = clock
        self.client = client
        self.spec = spec
        self.latest: Object | None = None  # the Lease as last written

    def start(self) -> None:
        self.renew_lease()

    def renew_lease(self) -> None:
        """The controller's sync, every renew interval (named for what a timer shows)."""
        spec = self.spec
        self.clock.call_later(spec.renew_ms, self.renew_lease, background=True)
        if self.latest is not None and self._update(self.latest):
            return
        try:
            lease = self.client.call("get", "leases", spec.namespace, spec.name)
        except APIError as error:
            if error.code == 404:
                self._create()
            return
        self._update(lease)

    def _create(self) -> None:
        spec = self.spec
        lease: Object = {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": {"name": spec.name, "namespace": spec.namespace},
            "spec": {"holderIdentity": spec.holder, "leaseDurationSeconds": spec.duration_s},
        }
        try:
            self.latest = self.client.call(
                "create", "leases", spec.namespace, body=self._renewed(lease)
            )
        except APIError:
            self.latest = None

    def _update(self, lease: Object) -> bool:
        spec = self.spec
        try:
            self.latest = self.client.call(
                "update", "leases", spec.namespace, spec.name, body=self._renewed(lease)
            )
        except APIError:
            self.latest = None
            return False
        return True

    def _renewed(self, lease: Object) -> Object:
        """A copy with renewTime now, post-processed."""
        renewed = {**lease, "metadata": dict(lease["metadata"]), "spec": dict(lease["spec"])}
        renewed["spec"]["renewTime"] = micro_time(self.clock)
        if self.spec.post_process is not None:
            self.spec.post_process(renewed)
        return renewed
