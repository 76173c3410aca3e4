"""Impersonation (WithImpersonation in k8s.io/apiserver/pkg/endpoints/filters): a request's
Impersonate-User and Impersonate-Group (kubectl's --as and --as-group) make it act as that
user, once the authenticated user is authorized to `impersonate` each of them.

A service account's username is checked as the ServiceAccount it names and gets its groups;
any impersonated user but system:anonymous is in system:authenticated unless the groups given
say otherwise.
"""

from __future__ import annotations

from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.authentication import (
    AUTHENTICATED,
    SERVICE_ACCOUNT_USER_PREFIX,
    UserInfo,
    service_account_user,
)
from cluster.engine.apiserver.authorization import Attributes, Authorizer

ANONYMOUS = "system:anonymous"
UNAUTHENTICATED = "system:unauthenticated"
USERS = Resource("users", "User", False)
GROUPS = Resource("groups", "Group", False)
SERVICE_ACCOUNTS = Resource("serviceaccounts", "ServiceAccount", True)


def impersonate(
    authorizer: Authorizer, user: UserInfo, name: str, groups: tuple[str, ...]
) -> UserInfo:
    """The user to act as, or the 403 kube-apiserver gives when `user` may not."""
    if not name:
        raise _no_user(groups)
    default_groups: tuple[str, ...] = ()
    if name.startswith(SERVICE_ACCOUNT_USER_PREFIX) and name.count(":") == 3:
        namespace, account = name.split(":")[2:]
        _check(authorizer, user, SERVICE_ACCOUNTS, account, namespace)
        default_groups = service_account_user(namespace, account).groups
    else:
        _check(authorizer, user, USERS, name)
    for group in groups:
        _check(authorizer, user, GROUPS, group)
    found = groups or default_groups
    if name != ANONYMOUS and not {AUTHENTICATED, UNAUTHENTICATED} & set(found):
        found = (*found, AUTHENTICATED)
    return UserInfo(name, tuple(found))


def _check(
    authorizer: Authorizer, user: UserInfo, resource: Resource, name: str, namespace: str = ""
) -> None:
    attrs = Attributes(user, "impersonate", namespace, resource.group, resource.name, "", name)
    decision = authorizer.authorize(attrs)
    if not decision.allowed:
        raise errors.forbidden(
            user.name, "impersonate", resource, "", namespace, name, decision.reason
        )


def _no_user(groups: tuple[str, ...]) -> errors.StatusError:
    """Groups without a user: kube-apiserver's 500 for a request it cannot make sense of."""
    return errors.StatusError(
        500,
        "InternalError",
        f"Internal error occurred: requested {list(groups)} without impersonating a user",
    )
