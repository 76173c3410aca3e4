"""The Kubernetes docs' "Debugging DNS Resolution" in a whole cluster: the dnsutils pod
(`sleep infinity` in registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3), then nslookup,
resolv.conf, dig and host through the built-in kubectl, answered by the cluster's CoreDNS."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.node import images
from tests.cluster.kubectl.helpers import run

DNSUTILS = """apiVersion: v1
kind: Pod
metadata:
  name: dnsutils
  namespace: default
spec:
  containers:
  - name: dnsutils
    image: registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3
    command:
      - sleep
      - "infinity"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    assert run(cluster, "apply", "-f", "-", stdin=DNSUTILS).stdout == "pod/dnsutils created\n"
    cluster.advance_to(cluster.clock.now + 30_000)
    return cluster


def in_dnsutils(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", "dnsutils", "--", *argv)
    return result.stdout, result.stderr, result.exit_code


def test_the_image_is_debian_jessie_with_glibc():
    image = images.lookup("registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3")
    assert image is not None
    reference = images.parse("registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3")
    assert (image.cmd, image.tools, images.libc(image, reference)) == (
        ("/bin/bash",),
        "gnu",
        "glibc",
    )


def test_sleep_infinity_keeps_the_pod_running(cluster):
    listed = run(cluster, "get", "pods", "dnsutils").stdout.splitlines()[1].split()
    assert listed[1:4] == ["1/1", "Running", "0"]


def test_the_docs_nslookup_and_resolv_conf(cluster):
    assert in_dnsutils(cluster, "nslookup", "kubernetes.default") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n",
        "",
        0,
    )
    assert in_dnsutils(cluster, "cat", "/etc/resolv.conf") == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\n"
        "nameserver 10.96.0.10\noptions ndots:5\n",
        "",
        0,
    )


def test_dig_and_host_as_learners_use_them(cluster):
    stdout, _, code = in_dnsutils(cluster, "dig", "kubernetes.default.svc.cluster.local")
    assert code == 0
    assert ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n" in stdout
    assert (
        ";; ANSWER SECTION:\nkubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n" in stdout
    )
    assert ";; SERVER: 10.96.0.10#53(10.96.0.10)\n" in stdout
    assert ";; MSG SIZE  rcvd: 117\n" in stdout
    srv = "_dns._udp.kube-dns.kube-system.svc.cluster.local"
    assert in_dnsutils(cluster, "dig", "+short", "SRV", srv) == (
        "0 100 53 kube-dns.kube-system.svc.cluster.local.\n",
        "",
        0,
    )
    assert in_dnsutils(cluster, "host", "kubernetes.default") == (
        "kubernetes.default.svc.cluster.local has address 10.96.0.1\n",
        "",
        0,
    )
