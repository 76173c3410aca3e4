"""kubectl version: the client's and the server's."""

from __future__ import annotations

from cluster.engine.node.kubelet import KUBELET_VERSION
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (Flag("client", boolean=True), Flag("output", "o"))
KUSTOMIZE_VERSION = "v5.8.1"


def run(ctx: Context, opts: Parsed) -> None:
    ctx.out.write(f"Client Version: {KUBELET_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}\n")
    if not opts.flag("client"):
        ctx.out.write(f"Server Version: {KUBELET_VERSION}\n")
