"""Admission: plugins that may change (mutating) or refuse (validating) a write, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors

NOT_READY = "node.kubernetes.io/not-ready"
UNREACHABLE = "node.kubernetes.io/unreachable"
DEFAULT_TOLERATION_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Attributes:
    """What admission sees of a request (admission.Attributes)."""

    verb: str
    resource: Resource
    subresource: str
    namespace: str
    name: str


NamespacePhase = Callable[[str], str | None]  # namespace -> phase, None if absent


def namespace_lifecycle(attrs: Attributes, obj: Object | None, phase: NamespacePhase) -> bool:
    """No new objects in a namespace that does not exist or is being terminated."""
    if not attrs.resource.namespaced or attrs.verb != "create" or attrs.subresource:
        return False
    current = phase(attrs.namespace)
    if current is None:
        raise errors.namespace_not_found(attrs.namespace)
    if current == "Terminating":
        raise errors.namespace_terminating(attrs.resource, attrs.name, attrs.namespace)
    return True


def default_toleration_seconds(attrs: Attributes, obj: Object | None, _: NamespacePhase) -> bool:
    """Pods tolerate a not-ready or unreachable node for 300 s before they are evicted."""
    if attrs.resource.name != "pods" or attrs.verb != "create" or attrs.subresource or not obj:
        return False
    tolerations = obj["spec"].setdefault("tolerations", [])
    for key in (NOT_READY, UNREACHABLE):
        if not any(
            t.get("key") == key and t.get("effect") in ("NoExecute", None, "") for t in tolerations
        ) and not any(t.get("operator") == "Exists" and not t.get("key") for t in tolerations):
            tolerations.append(
                {
                    "key": key,
                    "operator": "Exists",
                    "effect": "NoExecute",
                    "tolerationSeconds": DEFAULT_TOLERATION_SECONDS,
                }
            )
    return True


def priority(attrs: Attributes, obj: Object | None, _: NamespacePhase) -> bool:
    """Pods without a PriorityClass get priority 0."""
    if attrs.resource.name != "pods" or attrs.verb != "create" or attrs.subresource or not obj:
        return False
    spec = obj["spec"]
    spec.setdefault("priority", 0)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    return True


PLUGINS: tuple[tuple[str, Callable[[Attributes, Object | None, NamespacePhase], bool]], ...] = (
    ("NamespaceLifecycle", namespace_lifecycle),
    ("DefaultTolerationSeconds", default_toleration_seconds),
    ("Priority", priority),
)


def admit(attrs: Attributes, obj: Object | None, phase: NamespacePhase) -> list[str]:
    """Run every plugin; returns the names of those that acted. Raises StatusError to refuse."""
    return [name for name, plugin in PLUGINS if plugin(attrs, obj, phase)]
