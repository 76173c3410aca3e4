"""Impersonation (WithImpersonation in k8s.io/apiserver/pkg/endpoints/filters/impersonation):
a request's Impersonate-User, Impersonate-Group and Impersonate-Uid (kubectl's --as, --as-group
and --as-uid) make it act as that user, once the authenticated user is authorized to
`impersonate` each of them, in that order.

A service account's username is checked as the ServiceAccount it names and gets its groups;
any impersonated user but system:anonymous is in system:authenticated unless the groups given
say otherwise, and system:anonymous is in system:unauthenticated.
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
UIDS = Resource("uids", "UID", False, "authentication.k8s.io")
SERVICE_ACCOUNTS = Resource("serviceaccounts", "ServiceAccount", True)


def impersonate(
    authorizer: Authorizer, user: UserInfo, name: str, groups: tuple[str, ...], uid: str = ""
) -> UserInfo:
    """The user to act as, or the 400 or 403 kube-apiserver gives when `user` may not."""
    if not name:
        raise _no_user(groups, uid)
    default_groups: tuple[str, ...] = ()
    if name.startswith(SERVICE_ACCOUNT_USER_PREFIX) and name.count(":") == 3:
        namespace, account = name.split(":")[2:]
        _check(authorizer, user, SERVICE_ACCOUNTS, account, namespace)
        default_groups = service_account_user(namespace, account).groups
    else:
        _check(authorizer, user, USERS, name)
    for group in groups:
        _check(authorizer, user, GROUPS, group)
    if uid:
        _check(authorizer, user, UIDS, uid)
    return UserInfo(name, _with_implied_group(name, groups or default_groups), uid)


def _with_implied_group(name: str, groups: tuple[str, ...]) -> tuple[str, ...]:
    """system:authenticated for anyone but system:anonymous, who gets
    system:unauthenticated, unless the groups already say which."""
    if name == ANONYMOUS:
        return groups if UNAUTHENTICATED in groups else (*groups, UNAUTHENTICATED)
    if {AUTHENTICATED, UNAUTHENTICATED} & set(groups):
        return groups
    return (*groups, AUTHENTICATED)


def _check(
    authorizer: Authorizer, user: UserInfo, resource: Resource, name: str, namespace: str = ""
) -> None:
    attrs = Attributes(user, "impersonate", namespace, resource.group, resource.name, "", name)
    decision = authorizer.authorize(attrs)
    if not decision.allowed:
        raise errors.forbidden(
            user.name, "impersonate", resource, "", namespace, name, decision.reason
        )


def _no_user(groups: tuple[str, ...], uid: str) -> errors.StatusError:
    """buildImpersonationRequests' 400 for groups or a uid without a user, which names each
    request as Go's %v prints a v1.ObjectReference (Kind Namespace Name UID APIVersion
    ResourceVersion FieldPath)."""
    refs = [("Group", group, "") for group in groups]
    if uid:
        refs.append(("UID", uid, "authentication.k8s.io/v1"))
    printed = " ".join(
        f"{{{kind}  {ref_name}  {api_version}  }}" for kind, ref_name, api_version in refs
    )
    return errors.bad_request(f"requested [{printed}] without impersonating a user")
