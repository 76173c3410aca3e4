"""The resource metrics client (pkg/controller/podautoscaler/metrics): the pods' usage from
metrics.k8s.io, and the ratios of usage to target the replica calculator works with."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import quantity
from cluster.engine.api.duration import parse_duration
from cluster.engine.api.meta import Object
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils

POD_METRICS = "pods.metrics.k8s.io"


@dataclass(frozen=True, slots=True)
class PodMetric:
    value: int  # milli-units, as Quantity.MilliValue gives them
    timestamp_ms: int = 0
    window_ms: int = 0


PodMetricsInfo = dict[str, PodMetric]


class MetricsError(Exception):
    """What keeps a metric from being read or used; its text is upstream's error."""


def resource_metric(
    client: Client, clock: Clock, resource: str, namespace: str, selector: str, container: str
) -> PodMetricsInfo:
    """GetResourceMetric: the pods' usage of `resource` (one container's, if named), as the
    resource metrics client lists PodMetrics by the target's selector."""
    query = {"labelSelector": selector} if selector else {}
    response = client.request("list", POD_METRICS, namespace, query=query)
    if not response.ok:
        message = response.body.get("message", "")
        raise MetricsError(f"unable to fetch metrics from resource metrics API: {message}")
    items = response.body.get("items") or []
    if not items:
        raise MetricsError("no metrics returned from resource metrics API")
    found: PodMetricsInfo = {}
    for item in items:
        value = _usage(item, resource, container)
        if value is not None:
            found[item["metadata"]["name"]] = PodMetric(
                value,
                utils.virtual_ms(clock, item.get("timestamp")) or 0,
                parse_duration(item.get("window") or "0s") // 1_000_000,
            )
    return found


def _usage(item: Object, resource: str, container: str) -> int | None:
    """getPodMetrics and getContainerMetrics: the sum over the containers, or the named
    container's; None when any (or that one) lacks the resource."""
    containers = item.get("containers") or []
    if container:
        containers = [c for c in containers if c.get("name") == container][:1]
    if not containers:
        return None
    usages = [(c.get("usage") or {}).get(resource) for c in containers]
    if any(usage is None for usage in usages):
        return None
    return sum(quantity.milli(usage) for usage in usages)


def utilization_ratio(
    metrics: PodMetricsInfo, requests: dict[str, int], target: int
) -> tuple[float, int, int]:
    """GetResourceUtilizationRatio: (usage over target, utilization in percent of the
    requests, average raw value) over the pods with both a metric and a request."""
    total = requested = entries = 0
    for name, metric in metrics.items():
        if name in requests:  # the others are extraneous metrics
            total += metric.value
            requested += requests[name]
            entries += 1
    if requested == 0:
        raise MetricsError("no metrics returned matched known pods")
    utilization = total * 100 // requested
    return utilization / target, utilization, total // entries


def usage_ratio(metrics: PodMetricsInfo, target: int) -> tuple[float, int]:
    """GetMetricUsageRatio: (average usage over target, average usage)."""
    usage = sum(metric.value for metric in metrics.values()) // len(metrics)
    return usage / target, usage
