"""API errors as Kubernetes reports them: a Status with reason, code, message and details."""

from __future__ import annotations

from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource


class StatusError(Exception):
    """An expected failure of a request; becomes a `Status` response."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        details: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.metadata = metadata  # the Status's ListMeta: a continue token to go on with

    def status(self) -> Object:
        status: Object = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": self.metadata or {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
        }
        if not self.reason:  # StatusReasonUnknown, left out (omitempty)
            del status["reason"]
        if self.details is not None:
            status["details"] = self.details
        status["code"] = self.code  # metav1.Status declares Details before Code
        return status


def _details(resource: Resource, name: str) -> dict[str, Any]:
    """StatusDetails: an empty name is left out (omitempty), as for a forbidden list."""
    details: dict[str, Any] = {"name": name} if name else {}
    if resource.group:  # in StatusDetails' order: name, group, kind
        details["group"] = resource.group
    details["kind"] = resource.name
    return details


def not_found(resource: Resource, name: str) -> StatusError:
    return StatusError(
        404, "NotFound", f'{resource.group_resource} "{name}" not found', _details(resource, name)
    )


def already_exists(resource: Resource, name: str) -> StatusError:
    return StatusError(
        409,
        "AlreadyExists",
        f'{resource.group_resource} "{name}" already exists',
        _details(resource, name),
    )


def generate_name_conflict(resource: Resource, name: str) -> StatusError:
    """A name generated from generateName that is taken (NewGenerateNameConflict)."""
    return StatusError(
        409,
        "AlreadyExists",
        f'{resource.group_resource} "{name}" already exists, the server was not able to '
        "generate a unique name for the object",
        {**_details(resource, name), "retryAfterSeconds": 1},
    )


def conflict(resource: Resource, name: str, why: str) -> StatusError:
    message = f'Operation cannot be fulfilled on {resource.group_resource} "{name}": {why}'
    return StatusError(409, "Conflict", message, _details(resource, name))


def invalid(resource: Resource, name: str, causes: list[dict[str, str]]) -> StatusError:
    """422 Invalid: each cause is {"reason", "message", "field"} as field.Error renders them."""
    return invalid_kind(resource.kind, resource.group, name, causes)


def invalid_kind(kind: str, group: str, name: str, causes: list[dict[str, str]]) -> StatusError:
    """NewInvalid for a group and kind; the message lists each distinct error once."""
    lines = list(dict.fromkeys(f"{c['field']}: {c['message']}" for c in causes))
    summary = lines[0] if len(lines) == 1 else f"[{', '.join(lines)}]"
    qualified = f"{kind}.{group}" if group else kind
    details: dict[str, Any] = {"name": name, "kind": kind, "causes": causes}
    if group:
        details = {"name": name, "group": group, "kind": kind, "causes": causes}
    return StatusError(422, "Invalid", f'{qualified} "{name}" is invalid: {summary}', details)


def resource_expired(message: str, metadata: dict[str, Any] | None = None) -> StatusError:
    """NewResourceExpired: 410 Expired."""
    return StatusError(410, "Expired", message, None, metadata)


def too_large_resource_version(revision: int, current: int) -> StatusError:
    """storage.NewTooLargeResourceVersionError: 504 Timeout, as the watch cache gives up
    waiting to reach a revision etcd has not reached."""
    details = {
        "causes": [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}],
        "retryAfterSeconds": 1,
    }
    message = f"Timeout: Too large resource version: {revision}, current: {current}"
    return StatusError(504, "Timeout", message, details)


def bad_request(message: str) -> StatusError:
    return StatusError(400, "BadRequest", message)


def internal(error: Exception) -> StatusError:
    """NewInternalError."""
    return StatusError(
        500,
        "InternalError",
        f"Internal error occurred: {error}",
        {"causes": [{"message": str(error)}]},
    )


def unauthorized() -> StatusError:
    return StatusError(401, "Unauthorized", "Unauthorized")


def forbidden(
    user: str,
    verb: str,
    resource: Resource,
    subresource: str,
    namespace: str,
    name: str,
    reason: str = "",
) -> StatusError:
    """responsewriters.Forbidden: the authorizers' reason, if they gave one, ends it."""
    target = f"{resource.name}/{subresource}" if subresource else resource.name
    scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    subject = f'{resource.group_resource} "{name}"' if name else resource.group_resource
    message = (
        f'{subject} is forbidden: User "{user}" cannot {verb} resource "{target}" '
        f'in API group "{resource.group}" {scope}'
    )
    if reason:
        message = f"{message}: {reason}"
    return StatusError(403, "Forbidden", message, _details(resource, name))


def forbidden_path(user: str, verb: str, path: str, reason: str = "") -> StatusError:
    """responsewriters.Forbidden for a non-resource URL."""
    message = f'forbidden: User "{user}" cannot {verb} path "{path}"'
    return StatusError(403, "Forbidden", f"{message}: {reason}" if reason else message, {})


def forbidden_reason(resource: Resource, name: str, reason: str) -> StatusError:
    """NewForbidden: `<resource> "<name>" is forbidden: <reason>` (admission's refusals)."""
    subject = f'{resource.group_resource} "{name}"' if name else resource.group_resource
    return StatusError(
        403, "Forbidden", f"{subject} is forbidden: {reason}", _details(resource, name)
    )


def method_not_allowed() -> StatusError:
    return StatusError(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource"
    )


def namespace_not_found(namespace: str) -> StatusError:
    details = {"name": namespace, "kind": "namespaces"}
    return StatusError(404, "NotFound", f'namespaces "{namespace}" not found', details)


def namespace_terminating(resource: Resource, name: str, namespace: str) -> StatusError:
    """The NamespaceLifecycle plugin's refusal, with the NamespaceTerminating cause by which
    controllers (errors.HasStatusCause) know to stop trying."""
    message = (
        f'{resource.group_resource} "{name}" is forbidden: unable to create new content in '
        f"namespace {namespace} because it is being terminated"
    )
    cause = {
        "reason": "NamespaceTerminating",
        "message": f"namespace {namespace} is being terminated",
        "field": "metadata.namespace",
    }
    details = {**_details(resource, name), "causes": [cause]}
    return StatusError(403, "Forbidden", message, details)
