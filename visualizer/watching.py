"""Watches the dashboard's terminal prints other than as server-side tables: `kubectl get -w`
with `-o yaml|kyaml|json|name|jsonpath=...|custom-columns=...` (each object as it is and then as it
changes, YAML documents separated by `---`, custom columns headed once), and `kubectl events -w`
(a row per event as it comes). What `kubectl get -w` watches (here and as tables) is one
resource type, or one object: named, or the one object of its one -f file.

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
from cluster.kubectl import jsonpath, kyaml, manifests, outcome, printers, resolve, templates
from cluster.kubectl.cmd import events, get
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed
from cluster.kubectl.structorder import sorted_keys
from cluster.models import Cluster
from visualizer import streams
from visualizer.streams import Output

WATCH_EVENTS = "--output-watch-events"
OBJECT_OUTPUTS = ("yaml", "kyaml", "json", "name")


@dataclass(frozen=True, slots=True)
class ObjectsWatched:
    """`kubectl get TYPE[/NAME] -w -o yaml|kyaml|json|name|jsonpath=...`."""

    argv: list[str]
    request: Request
    given: streams.Given
    resource: Resource
    output: str
    only: bool  # --watch-only: not the objects there are now
    events: bool  # --output-watch-events: each event, with its type
    managed: bool  # --show-managed-fields
    no_headers: bool


@dataclass(frozen=True, slots=True)
class Target:
    """What `kubectl get -w` watches: a resource type in a namespace ("": every one), or
    the object of that name."""

    resource: Resource
    namespace: str
    name: str
    filed: bool  # named by an -f file: only by its name, not by selectors


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
    if output not in OBJECT_OUTPUTS and output.partition("=")[0] not in templates.FORMATS:
        return None
    target = watched_target(cluster, opts, given)
    if target is None:
        return None
    return ObjectsWatched(
        argv=plain,
        request=watch_request(cluster, opts, given, target, {}),
        given=given,
        resource=target.resource,
        output=output,
        only=opts.flag("watch-only"),
        events=watch_events(argv),
        managed=opts.flag("show-managed-fields"),
        no_headers=opts.flag("no-headers"),
    )


def watched_target(cluster: Cluster, opts: Parsed, given: streams.Given) -> Target | None:
    """What `kubectl get` watches with these flags, if it watches: one resource type or one
    object named by its arguments, or the one object of its one file; None when the built-in
    kubectl is to say why it does not."""
    try:
        ctx = streams.context(cluster, opts, given)
        if opts.list("filename"):
            return _filed(ctx, opts)
        targets = resolve.targets(opts.args)
    except ExitError:
        return None
    if len(targets) != 1:
        return None
    resource, name = targets[0]
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere or not resource.namespaced else ctx.namespace
    return Target(resource, namespace, name, filed=False)


def _filed(ctx: Context, opts: Parsed) -> Target | None:
    """The one object of the one -f file, as kubectl watches it."""
    found = manifests.read(ctx, opts) if len(opts.list("filename")) == 1 and not opts.args else []
    if len(found) != 1:
        return None
    manifest = found[0]
    namespace = manifest.namespace if manifest.resource.namespaced else ""
    return Target(manifest.resource, namespace, manifest.name, filed=True)


def watch_request(
    cluster: Cluster, opts: Parsed, given: streams.Given, target: Target, query: dict[str, str]
) -> Request:
    """The watch kubectl get opens for its target (with `query` besides its selectors)."""
    field_selector = "" if target.filed else opts.text("field-selector")
    selectors = [field_selector] + ([f"metadata.name={target.name}"] if target.name else [])
    if any(selectors):
        query["fieldSelector"] = ",".join(s for s in selectors if s)
    if opts.text("selector") and not target.filed:
        query["labelSelector"] = opts.text("selector")
    name = resources.request_name(target.resource)
    return streams.request(cluster, opts, "watch", target.namespace, query, given, resource=name)


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
    first = await services.kubectl(cluster, line.argv, line.given.stdin, line.given.files)
    if first["exitCode"] != 0:
        yield Output(first["stdout"], first["stderr"], first["exitCode"])
        return
    # what the built-in kubectl printed of the objects there are comes from the watch
    said = [s for s in first["stderr"].splitlines(keepends=True) if not s.startswith("No ")]
    yield Output(stderr="".join(said), first=True)
    printer = _printer(line)
    batches = streams.watched(cluster, line.request, again=False)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            if batch.listed and isinstance(line, ObjectsWatched) and line.only:
                continue
            try:
                text = printer(batch)
            except ExitError as error:
                yield Output(stderr=f"{error.message}\n", code=1)
                return
            if text:
                yield Output(text)
    yield Output(code=0)


def _printer(line: ObjectsWatched | EventsWatched) -> Callable[[streams.Batch], str]:
    """What a batch of the watch prints."""
    if isinstance(line, EventsWatched):
        each: Callable[[Object, int | None], str] = _EventPrinter(line)
    elif line.output.partition("=")[0] == "custom-columns":
        return _ColumnsPrinter(line)
    else:
        each = _object_printer(line)
    return lambda batch: "".join(each(event, batch.now) for event in streams.changes(batch))


def _shown(line: ObjectsWatched, event: Object) -> Object:
    """What kubectl prints of an event: the object (its managed fields only if asked), or
    with --output-watch-events the event itself."""
    obj = event["object"]
    obj.setdefault("apiVersion", line.resource.api_version)
    obj.setdefault("kind", line.resource.kind)
    if line.events:
        return {"type": event["type"], "object": obj}
    return obj if line.managed else printers.without_managed_fields(obj)


def _object_printer(line: ObjectsWatched) -> Callable[[Object, int | None], str]:
    """How each event's object prints, as kubectl's printer for the format prints it."""
    template = templates.printer(line.output)
    printed = 0

    def print_event(event: Object, _: int | None) -> str:
        nonlocal printed
        obj = event["object"]
        shown = _shown(line, event)
        printed += 1
        if line.output == "name":
            return f"{outcome.qualified(line.resource, obj['metadata']['name'])}\n"
        if template is not None:
            return template(shown)
        if line.output == "json":
            return _watch_event_json(shown) if line.events else printers.to_json(shown)
        if line.output == "kyaml" and line.events:  # metav1.WatchEvent's fields in order
            return kyaml.document({"type": shown["type"], "object": sorted_keys(shown["object"])})
        if line.output == "kyaml":
            return printers.to_kyaml(shown)
        return ("---\n" if printed > 1 else "") + printers.to_yaml(shown)

    return print_event


def _watch_event_json(event: Object) -> str:
    """A metav1.WatchEvent as kubectl's JSON printer writes it: on one line, as Go's
    encoding/json has it, its fields in the struct's order."""
    return f'{{"type":{jsonpath.go_json(event["type"])},"object":{jsonpath.go_json(event["object"])}}}\n'


class _ColumnsPrinter:
    """-o custom-columns: the header once, with the first row (every object kubectl prints is
    of one Go type; with --output-watch-events each is a WatchEvent, its cells <none>); the
    objects there are flushed together, then each change, every column as wide as the widest
    cell it ever had (kubectl's RememberWidths)."""

    def __init__(self, line: ObjectsWatched) -> None:
        self.line = line
        self.columns = templates.custom_columns(line.output.partition("=")[2])
        self.header = not line.no_headers
        self.tabwriter = streams.Tabwriter()

    def __call__(self, batch: streams.Batch) -> str:
        changes = streams.changes(batch)
        flushes = [changes] if batch.listed else [[event] for event in changes]
        return "".join(self._flush(events) for events in flushes if events)

    def _flush(self, events: list[Object]) -> str:
        rows = [[header for header, _ in self.columns]] if self.header else []
        self.header = False
        rows += [templates.custom_row(self.columns, _shown(self.line, e)) for e in events]
        return self.tabwriter.flush(rows)


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
