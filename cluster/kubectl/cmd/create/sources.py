"""The key=value sources of `create configmap` and `create secret generic`: literals, and
files of the cluster's workspace (or standard input, as /dev/stdin)."""

from __future__ import annotations

from cluster.engine.api import content
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

STDIN_PATHS = ("/dev/stdin",)
FLAGS = (
    Flag("from-literal", repeated=True),
    Flag("from-file", repeated=True),
    Flag("from-env-file", repeated=True),
    Flag("append-hash", boolean=True),
)


def pairs(ctx: Context, opts: Parsed, kind: str, name: str) -> dict[str, str]:
    """Every key and value the flags give, in order, refusing bad or repeated keys."""
    found: dict[str, str] = {}
    for source in opts.list("from-file"):
        key, sep, path = source.partition("=")
        if not sep:
            key, path = source.rsplit("/", 1)[-1], source
        _add(found, key, _read(ctx, path), kind, name)
    for literal in opts.list("from-literal"):
        key, sep, value = literal.partition("=")
        if not sep or not key:
            raise ExitError(f"error: invalid literal source {literal}, expected key=value")
        _add(found, key, value, kind, name)
    for path in opts.list("from-env-file"):
        for line in _read(ctx, path).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                _add(found, key, value, kind, name)
    return found


def _read(ctx: Context, path: str) -> str:
    if path in STDIN_PATHS:
        return ctx.stdin
    text = ctx.files.get(path)
    if text is None:
        raise ExitError(f"error: error reading {path}: no such file or directory")
    return text


def _add(found: dict[str, str], key: str, value: str, kind: str, name: str) -> None:
    problems = content.config_map_key(key)
    if problems:
        raise ExitError(
            f'error: "{key}" is not a valid key name for a {kind}: {";".join(problems)}'
        )
    if key in found and kind == "Secret":  # the secret generator's words are shorter
        raise ExitError(f"error: cannot add key {key}, another key by that name already exists")
    if key in found:
        raise ExitError(
            f'error: cannot add key "{key}", another key by that name already exists in Data '
            f'for {kind} "{name}"'
        )
    found[key] = value
