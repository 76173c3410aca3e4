"""Writes and calls on clusters, for views, consumers and commands."""

from __future__ import annotations

import asyncio
import base64
import secrets
import time
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import redis
from asgiref.sync import sync_to_async
from celery.utils.nodenames import anon_nodename
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from kombu.utils import json as kombu_json

from cluster import leases, replies, tasks, workspace
from cluster.engine.cluster import ClusterSpec
from cluster.journal import Anchor, Journal
from cluster.models import Cluster
from cluster.routing import queue_for

REPLY_TIMEOUT_S = 30.0


class ClusterUnavailable(Exception):
    """No worker answered in time."""


@cache
def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


def cluster_create(*, owner: AbstractBaseUser, name: str, seed: int | None = None) -> Cluster:
    """A new cluster: its record, and the journal its engine will be built from."""
    now = time.time()
    epoch = int(now)
    with transaction.atomic():
        cluster = Cluster.objects.create(
            owner=owner,
            name=name,
            seed=seed if seed is not None else secrets.randbits(31),
            epoch=epoch,
            admin_token=secrets.token_urlsafe(32),
        )
        spec = ClusterSpec(
            seed=cluster.seed, epoch=epoch, admin_token=cluster.admin_token, root_ca=root_ca()
        )
        Journal(redis_client(), cluster.id).create(spec, Anchor(wall_ms=epoch * 1000, virtual=0))
    return cluster


def root_ca() -> str:
    """The CA KubeLab's API is served under (PEM), which is each cluster's CA: the one its
    kubeconfig trusts. Empty when the API is not served over https."""
    path = settings.KUBELAB_CA_FILE
    return Path(path).read_text() if path else ""


async def send(task: Any, cluster: Cluster, *args: Any) -> None:
    """Queue an input for the cluster's worker, from the event loop and with its Redis client
    (the inbox's): `apply_async` would take a thread, and kombu a new Redis client, per
    message."""
    client = replies.inbox().client
    queue = queue_for(await leases.live_holder_async(client, cluster.id))
    await client.lpush(queue, celery_message(task, (cluster.id, cluster.name, *args), queue))


def celery_message(task: Any, args: tuple[Any, ...], queue: str) -> bytes:
    """The task's message as `apply_async` sends it: Celery's (protocol 2) in the envelope
    kombu's Redis transport pushes onto the queue's list, which its worker pops."""
    task_id = str(uuid.uuid4())
    # the cluster for the task's log line: a repr of every argument costs more than the send
    shown = repr(args[:2])
    message = task.app.amqp.as_task_v2(
        task_id,
        task.name,
        args,
        argsrepr=shown,
        kwargsrepr="{}",
        origin=_origin(),
        ignore_result=task.ignore_result,
    )
    body = kombu_json.dumps(message.body).encode()
    return orjson.dumps(
        {
            "body": base64.b64encode(body).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": message.headers,
            "properties": {
                **message.properties,
                "delivery_mode": 2,  # persistent
                "delivery_info": {"exchange": "", "routing_key": queue},
                "priority": 0,
                "body_encoding": "base64",
                "delivery_tag": str(uuid.uuid4()),
            },
        }
    )


@cache
def _origin() -> str:
    return anon_nodename()


async def ask(
    task: Any, cluster: Cluster, *args: Any, after: tuple[Any, ...] = ()
) -> dict[str, Any]:
    """Send an input and wait for the worker's reply in this process' inbox (`after`: the
    task's arguments that follow the reply's address)."""
    with replies.inbox().expecting() as (address, reply):
        await send(task, cluster, *args, address, *after)
        try:
            return await asyncio.wait_for(reply, REPLY_TIMEOUT_S)
        except TimeoutError:
            raise ClusterUnavailable(f"cluster {cluster.name} did not answer") from None


async def kubectl(
    cluster: Cluster,
    argv: list[str],
    stdin: str = "",
    files: dict[str, str] | None = None,
    *,
    local: bool = False,
) -> dict[str, Any]:
    """kubectl's answer; `files`: the files it reads (those its -f flags name). It reads its
    kubeconfig from the workspace, and what it writes there is kept; with `local` (the files
    are a shell's, `kubelab kubectl`), the other files it writes (kubectl cp's) come back in
    the answer's "files", for that shell's machine."""
    config = await sync_to_async(workspace.kubectl_files)(cluster, [])
    given = {**config, **(files or {})}
    answer = await ask(tasks.kubectl, cluster, argv, stdin, after=(None, given) if given else ())
    written = answer.get("files") or {}
    away = {p: c for p, c in written.items() if p != workspace.KUBECONFIG} if local else {}
    kept = {p: c for p, c in written.items() if p not in away}
    answer = await sync_to_async(workspace.keep_kubectl_files)(cluster, answer | {"files": kept})
    return answer | ({"files": away} if away else {})


async def lab(cluster: Cluster, operation: dict[str, Any]) -> dict[str, Any]:
    """A lab operation's answer (see host.LAB_OPERATIONS); {"error": ...} when refused."""
    return (await ask(tasks.lab, cluster, operation))["answer"]


async def ping_worker(timeout: float = 2.0) -> bool:
    with replies.inbox().expecting() as (address, reply):
        await sync_to_async(tasks.ping.apply_async, thread_sensitive=False)((address,))
        try:
            await asyncio.wait_for(reply, timeout)
        except TimeoutError:
            return False
    return True


def watch(cluster: Cluster, channel: str, seconds: int = 60, api: bool = False) -> None:
    """Mark `channel` as watching the cluster for a while (renewed by the browser's pings); a
    watch over the Kubernetes API (`api`) also has every stored change published."""
    until_ms = int((time.time() + seconds) * 1000)
    Journal(redis_client(), cluster.id).add_watcher(channel, until_ms, api)


def unwatch(cluster: Cluster, channel: str, api: bool = False) -> None:
    Journal(redis_client(), cluster.id).remove_watcher(channel, api)
