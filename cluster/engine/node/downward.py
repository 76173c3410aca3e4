"""The downward API's values: a pod's labels and annotations, whole as fieldpath.FormatMap
writes them or one key at a time (`metadata.labels['app']`), and a container's resources as
resource.ExtractContainerResourceValue gives them, in units of the divisor and rounded up,
its unset limits being the node's allocatable (the kubelet's
defaultPodLimitsForDownwardAPI)."""

from __future__ import annotations

from collections.abc import Mapping

from cluster.engine.api import field, quantity
from cluster.engine.api.meta import Object

DEFAULTED_LIMITS = ("cpu", "memory", "ephemeral-storage")  # MergeContainerResourceLimits
_BYTES = ("memory", "ephemeral-storage")


class ResourceFieldError(Exception):
    """A resourceFieldRef the kubelet cannot resolve."""


def format_map(values: Mapping[str, str]) -> str:
    """fieldpath.FormatMap: `key="value"` lines in key order, each value quoted as %q."""
    return "\n".join(f"{key}={field.go_quote(values[key])}" for key in sorted(values))


def subscripted_fields(meta: Object) -> dict[str, str]:
    """Each label and annotation by its path: `metadata.labels['app']`."""
    return {
        f"metadata.{kind}['{key}']": value
        for kind in ("labels", "annotations")
        for key, value in (meta.get(kind) or {}).items()
    }


def container_named(pod: Object, name: str) -> Object:
    """findContainerInPod: the container (or init container) `name`."""
    spec = pod["spec"]
    for container in (*spec.get("containers", ()), *(spec.get("initContainers") or ())):
        if container["name"] == name:
            return container
    raise ResourceFieldError(f"container {name} not found")


def resource_value(ref: Object, container: Object, allocatable: Mapping[str, str]) -> str:
    """ExtractContainerResourceValue: `limits.memory` or `requests.cpu` of the container in
    units of the divisor (1 when unset or zero), rounded up."""
    resource = ref.get("resource", "")
    kind, _, name = resource.partition(".")
    if kind not in ("limits", "requests"):
        raise ResourceFieldError(f"unsupported container resource : {resource}")
    values = (container.get("resources") or {}).get(kind) or {}
    amount = values.get(name)
    if amount is None and kind == "limits" and name in DEFAULTED_LIMITS:
        amount = allocatable.get(name)
    divisor = ref.get("divisor") or "1"
    if quantity.parse(divisor) == 0:
        divisor = "1"
    if name == "cpu":
        return str(_ceil_div(quantity.milli(amount or 0), quantity.milli(divisor)))
    if name in _BYTES or name.startswith("hugepages-"):
        return str(_ceil_div(quantity.value(amount or 0), quantity.value(divisor)))
    raise ResourceFieldError(f"unsupported container resource : {resource}")


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)
