"""Validation of apps/v1 StatefulSets (pkg/apis/apps/validation): the spec on create and on
update, what an update may change, and the status.

Each function checks what the registry strategy checks beside the object's metadata (whose
name is a DNS label, ValidateStatefulSetName).
"""

from __future__ import annotations

from typing import Any

from cluster.engine.api import content, labels
from cluster.engine.api.field import (
    FieldError,
    Struct,
    forbidden,
    invalid,
    not_supported,
    required,
)
from cluster.engine.api.godiff import resource_list, semantic
from cluster.engine.api.meta import Object
from cluster.engine.api.storagevalidation import validate_persistent_volume_claim_spec
from cluster.engine.api.validation import (
    keeps_running,
    nonnegative,
    selector_struct,
    validate_annotations,
    validate_pod_template,
)

POD_MANAGEMENT_POLICIES = ("OrderedReady", "Parallel")
UPDATE_STRATEGIES = ("RollingUpdate", "OnDelete")
RETENTION_POLICIES = ["Retain", "Delete"]
# what ValidateStatefulSetUpdate lets change; the rest of the spec stays as it was created
MUTABLE_SPEC = (
    "replicas",
    "template",
    "updateStrategy",
    "minReadySeconds",
    "ordinals",
    "revisionHistoryLimit",
    "persistentVolumeClaimRetentionPolicy",
)
SPEC_FORBIDDEN = (
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
    "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
    "'minReadySeconds' are forbidden"
)
STATUS_COUNTS = (
    "replicas",
    "readyReplicas",
    "currentReplicas",
    "updatedReplicas",
    "availableReplicas",
)


def validate_stateful_set(sts: Object) -> list[FieldError]:
    """ValidateStatefulSet past its metadata: the spec, as a create checks it."""
    return _spec(sts.get("spec") or {})


def validate_stateful_set_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateStatefulSetUpdate past its metadata: the new spec, tolerating what the old one
    got away with, then only the mutable fields changed."""
    old_spec, spec = old.get("spec") or {}, new.get("spec") or {}
    # an old set invalid by today's rules may still be updated, its template unchecked
    old_invalid = bool(_spec(old_spec, update=True))
    errors = _spec(spec, update=True, skip_template=old_invalid)
    if _frozen(spec) != _frozen(old_spec):
        errors.append(forbidden("spec", SPEC_FORBIDDEN))
    return errors


def validate_stateful_set_status(new: Object, old: Object) -> list[FieldError]:
    """ValidateStatefulSetStatusUpdate past its metadata: counts not negative nor above the
    replicas, and a collision count that never goes down."""
    status = new.get("status") or {}
    errors: list[FieldError] = []
    for name in STATUS_COUNTS:
        errors += nonnegative(status.get(name, 0), f"status.{name}")
    for name in ("observedGeneration", "collisionCount"):
        if status.get(name) is not None:
            errors += nonnegative(status[name], f"status.{name}")
    errors += _counts_within(status)
    before = (old.get("status") or {}).get("collisionCount")
    count = status.get("collisionCount")
    if before is not None and (count is None or count < before):
        errors.append(invalid("status.collisionCount", count or 0, "cannot be decremented"))
    return errors


def _counts_within(status: Object) -> list[FieldError]:
    replicas, ready = status.get("replicas", 0), status.get("readyReplicas", 0)
    errors: list[FieldError] = []
    for name in STATUS_COUNTS[1:]:
        if status.get(name, 0) > replicas:
            path = f"status.{name}"
            errors.append(invalid(path, status[name], "cannot be greater than status.replicas"))
    available = status.get("availableReplicas", 0)
    if available > ready:
        detail = "cannot be greater than status.readyReplicas"
        errors.append(invalid("status.availableReplicas", available, detail))
    return errors


# -- the spec --------------------------------------------------------------------------------


def _spec(spec: Object, update: bool = False, skip_template: bool = False) -> list[FieldError]:
    """ValidateStatefulSetSpec. An update tolerates the immutable service name and claim
    templates as they were stored."""
    errors = _pod_management_policy(spec.get("podManagementPolicy", ""))
    errors += _update_strategy(spec.get("updateStrategy") or {})
    errors += _retention_policy(spec.get("persistentVolumeClaimRetentionPolicy"))
    claims = spec.get("volumeClaimTemplates") or []
    if not update:
        errors += _claim_templates(claims)
    errors += nonnegative(spec.get("replicas", 0), "spec.replicas")
    errors += nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds")
    if spec.get("ordinals") is not None:
        errors += nonnegative(spec["ordinals"].get("start", 0), "spec.ordinals.start")
    service = spec.get("serviceName", "")
    if service and not update:
        errors += [invalid("spec.serviceName", service, d) for d in content.dns1123_label(service)]
    errors += _selector(spec.get("selector"))
    errors += _template(spec, skip_template)
    return errors + keeps_running(spec.get("template") or {}, "StatefulSet")


def _pod_management_policy(policy: str) -> list[FieldError]:
    path = "spec.podManagementPolicy"
    if policy == "":
        return [required(path)]
    if policy in POD_MANAGEMENT_POLICIES:
        return []
    return [invalid(path, policy, "must be 'OrderedReady' or 'Parallel'")]


def _update_strategy(strategy: Object) -> list[FieldError]:
    kind, rolling = strategy.get("type", ""), strategy.get("rollingUpdate")
    path = "spec.updateStrategy"
    if kind == "":
        return [required(path)]
    if kind not in UPDATE_STRATEGIES:
        value = Struct(Type=kind, RollingUpdate=_rolling_struct(rolling))
        return [invalid(path, value, "must be 'RollingUpdate' or 'OnDelete'")]
    if rolling is None:
        return []
    if kind == "OnDelete":
        detail = "only allowed for updateStrategy 'RollingUpdate'"
        return [invalid(f"{path}.rollingUpdate", _rolling_struct(rolling), detail)]
    return nonnegative(rolling.get("partition", 0), f"{path}.rollingUpdate.partition")


def _rolling_struct(rolling: Object | None) -> Struct | None:
    """The internal RollingUpdateStatefulSetStrategy, whose fields have no JSON tags."""
    if rolling is None:
        return None
    return Struct(
        Partition=rolling.get("partition", 0), MaxUnavailable=rolling.get("maxUnavailable")
    )


def _retention_policy(policy: Object | None) -> list[FieldError]:
    if policy is None:
        return []
    errors: list[FieldError] = []
    for name in ("whenDeleted", "whenScaled"):
        value = policy.get(name, "")
        if value not in RETENTION_POLICIES:
            path = f"spec.persistentVolumeClaimRetentionPolicy.{name}"
            errors.append(not_supported(path, value, RETENTION_POLICIES))
    return errors


def _claim_templates(claims: list[Object]) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, claim in enumerate(claims):
        path = f"spec.volumeClaimTemplates[{i}].spec"
        errors += validate_persistent_volume_claim_spec(claim.get("spec") or {}, path)
    return errors


def _selector(selector: Object | None) -> list[FieldError]:
    """Required, valid, and not empty: a set never adopts every pod of its namespace."""
    if selector is None:
        return [required("spec.selector")]
    errors = labels.validate_label_selector(selector, "spec.selector")
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        detail = "empty selector is invalid for statefulset"
        errors.append(invalid("spec.selector", selector_struct(selector), detail))
    return errors


def _template(spec: Object, skip: bool) -> list[FieldError]:
    """ValidatePodTemplateSpecForStatefulSet, of the template as the set's pods get it."""
    selector = spec.get("selector")
    try:
        parsed = labels.from_label_selector(selector)
    except labels.SelectorError:
        return [invalid("spec.selector", selector_struct(selector), "")]
    template = spec.get("template") or {}
    template_labels = (template.get("metadata") or {}).get("labels") or {}
    errors: list[FieldError] = []
    if not parsed.empty and not parsed.matches(template_labels):
        detail = "`selector` does not match template `labels`"
        errors.append(invalid("spec.template.metadata.labels", template_labels, detail))
    if not skip:
        errors += validate_pod_template(_as_pods_get_it(spec), "spec.template")
    # checked again, whether or not the template was
    errors += labels.validate_labels(template_labels, "spec.template.labels")
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    return errors + validate_annotations(annotations, "spec.template.annotations")


def _as_pods_get_it(spec: Object) -> Object:
    """The template with what the controller sets in each pod: its hostname and subdomain
    (left unchecked), and a volume for each claim template, which mounts may name."""
    template = spec.get("template") or {}
    pod = {**(template.get("spec") or {}), "hostname": "", "subdomain": ""}
    claims = [c.get("metadata", {}).get("name", "") for c in spec.get("volumeClaimTemplates") or []]
    if claims:
        volumes = [{"name": n, "persistentVolumeClaim": {"claimName": n}} for n in claims]
        kept = [v for v in pod.get("volumes") or [] if v.get("name") not in claims]
        pod["volumes"] = volumes + kept
    return {**template, "spec": pod}


# -- what an update may change ---------------------------------------------------------------


def _frozen(spec: Object) -> Any:
    """The spec but for its mutable fields, as apiequality.Semantic compares it."""
    rest = {k: v for k, v in spec.items() if k not in MUTABLE_SPEC}
    rest["volumeClaimTemplates"] = [
        _claim_amounts(c) for c in rest.get("volumeClaimTemplates") or []
    ]
    return _without_nils(semantic(rest))


def _claim_amounts(claim: Object) -> Object:
    """A claim template with its quantities compared by amount."""
    spec = claim.get("spec") or {}
    resources = spec.get("resources") or {}
    amounts = {k: resource_list(v) for k, v in resources.items() if k in ("requests", "limits")}
    return {**claim, "spec": {**spec, "resources": {**resources, **amounts}}}


def _without_nils(value: Any) -> Any:
    """A Go struct's nil field and a left out one are the same."""
    if isinstance(value, dict):
        return {k: _without_nils(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nils(v) for v in value]
    return value
