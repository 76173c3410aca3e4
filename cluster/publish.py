"""Sending to Channels from synchronous code (the Celery worker) over one long-lived event
loop, so every message reuses the same Redis connections instead of opening new ones."""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Future
from typing import Any

from channels.layers import get_channel_layer

from cluster.engine.apiserver import watchcache
from cluster.engine.store.etcd import Event

log = logging.getLogger(__name__)


class Publisher:
    """Messages go out one at a time, in the order given. A reply waits until it is sent; a
    group's update does not (the input's reply has gone, and the next input need not wait
    for the update to reach the dashboards)."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=self._loop.run_forever, name="channels-publisher", daemon=True
        )
        thread.start()
        self._layer = get_channel_layer()
        self._queue: asyncio.Queue[tuple[Any, Future[None] | None]] = asyncio.Queue()
        asyncio.run_coroutine_threadsafe(self._publish(), self._loop)

    async def _publish(self) -> None:
        while True:
            coroutine, done = await self._queue.get()
            try:
                await coroutine
            except Exception as error:
                if done is None:
                    log.exception("publishing to Channels failed")
                else:
                    done.set_exception(error)
            else:
                if done is not None:
                    done.set_result(None)

    def _queued(self, coroutine: Any, done: Future[None] | None = None) -> None:
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (coroutine, done))

    def send(self, channel: str, message: dict[str, Any], timeout: float = 5.0) -> None:
        done: Future[None] = Future()
        self._queued(self._layer.send(channel, message), done)
        done.result(timeout)

    def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._queued(self._layer.group_send(group, message))


def group_name(cluster_id: int) -> str:
    """The Channels group of everyone watching one cluster."""
    return f"cluster-{cluster_id}"


def api_group_name(cluster_id: int) -> str:
    """The Channels group of the watches over the Kubernetes API open on one cluster: they
    take every stored change, which the dashboard does not need."""
    return f"cluster-{cluster_id}-api"


def changes(events: list[Event], since: int, revision: int, now: int) -> dict[str, Any]:
    """The stored changes after revision `since` up to `revision` (see watchcache.Change),
    with the unix time tables print ages at. A watch that has not seen every change up to
    `since` has missed some."""
    return {
        "type": "cluster.changes",
        "since": since,
        "revision": revision,
        "now": now,
        "changes": [watchcache.raw(event) for event in events],
    }
