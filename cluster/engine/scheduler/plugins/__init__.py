"""The scheduler's plugins, one per module, found by name in one registry."""

from cluster.engine.scheduler.framework import Plugin
from cluster.engine.scheduler.plugins import (
    nodename,
    noderesources,
    nodeunschedulable,
    tainttoleration,
)

REGISTRY: dict[str, type[Plugin]] = {
    plugin.name: plugin
    for plugin in (
        nodeunschedulable.NodeUnschedulable,
        nodename.NodeName,
        tainttoleration.TaintToleration,
        noderesources.Fit,
        noderesources.BalancedAllocation,
    )
}

# The default profile: filters run in this order; scores are summed with these weights.
DEFAULT_FILTERS = ("NodeUnschedulable", "NodeName", "TaintToleration", "NodeResourcesFit")
DEFAULT_SCORES = {"TaintToleration": 3, "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1}
