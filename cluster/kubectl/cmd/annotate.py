"""kubectl annotate TYPE NAME key=value... key-...: set or remove annotations."""

from __future__ import annotations

from cluster.kubectl import keyvalues
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = keyvalues.FLAGS


def run(ctx: Context, opts: Parsed) -> None:
    resources, specs = keyvalues.split(opts.args, "annotate")
    updates: dict[str, str] = {}
    removals: list[str] = []
    for spec in specs:
        if "=" in spec:
            key, _, value = spec.partition("=")
            updates[key] = value
        else:
            removals.append(spec[:-1])
    both = [key for key in removals if key in updates]
    if both:
        raise ExitError(
            "error: can not both modify and remove the following annotation(s) in the same "
            f"command: {', '.join(both)}"
        )
    if opts.flag("list"):
        keyvalues.list_values(ctx, opts, resources, "annotations")
        return
    if not updates and not removals:
        raise ExitError("error: at least one annotation update is required")
    keyvalues.change(ctx, opts, resources, "annotations", updates, removals, "annotated")
