"""Field selectors: `spec.nodeName=node-1,status.phase!=Running`, per kind's supported fields."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from cluster.engine.api.meta import Object


def _get(*path: str) -> Callable[[Object], str]:
    def read(obj: Object) -> str:
        value: object = obj
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    return read


def _event_source(event: Object) -> str:
    """EventToSelectableFields' source: the source's component, else reportingComponent."""
    return (event.get("source") or {}).get("component") or event.get("reportingComponent") or ""


_META = {
    "metadata.name": _get("metadata", "name"),
    "metadata.namespace": _get("metadata", "namespace"),
}

# pkg/registry/*/strategy.go: the fields each kind can be selected by
SUPPORTED: dict[str, dict[str, Callable[[Object], str]]] = {
    "Pod": {
        **_META,
        "spec.nodeName": _get("spec", "nodeName"),
        "spec.restartPolicy": _get("spec", "restartPolicy"),
        "spec.schedulerName": _get("spec", "schedulerName"),
        "spec.serviceAccountName": _get("spec", "serviceAccountName"),
        "spec.hostNetwork": lambda pod: (
            "true" if pod.get("spec", {}).get("hostNetwork") else "false"
        ),
        "status.phase": _get("status", "phase"),
        "status.podIP": _get("status", "podIP"),
        "status.nominatedNodeName": _get("status", "nominatedNodeName"),
    },
    "Node": {
        **_META,
        "spec.unschedulable": lambda n: (
            "true" if n.get("spec", {}).get("unschedulable") else "false"
        ),
    },
    "Event": {
        **_META,
        **{
            f"involvedObject.{f}": _get("involvedObject", f)
            for f in (
                "kind",
                "namespace",
                "name",
                "uid",
                "apiVersion",
                "resourceVersion",
                "fieldPath",
            )
        },
        "reason": _get("reason"),
        "reportingComponent": _get("reportingComponent"),
        "source": _event_source,
        "type": _get("type"),
    },
    "Namespace": {**_META, "status.phase": _get("status", "phase")},
    # kube-proxy watches the Services that have a cluster IP (spec.clusterIP!=None)
    "Service": {
        **_META,
        "spec.clusterIP": _get("spec", "clusterIP"),
        "spec.type": _get("spec", "type"),
    },
}


class FieldSelectorError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Requirement:
    field: str
    operator: str  # "=" or "!="
    value: str


@dataclass(frozen=True, slots=True)
class FieldSelector:
    requirements: tuple[Requirement, ...]
    kind: str

    def matches(self, obj: Object) -> bool:
        fields = SUPPORTED.get(self.kind, _META)
        for req in self.requirements:
            equal = fields[req.field](obj) == req.value
            if equal != (req.operator == "="):
                return False
        return True

    def __str__(self) -> str:
        return ",".join(f"{r.field}{r.operator}{r.value}" for r in self.requirements)

    def required(self, field: str) -> str | None:
        """The value `field` must equal, if the selector says so."""
        for req in self.requirements:
            if req.field == field and req.operator == "=":
                return req.value
        return None


@functools.lru_cache(maxsize=1024)
def parse(text: str, kind: str) -> FieldSelector:
    """ParseSelector, then check every field is one the kind supports. Remembered: a
    selector is immutable, and components send the same few on every list and watch."""
    requirements = []
    for term in filter(None, (t.strip() for t in text.split(","))):
        for operator in ("!=", "==", "="):
            field, sep, value = term.partition(operator)
            if sep:
                break
        else:
            raise FieldSelectorError(f"invalid selector: '{text}'; can't understand '{term}'")
        if field not in SUPPORTED.get(kind, _META):
            raise FieldSelectorError(f"field label not supported: {field}")
        requirements.append(Requirement(field, "!=" if operator == "!=" else "=", value))
    return FieldSelector(tuple(requirements), kind)
