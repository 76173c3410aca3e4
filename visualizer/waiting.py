"""kubectl's commands that wait, in the dashboard's terminal: `rollout status` follows its
deployment until the rollout ends, `delete` (with --wait, its default) waits until each
object it deleted is gone, graceful pods taking their grace period on the cluster's clock,
`wait` until each object meets its --for condition, `replace --force` deletes, waits
until each object of its files is gone, then creates them again, and `drain` tries again
every 5 s an eviction a PodDisruptionBudget refused and looks every second whether each
evicted pod is gone, as drain's Helper does.

The built-in kubectl runs the command first: it finds the objects, says what is wrong,
deletes, or looks at the conditions once (replace runs in halves, the wait between them).
What follows comes from the cluster's watches, as the real kubectl's informers see them,
until the condition holds, --timeout passes (wall time, as the real kubectl counts it: the
user's patience, not a time inside the cluster) or the user presses Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TypeVar

from asgiref.sync import sync_to_async

from cluster import services
from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver.request import Request
from cluster.engine.apiserver.watch import DELETED
from cluster.kubectl import builder, manifests, outcome, resolve
from cluster.kubectl.cmd import delete, drain, replace, wait
from cluster.kubectl.cmd.rollout import common, status
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed
from cluster.models import Cluster
from visualizer import streams
from visualizer.streams import Output

T = TypeVar("T")
FORBIDDEN, NOT_ALLOWED = 403, 405  # kubectl does not fail a delete it may not wait for
# what kubectl wait says of an object after one look: `condition not met for pods/web`
NOT_MET = re.compile(r"(?:error: )?condition not met for (?P<resource>[^/\s]+)/(?P<name>\S+)")
# how long replace --force polls for each object to be gone without --timeout, and its error then
REPLACE_SECONDS = 5 * 60
DEADLINE_EXCEEDED = "error: context deadline exceeded"


@dataclass(frozen=True, slots=True)
class RolloutStatus:
    """`kubectl rollout status ...`: the watch of each deployment it names, in turn."""

    argv: list[str]
    opts: Parsed
    revision: int
    seconds: float  # 0: no timeout
    given: streams.Given


@dataclass(frozen=True, slots=True)
class Deletion:
    """`kubectl delete ...` that waits for what it deleted to go."""

    argv: list[str]
    opts: Parsed
    seconds: float
    given: streams.Given


@dataclass(frozen=True, slots=True)
class Waited:
    """`kubectl wait --for=...`: looked at by the built-in kubectl, then watched."""

    argv: list[str]
    opts: Parsed
    conditions: tuple[wait.Condition, ...]
    seconds: float
    given: streams.Given


@dataclass(frozen=True, slots=True)
class Replacement:
    """`kubectl replace --force -f ...`: its objects deleted, waited for, created anew."""

    argv: list[str]
    opts: Parsed
    given: streams.Given


@dataclass(frozen=True, slots=True)
class Drain:
    """`kubectl drain NODE...`: each node's pods evicted, refusals tried again, and waited
    for until gone, within --timeout (0: no limit)."""

    argv: list[str]
    opts: Parsed
    seconds: float
    given: streams.Given


Line = RolloutStatus | Deletion | Waited | Replacement | Drain
Gone = tuple[Resource, str, str]  # an object waited for until it is gone: resource, namespace, name


def recognise(argv: list[str], given: streams.Given) -> Line | None:
    """The waiting kubectl line argv is, if it is one."""
    return (
        _rollout_status(argv, given)
        or _deletion(argv, given)
        or _waited(argv, given)
        or _replacement(argv, given)
        or _drain_line(argv, given)
    )


def _rollout_status(argv: list[str], given: streams.Given) -> RolloutStatus | None:
    opts = streams.parsed(argv, status.COMMAND, status.FLAGS)
    if opts is None or not opts.flag("watch"):
        return None
    try:
        revision = status.check(opts)
        seconds = wait.timeout(opts, status.COMMAND)
    except ExitError:
        return None  # the built-in kubectl says why
    return RolloutStatus(argv, opts, revision, max(seconds, 0), given)


def _watch_of(
    cluster: Cluster, line: Line, resource: Resource, namespace: str, name: str
) -> Request:
    """The watch of one object, as kubectl's ListWatch of it asks for it."""
    query = {"fieldSelector": f"metadata.name={name}"}
    return streams.request(
        cluster,
        line.opts,
        "watch",
        namespace,
        query,
        line.given,
        resource=resources.request_name(resource),
    )


def _deletion(argv: list[str], given: streams.Given) -> Deletion | None:
    opts = streams.parsed(argv, "delete", delete.FLAGS)
    if opts is None or not opts.flag("wait") or opts.text("dry-run") != "none":
        return None
    try:
        seconds = wait.timeout(opts, "delete")
    except ExitError:
        return None
    return Deletion(argv, opts, seconds or wait.WEEK, given)


def _waited(argv: list[str], given: streams.Given) -> Waited | None:
    opts = streams.parsed(argv, "wait", wait.FLAGS)
    if opts is None or opts.after_dash:
        return None
    try:
        seconds = wait.timeout(opts, "wait")
        conditions = tuple(wait.conditions(opts))
    except ExitError:
        return None
    if seconds == 0:
        return None  # one look, which the built-in kubectl takes
    return Waited(argv, opts, conditions, seconds if seconds > 0 else wait.WEEK, given)


def _replacement(argv: list[str], given: streams.Given) -> Replacement | None:
    opts = streams.parsed(argv, "replace", replace.FLAGS)
    if opts is None or not opts.flag("force") or opts.text("raw"):
        return None  # it waits for nothing (--raw puts the file as it is)
    return Replacement(argv, opts, given)


def _drain_line(argv: list[str], given: streams.Given) -> Drain | None:
    opts = streams.parsed(argv, "drain", drain.FLAGS)
    if opts is None or opts.text("dry-run") == "client":
        return None  # nothing is evicted, so nothing is waited for
    try:
        seconds = wait.timeout(opts, "drain")
    except ExitError:
        return None
    return Drain(argv, opts, max(seconds, 0), given)


async def run(cluster: Cluster, line: Line) -> AsyncIterator[Output]:
    """What the waiting line prints, piece by piece, until it ends or is cancelled."""
    if isinstance(line, RolloutStatus):
        outputs = _rollout(cluster, line)
    elif isinstance(line, Deletion):
        outputs = _delete(cluster, line)
    elif isinstance(line, Replacement):
        outputs = _replace(cluster, line)
    elif isinstance(line, Drain):
        outputs = _drain(cluster, line)
    else:
        outputs = _wait(cluster, line)
    async with contextlib.aclosing(outputs):
        async for output in outputs:
            yield output


async def _rollout(cluster: Cluster, line: RolloutStatus) -> AsyncIterator[Output]:
    first = await services.kubectl(cluster, line.argv, line.given.stdin, line.given.files)
    if first["exitCode"] != 0:
        yield Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    # Its reading was the check the real kubectl makes before it watches: the lines come
    # from the watches, the first of each from the deployment as its watch starts.
    yield Output(stderr=first["stderr"], first=True)
    ctx = streams.context(cluster, line.opts, line.given)
    infos = await sync_to_async(common.infos, thread_sensitive=False)(ctx, line.opts)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + line.seconds
    for info in infos:  # one after the other, as kubectl watches them
        request = _watch_of(cluster, line, info.resource, info.namespace, info.name)
        left = deadline - loop.time() if line.seconds else 0  # 0: no timeout
        if line.seconds and left <= 0:
            yield Output(stderr=f"{wait.TIMED_OUT}\n", code=1)
            return
        async for output in _rolled_out(cluster, request, line.revision, left):
            yield output
            if output.code is not None:
                return
    yield Output(code=0)


async def _rolled_out(
    cluster: Cluster, request: Request, revision: int, seconds: float
) -> AsyncIterator[Output]:
    """A rollout's lines as its watch sees the object change, until it is done; one with
    a code if it fails or `seconds` (0: no limit) run out."""
    batches = streams.watched(cluster, request, seconds)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            text = ""
            for event in streams.changes(batch):
                try:
                    said, done = status.seen(event, revision)
                except ExitError as error:
                    yield Output(text, f"{error.message}\n", 1)
                    return
                text += said
                if done:
                    yield Output(text)
                    return
            if text:
                yield Output(text)
    yield Output(stderr=f"{wait.TIMED_OUT}\n", code=1)


async def _delete(cluster: Cluster, line: Deletion) -> AsyncIterator[Output]:
    first = await services.kubectl(cluster, line.argv, line.given.stdin, line.given.files)
    gone = []
    if first["exitCode"] == 0:  # else its kubeconfig, among others, may be what is wrong
        everywhere = line.opts.flag("all-namespaces")
        ctx = streams.context(cluster, line.opts, line.given)
        gone = delete.deleted(first["stdout"], "" if everywhere else ctx.namespace)
    if not gone:
        yield Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    yield Output(first["stdout"], first["stderr"], first=True)
    yield await _all_gone(cluster, line, gone, line.seconds) or Output(code=0)


async def _all_gone(
    cluster: Cluster, line: Deletion | Replacement, gone: list[Gone], seconds: float
) -> Output | None:
    """kubectl delete's wait (its RunWait for deletion): each object watched in turn until it
    is gone, all within `seconds`; None once they are, else the error of the one still there."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    for resource, where, name in gone:  # one after the other, as kubectl's RunWait visits them
        request = _watch_of(cluster, line, resource, where, name)
        try:
            went = (await _watch_until(cluster, request, deadline - loop.time(), _deleted)).done
        except streams.Refused as refused:
            if refused.code in (FORBIDDEN, NOT_ALLOWED):
                continue
            raise
        if not went:
            return Output(stderr=f"{wait.TIMED_OUT} on {resource.name}/{name}\n", code=1)
    return None


async def _replace(cluster: Cluster, line: Replacement) -> AsyncIterator[Output]:
    """kubectl replace --force: the built-in kubectl's halves, in a thread, with kubectl's
    waits between them: the deletion's (with --wait or --grace-period=0), then for each
    object of the files, until it is not found (--timeout each, five minutes without)."""
    ctx = streams.context(cluster, line.opts, line.given)
    try:
        mode = replace.check(line.opts)
        deleting = functools.partial(_delete_old, ctx, line.opts)
        gone = await sync_to_async(deleting, thread_sensitive=False)()
    except ExitError as error:
        yield _printed(ctx, error)
        return
    yield dataclasses.replace(_printed(ctx), first=True)
    seconds = wait.timeout(line.opts, "replace")
    waited = replace.waits_for_deletion(line.opts)
    if waited and (timed_out := await _all_gone(cluster, line, gone, seconds or wait.WEEK)):
        yield timed_out
        return
    for resource, where, name in gone:  # kubectl polls each in turn until it is not found
        request = _watch_of(cluster, line, resource, where, name)
        if not (await _watch_until(cluster, request, seconds or REPLACE_SECONDS, _absent)).done:
            yield Output(stderr=f"{DEADLINE_EXCEEDED}\n", code=1)
            return
    try:
        putting = functools.partial(replace.put, ctx, line.opts, mode)
        await sync_to_async(putting, thread_sensitive=False)()
    except ExitError as error:
        yield _printed(ctx, error)
        return
    yield dataclasses.replace(_printed(ctx), code=0)


async def _drain(cluster: Cluster, line: Drain) -> AsyncIterator[Output]:
    """kubectl drain: the built-in kubectl's steps, in a thread, with the Helper's clocks
    between them: every second a look at each evicted pod, every fifth one more try at each
    refused eviction, until the node's pods are gone or --timeout runs out."""
    ctx = streams.context(cluster, line.opts, line.given)
    try:
        nodes = await _in_thread(drain.begin, ctx, line.opts)
    except ExitError as error:
        yield _printed(ctx, error)
        return
    yield dataclasses.replace(_printed(ctx), first=True)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + line.seconds if line.seconds else None
    failed: list[list[str]] = []
    remaining: list[str] = []
    for node in nodes:
        node_drain = drain.NodeDrain(ctx, line.opts, node["metadata"]["name"])
        await _in_thread(node_drain.start)
        seconds = 0
        while not node_drain.done:
            said = _printed(ctx)
            if said.stdout or said.stderr:
                yield said
            left = deadline - loop.time() if deadline is not None else drain.POLL_SECONDS
            if left <= 0:
                node_drain.time_out()
                break
            await asyncio.sleep(min(left, drain.POLL_SECONDS))
            seconds += drain.POLL_SECONDS
            await _in_thread(node_drain.poll)
            if seconds % drain.RETRY_SECONDS == 0:
                await _in_thread(node_drain.retry)
        await _in_thread(drain.finish, ctx, node_drain, failed, remaining)
        yield _printed(ctx)
    try:
        drain.end(ctx, failed, remaining)
    except ExitError as error:
        yield _printed(ctx, error)
        return
    yield dataclasses.replace(_printed(ctx), code=0)


async def _in_thread(step: Callable[..., T], *args: object) -> T:
    """One of the built-in kubectl's steps, which make requests of the cluster and wait for
    their answers, off the event loop."""
    return await sync_to_async(functools.partial(step, *args), thread_sensitive=False)()


def _delete_old(ctx: Context, opts: Parsed) -> list[Gone]:
    """replace --force's deletion, by the built-in kubectl; the objects of its files."""
    replace.delete_old(ctx, opts)
    found = manifests.read(ctx, opts, manifests.Problems())
    return [(m.resource, m.namespace, m.name) for m in found]


def _printed(ctx: Context, error: ExitError | None = None) -> Output:
    """What the built-in kubectl's helpers printed since last asked (and the error that
    stopped them, as its entry point prints it)."""
    stdout, stderr = ctx.out.getvalue(), ctx.err.getvalue()
    for stream in (ctx.out, ctx.err):
        stream.seek(0)
        stream.truncate()
    if error is None:
        return Output(stdout, stderr)
    said = f"{error.message.rstrip()}\n" if error.message else ""
    return Output(stdout, stderr + said, error.code)


async def _wait(cluster: Cluster, line: Waited) -> AsyncIterator[Output]:
    """kubectl wait: the built-in kubectl looks once (as --timeout=0 does); unless that is
    the answer, each object's conditions are watched in turn until met, each said as met,
    until --timeout passes."""
    look = await services.kubectl(
        cluster, [*line.argv, "--timeout=0s"], line.given.stdin, line.given.files
    )
    if look["exitCode"] == 0 or not _unmet(look["stderr"]):
        yield Output(look["stdout"], look["stderr"], look["exitCode"])
        return
    yield Output(first=True)  # what it saw met is said again, in kubectl's order
    ctx = streams.context(cluster, line.opts, line.given)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + line.seconds
    for resource, namespace, name, obj in await _waited_for(ctx, line):
        for condition in line.conditions:
            request = _watch_of(cluster, line, resource, namespace, name)
            seen = await _watch_until(cluster, request, deadline - loop.time(), _or_gone(condition))
            if not seen.done:
                named = "" if condition.kind == "create" else f" on {resource.name}/{name}"
                yield Output(stderr=f"{wait.TIMED_OUT}{named}\n", code=1)  # as kubectl has it
                return
            if seen.obj is None and condition.kind != "delete":
                gone = f'{resource.group_resource} "{name}" not found'
                yield Output(stderr=f"Error from server (NotFound): {gone}\n", code=1)
                return
            printed = ctx.out.tell()
            outcome.report(ctx, line.opts, resource, seen.obj or obj or {}, wait.MET)
            yield Output(ctx.out.getvalue()[printed:])
    yield Output(code=0)


def _unmet(stderr: str) -> bool:
    """Whether a look found only conditions not met yet (or, for --for=create, objects that
    are not there yet): something to wait for."""
    lines = stderr.splitlines()
    return bool(lines) and all(NOT_MET.fullmatch(text) or text == wait.TIMED_OUT for text in lines)


async def _waited_for(ctx: Context, line: Waited) -> list[tuple[Resource, str, str, Object | None]]:
    """The objects kubectl wait visits, in its order: those its resource builder finds, or
    (for --for=create) each one named, there or not."""
    kinds = {condition.kind for condition in line.conditions}
    if "create" in kinds:
        targets = resolve.targets(line.opts.args)
        where = "" if line.opts.flag("all-namespaces") else ctx.namespace
        return [(r, where if r.namespaced else "", name, None) for r, name in targets if name]
    problems = manifests.Problems() if "delete" in kinds else None  # gone is what it wants
    find = functools.partial(builder.infos, ctx, line.opts, line.opts.args, problems)
    infos = await sync_to_async(find, thread_sensitive=False)()
    return [(i.resource, i.namespace, i.name, i.obj) for i in infos]


def _or_gone(condition: wait.Condition) -> Callable[[Object | None], bool]:
    """When to stop watching for a condition: met, or the object gone (which the
    condition of an object that is not there makes NotFound)."""
    return lambda obj: wait.met(obj, condition) or (obj is None and condition.kind != "create")


@dataclass(frozen=True, slots=True)
class Seen:
    """How a watch for an object ended: `done`, with the object as it was then (None: gone),
    or not in time."""

    done: bool
    obj: Object | None = None


async def _watch_until(
    cluster: Cluster, request: Request, seconds: float, done: Callable[[Object | None], bool]
) -> Seen:
    """Whether the object the watch names comes to be `done` within `seconds`; `done` sees
    the object as it is after each change, or None when there is none."""
    if seconds <= 0:
        return Seen(False)
    batches = streams.watched(cluster, request, seconds)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            changes = streams.changes(batch)
            if batch.listed:
                now = changes[-1]["object"] if changes else None
                if done(now):
                    return Seen(True, now)
                continue
            for event in changes:
                now = None if event["type"] == DELETED else event["object"]
                if done(now):
                    return Seen(True, now)
    return Seen(False)


def _deleted(obj: Object | None) -> bool:
    """Gone, or one of that name that nobody is deleting: a new one (kubectl compares UIDs)."""
    return obj is None or not obj["metadata"].get("deletionTimestamp")


def _absent(obj: Object | None) -> bool:
    """Not found (replace --force waits for that, a new one of the name no matter)."""
    return obj is None
