"""kubectl auth can-i|whoami: ask kube-apiserver what you may do, and who you are."""

from __future__ import annotations

from cluster.kubectl.cmd import groups
from cluster.kubectl.cmd.auth import cani, whoami
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {"can-i": cani, "whoami": whoami}


def run(ctx: Context, opts: Parsed) -> None:
    groups.run_alone(opts, "auth")
