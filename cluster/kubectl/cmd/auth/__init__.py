"""kubectl auth can-i|whoami: ask kube-apiserver what you may do, and who you are."""

from __future__ import annotations

from cluster.kubectl.cmd.auth import cani, whoami
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {"can-i": cani, "whoami": whoami}
USAGE = """Inspect authorization.

Available Commands:
  can-i         Check whether an action is allowed
  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects
  whoami        Experimental: Check self subject attributes
"""


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f'error: unknown command "{opts.args[0]}" for "kubectl auth"\n'
            "See 'kubectl auth -h' for help and examples"
        )
    ctx.out.write(USAGE)
