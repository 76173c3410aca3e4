"""Watches over HTTP (GET ...?watch=true), as kube-apiserver streams them: one JSON event per
line, `{"type": ..., "object": ...}`, flushed as it happens, until `timeoutSeconds` or the
client leaves.

Opening a watch is one input of the cluster's engine, so its authentication and authorization
show on the dashboard and RBAC applies; kube-apiserver answers with the events the watch
starts with and the revision it answered at (see engine/apiserver/watchcache). Before asking,
the stream joins the cluster's API group and registers itself, so the worker publishes every
stored change (and keeps the clock running) from then on and nothing falls between the answer
and the stream; it drops what the answer covered and filters the rest as the engine would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, NamedTuple

from asgiref.sync import sync_to_async
from channels.layers import BaseChannelLayer, get_channel_layer
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from cluster import services, tasks
from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors, listing, server, watchcache
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Request
from cluster.engine.apiserver.watch import Filter
from cluster.engine.store import codec
from cluster.models import Cluster
from cluster.publish import api_group_name

REGISTRATION_SECONDS = 60  # how long a registration lasts unless renewed
RENEW_SECONDS = 20
BOOKMARK_SECONDS = 60  # kube-apiserver sends a bookmark about once a minute
MIN_REQUEST_TIMEOUT = 1800  # --min-request-timeout: a watch without timeoutSeconds lasts 1-2x
CLOSED: dict[str, Any] = {}  # what the inbox gets once the channel layer fails

log = logging.getLogger(__name__)
_closing: set[asyncio.Future[None]] = set()


class Stream:
    """One watch's view of the published changes: what its answer already covered, its
    filter, and how it prints events (as Tables for `kubectl get -w`)."""

    def __init__(self, resource: Resource, request: Request, answer: Object) -> None:
        query = request.query
        self.resource = resource
        self.prefix = resource.prefix(request.namespace)
        self.filter = Filter(request.namespace, listing.predicate(query, resource.kind))
        self.revision = int(answer["resourceVersion"])
        self.bookmarks = watchcache.options(resource, query).allow_bookmarks
        self.table = server.TABLE in query.get("accept", "")
        self.include = watchcache.include_object(query) if self.table else ""
        self.headers = True  # whether the next Table still has to define its columns

    def shown(self, events: list[Object], now: int) -> list[Object]:
        """Events as the client asked for them: objects, or rows of Tables."""
        if not self.table:
            return events
        shown = []
        for event in events:
            if event["type"] not in (watchcache.ERROR, watchcache.BOOKMARK):
                event = watchcache.as_table(event, now, self.headers, self.include)
                self.headers = False
            shown.append(event)
        return shown

    def encode(self, events: list[Object], now: int) -> bytes:
        """Events as the lines of the stream."""
        return encoded(self.shown(events, now))

    def changes(self, message: dict[str, Any]) -> bytes | None:
        """The lines for one published message (see `events`)."""
        events = self.events(message)
        return None if events is None else encoded(events)

    def events(self, message: dict[str, Any]) -> list[Object] | None:
        """The events of one published message: its changes after the revision seen so far,
        as they look through the filter, shown as asked. None if changes before them were
        never seen: the watch has to end, as the watch cache ends a watcher that fell behind."""
        if message["since"] > self.revision:
            return None
        events = []
        for key, value, prev, revision in message["changes"]:
            if revision <= self.revision or not key.startswith(self.prefix):
                continue
            event = watchcache.change(self.filter, (key, value, prev, revision))
            if event is not None:
                events.append(event)
        self.revision = max(self.revision, message["revision"])
        return self.shown(events, message["now"])

    def bookmark(self) -> bytes:
        return encoded([self.bookmark_event()])

    def bookmark_event(self) -> Object:
        return watchcache.bookmark(self.resource, self.revision)


def timeout(query: dict[str, str]) -> float:
    """timeoutSeconds, unless unset or 0: then what kube-apiserver picks, 1 to 2 times
    --min-request-timeout."""
    text = query.get("timeoutSeconds", "")
    try:
        seconds = int(text) if text else 0
    except ValueError:
        raise errors.bad_request(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None
    return seconds or MIN_REQUEST_TIMEOUT * (1 + random.random())


class Registration:
    """The watch's place in the cluster's API group and in its registry of watchers, held
    until the stream ends, or at the latest until the request's task does (a client that
    leaves between the answer and the stream's first line)."""

    def __init__(self, cluster: Cluster, layer: BaseChannelLayer, channel: str) -> None:
        self.cluster = cluster
        self.layer = layer
        self.channel = channel
        self.group = api_group_name(cluster.id)
        self.closed = False

    async def open(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            task.add_done_callback(self._task_done)
        await self.layer.group_add(self.group, self.channel)
        await self.renew()

    def _task_done(self, task: asyncio.Future[Any]) -> None:
        if not self.closed:
            closing = asyncio.ensure_future(self.close())
            _closing.add(closing)  # the loop keeps only a weak reference to a task
            closing.add_done_callback(_closing.discard)

    async def renew(self) -> None:
        watch = sync_to_async(services.watch, thread_sensitive=False)
        await watch(self.cluster, self.channel, REGISTRATION_SECONDS, api=True)

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.layer.group_discard(self.group, self.channel)
        unwatch = sync_to_async(services.unwatch, thread_sensitive=False)
        await unwatch(self.cluster, self.channel, api=True)


class Opened(NamedTuple):
    """A watch the engine answered: its reply, and (if it opened) its stream, registered."""

    reply: dict[str, Any]
    stream: Stream | None
    registration: Registration


async def start(cluster: Cluster, engine_request: Request) -> Opened:
    """Register, then ask the engine to open the watch; a refused watch's registration is
    closed. Raises services.ClusterUnavailable when no worker answers."""
    layer = get_channel_layer()
    registration = Registration(cluster, layer, await layer.new_channel())
    await registration.open()
    try:
        reply = await services.ask(tasks.request, cluster, engine_request.to_dict())
    except BaseException:  # no worker, or the client left before the engine answered
        await registration.close()
        raise
    if reply["code"] != 200:
        await registration.close()
        return Opened(reply, None, registration)
    resource = resources.BY_NAME[engine_request.resource]
    return Opened(reply, Stream(resource, engine_request, reply["body"]), registration)


async def serve(request: HttpRequest, cluster: Cluster, engine_request: Request) -> HttpResponse:
    """Open the watch: its engine request's refusal as a Status, else the stream."""
    from cluster.kubeapi import views  # views route watches here

    seconds = timeout(engine_request.query)
    try:
        opened = await start(cluster, engine_request)
    except services.ClusterUnavailable as error:
        raise StatusError(503, "ServiceUnavailable", str(error)) from None
    reply, stream = opened.reply, opened.stream
    headers = views.warning_headers(reply)
    if stream is None:
        accept = engine_request.query.get("accept", "")
        return views.respond(reply["code"], reply["body"], accept, headers=headers)
    seconds = 0 if ended(reply["body"]) else seconds
    lines = _lines(stream, published(stream, opened.registration, seconds), reply["body"])
    return StreamingHttpResponse(lines, content_type="application/json", headers=headers)


async def _lines(
    stream: Stream, events: AsyncGenerator[list[Object], None], answer: Object
) -> AsyncIterator[bytes]:
    """The stream's lines: the events its answer starts with, then the published ones."""
    async with contextlib.aclosing(events):
        yield stream.encode(answer["events"], answer["now"])
        async for batch in events:
            yield encoded(batch)


def encoded(events: list[Object]) -> bytes:
    """Shown events as the lines of the stream."""
    return b"".join(codec.encode(event) + b"\n" for event in events)


def ended(answer: Object) -> bool:
    """Whether the events a watch starts with end it (too old, too large)."""
    return any(event["type"] == watchcache.ERROR for event in answer["events"])


async def published(
    stream: Stream, registration: Registration, seconds: float
) -> AsyncGenerator[list[Object], None]:
    """The watch's events after its answer, shown as asked, as the changes are published (and
    a bookmark now and then, if asked), for `seconds`. However it ends (timeout, missed
    changes, the client gone), the registration goes."""
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    # one receive for the whole stream: a receive cancelled midway may lose a message
    receiver = asyncio.ensure_future(_receive(registration, inbox))
    try:
        deadline = loop.time() + seconds
        renew_at = loop.time() + RENEW_SECONDS
        bookmark_at = loop.time() + BOOKMARK_SECONDS if stream.bookmarks else float("inf")
        while (left := deadline - loop.time()) > 0:
            wake = min(left, renew_at - loop.time(), bookmark_at - loop.time())
            try:
                message = await asyncio.wait_for(inbox.get(), max(0.0, wake))
            except TimeoutError:
                message = None
            if message is CLOSED:
                return
            if message is not None:
                events = stream.events(message)
                if events is None:
                    return
                if events:
                    yield events
            if loop.time() >= renew_at:
                await registration.renew()
                renew_at = loop.time() + RENEW_SECONDS
            if loop.time() >= bookmark_at:
                yield [stream.bookmark_event()]
                bookmark_at = loop.time() + BOOKMARK_SECONDS
    finally:
        receiver.cancel()
        await registration.close()


async def _receive(registration: Registration, inbox: asyncio.Queue[dict[str, Any]]) -> None:
    """Every message of the watch's channel into its inbox; CLOSED if the layer fails."""
    try:
        while True:
            inbox.put_nowait(await registration.layer.receive(registration.channel))
    except Exception:
        log.exception("watch on %s: the channel layer failed", registration.group)
        inbox.put_nowait(CLOSED)
