"""The `kubernetes` Service in namespace default, which kube-apiserver makes for itself at
start (pkg/controlplane/controller/kubernetesservice), and its endpoints, which its endpoint
reconciler points at the address kube-apiserver advertises (reconcilers/lease.go writes the
Endpoints and the EndpointSlice of the same name).

The Service has no selector: the endpoints controllers of kube-controller-manager leave it to
kube-apiserver. Every 10 s (EndpointInterval) kube-apiserver makes each of them again if it
is gone: a deleted Service `kubernetes` comes back.
"""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.endpoints import SERVICE_NAME_LABEL
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import servicealloc
from cluster.engine.apiserver.bootstrappolicy import Loopback
from cluster.engine.apiserver.listers import Store
from cluster.engine.clock import Clock

NAME = "kubernetes"
NAMESPACE = "default"
SECURE_PORT = 6443  # kube-apiserver's --secure-port, as kubeadm sets it
SERVICE_PORT = 443
LABELS = {"component": "apiserver", "provider": "kubernetes"}
SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"  # its slice is written too
INTERVAL_MS = 10_000  # EndpointInterval


class KubernetesServiceController:
    """kubernetesservice.Controller: every 10 s, UpdateKubernetesService and the endpoint
    reconciler create what is missing of the three; what exists is read from storage."""

    name = "kube-apiserver"  # the component its timers belong to

    def __init__(
        self, clock: Clock, loopback: Loopback, store: Store, advertise_address: str
    ) -> None:
        self.clock = clock
        self.loopback = loopback
        self.store = store
        self.advertise_address = advertise_address

    def start(self) -> None:
        self.clock.call_later(INTERVAL_MS, self.update_kubernetes_service, background=True)

    def update_kubernetes_service(self) -> None:
        self.start()
        for resource, body in wanted(self.advertise_address):
            if self.store.get(resources.BY_NAME[resource].key(NAMESPACE, NAME)) is None:
                self.loopback.request("create", resource, NAMESPACE, body=body)


def wanted(advertise_address: str) -> list[tuple[str, Object]]:
    """The Service, and its Endpoints and EndpointSlice if there is an address."""
    found = [("services", service())]
    if advertise_address:
        found += [
            ("endpoints", endpoints(advertise_address)),
            ("endpointslices", endpoint_slice(advertise_address)),
        ]
    return found


def ensure(loopback: Loopback, advertise_address: str) -> None:
    """Create the Service, and its Endpoints and EndpointSlice if there is an address,
    unless they exist."""
    for resource, body in wanted(advertise_address):
        response = loopback.request("create", resource, NAMESPACE, body=body)
        if not response.ok and response.body.get("reason") != "AlreadyExists":
            raise RuntimeError(
                f"unable to create {resource} {NAME}: {response.body.get('message')}"
            )


def service() -> Object:
    ip = servicealloc.first_ip()
    return {
        "metadata": {"name": NAME, "namespace": NAMESPACE, "labels": dict(LABELS)},
        "spec": {
            "type": "ClusterIP",
            "clusterIP": ip,
            "clusterIPs": [ip],
            "ports": [
                {
                    "name": "https",
                    "port": SERVICE_PORT,
                    "protocol": "TCP",
                    "targetPort": SECURE_PORT,
                }
            ],
            "sessionAffinity": "None",
        },
    }


def endpoints(address: str) -> Object:
    return {
        "metadata": {"name": NAME, "namespace": NAMESPACE, "labels": {SKIP_MIRROR_LABEL: "true"}},
        "subsets": [
            {
                "addresses": [{"ip": address}],
                "ports": [{"name": "https", "port": SECURE_PORT, "protocol": "TCP"}],
            }
        ],
    }


def endpoint_slice(address: str) -> Object:
    return {
        "metadata": {"name": NAME, "namespace": NAMESPACE, "labels": {SERVICE_NAME_LABEL: NAME}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [address], "conditions": {"ready": True}}],
        "ports": [{"name": "https", "port": SECURE_PORT, "protocol": "TCP"}],
    }
