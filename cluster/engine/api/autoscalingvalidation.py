"""HorizontalPodAutoscalers' validation, as pkg/apis/autoscaling/validation does it (the object's
metadata is validation.py's, as for every kind)."""

from __future__ import annotations

from typing import Any

from cluster.engine.api import content, quantity
from cluster.engine.api.field import FieldError, forbidden, invalid, not_supported, required
from cluster.engine.api.meta import Object
from cluster.engine.api.validation import NEGATIVE, nonnegative

MAX_PERIOD_SECONDS = 1800
MAX_STABILIZATION_WINDOW_SECONDS = 3600
SELECT_POLICIES = ("Disabled", "Max", "Min")  # sets.List: sorted
POLICY_TYPES = ("Percent", "Pods")
SOURCE_TYPES = ("ContainerResource", "External", "Object", "Pods", "Resource")
# MetricSpec's sources in the order validateMetricSpec looks at them
_SOURCES = ("object", "external", "pods", "resource", "containerResource")
_TARGET_TYPES = ("Utilization", "Value", "AverageValue")
_STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
_POPULATE = "must populate information for the given metric source"
_RAW_OR_UTILIZATION = "must set either a target raw value or a target utilization"
_NOT_BOTH = "may not set both a target raw value and a target utilization"


def validate_horizontal_pod_autoscaler(hpa: Object) -> list[FieldError]:
    """ValidateHorizontalPodAutoscaler, with the options of a create."""
    return _spec(hpa.get("spec") or {}, None)


def validate_horizontal_pod_autoscaler_update(hpa: Object, old: Object) -> list[FieldError]:
    """ValidateHorizontalPodAutoscalerUpdate: the spec again, a kept target's apiVersion let be."""
    return _spec(hpa.get("spec") or {}, old.get("spec") or {})


def validate_horizontal_pod_autoscaler_status(hpa: Object, _old: Object) -> list[FieldError]:
    """ValidateHorizontalPodAutoscalerStatusUpdate: the replica counts are not negative."""
    status = hpa.get("status") or {}
    return nonnegative(status.get("currentReplicas", 0), "status.currentReplicas") + nonnegative(
        status.get("desiredReplicas", 0), "status.desiredReplicas"
    )


def _spec(spec: Object, old: Object | None) -> list[FieldError]:
    """validateHorizontalPodAutoscalerSpec, with the strategy's options."""
    errors: list[FieldError] = []
    minimum, maximum = spec.get("minReplicas"), spec.get("maxReplicas") or 0
    # HPAScaleToZero is alpha, off: zero stays allowed only for an autoscaler that had it
    bound = 0 if old is not None and old.get("minReplicas") == 0 else 1
    if minimum is not None and minimum < bound:
        errors.append(
            invalid("spec.minReplicas", minimum, f"must be greater than or equal to {bound}")
        )
    if maximum == 0:
        errors.append(required("spec.maxReplicas", "must be set and greater than 0"))
    elif maximum < 0:
        errors.append(invalid("spec.maxReplicas", maximum, "must be greater than or equal to 1"))
    if minimum is not None and maximum < minimum:
        errors.append(
            invalid("spec.maxReplicas", maximum, "must be greater than or equal to `minReplicas`")
        )
    ref = spec.get("scaleTargetRef") or {}
    errors += _reference(ref, "spec.scaleTargetRef", _target_ref_lenient(ref, old))
    errors += _metrics(spec.get("metrics") or [], minimum)
    behavior = spec.get("behavior") or {}
    for direction in ("scaleUp", "scaleDown"):
        if behavior.get(direction) is not None:
            errors += _rules(behavior[direction], f"spec.behavior.{direction}")
    return errors


def _target_ref_lenient(ref: Object, old: Object | None) -> tuple[bool, bool]:
    """(AllowInvalidAPIVersion, AllowEmptyAPIGroup) for the scale target: an update keeping
    its apiVersion and kind is not judged again; a ReplicationController is in the core group."""
    before = (old or {}).get("scaleTargetRef") or {}
    kept = old is not None and all(before.get(k) == ref.get(k) for k in ("apiVersion", "kind"))
    return kept, ref.get("kind") == "ReplicationController"


def _reference(ref: Object, path: str, lenient: tuple[bool, bool]) -> list[FieldError]:
    """ValidateCrossVersionObjectReference."""
    errors = []
    for key in ("kind", "name"):
        value = ref.get(key) or ""
        if not value:
            errors.append(required(f"{path}.{key}"))
        errors += [invalid(f"{path}.{key}", value, m) for m in content.path_segment_name(value)]
    problem = _api_version_problem(ref.get("apiVersion") or "", *lenient)
    if problem:
        errors.append(invalid(f"{path}.apiVersion", ref.get("apiVersion") or "", problem))
    return errors


def _api_version_problem(api_version: str, allow_invalid: bool, allow_empty_group: bool) -> str:
    """ValidateAPIVersion: schema.ParseGroupVersion's error, or a missing group."""
    if allow_invalid:
        return ""
    if api_version.count("/") > 1:
        return f"unexpected GroupVersion string: {api_version}"
    group = api_version.split("/")[0] if "/" in api_version else ""
    return "" if group or allow_empty_group else "apiVersion must specify API group"


def _metrics(metrics: list[Object], minimum: int | None) -> list[FieldError]:
    """validateMetrics."""
    errors = [e for i, m in enumerate(metrics) for e in _metric(m, f"spec.metrics[{i}]")]
    scales_to_zero = {m.get("type") for m in metrics} & {"Object", "External"}
    if minimum == 0 and not scales_to_zero:
        errors.append(
            forbidden(
                "spec.metrics",
                "must specify at least one Object or External metric to support scaling to "
                "zero replicas",
            )
        )
    return errors


def _metric(metric: Object, path: str) -> list[FieldError]:
    """validateMetricSpec: its type, and the one source the type names."""
    kind = metric.get("type") or ""
    errors = []
    if not kind:
        errors.append(required(f"{path}.type", "must specify a metric source type"))
    if kind not in SOURCE_TYPES:
        errors.append(not_supported(f"{path}.type", kind, SOURCE_TYPES))
    present = [source for source in _SOURCES if metric.get(source) is not None]
    if present:
        errors += _CHECKS[present[0]](metric[present[0]], f"{path}.{present[0]}")
    expected = kind[0].lower() + kind[1:] if kind in SOURCE_TYPES else ""
    if not expected:
        errors.append(not_supported(f"{path}.type", kind, SOURCE_TYPES))
    elif metric.get(expected) is None:
        errors.append(required(f"{path}.{expected}", _POPULATE))
    if len(present) != 1:
        for source in sorted(set(present) - {expected}):  # a Go set: any order, sorted here
            errors.append(
                forbidden(f"{path}.{source}", "must populate the given metric source only")
            )
    return errors


def _object(source: Object, path: str) -> list[FieldError]:
    described = source.get("describedObject") or {}
    errors = _reference(described, f"{path}.describedObject", (False, True))
    errors += _identifier(source.get("metric") or {}, f"{path}.metric")
    target = source.get("target") or {}
    errors += _target(target, f"{path}.target")
    if target.get("value") is None and target.get("averageValue") is None:
        errors.append(
            required(
                f"{path}.target.averageValue", "must set either a target value or averageValue"
            )
        )
    return errors


def _external(source: Object, path: str) -> list[FieldError]:
    errors = _identifier(source.get("metric") or {}, f"{path}.metric")
    target = source.get("target") or {}
    errors += _target(target, f"{path}.target")
    value, average = target.get("value"), target.get("averageValue")
    if value is None and average is None:
        errors.append(
            required(
                f"{path}.target.averageValue",
                "must set either a target value for metric or a per-pod target",
            )
        )
    if value is not None and average is not None:
        errors.append(
            forbidden(
                f"{path}.target.value",
                "may not set both a target value for metric and a per-pod target",
            )
        )
    return errors


def _pods(source: Object, path: str) -> list[FieldError]:
    errors = _identifier(source.get("metric") or {}, f"{path}.metric")
    target = source.get("target") or {}
    errors += _target(target, f"{path}.target")
    if target.get("averageValue") is None:
        errors.append(
            required(f"{path}.target.averageValue", "must specify a positive target averageValue")
        )
    return errors


def _resource(source: Object, path: str) -> list[FieldError]:
    errors = []
    if not source.get("name"):
        errors.append(required(f"{path}.name", "must specify a resource name"))
    return errors + _resource_target(source.get("target") or {}, f"{path}.target")


def _container_resource(source: Object, path: str) -> list[FieldError]:
    errors = []
    name, container = source.get("name") or "", source.get("container") or ""
    if not name:
        errors.append(required(f"{path}.name", "must specify a resource name"))
    elif "/" not in name and not _standard_container_resource(name):
        errors.append(invalid(f"{path}.name", name, "must be a standard resource for containers"))
    if not container:
        errors.append(required(f"{path}.container", "must specify a container"))
    else:
        errors += [
            invalid(f"{path}.container", container, m) for m in content.dns1123_label(container)
        ]
    return errors + _resource_target(source.get("target") or {}, f"{path}.target")


def _standard_container_resource(name: str) -> bool:
    """IsStandardContainerResourceName."""
    return name in _STANDARD_CONTAINER_RESOURCES or name.startswith("hugepages-")


def _resource_target(target: Object, path: str) -> list[FieldError]:
    """A resource's target: a utilization or an average value, not both."""
    errors = _target(target, path)
    utilization, average = target.get("averageUtilization"), target.get("averageValue")
    if utilization is None and average is None:
        errors.append(required(f"{path}.averageUtilization", _RAW_OR_UTILIZATION))
    if utilization is not None and average is not None:
        errors.append(forbidden(f"{path}.averageValue", _NOT_BOTH))
    return errors


def _target(target: Object, path: str) -> list[FieldError]:
    """validateMetricTarget."""
    errors = []
    kind = target.get("type") or ""
    if not kind:
        errors.append(required(f"{path}.type", "must specify a metric target type"))
    if kind not in _TARGET_TYPES:
        errors.append(
            invalid(f"{path}.type", kind, "must be either Utilization, Value, or AverageValue")
        )
    for key in ("value", "averageValue"):
        amount = target.get(key)
        if amount is not None and not (quantity.parsed(amount) or 0) > 0:
            errors.append(invalid(f"{path}.{key}", quantity.canonical(amount), "must be positive"))
    utilization = target.get("averageUtilization")
    if utilization is not None and utilization < 1:
        errors.append(invalid(f"{path}.averageUtilization", utilization, "must be greater than 0"))
    return errors


def _identifier(metric: Object, path: str) -> list[FieldError]:
    """validateMetricIdentifier."""
    name = metric.get("name") or ""
    if not name:
        return [required(f"{path}.name", "must specify a metric name")]
    return [invalid(f"{path}.name", name, m) for m in content.path_segment_name(name)]


_CHECKS = {
    "object": _object,
    "external": _external,
    "pods": _pods,
    "resource": _resource,
    "containerResource": _container_resource,
}


def _rules(rules: Object, path: str) -> list[FieldError]:
    """validateScalingRules."""
    errors = []
    window = rules.get("stabilizationWindowSeconds")
    if window is not None and window < 0:
        errors.append(
            invalid(
                f"{path}.stabilizationWindowSeconds",
                window,
                "must be greater than or equal to zero",
            )
        )
    if window is not None and window > MAX_STABILIZATION_WINDOW_SECONDS:
        errors.append(
            invalid(
                f"{path}.stabilizationWindowSeconds",
                window,
                f"must be less than or equal to {MAX_STABILIZATION_WINDOW_SECONDS}",
            )
        )
    select = rules.get("selectPolicy")
    if select is not None and select not in SELECT_POLICIES:
        errors.append(not_supported(f"{path}.selectPolicy", select, SELECT_POLICIES))
    policies = rules.get("policies") or []
    if not policies:
        errors.append(required(f"{path}.policies", "must specify at least one Policy"))
    for i, policy in enumerate(policies):
        errors += _policy(policy, f"{path}.policies[{i}]")
    tolerance = rules.get("tolerance")
    if tolerance is not None and (quantity.parsed(tolerance) or 0) < 0:
        errors.append(invalid(f"{path}.tolerance", quantity.canonical(tolerance), NEGATIVE))
    return errors


def _policy(policy: Object, path: str) -> list[FieldError]:
    """validateScalingPolicy."""
    errors = []
    kind = policy.get("type") or ""
    if kind not in POLICY_TYPES:
        errors.append(not_supported(f"{path}.type", kind, POLICY_TYPES))
    value, period = policy.get("value") or 0, policy.get("periodSeconds") or 0
    errors += _positive(value, f"{path}.value") + _positive(period, f"{path}.periodSeconds")
    if period > MAX_PERIOD_SECONDS:
        errors.append(
            invalid(
                f"{path}.periodSeconds",
                period,
                f"must be less than or equal to {MAX_PERIOD_SECONDS}",
            )
        )
    return errors


def _positive(value: Any, path: str) -> list[FieldError]:
    return [] if value > 0 else [invalid(path, value, "must be greater than zero")]
