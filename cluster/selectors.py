"""Reads: finding clusters and users, always through their owner."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from cluster.models import ApiToken, Cluster


def cluster_of(owner: AbstractBaseUser, name: str) -> Cluster | None:
    """The owner's cluster of that name; nobody else's is ever found."""
    if not owner.is_authenticated:
        return None
    return Cluster.objects.filter(owner=owner, name=name).first()


def cluster_of_owner_named(owner: str, name: str) -> Cluster | None:
    """The cluster `name` of the user called `owner`: for credentials the cluster itself
    checks (its service accounts' tokens), never shown to anyone else."""
    return Cluster.objects.filter(owner__username=owner, name=name).first()


def user_for_token(token: str) -> AbstractBaseUser | None:
    found = ApiToken.objects.filter(digest=ApiToken.hash(token)).select_related("user").first()
    return found.user if found and found.user.is_active else None


def local_owner(username: str) -> AbstractBaseUser | None:
    return get_user_model().objects.filter(username=username).first()


def only_cluster_of(owner: AbstractBaseUser) -> Cluster | None:
    """The owner's cluster, when they have exactly one."""
    found = list(Cluster.objects.filter(owner=owner)[:2])
    return found[0] if len(found) == 1 else None
