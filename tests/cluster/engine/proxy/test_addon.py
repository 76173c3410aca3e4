"""kubeadm's kube-proxy add-on: its objects, and the access they give kube-proxy."""

from __future__ import annotations

import hashlib

import pytest

from cluster.engine.apiserver.authorization import MASTERS
from cluster.engine.cluster import Cluster
from cluster.engine.proxy import addon


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    addon.ensure(cluster._client("kubeadm", "kubernetes-super-admin", MASTERS), "172.18.0.2")
    return cluster


def test_the_objects_kubeadm_makes_in_its_order():
    found = [(r, b["kind"], b["metadata"]["name"]) for r, b in addon.objects("172.18.0.2")]
    assert found == [
        ("configmaps", "ConfigMap", "kube-proxy"),
        ("serviceaccounts", "ServiceAccount", "kube-proxy"),
        ("clusterrolebindings", "ClusterRoleBinding", "kubeadm:node-proxier"),
        ("roles", "Role", "kube-proxy"),
        ("rolebindings", "RoleBinding", "kube-proxy"),
    ]


def test_the_config_map_holds_the_configuration_and_kubeconfig_signed_with_their_hash():
    body = addon.config_map("https://172.18.0.2:6443")
    data = body["data"]
    lines = data["config.conf"].splitlines()
    assert lines[:2] == ["apiVersion: kubeproxy.config.k8s.io/v1alpha1", "bindAddress: 0.0.0.0"]
    assert "clusterCIDR: 10.244.0.0/16" in lines
    assert lines[-1] == '  sourceVip: ""'
    assert "    server: https://172.18.0.2:6443" in data["kubeconfig.conf"].splitlines()
    digest = hashlib.sha256((data["config.conf"] + data["kubeconfig.conf"]).encode())
    assert body["metadata"]["annotations"] == {
        "kubeadm.kubernetes.io/component-config.hash": f"sha256:{digest.hexdigest()}"
    }
    assert body["metadata"]["labels"] == {"app": "kube-proxy"}


def test_ensuring_again_updates_what_exists(cluster):
    kubeadm = cluster._client("kubeadm", "kubernetes-super-admin", MASTERS)
    addon.ensure(kubeadm, "172.18.0.2")
    found = kubeadm.call("get", "configmaps", "kube-system", "kube-proxy")
    assert found["data"] == addon.config_map("https://172.18.0.2:6443")["data"]


def test_kube_proxy_s_service_account_may_watch_what_kube_proxy_watches(cluster):
    client = cluster._client("kube-proxy/node-1", addon.USER, *addon.GROUPS)
    for resource, selectors in (
        ("services", {"label_selector": "!service.kubernetes.io/service-proxy-name"}),
        ("endpointslices", {"label_selector": "!service.kubernetes.io/headless"}),
        ("nodes", {"field_selector": "metadata.name=node-1"}),
    ):
        assert not client.watch(resource, lambda kind, obj: None, **selectors).stopped


@pytest.mark.parametrize(
    ("verb", "resource", "namespace"), [("list", "pods", ""), ("get", "secrets", "kube-system")]
)
def test_and_no_more(cluster, verb, resource, namespace):
    client = cluster._client("kube-proxy/node-1", addon.USER, *addon.GROUPS)
    assert client.request(verb, resource, namespace).code == 403


def test_a_joining_node_may_read_the_config_map_and_no_other(cluster):
    client = cluster._client("kubeadm", "system:bootstrap:abcdef", addon.BOOTSTRAP_GROUP)
    assert client.request("get", "configmaps", "kube-system", "kube-proxy").code == 200
    assert client.request("get", "configmaps", "kube-system", "kube-root-ca.crt").code == 403
