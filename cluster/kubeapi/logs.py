"""A pod's log over HTTP (GET .../pods/NAME/log), as text/plain; with follow=true, streamed
as the container writes it until the container ends or the client leaves.

The request is one input of the engine, so it is authorized, traced and refused as
kube-apiserver refuses it. A followed log then reads the container's next lines from the
cluster's worker every POLL_SECONDS (see engine/apiserver/logstream), with no further input,
as the kubelet keeps streaming an open log; meanwhile the clock runs live.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from cluster import services, tasks
from cluster.engine.apiserver import podproxy, watchcache
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Request
from cluster.models import Cluster

TEXT = "text/plain"
POLL_SECONDS = 0.5
REGISTRATION_SECONDS = 60  # how long the clock runs live for a follower unless renewed
RENEW_SECONDS = 20


async def serve(request: HttpRequest, cluster: Cluster, engine_request: Request) -> HttpResponse:
    """The log so far, or (follow=true) the stream of it."""
    from cluster.kubeapi import views  # views route pods/log here

    try:
        reply = await services.ask(tasks.request, cluster, engine_request.to_dict())
    except services.ClusterUnavailable as error:
        raise StatusError(503, "ServiceUnavailable", str(error)) from None
    query = engine_request.query
    if reply["code"] != 200:
        return views.respond(reply["code"], reply["body"], query.get("accept", ""))
    opts = podproxy.log_options(query)
    if not watchcache.flag(query.get("follow")) or opts.previous:
        return HttpResponse(reply["body"]["log"], content_type=TEXT)
    return StreamingHttpResponse(follow(cluster, engine_request, opts), content_type=TEXT)


async def follow(
    cluster: Cluster, request: Request, opts: podproxy.LogOptions
) -> AsyncIterator[bytes]:
    """The log from its start (its tail, if asked), then each new piece, until the
    container ends, limitBytes are sent, or the client leaves."""
    follower = f"logs.{uuid.uuid4().hex}"  # the clock runs live while it follows
    loop = asyncio.get_running_loop()
    renew_at = loop.time()
    since, container_id, left, first = opts.since_time_ms or 0, "", opts.limit_bytes, True
    try:
        while True:
            if loop.time() >= renew_at:
                await sync_to_async(services.watch)(cluster, follower, REGISTRATION_SECONDS)
                renew_at = loop.time() + RENEW_SECONDS
            piece = await _next(cluster, request, opts.container, since, container_id)
            if piece is None:
                return
            lines = piece["lines"]
            if first:  # the tail is of the log as it was when the stream opened
                lines, first = podproxy.tail(lines, opts.tail_lines), False
                if opts.since_seconds is not None:  # seconds before the stream opened
                    opened = piece["next"] - 1
                    lines = [
                        line for line in lines if line[0] >= opened - opts.since_seconds * 1000
                    ]
            text = "".join(_shown(line, opts.timestamps) for _, line in lines)
            data = text.encode()[:left] if left is not None else text.encode()
            if data:
                yield data
            if left is not None:
                left -= len(data)
            if not piece["running"] or left == 0:
                return
            since, container_id = piece["next"], piece["containerID"]
            await asyncio.sleep(POLL_SECONDS)
    finally:
        await sync_to_async(services.unwatch)(cluster, follower)


async def _next(
    cluster: Cluster, request: Request, container: str, since: int, container_id: str
) -> dict[str, Any] | None:
    """The next piece from the worker; None when no worker answers."""
    try:
        return await services.ask(
            tasks.logs, cluster, request.namespace, request.name, container, since, container_id
        )
    except services.ClusterUnavailable:
        return None


def _shown(line: str, timestamps: bool) -> str:
    """A line as the client asked for it: with its timestamp, or without."""
    return line if timestamps else line.partition(" ")[2]
