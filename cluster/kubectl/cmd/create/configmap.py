"""kubectl create configmap NAME [--from-literal=K=V] [--from-file=[K=]PATH]."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl.cmd.create import sources
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = (*COMMON, *sources.FLAGS)


def run(ctx: Context, opts: Parsed) -> None:
    config_name = name(opts, "create configmap")
    data = sources.pairs(ctx, opts, "ConfigMap", config_name)
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": fresh_meta(config_name)}
    if data:
        config_map["data"] = data
    submit(ctx, opts, resources.BY_NAME["configmaps"], config_map, "failed to create configmap: ")
