"""Who may reach a cluster's API, and with which credential its engine sees them.

The owner's KubeLab API token stands for the cluster's `kubernetes-admin`, as the built-in
kubectl does. Any other bearer token goes to the engine's authenticator as it is (service
account tokens minted inside the cluster), so garbage gets the engine's own 401 with its
hops. Nobody learns whether someone else's cluster exists: another user's KubeLab token, or
any token for a cluster that does not exist, gets the same 401 as a bad token."""

from __future__ import annotations

from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.http import HttpRequest

from cluster import selectors
from cluster.auth import bearer_token
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Credential
from cluster.models import Cluster


@dataclass(frozen=True, slots=True)
class Caller:
    cluster: Cluster
    credential: Credential | None  # None: no credential, which the engine refuses
    owner: bool = False  # the owner's own token: the cluster's admin, known without asking


def cluster_not_found(name: str) -> StatusError:
    return StatusError(
        404, "NotFound", f'clusters "{name}" not found', {"name": name, "kind": "clusters"}
    )


def _resolve(token: str, owner: str, name: str) -> Caller:
    user = selectors.user_for_token(token) if token else None
    if user is not None:
        if user.get_username() != owner:
            raise errors.unauthorized()
        cluster = selectors.cluster_of(user, name)
        if cluster is None:
            raise cluster_not_found(name)
        return Caller(cluster, Credential("token", cluster.admin_token), owner=True)
    cluster = selectors.cluster_of_owner_named(owner, name)
    if cluster is None:
        raise errors.unauthorized()
    return Caller(cluster, Credential("token", token) if token else None)


async def resolve(request: HttpRequest, owner: str, name: str) -> Caller:
    """The cluster addressed and the credential to present to it, or a StatusError."""
    return await sync_to_async(_resolve)(bearer_token(request), owner, name)


async def resolve_token(token: str, owner: str, name: str) -> Caller:
    """The same for a bearer token read elsewhere (a websocket's headers)."""
    return await sync_to_async(_resolve)(token, owner, name)
