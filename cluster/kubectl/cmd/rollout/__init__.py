"""kubectl rollout status|history|undo|pause|resume|restart, for Deployments, DaemonSets and
StatefulSets."""

from __future__ import annotations

from cluster.kubectl import helptexts
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


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f"error: unknown command \"{opts.args[0]}\"\nSee 'kubectl rollout -h' for help and examples"
        )
    ctx.out.write(helptexts.ROLLOUT)
    raise ExitError("")
