"""The Kubernetes docs' "Debug Services", step by step in a whole cluster: the hostnames
Deployment of registry.k8s.io/serve_hostname, a busybox pod of
gcr.io/google-containers/busybox to look from (busybox 1.27, whose nslookup asks the C
library), the Service exposed, then each of the page's checks through the built-in kubectl."""

import re

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

DNS_SERVER = (
    "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
)
FAILED = "command terminated with exit code 1\n"


def settle(cluster: Cluster, ms: int = 10_000) -> None:
    cluster.advance_to(cluster.clock.now + ms)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    created = run(
        cluster, "create", "deployment", "hostnames", "--image=registry.k8s.io/serve_hostname"
    )
    assert created.stdout == "deployment.apps/hostnames created\n"
    scaled = run(cluster, "scale", "deployment", "hostnames", "--replicas=3")
    assert scaled.stdout == "deployment.apps/hostnames scaled\n"
    image = "--image=gcr.io/google-containers/busybox"
    run(cluster, "run", "busybox", image, "--restart=Never", "--", "sleep", "3600")
    settle(cluster, 20_000)
    return cluster


def in_busybox(cluster: Cluster, script: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", "busybox", "--", "sh", "-c", script)
    return result.stdout, result.stderr, result.exit_code


def pods(cluster: Cluster) -> list[str]:
    listed = run(cluster, "get", "pods", "-l", "app=hostnames", "-o", "name").stdout.split()
    return [name.removeprefix("pod/") for name in listed]


def test_the_pods_run_and_each_serves_its_own_name_on_9376(cluster):
    listed = run(cluster, "get", "pods", "-l", "app=hostnames").stdout.splitlines()
    assert [line.split()[1:4] for line in listed[1:]] == [["1/1", "Running", "0"]] * 3
    template = 'go-template={{range .items}}{{.status.podIP}}{{"\\n"}}{{end}}'
    ips = run(cluster, "get", "pods", "-l", "app=hostnames", "-o", template).stdout.split()
    assert all(re.fullmatch(r"10\.244\.\d+\.\d+", ip) for ip in ips)
    loop = f"for ep in {' '.join(ip + ':9376' for ip in ips)}; do\n    wget -qO- $ep\ndone"
    names = "".join(pods(cluster))
    # serve_hostname writes no newline after the name: the names run together
    assert in_busybox(cluster, loop) == (names, "", 0)


def test_a_service_that_does_not_exist_has_no_name(cluster):
    assert in_busybox(cluster, "wget -O- hostnames") == (
        "",
        "wget: bad address 'hostnames'\n" + FAILED,
        1,
    )
    missing = run(cluster, "get", "svc", "hostnames")
    assert (missing.stderr, missing.exit_code) == (
        'Error from server (NotFound): services "hostnames" not found\n',
        1,
    )


@pytest.fixture(scope="module")
def exposed(cluster) -> str:
    """The Service exposed: its cluster IP."""
    result = run(cluster, "expose", "deployment", "hostnames", "--port=80", "--target-port=9376")
    assert result.stdout == "service/hostnames exposed\n"
    settle(cluster, 2_000)
    return run(cluster, "get", "svc", "hostnames", "-o", "jsonpath={.spec.clusterIP}").stdout


def test_the_service_reads_back(cluster, exposed):
    listed = run(cluster, "get", "svc", "hostnames").stdout.splitlines()
    assert listed[1].split() == ["hostnames", "ClusterIP", exposed, "<none>", "80/TCP", "2s"]


@pytest.mark.parametrize(
    "name", ["hostnames", "hostnames.default", "hostnames.default.svc.cluster.local"]
)
def test_the_service_works_by_dns_name(cluster, exposed, name):
    assert in_busybox(cluster, f"nslookup {name}") == (
        DNS_SERVER + f"Name:      {name}\n"
        f"Address 1: {exposed} hostnames.default.svc.cluster.local\n",
        "",
        0,
    )


def test_resolv_conf_and_the_kubernetes_service(cluster, exposed):
    assert in_busybox(cluster, "cat /etc/resolv.conf") == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\n"
        "nameserver 10.96.0.10\noptions ndots:5\n",
        "",
        0,
    )
    assert in_busybox(cluster, "nslookup kubernetes.default") == (
        DNS_SERVER + "Name:      kubernetes.default\n"
        "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n",
        "",
        0,
    )


def test_the_service_works_by_ip_and_by_name_answered_by_each_pod(cluster, exposed):
    names = pods(cluster)
    anyone = "|".join(names)
    by_ip = in_busybox(cluster, f"for i in $(seq 1 3); do \n    wget -qO- {exposed}:80\ndone")
    assert re.fullmatch(f"({anyone}){{3}}", by_ip[0]) and by_ip[1:] == ("", 0)
    answers = in_busybox(cluster, "for i in $(seq 1 12); do wget -qO- hostnames; echo; done")
    assert set(answers[0].split()) == set(names)


def test_the_service_has_endpoints_and_its_slice_the_label_of_its_name(cluster, exposed):
    ips = sorted(
        run(cluster, "get", "pod", name, "-o", "jsonpath={.status.podIP}").stdout
        for name in pods(cluster)
    )
    endpoints = run(cluster, "get", "endpoints", "hostnames").stdout.splitlines()
    assert endpoints[1].split()[:2] == ["hostnames", ",".join(f"{ip}:9376" for ip in ips)]
    # the page's label, k8s.io/service-name, is not the one slices carry
    wrong = run(cluster, "get", "endpointslices", "-l", "k8s.io/service-name=hostnames")
    assert (wrong.stdout, wrong.stderr) == ("", "No resources found in default namespace.\n")
    label = "kubernetes.io/service-name=hostnames"
    sliced = run(cluster, "get", "endpointslices", "-l", label).stdout.splitlines()
    assert sliced[1].split()[1:3] == ["IPv4", "9376"]
    assert sorted(sliced[1].split()[3].split(",")) == ips


def test_each_pod_logged_that_it_serves(cluster, exposed):
    for name in pods(cluster):
        logged = run(cluster, "logs", name).stdout
        assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d Serving on port 9376\.\n", logged)
