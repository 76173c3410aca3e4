"""Ephemeral containers (`kubectl debug`): they come only through the pod's
`ephemeralcontainers` subresource, which changes nothing else of the pod; once added, one is
never changed nor removed (validateEphemeralContainers and ValidatePodEphemeralContainersUpdate
in pkg/apis/core/validation)."""

from __future__ import annotations

from cluster.engine.api import meta, validation
from cluster.engine.api.field import FieldError, duplicate, forbidden, not_found
from cluster.engine.api.meta import Object

PATH = "spec.ephemeralContainers"
NOT_FOR_EPHEMERAL = "cannot be set for an Ephemeral Container"
# what ephemeral containers may not have (allowedEphemeralContainerFields leaves them out), in
# the order of the Container struct
FORBIDDEN_FIELDS = (
    "ports",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
)


def validate_create(pod: Object) -> list[FieldError]:
    """ValidatePodCreate: a new pod has none."""
    if (pod.get("spec") or {}).get("ephemeralContainers"):
        return [forbidden(PATH, "cannot be set on create")]
    return []


def prepare_for_update(new: Object, old: Object) -> None:
    """dropNonEphemeralContainerUpdates: the old pod with the new ephemeral containers and
    metadata (but what ResetObjectMetaForStatus keeps)."""
    metadata, added = new["metadata"], (new.get("spec") or {}).get("ephemeralContainers")
    meta.reset_for_status(metadata, old["metadata"])
    new.clear()
    new.update(old, metadata=metadata, spec={**old["spec"], "ephemeralContainers": added})
    if not added:
        del new["spec"]["ephemeralContainers"]


def validate_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePodEphemeralContainersUpdate."""
    errors = validation.validate_object_meta_update(new, old)
    errors += _containers(new["spec"])
    wanted = {c.get("name"): c for c in new["spec"].get("ephemeralContainers") or []}
    for existing in old["spec"].get("ephemeralContainers") or []:
        name = existing["name"]
        if name not in wanted:
            errors.append(
                forbidden(PATH, f'existing ephemeral containers "{name}" may not be removed\n')
            )
        elif wanted[name] != existing:
            errors.append(
                forbidden(
                    f"{PATH}[{name}]",
                    f'existing ephemeral containers "{name}" may not be changed\n',
                )
            )
    return errors


def _containers(spec: Object) -> list[FieldError]:
    """validateEphemeralContainers: each one a container with a name no other has, which
    targets a container of the pod and has none of the fields it may not."""
    others = {c["name"] for key in ("initContainers", "containers") for c in spec.get(key) or []}
    volumes = {v.get("name", "") for v in spec.get("volumes") or []}
    names = set(others)
    errors: list[FieldError] = []
    for i, container in enumerate(spec.get("ephemeralContainers") or []):
        here, name = f"{PATH}[{i}]", container.get("name", "")
        errors += validation.validate_container(container, volumes, here)
        if name in names:
            errors.append(duplicate(f"{here}.name", name))
        names.add(name)
        target = container.get("targetContainerName", "")
        if target and target not in others:
            errors.append(not_found(f"{here}.targetContainerName", target))
        errors += [
            forbidden(f"{here}.{key}", NOT_FOR_EPHEMERAL)
            for key in FORBIDDEN_FIELDS
            if container.get(key)
        ]
        for j, mount in enumerate(container.get("volumeMounts") or []):
            for key in ("subPath", "subPathExpr"):
                if mount.get(key):
                    errors.append(forbidden(f"{here}.volumeMounts[{j}].{key}", NOT_FOR_EPHEMERAL))
    return errors
