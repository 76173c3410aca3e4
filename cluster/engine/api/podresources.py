"""Pod-level resources (PodLevelResources, beta and on since 1.34): `spec.resources` gives the
cpu and memory (and huge pages) the pod as a whole asks for and is limited to, which its
containers share. Its defaults (defaultPodRequests) and its validation (validatePodResources);
what a pod then asks of a node is in the scheduler's pod_requests.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import quantity
from cluster.engine.api.field import FieldError, forbidden, invalid, not_supported
from cluster.engine.api.meta import Object

HUGE_PAGES = "hugepages-"
SUPPORTED = ("cpu", HUGE_PAGES, "memory")  # SupportedPodLevelResources, as sets.List sorts them
OVERCOMMITTABLE = ("cpu", "memory")  # IsOvercommitAllowed, of the supported ones


def is_supported(name: str) -> bool:
    """IsSupportedPodLevelResource."""
    return name in ("cpu", "memory") or name.startswith(HUGE_PAGES)


def aggregate_container_requests(spec: Object) -> dict[str, str]:
    """AggregateContainerRequests: the containers' (and sidecars') requests summed, each
    init container's (with the sidecars started before it) a floor, as quantities in the
    format Quantity.Add keeps (the first operand's)."""
    total: dict[str, str] = {}
    sidecars: dict[str, str] = {}
    floor: dict[str, str] = {}
    for container in spec.get("containers") or ():
        _add(total, _requests(container))
    for container in spec.get("initContainers") or ():
        requests = _requests(container)
        if container.get("restartPolicy") == "Always":
            _add(total, requests)
            _add(sidecars, requests)
            wanted = dict(sidecars)
        else:
            wanted = dict(requests)
            _add(wanted, sidecars)
        _max(floor, wanted)
    _max(total, floor)
    return total


def default_requests(spec: Object) -> None:
    """defaultPodRequests: pod-level limits set and requests not: a request defaults to what
    the containers ask for together (cpu, memory), else to the pod's limit."""
    resources = spec.get("resources")
    if not resources or not resources.get("limits"):
        return
    requests = dict(resources.get("requests") or {})
    for name, value in aggregate_container_requests(spec).items():
        if name in OVERCOMMITTABLE:
            requests.setdefault(name, value)
    for name, value in resources["limits"].items():
        if is_supported(name):
            requests.setdefault(name, value)
    if requests:
        resources["requests"] = requests


def validate(
    spec: Object, path: str, requirements: Callable[[Object, str], list[FieldError]]
) -> list[FieldError]:
    """validatePodResources: none on a Windows pod, no claims, only supported resources,
    valid quantities and requests no more than limits (`requirements` checks those, as for a
    container), and room for the containers' requests and limits."""
    resources = spec.get("resources")
    if resources is None:
        return []
    here = f"{path}.resources"
    if (spec.get("os") or {}).get("name") == "windows":
        return [forbidden(here, "may not be set for a windows pod")]
    errors = []
    if resources.get("claims") is not None:
        errors.append(
            forbidden(f"{here}.claims", "claims may not be set for Resources at pod-level")
        )
    for section in ("limits", "requests"):
        errors += [
            not_supported(f"{here}.{section}[{name}]", name, SUPPORTED)
            for name in resources.get(section) or {}
            if not is_supported(name)
        ]
    errors += requirements(resources, here)
    return errors + _consistency(spec, resources, here)


def _consistency(spec: Object, resources: Object, path: str) -> list[FieldError]:
    """validatePodResourceConsistency: the pod asks for at least what its containers ask for
    together, and no container is limited to more than the pod."""
    errors = []
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    for name, wanted in aggregate_container_requests(spec).items():
        if name in requests and _exceeds(wanted, requests[name]):
            detail = (
                "must be greater than or equal to aggregate container requests of "
                + quantity.canonical(wanted)
            )
            errors.append(
                invalid(f"{path}.requests[{name}]", quantity.canonical(requests[name]), detail)
            )
    for i, container in enumerate(spec.get("containers") or ()):
        for name, limit in ((container.get("resources") or {}).get("limits") or {}).items():
            if name in limits and _exceeds(limit, limits[name]):
                detail = f"must be less than or equal to pod limits of {quantity.canonical(limits[name])}"
                here = f"{path}.containers[{i}][{name}].limits"  # as upstream builds the path
                errors.append(invalid(here, quantity.canonical(limit), detail))
    return errors


def _requests(container: Object) -> dict[str, str]:
    return dict((container.get("resources") or {}).get("requests") or {})


def _add(total: dict[str, str], more: dict[str, str]) -> None:
    """addResourceList (Quantity.Add keeps the first operand's format)."""
    for name, value in more.items():
        if quantity.parsed(value) is None:
            continue
        if name in total:
            added = quantity.parse(total[name]) + quantity.parse(value)
            total[name] = quantity.format_value(added, quantity.format_of(total[name]))
        else:
            total[name] = value


def _max(found: dict[str, str], other: dict[str, str]) -> None:
    """maxResourceList: each resource's larger quantity, as it was written."""
    for name, value in other.items():
        if quantity.parsed(value) is not None and (
            name not in found or _exceeds(value, found[name])
        ):
            found[name] = value


def _exceeds(value: str, bound: str) -> bool:
    """Is `value` more than `bound`? (One that does not parse is validation's to report.)"""
    amount, most = quantity.parsed(value), quantity.parsed(bound)
    return amount is not None and most is not None and amount > most
