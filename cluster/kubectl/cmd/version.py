"""kubectl version: the client's and the server's, as text, YAML or JSON."""

from __future__ import annotations

import json

from cluster.engine.apiserver import version
from cluster.kubectl import printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (Flag("client", boolean=True), Flag("output", "o"))
KUSTOMIZE_VERSION = "v5.8.1"


def run(ctx: Context, opts: Parsed) -> None:
    output = opts.text("output")
    if output not in ("", "yaml", "json"):
        raise ExitError("error: --output must be 'yaml' or 'json'")
    versions: dict[str, object] = {"clientVersion": version.build()}
    versions["kustomizeVersion"] = KUSTOMIZE_VERSION
    if not opts.flag("client"):
        versions["serverVersion"] = version.info()
    if output == "json":  # MarshalIndent of the struct, then a line's end
        ctx.out.write(json.dumps(versions, indent=2) + "\n")
    elif output == "yaml":  # the YAML, then Println's line end
        ctx.out.write(printers.to_yaml(versions) + "\n")
    else:
        ctx.out.write(f"Client Version: {version.build()['gitVersion']}\n")
        ctx.out.write(f"Kustomize Version: {KUSTOMIZE_VERSION}\n")
        if "serverVersion" in versions:
            ctx.out.write(f"Server Version: {version.info()['gitVersion']}\n")
