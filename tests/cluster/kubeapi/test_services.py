"""The real kubectl against a real stack: Services (kubectl expose, create service), their
Endpoints and EndpointSlices, service account tokens (kubectl create token) and kubectl
cluster-info."""

import ipaddress
import re
import time
from pathlib import Path

import yaml

from tests.stack import real_kubectl

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
POD_ENDPOINT = r"10\.244\.\d+\.\d+:80"


def kubectl(kubeconfig: Path, *args: str) -> str:
    """What kubectl printed, once it succeeded."""
    result = real_kubectl(kubeconfig, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def eventually(read, until, timeout: float = 30.0) -> str:
    """Read again until the text satisfies `until` (the cluster's clock follows the wall)."""
    deadline = time.monotonic() + timeout
    while True:
        text = read()
        if until(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def test_the_kubernetes_service_is_there_from_the_start(kubeconfig: Path) -> None:
    lines = kubectl(kubeconfig, "get", "svc", "kubernetes").splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert lines[1].split()[:5] == ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"]
    endpoints = real_kubectl(kubeconfig, "get", "endpoints", "kubernetes", "--no-headers")
    assert endpoints.stdout.split()[:2] == ["kubernetes", "172.18.0.2:6443"]
    assert endpoints.stderr == (
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
    )


def test_kubectl_explain_and_strict_decoding_know_services(kubeconfig: Path) -> None:
    explained = kubectl(kubeconfig, "explain", "svc.spec.ports.port")
    assert "FIELD: port <integer>" in explained
    assert "The port that will be exposed by this service." in explained
    typo = "apiVersion: v1\nkind: Service\nmetadata: {name: typo}\nspec:\n  ports: [{port: 80, targetPortt: 80}]\n"
    refused = real_kubectl(kubeconfig, "create", "-f", "-", stdin=typo)
    assert refused.stderr == (
        'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" '
        'cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetPortt"\n'
    )


def test_an_exposed_deployment_gets_a_cluster_ip_and_the_endpoints_of_its_pods(
    kubeconfig: Path,
) -> None:
    kubectl(kubeconfig, "create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80")
    assert (
        kubectl(kubeconfig, "expose", "deployment", "web", "--port=80") == "service/web exposed\n"
    )
    service = yaml.safe_load(kubectl(kubeconfig, "get", "svc", "web", "-o", "yaml"))
    spec = service["spec"]
    assert ipaddress.ip_address(spec["clusterIP"]) in SERVICE_CIDR
    assert spec["clusterIPs"] == [spec["clusterIP"]]
    assert {k: spec[k] for k in ("type", "selector", "ports", "sessionAffinity")} == {
        "type": "ClusterIP",
        "selector": {"app": "web"},
        "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
        "sessionAffinity": "None",
    }
    assert (spec["ipFamilies"], spec["ipFamilyPolicy"]) == (["IPv4"], "SingleStack")
    assert spec["internalTrafficPolicy"] == "Cluster"
    assert service["status"] == {"loadBalancer": {}}
    wide = kubectl(kubeconfig, "get", "svc", "web", "-o", "wide", "--no-headers").split()
    assert wide[:5] + wide[6:] == [
        "web",
        "ClusterIP",
        spec["clusterIP"],
        "<none>",
        "80/TCP",
        "app=web",
    ]

    def endpoints() -> str:
        return kubectl(kubeconfig, "get", "endpoints", "web", "--no-headers")

    row = eventually(endpoints, lambda text: re.search(f"{POD_ENDPOINT},{POD_ENDPOINT}", text))
    assert re.fullmatch(rf"web\s+{POD_ENDPOINT},{POD_ENDPOINT}\s+\S+\n", row), row
    slices = kubectl(kubeconfig, "get", "endpointslices", "-l", "kubernetes.io/service-name=web")
    header, line = slices.splitlines()
    assert header.split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert re.fullmatch(r"web-\w{5}\s+IPv4\s+80\s+10\.244\.\S+,10\.244\.\S+\s+\S+", line), line


def test_node_ports_are_allocated_once(kubeconfig: Path) -> None:
    created = kubectl(kubeconfig, "create", "service", "nodeport", "np", "--tcp=80:8080")
    assert created == "service/np created\n"
    row = kubectl(kubeconfig, "get", "svc", "np", "--no-headers").split()
    assert row[1] == "NodePort" and re.fullmatch(r"80:3\d{4}/TCP", row[4]), row
    taken = row[4][3:8]
    again = real_kubectl(
        kubeconfig, "create", "service", "nodeport", "np2", "--tcp=81", f"--node-port={taken}"
    )
    assert (again.returncode, again.stderr) == (
        1,
        'error: failed to create NodePort service: Service "np2" is invalid: '
        f"spec.ports[0].nodePort: Invalid value: {taken}: provided port is already allocated\n",
    )
    balancer = kubectl(kubeconfig, "create", "service", "loadbalancer", "lb", "--tcp=80")
    assert balancer == "service/lb created\n"
    assert kubectl(kubeconfig, "get", "svc", "lb", "--no-headers").split()[3] == "<pending>"


def test_a_service_account_token_authenticates_as_the_service_account(kubeconfig: Path) -> None:
    token = kubectl(kubeconfig, "create", "token", "default").strip()
    assert token.count(".") == 2
    refused = real_kubectl(kubeconfig, f"--token={token}", "get", "pods")
    assert (refused.returncode, refused.stderr) == (
        1,
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:'
        'default" cannot list resource "pods" in API group "" in the namespace "default"\n',
    )
    short = real_kubectl(kubeconfig, "create", "token", "default", "--duration=5m")
    assert short.stderr == (
        'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: '
        "spec.expirationSeconds: Invalid value: 300: may not specify a duration less than "
        "10 minutes\n"
    )


def test_cluster_info_names_the_control_plane_and_coredns_at_the_kubeconfig_s_server(
    kubeconfig: Path,
) -> None:
    server = yaml.safe_load(kubeconfig.read_text())["clusters"][0]["cluster"]["server"]
    assert server.endswith("/k8s/admin/default")
    assert kubectl(kubeconfig, "cluster-info") == (
        f"Kubernetes control plane is running at {server}\n"
        f"CoreDNS is running at {server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    )
