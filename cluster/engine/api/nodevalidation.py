"""RuntimeClass (node.k8s.io/v1) validation, as pkg/apis/node/validation has it."""

from __future__ import annotations

from cluster.engine.api import content, labels
from cluster.engine.api.field import FieldError, invalid
from cluster.engine.api.meta import Object
from cluster.engine.api.validation import immutable, validate_resources, validate_tolerations


def validate_runtime_class(runtime_class: Object) -> list[FieldError]:
    """ValidateRuntimeClass: a handler that is a DNS label, an overhead of valid quantities,
    scheduling with valid labels and tolerations."""
    handler = runtime_class.get("handler") or ""
    errors = [invalid("handler", handler, m) for m in content.dns1123_label(handler)]
    overhead = runtime_class.get("overhead")
    if overhead is not None:
        errors += validate_resources({"limits": overhead.get("podFixed") or {}}, "overhead")
    scheduling = runtime_class.get("scheduling")
    if scheduling is not None:
        node_selector = scheduling.get("nodeSelector")
        if node_selector is not None:
            errors += labels.validate_labels(node_selector, "scheduling.nodeSelector")
        errors += validate_tolerations(
            scheduling.get("tolerations") or [], "scheduling.tolerations"
        )
    return errors


def validate_runtime_class_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateRuntimeClassUpdate: the handler never changes."""
    return immutable(new.get("handler"), old.get("handler"), "handler")
