"""KYAML, as sigs.k8s.io/yaml/kyaml writes it for `-o kyaml`: flow-style YAML with every
value string double-quoted, keys bare where YAML cannot misread them, and a trailing comma
after every item, so that no whitespace carries meaning.

The object goes through JSON first, as kubectl's encoder marshals it, and is read back by a
YAML parser: the caller gives the keys in the order JSON would have them (sorted for objects
from the server, a Go struct's order for the ones kubectl builds), and a string keeps what
that round trip does to it (see `_as_parsed`)."""

from __future__ import annotations

import calendar
import json
import re
from typing import Any

from cluster.kubectl.context import ExitError

INDENT = "  "
FOLD = "\\\n"  # YAML's line folding: an escaped line break, which reads as nothing
_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\x00": "\\0",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# what encoding/json leaves unescaped and YAML refuses to read, and YAML's one line break
# there (NEL), folded with the blanks around it as YAML folds a double-quoted scalar's lines
_UNREADABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")
_NEL_FOLD = re.compile("[ \t]*(\x85[ \t]*)+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SEXAGESIMAL = re.compile(r"[+-]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
# the timestamps go-yaml reads: RFC 3339 with short fields, space-separated, or a date
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|"
    r" (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?"
)
# what strconv.ParseInt (base 0) and strconv.ParseFloat take
_GO_INT = re.compile(r"[+-]?(0[bB][01]+|0[oO][0-7]+|0[0-7]*|0[xX][0-9a-fA-F]+|[1-9][0-9]*)")
_GO_FLOAT = re.compile(
    r"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|"
    r"0x([0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)p[+-]?\d+)|nan",
    re.IGNORECASE,
)
_BOOLS = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}
_WORDS = {"null", "~", "true", "y", "yes", "on", "false", "n", "no", "off"}
_SPECIALS = {".inf", "-.inf", "+.inf", ".nan"}


def document(obj: Any) -> str:
    """One KYAML document: its separator, the object, a line end."""
    return "---\n" + _node(obj, 0) + "\n"


def _node(value: Any, indent: int) -> str:
    if isinstance(value, dict):
        return _mapping(value, indent)
    if isinstance(value, list):
        return _sequence(value, indent)
    if isinstance(value, str):
        return _string(value, indent + 1, lazy=False)
    return json.dumps(value)  # numbers as JSON writes them; true, false, null


def _mapping(value: dict[str, Any], indent: int) -> str:
    if not value:
        return "{}"
    pad = INDENT * (indent + 1)
    items = "".join(
        f"{pad}{_string(key, indent + 1, lazy=True)}: {_node(item, indent + 1)},\n"
        for key, item in value.items()
    )
    return "{\n" + items + INDENT * indent + "}"


def _sequence(value: list[Any], indent: int) -> str:
    if not value:
        return "[]"
    if all(isinstance(item, (dict, list)) for item in value):  # cuddled: [{ ... }, { ... }]
        return "[" + ", ".join(_node(item, indent) for item in value) + "]"
    pad = INDENT * (indent + 1)
    items = "".join(f"{pad}{_node(item, indent + 1)},\n" for item in value)
    return "[\n" + items + INDENT * indent + "]"


def _string(value: str, indent: int, *, lazy: bool) -> str:
    """A key bare where it can be (`lazy`), else a double-quoted string; one with line
    breaks is folded onto lines of its own, except as a key."""
    value = _as_parsed(value)
    multi = "\n" in value
    if lazy and not multi and not needs_quotes(value):
        return value
    newline = "\\n" if lazy else "\\n" + FOLD
    out = ['"', FOLD] if multi and not lazy else ['"']
    for char in value:
        if out[-1].endswith("\n"):
            # a line's leading whitespace would be folded away: escape it, and keep the others
            # aligned with a space YAML drops
            out.append(INDENT * indent + ("\\" if char.isspace() and char != "\n" else " "))
        out.append(_escaped(char, newline))
    if multi and not lazy:
        if not out[-1].endswith("\n"):
            out.append(FOLD)
        out.append(INDENT * indent)
    out.append('"')
    return "".join(out)


def _as_parsed(value: str) -> str:
    """The string as the YAML parser reads it from the JSON text."""
    if _UNREADABLE.search(value):
        raise ExitError("error: error decoding: yaml: control characters are not allowed")
    if "\x85" in value:
        value = _NEL_FOLD.sub(lambda m: "\n" * (m.group().count("\x85") - 1) or " ", value)
    # Go's decoder reads a lone surrogate's escape as the replacement character
    return _SURROGATE.sub("\ufffd", value)


def _escaped(char: str, newline: str) -> str:
    if char in '"\\':
        return "\\" + char
    if char == "\n":
        return newline
    if char.isprintable() or char == "\t":  # a tab stays as it is: YAML reads it so
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def needs_quotes(text: str) -> bool:
    """Whether a key must be quoted: empty, read by YAML as something else than a string, or
    holding more than letters, digits, `_`, and `-`, `.`, `/` inside."""
    if not text or _yaml_guesses_wrong(text):
        return True
    last = len(text) - 1
    return not all(
        char.isalnum() or char == "_" or (0 < i < last and char in "-./")
        for i, char in enumerate(text)
    )


def _yaml_guesses_wrong(text: str) -> bool:
    """Whether YAML would read the text as a null, a bool, a number or a timestamp."""
    lower = text.lower()
    if text in _BOOLS or (len(text) <= 5 and (lower in _WORDS or lower in _SPECIALS)):
        return True
    bare = text.replace("_", "")
    if _GO_INT.fullmatch(bare) or _GO_FLOAT.fullmatch(bare):
        return True
    return bool(_SEXAGESIMAL.fullmatch(text)) or _is_timestamp(text)


def _is_timestamp(text: str) -> bool:
    """Whether time.Parse takes the text in one of go-yaml's layouts: fields in range too."""
    found = _TIMESTAMP.fullmatch(text)
    if found is None:
        return False
    year, month, day, *clock = (int(g) for g in found.groups() if g is not None)
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return False
    return not clock or (clock[0] < 24 and clock[1] < 60 and clock[2] < 60)
