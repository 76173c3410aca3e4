"""Escalation prevention: roles and bindings grant only what their writer holds, unless the
writer may `escalate` or `bind`, or is in system:masters."""

import pytest

from cluster.engine.apiserver.escalation import compact_rules, compact_string
from cluster.engine.apiserver.rbac import PolicyRule
from cluster.engine.cluster import Cluster
from tests.cluster.engine.apiserver.rbac_helpers import (
    RBAC,
    ask,
    binding,
    cluster_role,
    create,
    role,
    rule,
    sign_in,
    user,
)

HEADER = (
    'user "jane" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC '
    "permissions not currently held:\n"
)


@pytest.fixture
def cluster():
    cluster = Cluster()
    writer = rule("create update get", (RBAC,), "roles rolebindings")
    create(cluster, role("default", "writer", writer, rule("get list", ("",), "pods")))
    create(cluster, binding("writer", "Role/writer", user("jane"), namespace="default"))
    return cluster


def jane_asks(cluster, verb, resource, body, name=""):
    credential = sign_in(cluster, "jane", "devs")
    return ask(cluster, credential, verb, resource, "default", name, body=body)


def test_a_role_with_rules_the_writer_lacks_is_forbidden(cluster):
    rules = (
        rule("*", ("",), "secrets"),
        rule("get", ("",), "pods"),
        rule("get list", ("apps",), "deployments", resourceNames=["a", "b"]),
    )
    response = jane_asks(cluster, "create", "roles", role("default", "esc", *rules))
    assert response.code == 403
    assert response.body["message"] == (
        'roles.rbac.authorization.k8s.io "esc" is forbidden: '
        + HEADER
        + "\n".join(
            (
                '{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}',
                '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["a"], '
                'Verbs:["get" "list"]}',
                '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["b"], '
                'Verbs:["get" "list"]}',
            )
        )
    )
    assert response.body["details"] == {"name": "esc", "group": RBAC, "kind": "roles"}


def test_a_role_within_what_the_writer_holds_is_created(cluster):
    response = jane_asks(
        cluster, "create", "roles", role("default", "ok", rule("get", ("",), "pods"))
    )
    assert response.code == 201


def test_binding_a_role_the_writer_does_not_hold_is_forbidden(cluster):
    create(cluster, cluster_role("reader", rule("get list watch", ("",), "secrets pods")))
    body = binding("esc", "ClusterRole/reader", user("mallory"), namespace="default")
    response = jane_asks(cluster, "create", "rolebindings", body)
    assert response.code == 403
    assert response.body["message"] == (
        'rolebindings.rbac.authorization.k8s.io "esc" is forbidden: '
        + HEADER
        + '{APIGroups:[""], Resources:["pods"], Verbs:["watch"]}\n'
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list" "watch"]}'
    )


def test_binding_a_missing_role_is_not_found(cluster):
    body = binding("esc", "Role/ghost", user("mallory"), namespace="default")
    response = jane_asks(cluster, "create", "rolebindings", body)
    assert response.code == 404
    assert response.body["message"] == 'roles.rbac.authorization.k8s.io "ghost" not found'


def test_the_bind_verb_allows_binding_any_role(cluster):
    bind = rule("bind", (RBAC,), "clusterroles", resourceNames=["admin"])
    create(cluster, role("default", "binder", bind))
    create(cluster, binding("binder", "Role/binder", user("jane"), namespace="default"))
    body = binding("ok", "ClusterRole/admin", user("mallory"), namespace="default")
    assert jane_asks(cluster, "create", "rolebindings", body).code == 201


def test_the_escalate_verb_allows_any_rules(cluster):
    create(cluster, role("default", "escalator", rule("escalate", (RBAC,), "roles")))
    create(cluster, binding("escalator", "Role/escalator", user("jane"), namespace="default"))
    body = role("default", "ok", rule("*", ("*",), "*"))
    assert jane_asks(cluster, "create", "roles", body).code == 201


def test_an_update_is_checked_unless_it_only_changes_owners_or_finalizers(cluster):
    stored = create(cluster, role("default", "big", rule("*", ("",), "secrets")))
    owned = {**stored, "metadata": {**stored["metadata"], "finalizers": ["example.com/keep"]}}
    assert jane_asks(cluster, "update", "roles", owned, "big").code == 200
    labelled = {**owned, "metadata": {**owned["metadata"], "labels": {"a": "b"}}}
    labelled["metadata"].pop("resourceVersion")
    assert jane_asks(cluster, "update", "roles", labelled, "big").code == 403


def test_compact_rules_join_the_verbs_of_one_resource():
    rules = [
        PolicyRule(("get",), ("",), ("pods",)),
        PolicyRule(("list",), ("",), ("pods",)),
        PolicyRule(("get",), non_resource_urls=("/healthz",)),
    ]
    assert [compact_string(r) for r in compact_rules(rules)] == [
        '{NonResourceURLs:["/healthz"], Verbs:["get"]}',
        '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    ]
