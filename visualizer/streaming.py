"""`kubectl get -w` and `kubectl logs -f` in the dashboard's terminal: the built-in kubectl
prints what there is now, then the lines that follow come from the same streams the REST API
serves the real kubectl (cluster/kubeapi/watch.py and logs.py), until the user presses
Ctrl-C, the watch times out or the container ends.

Watch rows are printed as kubectl prints them: the header only once, and each event's rows
flushed through a tabwriter that remembers the widest cell of each column (kubectl's
RememberWidths), starting from the widths of the table printed first.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace

from cluster import services, tasks
from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import podproxy
from cluster.engine.apiserver.request import Request
from cluster.kubeapi import logs, watch
from cluster.kubectl import podcmd, printers, resolve
from cluster.kubectl.cmd import get
from cluster.kubectl.cmd import logs as kubectl_logs
from cluster.kubectl.context import ExitError, server_error
from cluster.models import Cluster
from visualizer import streams, waiting, watching

EVENT = "EVENT"
# kubectl pads the EVENT column as wide as MODIFIED from the first row on, whatever came yet
EVENT_WIDTH = len("MODIFIED")


@dataclass(frozen=True, slots=True)
class Watched:
    """`kubectl get ... -w`: what the built-in kubectl prints first, and the engine's watch."""

    argv: list[str]
    request: Request
    only: bool  # --watch-only: nothing printed before the first event
    events: bool  # --output-watch-events: an EVENT column
    wide: bool
    no_headers: bool
    namespace_column: bool
    show_labels: bool
    label_columns: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Followed:
    """`kubectl logs -f POD`: what the built-in kubectl prints first, and the log's request."""

    argv: list[str]
    request: Request


Line = (
    Watched
    | Followed
    | waiting.RolloutStatus
    | waiting.Deletion
    | watching.ObjectsWatched
    | watching.EventsWatched
)


def recognise(cluster: Cluster, argv: list[str]) -> Line | None:
    """The streaming kubectl line argv is, if it is one this terminal can stream."""
    for find in (_watched, _followed, waiting.recognise, watching.recognise):
        line = find(cluster, argv)
        if line is not None:
            return line
    return None


def _watched(cluster: Cluster, argv: list[str]) -> Watched | None:
    plain = [word for word in argv if word.partition("=")[0] != watching.WATCH_EVENTS]
    opts = streams.parsed(plain, "get", get.FLAGS)
    if opts is None or not (opts.flag("watch") or opts.flag("watch-only")):
        return None
    if opts.text("output") not in ("", "wide") or opts.list("filename"):
        return None  # objects and manifests print as they are now, as before
    try:
        targets = resolve.targets(opts.args)
    except ExitError:
        return None
    if len(targets) != 1:
        return None
    resource, name = targets[0]
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere or not resource.namespaced else opts.text("namespace", "default")
    query = {"accept": get.TABLE}
    selectors = [opts.text("field-selector")] + ([f"metadata.name={name}"] if name else [])
    if any(selectors):
        query["fieldSelector"] = ",".join(s for s in selectors if s)
    if opts.text("selector"):
        query["labelSelector"] = opts.text("selector")
    request = streams.request(
        cluster, opts, "watch", namespace, query, resource=resources.request_name(resource)
    )
    return Watched(
        argv=plain,
        request=request,
        only=opts.flag("watch-only"),
        events=watching.watch_events(argv),
        wide=opts.text("output") == "wide",
        no_headers=opts.flag("no-headers"),
        namespace_column=everywhere and resource.namespaced,
        show_labels=opts.flag("show-labels"),
        label_columns=tuple(k for v in opts.list("label-columns") for k in v.split(",") if k),
    )


def _followed(cluster: Cluster, argv: list[str]) -> Followed | None:
    opts = streams.parsed(argv, "logs", kubectl_logs.FLAGS)
    if opts is None or not opts.flag("follow") or opts.flag("previous"):
        return None
    args = opts.args
    if opts.text("selector") or opts.flag("all-containers") or opts.flag("prefix"):
        return None  # several logs at once: printed as they are now, as before
    kind, slash, pod = args[0].rpartition("/") if len(args) in (1, 2) else ("", "", "")
    if not pod or (slash and kind not in ("pod", "pods", "po")):
        return None
    # The built-in kubectl has printed the log so far: the stream starts after it.
    query = {"follow": "true", "tailLines": "0"}
    if container := args[1] if len(args) == 2 else opts.text("container"):
        query["container"] = container
    if opts.flag("timestamps"):
        query["timestamps"] = "true"
    namespace = opts.text("namespace", "default")
    request = streams.request(
        cluster, opts, "get", namespace, query, resource="pods", name=pod, subresource="log"
    )
    return Followed(argv, request)


async def run(cluster: Cluster, line: Line) -> AsyncIterator[streams.Output]:
    """What the streaming line prints, piece by piece, until it ends or is cancelled."""
    if isinstance(line, Watched):
        outputs = _watch(cluster, line)
    elif isinstance(line, Followed):
        outputs = _follow(cluster, line)
    elif isinstance(line, watching.ObjectsWatched | watching.EventsWatched):
        outputs = watching.run(cluster, line)
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


async def _watch(cluster: Cluster, line: Watched) -> AsyncIterator[streams.Output]:
    # The watch opens first, so no change after the first table is missed.
    opened = await watch.start(cluster, line.request)
    stream = opened.stream
    first = await services.kubectl(cluster, line.argv)
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
    yield streams.Output(stdout, _without_none_found(first["stderr"]), first=True)
    answer = opened.reply["body"]
    seconds = 0 if watch.ended(answer) else watch.timeout({})
    printer = WatchPrinter(line, stdout)
    published = watch.published(stream, opened.registration, seconds)
    async with contextlib.aclosing(published):
        async for events in published:
            if text := printer.write(events):
                yield streams.Output(text)
    yield streams.Output(code=0)


def _without_none_found(stderr: str) -> str:
    """kubectl's stderr, but for "No resources found": a watch says nothing of an empty list
    (the first event brings the header)."""
    lines = stderr.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("No resources found"))


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
    first = await services.kubectl(cluster, line.argv)
    if first["exitCode"] != 0:
        yield streams.Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    yield streams.Output(first["stdout"], first["stderr"], first=True)
    request = await _with_container(cluster, line.request)
    reply = await services.ask(tasks.request, cluster, request.to_dict())
    if reply["code"] != 200:
        yield streams.Output(stderr=f"{server_error(reply['body'])}\n", code=1)
        return
    followed = logs.follow(cluster, request, podproxy.log_options(request.query))
    async with contextlib.aclosing(followed):
        async for data in followed:
            yield streams.Output(data.decode(errors="replace"))
    yield streams.Output(code=0)


async def _with_container(cluster: Cluster, request: Request) -> Request:
    """The log's request naming the container kubectl chose when none was named (it said so
    when it printed the log so far)."""
    if request.query.get("container"):
        return request
    pod = replace(request, subresource="", query={})
    reply = await services.ask(tasks.request, cluster, pod.to_dict())
    if reply["code"] != 200:
        return request  # gone meanwhile: the log's request says so
    container = podcmd.default_container(reply["body"], io.StringIO())
    return replace(request, query={**request.query, "container": container})
