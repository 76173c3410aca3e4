"""kubectl attach POD: the built-in kubectl answers once and has no terminal to attach; the
dashboard's terminal attaches `kubectl attach -it POD` to the container's shell itself
(visualizer/attach_session.py), as the real kubectl does over the REST API."""

from __future__ import annotations

from cluster.kubectl.cmd import exec as exec_
from cluster.kubectl.cmd.run import NO_TERMINAL
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

# exec's (-c, -i, -t, -q, --pod-running-timeout), and the keys that detach
FLAGS = (*exec_.FLAGS, Flag("detach-keys", default="ctrl-p,ctrl-q"))


def run(ctx: Context, opts: Parsed) -> None:
    if len(opts.args) != 1:
        got = len(opts.args)
        raise ExitError(f"error: expected POD, TYPE/NAME, or TYPE NAME, (1) got {got}")
    raise ExitError(NO_TERMINAL.format("attach attaches"))
