"""The LimitRanger admission plugin (plugin/pkg/admission/limitranger): a namespace's
LimitRanges give its pods default requests and limits, and bound them by min, max and
maxLimitRequestRatio, when they are created and again when they are resized."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from cluster.engine.api import field, quantity
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors

if TYPE_CHECKING:
    from cluster.engine.apiserver.admission import Attributes, Store

ANNOTATION = "kubernetes.io/limit-ranger"


# (subresource, operation) of the pod writes that carry its containers' resources: creates,
# and resizes; no other update changes them
_POD_WRITES = (("", "CREATE"), ("resize", "UPDATE"))


def _applies(attrs: Attributes) -> bool:
    """SupportsAttributes: a pod created or resized, unless it is being deleted."""
    if attrs.resource.name != "pods" or attrs.obj is None:
        return False
    if (attrs.subresource, attrs.operation) not in _POD_WRITES:
        return False
    return not (attrs.old and (attrs.old.get("metadata") or {}).get("deletionTimestamp"))


def admit(attrs: Attributes, store: Store) -> bool:
    """PodMutateLimitFunc, once per LimitRange of the namespace."""
    if not _applies(attrs):
        return False
    ranges = store.objects("limitranges", attrs.namespace)
    for limit_range in ranges:
        _merge_defaults(attrs.obj, _container_defaults(limit_range))
    return bool(ranges)


def validate(attrs: Attributes, store: Store) -> bool:
    """PodValidateLimitFunc: the first LimitRange the pod breaks refuses it."""
    if not _applies(attrs):
        return False
    ranges = store.objects("limitranges", attrs.namespace)
    for limit_range in ranges:
        problems = pod_violations(limit_range, attrs.obj["spec"])
        if problems:
            reason = field.aggregate(problems)
            raise errors.forbidden_reason(attrs.resource, attrs.display_name(), reason)
    return bool(ranges)


def _container_defaults(limit_range: Object) -> tuple[Object, Object]:
    requests: Object = {}
    limits: Object = {}
    for item in (limit_range.get("spec") or {}).get("limits") or []:
        if item.get("type") == "Container":
            requests.update(item.get("defaultRequest") or {})
            limits.update(item.get("default") or {})
    return requests, limits


def _merge_defaults(pod: Object, defaults: tuple[Object, Object]) -> None:
    """mergePodResourceRequirements: fill what is missing and say so in an annotation."""
    notes: list[str] = []
    spec = pod["spec"]
    for key, label in (("containers", "container"), ("initContainers", "init container")):
        for container in spec.get(key) or []:
            notes += _merge_container(container, defaults, label)
    if notes:
        annotations = pod["metadata"].setdefault("annotations", {})
        annotations[ANNOTATION] = "LimitRanger plugin set: " + "; ".join(notes)


def _merge_container(container: Object, defaults: tuple[Object, Object], label: str) -> list[str]:
    resources = container.setdefault("resources", {})
    notes = []
    for section, values, word in (
        ("requests", defaults[0], "request"),
        ("limits", defaults[1], "limit"),
    ):
        current = resources.get(section) or {}
        added = sorted(name for name in values if name not in current)
        if added:
            resources[section] = {**current, **{name: values[name] for name in added}}
            notes.append(f"{', '.join(added)} {word} for {label} {container.get('name', '')}")
    return notes


def pod_violations(limit_range: Object, spec: Object) -> list[str]:
    """Every min, max and ratio the pod's containers (or the pod as a whole) break."""
    problems: list[str] = []
    for item in (limit_range.get("spec") or {}).get("limits") or []:
        kind = item.get("type")
        if kind == "Container":
            for key in ("containers", "initContainers"):
                for container in spec.get(key) or []:
                    resources = container.get("resources") or {}
                    problems += _violations(
                        item, resources.get("requests") or {}, resources.get("limits") or {}
                    )
        elif kind == "Pod":
            problems += _violations(item, *_pod_totals(spec))
    return problems


def _violations(item: Object, requests: Object, limits: Object) -> list[str]:
    kind = item.get("type", "")
    problems = []
    for name, enforced in sorted((item.get("min") or {}).items()):
        problems += _minimum(kind, name, enforced, requests, limits)
    for name, enforced in sorted((item.get("max") or {}).items()):
        problems += _maximum(kind, name, enforced, requests, limits)
    for name, enforced in sorted((item.get("maxLimitRequestRatio") or {}).items()):
        problems += _ratio(kind, name, enforced, requests, limits)
    return problems


def _minimum(kind: str, name: str, enforced: str, requests: Object, limits: Object) -> list[str]:
    floor = quantity.canonical(enforced)
    if name not in requests:
        return [f"minimum {name} usage per {kind} is {floor}.  No request is specified"]
    if quantity.milli(requests[name]) < quantity.milli(enforced):
        return [
            f"minimum {name} usage per {kind} is {floor}, but request is {quantity.canonical(requests[name])}"
        ]
    if name in limits and quantity.milli(limits[name]) < quantity.milli(enforced):
        return [
            f"minimum {name} usage per {kind} is {floor}, but limit is {quantity.canonical(limits[name])}"
        ]
    return []


def _maximum(kind: str, name: str, enforced: str, requests: Object, limits: Object) -> list[str]:
    ceiling = quantity.canonical(enforced)
    if name not in limits:
        return [f"maximum {name} usage per {kind} is {ceiling}.  No limit is specified"]
    if quantity.milli(limits[name]) > quantity.milli(enforced):
        return [
            f"maximum {name} usage per {kind} is {ceiling}, but limit is {quantity.canonical(limits[name])}"
        ]
    if name in requests and quantity.milli(requests[name]) > quantity.milli(enforced):
        return [
            f"maximum {name} usage per {kind} is {ceiling}, but request is {quantity.canonical(requests[name])}"
        ]
    return []


def _ratio(kind: str, name: str, enforced: str, requests: Object, limits: Object) -> list[str]:
    ratio = quantity.canonical(enforced)
    request = quantity.milli(requests[name]) if name in requests else 0
    limit = quantity.milli(limits[name]) if name in limits else 0
    if not request:
        return [
            f"{name} max limit to request ratio per {kind} is {ratio}, but no request is specified or request is 0"
        ]
    if not limit:
        return [
            f"{name} max limit to request ratio per {kind} is {ratio}, but no limit is specified or limit is 0"
        ]
    observed = Fraction(limit, request)
    if observed * 1000 > quantity.milli(enforced):
        return [
            f"{name} max limit to request ratio per {kind} is {ratio}, but provided ratio is {float(observed):f}"
        ]
    return []


def _pod_totals(spec: Object) -> tuple[Object, Object]:
    return pod_total(spec, "requests"), pod_total(spec, "limits")


def pod_total(spec: Object, section: str, names: frozenset[str] | None = None) -> Object:
    """podRequests / podLimits: the containers add up; an init container counts when it asks
    for more than they all do. Each sum keeps the format of its first quantity."""
    totals: dict[str, tuple[Fraction, str]] = {}
    for key, combine in (("containers", _plus), ("initContainers", max)):
        for container in spec.get(key) or []:
            for name, value in ((container.get("resources") or {}).get(section) or {}).items():
                if names is None or name in names:
                    before, fmt = totals.get(name, (Fraction(0), quantity.format_of(value)))
                    totals[name] = (combine(before, quantity.parse(value)), fmt)
    return {name: quantity.format_value(value, fmt) for name, (value, fmt) in totals.items()}


def _plus(a: Fraction, b: Fraction) -> Fraction:
    return a + b
