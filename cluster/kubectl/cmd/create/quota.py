"""kubectl create quota NAME [--hard=RESOURCE=QUANTITY,...] [--scopes=SCOPE,...]."""

from __future__ import annotations

from cluster.engine.api import quantity, resources
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*COMMON, Flag("hard"), Flag("scopes"))


def run(ctx: Context, opts: Parsed) -> None:
    quota_name = name(opts, "create quota")
    spec: Object = {}
    hard = _hard(opts.text("hard"))
    if hard:
        spec["hard"] = hard
    scopes = _scopes(opts.text("scopes"))
    if scopes:
        spec["scopes"] = scopes
    quota: Object = {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": fresh_meta(quota_name),
        "spec": spec,
    }
    submit(ctx, opts, resources.BY_NAME["resourcequotas"], quota, "failed to create quota: ")


def _hard(text: str) -> dict[str, str]:
    """populateResourceListV1: `resource=quantity` pairs, each quantity in canonical form."""
    found: dict[str, str] = {}
    for statement in text.split(",") if text else []:
        parts = statement.split("=")
        if len(parts) != 2:
            raise ExitError(
                f"error: Invalid argument syntax {statement}, expected <resource>=<value>"
            )
        try:
            found[parts[0]] = quantity.canonical(parts[1])
        except quantity.QuantityError as error:
            raise ExitError(f"error: {error}") from None
    return found


def _scopes(text: str) -> list[str]:
    scopes = text.split(",") if text else []
    if "" in scopes:
        raise ExitError('error: invalid resource quota scope ""')
    return scopes
