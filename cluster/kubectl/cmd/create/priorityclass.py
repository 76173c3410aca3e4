"""kubectl create priorityclass NAME --value=VALUE --global-default=BOOL
[--description=TEXT] [--preemption-policy=POLICY]."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl import flags
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *COMMON,
    Flag("value", default="0"),
    Flag("global-default", boolean=True),
    Flag("description", default=""),
    Flag("preemption-policy", default="PreemptLowerPriority"),
)


def run(ctx: Context, opts: Parsed) -> None:
    pc_name = name(opts, "create priorityclass")
    value = flags.integer(opts, "value", "create priorityclass")
    priority_class = {
        "apiVersion": "scheduling.k8s.io/v1",
        "kind": "PriorityClass",
        "metadata": fresh_meta(pc_name),
        "value": value,
        "preemptionPolicy": opts.text("preemption-policy", "PreemptLowerPriority"),
    }
    if opts.flag("global-default"):  # omitempty, as description
        priority_class["globalDefault"] = True
    if opts.text("description"):
        priority_class["description"] = opts.text("description")
    resource = resources.BY_NAME["priorityclasses"]
    submit(ctx, opts, resource, priority_class, "failed to create priorityclass: ")
