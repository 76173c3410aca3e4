"""In-place resize of a pod's containers (InPlacePodVerticalScaling, GA in 1.35), as the
kubelet's allocation manager and runtime manager do it.

A change of a container's resources (through `pods/resize`) is a request: the kubelet
allocates the new resources only if the node has room for them beside the other pods'
allocations (else the resize is Deferred, and retried when pods go, or every three
minutes). Until then the container keeps what it was allocated, even when it restarts.
Once allocated, the next sync applies them to the running containers: in place
(UpdateContainerResources), or by restarting the container when its resizePolicy says
RestartContainer for a resource that changed. The status says where it stands: the
PodResizePending and PodResizeInProgress conditions, each container's allocatedResources and
the resources the runtime applied, and events at each step.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.engine.node.podstate import ContainerRecord, PodWorker

PENDING = "PodResizePending"
IN_PROGRESS = "PodResizeInProgress"
DEFERRED = "Deferred"  # the only reason a kubelet defers with since 1.36 (SetPodResizePending...)
ERROR = "Error"
RETRY_MS = 180_000  # retryDelay: pending resizes are tried again every three minutes
STARTED = "Pod resize started"
COMPLETED = "Pod resize completed"
FAILED = "Pod resize error"
RESTART = "Container {name} resize requires restart"
BELOW_USAGE = (
    'attempting to set container "{name}" memory limit ({limit}) below current usage ({usage})'
)
CONTAINER_KINDS = ("initContainers", "containers")  # the resizable ones (InitContainers: beta)

Values = tuple[int, int, int, int]  # memory limit and request, cpu limit and request


def containers(spec: Object) -> Iterator[Object]:
    for kind in CONTAINER_KINDS:
        yield from spec.get(kind) or ()


def allocated(worker: PodWorker, container: Object) -> Object:
    """The resources the kubelet has allocated to the container."""
    held = worker.allocated
    if held is not None and container["name"] in held:
        return held[container["name"]]
    return container.get("resources") or {}


def allocated_container(worker: PodWorker, container: Object) -> Object:
    """The container as allocated (UpdatePodFromAllocation): its spec, with the resources
    allocated to it while a resize of them waits."""
    held = worker.allocated
    if held is None or container["name"] not in held:
        return container
    return {**container, "resources": held[container["name"]]}


def note_spec(worker: PodWorker, old: Object, new: Object) -> None:
    """The pod's spec changes: the containers whose resources it changes keep the ones
    allocated to them until the kubelet allocates the new ones."""
    wanted = {c["name"]: c.get("resources") or {} for c in containers(new)}
    for container in containers(old):
        resources = container.get("resources") or {}
        if wanted.get(container["name"], resources) != resources:
            if worker.allocated is None:
                worker.allocated = {}
            worker.allocated.setdefault(container["name"], resources)


def requested(worker: PodWorker) -> bool:
    """isResizeRequested: does the spec ask for resources other than those allocated?"""
    if worker.allocated is None:
        return False
    spec = worker.pod["spec"]
    return any(allocated(worker, c) != (c.get("resources") or {}) for c in containers(spec))


def values(resources: Object | None) -> Values:
    """containerResourcesFromRequirements: what the runtime applies of them."""
    limits = (resources or {}).get("limits") or {}
    requests = (resources or {}).get("requests") or {}
    return (
        quantity.value(limits.get("memory") or "0"),
        quantity.value(requests.get("memory") or "0"),
        quantity.milli(limits.get("cpu") or "0"),
        quantity.milli(requests.get("cpu") or "0"),
    )


def running(worker: PodWorker) -> Iterator[tuple[ContainerRecord, Object]]:
    """The running containers that can be resized, each with its container as allocated."""
    for container in containers(worker.pod["spec"]):
        record = worker.containers[container["name"]]
        if record.running and record.current is not None:
            yield record, allocated_container(worker, container)


def unapplied(worker: PodWorker) -> list[tuple[ContainerRecord, Object]]:
    """The running containers not given yet what was allocated to them."""
    return [
        (record, container)
        for record, container in running(worker)
        if record.current is not None
        and values(record.current.resources) != values(container.get("resources"))
    ]


def in_progress(worker: PodWorker) -> bool:
    """isPodResizeInProgress: is a running container's allocation not applied yet?"""
    return bool(unapplied(worker))


def needs_restart(record: ContainerRecord, container: Object) -> bool:
    """Does a resource that changed have the RestartContainer resizePolicy?"""
    assert record.current is not None
    before, after = values(record.current.resources), values(container.get("resources"))
    changed = {
        "memory": before[:2] != after[:2],
        "cpu": before[2:] != after[2:],
    }
    return any(
        changed.get(policy.get("resourceName", ""))
        and policy.get("restartPolicy") == "RestartContainer"
        for policy in container.get("resizePolicy") or ()
    )


def memory_error(updates: list[tuple[ContainerRecord, Object, int]], pod_usage: int) -> str:
    """validateMemoryResizeAction: no memory limit may go below what its container uses now
    (the message gives the whole pod's usage, as the kubelet's does)."""
    errors = []
    for record, container, usage in updates:
        assert record.current is not None
        limit = values(container.get("resources"))[0]
        current = values(record.current.resources)[0]
        if limit and (not current or limit < current) and usage >= limit:
            errors.append(BELOW_USAGE.format(name=record.name, limit=limit, usage=pod_usage))
    if not errors:
        return ""
    joined = errors[0] if len(errors) == 1 else f"[{', '.join(errors)}]"
    return f"cannot decrease memory limits: {joined}"


def condition(
    kind: str, old: Object | None, reason: str, message: str, generation: int, now: str
) -> Object:
    """updatedPodResizeCondition: True, probed now; its transition time kept while its
    reason stays the same."""
    same = old is not None and old.get("reason", "") == reason
    found: Object = {
        "type": kind,
        "observedGeneration": generation,
        "status": "True",
        "lastProbeTime": now,
        "lastTransitionTime": old["lastTransitionTime"] if same and old else now,
    }
    if reason:
        found["reason"] = reason
    if message:
        found["message"] = message
    return found


def message(
    prefix: str, worker: PodWorker, generation: int, error: str = "", asked: bool = False
) -> str:
    """podResizeMessage: the prefix, then each container's resources (as allocated, or as
    `asked` by the spec), as Go's encoding/json writes them."""
    summary: Object = {}
    for kind in CONTAINER_KINDS:
        found = [
            {
                "name": c["name"],
                "resources": _requirements(
                    c.get("resources") or {} if asked else allocated(worker, c)
                ),
            }
            for c in worker.pod["spec"].get(kind) or ()
        ]
        if found:
            summary[kind] = found
    summary["generation"] = generation
    if error:
        summary["error"] = error
    return f"{prefix}: {json.dumps(summary, separators=(',', ':'), ensure_ascii=False)}"


def _requirements(resources: Object) -> Object:
    """v1.ResourceRequirements as encoding/json writes it: its fields in their order, each
    map's keys sorted."""
    found: Object = {}
    for key in ("limits", "requests"):
        if resources.get(key):
            found[key] = dict(sorted(resources[key].items()))
    if resources.get("claims"):
        found["claims"] = resources["claims"]
    return found


def increases_requests(worker: PodWorker) -> bool:
    """isResizeIncreasingRequests: does the resize ask for more cpu or memory?"""
    for container in containers(worker.pod["spec"]):
        wanted, held = values(container.get("resources")), values(allocated(worker, container))
        if wanted[1] > held[1] or wanted[3] > held[3]:
            return True
    return False
