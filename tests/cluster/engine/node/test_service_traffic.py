"""A pod's traffic to Services: its node's kube-proxy rules translate a Service's address
to an endpoint (a NodePort, the rules of the node it is sent to), CoreDNS answers the names,
and each translation and question is a hop in the trace."""

from __future__ import annotations

import json
import pickle

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

WELCOME = "<title>Welcome to nginx!</title>"
TERMINATED = "command terminated with exit code 1\n"


def settled(cluster: Cluster, *argv: str) -> None:
    assert run(cluster, *argv).exit_code == 0
    cluster.advance_to(cluster.clock.now + 10_000)


@pytest.fixture
def cluster() -> Cluster:
    """web (two nginx pods) behind Service web, and a busybox pod, client, to ask from."""
    cluster = Cluster()
    settled(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=2")
    settled(cluster, "expose", "deployment", "web", "--port=80")
    settled(cluster, "run", "client", "--image=busybox", "--", "sleep", "3600")
    return cluster


def in_client(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", "client", "--", *argv)
    return result.stdout, result.stderr, result.exit_code


def field(cluster: Cluster, resource: str, path: str) -> object:
    found = json.loads(run(cluster, "get", resource, "-o", "json").stdout)
    for key in path.split("."):
        found = found[int(key)] if isinstance(found, list) else found[key]
    return found


def test_a_service_name_reaches_one_of_its_pods_through_dns_and_kube_proxy(cluster):
    ip = field(cluster, "service/web", "spec.clusterIP")
    client_ip = field(cluster, "pod/client", "status.podIP")
    node = field(cluster, "pod/client", "spec.nodeName")
    since = cluster.trace.last_seq
    out, err, code = in_client(cluster, "wget", "-qO-", "http://web")
    assert (WELCOME in out, err, code) == (True, "", 0)
    hops = [(h.source, h.destination, h.verb, h.object) for h in cluster.trace.since(since)]
    proxy, runtime = f"kube-proxy/{node}", f"container-runtime/{node}"
    assert hops[hops.index((runtime, proxy, "DNAT", "services/kube-system/kube-dns")) + 1] == (
        proxy,
        "coredns",
        "query",
        "",
    )
    assert (runtime, proxy, "DNAT", "services/default/web") in hops
    summaries = [h.summary for h in cluster.trace.since(since) if h.verb == "answer"]
    assert f"NOERROR: web.default.svc.cluster.local. 30 IN A {ip}" in summaries
    [forwarded] = [h for h in cluster.trace.since(since) if h.verb == "forward"]
    assert forwarded.summary.startswith(f"GET / from {client_ip} to 10.244.")


def test_every_endpoint_gets_connections_at_random(cluster):
    pods = {field(cluster, f"pod/{name}", "status.podIP") for name in pod_names(cluster, "web")}
    since = cluster.trace.last_seq
    for _ in range(12):
        assert in_client(cluster, "wget", "-qO-", "http://web")[2] == 0
    reached = {
        h.summary.rsplit(" to ", 1)[1] for h in cluster.trace.since(since) if h.verb == "forward"
    }
    assert reached == {f"{ip}:80" for ip in pods}


def pod_names(cluster: Cluster, app: str) -> list[str]:
    return (
        run(cluster, "get", "pods", "-l", f"app={app}", "-o", "name")
        .stdout.replace("pod/", "")
        .split()
    )


def test_a_service_without_endpoints_refuses_connections(cluster):
    settled(cluster, "scale", "deployment", "web", "--replicas=0")
    ip = field(cluster, "service/web", "spec.clusterIP")
    assert in_client(cluster, "wget", "-qO-", "http://web") == (
        "",
        f"wget: can't connect to remote host ({ip}): Connection refused\n" + TERMINATED,
        1,
    )
    [rejected] = [h for h in cluster.trace.since(0) if h.verb == "REJECT"]
    assert rejected.summary.endswith("default/web has no endpoints")


def test_a_node_port_on_any_node_reaches_the_pods(cluster):
    settled(cluster, "expose", "deployment", "web", "--port=80", "--type=NodePort", "--name=np")
    port = field(cluster, "service/np", "spec.ports.0.nodePort")
    for node_ip in ("172.18.0.2", "172.18.0.3", "172.18.0.4"):
        out, err, code = in_client(cluster, "wget", "-qO-", f"http://{node_ip}:{port}")
        assert (WELCOME in out, err, code) == (True, "", 0)


def test_an_unknown_name_is_a_bad_address_and_kubernetes_is_found_as_in_the_docs(cluster):
    assert in_client(cluster, "wget", "-qO-", "http://nowhere") == (
        "",
        "wget: bad address 'nowhere'\n" + TERMINATED,
        1,
    )
    settled(cluster, "run", "old", "--image=busybox:1.28", "--", "sleep", "3600")
    result = run(cluster, "exec", "old", "--", "nslookup", "kubernetes.default")
    assert (result.stdout, result.exit_code) == (
        "Server:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      kubernetes.default\n"
        "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n",
        0,
    )


def test_a_restored_snapshot_still_translates_and_answers(cluster):
    copy = pickle.loads(pickle.dumps(cluster))
    out, _, code = in_client(copy, "wget", "-qO-", "http://web.default.svc.cluster.local")
    assert (WELCOME in out, code) == (True, 0)
