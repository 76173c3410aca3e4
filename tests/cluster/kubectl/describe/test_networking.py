"""describeIngressV1, describeIngressClassV1 and describeNetworkPolicy, as kubectl 1.37 prints
them, through the built-in kubectl against a cluster."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

NETWORKING = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  labels: {app: ingress}
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: k8s.io/ingress-nginx
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  annotations: {note: hello}
spec:
  tls:
  - hosts: [a.example.com, b.example.com]
    secretName: cert
  - hosts: [c.example.com]
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - path: /named
        pathType: Exact
        backend: {service: {name: web, port: {name: http}}}
      - path: /gone
        pathType: Exact
        backend: {service: {name: gone, port: {number: 80}}}
  - http:
      paths:
      - path: /static
        pathType: ImplementationSpecific
        backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}
  - host: b.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fallback}
spec:
  ingressClassName: other
  defaultBackend: {resource: {kind: Bucket, name: b}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, labels: {tier: db}}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector:
    matchLabels: {role: db}
  ingress:
  - from:
    - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24, 172.17.2.0/24]}
    - namespaceSelector: {matchLabels: {project: myproject}}
      podSelector: {matchLabels: {role: frontend}}
    - podSelector: {matchLabels: {role: frontend}}
    ports:
    - {protocol: TCP, port: 6379}
    - {port: 32000, endPort: 32768}
  - {}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/24}
    ports:
    - {protocol: UDP}
"""


@pytest.fixture(scope="module")
def stored() -> Cluster:
    """A deployment's two pods behind Service web, and the objects above, 20 seconds on."""
    cluster = Cluster()
    for argv in (
        ("create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80"),
        ("create", "service", "clusterip", "web", "--tcp=80:80"),
    ):
        assert run(cluster, *argv).exit_code == 0
    assert run(cluster, "create", "-f", "-", stdin=NETWORKING).exit_code == 0
    cluster.advance_to(20_000)
    return cluster


def described(cluster: Cluster, *argv: str) -> list[str]:
    result = run(cluster, "describe", *argv)
    assert (result.stderr, result.exit_code) == ("", 0)
    return result.stdout.splitlines()


def endpoints(cluster: Cluster) -> str:
    ips = run(cluster, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}")
    return ips.stdout


def test_an_ingress_with_tls_rules_and_every_kind_of_backend(stored):
    found = described(stored, "ingress", "site")
    shown = found[13].split("(")[1].rstrip(")")  # the Service's ready endpoints, on port 80
    assert sorted(shown.split(",")) == sorted(f"{ip}:80" for ip in endpoints(stored).split())
    assert [*found[:13], found[13].replace(shown, "ENDPOINTS"), *found[14:]] == [
        "Name:             site",
        "Labels:           <none>",
        "Namespace:        default",
        "Address:          ",
        "Ingress Class:    nginx",  # the default class, given by admission
        "Default backend:  <default>",
        "TLS:",
        "  cert terminates a.example.com,b.example.com",
        "  SNI routes c.example.com",
        "Rules:",
        "  Host           Path  Backends",
        "  ----           ----  --------",
        "  a.example.com  ",
        "                 /        web:80 (ENDPOINTS)",
        "                 /named   web:http ()",  # sic: no port of the Service is named http
        '                 /gone    gone:80 (<error: services "gone" not found>)',
        "  *              ",
        "                 /static   APIGroup: k8s.example.com, Kind: StorageBucket, Name: assets",
        "Annotations:     note: hello",
        "Events:          <none>",
    ]


def test_an_ingress_with_only_a_default_backend(stored):
    assert described(stored, "ing", "fallback") == [
        "Name:             fallback",
        "Labels:           <none>",
        "Namespace:        default",
        "Address:          ",
        "Ingress Class:    other",
        "Default backend:  APIGroup: <none>, Kind: Bucket, Name: b",
        "Rules:",
        "  Host        Path  Backends",
        "  ----        ----  --------",
        "  *           *     APIGroup: <none>, Kind: Bucket, Name: b",
        "Annotations:  <none>",
        "Events:       <none>",
    ]


def test_an_ingress_class_and_its_parameters(stored):
    assert described(stored, "ingressclass", "nginx") == [
        "Name:         nginx",
        "Labels:       app=ingress",
        "Annotations:  ingressclass.kubernetes.io/is-default-class: true",
        "Controller:   k8s.io/ingress-nginx",
        "Parameters:",
        "  APIGroup:  k8s.example.com",
        "  Kind:      IngressParameters",
        "  Name:      external",
        "Events:      <none>",  # the block of the parameters' lines
    ]


def test_a_policy_isolating_every_pod(stored):
    assert described(stored, "netpol", "deny-all") == [
        "Name:         deny-all",
        "Namespace:    default",
        "Created on:   2026-01-01 00:00:00 +0000 UTC",
        "Labels:       tier=db",
        "Annotations:  <none>",
        "Spec:",
        "  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)",
        "  Allowing ingress traffic:",
        "    <none> (Selected pods are isolated for ingress connectivity)",
        "  Allowing egress traffic:",
        "    <none> (Selected pods are isolated for egress connectivity)",
        "  Policy Types: Ingress, Egress",
    ]


def test_a_policy_s_rules_ports_and_peers(stored):
    assert described(stored, "networkpolicy", "db") == [
        "Name:         db",
        "Namespace:    default",
        "Created on:   2026-01-01 00:00:00 +0000 UTC",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Spec:",
        "  PodSelector:     role=db",
        "  Allowing ingress traffic:",
        "    To Port: 6379/TCP",
        "    To Port Range: 32000-32768/TCP",
        "    From:",
        "      IPBlock:",
        "        CIDR: 172.17.0.0/16",
        "        Except: 172.17.1.0/24, 172.17.2.0/24",
        "    From:",
        "      NamespaceSelector: project=myproject",
        "      PodSelector: role=frontend",
        "    From:",
        "      PodSelector: role=frontend",
        "    ----------",
        "    To Port: <any> (traffic allowed to all ports)",
        "    From: <any> (traffic not restricted by source)",
        "  Allowing egress traffic:",
        "    To Port: <nil>/UDP",
        "    To:",
        "      IPBlock:",
        "        CIDR: 10.0.0.0/24",
        "        Except: ",
        "  Policy Types: Ingress, Egress",
    ]
