"""The PodResizeValidator admission plugin (plugin/pkg/admission/podresize): a resize of a
pod bound to a node is refused at once when that node could never give it what it asks for,
rather than left pending on the node as infeasible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api import quantity
from cluster.engine.api.field import go_quote
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.scheduler.types import pod_requests

if TYPE_CHECKING:
    from cluster.engine.apiserver.admission import Attributes, Store

OS_LABEL = "kubernetes.io/os"
LINUX = "linux"
# the causes the refusals carry, by which a client tells one from the other
NODE_CAPACITY = "NodeCapacity"
UNSUPPORTED_PLATFORM = "UnsupportedPlatform"


def validate(attrs: Attributes, store: Store) -> bool:
    """Validate: only a resize that changed the spec of a pod on a node is checked."""
    if (attrs.resource.name, attrs.subresource, attrs.operation) != ("pods", "resize", "UPDATE"):
        return False
    pod, old = attrs.obj or {}, attrs.old or {}
    node_name = pod["spec"].get("nodeName")
    if not node_name:
        return False
    if old["metadata"].get("generation") == pod["metadata"].get("generation"):
        return False  # the generation moves with the spec only
    node = store.lookup("nodes", "", node_name)
    if node is None:
        raise _forbidden(attrs, f"node {go_quote(node_name)} not found")
    os = (node["metadata"].get("labels") or {}).get(OS_LABEL, LINUX)
    if os != LINUX:
        why = f"pod resize is only supported on linux nodes, node {go_quote(node_name)} is {go_quote(os)}"
        raise _forbidden(attrs, why, UNSUPPORTED_PLATFORM)
    short = _shortfalls(pod, (node.get("status") or {}).get("allocatable") or {})
    if short:
        why = f"node didn't have enough allocatable resources: {'; '.join(short)}"
        raise _forbidden(attrs, why, NODE_CAPACITY)
    return True


def _shortfalls(pod: Object, allocatable: Object) -> list[str]:
    """validateRequestsWithinAllocatable: the pod's cpu (in millicores) and memory (in bytes)
    requests beyond the node's allocatable."""
    requests = pod_requests({"spec": pod["spec"]})  # the spec's alone: PodResourcesOptions{}
    found = []
    cpu, memory = requests.get("cpu", 0), requests.get("memory", 0)
    cpu_allocatable = quantity.milli(allocatable.get("cpu", 0))
    memory_allocatable = quantity.value(allocatable.get("memory", 0))
    if cpu > cpu_allocatable:
        found.append(f"cpu, requested: {cpu}, allocatable: {cpu_allocatable}")
    if memory > memory_allocatable:
        found.append(f"memory, requested: {memory}, allocatable: {memory_allocatable}")
    return found


def _forbidden(attrs: Attributes, reason: str, cause: str = "") -> errors.StatusError:
    """admission.NewForbidden, with the cause resizeValidationError adds."""
    error = errors.forbidden_reason(attrs.resource, attrs.display_name(), reason)
    if cause:
        error.details = {**(error.details or {}), "causes": [{"reason": cause}]}
    return error
