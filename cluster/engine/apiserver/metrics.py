"""metrics.k8s.io/v1beta1 (NodeMetrics, PodMetrics), as metrics-server serves it behind
kube-apiserver's aggregation layer: kube-apiserver passes the request to metrics-server,
which reads every kubelet's /metrics/resource and answers with what they measured.

Objects carry the labels of their node or pod (so label selectors work), the time of the
scrape and its window; a pod appears once it has a running container.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.node.usage import WINDOW_MS, Usage

NAME = "metrics-server"
API_VERSION = "metrics.k8s.io/v1beta1"
WINDOW = f"{WINDOW_MS // 1000}s"

# what a kubelet's /metrics/resource gives: the node's usage, and per pod ("ns/name") per container
Scrape = tuple[Usage, dict[str, dict[str, Usage]]]


class ResourceMetrics(Protocol):
    def resource_metrics(self) -> Scrape: ...


def quantities(usage: Usage) -> Object:
    """How metrics-server writes usage: nanocores and kibibytes."""
    return {"cpu": f"{usage.nanocores}n", "memory": f"{usage.bytes // 1024}Ki"}


def node_metrics(node: Object, usage: Usage, now: str) -> Object:
    meta = node["metadata"]
    return {
        "kind": "NodeMetrics",
        "apiVersion": API_VERSION,
        "metadata": _meta(meta, now),
        "timestamp": now,
        "window": WINDOW,
        "usage": quantities(usage),
    }


def pod_metrics(pod: Object, containers: dict[str, Usage], now: str) -> Object:
    return {
        "kind": "PodMetrics",
        "apiVersion": API_VERSION,
        "metadata": _meta(pod["metadata"], now),
        "timestamp": now,
        "window": WINDOW,
        "containers": [
            {"name": name, "usage": quantities(usage)} for name, usage in containers.items()
        ],
    }


def _meta(meta: Object, now: str) -> Object:
    found: Object = {"name": meta["name"]}
    if meta.get("namespace"):
        found["namespace"] = meta["namespace"]
    found["creationTimestamp"] = now
    if meta.get("labels"):
        found["labels"] = dict(meta["labels"])
    return found


def answer(
    resource: Resource, namespace: str, name: str, query: dict[str, str], items: Iterable[Object]
) -> Object:
    """The one object asked for (404 when it has no metrics), or the list, selected."""
    if name:
        for item in items:
            meta = item["metadata"]
            if meta["name"] == name and meta.get("namespace", "") == namespace:
                return item
        shown = f"{namespace}/{name}" if namespace else name
        raise StatusError(
            404,
            "NotFound",
            f'{resource.kind.lower()}.metrics.k8s.io "{shown}" not found',
            {"name": shown, "group": "metrics.k8s.io", "kind": resource.kind.lower()},
        )
    try:
        selector = labels.parse(query.get("labelSelector", ""))
    except labels.SelectorError as error:
        raise errors.bad_request(str(error)) from None
    selected = [
        item
        for item in items
        if (not namespace or item["metadata"].get("namespace") == namespace)
        and selector.matches(item["metadata"].get("labels") or {})
    ]
    return {
        "kind": f"{resource.kind}List",
        "apiVersion": API_VERSION,
        "metadata": {},
        "items": selected,
    }
