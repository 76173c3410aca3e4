"""kubectl uncordon: mark nodes schedulable again."""

from __future__ import annotations

from cluster.kubectl.cmd import cordon
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = cordon.FLAGS


def run(ctx: Context, opts: Parsed) -> None:
    cordon.cordon(ctx, opts, cordon.select_nodes(ctx, opts, "uncordon NODE"), False)
