"""kubectl apply view-last-applied: the last-applied-configuration annotations of objects, as
YAML or JSON, one after the other."""

from __future__ import annotations

import json
import re

from cluster.kubectl import builder, printers, threeway
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("output", "o", default="yaml"),
    Flag("all", boolean=True),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("selector", "l"),
)


def run(ctx: Context, opts: Parsed) -> None:
    # a type alone is all its objects only with -n (ResourceTypeOrNameArgs(enforceNamespace))
    every = bool(opts.text("namespace"))
    infos = builder.infos(ctx, opts, opts.args, allow_empty_selector=every)
    found = [_configuration(info) for info in infos]
    output = opts.text("output")
    for text in filter(None, found):
        if output == "json":
            ctx.out.write(indent(text))
        elif output == "yaml":
            ctx.out.write(printers.to_yaml(json.loads(text)))
        else:
            raise ExitError(
                f"error: Unexpected -o output mode: {output}, the flag 'output' must be one of "
                "yaml|json\nSee 'kubectl apply view-last-applied -h' for help and examples"
            )


def _configuration(info: builder.Info) -> str | None:
    """The annotation. An object without one is passed over when named by an argument, and
    ends the command when named by a file, as AddSourceToErr words a nil error there."""
    text = threeway.last_applied(info.obj)
    if text is None and info.source:
        raise ExitError(
            "error: error when no last-applied-configuration annotation found on resource: "
            f'{info.name}\n "{info.source}": <nil>'
        )
    return text


_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def indent(text: str) -> str:
    """encoding/json's Indent with two spaces: the text's own tokens and order, laid out on
    lines; the whitespace after the value kept."""
    out: list[str] = []
    depth, previous = 0, ""
    for token in _TOKENS.findall(text):
        if token in ("}", "]"):
            depth -= 1
            if previous not in ("{", "["):
                out.append("\n" + "  " * depth)
            out.append(token)
        elif token == ",":
            out.append(",\n" + "  " * depth)
        elif token == ":":
            out.append(": ")
        else:
            if previous in ("{", "["):
                out.append("\n" + "  " * depth)
            out.append(token)
            depth += token in ("{", "[")
        previous = token
    return "".join(out) + text[len(text.rstrip()) :]
