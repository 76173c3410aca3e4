"""Output as kubectl prints it: tables through a tabwriter, YAML, JSON and names."""

from __future__ import annotations

import json
from typing import Any

import yaml

from cluster.engine.api.meta import Object
from cluster.kubectl import kyaml, structorder

PADDING = 3  # printers.GetNewTabWriter: minwidth 6, padding 3
MIN_WIDTH = 6


def tabulate(rows: list[list[str]]) -> str:
    """text/tabwriter with kubectl's settings: the last column is not padded."""
    if not rows:
        return ""
    widths = [0] * max(len(row) for row in rows)
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell) + PADDING, MIN_WIDTH)
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("".join(cells) + row[-1])
    return "\n".join(lines) + "\n"


def table_rows(
    table: Object,
    *,
    wide: bool,
    namespace_column: bool = False,
    show_labels: bool = False,
    headers: bool = True,
    label_columns: tuple[str, ...] = (),
) -> list[list[str]]:
    """The table's rows as kubectl prints them; -L's labels get a column each, headed by
    the key's last path segment in capitals."""
    columns = [
        (i, c)
        for i, c in enumerate(table["columnDefinitions"])
        if wide or c.get("priority", 0) == 0
    ]
    rows = []
    if headers:
        head = [c["name"].upper() for _, c in columns]
        head += [key.rsplit("/", 1)[-1].upper() for key in label_columns]
        rows.append(
            (["NAMESPACE"] if namespace_column else []) + head + (["LABELS"] if show_labels else [])
        )
    for row in table["rows"]:
        meta = row.get("object", {}).get("metadata", {})
        cells = [_cell(row["cells"][i]) for i, _ in columns]
        labels = meta.get("labels") or {}
        cells += [labels.get(key, "") for key in label_columns]
        if namespace_column:
            cells.insert(0, meta.get("namespace", ""))
        if show_labels:
            cells.append(",".join(f"{k}={v}" for k, v in sorted(labels.items())) or "<none>")
        rows.append(cells)
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return "<none>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _GoYAMLDumper(yaml.SafeDumper):
    """YAML as sigs.k8s.io/yaml writes it: sorted keys, lists not indented, and strings that
    would read as something else double-quoted."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    resolved = dumper.resolve(yaml.ScalarNode, value, (True, False))
    # PyYAML reads a lone `!`, `&` or `*` as its own tag; go-yaml as a string that plain
    # style cannot hold, which PyYAML then single-quotes as go-yaml does
    if value == "" or resolved not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:yaml"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_GoYAMLDumper.add_representer(str, _represent_str)
# sigs.k8s.io/yaml writes every value out: a list shared by two fields gets no &anchor
_GoYAMLDumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]


def to_yaml(obj: Any, typed: bool = False) -> str:
    """YAML as sigs.k8s.io/yaml writes it: keys sorted, a typed struct's empty structs too."""
    return yaml.dump(
        structorder.ordered(obj) if typed else obj,
        Dumper=_GoYAMLDumper,
        default_flow_style=False,
        sort_keys=True,
        allow_unicode=True,  # go-yaml folds long lines at 80 columns, as PyYAML does
    )


def to_json(obj: Any, typed: bool = False) -> str:
    """JSON as encoding/json writes it: a map's keys sorted, a typed struct's fields in their
    order (`typed`: an object kubectl holds as a Go struct)."""
    if typed:
        return json.dumps(structorder.ordered(obj), indent=4, ensure_ascii=False) + "\n"
    return json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False) + "\n"  # sorted in C


def to_kyaml(obj: Any, typed: bool = False) -> str:
    """KYAML, its keys in the order of the JSON it is made from."""
    return kyaml.document(_laid_out(obj, typed))


def _laid_out(obj: Any, typed: bool) -> Any:
    return structorder.ordered(obj) if typed else structorder.sorted_keys(obj)


def without_managed_fields(obj: Object) -> Object:
    """OmitManagedFieldsPrinter: kubectl prints YAML and JSON without metadata.managedFields
    (the items of a List too) unless --show-managed-fields."""
    if isinstance(obj.get("items"), list):
        return {**obj, "items": [without_managed_fields(item) for item in obj["items"]]}
    meta = obj.get("metadata")
    if not isinstance(meta, dict) or "managedFields" not in meta:
        return obj
    return {**obj, "metadata": {k: v for k, v in meta.items() if k != "managedFields"}}


def as_list(items: list[Object]) -> Object:
    """How kubectl wraps several objects for -o yaml/json."""
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
