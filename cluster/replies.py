"""Workers' replies to the process that asked, through one Redis list per asking process.

An asker (a daphne process, a test) waits on its inbox: one task per event loop pops the list
and hands each reply to the future waiting for its request id. A reply then costs one round
trip to Redis on each side, where a Channels channel of its own per request costs several
(and a receive of the Channels layer per request). Replies nobody waits for any more (the
asker gave up) are dropped; an inbox whose process is gone expires with its last reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import uuid
import weakref
from collections.abc import Iterator
from typing import Any

import orjson
import redis
import redis.asyncio
from django.conf import settings

PREFIX = "kubelab:replies:"
EXPIRY_S = 60
POLL_S = 5  # a reader with nobody left to wait for stops within this

log = logging.getLogger(__name__)


def is_address(reply_to: str) -> bool:
    """Whether `reply_to` is an inbox's address (else it is a Channels channel)."""
    return reply_to.startswith(PREFIX)


def send(client: redis.Redis, address: str, message: dict[str, Any]) -> None:
    """From a worker: `message` to the asker waiting at `address`."""
    key, _, request_id = address.rpartition("#")
    pipe = client.pipeline(transaction=False)
    pipe.rpush(key, orjson.dumps([request_id, message], option=orjson.OPT_NON_STR_KEYS))
    pipe.expire(key, EXPIRY_S)
    pipe.execute()


class Inbox:
    """One event loop's inbox: the futures waiting for replies, and the task reading them."""

    def __init__(self, url: str) -> None:
        self.key = PREFIX + uuid.uuid4().hex
        self.client = redis.asyncio.Redis.from_url(url, socket_timeout=None)
        self.waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.ids = itertools.count()
        self.reader: asyncio.Task[None] | None = None

    @contextlib.contextmanager
    def expecting(self) -> Iterator[tuple[str, asyncio.Future[dict[str, Any]]]]:
        """An address to give a worker, and the future its reply will complete."""
        request_id = str(next(self.ids))
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[request_id] = reply
        if self.reader is None or self.reader.done():
            self.reader = asyncio.ensure_future(self._read())
        try:
            yield f"{self.key}#{request_id}", reply
        finally:
            del self.waiting[request_id]

    async def _read(self) -> None:
        try:
            while self.waiting:
                popped = await self.client.blpop([self.key], POLL_S)
                if popped is not None:
                    request_id, message = orjson.loads(popped[1])
                    reply = self.waiting.get(request_id)
                    if reply is not None and not reply.done():
                        reply.set_result(message)
        except Exception as error:  # Redis is gone: fail those waiting, the next one retries
            log.exception("the inbox %s failed", self.key)
            for reply in self.waiting.values():
                if not reply.done():
                    reply.set_exception(error)


_inboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Inbox] = weakref.WeakKeyDictionary()


def inbox() -> Inbox:
    """The running event loop's inbox."""
    loop = asyncio.get_running_loop()
    found = _inboxes.get(loop)
    if found is None:
        found = _inboxes[loop] = Inbox(settings.REDIS_URL)
    return found
