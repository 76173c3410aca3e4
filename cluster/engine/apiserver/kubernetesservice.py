"""The `kubernetes` Service in namespace default, which kube-apiserver makes for itself at
start (pkg/controlplane/controller/kubernetesservice), and its endpoints, which its endpoint
reconciler points at the address kube-apiserver advertises (reconcilers/lease.go writes the
Endpoints and the EndpointSlice of the same name).

The Service has no selector: the endpoints controllers of kube-controller-manager leave it to
kube-apiserver.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver import servicealloc
from cluster.engine.apiserver.bootstrappolicy import Loopback

NAME = "kubernetes"
NAMESPACE = "default"
SECURE_PORT = 6443  # kube-apiserver's --secure-port, as kubeadm sets it
SERVICE_PORT = 443
LABELS = {"component": "apiserver", "provider": "kubernetes"}
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"  # its slice is written too


def ensure(loopback: Loopback, advertise_address: str) -> None:
    """Create the Service, and its Endpoints and EndpointSlice if there is an address,
    unless they exist."""
    wanted = [("services", service())]
    if advertise_address:
        wanted += [
            ("endpoints", endpoints(advertise_address)),
            ("endpointslices", endpoint_slice(advertise_address)),
        ]
    for resource, body in wanted:
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
