"""Who reaches a cluster's API: callers are remembered a few seconds per process, changes made
in this process are seen at once, and refusals are never remembered."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from cluster.engine.apiserver.errors import StatusError
from cluster.kubeapi import access
from cluster.models import ApiToken, Cluster

pytestmark = pytest.mark.django_db(transaction=True)


class Clock:
    """time.monotonic as access sees it, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    monkeypatch.setattr(access.time, "monotonic", clock)
    access.forget()
    yield clock
    access.forget()


@pytest.fixture
def owner() -> AbstractBaseUser:
    return get_user_model().objects.create_user(username="ada", password="pw")


@pytest.fixture
def token(owner: AbstractBaseUser) -> str:
    return ApiToken.issue(owner)


def new_cluster(owner: AbstractBaseUser, name: str = "default") -> Cluster:
    return Cluster.objects.create(owner=owner, name=name, seed=1, epoch=0, admin_token="admin")


async def _sync(function: Callable[..., Any], *args: Any) -> Any:
    return await sync_to_async(function, thread_sensitive=False)(*args)


async def refusal(token: str, owner: str, name: str) -> int:
    with pytest.raises(StatusError) as refused:
        await access.resolve_token(token, owner, name)
    return refused.value.code


async def test_a_caller_is_remembered_until_its_time_is_up(clock, owner, token):
    cluster = await _sync(new_cluster, owner)
    caller = await access.resolve_token(token, "ada", "default")
    assert (caller.cluster.id, caller.owner) == (cluster.id, True)
    # renamed by another process: no signal reaches this one
    await _sync(lambda: Cluster.objects.filter(id=cluster.id).update(name="renamed"))
    clock.now += access.CACHE_SECONDS - 0.1
    assert (await access.resolve_token(token, "ada", "default")).cluster.id == cluster.id
    clock.now += 0.2
    assert await refusal(token, "ada", "default") == 404


async def test_a_token_deleted_in_this_process_no_longer_acts_as_the_admin(clock, owner, token):
    await _sync(new_cluster, owner)
    assert (await access.resolve_token(token, "ada", "default")).owner
    await _sync(lambda: ApiToken.objects.filter(digest=ApiToken.hash(token)).delete())
    caller = await access.resolve_token(token, "ada", "default")
    # now any bearer token, which the cluster's authenticator refuses
    assert (caller.owner, caller.credential.value) == (False, token)


async def test_a_cluster_deleted_in_this_process_is_gone_at_once(clock, owner, token):
    cluster = await _sync(new_cluster, owner)
    await access.resolve_token(token, "ada", "default")
    await _sync(cluster.delete)
    assert await refusal(token, "ada", "default") == 404


async def test_a_refusal_is_not_remembered(clock, owner, token):
    assert await refusal(token, "ada", "default") == 404
    await _sync(new_cluster, owner)
    assert (await access.resolve_token(token, "ada", "default")).owner


async def test_each_token_and_cluster_is_remembered_apart(clock, owner, token):
    await _sync(new_cluster, owner)
    await _sync(new_cluster, owner, "other")
    admin = await access.resolve_token(token, "ada", "default")
    other = await access.resolve_token(token, "ada", "other")
    service_account = await access.resolve_token("sa-token", "ada", "default")
    assert admin.cluster.name == "default" and other.cluster.name == "other"
    assert (service_account.owner, service_account.credential.value) == (False, "sa-token")
    assert (await access.resolve_token(token, "ada", "default")).owner


async def test_the_oldest_caller_makes_room_for_a_new_one(clock, owner, token, monkeypatch):
    monkeypatch.setattr(access, "CACHE_SIZE", 2)
    await _sync(new_cluster, owner)
    for name in ("first", "second", "third"):
        await access.resolve_token(name, "ada", "default")
    await _sync(lambda: Cluster.objects.update(name="renamed"))
    assert (await access.resolve_token("third", "ada", "default")).credential.value == "third"
    assert await refusal("first", "ada", "default") == 401
