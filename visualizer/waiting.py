"""kubectl's commands that wait, in the dashboard's terminal: `rollout status` follows its
deployment until the rollout ends, and `delete` (with --wait, its default) waits until each
object it deleted is gone, graceful pods taking their grace period on the cluster's clock.

The built-in kubectl runs the command first: it finds the objects, says what is wrong, and
deletes. What follows comes from the cluster's watches, as the real kubectl's informers see
them, until the condition holds, --timeout passes (wall time, as the real kubectl counts it:
the user's patience, not a time inside the cluster) or the user presses Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from cluster import services
from cluster.engine.api import resources
from cluster.engine.apiserver.request import Request
from cluster.engine.apiserver.watch import DELETED
from cluster.kubectl import resolve
from cluster.kubectl.cmd import delete, wait
from cluster.kubectl.cmd.rollout import status
from cluster.kubectl.context import ExitError
from cluster.kubectl.flags import Parsed
from cluster.models import Cluster
from visualizer import streams
from visualizer.streams import Output

FORBIDDEN, NOT_ALLOWED = 403, 405  # kubectl does not fail a delete it may not wait for


@dataclass(frozen=True, slots=True)
class RolloutStatus:
    """`kubectl rollout status TYPE/NAME`: the watch of that deployment."""

    argv: list[str]
    request: Request
    revision: int
    seconds: float  # 0: no timeout


@dataclass(frozen=True, slots=True)
class Deletion:
    """`kubectl delete ...` that waits for what it deleted to go."""

    argv: list[str]
    opts: Parsed
    seconds: float


def recognise(cluster: Cluster, argv: list[str]) -> RolloutStatus | Deletion | None:
    """The waiting kubectl line argv is, if it is one."""
    found = _rollout_status(cluster, argv)
    return found if found is not None else _deletion(argv)


def _rollout_status(cluster: Cluster, argv: list[str]) -> RolloutStatus | None:
    opts = streams.parsed(argv, status.COMMAND, status.FLAGS)
    if opts is None or not opts.flag("watch") or opts.list("filename") or opts.text("selector"):
        return None  # read once (-f and -l too: the built-in kubectl names the objects)
    try:
        revision = status.check(opts)
        seconds = wait.timeout(opts, status.COMMAND)
        targets = resolve.targets(opts.args)
    except ExitError:
        return None  # the built-in kubectl says why
    if len(targets) != 1 or not targets[0][1]:
        return None
    resource, name = targets[0]
    query = {"fieldSelector": f"metadata.name={name}"}
    namespace = opts.text("namespace", "default") if resource.namespaced else ""
    watch = streams.request(
        cluster, opts, "watch", namespace, query, resource=resources.request_name(resource)
    )
    return RolloutStatus(argv, watch, revision, max(seconds, 0))


def _deletion(argv: list[str]) -> Deletion | None:
    opts = streams.parsed(argv, "delete", delete.FLAGS)
    if opts is None or not opts.flag("wait") or opts.text("dry-run") != "none":
        return None
    try:
        seconds = wait.timeout(opts, "delete")
    except ExitError:
        return None
    return Deletion(argv, opts, seconds or wait.WEEK)


async def run(cluster: Cluster, line: RolloutStatus | Deletion) -> AsyncIterator[Output]:
    """What the waiting line prints, piece by piece, until it ends or is cancelled."""
    outputs = _rollout(cluster, line) if isinstance(line, RolloutStatus) else _delete(cluster, line)
    async with contextlib.aclosing(outputs):
        async for output in outputs:
            yield output


async def _rollout(cluster: Cluster, line: RolloutStatus) -> AsyncIterator[Output]:
    first = await services.kubectl(cluster, line.argv)
    if first["exitCode"] != 0:
        yield Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    # Its reading was the check the real kubectl makes before it watches: the lines come
    # from the watch, the first from the object as the watch starts.
    yield Output(stderr=first["stderr"], first=True)
    batches = streams.watched(cluster, line.request, line.seconds)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            text = ""
            for event in streams.changes(batch):
                try:
                    said, done = status.seen(event, line.revision)
                except ExitError as error:
                    yield Output(text, f"{error.message}\n", 1)
                    return
                text += said
                if done:
                    yield Output(text, code=0)
                    return
            if text:
                yield Output(text)
    yield Output(stderr=f"{wait.TIMED_OUT}\n", code=1)


async def _delete(cluster: Cluster, line: Deletion) -> AsyncIterator[Output]:
    first = await services.kubectl(cluster, line.argv)
    namespace = "" if line.opts.flag("all-namespaces") else line.opts.text("namespace", "default")
    gone = delete.deleted(first["stdout"], namespace)
    if first["exitCode"] != 0 or not gone:
        yield Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    yield Output(first["stdout"], first["stderr"], first=True)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + line.seconds
    for resource, where, name in gone:  # one after the other, as kubectl's RunWait visits them
        query = {"fieldSelector": f"metadata.name={name}"}
        request = streams.request(
            cluster, line.opts, "watch", where, query, resource=resources.request_name(resource)
        )
        try:
            went = await _gone(cluster, request, deadline - loop.time())
        except streams.Refused as refused:
            if refused.code in (FORBIDDEN, NOT_ALLOWED):
                continue
            raise
        if not went:
            named = f"{resource.group_resource}/{name}"
            yield Output(stderr=f"{wait.TIMED_OUT} on {named}\n", code=1)
            return
    yield Output(code=0)


async def _gone(cluster: Cluster, request: Request, seconds: float) -> bool:
    """Whether the object the watch names goes within `seconds`: it is not there, or one of
    that name is there that nobody is deleting (a new one), or it is DELETED."""
    if seconds <= 0:
        return False
    batches = streams.watched(cluster, request, seconds)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            changes = streams.changes(batch)
            if batch.listed and not any(_deleting(e["object"]) for e in changes):
                return True
            if any(event["type"] == DELETED for event in changes):
                return True
    return False


def _deleting(obj: dict) -> bool:
    return bool(obj["metadata"].get("deletionTimestamp"))
