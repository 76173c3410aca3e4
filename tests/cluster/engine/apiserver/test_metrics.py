"""metrics.k8s.io: kube-apiserver asks metrics-server, which scrapes the kubelets."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    body = {
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx"}]},
    }
    cluster.handle(Request("create", "pods", "default", body=body, credential=cluster.admin))
    cluster.run_until_idle()
    return cluster


def ask(cluster, verb, resource, namespace="", name="", **options):
    return cluster.handle(
        Request(verb, resource, namespace, name, credential=cluster.admin, **options)
    )


def test_pod_metrics_as_metrics_server_writes_them(cluster):
    body = ask(cluster, "get", "pods.metrics.k8s.io", "default", "web").body
    assert body["kind"] == "PodMetrics"
    assert body["metadata"]["labels"] == {"app": "web"}
    assert body["window"] == "10s"
    assert body["containers"] == [{"name": "web", "usage": {"cpu": "1300000n", "memory": "3072Ki"}}]
    hops = [(h.source, h.destination) for h in cluster.trace.since(cluster.trace.last_seq - 6)]
    assert ("kube-apiserver", "metrics-server") in hops
    assert ("metrics-server", "kubelet/node-2") in hops


def test_lists_select_by_label_and_namespace(cluster):
    found = ask(
        cluster, "list", "pods.metrics.k8s.io", "default", query={"labelSelector": "app=db"}
    )
    assert (found.body["kind"], found.body["items"]) == ("PodMetricsList", [])
    nodes = ask(cluster, "list", "nodes.metrics.k8s.io").body["items"]
    assert [n["metadata"]["name"] for n in nodes] == ["control-plane", "node-1", "node-2"]
    assert ask(cluster, "list", "pods.metrics.k8s.io", "kube-system").body["items"] == []


def test_what_has_no_metrics_is_not_found(cluster):
    response = ask(cluster, "get", "pods.metrics.k8s.io", "default", "nope")
    assert (response.code, response.body["message"]) == (
        404,
        'podmetrics.metrics.k8s.io "default/nope" not found',
    )


def test_metrics_are_read_only(cluster):
    assert ask(cluster, "delete", "pods.metrics.k8s.io", "default", "web").code == 405
