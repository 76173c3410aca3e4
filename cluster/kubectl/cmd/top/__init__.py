"""kubectl top pod|node: CPU and memory from the Metrics API (metrics.k8s.io)."""

from __future__ import annotations

from cluster.kubectl.cmd.top import node, pod
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {"pod": pod, "pods": pod, "po": pod, "node": node, "nodes": node, "no": node}
USAGE = """Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods
"""


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f'error: unknown command "{opts.args[0]}" for "kubectl top"\n'
            "See 'kubectl top -h' for help and examples"
        )
    ctx.out.write(USAGE)
