"""Authentication: certificates, static tokens and service account tokens, or 401."""

import base64
import json

from cluster.engine.apiserver.request import Credential
from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.engine.apiserver.rbac_helpers import ask, binding, create, service_account

SA_GROUPS = "system:serviceaccounts system:serviceaccounts:default system:authenticated"


def new_service_account(cluster: Cluster, name: str = "bot") -> Credential:
    """Create ServiceAccount `name` in default and issue it a token (TokenRequest)."""
    account = create(
        cluster, {"kind": "ServiceAccount", "metadata": {"name": name, "namespace": "default"}}
    )
    token = cluster.apiserver.authenticator.issue_service_account_token(
        "default", name, account["metadata"]["uid"]
    )
    return Credential("token", token)


def authenticated_hop(cluster: Cluster, credential: Credential) -> str:
    mark = cluster.trace.last_seq
    ask(cluster, credential, "list", "pods", "default")
    return next(h.summary for h in cluster.trace.since(mark) if h.verb == "authenticated")


def decode(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def test_a_service_account_token_authenticates_as_its_service_account():
    cluster = Cluster()
    token = new_service_account(cluster)
    assert authenticated_hop(cluster, token) == (
        f'user "system:serviceaccount:default:bot" groups [{SA_GROUPS}] (service account token)'
    )


def test_the_token_is_a_jwt_that_kube_apiserver_signed():
    cluster = Cluster()
    uid = create(
        cluster, {"kind": "ServiceAccount", "metadata": {"name": "bot", "namespace": "default"}}
    )["metadata"]["uid"]
    header, payload, signature = cluster.apiserver.authenticator.issue_service_account_token(
        "default", "bot", uid
    ).split(".")
    assert decode(header)["alg"] == "RS256"
    claims = decode(payload)
    now = cluster.clock.unix()
    assert claims == {
        "aud": ["https://kubernetes.default.svc.cluster.local"],
        "exp": now + 3600,
        "iat": now,
        "iss": "https://kubernetes.default.svc.cluster.local",
        "jti": claims["jti"],
        "kubernetes.io": {"namespace": "default", "serviceaccount": {"name": "bot", "uid": uid}},
        "nbf": now,
        "sub": "system:serviceaccount:default:bot",
    }
    assert len(signature) == 342  # 256 bytes, base64url without padding


def test_the_same_seed_issues_the_same_token():
    tokens = [new_service_account(Cluster(ClusterSpec(seed=7))).value for _ in range(2)]
    assert tokens[0] == tokens[1]


def test_a_token_dies_with_its_service_account():
    cluster = Cluster()
    token = new_service_account(cluster)
    assert ask(cluster, cluster.admin, "delete", "serviceaccounts", "default", "bot").code == 200
    assert ask(cluster, token, "list", "pods", "default").code == 401
    create(cluster, {"kind": "ServiceAccount", "metadata": {"name": "bot", "namespace": "default"}})
    response = ask(cluster, token, "list", "pods", "default")  # same name, another uid
    assert (response.code, response.body["message"]) == (401, "Unauthorized")


def test_a_token_expires_an_hour_after_it_was_issued_with_a_minute_of_leeway():
    cluster = Cluster()
    token = new_service_account(cluster)
    cluster.advance_to(cluster.clock.now + 3_660_000)
    assert ask(cluster, token, "get", "namespaces", name="default").code == 403  # known, unbound
    cluster.advance_to(cluster.clock.now + 1_000)
    assert ask(cluster, token, "get", "namespaces", name="default").code == 401


def test_a_request_without_credentials_is_unauthorized_at_authentication():
    cluster = Cluster()
    mark = cluster.trace.last_seq
    response = ask(cluster, None, "list", "pods", "default")
    assert (response.code, response.body["reason"]) == (401, "Unauthorized")
    assert [(h.source, h.destination) for h in cluster.trace.since(mark)] == [
        ("kubectl", "authentication")
    ]


def test_a_service_account_may_do_what_its_role_bindings_allow():
    cluster = Cluster()
    token = new_service_account(cluster)
    assert ask(cluster, token, "list", "pods", "default").body["message"] == (
        'pods is forbidden: User "system:serviceaccount:default:bot" cannot list resource "pods" '
        'in API group "" in the namespace "default"'
    )
    create(
        cluster,
        binding("bot-view", "ClusterRole/view", service_account("bot"), namespace="default"),
    )
    mark = cluster.trace.last_seq
    assert ask(cluster, token, "list", "pods", "default").code == 200
    assert [h.summary for h in cluster.trace.since(mark) if h.verb == "allowed"] == [
        'RBAC: allowed by RoleBinding "bot-view/default" of ClusterRole "view" to '
        'ServiceAccount "bot/default"'
    ]
    assert ask(cluster, token, "list", "pods", "kube-system").code == 403


def test_a_group_binding_covers_every_service_account_of_a_namespace():
    cluster = Cluster()
    token = new_service_account(cluster)
    group = {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Group",
        "name": "system:serviceaccounts:default",
    }
    create(cluster, binding("all-bots", "ClusterRole/view", group, namespace="default"))
    assert ask(cluster, token, "list", "pods", "default").code == 200


def test_components_are_recognised_by_their_client_certificates():
    cluster = Cluster()
    credential = cluster.scheduler.client.credential
    assert authenticated_hop(cluster, credential) == (
        'user "system:kube-scheduler" groups [system:authenticated] (x509 client certificate)'
    )


def test_the_admin_is_recognised_by_a_bearer_token():
    cluster = Cluster()
    assert authenticated_hop(cluster, cluster.admin) == (
        'user "kubernetes-admin" groups [kubeadm:cluster-admins system:authenticated] (bearer token)'
    )
