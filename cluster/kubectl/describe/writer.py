"""The PrefixWriter describers write through, and the helpers every describer shares:
labels, annotations, tolerations, timestamps, conditions and the Events table."""

from __future__ import annotations

from datetime import UTC, datetime

from cluster.engine.api import duration
from cluster.engine.api.meta import Object, parse_timestamp
from cluster.kubectl import gosort, tabwriter, threeway

MAX_ANNOTATION = 140


class PrefixWriter:
    """Text at an indentation level of two spaces each; flush() ends a tabwriter block."""

    def __init__(self, now: int) -> None:
        self.now = now  # unix seconds, for ages
        self._done: list[str] = []
        self._pending: list[str] = []

    def write(self, level: int, text: str) -> None:
        self._pending.append("  " * level + text)

    def line(self, text: str = "") -> None:
        self._pending.append(text + "\n")

    def flush(self) -> None:
        self._done.append(tabwriter.format_cells("".join(self._pending)))
        self._pending = []

    def text(self) -> str:
        self.flush()
        return "".join(self._done)

    def raw(self) -> str:
        """The text with its tabs as written: what a PrefixWriter straight on a buffer gives."""
        return "".join(self._done) + "".join(self._pending)


def rfc1123z(timestamp: str | None) -> str:
    """time.RFC1123Z, as kubectl prints timestamps (in UTC here)."""
    if not timestamp:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    when = datetime.fromtimestamp(parse_timestamp(timestamp), tz=UTC)
    return when.strftime("%a, %d %b %Y %H:%M:%S +0000")


def since(w: PrefixWriter, timestamp: str | None) -> str:
    """translateTimestampSince: how long ago, as kubectl's ages read."""
    if not timestamp:
        return "<unknown>"
    return duration.human(w.now - parse_timestamp(timestamp[:19] + "Z"))


def name_namespace_labels_annotations(w: PrefixWriter, meta: Object) -> None:
    """The four lines most of kubectl's describers open with."""
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))


def name_labels_annotations(w: PrefixWriter, meta: Object) -> None:
    """The three lines a cluster-scoped object's describer opens with."""
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))


def conditions_table(w: PrefixWriter, conditions: list[Object]) -> None:
    """`Conditions:` and a table of metav1.Conditions, as namespaces and ServiceCIDRs print
    them."""
    w.write(0, "Conditions:\n")
    w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t------------------\t------\t-------\n")
    for c in conditions:
        changed = rfc1123z(c.get("lastTransitionTime"))
        w.write(
            1,
            f"{c.get('type')}\t{c.get('status')}\t{changed}"
            f"\t{c.get('reason', '')}\t{c.get('message', '')}\n",
        )


def labels_multiline(
    w: PrefixWriter, title: str, labels: dict[str, str] | None, indent: str = ""
) -> None:
    w.write(0, f"{indent}{title}:\t")
    if not labels:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, f"{indent}\t")
        w.write(0, f"{key}={labels[key]}\n")


def annotations_multiline(w: PrefixWriter, title: str, annotations: dict[str, str] | None) -> None:
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k != threeway.ANNOTATION)  # never shown
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = (annotations or {})[key].removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION or "\n" in value:
            w.write(0, f"{key}:\n")
            for part in value.split("\n"):
                short = (
                    part[: MAX_ANNOTATION - 2] + "..." if len(part) > MAX_ANNOTATION - 2 else part
                )
                w.write(0, f"\t  {short}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def tolerations_multiline(
    w: PrefixWriter, title: str, tolerations: list[Object] | None, indent: str = ""
) -> None:
    w.write(0, f"{indent}{title}:\t")
    if not tolerations:
        w.line("<none>")
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if i:
            w.write(0, f"{indent}\t")
        text = t.get("key", "")
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if t.get("key") or t.get("effect") else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def taints_multiline(w: PrefixWriter, title: str, taints: list[Object] | None) -> None:
    w.write(0, f"{title}:\t")
    if not taints:
        w.line("<none>")
        return
    ordered = sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    for i, taint in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, taint_string(taint) + "\n")


def taint_string(taint: Object) -> str:
    """Taint.ToString: key=value:effect, key:effect or key."""
    text = taint.get("key", "")
    if taint.get("value"):
        text += f"={taint['value']}"
    if taint.get("effect"):
        text += f":{taint['effect']}"
    return text


def controller_of(obj: Object) -> str:
    for ref in obj.get("metadata", {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref['kind']}/{ref['name']}"
    return ""


def _last_seen(event: Object) -> int:
    stamp = event.get("lastTimestamp")
    return parse_timestamp(stamp[:19] + "Z") if stamp else 0


def events_section(w: PrefixWriter, events: list[Object] | None) -> None:
    """DescribeEvents: oldest last-seen first, with repeats as `(xN over AGE)`."""
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    ordered = list(events)
    gosort.sort(ordered, lambda a, b: _last_seen(a) < _last_seen(b))  # SortableEvents
    for event in ordered:
        first = since(w, event.get("eventTime") or event.get("firstTimestamp"))
        count = event.get("count") or 0
        series = event.get("series")
        if series:
            age = (
                f"{since(w, series.get('lastObservedTime'))} (x{series.get('count')} over {first})"
            )
        elif count > 1:
            age = f"{since(w, event.get('lastTimestamp'))} (x{count} over {first})"
        else:
            age = first
        source = (event.get("source") or {}).get("component") or event.get(
            "reportingController", ""
        )
        message = (event.get("message") or "").strip()
        field_path = (event.get("involvedObject") or {}).get("fieldPath")
        if field_path:
            message = f"{field_path}: {message}"
        w.write(
            1, f"{event.get('type', '')}\t{event.get('reason', '')}\t{age}\t{source}\t{message}\n"
        )
