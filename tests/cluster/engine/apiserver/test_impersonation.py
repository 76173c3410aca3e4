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


def whoami(cluster, user="", groups=()):
    request = Request(
        "create",
        "selfsubjectreviews",
        body={"kind": "SelfSubjectReview"},
        credential=cluster.admin,
        impersonate_user=user,
        impersonate_groups=groups,
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


def test_groups_need_a_user(cluster):
    assert whoami(cluster, "", ("devs",)).code == 500
