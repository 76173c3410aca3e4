"""kubectl set resources TYPE NAME [-c CONTAINER] --limits=cpu=200m,memory=512Mi
--requests=...: change containers' resource requirements."""

from __future__ import annotations

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*common.FLAGS, Flag("containers", "c", default="*"), Flag("limits"), Flag("requests"))


def run(ctx: Context, opts: Parsed) -> None:
    limits, requests = _requirements(opts.text("limits")), _requirements(opts.text("requests"))
    if not limits and not requests:
        raise ExitError(
            "error: you must specify an update to requests or limits (in the form of --requests/--limits)"
        )
    wanted = opts.text("containers")

    def change(obj: Object) -> None:
        found = common.containers(common.pod_spec(obj), wanted)
        if not found:
            raise common.Refusal(f"error: unable to find container named {wanted}")
        for container in found:
            resources = container.setdefault("resources", {})
            for key, values in (("limits", limits), ("requests", requests)):
                if values:
                    resources[key] = {**(resources.get(key) or {}), **values}

    common.update(ctx, opts, opts.args, change, "resource requirements updated")


def _requirements(text: str) -> dict[str, str]:
    """`cpu=200m,memory=512Mi` as a ResourceList (quantities in their canonical form)."""
    found: dict[str, str] = {}
    for part in filter(None, text.split(",")):
        name, sep, value = part.partition("=")
        if not sep:
            raise ExitError(f"error: invalid argument syntax {part}")
        try:
            found[name] = quantity.canonical(value)
        except quantity.QuantityError as error:
            raise ExitError(f"error: {error}") from None
    return found
