"""kubeadm's CoreDNS add-on (cmd/kubeadm/app/phases/addons/dns: manifests.go and dns.go), as
`kubeadm init` applies it: the `coredns` ConfigMap with its Corefile, the `system:coredns`
ClusterRole and ClusterRoleBinding, the `coredns` ServiceAccount, and the `kube-dns` Service
in kube-system at the tenth address of the service subnet, 10.96.0.10.

One deliberate difference: there are no CoreDNS pods, as KubeLab's control-plane components
are components, not pods. So there is no `coredns` Deployment, the Service has no selector
(the endpoints controllers would otherwise empty its endpoints), and `ensure` also creates
the `kube-dns` Endpoints, pointing at the control-plane node's address, where the coredns
component answers, on the Service's three ports. The endpointslice-mirroring controller
mirrors them into an EndpointSlice, which kube-proxy and the kubernetes plugin read.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.bootstrappolicy import Loopback
from cluster.engine.node.dns import CLUSTER_DNS, CLUSTER_DOMAIN

NAMESPACE = "kube-system"
NAME = "coredns"  # the ConfigMap, ServiceAccount (and Deployment) of kubeadm
SERVICE = "kube-dns"
CLUSTER_ROLE = "system:coredns"
LABELS = {
    "k8s-app": "kube-dns",
    "kubernetes.io/cluster-service": "true",
    "kubernetes.io/name": "CoreDNS",
}
POD_LABELS = {"k8s-app": "kube-dns"}  # the template labels of kubeadm's coredns Deployment
ANNOTATIONS = {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}
PORTS = (("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP"))
RBAC = "rbac.authorization.k8s.io"

# the CoreDNSConfigMap template, rendered with the cluster's DNSDomain
COREFILE = f"""\
.:53 {{
    errors
    health {{
       lameduck 5s
    }}
    ready
    kubernetes {CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {{
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }}
    prometheus :9153
    forward . /etc/resolv.conf {{
       max_concurrent 1000
    }}
    cache 30 {{
       disable success {CLUSTER_DOMAIN}
       disable denial {CLUSTER_DOMAIN}
    }}
    loop
    reload
    loadbalance
}}
"""


def config_map() -> Object:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": NAME, "namespace": NAMESPACE},
        "data": {"Corefile": COREFILE},
    }


def cluster_role() -> Object:
    return {
        "apiVersion": f"{RBAC}/v1",
        "kind": "ClusterRole",
        "metadata": {"name": CLUSTER_ROLE},
        "rules": [
            {
                "apiGroups": [""],
                "resources": ["endpoints", "services", "pods", "namespaces"],
                "verbs": ["list", "watch"],
            },
            {
                "apiGroups": ["discovery.k8s.io"],
                "resources": ["endpointslices"],
                "verbs": ["list", "watch"],
            },
        ],
    }


def cluster_role_binding() -> Object:
    return {
        "apiVersion": f"{RBAC}/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {"name": CLUSTER_ROLE},
        "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": CLUSTER_ROLE},
        "subjects": [{"kind": "ServiceAccount", "name": NAME, "namespace": NAMESPACE}],
    }


def service_account() -> Object:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": NAME, "namespace": NAMESPACE},
    }


def service() -> Object:
    """The kube-dns Service, without its selector `k8s-app: kube-dns` (no pods here)."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "labels": dict(LABELS),
            "name": SERVICE,
            "namespace": NAMESPACE,
            "annotations": dict(ANNOTATIONS),
            # kubeadm sets it so that updating the Service between versions is allowed
            "resourceVersion": "0",
        },
        "spec": {
            "clusterIP": CLUSTER_DNS,
            "ports": [
                {"name": name, "port": port, "protocol": protocol, "targetPort": port}
                for name, port, protocol in PORTS
            ],
        },
    }


def endpoints(address: str, node: str) -> Object:
    """The Endpoints the endpoints controller would have written for CoreDNS pods, with
    the Service's labels: the coredns component at `address` on node `node`."""
    return {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": SERVICE, "namespace": NAMESPACE, "labels": dict(LABELS)},
        "subsets": [
            {
                "addresses": [{"ip": address, "nodeName": node}],
                "ports": [
                    {"name": name, "port": port, "protocol": protocol}
                    for name, port, protocol in PORTS
                ],
            }
        ],
    }


def objects(address: str, node: str) -> list[tuple[str, Object]]:
    """What `ensure` creates, in kubeadm's order, with the Endpoints last."""
    return [
        ("configmaps", config_map()),
        ("clusterroles", cluster_role()),
        ("clusterrolebindings", cluster_role_binding()),
        ("serviceaccounts", service_account()),
        ("services", service()),
        ("endpoints", endpoints(address, node)),
    ]


def ensure(client: Loopback, address: str, node: str) -> None:
    """EnsureDNSAddon, for a cluster being made: create each object unless it exists (where
    kubeadm would update it)."""
    for resource, body in objects(address, node):
        namespace = body["metadata"].get("namespace", "")
        response = client.request("create", resource, namespace, body=body)
        tolerated = {"AlreadyExists"}
        if resource == "services":  # createDNSService: its IP is already allocated
            tolerated.add("Invalid")
        if not response.ok and response.body.get("reason") not in tolerated:
            raise RuntimeError(
                f"unable to create {resource} {body['metadata']['name']}: "
                f"{response.body.get('message')}"
            )
