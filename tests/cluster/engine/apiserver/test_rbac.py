"""RBAC: rules match as RuleAllows does, and bindings are read from etcd as they change."""

import pytest

from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.authorization import Attributes
from cluster.engine.apiserver.rbac import PolicyRule, RBACAuthorizer, rule_allows
from cluster.engine.cluster import Cluster
from cluster.engine.store.etcd import Etcd
from tests.cluster.engine.apiserver.rbac_helpers import (
    ask,
    attrs,
    binding,
    cluster_role,
    create,
    group,
    jane,
    put,
    remove,
    role,
    rule,
    service_account,
    sign_in,
    user,
)

ANYONE = UserInfo("jane")


def policy_rule(verbs="get", groups=("",), names="pods", resource_names="", urls=""):
    return PolicyRule(
        tuple(verbs.split()),
        groups,
        tuple(names.split()),
        tuple(resource_names.split()),
        tuple(urls.split()),
    )


def url_request(verb: str, path: str) -> Attributes:
    return Attributes(ANYONE, verb, resource_request=False, path=path)


RULE_CASES = [
    (
        "the verb must be one the rule lists",
        policy_rule("get list"),
        attrs(ANYONE, "list", "pods"),
        True,
    ),
    (
        "another verb is not allowed",
        policy_rule("get list"),
        attrs(ANYONE, "delete", "pods"),
        False,
    ),
    (
        "the verb * allows every verb",
        policy_rule("*"),
        attrs(ANYONE, "deletecollection", "pods"),
        True,
    ),
    (
        "the core group is the empty string",
        policy_rule(),
        attrs(ANYONE, "get", "deployments.apps"),
        False,
    ),
    (
        "the group * allows every group",
        policy_rule(groups=("*",), names="deployments"),
        attrs(ANYONE, "get", "deployments.apps"),
        True,
    ),
    (
        "a resource does not cover its subresources",
        policy_rule(),
        attrs(ANYONE, "get", "pods/log"),
        False,
    ),
    (
        "a subresource is named resource/subresource",
        policy_rule(names="pods/log"),
        attrs(ANYONE, "get", "pods/log"),
        True,
    ),
    (
        "a subresource does not cover its resource",
        policy_rule(names="pods/log"),
        attrs(ANYONE, "get", "pods"),
        False,
    ),
    (
        "*/subresource covers it for every resource",
        policy_rule(groups=("*",), names="*/scale"),
        attrs(ANYONE, "get", "deployments/scale.apps"),
        True,
    ),
    (
        "*/subresource does not cover the resource",
        policy_rule(groups=("*",), names="*/scale"),
        attrs(ANYONE, "get", "deployments.apps"),
        False,
    ),
    (
        "* covers every resource and subresource",
        policy_rule(names="*"),
        attrs(ANYONE, "get", "pods/status"),
        True,
    ),
    (
        "resource names restrict the objects",
        policy_rule(resource_names="web"),
        attrs(ANYONE, "get", "pods", "default", "web"),
        True,
    ),
    (
        "another object is not allowed",
        policy_rule(resource_names="web"),
        attrs(ANYONE, "get", "pods", "default", "db"),
        False,
    ),
    (
        "a list names no object, so resource names refuse it",
        policy_rule("list", resource_names="web"),
        attrs(ANYONE, "list", "pods", "default"),
        False,
    ),
    (
        "a URL must match exactly",
        policy_rule(names="", urls="/healthz"),
        url_request("get", "/healthz"),
        True,
    ),
    (
        "a URL ending in * matches by prefix",
        policy_rule(names="", urls="/apis/*"),
        url_request("get", "/apis/apps/v1"),
        True,
    ),
    (
        "/api/* does not match /api itself",
        policy_rule(names="", urls="/api/*"),
        url_request("get", "/api"),
        False,
    ),
    (
        "a resource rule allows no URL",
        policy_rule(names="*", groups=("*",)),
        url_request("get", "/healthz"),
        False,
    ),
    (
        "a URL rule allows no resource",
        policy_rule(names="", urls="*"),
        attrs(ANYONE, "get", "pods"),
        False,
    ),
]


@pytest.mark.parametrize(
    ("rule", "request_attrs", "allowed"),
    [case[1:] for case in RULE_CASES],
    ids=[case[0] for case in RULE_CASES],
)
def test_rules_match_as_rule_allows_does(rule, request_attrs, allowed):
    assert rule_allows(request_attrs, rule) is allowed


READ_PODS = cluster_role("pod-reader", rule("get list watch", names="pods"))


def authorizer_with(*objects) -> tuple[RBACAuthorizer, Etcd]:
    etcd = Etcd()
    for obj in objects:
        put(etcd, obj)
    return RBACAuthorizer(etcd), etcd


def test_a_cluster_role_binding_allows_everywhere_and_names_itself_in_the_reason():
    rbac, _ = authorizer_with(
        READ_PODS, binding("readers", "ClusterRole/pod-reader", group("devs"))
    )
    assert rbac.authorize(attrs(jane("devs"), "list", "pods", "prod")) == (
        True,
        'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to Group "devs"',
    )
    assert rbac.authorize(attrs(jane(), "list", "pods", "prod")) == (False, "")


def test_a_role_binding_allows_only_in_its_own_namespace():
    rbac, _ = authorizer_with(
        READ_PODS, binding("read", "ClusterRole/pod-reader", user("jane"), namespace="dev")
    )
    assert rbac.authorize(attrs(jane(), "get", "pods", "dev", "web")) == (
        True,
        'RBAC: allowed by RoleBinding "read/dev" of ClusterRole "pod-reader" to User "jane"',
    )
    assert rbac.authorize(attrs(jane(), "get", "pods", "prod", "web"))[0] is False
    assert rbac.authorize(attrs(jane(), "list", "pods"))[0] is False


def test_a_role_binding_finds_its_role_in_its_own_namespace():
    rbac, _ = authorizer_with(
        role("dev", "cm-editor", rule("update", names="configmaps")),
        binding("edit-cm", "Role/cm-editor", user("jane"), namespace="dev"),
        binding("edit-cm", "Role/cm-editor", user("jane"), namespace="prod"),
    )
    assert rbac.authorize(attrs(jane(), "update", "configmaps", "dev", "c")) == (
        True,
        'RBAC: allowed by RoleBinding "edit-cm/dev" of Role "cm-editor" to User "jane"',
    )
    assert rbac.authorize(attrs(jane(), "update", "configmaps", "prod", "c")) == (
        False,
        'RBAC: role.rbac.authorization.k8s.io "cm-editor" not found',
    )


def test_a_service_account_subject_defaults_to_the_binding_namespace():
    bot = UserInfo("system:serviceaccount:dev:bot", ("system:serviceaccounts",))
    rbac, _ = authorizer_with(
        READ_PODS, binding("bot", "ClusterRole/pod-reader", service_account("bot"), namespace="dev")
    )
    assert rbac.authorize(attrs(bot, "list", "pods", "dev")) == (
        True,
        'RBAC: allowed by RoleBinding "bot/dev" of ClusterRole "pod-reader" to ServiceAccount "bot/dev"',
    )


def test_a_service_account_subject_of_a_cluster_role_binding_needs_its_namespace():
    bot = UserInfo("system:serviceaccount:dev:bot")
    rbac, _ = authorizer_with(
        READ_PODS,
        binding("anywhere", "ClusterRole/pod-reader", service_account("bot")),
        binding("dev-bot", "ClusterRole/pod-reader", service_account("bot", "dev")),
    )
    assert rbac.authorize(attrs(bot, "list", "pods")) == (
        True,
        'RBAC: allowed by ClusterRoleBinding "dev-bot" of ClusterRole "pod-reader" to '
        'ServiceAccount "bot/dev"',
    )


def test_the_reason_names_the_first_subject_that_applies():
    rbac, _ = authorizer_with(
        READ_PODS,
        binding("readers", "ClusterRole/pod-reader", user("bob"), group("devs"), user("jane")),
    )
    assert rbac.authorize(attrs(jane("devs"), "get", "pods", "a", "b"))[1].endswith(
        'to Group "devs"'
    )


def test_cluster_role_bindings_are_visited_before_role_bindings():
    rbac, _ = authorizer_with(
        READ_PODS,
        binding("a-local", "ClusterRole/pod-reader", user("jane"), namespace="dev"),
        binding("z-global", "ClusterRole/pod-reader", user("jane")),
    )
    assert rbac.authorize(attrs(jane(), "get", "pods", "dev", "p"))[1].startswith(
        'RBAC: allowed by ClusterRoleBinding "z-global"'
    )


def test_bindings_to_missing_roles_are_the_reason_of_a_denial():
    rbac, _ = authorizer_with(
        binding("a", "ClusterRole/ghost", user("jane")),
        binding("b", "ClusterRole/phantom", user("jane")),
        binding("c", "Fancy/thing", user("jane")),
    )
    assert rbac.authorize(attrs(jane(), "get", "pods", "x", "y")) == (
        False,
        'RBAC: [clusterrole.rbac.authorization.k8s.io "ghost" not found, '
        'clusterrole.rbac.authorization.k8s.io "phantom" not found, '
        'unsupported role reference kind: "Fancy"]',
    )


def test_the_policy_follows_every_change_in_etcd():
    readers = binding("readers", "ClusterRole/pod-reader", user("jane"))
    rbac, etcd = authorizer_with(READ_PODS, readers)
    request = attrs(jane(), "list", "pods", "dev")
    assert rbac.authorize(request)[0] is True
    remove(etcd, readers)
    assert rbac.authorize(request)[0] is False
    put(etcd, readers)
    put(etcd, cluster_role("pod-reader", rule("get", names="pods")))
    assert rbac.authorize(request)[0] is False
    assert rbac.authorize(attrs(jane(), "get", "pods", "dev", "web"))[0] is True


def test_after_compaction_the_policy_is_listed_again():
    rbac, etcd = authorizer_with(READ_PODS)
    request = attrs(jane(), "list", "pods", "dev")
    assert rbac.authorize(request)[0] is False
    put(etcd, binding("readers", "ClusterRole/pod-reader", user("jane")))
    put(etcd, cluster_role("unrelated"))
    etcd.compact(etcd.revision)
    assert rbac.authorize(request)[0] is True


def test_a_user_is_refused_with_kubernetes_message_until_a_role_binding_lets_them_in():
    cluster = Cluster()
    credential = sign_in(cluster, "jane")
    response = ask(cluster, credential, "list", "pods", "default")
    assert (response.code, response.body["reason"], response.body["message"]) == (
        403,
        "Forbidden",
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the '
        'namespace "default"',
    )
    assert response.body["details"] == {"kind": "pods"}
    create(cluster, binding("jane-view", "ClusterRole/view", user("jane"), namespace="default"))
    mark = cluster.trace.last_seq
    assert ask(cluster, credential, "list", "pods", "default").code == 200
    allowed = next(h for h in cluster.trace.since(mark) if h.verb == "allowed")
    assert allowed.summary == (
        'RBAC: allowed by RoleBinding "jane-view/default" of ClusterRole "view" to User "jane"'
    )
    assert ask(cluster, credential, "list", "pods", "kube-system").code == 403


def test_a_denial_caused_by_a_missing_role_says_so():
    cluster = Cluster()
    credential = sign_in(cluster, "jane")
    create(cluster, binding("jane-ghost", "ClusterRole/ghost", user("jane")))
    response = ask(cluster, credential, "get", "nodes", name="node-1")
    assert response.body["message"] == (
        'nodes "node-1" is forbidden: User "jane" cannot get resource "nodes" in API group "" '
        'at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found'
    )


def test_a_name_decides_only_requests_that_a_rule_naming_objects_takes_in():
    rbac, _ = authorizer_with(
        cluster_role(
            "mixed",
            rule("get", names="configmaps", resourceNames=["settings"]),
            rule("get", names="secrets"),
        ),
        binding("mixed", "ClusterRole/mixed", user("jane")),
    )
    for _ in range(2):  # the second time from the verdicts remembered
        assert rbac.authorize(attrs(jane(), "get", "configmaps", "dev", "settings"))[0]
        assert not rbac.authorize(attrs(jane(), "get", "configmaps", "dev", "other"))[0]
        assert rbac.authorize(attrs(jane(), "get", "secrets", "dev", "a"))[0]
        assert rbac.authorize(attrs(jane(), "get", "secrets", "dev", "b"))[0]
        assert not rbac.authorize(attrs(jane(), "delete", "secrets", "dev", "a"))[0]
