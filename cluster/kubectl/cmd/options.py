"""kubectl options: the flags every command takes, as kubectl lists them."""

from __future__ import annotations

from cluster.kubectl import helptexts
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = ()


def run(ctx: Context, opts: Parsed) -> None:
    ctx.out.write(helptexts.printed(helptexts.OPTIONS))  # arguments change nothing, as in kubectl
