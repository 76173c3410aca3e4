"""kubectl label TYPE NAME key=value... key-...: set or remove labels."""

from __future__ import annotations

from cluster.engine.api import content
from cluster.kubectl import keyvalues
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = keyvalues.FLAGS


def run(ctx: Context, opts: Parsed) -> None:
    resources, specs = keyvalues.split(opts.args, "label")
    updates: dict[str, str] = {}
    removals: list[str] = []
    for spec in specs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise ExitError(f"error: invalid label spec: {spec}")
            problems = content.label_value(parts[1])
            if problems:
                raise ExitError(f'error: invalid label value: "{spec}": {";".join(problems)}')
            updates[parts[0]] = parts[1]
        else:
            removals.append(spec[:-1])
    if any(key in updates for key in removals):
        raise ExitError("error: can not both modify and remove a label in the same command")
    if opts.flag("list"):
        keyvalues.list_values(ctx, opts, resources, "labels")
        return
    if not updates and not removals:
        raise ExitError("error: at least one label update is required")
    keyvalues.change(ctx, opts, resources, "labels", updates, removals, "")
