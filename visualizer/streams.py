"""What every streaming kubectl line of the dashboard's terminal shares: the pieces it prints,
how it reads its flags and sends its requests as the built-in kubectl does, and the changes of
a watch as client-go's informers see them (the objects there are, then each change, the watch
opened again whenever kube-apiserver ends it).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TypeVar

from asgiref.sync import async_to_sync

from cluster import services, tasks
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import watchcache
from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.kubeapi import watch
from cluster.kubectl import kubeconfig, printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed, parse
from cluster.models import Cluster

T = TypeVar("T")
REOPEN_SECONDS = 1.0  # a watch is opened again at most once a second
COLUMN_GAP = re.compile(rf" {{{printers.PADDING},}}(?=\S)")  # no cell holds 3 spaces in a row


@dataclass(frozen=True, slots=True)
class Output:
    """A piece of what the command prints; `code` is set on the last one, `first` on what
    it prints before it streams."""

    stdout: str = ""
    stderr: str = ""
    code: int | None = None
    first: bool = False


@dataclass(frozen=True, slots=True)
class Given:
    """What a line gives kubectl besides its arguments: its standard input, and the
    workspace files its -f flags name."""

    stdin: str = ""
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Batch:
    """Events of a watch; `listed`: those a (re)opened watch starts with, the objects there
    are now, at unix time `now`."""

    events: list[Object]
    listed: bool
    now: int | None = None


class Refused(Exception):
    """kube-apiserver would not open the watch: its Status."""

    def __init__(self, code: int, status: Object) -> None:
        super().__init__(status.get("message", ""))
        self.code = code
        self.status = status


def parsed(argv: list[str], command: str, flags: tuple[Flag, ...]) -> Parsed | None:
    """argv as `kubectl COMMAND` reads it (COMMAND may be two words); None if it is another
    command or does not parse (the built-in kubectl says why)."""
    words = command.split()
    try:
        opts = parse(argv, flags, command)
    except ExitError:
        return None
    if opts.args[: len(words)] != words or opts.flag("help"):  # the built-in one prints help
        return None
    opts.args = opts.args[len(words) :]
    return opts


def request(
    cluster: Cluster,
    opts: Parsed,
    verb: str,
    namespace: str,
    query: dict[str, str],
    given: Given | None = None,
    **where: str,
) -> Request:
    """An engine request as the built-in kubectl sends it with these flags (and the
    kubeconfig among the files `given`); `where` names the resource, and the object and
    subresource if any."""
    ctx = context(cluster, opts, given)
    return Request(
        verb,
        namespace=namespace,
        credential=ctx.credential,
        query=query,
        impersonate_user=ctx.impersonate_user,
        impersonate_groups=ctx.impersonate_groups,
        **where,
    )


def context(cluster: Cluster, opts: Parsed, given: Given | None = None) -> Context:
    """The built-in kubectl's Context as it runs a command with these flags and what the
    line gives it: the namespace and user of its kubeconfig's context (one of the files:
    .kube/config, or --kubeconfig's), then --token, -n and --as, as its entry point applies
    them; for its helpers to run in a thread, each request they send an input of the
    cluster's worker, waited for. Raises ExitError, as the built-in kubectl fails, for a
    kubeconfig it cannot use."""

    def transport(sent: Request) -> Response:
        reply = async_to_sync(services.ask)(tasks.request, cluster, sent.to_dict())
        return Response(reply["code"], reply["body"], tuple(reply.get("warnings") or ()))

    given = given or Given()
    admin = Credential("token", cluster.admin_token)
    ctx = Context(transport, admin, stdin=given.stdin, files=given.files)
    ctx.kubeconfig = opts.text("kubeconfig")
    kubeconfig.apply(ctx, opts.text("context"))
    if opts.text("token"):
        ctx.credential = Credential("token", opts.text("token"))
    ctx.namespace = opts.text("namespace") or ctx.namespace
    ctx.impersonate_user, ctx.impersonate_groups = opts.text("as"), tuple(opts.list("as-group"))
    return ctx


async def watched(
    cluster: Cluster, watch_request: Request, seconds: float = 0, again: bool = True
) -> AsyncIterator[Batch]:
    """The watch's events, for `seconds` of wall time (0: until the caller stops): those it
    starts with, then each change as it is published; opened `again` when kube-apiserver ends
    it, as an informer watches again. Raises Refused if it cannot be opened."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds if seconds > 0 else float("inf")
    while (left := deadline - loop.time()) > 0:
        opened_at = loop.time()
        opened = await watch.start(cluster, watch_request)
        if opened.stream is None:
            raise Refused(opened.reply["code"], opened.reply["body"])
        answer = opened.reply["body"]
        try:
            yield Batch(answer["events"], listed=True, now=answer["now"])
            published = watch.published(
                opened.stream, opened.registration, min(left, watch.timeout({}))
            )
            async with contextlib.aclosing(published):
                async for events in published:
                    yield Batch(events, listed=False)
        finally:
            await opened.registration.close()
        if not again:
            return
        # a watch that ended at once (its channel failing) is not opened again at once
        wait = min(REOPEN_SECONDS - (loop.time() - opened_at), deadline - loop.time())
        await asyncio.sleep(max(0.0, wait))


def changes(batch: Batch) -> list[Object]:
    """The events that say what an object is now (not bookmarks or errors)."""
    return [e for e in batch.events if e["type"] not in (watchcache.BOOKMARK, watchcache.ERROR)]


class Tabwriter:
    """kubectl's tabwriter as its watches use it (RememberWidths): flushed after each event,
    each column as wide as the widest cell it ever had, starting from the widths of a line
    printed before, if any."""

    def __init__(self, first: str = "") -> None:
        starts = [0] + [gap.end() for gap in COLUMN_GAP.finditer(first)] if first else []
        self.widths = [end - start for start, end in itertools.pairwise(starts)]

    def flush(self, rows: list[list[str]]) -> str:
        """The rows, padded to the widths they and every row before them need."""
        width = max(len(cells) for cells in rows)
        self.widths += [0] * (width - len(self.widths))
        for cells in rows:
            for i, cell in enumerate(cells[:-1]):
                need = max(len(cell) + printers.PADDING, printers.MIN_WIDTH)
                self.widths[i] = max(self.widths[i], need)
        return "".join(
            "".join(cell.ljust(self.widths[i]) for i, cell in enumerate(cells[:-1]))
            + cells[-1]
            + "\n"
            for cells in rows
        )


async def merged(streams: list[AsyncIterator[T]]) -> AsyncIterator[T]:
    """The pieces of several streams as each comes, until every one has ended; closing this
    closes them all."""
    inbox: asyncio.Queue[tuple[T] | None] = asyncio.Queue()

    async def pump(stream: AsyncIterator[T]) -> None:
        try:
            async with contextlib.aclosing(stream):
                async for piece in stream:
                    inbox.put_nowait((piece,))
        finally:
            inbox.put_nowait(None)

    pumps = [asyncio.ensure_future(pump(stream)) for stream in streams]
    try:
        running = len(pumps)
        while running:
            item = await inbox.get()
            if item is None:
                running -= 1
            else:
                yield item[0]
    finally:
        for task in pumps:
            task.cancel()
        await asyncio.gather(*pumps, return_exceptions=True)
