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
    """Every key and value the flags give, files then literals then env files, refusing bad
    or repeated keys."""
    if opts.list("from-env-file") and (opts.list("from-file") or opts.list("from-literal")):
        raise ExitError("error: from-env-file cannot be combined with from-file or from-literal")
    found: dict[str, str] = {}
    for source in opts.list("from-file"):
        key, path = _file_source(source)
        listed = _directory(ctx, path)
        if listed and "=" in source:
            raise ExitError("error: cannot give a key name for a directory path")
        for each, text in listed or [(key, _read(ctx, path))]:
            _add(found, each, text, kind, name)
    for literal in opts.list("from-literal"):
        key, sep, value = literal.partition("=")
        if not sep or not key:
            raise ExitError(f"error: invalid literal source {literal}, expected key=value")
        _add(found, key, value, kind, name)
    for path in opts.list("from-env-file"):
        for key, value in _env_file(_read(ctx, path)):
            _add(found, key, value, kind, name)
    return found


def _file_source(source: str) -> tuple[str, str]:
    """ParseFileSource: `path` (its base name is the key) or `key=path`."""
    separators = source.count("=")
    if separators == 0:
        return source.rstrip("/").rsplit("/", 1)[-1] or "/", source
    key, _, path = source.partition("=")
    if separators > 1:
        raise ExitError("error: key names or file paths cannot contain '='")
    if not key:
        raise ExitError(f"error: key name for file path {path} missing")
    if not path:
        raise ExitError(f"error: file path for key name {key} missing")
    return key, path


def _env_file(text: str) -> list[tuple[str, str]]:
    """AddFromEnvFile: `KEY=value` lines, leading blanks and a first line's BOM dropped,
    blank and `#` lines skipped, each key a variable name; a key alone takes its value from
    the environment, and kubectl here has none."""
    found = []
    for number, line in enumerate(text.removesuffix("\n").split("\n")):
        line = line.removesuffix("\r")
        line = (line.removeprefix("\ufeff") if number == 0 else line).lstrip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        problems = content.env_var_name(key)
        if problems:
            raise ExitError(f'error: "{key}" is not a valid key name: {";".join(problems)}')
        found.append((key, value))
    return found


def _directory(ctx: Context, path: str) -> list[tuple[str, str]]:
    """The files directly in directory `path` of the files given, by name (none: no such
    directory)."""
    if path in ctx.files:
        return []
    prefix = path.rstrip("/") + "/"
    inside = [(p[len(prefix) :], text) for p, text in ctx.files.items() if p.startswith(prefix)]
    return sorted((name, text) for name, text in inside if "/" not in name)


def _read(ctx: Context, path: str) -> str:
    if path in STDIN_PATHS:
        return ctx.stdin
    text = ctx.files.get(path)
    if text is None:
        raise ExitError(f"error: error reading {path}: no such file or directory")
    return text


def _add(found: dict[str, str], key: str, value: str, kind: str, name: str) -> None:
    """validateNewConfigMap and validateNewSecret, each in its own words."""
    problems = content.config_map_key(key)
    if problems and kind == "Secret":
        raise ExitError(f'error: "{key}" is not valid key name for a Secret {";".join(problems)}')
    if problems:
        raise ExitError(
            f'error: "{key}" is not a valid key name for a {kind}: {",".join(problems)}'
        )
    if key in found and kind == "Secret":  # the secret generator's words are shorter
        raise ExitError(f"error: cannot add key {key}, another key by that name already exists")
    if key in found:
        raise ExitError(
            f'error: cannot add key "{key}", another key by that name already exists in Data '
            f'for {kind} "{name}"'
        )
    found[key] = value
