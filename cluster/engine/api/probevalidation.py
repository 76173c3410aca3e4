"""Validation of containers' probes and lifecycle hooks with Kubernetes' field paths and error
texts: validateLivenessProbe, validateReadinessProbe, validateStartupProbe, validateLifecycle,
validateHandler and the init containers' rules of pkg/apis/core/validation/validation.go.

Probes and hooks belong to regular containers and to sidecars (init containers with
`restartPolicy: Always`); other init containers may not have them.
"""

from __future__ import annotations

from typing import Any

from cluster.engine.api.field import FieldError, forbidden, invalid, not_supported, required
from cluster.engine.api.meta import Object
from cluster.engine.api.servicevalidation import port_num_or_name

NEGATIVE = "must be greater than or equal to 0"
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
HTTP_SCHEMES = ["HTTP", "HTTPS"]
PROBE_FIELDS = (
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
)
NOT_FOR_INIT = "may not be set for init containers without restartPolicy=Always"
CONTAINER_RESTART_POLICIES = ["Always"]  # what an init container's restartPolicy may be


def validate_init_restart_policy(container: Object, path: str) -> list[FieldError]:
    """validateInitContainerRestartPolicy: Always (a sidecar), or none."""
    policy = container.get("restartPolicy")
    if policy is None or policy in CONTAINER_RESTART_POLICIES:
        return []
    return [not_supported(f"{path}.restartPolicy", policy, CONTAINER_RESTART_POLICIES)]


def validate_hooks_and_probes(
    container: Object, grace: Any, path: str, init: bool = False
) -> list[FieldError]:
    """A regular container's or a sidecar's lifecycle and probes; other init containers may
    have none."""
    if init and container.get("restartPolicy") != "Always":
        keys = ("lifecycle", *PROBES)
        return [
            forbidden(f"{path}.{k}", NOT_FOR_INIT) for k in keys if container.get(k) is not None
        ]
    errors: list[FieldError] = []
    for hook in ("postStart", "preStop"):
        handler = (container.get("lifecycle") or {}).get(hook)
        if handler is not None:
            errors += _handler(handler, LIFECYCLE_HANDLERS, grace, f"{path}.lifecycle.{hook}")
    for kind in PROBES:
        probe = container.get(kind)
        if probe is not None:
            errors += _probe(kind, probe, grace, f"{path}.{kind}")
    return errors


def _probe(kind: str, probe: Object, grace: Any, path: str) -> list[FieldError]:
    """validateProbe, then what each kind of probe adds."""
    errors = _handler(probe, PROBE_HANDLERS, grace, path)
    for key in PROBE_FIELDS:
        value = probe.get(key) or 0
        if isinstance(value, int) and value < 0:
            errors.append(invalid(f"{path}.{key}", value, NEGATIVE))
    own_grace = probe.get("terminationGracePeriodSeconds")
    if own_grace is not None and own_grace <= 0:
        detail = "must be greater than 0"
        errors.append(invalid(f"{path}.terminationGracePeriodSeconds", own_grace, detail))
    threshold = probe.get("successThreshold") or 0
    if kind != "readinessProbe" and threshold != 1:
        errors.append(invalid(f"{path}.successThreshold", threshold, "must be 1"))
    if kind == "readinessProbe" and own_grace is not None:
        detail = "must not be set for readinessProbes"
        errors.append(invalid(f"{path}.terminationGracePeriodSeconds", own_grace, detail))
    return errors


def _handler(handler: Object, kinds: tuple[str, ...], grace: Any, path: str) -> list[FieldError]:
    """validateHandler: exactly one kind of action, and that one valid."""
    present = [kind for kind in kinds if handler.get(kind) is not None]
    if not present:
        return [required(path, "must specify a handler type")]
    errors = _action(present[0], handler[present[0]], grace, f"{path}.{present[0]}")
    more = "may not specify more than 1 handler type"
    return errors + [forbidden(f"{path}.{kind}", more) for kind in present[1:]]


def _action(kind: str, action: Object, grace: Any, path: str) -> list[FieldError]:
    if kind == "exec":
        return [] if action.get("command") else [required(f"{path}.command")]
    if kind == "httpGet":
        return _http_get(action, path)
    if kind == "sleep":
        return _sleep(action.get("seconds") or 0, grace, path)
    return port_num_or_name(action.get("port", 0), f"{path}.port")


def _http_get(action: Object, path: str) -> list[FieldError]:
    """validateHTTPGetAction (after defaulting, which gives the path and the scheme)."""
    errors = [] if action.get("path") else [required(f"{path}.path")]
    errors += port_num_or_name(action.get("port", 0), f"{path}.port")
    scheme = action.get("scheme", "")
    if scheme not in HTTP_SCHEMES:
        errors.append(not_supported(f"{path}.scheme", scheme, HTTP_SCHEMES))
    return errors


def _sleep(seconds: int, grace: Any, path: str) -> list[FieldError]:
    """validateSleepAction, zero seconds allowed (PodLifecycleSleepActionAllowZero)."""
    if not isinstance(grace, int) or 0 <= seconds <= grace:
        return []
    detail = f"must be non-negative and less than terminationGracePeriodSeconds ({grace})"
    return [invalid(path, seconds, detail)]
