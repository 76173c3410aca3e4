"""What a check is and what it answers (pod-security-admission/policy: checks.go,
helpers.go, visitor.go). A check looks at a pod's metadata and spec, as the API serves
them, and allows the pod or says why not: a reason (`privileged`) and a detail naming what
offends (`container "app" must not set securityContext.privileged=true`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.podsecurity.api import Version


@dataclass(frozen=True, slots=True)
class CheckResult:
    allowed: bool
    reason: str = ""
    detail: str = ""


ALLOWED = CheckResult(True)

CheckPod = Callable[[Object, Object], CheckResult]  # (pod metadata, pod spec)


@dataclass(frozen=True, slots=True)
class VersionedCheck:
    """How a check judges pods from `minimum_version` of the standards on; a restricted
    check may stand in for baseline checks (`overrides`) from then on."""

    minimum_version: Version
    check_pod: CheckPod
    overrides: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    level: str  # BASELINE or RESTRICTED
    versions: tuple[VersionedCheck, ...]  # by minimum version, oldest first


def forbidden(reason: str, detail: str = "") -> CheckResult:
    return CheckResult(False, reason, detail)


def containers(spec: Object) -> Iterator[Object]:
    """visitContainers: init containers, containers, then ephemeral containers."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        yield from spec.get(key) or ()


def security_context(obj: Object) -> Object:
    """A pod's or a container's securityContext, {} when it has none."""
    return obj.get("securityContext") or {}


def join_quote(items: list[str]) -> str:
    return '"' + '", "'.join(items) + '"' if items else ""


def pluralize(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def containers_phrase(names: list[str]) -> str:
    """`container "a"` or `containers "a", "b"`, as the checks' details name them."""
    return f"{pluralize('container', 'containers', len(names))} {join_quote(names)}"


def relax_for_user_namespace(spec: Object) -> bool:
    """relaxPolicyForUserNamespacePod: a pod with its own user namespace (hostUsers: false)."""
    return spec.get("hostUsers") is False
