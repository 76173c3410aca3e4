"""kube-apiserver's system namespaces controller (pkg/controlplane/controller/systemnamespaces):
once a minute it creates kube-system, kube-public and kube-node-lease if they are missing,
so that a deleted one comes back. (`default` may not be deleted at all.)

It reads the namespaces from kube-apiserver's own view of them, as the real one reads its
namespace lister, and sends a request only for one that is missing.
"""

from __future__ import annotations

from cluster.engine.apiserver.admission import Store
from cluster.engine.apiserver.bootstrappolicy import Loopback
from cluster.engine.clock import Clock

NAME = "kube-apiserver"
INTERVAL_MS = 60_000
SYSTEM_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease")


class SystemNamespacesController:
    def __init__(self, clock: Clock, loopback: Loopback, namespaces: Store) -> None:
        self.clock = clock
        self.loopback = loopback
        self.namespaces = namespaces

    def start(self) -> None:
        self.clock.call_later(INTERVAL_MS, self.ensure_system_namespaces, background=True)

    def ensure_system_namespaces(self) -> None:
        """sync: create each system namespace the lister does not hold; AlreadyExists is
        success, and any other failure waits for the next round."""
        self.start()
        for name in SYSTEM_NAMESPACES:
            if self.namespaces.lookup("namespaces", "", name) is None:
                self.loopback.request("create", "namespaces", body={"metadata": {"name": name}})
