"""Impersonate-User and Impersonate-Group: acting as another user, once allowed to."""

import pytest

from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.impersonation import impersonate
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def whoami(cluster, user="", groups=(), uid=""):
    request = Request(
        "create",
        "selfsubjectreviews",
        body={"kind": "SelfSubjectReview"},
        credential=cluster.admin,
        impersonate_user=user,
        impersonate_groups=groups,
        impersonate_uid=uid,
    )
    return cluster.handle(request)


def test_the_admin_acts_as_a_user_in_system_authenticated(cluster):
    info = whoami(cluster, "jane", ("devs",)).body["status"]["userInfo"]
    assert info == {"username": "jane", "groups": ["devs", "system:authenticated"]}
    hops = cluster.trace.since(cluster.trace.last_seq - 8)
    authenticated = next(h for h in hops if h.verb == "authenticated")
    assert authenticated.summary == (
        'user "jane" groups [devs system:authenticated] (bearer token, impersonated by user '
        '"kubernetes-admin")'
    )


def test_a_service_account_gets_its_groups(cluster):
    info = whoami(cluster, "system:serviceaccount:default:robot").body["status"]["userInfo"]
    assert info["groups"] == [
        "system:serviceaccounts",
        "system:serviceaccounts:default",
        "system:authenticated",
    ]


def test_a_user_who_may_not_impersonate_is_refused(cluster):
    with pytest.raises(StatusError) as refused:
        impersonate(
            cluster.apiserver.authorizer, UserInfo("jane", ("system:authenticated",)), "bob", ()
        )
    assert (refused.value.code, refused.value.message) == (
        403,
        'users "bob" is forbidden: User "jane" cannot impersonate resource "users" in API group '
        '"" at the cluster scope',
    )


def test_groups_or_a_uid_need_a_user(cluster):
    response = whoami(cluster, "", ("devs", "ops"), "42")
    assert (response.code, response.body["reason"], response.body["message"]) == (
        400,
        "BadRequest",
        "requested [{Group  devs    } {Group  ops    } {UID  42  authentication.k8s.io/v1  }] "
        "without impersonating a user",
    )


def test_system_anonymous_is_in_system_unauthenticated(cluster):
    admin = UserInfo("kubernetes-admin", ("kubeadm:cluster-admins", "system:authenticated"))
    anonymous = impersonate(cluster.apiserver.authorizer, admin, "system:anonymous", ())
    assert anonymous.groups == ("system:unauthenticated",)


def test_a_uid_is_impersonated_with_the_user(cluster):
    info = whoami(cluster, "jane", (), "42").body["status"]["userInfo"]
    assert info == {"username": "jane", "uid": "42", "groups": ["system:authenticated"]}


def create(cluster, resource, body):
    assert cluster.handle(Request("create", resource, body=body, credential=cluster.admin)).ok


def test_impersonating_a_uid_takes_the_impersonate_verb_on_uids(cluster):
    rule = {"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"]}
    create(cluster, "clusterroles", {"metadata": {"name": "impersonator"}, "rules": [rule]})
    binding = {
        "metadata": {"name": "lead"},
        "roleRef": {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "ClusterRole",
            "name": "impersonator",
        },
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "lead"}],
    }
    create(cluster, "clusterrolebindings", binding)
    lead = UserInfo("lead", ("system:authenticated",))
    assert impersonate(cluster.apiserver.authorizer, lead, "jane", ()).name == "jane"
    with pytest.raises(StatusError) as refused:
        impersonate(cluster.apiserver.authorizer, lead, "jane", (), "42")
    assert (refused.value.code, refused.value.message) == (
        403,
        'uids.authentication.k8s.io "42" is forbidden: User "lead" cannot impersonate resource '
        '"uids" in API group "authentication.k8s.io" at the cluster scope',
    )
