"""Small builders for scheduler tests, in the manner of Kubernetes' own test helpers."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.scheduler.cache import LabelSets
from cluster.engine.scheduler.types import NodeInfo, PodInfo


def node_object(
    name: str = "n1",
    *,
    cpu: str = "2",
    memory: str = "4Gi",
    pods: str = "110",
    taints: list | None = None,
    unschedulable: bool = False,
    labels: dict | None = None,
    images: list | None = None,
    extra: dict | None = None,
) -> Object:
    allocatable = {"cpu": cpu, "memory": memory, "pods": pods, **(extra or {})}
    spec: Object = {"taints": taints or []}
    if unschedulable:
        spec["unschedulable"] = True
    status: Object = {"capacity": allocatable, "allocatable": allocatable}
    if images is not None:
        status["images"] = images
    return {
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
        "spec": spec,
        "status": status,
    }


def node(name: str = "n1", **kwargs) -> NodeInfo:
    return NodeInfo(node_object(name, **kwargs))


def pod_object(
    name: str = "p",
    *,
    cpu: str = "",
    memory: str = "",
    tolerations: list | None = None,
    node_name: str = "",
    labels: dict | None = None,
    namespace: str = "default",
    node_selector: dict | None = None,
    affinity: dict | None = None,
    host_ports: list | None = None,
    priority: int = 0,
    spread: list | None = None,
    image: str = "nginx",
    owner: dict | None = None,
    extra: dict | None = None,
) -> Object:
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    requests.update(extra or {})
    container: Object = {
        "name": "c",
        "image": image,
        "resources": {"requests": requests} if requests else {},
    }
    if host_ports:
        container["ports"] = [
            {"containerPort": port, "hostPort": port, "protocol": "TCP"} for port in host_ports
        ]
    spec: Object = {
        "containers": [container],
        "tolerations": tolerations or [],
        "priority": priority,
    }
    for key, value in (
        ("nodeName", node_name),
        ("nodeSelector", node_selector),
        ("affinity", affinity),
        ("topologySpreadConstraints", spread),
    ):
        if value:
            spec[key] = value
    meta: Object = {"name": name, "namespace": namespace, "uid": f"uid-{name}"}
    if labels:
        meta["labels"] = labels
    if owner:
        meta["ownerReferences"] = [{"controller": True, **owner}]
    return {"metadata": meta, "spec": spec, "status": {"phase": "Pending"}}


def priority_class(value: int, policy: str = "PreemptLowerPriority") -> tuple[str, Object]:
    """A PriorityClass for pods of this priority and preemption policy: its name and body
    (the Priority admission plugin gives pods their priority from their class)."""
    name = f"priority-{value}-{policy.lower()}"
    body = {
        "apiVersion": "scheduling.k8s.io/v1",
        "kind": "PriorityClass",
        "metadata": {"name": name},
        "value": value,
        "preemptionPolicy": policy,
    }
    return name, body


def pod(name: str = "p", **kwargs) -> PodInfo:
    return PodInfo(pod_object(name, **kwargs))


def taint(key: str, value: str = "", effect: str = "NoSchedule") -> dict:
    return {"key": key, "value": value, "effect": effect}


def toleration(key: str = "", operator: str = "Exists", effect: str = "", value: str = "") -> dict:
    found = {"key": key, "operator": operator, "effect": effect, "value": value}
    return {k: v for k, v in found.items() if v}


def with_pods(info: NodeInfo, *pods: PodInfo) -> NodeInfo:
    for p in pods:
        info.add_pod(p.bound_to(info.name))
    return info


def affinity_term(key: str, operator: str, *values: str) -> dict:
    """A nodeSelectorTerm with one expression."""
    expression = {"key": key, "operator": operator}
    if values:
        expression["values"] = list(values)
    return {"matchExpressions": [expression]}


def required(*terms: dict) -> dict:
    return {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": list(terms)}
        }
    }


def preferred(*weighted: tuple[int, dict]) -> dict:
    return {
        "nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": weight, "preference": term} for weight, term in weighted
            ]
        }
    }


class FakeHandle:
    """What plugins ask of the framework: every node, image spread, listers."""

    def __init__(self, nodes: list[NodeInfo], objects: dict | None = None) -> None:
        self.nodes = nodes
        self.objects = objects or {}  # resource -> list of objects

    def node_infos(self) -> list[NodeInfo]:
        return self.nodes

    def node_info(self, name: str) -> NodeInfo | None:
        return next((n for n in self.nodes if n.name == name), None)

    def nodes_labelled(self, key: str) -> int:
        return sum(1 for n in self.nodes if key in n.labels)

    def have_pods_with_affinity(self, required_anti: bool = False) -> list[NodeInfo]:
        pods = "pods_with_required_anti_affinity" if required_anti else "pods_with_affinity"
        return [n for n in self.nodes if getattr(n, pods)]

    def image_num_nodes(self, image: str) -> int:
        return sum(1 for n in self.nodes if image in n.images)

    def label_sets(self) -> LabelSets:
        return LabelSets.of(self.nodes)

    def list_objects(self, resource: str, namespace: str) -> list[Object]:
        return [
            o for o in self.objects.get(resource, []) if o["metadata"]["namespace"] == namespace
        ]

    def get_object(self, resource: str, namespace: str, name: str) -> Object | None:
        return next(
            (o for o in self.list_objects(resource, namespace) if o["metadata"]["name"] == name),
            None,
        )
