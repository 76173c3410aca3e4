"""kubectl rollout status|history|undo|pause|resume|restart, for Deployments."""

from __future__ import annotations

from cluster.kubectl.cmd.rollout import history, pause, restart, status, undo
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {
    "status": status,
    "history": history,
    "undo": undo,
    "pause": pause.PAUSE,
    "resume": pause.RESUME,
    "restart": restart,
}
USAGE = """Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout
"""


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f"error: unknown command \"{opts.args[0]}\"\nSee 'kubectl rollout -h' for help and examples"
        )
    ctx.out.write(USAGE)
