"""The replica calculator (replica_calculator.go): how many replicas bring a resource metric
to its target, from the pods' usage and requests.

Pods that are being deleted or failed are ignored. Pods without a metric, and (for CPU)
pods not yet ready or measured too soon after becoming ready, count as using nothing when
that would scale up, and (missing ones) as using the whole target when that would scale
down; a change they would turn round, or within the tolerance, keeps the current count.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from cluster.engine.api import labels, quantity
from cluster.engine.api.meta import Object
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import SharedInformer
from cluster.engine.controllers.podautoscaler import metrics as metricsclient
from cluster.engine.controllers.podautoscaler.metrics import MetricsError, PodMetric, PodMetricsInfo

TOLERANCE = 0.1  # --horizontal-pod-autoscaler-tolerance
CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000  # --horizontal-pod-autoscaler-cpu-initialization-period
INITIAL_READINESS_DELAY_MS = 30_000  # --horizontal-pod-autoscaler-initial-readiness-delay


@dataclass(slots=True)
class PodGroups:
    """groupPods: the ready pods' count, and the names of the others."""

    ready: int = 0
    unready: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)


class ReplicaCalculator:
    def __init__(self, client: Client, pods: SharedInformer, clock: Clock) -> None:
        self.client = client
        self.pods = pods
        self.clock = clock

    def resource_replicas(
        self,
        current: int,
        target: int,
        resource: str,
        namespace: str,
        selector: str,
        container: str,
    ) -> tuple[int, int, int]:
        """GetResourceReplicas: (replicas, utilization in percent, average raw usage)."""
        found = self._metrics(resource, namespace, selector, container)
        pods = self._pods(namespace, selector)
        return utilization_replicas(current, target, resource, pods, found, self.clock, container)

    def raw_resource_replicas(
        self,
        current: int,
        target: int,
        resource: str,
        namespace: str,
        selector: str,
        container: str,
    ) -> tuple[int, int]:
        """GetRawResourceReplicas: (replicas, average usage), for an AverageValue target."""
        found = self._metrics(resource, namespace, selector, container)
        pods = self._pods(namespace, selector)
        return plain_replicas(current, target, resource, pods, found, self.clock)

    def _metrics(
        self, resource: str, namespace: str, selector: str, container: str
    ) -> PodMetricsInfo:
        try:
            return metricsclient.resource_metric(
                self.client, self.clock, resource, namespace, selector, container
            )
        except MetricsError as error:
            raise MetricsError(f"unable to get metrics for resource {resource}: {error}") from None

    def _pods(self, namespace: str, selector: str) -> list[Object]:
        parsed = labels.parse(selector)
        pods = [
            pod
            for pod in self.pods.in_namespace(namespace)
            if parsed.matches(pod["metadata"].get("labels") or {})
        ]
        if not pods:
            raise MetricsError("no pods returned by selector while calculating replica count")
        return pods


def utilization_replicas(
    current: int,
    target: int,
    resource: str,
    pods: list[Object],
    found: PodMetricsInfo,
    clock: Clock,
    container: str = "",
) -> tuple[int, int, int]:
    """The Utilization half of GetResourceReplicas, once metrics and pods are in hand."""
    groups = _usable(pods, found, resource, clock)
    requests = calculate_requests(pods, container, resource)
    ratio, utilization, raw = metricsclient.utilization_ratio(found, requests, target)
    fallback = max(100, target)  # a missing pod on a scale-down uses all its request, or the target

    def ratio_of(given: PodMetricsInfo) -> float:
        return metricsclient.utilization_ratio(given, requests, target)[0]

    def missing_usage(name: str) -> int:
        return requests[name] * fallback // 100

    replicas = _replicas(current, ratio, groups, found, ratio_of, missing_usage)
    return replicas, utilization, raw


def plain_replicas(
    current: int,
    target: int,
    resource: str,
    pods: list[Object],
    found: PodMetricsInfo,
    clock: Clock,
) -> tuple[int, int]:
    """calcPlainMetricReplicas: the same for an average value target."""
    groups = _usable(pods, found, resource, clock)
    ratio, usage = metricsclient.usage_ratio(found, target)

    def ratio_of(given: PodMetricsInfo) -> float:
        return metricsclient.usage_ratio(given, target)[0]

    return _replicas(current, ratio, groups, found, ratio_of, lambda _: target), usage


def _usable(pods: list[Object], found: PodMetricsInfo, resource: str, clock: Clock) -> PodGroups:
    """Group the pods and drop the metrics of the ignored and unready ones (in place)."""
    groups = group_pods(pods, found, resource, clock)
    for name in groups.ignored | groups.unready:
        found.pop(name, None)
    if not found:
        raise MetricsError("did not receive metrics for targeted pods (pods might be unready)")
    return groups


def _replicas(
    current: int,
    ratio: float,
    groups: PodGroups,
    found: PodMetricsInfo,
    ratio_of: Callable[[PodMetricsInfo], float],
    missing_usage: Callable[[str], int],
) -> int:
    """The count the ratio asks for, the missing and unready pods counted in as the
    direction of the change allows."""
    scale_up_with_unready = bool(groups.unready) and ratio > 1.0
    if not scale_up_with_unready and not groups.missing:
        return current if _within(ratio) else math.ceil(ratio * groups.ready)
    if ratio < 1.0:
        found.update({name: PodMetric(missing_usage(name)) for name in groups.missing})
    elif ratio > 1.0:
        found.update({name: PodMetric(0) for name in groups.missing})
    if scale_up_with_unready:
        found.update({name: PodMetric(0) for name in groups.unready})
    new_ratio = ratio_of(found)
    if _within(new_ratio) or (ratio < 1.0 < new_ratio) or (new_ratio < 1.0 < ratio):
        return current
    replicas = math.ceil(new_ratio * len(found))
    if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
        return current
    return replicas


def _within(ratio: float) -> bool:
    return 1.0 - TOLERANCE <= ratio <= 1.0 + TOLERANCE


def group_pods(pods: list[Object], found: PodMetricsInfo, resource: str, clock: Clock) -> PodGroups:
    """groupPods: ready pods counted; pending and (for CPU) not-yet-trusted pods unready;
    deleted and failed pods ignored; pods with no metric missing."""
    groups = PodGroups()
    for pod in pods:
        name, phase = pod["metadata"]["name"], (pod.get("status") or {}).get("phase")
        if pod["metadata"].get("deletionTimestamp") or phase == "Failed":
            groups.ignored.add(name)
        elif phase == "Pending":
            groups.unready.add(name)
        elif name not in found:
            groups.missing.add(name)
        elif resource == "cpu" and _unready_for_cpu(pod, found[name], clock):
            groups.unready.add(name)
        else:
            groups.ready += 1
    return groups


def _unready_for_cpu(pod: Object, metric: PodMetric, clock: Clock) -> bool:
    """A pod in its CPU initialization period counts only once ready and measured over a
    whole window since; after it, only one that has never been ready is left out."""
    condition = utils.ready_condition(pod)
    started = utils.virtual_ms(clock, (pod.get("status") or {}).get("startTime"))
    if condition is None or started is None:
        return True
    transition = utils.virtual_ms(clock, condition.get("lastTransitionTime")) or 0
    unready = condition.get("status") == "False"
    if started + CPU_INITIALIZATION_PERIOD_MS > clock.now:
        return unready or metric.timestamp_ms < transition + metric.window_ms
    return unready and started + INITIAL_READINESS_DELAY_MS > transition


def calculate_requests(pods: list[Object], container: str, resource: str) -> dict[str, int]:
    """calculateRequests: each pod's request of `resource` in milli-units, the sum over its
    containers and sidecars (or the named container's)."""
    return {pod["metadata"]["name"]: _pod_request(pod, container, resource) for pod in pods}


def _pod_request(pod: Object, container: str, resource: str) -> int:
    spec, name = pod.get("spec") or {}, pod["metadata"]["name"]
    sidecars = [c for c in spec.get("initContainers") or () if c.get("restartPolicy") == "Always"]
    request = 0
    for each in [*(spec.get("containers") or ()), *sidecars]:
        if container and each["name"] != container:
            continue
        value = ((each.get("resources") or {}).get("requests") or {}).get(resource)
        if value is None:
            raise MetricsError(
                f"missing request for {resource} in container {each['name']} of Pod {name}"
            )
        request += quantity.milli(value)
        if container:
            return request
    if container:
        raise MetricsError(f"container {container} not found in Pod {name}")
    return request
