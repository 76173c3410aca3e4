"""The Kubernetes docs' "Connecting Applications with Services", its plain-HTTP part in a
whole cluster: the my-nginx Deployment, the Service exposed in front of it, its endpoints and
the environment of pods created after it, then radial/busyboxplus:curl (busybox 1.22.1 on
uClibc, curl 7.35.0) to look the Service up by name and fetch its page."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.node import images
from tests.cluster.kubectl.helpers import run

MY_NGINX = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
        ports:
        - containerPort: 80
"""
WELCOME = "<title>Welcome to nginx!</title>"


def settle(cluster: Cluster, ms: int = 20_000) -> None:
    cluster.advance_to(cluster.clock.now + ms)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    assert run(cluster, "apply", "-f", "-", stdin=MY_NGINX).stdout == (
        "deployment.apps/my-nginx created\n"
    )
    settle(cluster)
    return cluster


def pods(cluster: Cluster) -> list[str]:
    listed = run(cluster, "get", "pods", "-l", "run=my-nginx", "-o", "name").stdout.split()
    return [name.removeprefix("pod/") for name in listed]


def ip_of(cluster: Cluster, pod: str) -> str:
    return run(cluster, "get", "pod", pod, "-o", "jsonpath={.status.podIP}").stdout


def services_in_env(cluster: Cluster, pod: str) -> set[str]:
    result = run(cluster, "exec", pod, "--", "printenv")
    return {line for line in result.stdout.splitlines() if "SERVICE" in line}


def test_the_pods_have_their_own_ips(cluster):
    ips = [ip_of(cluster, pod) for pod in pods(cluster)]
    columns = "custom-columns=POD_IP:.status.podIPs"
    listed = run(cluster, "get", "pods", "-l", "run=my-nginx", "-o", columns).stdout
    assert listed == "POD_IP\n" + "".join(f"[map[ip:{ip}]]\n" for ip in ips)


@pytest.fixture(scope="module")
def exposed(cluster) -> str:
    """The Service exposed (the pods made before it): its cluster IP."""
    assert run(cluster, "expose", "deployment/my-nginx").stdout == "service/my-nginx exposed\n"
    settle(cluster, 2_000)
    return run(cluster, "get", "svc", "my-nginx", "-o", "jsonpath={.spec.clusterIP}").stdout


def test_the_service_and_its_endpoint_slice(cluster, exposed):
    listed = run(cluster, "get", "svc", "my-nginx").stdout.splitlines()
    assert listed[1].split() == ["my-nginx", "ClusterIP", exposed, "<none>", "80/TCP", "2s"]
    label = "kubernetes.io/service-name=my-nginx"
    sliced = run(cluster, "get", "endpointslices", "-l", label).stdout.splitlines()
    assert sliced[1].split()[1:3] == ["IPv4", "80"]
    assert sorted(sliced[1].split()[3].split(",")) == sorted(
        ip_of(cluster, p) for p in pods(cluster)
    )


def test_only_pods_made_after_the_service_have_it_in_their_environment(cluster, exposed):
    kubernetes = {
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443",
        "KUBERNETES_SERVICE_PORT_HTTPS=443",
    }
    assert services_in_env(cluster, pods(cluster)[0]) == kubernetes
    run(cluster, "scale", "deployment", "my-nginx", "--replicas=0")
    settle(cluster, 40_000)
    run(cluster, "scale", "deployment", "my-nginx", "--replicas=2")
    settle(cluster)
    mine = {f"MY_NGINX_SERVICE_HOST={exposed}", "MY_NGINX_SERVICE_PORT=80"}
    assert services_in_env(cluster, pods(cluster)[0]) == kubernetes | mine


@pytest.fixture(scope="module")
def curl_pod(cluster, exposed) -> str:
    image = "--image=radial/busyboxplus:curl"
    run(cluster, "run", "curl", image, "--restart=Never", "--", "sleep", "3600")
    settle(cluster)
    return "curl"


def in_curl(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", "curl", "--", *argv)
    return result.stdout, result.stderr, result.exit_code


def test_busyboxplus_is_busybox_1_22_on_uclibc_with_its_shell():
    image = images.lookup("radial/busyboxplus:curl")
    reference = images.parse("radial/busyboxplus:curl")
    found = (image.cmd, images.busybox_release(image, reference), images.libc(image, reference))
    assert found == (("/bin/sh",), "1.22.1", "uclibc")


def test_the_old_nslookup_finds_the_service_by_name(cluster, curl_pod, exposed):
    assert in_curl(cluster, "nslookup", "my-nginx") == (
        "Server:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      my-nginx\n"
        f"Address 1: {exposed} my-nginx.default.svc.cluster.local\n",
        "",
        0,
    )


def test_curl_fetches_the_page_through_the_service(cluster, curl_pod, exposed):
    page, err, code = in_curl(cluster, "curl", "my-nginx")
    assert (WELCOME in page, err, code) == (True, "", 0)
    logged = "\n".join(run(cluster, "logs", pod, "--tail=1").stdout for pod in pods(cluster))
    assert '"GET / HTTP/1.1" 200 615 "-" "curl/7.35.0" "-"' in logged
    assert in_curl(cluster, "curl", "-f", "my-nginx/nothing") == (
        "",
        "curl: (22) The requested URL returned error: 404 Not Found\n"
        "command terminated with exit code 22\n",
        22,
    )


def test_the_newer_busybox_nslookup_of_the_page_asks_each_search_domain(cluster, exposed):
    run(
        cluster, "run", "dns-test", "--image=busybox:1.37", "--restart=Never", "--", "sleep", "3600"
    )
    settle(cluster)
    said = run(cluster, "exec", "dns-test", "--", "nslookup", "my-nginx").stdout
    assert said.startswith("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n")
    assert f"Name:\tmy-nginx.default.svc.cluster.local\nAddress: {exposed}\n" in said
