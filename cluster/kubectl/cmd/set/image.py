"""kubectl set image TYPE NAME CONTAINER=IMAGE...: change containers' images."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = common.FLAGS


def run(ctx: Context, opts: Parsed) -> None:
    resources = [a for a in opts.args if "=" not in a]
    images = dict(a.split("=", 1) for a in opts.args if "=" in a)
    if not images:
        raise ExitError("error: at least one image update is required")
    missing: list[str] = []

    def change(obj: Object) -> None:
        spec = common.pod_spec(obj)
        for name, image in images.items():
            found = common.containers(spec, name)
            for container in found:
                container["image"] = image
            if not found:
                missing.append(f'error: unable to find container named "{name}"')

    common.update(ctx, opts, resources, change, "image updated")
    if missing:
        raise ExitError("\n".join(missing))
