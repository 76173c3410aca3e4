"""genericDescriber: any kind without a describer of its own, field by field."""

from __future__ import annotations

import re
from typing import Any

from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

SKIPPED = (
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
)
ACRONYMS = ("API", "URL", "UID", "GUID")
# fatih/camelcase: runs of lower case, upper case, digits and other characters
_CAMEL = re.compile(r"[a-z]+|[A-Z]+|[0-9]+|[^a-zA-Z0-9]+")


def describe_generic(
    ctx: Context, w: PrefixWriter, obj: Object, events: list[Object] | None
) -> None:
    meta = obj.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    _content(w, 0, obj, "")
    writer.events_section(w, events)


def _content(w: PrefixWriter, level: int, content: dict[str, Any], prefix: str) -> None:
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in SKIPPED:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field)}:\n")
            _content(w, level + 1, value, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _content(w, level + 1, child, path)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{smart_label(field)}:\t{_go_value(value)}\n")


def _go_value(value: Any) -> str:
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def smart_label(field: str) -> str:
    """smartLabelFor: `involvedObject` → `Involved Object`, `apiVersion` → `API Version`."""
    if any(not (c.isalpha() or c == "-") for c in field):
        return field
    parts = _split(field)
    merged: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if len(part) >= 2 and part.isupper() and nxt[:1].isupper():
            merged.append(part + nxt)
            i += 2
            continue
        merged.append(part)
        i += 1
    words = []
    for part in merged:
        if part.upper() in ACRONYMS:
            part = part.upper()
        elif part.lower() == part:
            part = part[:1].upper() + part[1:]
        words.append(part)
    return " ".join(words)


def _split(field: str) -> list[str]:
    """camelcase.Split: `HTTPServer` → `HTTP`, `Server`; `apiVersion` → `api`, `Version`."""
    runs = _CAMEL.findall(field)
    parts: list[str] = []
    for i, run in enumerate(runs):
        # an upper-case run followed by lower case gives its last letter to the next word
        if run.isupper() and i + 1 < len(runs) and runs[i + 1].islower():
            if len(run) > 1:
                parts.append(run[:-1])
            runs[i + 1] = run[-1] + runs[i + 1]
            continue
        parts.append(run)
    return parts
