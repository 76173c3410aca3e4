"""Sending to Channels from synchronous code (the Celery worker) over one long-lived event
loop, so every message reuses the same Redis connections instead of opening new ones."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from channels.layers import get_channel_layer

from cluster.engine.apiserver import watchcache
from cluster.engine.store.etcd import Event


class Publisher:
    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=self._loop.run_forever, name="channels-publisher", daemon=True
        )
        thread.start()
        self._layer = get_channel_layer()

    def _run(self, coroutine: Any, timeout: float = 5.0) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def send(self, channel: str, message: dict[str, Any]) -> None:
        self._run(self._layer.send(channel, message))

    def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._run(self._layer.group_send(group, message))


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
