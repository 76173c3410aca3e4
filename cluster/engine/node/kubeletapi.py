"""The kubelet's own HTTP API on :10250 (pkg/kubelet/server), as kube-apiserver reaches it
through nodes/NAME/proxy/PATH: /healthz, /pods (the pods it runs, as it has them),
/metrics/resource (what the metrics pipeline scrapes, in Prometheus' text format) and
/stats/summary (the Summary API, its CPU and memory). Anything else is Go's 404."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object, format_timestamp
from cluster.engine.node import usage
from cluster.engine.node.process import Route

if TYPE_CHECKING:
    from cluster.engine.node.kubelet import Kubelet

JSON = "application/json"
PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8"
NOT_FOUND = Route("", 404, body="404 page not found\n")
# /metrics/resource: each metric's help text and type, in the order of their names
_METRICS = (
    (
        "container_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the container in core-seconds",
        "counter",
    ),
    (
        "container_memory_working_set_bytes",
        "Current working set of the container in bytes",
        "gauge",
    ),
    (
        "container_start_time_seconds",
        "Start time of the container since unix epoch in seconds",
        "gauge",
    ),
    (
        "node_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the node in core-seconds",
        "counter",
    ),
    ("node_memory_working_set_bytes", "Current working set of the node in bytes", "gauge"),
    (
        "pod_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the pod in core-seconds",
        "counter",
    ),
    ("pod_memory_working_set_bytes", "Current working set of the pod in bytes", "gauge"),
    (
        "resource_scrape_error",
        "1 if there was an error while getting container metrics, 0 otherwise",
        "gauge",
    ),
)


def serve(kubelet: Kubelet, path: str) -> Route:
    """The kubelet's answer to GET `path`."""
    found = path.split("?", 1)[0].rstrip("/") or "/"
    if found == "/healthz":
        return Route(path, 200, body="ok")
    if found == "/pods":
        return Route(path, 200, body=_json(_pods(kubelet)), content_type=JSON)
    if found == "/metrics/resource":
        return Route(path, 200, body=_resource_metrics(kubelet), content_type=PROMETHEUS)
    if found == "/stats/summary":
        return Route(path, 200, body=_json(_summary(kubelet)), content_type=JSON)
    return NOT_FOUND


def _json(obj: Object) -> str:
    return json.dumps(obj, separators=(",", ":"))


def _pods(kubelet: Kubelet) -> Object:
    """The pod manager's pods: the objects bound to this node, as last received."""
    cache = kubelet.pod_informer.cache
    items = [cache[key] for key in sorted(cache)]
    return {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": items}


class _Sample:
    """One scrape: each running container's usage with its start, and the node's."""

    def __init__(self, kubelet: Kubelet) -> None:
        clock = kubelet.clock
        self.now_ms = clock.epoch * 1000 + clock.now
        self.uptime_ms = clock.now
        self.node, pods = kubelet.resource_metrics()
        self.containers: list[tuple[str, str, str, usage.Usage, int]] = []
        for key, used in sorted(pods.items()):
            namespace, _, pod = key.partition("/")
            worker = kubelet.workers[key]
            for name, each in sorted(used.items()):
                current = worker.containers[name].current
                started = kubelet.runtime.containers[current.id].started_ms if current else None
                start_ms = clock.epoch * 1000 + (started or 0)
                self.containers.append((namespace, pod, name, each, start_ms))

    def cpu_seconds(self, nanocores: int, since_ms: int) -> float:
        """Cumulative CPU time at the sampled rate since `since_ms` (unix ms)."""
        return nanocores * max(0, self.now_ms - since_ms) / 1e12


def _resource_metrics(kubelet: Kubelet) -> str:
    sample = _Sample(kubelet)
    at = sample.now_ms
    lines: dict[str, list[str]] = {name: [] for name, _, _ in _METRICS}
    pods: dict[tuple[str, str], list[tuple[usage.Usage, int]]] = {}
    # samples go in the order of their labels' values, the labels in the order of their names
    for namespace, pod, name, used, start in sorted(sample.containers, key=lambda c: c[2]):
        labels = f'container="{name}",namespace="{namespace}",pod="{pod}"'
        cpu = sample.cpu_seconds(used.nanocores, start)
        lines["container_cpu_usage_seconds_total"].append(f"{{{labels}}} {_float(cpu)} {at}")
        lines["container_memory_working_set_bytes"].append(
            f"{{{labels}}} {_float(used.bytes)} {at}"
        )
        lines["container_start_time_seconds"].append(f"{{{labels}}} {_float(start / 1000)}")
        pods.setdefault((namespace, pod), []).append((used, start))
    boot = sample.now_ms - sample.uptime_ms
    lines["node_cpu_usage_seconds_total"].append(
        f" {_float(sample.cpu_seconds(sample.node.nanocores, boot))} {at}"
    )
    lines["node_memory_working_set_bytes"].append(f" {_float(sample.node.bytes)} {at}")
    for (namespace, pod), used in sorted(pods.items()):
        labels = f'namespace="{namespace}",pod="{pod}"'
        cpu = sum(sample.cpu_seconds(u.nanocores, start) for u, start in used)
        memory = sum(u.bytes for u, _ in used)
        lines["pod_cpu_usage_seconds_total"].append(f"{{{labels}}} {_float(cpu)} {at}")
        lines["pod_memory_working_set_bytes"].append(f"{{{labels}}} {_float(memory)} {at}")
    lines["resource_scrape_error"].append(" 0")
    out = []
    for name, text, kind in _METRICS:
        out += [f"# HELP {name} [STABLE] {text}", f"# TYPE {name} {kind}"]
        out += [f"{name}{line}" for line in lines[name]]
    return "\n".join(out) + "\n"


def _float(value: float) -> str:
    """Go's strconv.FormatFloat(v, 'g', -1, 64), as Prometheus' text format writes values:
    the shortest digits, with an exponent from 1e+06 on and below 1e-04."""
    if value == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    shown = "".join(map(str, digits))
    point = len(shown) + int(exponent)  # where the decimal point goes
    minus = "-" if sign else ""
    if point - 1 < -4 or point - 1 >= 6:
        mantissa = shown[0] + (f".{shown[1:]}" if len(shown) > 1 else "")
        power = point - 1
        return f"{minus}{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{shown}"
    if point >= len(shown):
        return f"{minus}{shown}{'0' * (point - len(shown))}"
    return f"{minus}{shown[:point]}.{shown[point:]}"


def _summary(kubelet: Kubelet) -> Object:
    """statsapi.Summary: the node's and each pod's CPU and memory, as cAdvisor sampled them."""
    sample = _Sample(kubelet)
    now = _time(sample.now_ms)
    boot_ms = sample.now_ms - sample.uptime_ms
    pods: dict[tuple[str, str], list[Object]] = {}
    for namespace, pod, name, used, start in sample.containers:
        pods.setdefault((namespace, pod), []).append(
            {
                "name": name,
                "startTime": _time(start),
                "cpu": _cpu(now, used.nanocores, sample.cpu_seconds(used.nanocores, start)),
                "memory": _memory(now, used.bytes),
            }
        )
    listed = []
    for (namespace, pod), containers in pods.items():
        worker = kubelet.workers[f"{namespace}/{pod}"]
        nanocores = sum(c["cpu"]["usageNanoCores"] for c in containers)
        total = sum(c["cpu"]["usageCoreNanoSeconds"] for c in containers)
        memory = sum(c["memory"]["workingSetBytes"] for c in containers)
        listed.append(
            {
                "podRef": {"name": pod, "namespace": namespace, "uid": worker.uid},
                "startTime": worker.start_time,
                "containers": containers,
                "cpu": {"time": now, "usageNanoCores": nanocores, "usageCoreNanoSeconds": total},
                "memory": _memory(now, memory),
            }
        )
    node = sample.node
    capacity = kubelet.config.capacity()
    return {
        "node": {
            "nodeName": kubelet.config.name,
            "startTime": _time(boot_ms),
            "cpu": _cpu(now, node.nanocores, sample.cpu_seconds(node.nanocores, boot_ms)),
            "memory": _memory(now, node.bytes, quantity.value(capacity.get("memory", "0"))),
        },
        "pods": listed,
    }


def _time(unix_ms: int) -> str:
    """A metav1.Time, as JSON has it: to the second."""
    return format_timestamp(unix_ms // 1000)


def _cpu(now: str, nanocores: int, seconds: float) -> Object:
    return {
        "time": now,
        "usageNanoCores": nanocores,
        "usageCoreNanoSeconds": int(seconds * 1e9),
    }


def _memory(now: str, working_set: int, capacity: int = 0) -> Object:
    found: Object = {"time": now}
    if capacity:
        found["availableBytes"] = max(0, capacity - working_set)
    return found | {
        "usageBytes": working_set,
        "workingSetBytes": working_set,
        "rssBytes": working_set,
        "pageFaults": 0,
        "majorPageFaults": 0,
    }
