"""Ingresses, IngressClasses and NetworkPolicies as kube-apiserver stores them: defaulting,
the strategies' generation and status, their warnings, and the DefaultIngressClass admission
plugin. Nothing acts on them: there is no ingress controller, and no CNI that enforces
policies."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

NETWORKING = "networking.k8s.io/v1"
DEFAULT = {"ingressclass.kubernetes.io/is-default-class": "true"}


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


def ingress(name, annotations=None, **spec):
    metadata = {"name": name, **({"annotations": annotations} if annotations else {})}
    backend = {"service": {"name": "web", "port": {"number": 80}}}
    return {"metadata": metadata, "spec": {"defaultBackend": backend, **spec}}


def ingress_class(name, annotations=None, **spec):
    metadata = {"name": name, **({"annotations": annotations} if annotations else {})}
    return {"metadata": metadata, "spec": {"controller": "example.com/ingress", **spec}}


def create(cluster, resource, body, namespace="default"):
    response = ask(cluster, "create", resource, namespace, body=body)
    assert response.code == 201, response.body
    return response


@pytest.fixture
def cluster():
    return Cluster()


def test_a_new_ingress_has_generation_one_and_an_empty_status(cluster):
    body = ingress("web")
    body["status"] = {"loadBalancer": {"ingress": [{"ip": "192.0.2.1"}]}}
    created = create(cluster, "ingresses", body).body
    assert created["metadata"]["generation"] == 1
    assert created["status"] == {"loadBalancer": {}}
    assert created["apiVersion"] == NETWORKING


def test_an_ingress_spec_change_moves_the_generation_and_keeps_the_status(cluster):
    create(cluster, "ingresses", ingress("web"))
    status = {"loadBalancer": {"ingress": [{"ip": "192.0.2.1"}]}}
    current = ask(cluster, "get", "ingresses", "default", "web").body
    current["status"] = status
    updated = ask(
        cluster, "update", "ingresses", "default", "web", body=current, subresource="status"
    )
    assert (updated.code, updated.body["status"]) == (200, status)
    assert updated.body["metadata"]["generation"] == 1
    changed = {**updated.body, "spec": {**updated.body["spec"], "ingressClassName": "x"}}
    changed["status"] = {}
    after = ask(cluster, "update", "ingresses", "default", "web", body=changed).body
    assert (after["metadata"]["generation"], after["status"]) == (2, status)


def test_an_ingress_status_with_a_non_standard_ip_is_warned_of(cluster):
    create(cluster, "ingresses", ingress("web"))
    current = ask(cluster, "get", "ingresses", "default", "web").body
    current["status"] = {"loadBalancer": {"ingress": [{"ip": "2001:db8:0::1"}]}}
    updated = ask(
        cluster, "update", "ingresses", "default", "web", body=current, subresource="status"
    )
    assert updated.warnings == (
        'status.loadBalancer.ingress[0]: IPv6 address "2001:db8:0::1" should be in RFC 5952 '
        'canonical format ("2001:db8::1")',
    )


def test_the_class_annotation_is_deprecated_unless_the_spec_names_a_class_too(cluster):
    annotated = {"kubernetes.io/ingress.class": "nginx"}
    response = create(cluster, "ingresses", ingress("old", annotated))
    assert response.warnings == (
        'annotation "kubernetes.io/ingress.class" is deprecated, please use '
        "'spec.ingressClassName' instead",
    )
    both = create(cluster, "ingresses", ingress("both", annotated, ingressClassName="nginx"))
    assert both.warnings == ()
    refused = ask(
        cluster,
        "create",
        "ingresses",
        "default",
        body=ingress("odd", annotated, ingressClassName="haproxy"),
    )
    assert (refused.code, refused.body["message"]) == (
        422,
        'Ingress.networking.k8s.io "odd" is invalid: annotations.kubernetes.io/ingress.class: '
        'Invalid value: "nginx": must match `ingressClassName` when both are specified',
    )


def test_an_ingress_without_a_class_gets_the_newest_default_class(cluster):
    create(cluster, "ingresses", ingress("none"))
    create(cluster, "ingressclasses", ingress_class("b", DEFAULT), "")
    create(cluster, "ingressclasses", ingress_class("a", DEFAULT), "")
    create(cluster, "ingressclasses", ingress_class("other"), "")
    cluster.clock.advance_to(5_000)
    create(cluster, "ingressclasses", ingress_class("newer", DEFAULT), "")

    def class_of(name, **options):
        body = create(cluster, "ingresses", ingress(name, **options)).body
        return body["spec"].get("ingressClassName")

    assert (
        ask(cluster, "get", "ingresses", "default", "none").body["spec"].get("ingressClassName")
        is None
    )
    assert class_of("defaulted") == "newer"
    assert class_of("chosen", ingressClassName="other") == "other"
    assert class_of("annotated", annotations={"kubernetes.io/ingress.class": "x"}) is None
    ask(cluster, "delete", "ingressclasses", name="newer")
    assert class_of("older") == "a"  # made in the same second as b: the first by name


def test_an_ingress_class_is_defaulted_to_cluster_scoped_parameters(cluster):
    parameters = {"kind": "Params", "name": "p"}
    created = create(cluster, "ingressclasses", ingress_class("c", parameters=parameters), "")
    assert created.body["spec"]["parameters"] == {**parameters, "scope": "Cluster"}
    assert created.body["metadata"]["generation"] == 1
    bare = ask(cluster, "create", "ingressclasses", body={"metadata": {"name": "bare"}})
    assert (bare.code, bare.body["message"]) == (
        422,
        'IngressClass.networking.k8s.io "bare" is invalid: spec.controller: Required value',
    )


def test_a_network_policy_is_defaulted_as_v1_defaults_it(cluster):
    body = {
        "metadata": {"name": "dns"},
        "spec": {"egress": [{"ports": [{"port": 53}, {"port": 53, "protocol": "UDP"}]}]},
    }
    created = create(cluster, "networkpolicies", body).body
    assert created["spec"] == {
        "podSelector": {},
        "egress": [{"ports": [{"port": 53, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}]}],
        "policyTypes": ["Ingress", "Egress"],
    }
    assert created["metadata"]["generation"] == 1
    assert "status" not in created
    only_ingress = create(cluster, "networkpolicies", {"metadata": {"name": "deny"}}).body
    assert only_ingress["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"]}
    changed = {**only_ingress, "spec": {**only_ingress["spec"], "policyTypes": ["Egress"]}}
    after = ask(cluster, "update", "networkpolicies", "default", "deny", body=changed).body
    assert after["metadata"]["generation"] == 2


def test_a_network_policy_cidr_in_a_non_standard_form_is_warned_of(cluster):
    peer = {"ipBlock": {"cidr": "2001:db8:0::/48", "except": ["2001:db8:0:1::/64"]}}
    body = {"metadata": {"name": "v6"}, "spec": {"ingress": [{"from": [peer]}]}}
    expected = (
        'spec.ingress[0].from[0].ipBlock.cidr: IPv6 CIDR value "2001:db8:0::/48" should be in '
        'RFC 5952 canonical format ("2001:db8::/48")',
    )
    assert create(cluster, "networkpolicies", body).warnings == expected
    stored = ask(cluster, "get", "networkpolicies", "default", "v6").body
    updated = ask(cluster, "update", "networkpolicies", "default", "v6", body=stored)
    assert updated.warnings == expected
