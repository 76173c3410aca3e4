"""kubeadm's CoreDNS add-on: the objects `ensure` creates, as kubeadm 1.36 applies them,
with the kube-dns Endpoints at the coredns component in place of pods."""

from __future__ import annotations

from cluster.engine.cluster import Cluster
from cluster.engine.dns import addon
from tests.cluster.engine.controllers.helpers import API
from tests.cluster.engine.dns.helpers import CONTROL_PLANE, kubeadm_client

# kubeadm's CoreDNSConfigMap, rendered for cluster.local (as its dns_test.go expects it)
COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""
LABELS = {
    "k8s-app": "kube-dns",
    "kubernetes.io/cluster-service": "true",
    "kubernetes.io/name": "CoreDNS",
}


def ensured() -> API:
    cluster = Cluster()
    addon.ensure(kubeadm_client(cluster), CONTROL_PLANE[1], CONTROL_PLANE[0])
    return API(cluster)


def test_the_configmap_holds_kubeadms_corefile():
    api = ensured()
    assert api.get("configmaps", "coredns", "kube-system")["data"] == {"Corefile": COREFILE}


def test_the_kube_dns_service_is_kubeadms_without_a_selector():
    service = ensured().get("services", "kube-dns", "kube-system")
    meta, spec = service["metadata"], service["spec"]
    assert meta["labels"] == LABELS
    assert meta["annotations"] == {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}
    assert (spec["clusterIP"], spec["clusterIPs"], spec["type"]) == (
        "10.96.0.10",
        ["10.96.0.10"],
        "ClusterIP",
    )
    assert "selector" not in spec
    assert spec["ports"] == [
        {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
        {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
        {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
    ]


def test_the_kube_dns_endpoints_point_at_the_control_plane_node():
    endpoints = ensured().get("endpoints", "kube-dns", "kube-system")
    assert endpoints["metadata"]["labels"] == LABELS
    assert endpoints["subsets"] == [
        {
            "addresses": [{"ip": "172.18.0.2", "nodeName": "control-plane"}],
            "ports": [
                {"name": "dns", "port": 53, "protocol": "UDP"},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
                {"name": "metrics", "port": 9153, "protocol": "TCP"},
            ],
        }
    ]


def test_the_coredns_service_account_is_bound_to_its_cluster_role():
    api = ensured()
    assert api.get("serviceaccounts", "coredns", "kube-system")["metadata"]["name"] == "coredns"
    role = api.get("clusterroles", "system:coredns", "")
    assert role["rules"] == [
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
    ]
    binding = api.get("clusterrolebindings", "system:coredns", "")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "ClusterRole",
        "name": "system:coredns",
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "coredns", "namespace": "kube-system"}
    ]


def test_ensure_again_leaves_what_exists():
    api = ensured()
    before = api.get("services", "kube-dns", "kube-system")["metadata"]["resourceVersion"]
    addon.ensure(kubeadm_client(api.cluster), CONTROL_PLANE[1], CONTROL_PLANE[0])
    after = api.get("services", "kube-dns", "kube-system")["metadata"]["resourceVersion"]
    assert after == before
