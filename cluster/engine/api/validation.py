"""Validation of API objects, with Kubernetes' field paths and error texts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cluster.engine.api.meta import Object

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL = re.compile(f"^{_LABEL}$")
_DNS1123_SUBDOMAIN = re.compile(rf"^{_LABEL}(\.{_LABEL})*$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One field.Error: its reason, the field's path and Kubernetes' message."""

    reason: str  # FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, ...
    field: str
    message: str

    def cause(self) -> dict[str, str]:
        return {"reason": self.reason, "message": self.message, "field": self.field}


def required(field: str, detail: str = "") -> FieldError:
    return FieldError(
        "FieldValueRequired", field, "Required value" + (f": {detail}" if detail else "")
    )


def invalid(field: str, value: Any, detail: str) -> FieldError:
    return FieldError("FieldValueInvalid", field, f"Invalid value: {_go_value(value)}: {detail}")


def not_supported(field: str, value: Any, supported: list[str]) -> FieldError:
    values = ", ".join(f'"{v}"' for v in supported)
    return FieldError(
        "FieldValueNotSupported",
        field,
        f"Unsupported value: {_go_value(value)}: supported values: {values}",
    )


def forbidden(field: str, detail: str) -> FieldError:
    return FieldError("FieldValueForbidden", field, f"Forbidden: {detail}")


def _go_value(value: Any) -> str:
    """A value as Go's %#v prints it in field errors."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def dns1123_label_errors(value: str) -> list[str]:
    errors = []
    if len(value) > DNS1123_LABEL_MAX:
        errors.append(f"must be no more than {DNS1123_LABEL_MAX} characters")
    if not _DNS1123_LABEL.match(value):
        errors.append(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
            "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            f"'123-abc', regex used for validation is '{_LABEL}')"
        )
    return errors


def dns1123_subdomain_errors(value: str) -> list[str]:
    errors = []
    if len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(f"must be no more than {DNS1123_SUBDOMAIN_MAX} characters")
    if not _DNS1123_SUBDOMAIN.match(value):
        errors.append(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character (e.g. "
            f"'example.com', regex used for validation is '{_LABEL}(\\.{_LABEL})*')"
        )
    return errors


def validate_object_meta(
    obj: Object, namespaced: bool, name_errors=dns1123_subdomain_errors
) -> list[FieldError]:
    """ValidateObjectMeta: name, namespace, labels."""
    meta = obj.get("metadata") or {}
    errors: list[FieldError] = []
    name = meta.get("name", "")
    if not name:
        errors.append(required("metadata.name", "name or generateName is required"))
    for detail in name_errors(name) if name else ():
        errors.append(invalid("metadata.name", name, detail))
    if namespaced and not meta.get("namespace"):
        errors.append(required("metadata.namespace"))
    if not namespaced and meta.get("namespace"):
        errors.append(forbidden("metadata.namespace", "not allowed on this type"))
    errors.extend(validate_labels(meta.get("labels") or {}, "metadata.labels"))
    return errors


def validate_labels(labels: dict[str, Any], field: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for key, value in labels.items():
        errors.extend(invalid(field, key, d) for d in qualified_name_errors(key))
        if not isinstance(value, str):
            errors.append(invalid(f"{field}", value, "label values must be strings"))
        else:
            errors.extend(invalid(field, value, d) for d in label_value_errors(value))
    return errors


def qualified_name_errors(value: str) -> list[str]:
    """IsQualifiedName: an optional DNS subdomain prefix and a name part of up to 63 chars."""
    prefix, _, name = value.rpartition("/")
    if "/" in prefix:
        return [_qualified_name_message()]
    errors = []
    if prefix or value.startswith("/"):
        errors.extend(f"prefix part {e}" for e in dns1123_subdomain_errors(prefix))
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > 63:
        errors.append("name part must be no more than 63 characters")
    if name and not _QUALIFIED_NAME.match(name):
        errors.append(f"name part {_qualified_name_message()}")
    return errors


def _qualified_name_message() -> str:
    return (
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
        "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
        "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    )


def label_value_errors(value: str) -> list[str]:
    errors = []
    if len(value) > 63:
        errors.append("must be no more than 63 characters")
    if not _LABEL_VALUE.match(value):
        errors.append(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', "
            "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
            "or 'my_value',  or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        )
    return errors


RESTART_POLICIES = ["Always", "Never", "OnFailure"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]


def validate_pod(pod: Object) -> list[FieldError]:
    errors = validate_object_meta(pod, namespaced=True)
    spec = pod.get("spec") or {}
    containers = spec.get("containers") or []
    if not containers:
        errors.append(required("spec.containers"))
    seen: set[str] = set()
    for i, container in enumerate(containers):
        path = f"spec.containers[{i}]"
        name = container.get("name", "")
        if not name:
            errors.append(required(f"{path}.name"))
        else:
            errors.extend(invalid(f"{path}.name", name, d) for d in dns1123_label_errors(name))
            if name in seen:
                errors.append(
                    FieldError(
                        "FieldValueDuplicate", f"{path}.name", f"Duplicate value: {_go_value(name)}"
                    )
                )
            seen.add(name)
        if not container.get("image"):
            errors.append(required(f"{path}.image"))
        policy = container.get("imagePullPolicy")
        if policy not in PULL_POLICIES:
            errors.append(not_supported(f"{path}.imagePullPolicy", policy, PULL_POLICIES))
    policy = spec.get("restartPolicy")
    if policy not in RESTART_POLICIES:
        errors.append(not_supported("spec.restartPolicy", policy, RESTART_POLICIES))
    return errors


def validate_node(node: Object) -> list[FieldError]:
    return validate_object_meta(node, namespaced=False)


def validate_namespace(namespace: Object) -> list[FieldError]:
    return validate_object_meta(namespace, namespaced=False, name_errors=dns1123_label_errors)
