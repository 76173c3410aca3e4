"""kubectl auth can-i|whoami|reconcile: ask kube-apiserver what you may do and who you are,
and reconcile RBAC roles and bindings."""

from __future__ import annotations

from cluster.kubectl.cmd import groups
from cluster.kubectl.cmd.auth import cani, reconcile, whoami
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {"can-i": cani, "reconcile": reconcile, "whoami": whoami}


def run(ctx: Context, opts: Parsed) -> None:
    groups.run_alone(opts, "auth")
