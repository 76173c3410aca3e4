"""Node selectors as a PersistentVolume's node affinity (and a pod's required one) holds
them: ValidateNodeSelector of pkg/apis/core/validation, label values checked."""

from __future__ import annotations

from cluster.engine.api import content, labels
from cluster.engine.api.field import FieldError, forbidden, invalid, required
from cluster.engine.api.meta import Object


def validate(selector: Object, path: str) -> list[FieldError]:
    """ValidateNodeSelector: terms, each requirement valid."""
    terms = selector.get("nodeSelectorTerms") or []
    if not terms:
        detail = "must have at least one node selector term"
        return [required(f"{path}.nodeSelectorTerms", detail)]
    errors: list[FieldError] = []
    for i, term in enumerate(terms):
        here = f"{path}.nodeSelectorTerms[{i}]"
        for j, requirement in enumerate(term.get("matchExpressions") or []):
            errors += _node_selector_requirement(requirement, f"{here}.matchExpressions[{j}]")
        for j, requirement in enumerate(term.get("matchFields") or []):
            errors += _node_field_requirement(requirement, f"{here}.matchFields[{j}]")
    return errors


def _node_selector_requirement(requirement: Object, path: str) -> list[FieldError]:
    """ValidateNodeSelectorRequirement."""
    operator, values = requirement.get("operator", ""), requirement.get("values") or []
    errors: list[FieldError] = []
    if operator in ("In", "NotIn"):
        if not values:
            detail = "must be specified when `operator` is 'In' or 'NotIn'"
            errors.append(required(f"{path}.values", detail))
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            errors.append(forbidden(f"{path}.values", detail))
    elif operator in ("Gt", "Lt"):
        if len(values) != 1:
            detail = "must be specified single value when `operator` is 'Lt' or 'Gt'"
            errors.append(required(f"{path}.values", detail))
    else:
        errors.append(invalid(f"{path}.operator", operator, "not a valid selector operator"))
    errors += labels.validate_label_name(requirement.get("key", ""), f"{path}.key")
    for k, value in enumerate(values):
        errors += [invalid(f"{path}.values[{k}]", value, d) for d in content.label_value(value)]
    return errors


def _node_field_requirement(requirement: Object, path: str) -> list[FieldError]:
    """ValidateNodeFieldSelectorRequirement: one node's name, In or NotIn."""
    operator, values = requirement.get("operator", ""), requirement.get("values") or []
    errors: list[FieldError] = []
    if operator not in ("In", "NotIn"):
        errors.append(invalid(f"{path}.operator", operator, "not a valid selector operator"))
    elif len(values) != 1:
        detail = "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
        errors.append(required(f"{path}.values", detail))
    key = requirement.get("key", "")
    if key != "metadata.name":
        return [*errors, invalid(f"{path}.key", key, "not a valid field selector key")]
    for k, value in enumerate(values):
        errors += [
            invalid(f"{path}.values[{k}]", value, d) for d in content.name_is_dns_subdomain(value)
        ]
    return errors
