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
        raise ExitError(
            "error: at least one image update is required\n"
            "See 'kubectl set image -h' for help and examples"
        )
    if not resources and not opts.list("filename"):
        raise ExitError(
            "error: one or more resources must be specified as <resource> <name> or "
            "<resource>/<name>\nSee 'kubectl set image -h' for help and examples"
        )

    def change(obj: Object) -> None:
        spec = common.pod_spec(obj)
        missing = []
        for name, image in images.items():
            found = common.containers(spec, name)
            for container in found:
                container["image"] = image
            if not found:
                missing.append(f'unable to find container named "{name}"')
        if missing:
            raise ValueError(missing[0] if len(missing) == 1 else "[" + ", ".join(missing) + "]")

    common.update(ctx, opts, resources, change, "image updated")
