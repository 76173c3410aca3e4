"""Who may reach a cluster's API, and with which credential its engine sees them.

The owner's KubeLab API token stands for the cluster's `kubernetes-admin`, as the built-in
kubectl does. Any other bearer token goes to the engine's authenticator as it is (service
account tokens minted inside the cluster), so garbage gets the engine's own 401 with its
hops. Nobody learns whether someone else's cluster exists: another user's KubeLab token, or
any token for a cluster that does not exist, gets the same 401 as a bad token.

Who a token is and which cluster it reaches is remembered for a few seconds per process (see
CACHE_SECONDS), so a request costs no database query: a token or cluster deleted elsewhere
keeps working that long. Refusals are not remembered: a new token or cluster works at once."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.db import close_old_connections
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from cluster import selectors
from cluster.auth import bearer_token
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Credential
from cluster.models import ApiToken, Cluster


@dataclass(frozen=True, slots=True)
class Caller:
    cluster: Cluster
    credential: Credential | None  # None: no credential, which the engine refuses
    owner: bool = False  # the owner's own token: the cluster's admin, known without asking


# Revocation delay: a deleted token or cluster, or a deactivated user, is still honoured this
# long by each daphne process that served it (kube-apiserver's token cache keeps answers 10 s);
# deletions made in this process take effect at once.
CACHE_SECONDS = 5.0
CACHE_SIZE = 1024  # entries; the oldest goes first
_Key = tuple[bytes, str, str]
_callers: dict[_Key, tuple[float, Caller]] = {}


def cluster_not_found(name: str) -> StatusError:
    return StatusError(
        404, "NotFound", f'clusters "{name}" not found', {"name": name, "kind": "clusters"}
    )


def _resolve(token: str, owner: str, name: str) -> Caller:
    close_old_connections()  # off the request cycle, which would close them otherwise
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


def _only_cluster(token: str) -> tuple[str, str] | None:
    close_old_connections()
    user = selectors.user_for_token(token) if token else None
    cluster = selectors.only_cluster_of(user) if user is not None else None
    return (user.get_username(), cluster.name) if user is not None and cluster else None


async def only_cluster(token: str) -> tuple[str, str] | None:
    """(owner, cluster) of the one cluster a KubeLab token's user owns; None if they own
    none or several, or the token is no user's."""
    return await sync_to_async(_only_cluster, thread_sensitive=False)(token)


async def resolve(request: HttpRequest, owner: str, name: str) -> Caller:
    """The cluster addressed and the credential to present to it, or a StatusError."""
    return await resolve_token(bearer_token(request), owner, name)


async def resolve_token(token: str, owner: str, name: str) -> Caller:
    """The same for a bearer token read elsewhere (a websocket's headers)."""
    key = (hashlib.sha256(token.encode()).digest(), owner, name)
    now = time.monotonic()
    cached = _callers.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    caller = await sync_to_async(_resolve, thread_sensitive=False)(token, owner, name)
    _callers.pop(key, None)  # re-inserted last, so the dict stays in order of expiry
    if len(_callers) >= CACHE_SIZE:
        del _callers[next(iter(_callers))]
    _callers[key] = (now + CACHE_SECONDS, caller)
    return caller


def forget(**_: Any) -> None:
    """Drop every remembered caller: a token, cluster or user changed in this process."""
    _callers.clear()


for model in (ApiToken, Cluster, get_user_model()):
    post_save.connect(forget, sender=model, dispatch_uid=f"kubeapi-access-{model.__name__}")
    post_delete.connect(forget, sender=model, dispatch_uid=f"kubeapi-access-{model.__name__}-d")
