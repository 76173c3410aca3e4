"""A pod's quality of service class (pkg/apis/core/helper/qos).

Only cpu and memory count, and only quantities above zero. A pod is BestEffort when nothing
asks for or limits either, Guaranteed when every container limits both and the requests add
up to the limits, Burstable otherwise. Pod-level resources, when the pod has them, decide on
their own (PodLevelResources).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object

BEST_EFFORT, BURSTABLE, GUARANTEED = "BestEffort", "Burstable", "Guaranteed"
QOS_RESOURCES = frozenset({"cpu", "memory"})  # isSupportedQoSComputeResource


def get_pod_qos(pod: Object) -> str:
    """GetPodQOS: the class the pod's status records, else the one its spec gives."""
    return (pod.get("status") or {}).get("qosClass") or compute_pod_qos(pod)


def compute_pod_qos(pod: Object) -> str:
    """ComputePodQOS."""
    spec = pod.get("spec") or {}
    if spec.get("resources") is not None:
        owners = [spec["resources"]]
    else:
        containers = [*(spec.get("containers") or []), *(spec.get("initContainers") or [])]
        owners = [c.get("resources") or {} for c in containers]
    requests: Counter[str] = Counter()
    limits: Counter[str] = Counter()
    guaranteed = True
    for resources in owners:
        requests.update(_positive(resources.get("requests")))
        limited = _positive(resources.get("limits"))
        limits.update(limited)
        guaranteed = guaranteed and limited.keys() == QOS_RESOURCES
    if not requests and not limits:
        return BEST_EFFORT
    return GUARANTEED if guaranteed and requests == limits else BURSTABLE


def _positive(values: Object | None) -> dict[str, Fraction]:
    """The cpu and memory quantities above zero; one that does not parse counts for nothing
    (validation refuses it, after the class is set)."""
    found = {}
    for name, text in (values or {}).items():
        amount = quantity.parsed(text) if name in QOS_RESOURCES else None
        if amount is not None and amount > 0:
            found[name] = amount
    return found
