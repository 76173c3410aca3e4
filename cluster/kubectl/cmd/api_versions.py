"""kubectl api-versions: every group/version the server serves, one a line, sorted."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = ()


def run(ctx: Context, opts: Parsed) -> None:
    versions = sorted({r.api_version for r in resources.all_resources()})
    ctx.out.write("".join(f"{version}\n" for version in versions))
