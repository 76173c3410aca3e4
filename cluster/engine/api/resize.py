"""In-place resize (`kubectl patch --subresource resize`): through the pod's `resize`
subresource a pod's containers, init containers included, and the pod as a whole change the cpu
and memory they ask for and are limited to, and nothing else; never so that the pod's QoS class
changes, nor its containers' resources go away (podResizeStrategy in pkg/registry/core/pod,
ValidatePodResize in pkg/apis/core/validation).

What a resize sends besides is dropped, as a status update drops what is not status: a new
label or image comes to nothing, without a word.
"""

from __future__ import annotations

from typing import Any

from cluster.engine.api import meta, qos, quantity, validation
from cluster.engine.api.field import FieldError, forbidden, invalid
from cluster.engine.api.meta import Object

CONTAINER_LISTS = ("containers", "initContainers")
RESIZE_FIELDS = ("resources", "resizePolicy")  # what a resize takes of each container
SECTIONS = ("limits", "requests")
CPU_MEMORY = ("cpu", "memory")
SIDECAR = "Always"  # an init container with this restartPolicy is a sidecar
RESTART_CONTAINER = "RestartContainer"

QOS_CHANGED = "Pod QOS Class may not change as a result of resizing"
NO_NODE_SUPPORT = "Pod running on node without support for resize"
NODE_ALLOCATABLE_CLAIMS = "pods with node allocatable resource claims cannot be resized"
ONLY_CPU_MEMORY = "only cpu and memory resources are mutable"
ONLY_CPU_MEMORY_AT_POD_LEVEL = "only cpu and memory resources are mutable at pod-level"
ONLY_CPU_MEMORY_FOR_INIT = (
    "only cpu and memory resources for init or sidecar containers are mutable"
)
NO_RESTART_FOR_INIT = (
    "non-sidecar init containers with a resize policy of RestartContainer cannot be resized"
)


def prepare_for_update(new: Object, old: Object) -> None:
    """dropNonResizeUpdates: the stored pod with the new containers' resources and resize
    policies and the new pod-level resources. A request that adds or removes containers is
    left as it came, and one that renames or reorders them keeps that list as it came: either
    way validation refuses it."""
    new_spec, old_spec = new.get("spec") or {}, old["spec"]
    if any(len(new_spec.get(k) or []) != len(old_spec.get(k) or []) for k in CONTAINER_LISTS):
        return
    spec = dict(old_spec)
    for key in CONTAINER_LISTS:
        if old_spec.get(key):
            spec[key] = _take_resizes(new_spec[key], old_spec[key])
    spec.pop("resources", None)
    if "resources" in new_spec:
        spec["resources"] = new_spec["resources"]
    metadata = new["metadata"]
    meta.reset_for_status(metadata, old["metadata"])
    new.clear()
    new.update(old, metadata=metadata, spec=spec)


def _take_resizes(new: list[Object], old: list[Object]) -> list[Object]:
    """dropNonResizeUpdatesForContainers: each stored container with the new one's resources
    and resize policy."""
    if any(n.get("name") != o.get("name") for n, o in zip(new, old, strict=True)):
        return new
    taken = []
    for container, stored in zip(new, old, strict=True):
        merged = {k: v for k, v in stored.items() if k not in RESIZE_FIELDS or k in container}
        merged.update((k, container[k]) for k in RESIZE_FIELDS if k in container)
        taken.append(merged)
    return taken


def validate_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePodResize: the pod is valid, it may be resized, and only cpu and memory of its
    containers and of the pod as a whole changed."""
    errors = validation.validate_object_meta_update(new, old)
    errors += _pod_spec(new, old)
    refusal = _not_resizable(old)
    if refusal is not None:
        return [refusal]
    errors += _pod(new, old)
    new_spec, old_spec = new["spec"], old["spec"]
    order = _ordering(new_spec, old_spec)
    if order:
        return errors + order
    errors += _removals(new_spec, old_spec)
    errors += _containers(new_spec, old_spec)
    if errors:
        return errors
    # the whole spec, masked, against the stored one: by now only pod-level resources that
    # neither pod really has can differ
    if not _same_requirements(_pod_level(new_spec, old_spec), old_spec.get("resources")):
        return [forbidden("spec", ONLY_CPU_MEMORY)]
    return []


def _pod_spec(new: Object, old: Object) -> list[FieldError]:
    """validatePodMetadataAndSpec, with the options the old pod gives: a pod created before
    1.36 may keep a RestartContainer resize policy on an init container that runs to
    completion (AllowExistingRestartContainerForNonSidecarInitContainer)."""

    def restarts_init_to_resize(error: FieldError) -> bool:
        return error.message.endswith(validation.INIT_RESTART_TO_RESIZE)

    existing = {
        e.field for e in validation.validate("Pod", old, True) if restarts_init_to_resize(e)
    }
    return [
        e
        for e in validation.validate("Pod", new, True)
        if not (restarts_init_to_resize(e) and e.field in existing)
    ]


def _not_resizable(old: Object) -> FieldError | None:
    """Static pods and Windows pods are never resized: that is all a resize of one is told."""
    if meta.MIRROR_POD_ANNOTATION in (old["metadata"].get("annotations") or {}):
        return forbidden("", "static pods cannot be resized")
    if (old["spec"].get("os") or {}).get("name") == "windows":
        return forbidden("", "windows pods cannot be resized")
    return None


def _pod(new: Object, old: Object) -> list[FieldError]:
    """What the pod as a whole may not do: change its QoS class, be resized on a node that
    cannot, lose or change other than cpu and memory of its pod-level resources, or hold
    node-allocatable resource claims."""
    errors = []
    if qos.get_pod_qos(old) != qos.compute_pod_qos(new):
        errors.append(invalid("spec", (new.get("status") or {}).get("qosClass", ""), QOS_CHANGED))
    if not _resize_supported(old):
        errors.append(forbidden("spec", NO_NODE_SUPPORT))
    new_level, old_level = new["spec"].get("resources"), old["spec"].get("resources")
    if _pod_level_set(new_level) or _pod_level_set(old_level):
        errors += _pod_level_resize(new_level, old_level)
    if (old.get("status") or {}).get("nodeAllocatableResourceClaimStatuses"):
        errors.append(forbidden("spec", NODE_ALLOCATABLE_CLAIMS))
    return errors


def _resize_supported(old: Object) -> bool:
    """isPodResizeRequestSupported: a node that can resize reports the resources of the
    containers it runs; with none running yet, there is no telling, so it can."""
    for status in (old.get("status") or {}).get("containerStatuses") or []:
        if "running" in (status.get("state") or {}):
            return status.get("resources") is not None
    return True


def _pod_level_set(resources: Object | None) -> bool:
    return resources is not None and bool(resources.get("requests") or resources.get("limits"))


def _pod_level_resize(new: Object | None, old: Object | None) -> list[FieldError]:
    """validatePodLevelResourcesResize."""
    if old is not None and new is None:
        return [forbidden("spec.resources", "pod-level resources cannot be removed")]
    errors = []
    if old is not None:
        for section in ("requests", "limits"):
            if _removed(new.get(section), old.get(section)):
                detail = f"pod-level resource {section} cannot be removed"
                errors.append(forbidden(f"spec.resources.{section}", detail))
    if not _same_requirements(_with_old_cpu_memory(new, old), old):
        errors.append(forbidden("spec", ONLY_CPU_MEMORY_AT_POD_LEVEL))
    return errors


def _pod_level(new_spec: Object, old_spec: Object) -> Object | None:
    """The new pod-level resources as the last comparison sees them: with the stored cpu and
    memory when either pod has some."""
    new, old = new_spec.get("resources"), old_spec.get("resources")
    return _with_old_cpu_memory(new, old) if _pod_level_set(new) or _pod_level_set(old) else new


def _with_old_cpu_memory(new: Object | None, old: Object | None) -> Object | None:
    """dropCPUMemoryResourceRequirementsUpdates: pod-level resources with the stored cpu and
    memory; none at all when the pod had none and nothing else is left."""
    if new is None:
        return None
    masked = {**new, **{s: _masked(new.get(s), (old or {}).get(s)) for s in SECTIONS}}
    if old is None and not any(masked.get(k) for k in (*SECTIONS, "claims")):
        return None
    return masked


def _masked(values: Object | None, old: Object | None) -> Object:
    """dropCPUMemoryUpdates: a resource list with the stored cpu and memory."""
    kept = {k: v for k, v in (values or {}).items() if k not in CPU_MEMORY}
    return kept | {k: v for k, v in (old or {}).items() if k in CPU_MEMORY}


def _ordering(new_spec: Object, old_spec: Object) -> list[FieldError]:
    """validatePodResizeContainerOrdering: no container added, removed, renamed or moved."""
    errors = []
    for key in CONTAINER_LISTS:
        new, old = new_spec.get(key) or [], old_spec.get(key) or []
        if len(new) != len(old):
            errors.append(forbidden(f"spec.{key}", f"{key} may not be added or removed on resize"))
            continue
        errors += [
            forbidden(f"spec.{key}[{i}].name", f"{key} may not be renamed or reordered on resize")
            for i, (n, o) in enumerate(zip(new, old, strict=True))
            if n.get("name") != o.get("name")
        ]
    return errors


def _removals(new_spec: Object, old_spec: Object) -> list[FieldError]:
    """validateContainerResize, init containers first: no request nor limit goes away."""
    errors = []
    for key in ("initContainers", "containers"):
        pairs = zip(new_spec.get(key) or [], old_spec.get(key) or [], strict=True)
        for i, (new, old) in enumerate(pairs):
            path = f"spec.{key}[{i}].resources"
            new_res, old_res = new.get("resources") or {}, old.get("resources") or {}
            for section in ("requests", "limits"):
                if _removed(new_res.get(section), old_res.get(section)):
                    detail = f"resource {section} cannot be removed"
                    errors.append(forbidden(f"{path}.{section}", detail))
    return errors


def _removed(values: Object | None, old: Object | None) -> bool:
    """resourcesRemoved: a resource the stored list names is missing."""
    return not set(old or {}) <= set(values or {})


def _containers(new_spec: Object, old_spec: Object) -> list[FieldError]:
    """Containers change only in cpu and memory; so do init containers, and one that is not a
    sidecar may not be resized while a policy restarts it for that."""
    pairs = zip(new_spec.get("containers") or [], old_spec.get("containers") or [], strict=True)
    errors = [forbidden("spec", ONLY_CPU_MEMORY) for n, o in pairs if not _cpu_memory_only(n, o)]
    inits = zip(
        new_spec.get("initContainers") or [], old_spec.get("initContainers") or [], strict=True
    )
    for i, (new, old) in enumerate(inits):
        here = f"spec.initContainers[{i}]"
        if not _cpu_memory_only(new, old):
            errors.append(forbidden(here, ONLY_CPU_MEMORY_FOR_INIT))
        if new.get("restartPolicy") != SIDECAR and not _same_container(new, old):
            errors += [
                forbidden(here, NO_RESTART_FOR_INIT)
                for policy in new.get("resizePolicy") or []
                if policy.get("restartPolicy") == RESTART_CONTAINER
            ]
    return errors


def _cpu_memory_only(new: Object, old: Object) -> bool:
    """dropCPUMemoryResourcesFromContainer, then the comparison with the stored container:
    only cpu and memory changed. The masked resources have no claims, so a container with
    some is never resized."""
    new_res, old_res = new.get("resources") or {}, old.get("resources") or {}
    masked = {s: _masked(new_res.get(s), old_res.get(s)) for s in SECTIONS}
    return _same_requirements(masked, old_res) and _same_policy(new, old)


def _same_container(new: Object, old: Object) -> bool:
    """Only resources and resize policies may differ once prepared: the rest is the stored."""
    same = _same_requirements(new.get("resources") or {}, old.get("resources") or {})
    return same and _same_policy(new, old)


def _same_policy(new: Object, old: Object) -> bool:
    return (new.get("resizePolicy") or []) == (old.get("resizePolicy") or [])


def _same_requirements(a: Object | None, b: Object | None) -> bool:
    """Semantic equality of ResourceRequirements: quantities by value, an empty list as none."""
    if a is None or b is None:
        return a is b
    same_lists = all(_same_list(a.get(s), b.get(s)) for s in SECTIONS)
    return same_lists and (a.get("claims") or []) == (b.get("claims") or [])


def _same_list(a: Object | None, b: Object | None) -> bool:
    a, b = a or {}, b or {}
    return a.keys() == b.keys() and all(_same_quantity(a[k], b[k]) for k in a)


def _same_quantity(a: Any, b: Any) -> bool:
    value = quantity.parsed(a)
    return value == quantity.parsed(b) if value is not None else a == b
