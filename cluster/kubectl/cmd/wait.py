"""What the commands that wait share (rollout status, delete): their --timeout, and the
message kubectl ends with when it runs out.

The built-in kubectl answers at once; the dashboard's terminal does the waiting, on the
cluster's watches (visualizer/waiting.py). Timeouts count wall time, as the real kubectl's do:
they are the client's patience, not a time inside the cluster.
"""

from __future__ import annotations

from cluster.kubectl.cmd.create.token import go_duration
from cluster.kubectl.context import ExitError
from cluster.kubectl.flags import Parsed

TIMED_OUT = "error: timed out waiting for the condition"
WEEK = 168 * 3600  # "wait forever" is a week to kubectl


def timeout(opts: Parsed, command: str) -> float:
    """--timeout in seconds, as time.ParseDuration reads it (pflag's error if it cannot)."""
    text = opts.text("timeout", "0s")
    try:
        return go_duration(text) / 10**9
    except ValueError as error:
        raise ExitError(
            f'error: invalid argument "{text}" for "--timeout" flag: {error}\n'
            f"See 'kubectl {command} --help' for usage."
        ) from None
