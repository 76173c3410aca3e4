"""NetworkPolicies in the pod network, as kind enforces them with kindnet: the docs' task
"Declare Network Policy", default deny, egress and DNS, and the hops that show a drop."""

from __future__ import annotations

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

TIMED_OUT = "wget: download timed out\ncommand terminated with exit code 1\n"
ACCESS_NGINX = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
"""


def settled(cluster: Cluster, *argv: str, stdin: str = "") -> None:
    result = run(cluster, *argv, stdin=stdin)
    assert result.exit_code == 0, result.stderr
    cluster.advance_to(cluster.clock.now + 10_000)


def wget(cluster: Cluster, pod: str, url: str = "http://nginx") -> tuple[str, int]:
    result = run(cluster, "exec", pod, "--", "wget", "--spider", "--timeout=1", url)
    return result.stderr, result.exit_code


@pytest.fixture
def cluster() -> Cluster:
    """The task's nginx Deployment and Service, and two busybox pods to ask from."""
    cluster = Cluster()
    settled(cluster, "create", "deployment", "nginx", "--image=nginx")
    settled(cluster, "expose", "deployment", "nginx", "--port=80")
    settled(cluster, "run", "busybox", "--image=busybox", "--", "sleep", "3600")
    settled(
        cluster, "run", "access", "--image=busybox", "--labels=access=true", "--", "sleep", "3600"
    )
    return cluster


def cluster_ip(cluster: Cluster, service: str) -> str:
    return run(cluster, "get", "svc", service, "-o", "jsonpath={.spec.clusterIP}").stdout


def test_the_docs_task_declare_network_policy(cluster):
    connecting = f"Connecting to nginx ({cluster_ip(cluster, 'nginx')}:80)\n"
    assert wget(cluster, "busybox") == (connecting + "remote file exists\n", 0)
    settled(cluster, "apply", "-f", "-", stdin=ACCESS_NGINX)
    assert wget(cluster, "busybox") == (connecting + TIMED_OUT, 1)
    assert wget(cluster, "access")[1] == 0
    settled(cluster, "delete", "networkpolicy", "access-nginx")
    assert wget(cluster, "busybox")[1] == 0


DEFAULT_DENY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
"""
ALLOW_DNS = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
"""


def test_default_deny_drops_dns_until_egress_to_coredns_is_allowed(cluster):
    settled(cluster, "apply", "-f", "-", stdin=DEFAULT_DENY)
    assert wget(cluster, "access")[1] == 1
    result = run(cluster, "exec", "busybox", "--", "nslookup", "nginx")
    assert "connection timed out; no servers could be reached" in result.stdout
    settled(cluster, "apply", "-f", "-", stdin=ALLOW_DNS)
    result = run(cluster, "exec", "busybox", "--", "nslookup", "nginx")
    assert f"Address: {cluster_ip(cluster, 'nginx')}" in result.stdout
    stderr, code = wget(cluster, "busybox")
    assert (stderr.endswith(TIMED_OUT), code) == (True, 1)


def test_a_drop_is_a_hop_of_the_kindnet_that_judged_it(cluster):
    settled(cluster, "apply", "-f", "-", stdin=ACCESS_NGINX)
    since = cluster.trace.last_seq
    wget(cluster, "busybox")
    [drop] = [h for h in cluster.trace.since(since) if h.verb == "DROP"]
    nginx = run(cluster, "get", "pods", "-l", "app=nginx", "-o", "name").stdout.strip()
    node = run(cluster, "get", nginx, "-o", "jsonpath={.spec.nodeName}").stdout
    client = run(cluster, "get", "pod", "busybox", "-o", "jsonpath={.status.podIP}").stdout
    assert (drop.source, drop.destination, drop.object) == (
        f"kindnet/{node}",
        f"container-runtime/{node}",
        "networkpolicies",
    )
    assert drop.summary.endswith(
        f"from {client}: ingress to default/{nginx.partition('/')[2]} not allowed by access-nginx"
    )


def test_probes_from_the_node_pass_a_default_deny(cluster):
    settled(cluster, "apply", "-f", "-", stdin=DEFAULT_DENY)
    settled(
        cluster,
        "run",
        "probed",
        "--image=nginx",
        "--overrides",
        '{"spec":{"containers":[{"name":"probed","image":"nginx",'
        '"readinessProbe":{"httpGet":{"port":80}}}]}}',
    )
    cluster.advance_to(cluster.clock.now + 30_000)
    ready = run(
        cluster, "get", "pod", "probed", "-o", "jsonpath={.status.containerStatuses[0].ready}"
    )
    assert ready.stdout == "true"


def test_a_ping_is_answered_only_where_policies_allow_it(cluster):
    target = run(cluster, "get", "pod", "access", "-o", "jsonpath={.status.podIP}").stdout
    assert (
        run(cluster, "exec", "busybox", "--", "ping", "-c", "1", "-W", "1", target).exit_code == 0
    )
    settled(cluster, "apply", "-f", "-", stdin=DEFAULT_DENY)
    assert (
        run(cluster, "exec", "busybox", "--", "ping", "-c", "1", "-W", "1", target).exit_code == 1
    )


def test_kindnet_follows_pods_only_while_a_policy_is_there(cluster):
    agents = [node.kindnet for node in cluster.nodes.values()]
    assert {(a.following, len(a.pods.cache)) for a in agents} == {(False, 0)}
    settled(cluster, "apply", "-f", "-", stdin=ACCESS_NGINX)
    assert all(a.following and len(a.pods.cache) == 3 for a in agents)
    settled(cluster, "delete", "networkpolicy", "access-nginx")
    assert {(a.following, len(a.pods.cache), len(a.namespaces.cache)) for a in agents} == {
        (False, 0, 0)
    }


def test_a_pod_reaches_itself_through_its_service_whatever_the_policies(cluster):
    settled(cluster, "apply", "-f", "-", stdin=DEFAULT_DENY)
    nginx = run(cluster, "get", "pods", "-l", "app=nginx", "-o", "name").stdout.strip()
    own = run(cluster, "get", nginx, "-o", "jsonpath={.status.podIP}").stdout
    result = run(cluster, "exec", nginx.partition("/")[2], "--", "curl", "-sI", f"http://{own}")
    assert result.stdout.startswith("HTTP/1.1 200 OK")
