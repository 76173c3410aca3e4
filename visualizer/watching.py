"""Watches the dashboard's terminal prints other than as tables: `kubectl get -w` with
`-o yaml|json|name|jsonpath=...` (each object as it is and then as it changes, YAML documents
separated by `---`), and `kubectl events -w` (a row per event as it comes).

The built-in kubectl runs the command first, for what it says is wrong; what it printed of the
objects there are is the list the watch starts with, printed here as the real kubectl prints
it in watch mode: object by object, unsorted. Like the real ones, they print until Ctrl-C or
until kube-apiserver ends the watch.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from cluster import services
from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver.request import Request
from cluster.kubectl import jsonpath, outcome, printers, resolve, templates
from cluster.kubectl.cmd import events, get
from cluster.kubectl.context import ExitError
from cluster.kubectl.flags import Parsed
from cluster.models import Cluster
from visualizer import streams
from visualizer.streams import Output

WATCH_EVENTS = "--output-watch-events"
OBJECT_OUTPUTS = ("yaml", "json", "name")


@dataclass(frozen=True, slots=True)
class ObjectsWatched:
    """`kubectl get TYPE[/NAME] -w -o yaml|json|name|jsonpath=...`."""

    argv: list[str]
    request: Request
    given: streams.Given
    resource: Resource
    output: str
    only: bool  # --watch-only: not the objects there are now
    events: bool  # --output-watch-events: each event, with its type
    managed: bool  # --show-managed-fields


@dataclass(frozen=True, slots=True)
class EventsWatched:
    """`kubectl events -w`."""

    argv: list[str]
    request: Request
    given: streams.Given
    opts: Parsed


def recognise(
    cluster: Cluster, argv: list[str], given: streams.Given
) -> ObjectsWatched | EventsWatched | None:
    """The watch argv is, if it is one of these."""
    return _objects(cluster, argv, given) or _events(cluster, argv, given)


def watch_events(argv: list[str]) -> bool:
    """--output-watch-events, a boolean flag: its last value wins."""
    values = [word.partition("=")[2] for word in argv if word.partition("=")[0] == WATCH_EVENTS]
    return bool(values) and values[-1].lower() not in ("false", "f", "0")


def _objects(cluster: Cluster, argv: list[str], given: streams.Given) -> ObjectsWatched | None:
    plain = [word for word in argv if word.partition("=")[0] != WATCH_EVENTS]
    opts = streams.parsed(plain, "get", get.FLAGS)
    if opts is None or not (opts.flag("watch") or opts.flag("watch-only")):
        return None
    output = opts.text("output")
    if opts.list("filename") or not _printable(output):
        return None
    try:
        targets = resolve.targets(opts.args)
        ctx = streams.context(cluster, opts, given)
    except ExitError:
        return None  # the built-in kubectl says why
    if len(targets) != 1:
        return None
    resource, name = targets[0]
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere or not resource.namespaced else ctx.namespace
    selectors = [opts.text("field-selector")] + ([f"metadata.name={name}"] if name else [])
    query = {"fieldSelector": ",".join(s for s in selectors if s)} if any(selectors) else {}
    if opts.text("selector"):
        query["labelSelector"] = opts.text("selector")
    request = streams.request(
        cluster, opts, "watch", namespace, query, given, resource=resources.request_name(resource)
    )
    return ObjectsWatched(
        argv=plain,
        request=request,
        given=given,
        resource=resource,
        output=output,
        only=opts.flag("watch-only"),
        events=watch_events(argv),
        managed=opts.flag("show-managed-fields"),
    )


def _printable(output: str) -> bool:
    """Whether each object of a watch prints on its own in this format (custom columns
    would want their header once: not streamed)."""
    name = output.partition("=")[0]
    return output in OBJECT_OUTPUTS or (name in templates.FORMATS and name != "custom-columns")


def _events(cluster: Cluster, argv: list[str], given: streams.Given) -> EventsWatched | None:
    opts = streams.parsed(argv, "events", events.FLAGS)
    if opts is None or not opts.flag("watch") or opts.text("output") or opts.args:
        return None
    try:
        query = events.query(opts)
        events.watched_row({"type": "ADDED", "object": {}}, opts, 0)  # --types, checked
        ctx = streams.context(cluster, opts, given)
    except ExitError:
        return None  # the built-in kubectl says why
    namespace = "" if opts.flag("all-namespaces") else ctx.namespace
    request = streams.request(cluster, opts, "watch", namespace, query, given, resource="events")
    return EventsWatched(argv, request, given, opts)


async def run(cluster: Cluster, line: ObjectsWatched | EventsWatched) -> AsyncIterator[Output]:
    """What the watch prints, piece by piece, until it ends or is cancelled."""
    first = await services.kubectl(cluster, line.argv, files=line.given.files)
    if first["exitCode"] != 0:
        yield Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    # what the built-in kubectl printed of the objects there are comes from the watch
    said = [s for s in first["stderr"].splitlines(keepends=True) if not s.startswith("No ")]
    yield Output(stderr="".join(said), first=True)
    printer = _object_printer(line) if isinstance(line, ObjectsWatched) else _EventPrinter(line)
    batches = streams.watched(cluster, line.request, again=False)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            if batch.listed and isinstance(line, ObjectsWatched) and line.only:
                continue
            try:
                text = "".join(printer(event, batch.now) for event in streams.changes(batch))
            except ExitError as error:
                yield Output(stderr=f"{error.message}\n", code=1)
                return
            if text:
                yield Output(text)
    yield Output(code=0)


def _object_printer(line: ObjectsWatched) -> Callable[[Object, int | None], str]:
    """How each event's object prints, as kubectl's printer for the format prints it."""
    template = templates.printer(line.output)
    printed = 0

    def print_event(event: Object, _: int | None) -> str:
        nonlocal printed
        obj = event["object"]
        obj.setdefault("apiVersion", line.resource.api_version)
        obj.setdefault("kind", line.resource.kind)
        shown: Object = {"type": event["type"], "object": obj} if line.events else obj
        if not line.managed and not line.events:
            shown = printers.without_managed_fields(obj)
        printed += 1
        if line.output == "name":
            return f"{outcome.qualified(line.resource, obj['metadata']['name'])}\n"
        if template is not None:
            return template(shown)
        if line.output == "json":
            return _watch_event_json(shown) if line.events else printers.to_json(shown)
        return ("---\n" if printed > 1 else "") + printers.to_yaml(shown)

    return print_event


def _watch_event_json(event: Object) -> str:
    """A metav1.WatchEvent as kubectl's JSON printer writes it: on one line, as Go's
    encoding/json has it, its fields in the struct's order."""
    return f'{{"type":{jsonpath.go_json(event["type"])},"object":{jsonpath.go_json(event["object"])}}}\n'


class _EventPrinter:
    """kubectl events -w: its header with the first event, then a row per event, each
    flushed with the widths every row before it needed."""

    def __init__(self, line: EventsWatched) -> None:
        self.opts = line.opts
        self.header = not line.opts.flag("no-headers")
        self.tabwriter = streams.Tabwriter()
        self.now = 0

    def __call__(self, event: Object, now: int | None) -> str:
        # kubectl ages an event as it prints it: it has just happened, unless listed first
        self.now = max(self.now, now or events.event_time(event["object"]))
        row = events.watched_row(event, self.opts, self.now)
        if row is None:
            return ""
        rows = [events.heading(self.opts.flag("all-namespaces")), row] if self.header else [row]
        self.header = False
        return self.tabwriter.flush(rows)
