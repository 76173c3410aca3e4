"""kubectl top pod|node: CPU and memory from the Metrics API (metrics.k8s.io)."""

from __future__ import annotations

from cluster.kubectl.cmd import groups
from cluster.kubectl.cmd.top import node, pod
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {"pod": pod, "pods": pod, "po": pod, "node": node, "nodes": node, "no": node}


def run(ctx: Context, opts: Parsed) -> None:
    groups.run_alone(opts, "top")
