"""kubectl create serviceaccount NAME."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = COMMON


def run(ctx: Context, opts: Parsed) -> None:
    account = {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": fresh_meta(name(opts, "create serviceaccount")),
    }
    submit(
        ctx,
        opts,
        resources.BY_NAME["serviceaccounts"],
        account,
        "failed to create serviceaccount: ",
    )
