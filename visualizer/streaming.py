"""The dashboard's terminal runs the kubectl lines that stream or wait as the real kubectl
does: the built-in kubectl prints what there is now (or says what is wrong), then what follows
comes from the same watches and log streams the REST API serves the real kubectl
(cluster/kubeapi/watch.py and logs.py), until the command is done, the user presses Ctrl-C,
the watch times out or the containers end. This module finds such lines and runs them:
`kubectl get -w` as tables and `kubectl logs -f` (of a pod, a workload's pod, or the pods a
selector picks) here; watches printed as objects and `events -w` in watching.py; `rollout
status`, `delete` and `wait` in waiting.py; `run --attach` of a program in attach_session.py.

Watch rows are printed as kubectl prints them: the header only once, and each event's rows
flushed through a tabwriter that remembers the widest cell of each column (kubectl's
RememberWidths), starting from the widths of the table printed first.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async

from cluster import services, tasks
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import podproxy
from cluster.engine.apiserver.request import Request
from cluster.kubeapi import logs, watch
from cluster.kubectl import podcmd, printers
from cluster.kubectl.cmd import get
from cluster.kubectl.cmd import logs as kubectl_logs
from cluster.kubectl.context import ExitError, server_error
from cluster.kubectl.flags import Parsed
from cluster.models import Cluster
from visualizer import attach_session, streams, waiting, watching

EVENT = "EVENT"
# kubectl pads the EVENT column as wide as MODIFIED from the first row on, whatever came yet
EVENT_WIDTH = len("MODIFIED")


@dataclass(frozen=True, slots=True)
class Watched:
    """`kubectl get ... -w`: what the built-in kubectl prints first, and the engine's watch."""

    argv: list[str]
    request: Request
    given: streams.Given
    only: bool  # --watch-only: nothing printed before the first event
    events: bool  # --output-watch-events: an EVENT column
    wide: bool
    no_headers: bool
    namespace_column: bool
    show_labels: bool
    label_columns: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Followed:
    """`kubectl logs -f POD`, `TYPE/NAME` (a workload's pod) or `-l SELECTOR`: what the
    built-in kubectl prints first, then the logs of those pods."""

    argv: list[str]
    opts: Parsed
    target: str  # POD or TYPE/NAME; "" with a selector
    container: str
    given: streams.Given


Line = (
    Watched
    | Followed
    | waiting.Line
    | watching.ObjectsWatched
    | watching.EventsWatched
    | attach_session.Streamed
)


def recognise(cluster: Cluster, argv: list[str], given: streams.Given) -> Line | None:
    """The streaming kubectl line argv is, if it is one this terminal can stream."""
    return (
        _watched(cluster, argv, given)
        or _followed(argv, given)
        or waiting.recognise(argv, given)
        or watching.recognise(cluster, argv, given)
        or attach_session.recognise_streamed(argv)
    )


def _watched(cluster: Cluster, argv: list[str], given: streams.Given) -> Watched | None:
    plain = [word for word in argv if word.partition("=")[0] != watching.WATCH_EVENTS]
    opts = streams.parsed(plain, "get", get.FLAGS)
    if opts is None or not (opts.flag("watch") or opts.flag("watch-only")):
        return None
    if opts.text("output") not in ("", "wide"):
        return None  # objects: watching.py
    target = watching.watched_target(cluster, opts, given)
    if target is None:
        return None
    everywhere = opts.flag("all-namespaces")
    return Watched(
        argv=plain,
        request=watching.watch_request(cluster, opts, given, target, {"accept": get.TABLE}),
        given=given,
        only=opts.flag("watch-only"),
        events=watching.watch_events(argv),
        wide=opts.text("output") == "wide",
        no_headers=opts.flag("no-headers"),
        namespace_column=everywhere and target.resource.namespaced,
        show_labels=opts.flag("show-labels"),
        label_columns=tuple(k for v in opts.list("label-columns") for k in v.split(",") if k),
    )


def _followed(argv: list[str], given: streams.Given) -> Followed | None:
    opts = streams.parsed(argv, "logs", kubectl_logs.FLAGS)
    if opts is None or not opts.flag("follow") or opts.flag("previous"):
        return None
    args, selector = opts.args, opts.text("selector")
    if selector and not args:
        return Followed(argv, opts, "", opts.text("container"), given)
    if selector or len(args) not in (1, 2):
        return None  # the built-in kubectl says why
    container = args[1] if len(args) == 2 else opts.text("container")
    return Followed(argv, opts, args[0], container, given)


async def run(cluster: Cluster, line: Line) -> AsyncIterator[streams.Output]:
    """What the streaming line prints, piece by piece, until it ends or is cancelled."""
    if isinstance(line, Watched):
        outputs = _watch(cluster, line)
    elif isinstance(line, Followed):
        outputs = _follow(cluster, line)
    elif isinstance(line, watching.ObjectsWatched | watching.EventsWatched):
        outputs = watching.run(cluster, line)
    elif isinstance(line, attach_session.Streamed):
        outputs = attach_session.stream(cluster, line)
    else:
        outputs = waiting.run(cluster, line)
    try:
        async with contextlib.aclosing(outputs):
            async for output in outputs:
                yield output
    except services.ClusterUnavailable as error:
        yield streams.Output(stderr=f"error: {error}\n", code=1)
    except streams.Refused as refused:
        yield streams.Output(stderr=f"{server_error(refused.status)}\n", code=1)
    except ExitError as error:  # changed since the built-in kubectl checked it
        yield streams.Output(stderr=f"{error.message}\n", code=1)


async def _watch(cluster: Cluster, line: Watched) -> AsyncIterator[streams.Output]:
    # The watch opens first, so no change after the first table is missed.
    opened = await watch.start(cluster, line.request)
    stream = opened.stream
    first = await services.kubectl(cluster, line.argv, line.given.stdin, line.given.files)
    stdout = "" if line.only else first["stdout"]
    if line.events and stdout:
        stdout = _with_events(stdout, line.no_headers)
    if first["exitCode"] != 0:
        await opened.registration.close()
        yield streams.Output(stdout, first["stderr"], first["exitCode"])
        return
    if stream is None:  # listing was allowed, watching is not
        refused = f"{first['stderr']}{server_error(opened.reply['body'])}\n"
        yield streams.Output(stdout, refused, 1)
        return
    yield streams.Output(stdout, first["stderr"], first=True)
    answer = opened.reply["body"]
    seconds = 0 if watch.ended(answer) else watch.timeout({})
    printer = WatchPrinter(line, stdout)
    published = watch.published(stream, opened.registration, seconds)
    async with contextlib.aclosing(published):
        async for events in published:
            if text := printer.write(events):
                yield streams.Output(text)
    yield streams.Output(code=0)


def _with_events(table: str, no_headers: bool) -> str:
    """The first table with an EVENT column: ADDED for each row."""
    lines = table.splitlines()
    gap = " " * printers.PADDING
    head = [f"{EVENT:<{EVENT_WIDTH}}{gap}{lines.pop(0)}"] if not no_headers and lines else []
    rows = [f"{'ADDED':<{EVENT_WIDTH}}{gap}{line}" for line in lines]
    return "\n".join(head + rows) + "\n"


class WatchPrinter:
    """kubectl's printer for watch events: a Table's columns are defined once (by the first
    event), the header is printed once, and the tabwriter is flushed after each event, each
    column as wide as the widest cell it ever had (the first table's widths to begin with)."""

    def __init__(self, line: Watched, first: str) -> None:
        self.line = line
        self.columns: list[Object] = []
        self.tabwriter = streams.Tabwriter(first.partition("\n")[0])
        self.header = not line.no_headers and not first  # else printed with the first table

    def write(self, events: list[Object]) -> str:
        return "".join(self._event(event) for event in events if event["type"] != "BOOKMARK")

    def _event(self, event: Object) -> str:
        table = event["object"]
        if "rows" not in table:  # an ERROR's Status: the watch ends without a row
            return ""
        self.columns = table.get("columnDefinitions") or self.columns
        line = self.line
        rows = printers.table_rows(
            {**table, "columnDefinitions": self.columns},
            wide=line.wide,
            namespace_column=line.namespace_column,
            show_labels=line.show_labels,
            headers=self.header,
            label_columns=line.label_columns,
        )
        if line.events:
            kinds = [EVENT] * self.header + [event["type"]] * (len(rows) - self.header)
            rows = [
                [kind.ljust(EVENT_WIDTH), *cells] for kind, cells in zip(kinds, rows, strict=True)
            ]
        self.header = False
        return self.tabwriter.flush(rows) if rows else ""


async def _follow(cluster: Cluster, line: Followed) -> AsyncIterator[streams.Output]:
    first = await services.kubectl(cluster, line.argv, files=line.given.files)
    if first["exitCode"] != 0:
        yield streams.Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    yield streams.Output(first["stdout"], first["stderr"], first=True)
    pods = await _pods(cluster, line)
    followed = []
    for pod in pods:
        # the containers kubectl chose, and said so, when it printed the logs so far
        for container in kubectl_logs.containers(line.opts, pod, line.container, io.StringIO()):
            request = _log_request(cluster, line, pod, container)
            reply = await services.ask(tasks.request, cluster, request.to_dict())
            if reply["code"] != 200:
                yield streams.Output(stderr=f"{server_error(reply['body'])}\n", code=1)
                return
            followed.append(_followed_log(cluster, line.opts, pod, request))
    merged = streams.merged(followed)
    async with contextlib.aclosing(merged):
        async for text in merged:
            yield streams.Output(text)
    yield streams.Output(code=0)


async def _pods(cluster: Cluster, line: Followed) -> list[Object]:
    """The pods whose logs are followed, found as the built-in kubectl found them when it
    printed their logs so far (a workload's: the one kubectl picks)."""
    ctx = streams.context(cluster, line.opts, line.given)
    if line.target:
        find = functools.partial(podcmd.get_pod, ctx, line.target, for_logs=True)
        return [await sync_to_async(find, thread_sensitive=False)()]
    query = {"labelSelector": line.opts.text("selector")}
    listed = functools.partial(ctx.call, "list", "pods", ctx.namespace, query=query)
    return (await sync_to_async(listed, thread_sensitive=False)())["items"]


def _log_request(cluster: Cluster, line: Followed, pod: Object, container: str) -> Request:
    """The request that follows the container's log after what kubectl printed of it."""
    query = {"follow": "true", "tailLines": "0", "container": container}
    if line.opts.flag("timestamps"):
        query["timestamps"] = "true"
    meta = pod["metadata"]
    return streams.request(
        cluster,
        line.opts,
        "get",
        meta["namespace"],
        query,
        line.given,
        resource="pods",
        name=meta["name"],
        subresource="log",
    )


async def _followed_log(
    cluster: Cluster, opts: Parsed, pod: Object, request: Request
) -> AsyncIterator[str]:
    """The log as it is written, each line with its --prefix."""
    followed = logs.follow(cluster, request, podproxy.log_options(request.query))
    async with contextlib.aclosing(followed):
        async for data in followed:
            text = data.decode(errors="replace")
            yield kubectl_logs.prefixed(opts, pod, request.query["container"], text)
