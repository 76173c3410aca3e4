"""kubectl get --sort-by: rows or objects ordered by the first value a JSONPath finds in
each, compared as kubectl's TableSorter and RuntimeSort compare them, with Go's sort.Sort
(not stable: equal values end up where its swaps leave them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cluster.engine.api import quantity
from cluster.kubectl import gosort, jsonpath

_RELAXED = re.compile(r"^\{?(\.?[^{}]+)\}?$")
_MISSING = object()


class SortError(ValueError):
    """The field cannot sort these: it does not parse, or no object has it."""


def relaxed(field: str) -> str:
    """RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` all mean `{.a.b}`."""
    match = _RELAXED.match(field)
    if match is None:
        raise SortError(f"unexpected path string {field}")
    path = match.group(1)
    return "{" + (path if path.startswith(".") else "." + path) + "}"


def sort(items: list[Any], field: str, obj: Callable[[Any], Any] = lambda item: item) -> None:
    """Sort items in place by the field's first value in obj(item)."""
    try:
        template = jsonpath.parse(relaxed(field))
        keys = [_first(template, obj(item)) for item in items]
    except jsonpath.JSONPathError as error:
        raise SortError(str(error)) from None
    if items and all(key is _MISSING for key in keys):
        raise SortError(f"couldn't find any field with path {relaxed(field)!r} in the list")
    pairs = list(zip(keys, items, strict=True))
    gosort.sort(pairs, lambda a, b: _less(a[0], b[0]))
    items[:] = [item for _, item in pairs]


def _first(template: list[Any], obj: Any) -> Any:
    found = jsonpath.results(template, obj)
    return found[0][0] if found and found[0] else _MISSING


def _less(one: Any, other: Any) -> bool:
    """isLess on decoded JSON: numbers by value, strings as quantities when both are, else
    as text; an object without the field first; anything else does not sort."""
    if one is _MISSING:
        return True
    if other is _MISSING:
        return False
    if isinstance(one, str) and isinstance(other, str):
        try:
            return quantity.parse(one) < quantity.parse(other)
        except (ValueError, ArithmeticError):  # not both quantities (nor numbers at all)
            return one < other
    numbers = (int, float)
    if isinstance(one, numbers) and isinstance(other, numbers) and type(one) is type(other):
        return one < other
    return False
