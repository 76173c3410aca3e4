"""kubectl events: the namespace's events, oldest first, as kubectl's EventPrinter prints them.

The built-in kubectl answers at once, so `-w` prints the events there are and returns; the
dashboard's terminal watches them instead (visualizer/watching.py), a row per event as it
comes (`watched_row`), as the real kubectl does.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from cluster.engine.api import duration
from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.kubectl import flags, gosort, outcome, printers, resolve, templates
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("all-namespaces", "A", boolean=True),
    Flag("for"),
    Flag("types", repeated=True),
    Flag("no-headers", boolean=True),
    *outcome.PRINT,
    Flag("watch", "w", boolean=True),
    Flag("chunk-size", default="500"),
)
TYPES = ("Normal", "Warning")


def run(ctx: Context, opts: Parsed) -> None:
    flags.integer(opts, "chunk-size", "events")
    selected = query(opts)  # ToOptions decodes --for before Validate checks --types
    types = _types(opts)
    output = opts.text("output")
    printer = _printer(output)
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere else ctx.namespace
    listed = ctx.call("list", "events", namespace, query=selected)
    items = [e for e in listed["items"] if not types or _is_one_of(e.get("type", ""), types)]
    # sort.Sort(SortableEvents): not stable, so equal times end up where Go's sort puts them
    gosort.sort(items, lambda a, b: event_time(a) < event_time(b))
    if not items:
        where = "." if everywhere else f" in {namespace} namespace."
        ctx.err.write(f"No events found{where}\n")
        return
    if printer is not None:
        _print_list(ctx, printer, _typed_list(items))
        return
    rows = [] if opts.flag("no-headers") else [heading(everywhere)]
    rows += [_row(e, ctx.now, everywhere) for e in items]
    ctx.out.write(printers.tabulate(rows))


def _types(opts: Parsed) -> list[str]:
    """--types, checked."""
    types = [t for value in opts.list("types") for t in value.split(",")]
    if any(t.lower() not in ("normal", "warning") for t in types):
        raise ExitError("error: valid --types are Normal or Warning")
    return types


def watched_row(event: Object, opts: Parsed, now: int) -> list[str] | None:
    """The row `kubectl events -w` prints for one event of its watch at unix time `now`;
    None for those it skips (deleted events, and types not asked for)."""
    types, obj = _types(opts), event["object"]
    if event["type"] == DELETED or (types and not _is_one_of(obj.get("type", ""), types)):
        return None
    return _row(obj, now, opts.flag("all-namespaces"))


def query(opts: Parsed) -> dict[str, str]:
    """--for TYPE/NAME: the events of that object only, by kind, apiVersion and name (a field
    selector); with no name (`pod/`) kubectl sets no selector, and every event comes."""
    wanted = opts.text("for")
    if not wanted:
        return {}
    kind, slash, name = wanted.partition("/")
    if not slash:
        raise ExitError("error: --for must be in resource/name form")
    if "/" in name:
        raise ExitError("error: arguments in resource/name form may not have more than one slash")
    try:
        resource = resolve.resource(kind.lower())
    except ExitError as error:  # the RESTMapper's NoMatch error, which kubectl prints bare
        raise ExitError(error.message.removeprefix("error: ")) from None
    if not name:
        return {}
    selector = (
        f"involvedObject.kind={resource.kind},"
        f"involvedObject.apiVersion={resource.api_version},"
        f"involvedObject.name={name}"
    )
    return {"fieldSelector": selector}


def _is_one_of(kind: str, types: list[str]) -> bool:
    return any(kind.lower() == t.lower() for t in types)


def heading(everywhere: bool) -> list[str]:
    return (["NAMESPACE"] if everywhere else []) + [
        "LAST SEEN",
        "TYPE",
        "REASON",
        "OBJECT",
        "MESSAGE",
    ]


def _row(event: Object, now: int, everywhere: bool) -> list[str]:
    involved = event.get("involvedObject") or {}
    return ([event["metadata"].get("namespace", "")] if everywhere else []) + [
        _interval(event, now),
        event.get("type", ""),
        event.get("reason", ""),
        f"{involved.get('kind', '')}/{involved.get('name', '')}",
        (event.get("message") or "").strip(),
    ]


def _interval(event: Object, now: int) -> str:
    """getInterval: when it was last seen, with how often and since when if more than once."""
    first = _since(event.get("eventTime") or event.get("firstTimestamp"), now)
    series = event.get("series")
    if series:
        last = _since(series.get("lastObservedTime"), now)
        return f"{last} (x{series.get('count', 0)} over {first})"
    if (event.get("count") or 0) > 1:
        return f"{_since(event.get('lastTimestamp'), now)} (x{event['count']} over {first})"
    return first


def _since(timestamp: str | None, now: int) -> str:
    """translateTimestampSince (and its MicroTime twin): `<unknown>` for no time."""
    if not timestamp:
        return "<unknown>"
    return duration.human(now - _unix(timestamp))


def _unix(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp())


def event_time(event: Object) -> int:
    """eventTime(): the series' last observation, else lastTimestamp, else eventTime."""
    series = event.get("series") or {}
    when = series.get("lastObservedTime") or event.get("lastTimestamp") or event.get("eventTime")
    return _unix(when) if when else 0


def _printer(output: str) -> templates.Printer | None:
    """The printer -o asks for (None: the table); an unknown format ends the command."""
    if not output:
        return None
    template = templates.printer(output)
    if template is not None:
        return template
    if output == "json":
        return lambda listed: printers.to_json(listed, typed=True)
    if output == "yaml":
        return printers.to_yaml
    if output == "kyaml":
        return lambda listed: printers.to_kyaml(listed, typed=True)
    if output == "name":  # the name printer refuses a typed EventList, which goes unsaid
        return lambda listed: ""
    raise ExitError(
        f'error: unable to match a printer suitable for the output format "{output}", '
        f"allowed formats are: {outcome.ALLOWED}"
    )


def _typed_list(items: list[Object]) -> Object:
    """The corev1.EventList kubectl gathers the events in: its own, with no list metadata,
    each event with its kind and apiVersion."""
    typed = [{"kind": "Event", "apiVersion": "v1", **event} for event in items]
    return {"kind": "EventList", "apiVersion": "v1", "metadata": {}, "items": typed}


def _print_list(ctx: Context, printer: templates.Printer, listed: Object) -> None:
    """Run's o.PrintObj(el, w), whose error it does not check: a template that fails to
    execute prints nothing, and the command succeeds."""
    with contextlib.suppress(ExitError):
        ctx.out.write(printer(listed))
