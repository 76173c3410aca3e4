"""Per-kind rules for writes (pkg/registry/*/strategy.go): what a create resets, what an
update may change, and how the object is validated."""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import defaults, validation
from cluster.engine.api.meta import Object
from cluster.engine.api.validation import FieldError

_POD_MUTABLE = (
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set "
    "to 1 if it was previously negative)"
)


def qos_class(pod: Object) -> str:
    """GetPodQOS: Guaranteed, Burstable or BestEffort from the containers' requests and limits."""
    spec = pod["spec"]
    containers = [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]
    requests: dict[str, str] = {}
    limits: dict[str, str] = {}
    guaranteed = True
    for container in containers:
        resources = container.get("resources") or {}
        req, lim = resources.get("requests") or {}, resources.get("limits") or {}
        requests.update({k: v for k, v in req.items() if k in ("cpu", "memory")})
        limits.update({k: v for k, v in lim.items() if k in ("cpu", "memory")})
        if set(lim) & {"cpu", "memory"} != {"cpu", "memory"}:
            guaranteed = False
        if any(req.get(k, lim.get(k)) != lim.get(k) for k in ("cpu", "memory")):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


def prepare_for_create(kind: str, obj: Object) -> None:
    defaults.BY_KIND.get(kind, lambda _: None)(obj)
    if kind == "Pod":
        obj["metadata"]["generation"] = 1
        obj["status"] = {"phase": "Pending", "qosClass": qos_class(obj)}


def prepare_for_update(kind: str, new: Object, old: Object, subresource: str) -> None:
    """Keep what this endpoint may not change: status on the object, everything else on status."""
    if subresource == "status":
        status = new.get("status", {})
        new.clear()
        new.update(old, status=status)
        return
    defaults.BY_KIND.get(kind, lambda _: None)(new)
    if "status" in old:
        new["status"] = old["status"]
    if kind == "Pod" and new.get("spec") != old.get("spec"):
        new["metadata"]["generation"] = old["metadata"].get("generation", 1) + 1


def _mask_mutable(spec: Object) -> Object:
    masked = {
        **spec,
        "tolerations": None,
        "activeDeadlineSeconds": None,
        "terminationGracePeriodSeconds": None,
    }
    for key in ("containers", "initContainers"):
        masked[key] = [{**c, "image": None} for c in spec.get(key) or []]
    return masked


def validate_pod_update(new: Object, old: Object) -> list[FieldError]:
    errors = validation.validate_pod(new)
    if _mask_mutable(new.get("spec") or {}) != _mask_mutable(old.get("spec") or {}):
        errors.append(
            FieldError("FieldValueForbidden", "spec", _POD_MUTABLE.removeprefix("spec: "))
        )
    return errors


VALIDATE: dict[str, Callable[[Object], list[FieldError]]] = {
    "Pod": validation.validate_pod,
    "Node": validation.validate_node,
    "Namespace": validation.validate_namespace,
}


def validate(kind: str, obj: Object, old: Object | None = None) -> list[FieldError]:
    if kind == "Pod" and old is not None:
        return validate_pod_update(obj, old)
    check = VALIDATE.get(kind)
    return check(obj) if check else validation.validate_object_meta(obj, namespaced=True)
