"""kubectl create namespace NAME."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = COMMON


def run(ctx: Context, opts: Parsed) -> None:
    namespace = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": fresh_meta(name(opts, "create namespace")),
        "spec": {},
        "status": {},
    }
    submit(ctx, opts, resources.BY_NAME["namespaces"], namespace)
