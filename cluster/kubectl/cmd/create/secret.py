"""kubectl create secret generic NAME [--type=TYPE] [--from-literal=K=V] [--from-file=...]."""

from __future__ import annotations

import base64

from cluster.engine.api import resources
from cluster.kubectl.cmd.create import sources
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*COMMON, *sources.FLAGS, Flag("type"))
KINDS = ("generic", "docker-registry", "tls")


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args or opts.args[0] not in KINDS:
        unknown = f'error: unknown command "{opts.args[0]}"\n' if opts.args else ""
        raise ExitError(
            f"{unknown}Create a secret with specified type.\n\nAvailable Commands:\n"
            "  docker-registry   Create a secret for use with a Docker registry\n"
            "  generic           Create a secret from a local file, directory, or literal value\n"
            "  tls               Create a TLS secret\n\n"
            "See 'kubectl create secret -h' for help and examples"
        )
    if opts.args[0] != "generic":
        raise ExitError(f"error: kubectl create secret {opts.args[0]} is not available here")
    opts.args = opts.args[1:]
    secret_name = name(opts, "create secret generic")
    data = sources.pairs(ctx, opts, "Secret", secret_name)
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": fresh_meta(secret_name)}
    if data:
        secret["data"] = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    if opts.text("type"):
        secret["type"] = opts.text("type")
    submit(ctx, opts, resources.BY_NAME["secrets"], secret)
