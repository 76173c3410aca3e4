"""Cluster events (framework/events.go): what changed in the cluster, as the scheduling queue
sees it. A plugin registers the events that may undo its rejections; when one happens, only
the pods that plugin rejected are retried, and only if its queueing hint says so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import types

# Resources
NODE = "Node"
POD = "Pod"  # registers for both of the following
ASSIGNED_POD = "AssignedPod"
UNSCHEDULED_POD = "UnscheduledPod"
PERSISTENT_VOLUME = "PersistentVolume"
PERSISTENT_VOLUME_CLAIM = "PersistentVolumeClaim"
STORAGE_CLASS = "storage.k8s.io/StorageClass"
WILDCARD = "*"

# Action types, bits as in fwk.ActionType
ADD = 1 << 0
DELETE = 1 << 1
UPDATE_NODE_ALLOCATABLE = 1 << 2
UPDATE_NODE_LABEL = 1 << 3
UPDATE_NODE_TAINT = 1 << 4  # taints, or spec.unschedulable turning false
UPDATE_NODE_CONDITION = 1 << 5
UPDATE_NODE_ANNOTATION = 1 << 6
UPDATE_POD_LABEL = 1 << 7
UPDATE_POD_TOLERATION = 1 << 8
# updatePodOther: a pod changed in none of the ways above (its status, say); only plugins
# registering a general Pod/Update see it.
UPDATE_POD_OTHER = 1 << 9
UPDATE_POD_SCHEDULING_GATES_ELIMINATED = 1 << 10  # the last scheduling gate was removed
UPDATE_POD_SCALE_DOWN = 1 << 11  # a request went down (an in-place resize)
UPDATE = (
    UPDATE_NODE_ALLOCATABLE
    | UPDATE_NODE_LABEL
    | UPDATE_NODE_TAINT
    | UPDATE_NODE_CONDITION
    | UPDATE_NODE_ANNOTATION
    | UPDATE_POD_LABEL
    | UPDATE_POD_TOLERATION
    | UPDATE_POD_OTHER
    | UPDATE_POD_SCHEDULING_GATES_ELIMINATED
    | UPDATE_POD_SCALE_DOWN
)
ALL = ADD | DELETE | UPDATE

_UPDATE_NODE_BITS = (
    UPDATE_NODE_ALLOCATABLE,
    UPDATE_NODE_LABEL,
    UPDATE_NODE_TAINT,
    UPDATE_NODE_CONDITION,
    UPDATE_NODE_ANNOTATION,
)


@dataclass(frozen=True, slots=True)
class ClusterEvent:
    resource: str
    action: int

    def match(self, incoming: ClusterEvent) -> bool:
        """Does this registered event cover the incoming one?"""
        if self.resource == WILDCARD:
            return True
        resource_matches = self.resource == incoming.resource or (
            self.resource == POD and incoming.resource in (ASSIGNED_POD, UNSCHEDULED_POD)
        )
        return resource_matches and bool(self.action & incoming.action)


NODE_ADD = ClusterEvent(NODE, ADD)
NODE_DELETE = ClusterEvent(NODE, DELETE)
ASSIGNED_POD_ADD = ClusterEvent(ASSIGNED_POD, ADD)
ASSIGNED_POD_DELETE = ClusterEvent(ASSIGNED_POD, DELETE)
UNSCHEDULABLE_TIMEOUT = ClusterEvent(WILDCARD, ALL)  # a pod parked for too long
NODE_ADD_OR_TAINT_CHANGE = ClusterEvent(NODE, ADD | UPDATE_NODE_TAINT)
POD_TOLERATION_CHANGE = ClusterEvent(POD, UPDATE_POD_TOLERATION)


def node_changes(new: Object, old: Object) -> list[ClusterEvent]:
    """NodeSchedulingPropertiesChange: the update events a node change amounts to."""
    action = 0
    new_spec, old_spec = new.get("spec") or {}, old.get("spec") or {}
    if old_spec.get("unschedulable") and not new_spec.get("unschedulable"):
        action |= UPDATE_NODE_TAINT
    if _allocatable(new) != _allocatable(old):
        action |= UPDATE_NODE_ALLOCATABLE
    if _meta(new, "labels") != _meta(old, "labels"):
        action |= UPDATE_NODE_LABEL
    if (new_spec.get("taints") or []) != (old_spec.get("taints") or []):
        action |= UPDATE_NODE_TAINT
    if _conditions(new) != _conditions(old):
        action |= UPDATE_NODE_CONDITION
    if _meta(new, "annotations") != _meta(old, "annotations"):
        action |= UPDATE_NODE_ANNOTATION
    return [ClusterEvent(NODE, bit) for bit in _UPDATE_NODE_BITS if action & bit]


def pod_changes(new: Object, old: Object) -> list[ClusterEvent]:
    """PodSchedulingPropertiesChange: label updates, requests scaled down, the last
    scheduling gate removed, toleration updates; else updatePodOther."""
    new_spec, old_spec = new.get("spec") or {}, old.get("spec") or {}
    resource = ASSIGNED_POD if new_spec.get("nodeName") else UNSCHEDULED_POD
    events = []
    if _meta(new, "labels") != _meta(old, "labels"):
        events.append(ClusterEvent(resource, UPDATE_POD_LABEL))
    if _scaled_down(new, old):
        events.append(ClusterEvent(resource, UPDATE_POD_SCALE_DOWN))
    if old_spec.get("schedulingGates") and not new_spec.get("schedulingGates"):
        events.append(ClusterEvent(resource, UPDATE_POD_SCHEDULING_GATES_ELIMINATED))
    if new_spec.get("tolerations") != old_spec.get("tolerations"):
        events.append(ClusterEvent(resource, UPDATE_POD_TOLERATION))
    return events or [ClusterEvent(resource, UPDATE_POD_OTHER)]


def _scaled_down(new: Object, old: Object) -> bool:
    """extractPodScaleDown: a request went down or away. Only a resize changes requests, and
    a resize moves the generation: a pod still at its first has nothing to compare."""
    if max(_generation(new), _generation(old)) <= 1:
        return False
    before, after = types.pod_requests(old), types.pod_requests(new)
    return any(after.get(name, 0) < value for name, value in before.items())


def _generation(pod: Object) -> int:
    return (pod.get("metadata") or {}).get("generation") or 1


def _meta(obj: Object, field: str) -> dict[str, Any]:
    return (obj.get("metadata") or {}).get(field) or {}


def _allocatable(node: Object) -> Any:
    return (node.get("status") or {}).get("allocatable")


def _conditions(node: Object) -> dict[str, str]:
    """Condition statuses only: heartbeat times change all the time and mean nothing here."""
    conditions = (node.get("status") or {}).get("conditions") or []
    return {c.get("type", ""): c.get("status", "") for c in conditions}
