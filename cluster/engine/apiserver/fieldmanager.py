"""Server-side apply and managed fields (k8s.io/apimachinery/pkg/util/managedfields and
sigs.k8s.io/structured-merge-diff), on the kinds' OpenAPI schemas.

Every field of an object has owners: the managers that set it, listed in
`metadata.managedFields` (manager, operation Apply or Update, apiVersion, time, and the
fields as a `FieldsV1` trie: `{"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".":
{}, "f:image": {}}}}}`).

- `apply()`: a manager's applied configuration merged into the live object. Fields another
  manager owns with a different value are conflicts (409) unless forced; fields the manager
  applied before and no longer does are removed, unless someone else owns them too.
- `update()`: after a create, update or non-apply patch, the fields that changed belong to
  the request's manager and to no one else.

A path is a tuple of trie keys: `("f:spec", "f:containers", 'k:{"name":"web"}', "f:image")`;
`"."` ends the path of a list item itself.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

from cluster.engine.api import field, gotypes
from cluster.engine.api import schema as api_schema
from cluster.engine.api.meta import Object
from cluster.engine.api.schema_dsl import Schema
from cluster.engine.apiserver import errors

Path = tuple[str, ...]
APPLY = "Apply"
UPDATE = "Update"
FIELDS_V1 = "FieldsV1"
ITEM = "."
BEFORE_FIRST_APPLY = "before-first-apply"
FIELD_MANAGER_MAX_LENGTH = 128
# what no manager owns: identity and system fields (status is the status subresource's)
_IGNORED = frozenset(
    {
        ("f:apiVersion",),
        ("f:kind",),
        ("f:metadata", "f:name"),
        ("f:metadata", "f:namespace"),
        ("f:metadata", "f:uid"),
        ("f:metadata", "f:resourceVersion"),
        ("f:metadata", "f:generation"),
        ("f:metadata", "f:creationTimestamp"),
        ("f:metadata", "f:deletionTimestamp"),
        ("f:metadata", "f:deletionGracePeriodSeconds"),
        ("f:metadata", "f:managedFields"),
        ("f:metadata", "f:selfLink"),
    }
)


# struct fields Go holds by value: an empty object has them, so no write adds them
_ALWAYS_THERE = frozenset(
    {"metadata", "spec", "status", "template", "strategy", "resources", "roleRef"}
)


def manager_errors(manager: str) -> list[field.FieldError]:
    """ValidateFieldManager: at most 128 bytes, every character printable."""
    problems = []
    if len(manager.encode()) > FIELD_MANAGER_MAX_LENGTH:
        problems.append(field.too_long("fieldManager", FIELD_MANAGER_MAX_LENGTH))
    for i, char in enumerate(manager):
        if not char.isprintable():
            at = len(manager[:i].encode())
            why = f"invalid character U+{ord(char):04X} (at position {at})"
            problems.append(field.invalid("fieldManager", manager, why))
    return problems


def manager_of(query: dict[str, str], user_agent: str) -> str:
    """managerOrUserAgent: `fieldManager`, else the user agent up to its first slash."""
    return query.get("fieldManager") or user_agent.split("/", 1)[0]


# -- field sets ----------------------------------------------------------------------------


def fields_of(
    value: Any, schema: Schema | None, prefix: Path = (), members: bool = False
) -> set[Path]:
    """The leaf paths `value` sets, walked as its schema says (atomic parts are leaves).
    With `members`, as an Update sees them: maps and optional structs are members too
    (`.`), as they are when a write adds them."""
    resolved = api_schema.resolve(schema) if schema else {}
    if isinstance(value, dict) and value and not _atomic_map(schema, resolved):
        found: set[Path] = set()
        if members and prefix and prefix[-1].removeprefix("f:") not in _ALWAYS_THERE:
            found.add((*prefix, ITEM))
        for key, item in value.items():
            child = api_schema.child(resolved, key)
            found |= fields_of(item, child, (*prefix, f"f:{key}"), members)
        return found
    if isinstance(value, list) and value and schema:
        keys = _list_keys(schema)
        if keys:
            found = set()
            for item in value:
                if isinstance(item, dict):
                    items = api_schema.items(schema)
                    path = (*prefix, _item_key(item, keys, items))
                    found |= {(*path, ITEM)} | fields_of(item, items, path, members)
            return found
        if _list_type(schema) == "set":
            return {(*prefix, "v:" + _go_json(item)) for item in value}
    return {prefix} if prefix else set()


def _atomic_map(schema: Schema | None, resolved: Schema) -> bool:
    if (schema or {}).get("x-kubernetes-map-type") == "atomic":
        return True
    if resolved.get("x-kubernetes-map-type") == "atomic":
        return True
    return (
        resolved.get("type") == "object"
        and "properties" not in resolved
        and not isinstance(resolved.get("additionalProperties"), dict)
    )


def _list_type(schema: Schema) -> str:
    if "x-kubernetes-list-type" in schema:
        return schema["x-kubernetes-list-type"]
    strategy = schema.get("x-kubernetes-patch-strategy", "")
    return "set" if "merge" in strategy and "x-kubernetes-patch-merge-key" not in schema else ""


def _list_keys(schema: Schema) -> list[str]:
    if schema.get("x-kubernetes-list-type") == "map":
        return list(schema.get("x-kubernetes-list-map-keys", ()))
    key = schema.get("x-kubernetes-patch-merge-key")
    return [key] if key else []


def _item_key(item: dict[str, Any], keys: list[str], items: Schema | None) -> str:
    return "k:" + _go_json(_key_values(item, keys, items))


def _key_values(item: dict[str, Any], keys: list[str], items: Schema | None) -> dict[str, Any]:
    """An item's list map keys; a key it leaves out has its default (a port's TCP)."""
    found = {}
    for key in keys:
        default = (api_schema.child(items, key) or {}).get("default")
        if key in item or default is not None:
            found[key] = item.get(key, default)
    return found


def _go_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def to_fields_v1(paths: set[Path]) -> Object:
    trie: Object = {}
    for path in sorted(paths):
        node = trie
        for key in path:
            node = node.setdefault(key, {})
    return trie


def from_fields_v1(trie: Object, prefix: Path = ()) -> set[Path]:
    found: set[Path] = set()
    for key, child in trie.items():
        path = (*prefix, key)
        found |= from_fields_v1(child, path) if child else {path}
    return found


# -- reading and changing values at paths ----------------------------------------------------


def _step(value: Any, key: str) -> Any:
    if key.startswith("f:") and isinstance(value, dict):
        return value.get(key[2:], _MISSING)
    if key.startswith("k:") and isinstance(value, list):
        wanted = json.loads(key[2:])
        return next((i for i in value if isinstance(i, dict) and _matches(i, wanted)), _MISSING)
    if key.startswith("v:") and isinstance(value, list):
        item = json.loads(key[2:])
        return item if item in value else _MISSING
    return value if key == ITEM else _MISSING


_MISSING = object()


def _matches(item: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """An item has the wanted keys; one it leaves out is taken to be defaulted to them."""
    return all(item.get(k, v) == v for k, v in wanted.items())


def value_at(obj: Any, path: Path) -> Any:
    for key in path:
        obj = _step(obj, key)
        if obj is _MISSING:
            break
    return obj


def _remove(obj: Any, path: Path) -> None:
    """Delete the field (or list item, or set value) at `path`, if it is there."""
    if path and path[-1] == ITEM:
        path = path[:-1]
    parent = value_at(obj, path[:-1])
    last = path[-1]
    if last.startswith("f:") and isinstance(parent, dict):
        parent.pop(last[2:], None)
    elif isinstance(parent, list):
        target = _step(parent, last)
        if target is not _MISSING:
            parent.remove(target)


def _remove_all(obj: Any, paths: set[Path]) -> None:
    """Remove list items first (a field of an item may be what finds the item), then the
    fields outside the items removed."""
    items = sorted((p for p in paths if p[-1] == ITEM), key=len)
    for path in items:
        _remove(obj, path)
    gone = {p[:-1] for p in items}
    for path in sorted(p for p in paths if p[-1] != ITEM):
        if not any(path[:i] in gone for i in range(1, len(path))):
            _remove(obj, path)


def _merge(live: Any, applied: Any, schema: Schema | None) -> Any:
    """The applied configuration merged into the live value, as the schema says."""
    resolved = api_schema.resolve(schema) if schema else {}
    if isinstance(live, dict) and isinstance(applied, dict) and not _atomic_map(schema, resolved):
        merged = dict(live)
        for key, value in applied.items():
            merged[key] = _merge(live.get(key), value, api_schema.child(resolved, key))
        return merged
    if isinstance(live, list) and isinstance(applied, list) and schema:
        keys = _list_keys(schema)
        if keys:
            return _merge_keyed(live, applied, keys, api_schema.items(schema))
        if _list_type(schema) == "set":
            return live + [v for v in applied if v not in live]
    return copy.deepcopy(applied)


def _merge_keyed(
    live: list[Any], applied: list[Any], keys: list[str], items: Schema | None
) -> list[Any]:
    merged = list(live)
    for item in applied:
        wanted = _key_values(item, keys, items)
        index = next(
            (i for i, m in enumerate(merged) if isinstance(m, dict) and _matches(m, wanted)), None
        )
        if index is None:
            merged.append(copy.deepcopy(item))
        else:
            merged[index] = _merge(merged[index], item, items)
    return merged


# -- managed fields --------------------------------------------------------------------------


def _entries(obj: Object) -> list[Object]:
    return list(obj.get("metadata", {}).get("managedFields") or [])


def _owned(entry: Object) -> set[Path]:
    return from_fields_v1(entry.get("fieldsV1") or {})


def _entry(
    manager: str, operation: str, api_version: str, now: str, paths: set[Path], sub: str
) -> Object:
    """A managedFields entry; `now` is "" for the placeholder, which has no time."""
    entry: Object = {"manager": manager, "operation": operation, "apiVersion": api_version}
    if now:
        entry["time"] = now
    entry.update(fieldsType=FIELDS_V1, fieldsV1=to_fields_v1(paths))
    if sub:
        entry["subresource"] = sub
    return entry


def _same(entry: Object, manager: str, operation: str, sub: str) -> bool:
    return (entry.get("manager"), entry.get("operation"), entry.get("subresource", "")) == (
        manager,
        operation,
        sub,
    )


def _tracked(paths: set[Path], sub: str) -> set[Path]:
    """The paths a request to the main resource or to a subresource may own: the status
    subresource the status, a subresource that serves a part of the spec that part (its
    strategy's reset fields filter), the main resource all but the status."""
    status = {p for p in paths if p[:1] == ("f:status",)}
    kept = status if sub == "status" else paths - status
    part = _SPEC_PARTS.get(sub)
    if part is not None:
        kept = {p for p in kept if part(p)}
    return {p for p in kept if p[:2] not in _IGNORED and p[:1] not in _IGNORED}


def _resized(path: Path) -> bool:
    """A container's or init container's resources or resize policy (podResizeStrategy)."""
    return (
        path[:1] == ("f:spec",)
        and path[1:2] in (("f:containers",), ("f:initContainers",))
        and path[3:4] in (("f:resources",), ("f:resizePolicy",))
    )


_SPEC_PARTS: dict[str, Callable[[Path], bool]] = {
    "ephemeralcontainers": lambda path: path[:2] == ("f:spec", "f:ephemeralContainers"),
    "resize": _resized,
}


def _store(obj: Object, entries: list[Object]) -> None:
    kept = [e for e in entries if e.get("fieldsV1")]
    if kept:
        obj["metadata"]["managedFields"] = kept
    else:
        obj["metadata"].pop("managedFields", None)


def update(old: Object | None, new: Object, manager: str, now: str, sub: str = "") -> None:
    """An Update by `manager`: the fields it changed are its own, and no one else's. Without
    a manager (the cluster's own components) the owners stay as they were."""
    if not manager:
        if old is not None and not new["metadata"].get("managedFields"):
            _store(new, copy.deepcopy(_entries(old)))
        return
    entries = _live_or_new(old, new, sub)
    kind_schema = api_schema.kind_schema(new.get("apiVersion", ""), new.get("kind", ""))
    before = fields_of(old, kind_schema, members=True) if old else set()
    after = fields_of(new, kind_schema, members=True)
    changed = _tracked({p for p in after if p not in before or _changed(old, new, p)}, sub)
    gone = before - after
    if changed or gone:
        for entry in entries:
            entry["fieldsV1"] = to_fields_v1(_owned(entry) - changed - gone)
        mine = next((e for e in entries if _same(e, manager, UPDATE, sub)), None)
        owned = (_owned(mine) if mine else set()) | changed
        if mine is not None:
            entries.remove(mine)
        if owned:
            entries.append(_entry(manager, UPDATE, new.get("apiVersion", ""), now, owned, sub))
    _store(new, entries)


def _live_or_new(old: Object | None, new: Object, sub: str) -> list[Object]:
    """decodeLiveOrNew: the managedFields a write to the main resource sets (`[]` or `[{}]`
    resets them), else the live object's; a subresource cannot set them."""
    live = copy.deepcopy(_entries(old)) if old else []
    requested = new["metadata"].get("managedFields")
    if sub or requested is None:
        return live
    if requested in ([], [{}]):
        return []
    if not all(_decodable(e) for e in requested):
        return live
    return copy.deepcopy(requested)


def _decodable(entry: Any) -> bool:
    """DecodeManagedFields accepts the entry: operation, apiVersion and fieldsType set."""
    return (
        isinstance(entry, dict)
        and entry.get("operation") in (APPLY, UPDATE)
        and bool(entry.get("apiVersion"))
        and entry.get("fieldsType") == FIELDS_V1
        and isinstance(entry.get("fieldsV1") or {}, dict)
    )


def _changed(old: Object | None, new: Object, path: Path) -> bool:
    """A value changed; a member (`.`) only changes by coming or going."""
    return path[-1] != ITEM and value_at(old, path) != value_at(new, path)


def apply(live: Object, applied: Object, manager: str, force: bool, now: str) -> Object:
    """The live object with `manager`'s applied configuration; raises 409 on conflicts."""
    api_version, kind = applied.get("apiVersion", ""), applied.get("kind", "")
    kind_schema = api_schema.kind_schema(api_version, kind)
    undeclared = list(_undeclared(applied, kind_schema))
    wrong = gotypes.unmarshal_error(applied)
    problems = [f"{_dotted(p)}: field not declared in schema" for p in undeclared]
    if wrong and not problems:
        problems = [wrong]
    if problems:
        raise _typed_patch_error(applied, problems)
    wanted = _tracked(fields_of(applied, kind_schema), "")
    entries = copy.deepcopy(_entries(live)) or _before_first_apply(live, kind_schema)
    mine = next((e for e in entries if _same(e, manager, APPLY, "")), None)
    conflicts = _conflicts(live, applied, wanted, [e for e in entries if e is not mine])
    if conflicts and not force:
        raise _conflict_error(conflicts)
    result = copy.deepcopy(live)
    others = set().union(*(_owned(e) for e in entries if e is not mine))
    _remove_all(result, (_owned(mine) if mine else set()) - wanted - others)
    result = _merge(result, applied, kind_schema)
    for entry in entries:
        if entry is not mine:
            entry["fieldsV1"] = to_fields_v1(_owned(entry) - {p for _, p in conflicts})
    entries = [e for e in entries if e is not mine]
    entries.append(_entry(manager, APPLY, api_version, now, wanted, ""))
    _store(result, entries)
    return result


def _undeclared(value: Any, schema: Schema | None, prefix: Path = ()) -> Iterator[Path]:
    """The paths of fields the schema does not declare, as structured-merge-diff names them."""
    resolved = api_schema.resolve(schema) if schema else {}
    if isinstance(value, dict) and ("properties" in resolved or "additionalProperties" in resolved):
        for key, item in value.items():
            child = api_schema.child(resolved, key)
            if child is None:
                yield (*prefix, f"f:{key}")
            else:
                yield from _undeclared(item, child, (*prefix, f"f:{key}"))
    elif isinstance(value, list) and schema:
        keys, items = _list_keys(schema), api_schema.items(schema)
        for i, item in enumerate(value):
            keyed = keys and isinstance(item, dict)
            element = _item_key(item, keys, items) if keyed else f"i:{i}"
            yield from _undeclared(item, items, (*prefix, element))


def _typed_patch_error(applied: Object, problems: list[str]) -> errors.StatusError:
    """The applied configuration does not fit its kind's schema."""
    api_version, kind = applied.get("apiVersion", ""), applied.get("kind", "")
    meta = applied.get("metadata") or {}
    group, _, version = api_version.rpartition("/")
    detail = (
        problems[0] if len(problems) == 1 else "\n".join(["errors:", *(f"  {p}" for p in problems)])
    )
    return errors.bad_request(
        f"failed to create typed patch object ({group}/{version}, Kind={kind}) "
        f"{meta.get('namespace', '')}/{meta.get('name', '')}: {detail}"
    )


def _before_first_apply(live: Object, kind_schema: Schema | None) -> list[Object]:
    """An object nobody's fields were recorded for (made by the cluster's own components):
    its fields belong to the placeholder manager `before-first-apply`."""
    if not live.get("metadata", {}).get("uid"):
        return []  # being created by this apply
    owned = _tracked(fields_of(live, kind_schema, members=True), "")
    return [_entry(BEFORE_FIRST_APPLY, UPDATE, live.get("apiVersion", ""), "", owned, "")]


def _conflicts(
    live: Object, applied: Object, wanted: set[Path], others: list[Object]
) -> list[tuple[Object, Path]]:
    found = []
    for entry in others:
        for path in sorted(_owned(entry) & wanted):
            if path[-1] != ITEM and value_at(live, path) != value_at(applied, path):
                found.append((entry, path))
    return found


def _conflict_error(conflicts: list[tuple[Object, Path]]) -> errors.StatusError:
    causes = [
        {
            "reason": "FieldManagerConflict",
            "message": f"conflict with {_manager(e)}",
            "field": _dotted(p),
        }
        for e, p in conflicts
    ]
    if len(conflicts) == 1:
        entry, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {_manager(entry)}: {_dotted(path)}"
    else:
        lines: list[str] = []
        for manager in sorted({_manager(e) for e, _ in conflicts}):
            lines.append(f"conflicts with {manager}:")
            lines.extend(f"- {_dotted(p)}" for e, p in conflicts if _manager(e) == manager)
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    return errors.StatusError(409, "Conflict", message, {"causes": causes})


def _manager(entry: Object) -> str:
    """printManager: the name quoted, and for an Update its apiVersion and time."""
    text = json.dumps(entry.get("manager", ""))
    if entry.get("subresource"):
        text += f' with subresource "{entry["subresource"]}"'
    if entry.get("operation") == UPDATE:
        text += f" using {entry.get('apiVersion', '')}"
        if entry.get("time"):
            text += f" at {entry['time']}"
    return text


def _dotted(path: Path) -> str:
    """fieldpath.Path.String(): .spec.containers[name="web"].image"""
    text = ""
    for key in path:
        if key.startswith("f:"):
            text += "." + key[2:]
        elif key.startswith("k:"):
            pairs = json.loads(key[2:])
            text += "[" + ",".join(f"{k}={json.dumps(v)}" for k, v in pairs.items()) + "]"
        elif key.startswith("v:"):
            text += f"[={key[2:]}]"
        elif key.startswith("i:"):
            text += f"[{key[2:]}]"
    return text
