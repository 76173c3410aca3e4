"""Go's encoding/json, where its words matter: what its scanner says of a malformed
document."""

from __future__ import annotations

import json

# Python's complaint → what Go's scanner was looking for when it met the character
_CONTEXTS = {
    "Expecting value": "looking for beginning of value",
    "Expecting property name enclosed in double quotes": "looking for beginning of object key string",
    "Expecting ':' delimiter": "after object key",
    "Extra data": "after top-level value",
    "Invalid control character at": "in string literal",
    "Invalid \\escape": "in string escape code",
}


def _quote(char: str) -> str:
    """Go's quoteChar: 'x', with escapes for what is not printable."""
    if char == "'":
        return "'\\''"
    if char == '"':
        return "'\"'"
    return "'" + json.dumps(char)[1:-1] + "'"


def _enclosing(text: str, pos: int) -> str:
    """The innermost bracket still open at `pos` ("{" or "["), strings skipped."""
    stack: list[str] = []
    in_string = escaped = False
    for char in text[:pos]:
        if escaped:
            escaped = False
        elif in_string:
            escaped, in_string = char == "\\", char != '"'
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append(char)
        elif char in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def go_json_error(text: str, error: json.JSONDecodeError) -> str:
    """What Go's encoding/json says of the same malformed document."""
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return "unexpected end of JSON input"
    if error.msg == "Expecting ',' delimiter":
        after = "after object key:value pair" if _enclosing(text, error.pos) == "{" else None
        context = after or "after array element"
    else:
        context = _CONTEXTS.get(error.msg, "looking for beginning of value")
    return f"invalid character {_quote(text[error.pos])} {context}"
