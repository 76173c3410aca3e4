"""kube-proxy on a node of a real engine cluster: its rules follow the Service and its
pods as they come, scale and go."""

from __future__ import annotations

import pickle
import random

from cluster.engine.apiserver.authorization import MASTERS
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.proxy import addon
from cluster.engine.proxy.kubeproxy import Forward, KubeProxy, Reject
from tests.cluster.engine.controllers.helpers import API, deployment, settle

POD = "10.244.1.200"  # a pod of node-1 as the source
EXTERNAL_CLIENT = "203.0.113.2"
WEB = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "web"},
    "spec": {
        "type": "NodePort",
        "selector": {"app": "web"},
        "ports": [{"name": "http", "port": 80, "targetPort": 80}],
    },
}


def started(cluster: Cluster, node: str = "node-1") -> KubeProxy:
    """kube-proxy for `node`, made as the cluster makes its components, after kubeadm's
    add-on."""
    addon.ensure(cluster._client("kubeadm", "kubernetes-super-admin", MASTERS), "172.18.0.2")
    client = cluster._client(f"kube-proxy/{node}", addon.USER, *addon.GROUPS)
    ip = cluster.nodes[node].config.internal_ip
    proxy = KubeProxy(cluster.clock, client, node, ip, random.Random(f"1/kube-proxy/{node}"))
    proxy.start()
    return proxy


def destinations(proxy: KubeProxy, ip: str, port: int, source: str = POD) -> set:
    """Where 32 connections went: (endpoint IP, port, node) for each DNAT, or the verdict."""
    found = set()
    for _ in range(32):
        verdict = proxy.route("TCP", ip, port, source)
        found.add(
            (verdict.ip, verdict.port, verdict.node) if isinstance(verdict, Forward) else verdict
        )
    return found


def test_kube_proxy_follows_a_service_and_its_pods():
    cluster = Cluster(ClusterSpec())
    api = API(cluster)
    proxy = started(cluster)
    assert proxy.name == "kube-proxy/node-1"
    kubernetes = api.get("services", "kubernetes")["spec"]["clusterIP"]
    assert destinations(proxy, kubernetes, 443) == {("172.18.0.2", 6443, "")}

    api.create("deployments", deployment("web", replicas=2))
    svc = api.create("services", WEB)
    cluster_ip, node_port = svc["spec"]["clusterIP"], svc["spec"]["ports"][0]["nodePort"]
    assert proxy.route("TCP", cluster_ip, 80, POD) == Reject("default/web:http", "has no endpoints")

    settle(cluster)
    pods = {(p["status"]["podIP"], 80, p["spec"]["nodeName"]) for p in api.items("pods")}
    assert len(pods) == 2
    assert destinations(proxy, cluster_ip, 80) == pods
    assert proxy.route("TCP", cluster_ip, 8080, POD) is None  # not a port of the Service
    assert destinations(proxy, "172.18.0.3", node_port, EXTERNAL_CLIENT) == pods
    assert proxy.route("TCP", "172.18.0.4", node_port, EXTERNAL_CLIENT) is None  # node-2's
    assert cluster.clock.idle and not any(
        t.describe().startswith("kube-proxy") for t in cluster.clock.pending()
    )

    api.patch("deployments", "web", {"spec": {"replicas": 0}})
    settle(cluster)
    rejected = Reject("default/web:http", "has no endpoints")
    assert proxy.route("TCP", cluster_ip, 80, POD) == rejected
    assert proxy.route("TCP", "172.18.0.3", node_port, EXTERNAL_CLIENT) == rejected

    api.delete("services", "web")
    settle(cluster)
    assert proxy.route("TCP", cluster_ip, 80, POD) is None
    assert proxy.route("TCP", "172.18.0.3", node_port, EXTERNAL_CLIENT) is None


def test_kube_proxy_pickles_with_its_cluster():
    cluster = Cluster()
    proxy = started(cluster)
    API(cluster).create("services", WEB)
    settle(cluster)
    cluster, proxy = pickle.loads(pickle.dumps((cluster, proxy)))
    API(cluster).create("deployments", deployment("web", replicas=1))
    settle(cluster)
    [pod] = API(cluster).items("pods")
    cluster_ip = API(cluster).get("services", "web")["spec"]["clusterIP"]
    assert destinations(proxy, cluster_ip, 80) == {
        (pod["status"]["podIP"], 80, pod["spec"]["nodeName"])
    }


def test_a_service_left_to_another_proxy_is_no_longer_kube_proxy_s():
    cluster = Cluster()
    api = API(cluster)
    proxy = started(cluster)
    cluster_ip = api.create("services", WEB)["spec"]["clusterIP"]
    settle(cluster)
    assert isinstance(proxy.route("TCP", cluster_ip, 80, POD), Reject)
    other = {"metadata": {"labels": {"service.kubernetes.io/service-proxy-name": "other"}}}
    api.patch("services", "web", other)
    settle(cluster)
    assert proxy.route("TCP", cluster_ip, 80, POD) is None


def test_the_node_s_zone_is_the_topology_kube_proxy_reads_hints_by():
    cluster = Cluster()
    proxy = started(cluster)
    zone = {"metadata": {"labels": {"topology.kubernetes.io/zone": "zone-a"}}}
    API(cluster).patch("nodes", "node-1", zone, namespace="")
    settle(cluster)
    assert proxy.proxier.topology_labels == {"topology.kubernetes.io/zone": "zone-a"}
