"""ping and nc in a whole cluster: a pod's address answers an echo request, a Service's
cluster IP does not (no rule translates ICMP), and nc connects through kube-proxy."""

from __future__ import annotations

import json

from tests.cluster.engine.node.test_service_traffic import cluster, field, in_client
from tests.cluster.kubectl.helpers import run

__all__ = ["cluster"]  # the fixture


def test_a_pod_answers_ping_a_service_does_not_and_nc_finds_its_port_open(cluster):
    pods = json.loads(run(cluster, "get", "pods", "-l", "app=web", "-o", "json").stdout)
    pod_ip = pods["items"][0]["status"]["podIP"]
    service_ip = field(cluster, "service/web", "spec.clusterIP")
    out, _, code = in_client(cluster, "ping", "-c", "1", "-q", pod_ip)
    assert (out.splitlines()[2:4], code) == (
        [
            f"--- {pod_ip} ping statistics ---",
            "1 packets transmitted, 1 packets received, 0% packet loss",
        ],
        0,
    )
    out, _, code = in_client(cluster, "ping", "-c", "2", "-W", "1", service_ip)
    assert (out, code) == (
        f"PING {service_ip} ({service_ip}): 56 data bytes\n\n"
        f"--- {service_ip} ping statistics ---\n"
        "2 packets transmitted, 0 packets received, 100% packet loss\n",
        1,
    )
    assert in_client(cluster, "nc", "-zv", "web", "80") == (
        "",
        f"web ({service_ip}:80) open\n",
        0,
    )
    asked = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc web 80 | head -1"
    assert in_client(cluster, "sh", "-c", asked) == ("HTTP/1.1 200 OK\r\n", "", 0)
