"""The kubelet's own API, through kube-apiserver's nodes/NAME/proxy: /healthz, /pods,
/metrics/resource and /stats/summary, as `kubectl get --raw` reads them."""

import json
import re

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from cluster.engine.node.kubeletapi import _float


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    body = {
        "metadata": {"name": "web"},
        "spec": {"nodeName": "node-1", "containers": [{"name": "nginx", "image": "nginx:1.27"}]},
    }
    cluster.handle(Request("create", "pods", "default", body=body, credential=cluster.admin))
    cluster.advance_to(cluster.clock.now + 30_000)
    return cluster


def proxy(cluster, node, path, **options):
    options.setdefault("credential", cluster.admin)
    request = Request(
        "get", "nodes", "", node, subresource="proxy", query={"path": path}, **options
    )
    return cluster.handle(request)


def test_healthz_and_an_unknown_path(cluster):
    answer = proxy(cluster, "node-1", "/healthz").body
    assert (answer["code"], answer["body"]) == (200, "ok")
    missing = proxy(cluster, "node-1", "/nope").body
    assert (missing["code"], missing["body"]) == (404, "404 page not found\n")
    hops = [(h.source, h.destination, h.verb, h.summary) for h in cluster.trace.since(0)]
    assert (
        "kube-apiserver",
        "kubelet/node-1",
        "proxy",
        "GET https://172.18.0.3:10250/healthz → 200",
    ) in hops


def test_pods_lists_what_the_kubelet_runs(cluster):
    answer = proxy(cluster, "node-1", "/pods").body
    found = json.loads(answer["body"])
    assert (found["kind"], found["apiVersion"]) == ("PodList", "v1")
    assert [p["metadata"]["name"] for p in found["items"]] == ["web"]
    assert found["items"][0]["status"]["phase"] == "Running"
    other = json.loads(proxy(cluster, "node-2", "/pods").body["body"])
    assert other["items"] == []


def test_resource_metrics_in_prometheus_text(cluster):
    answer = proxy(cluster, "node-1", "/metrics/resource").body
    assert answer["contentType"] == "text/plain; version=0.0.4; charset=utf-8"
    lines = answer["body"].splitlines()
    assert lines[:2] == [
        "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by "
        "the container in core-seconds",
        "# TYPE container_cpu_usage_seconds_total counter",
    ]
    memory = next(line for line in lines if line.startswith("container_memory_working_set_bytes{"))
    assert memory.startswith(
        'container_memory_working_set_bytes{container="nginx",namespace="default",pod="web"} '
        "3.145728e+06 "
    )
    assert lines[-1] == "resource_scrape_error 0"
    assert any(line.startswith("node_memory_working_set_bytes 3.") for line in lines)


def test_stats_summary(cluster):
    found = json.loads(proxy(cluster, "node-1", "/stats/summary").body["body"])
    assert found["node"]["nodeName"] == "node-1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", found["node"]["cpu"]["time"])
    pod = found["pods"][0]
    assert pod["podRef"]["name"] == "web"
    assert pod["containers"][0]["memory"]["workingSetBytes"] == 3 * 1024 * 1024
    assert pod["cpu"]["usageNanoCores"] > 0


def test_a_port_the_kubelet_does_not_serve_and_an_unknown_node(cluster):
    response = proxy(cluster, "node-1:10255", "/pods")
    assert (response.code, response.body["message"]) == (
        503,
        "error trying to reach service: dial tcp 172.18.0.3:10255: connect: connection refused",
    )
    assert proxy(cluster, "nope", "/healthz").body["message"] == 'nodes "nope" not found'


def test_only_who_may_get_nodes_proxy(cluster):
    response = proxy(cluster, "node-1", "/pods", impersonate_user="jane")
    assert response.body["message"] == (
        'nodes "node-1" is forbidden: User "jane" cannot get resource "nodes/proxy" in API '
        'group "" at the cluster scope'
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (3145728, "3.145728e+06"), (0.5, "0.5"), (100000, "100000"), (1.5e-5, "1.5e-05")],
)
def test_values_are_written_as_go_formats_floats(value, shown):
    assert _float(value) == shown
