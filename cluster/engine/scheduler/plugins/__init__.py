"""The scheduler's plugins, one per module, found by name in one registry."""

from cluster.engine.scheduler.framework import Plugin
from cluster.engine.scheduler.plugins import (
    defaultpreemption,
    dynamicresources,
    imagelocality,
    interpodaffinity,
    nodeaffinity,
    nodename,
    nodeports,
    nodeunschedulable,
    podtopologyspread,
    schedulinggates,
    tainttoleration,
    volumebinding,
)
from cluster.engine.scheduler.plugins.noderesources import balanced_allocation, fit

REGISTRY: dict[str, type[Plugin]] = {
    plugin.name: plugin
    for plugin in (
        schedulinggates.SchedulingGates,
        nodeunschedulable.NodeUnschedulable,
        nodename.NodeName,
        tainttoleration.TaintToleration,
        nodeaffinity.NodeAffinity,
        nodeports.NodePorts,
        fit.Fit,
        volumebinding.VolumeBinding,
        podtopologyspread.PodTopologySpread,
        interpodaffinity.InterPodAffinity,
        dynamicresources.DynamicResources,
        defaultpreemption.DefaultPreemption,
        balanced_allocation.BalancedAllocation,
        imagelocality.ImageLocality,
    )
}

# The default profile (apis/config/v1 getDefaultPlugins), in its order, with score weights
# (0 for plugins that don't score). Each extension point runs its plugins in this order.
DEFAULT_PROFILE: tuple[tuple[str, int], ...] = (
    ("SchedulingGates", 0),
    ("NodeUnschedulable", 0),
    ("NodeName", 0),
    ("TaintToleration", 3),
    ("NodeAffinity", 2),
    ("NodePorts", 0),
    ("NodeResourcesFit", 1),
    ("VolumeBinding", 0),  # its Score needs StorageCapacityScoring (alpha, off)
    ("PodTopologySpread", 2),
    ("InterPodAffinity", 2),
    ("DynamicResources", 0),  # before DefaultPreemption, as applyFeatureGates puts it
    ("DefaultPreemption", 0),
    ("NodeResourcesBalancedAllocation", 1),
    ("ImageLocality", 1),
)
