"""Small builders for scheduler tests, in the manner of Kubernetes' own test helpers."""

from cluster.engine.scheduler.framework import NodeInfo


def node(
    name: str = "n1",
    *,
    cpu: str = "2",
    memory: str = "4Gi",
    pods: str = "110",
    taints: list | None = None,
    unschedulable: bool = False,
) -> NodeInfo:
    capacity = {"cpu": cpu, "memory": memory, "pods": pods}
    spec: dict = {"taints": taints or []}
    if unschedulable:
        spec["unschedulable"] = True
    return NodeInfo(
        {
            "metadata": {"name": name},
            "spec": spec,
            "status": {"capacity": capacity, "allocatable": capacity},
        }
    )


def pod(
    name: str = "p",
    *,
    cpu: str = "",
    memory: str = "",
    tolerations: list | None = None,
    node_name: str = "",
) -> dict:
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    spec = {
        "containers": [
            {"name": "c", "image": "nginx", "resources": {"requests": requests} if requests else {}}
        ],
        "tolerations": tolerations or [],
    }
    if node_name:
        spec["nodeName"] = node_name
    return {"metadata": {"name": name, "namespace": "default"}, "spec": spec}


def taint(key: str, value: str = "", effect: str = "NoSchedule") -> dict:
    return {"key": key, "value": value, "effect": effect}


def with_pods(info: NodeInfo, *pods: dict) -> NodeInfo:
    for i, p in enumerate(pods):
        info.add_pod(f"default/existing-{i}", p)
    return info
