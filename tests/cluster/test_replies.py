"""Workers' replies reach the one waiting for them in the asking process' inbox, in whatever
order they come; replies nobody waits for any more are dropped."""

import asyncio

import pytest
import redis

from cluster import replies


@pytest.fixture
def client(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(redis_url)


async def test_each_reply_reaches_the_one_waiting_for_it(client):
    inbox = replies.inbox()
    with inbox.expecting() as (first, first_reply), inbox.expecting() as (second, second_reply):
        assert replies.is_address(first) and first != second
        await asyncio.to_thread(replies.send, client, second, {"n": 2})
        await asyncio.to_thread(replies.send, client, first, {"n": 1})
        assert await asyncio.wait_for(first_reply, 5) == {"n": 1}
        assert await asyncio.wait_for(second_reply, 5) == {"n": 2}


async def test_a_reply_nobody_waits_for_is_dropped(client):
    inbox = replies.inbox()
    with inbox.expecting() as (gone, _):
        pass
    with inbox.expecting() as (address, reply):
        await asyncio.to_thread(replies.send, client, gone, {"late": True})
        await asyncio.to_thread(replies.send, client, address, {"late": False})
        assert await asyncio.wait_for(reply, 5) == {"late": False}
    assert inbox.waiting == {}


async def test_an_inbox_expires_with_its_last_reply(client):
    inbox = replies.inbox()
    await asyncio.to_thread(replies.send, client, f"{inbox.key}#unknown", {})
    assert 0 < client.ttl(inbox.key) <= replies.EXPIRY_S


def test_a_channels_channel_is_no_inbox():
    assert not replies.is_address("specific.abc!def")
