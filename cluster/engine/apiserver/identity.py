"""kube-apiserver's identity (APIServerIdentity), two of its post-start hooks:

- start-kube-apiserver-identity-lease-controller: a Lease in kube-system named after the
  server, `apiserver-<hash of its hostname>`, held for an hour and renewed every 10 s;
- start-kube-apiserver-identity-lease-garbage-collector: every hour, the identity Leases
  whose holder stopped renewing them for longer than their duration are deleted (those of
  kube-apiserver instances gone), read from an informer and checked again before.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import random
from functools import partial

from cluster.engine.api.meta import Object, new_uid
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock
from cluster.engine.lease import LeaseController, LeaseSpec, renew_time

COMPONENT = "kube-apiserver"
NAMESPACE = "kube-system"
IDENTITY_LABEL = "apiserver.kubernetes.io/identity"
HOSTNAME_LABEL = "kubernetes.io/hostname"
DURATION_S = 3600  # IdentityLeaseDurationSeconds
RENEW_MS = 10_000  # IdentityLeaseRenewIntervalPeriod
GC_PERIOD_MS = 3_600_000  # IdentityLeaseGCPeriod


def apiserver_id(hostname: str) -> str:
    """The server's APIServerID: `apiserver-` and the base32 of the first 16 bytes of a
    SHA-256 of its hostname and `kube-apiserver`, each prefixed with its length."""
    data = b"".join(
        len(part).to_bytes(2, "big") + part for part in (hostname.encode(), b"kube-apiserver")
    )
    digest = hashlib.sha256(data).digest()[:16]
    return "apiserver-" + base64.b32encode(digest).decode().rstrip("=").lower()


def identity_lease(
    clock: Clock, client: Client, hostname: str, rng: random.Random
) -> LeaseController:
    """The identity Lease's controller; its holder is the server's id and a UUID of this run."""
    name = apiserver_id(hostname)
    spec = LeaseSpec(
        name,
        NAMESPACE,
        f"{name}_{new_uid(rng)}",
        DURATION_S,
        RENEW_MS,
        partial(_labelled, hostname),
    )
    return LeaseController(clock, client, spec)


def _labelled(hostname: str, lease: Object) -> None:
    """labelAPIServerHeartbeatFunc: what the Lease is, and which host holds it."""
    meta = lease["metadata"]
    meta["labels"] = {
        **(meta.get("labels") or {}),
        IDENTITY_LABEL: COMPONENT,
        HOSTNAME_LABEL: hostname,
    }


class IdentityLeaseGarbageCollector:
    def __init__(self, clock: Clock, client: Client) -> None:
        self.clock = clock
        self.client = client
        self.leases = Informer(
            client, "leases", namespace=NAMESPACE, label_selector=f"{IDENTITY_LABEL}={COMPONENT}"
        )

    def start(self) -> None:
        self.leases.start()
        self.gc()

    def gc(self) -> None:
        """Delete each expired identity Lease, once the server confirms it has expired."""
        self.clock.call_later(GC_PERIOD_MS, self.gc, background=True)
        expired = [lease for _, lease in sorted(self.leases.cache.items()) if self._expired(lease)]
        for lease in expired:
            name = lease["metadata"]["name"]
            try:
                latest = self.client.call("get", "leases", NAMESPACE, name)
            except APIError:
                continue
            if self._expired(latest):
                with contextlib.suppress(APIError):
                    self.client.call("delete", "leases", NAMESPACE, name)

    def _expired(self, lease: Object) -> bool:
        """isLeaseExpired: a Lease without renewTime or duration has expired too."""
        renewed = renew_time(lease)
        duration = lease["spec"].get("leaseDurationSeconds")
        if renewed is None or duration is None:
            return True
        return renewed + duration < self.clock.epoch + self.clock.now / 1000
