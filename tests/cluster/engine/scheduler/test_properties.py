"""A property of the whole scheduler: no pod is ever bound to a node its filters reject."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cluster.engine.api import quantity
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.kubelet import NodeConfig
from cluster.engine.scheduler.plugins import helper
from tests.cluster.engine.scheduler.helpers import priority_class

TAINTS = (
    {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
    {"key": "spot", "effect": "NoExecute"},
    {"key": "slow", "effect": "PreferNoSchedule"},
)
TOLERATIONS = (
    {"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"},
    {"key": "dedicated", "operator": "Equal", "value": "cpu"},
    {"key": "spot", "operator": "Exists"},
    {"operator": "Exists", "effect": "NoSchedule"},
)
DISKS = ("ssd", "hdd")
PRIORITIES = (0, 100)  # each a PriorityClass

nodes = st.lists(
    st.fixed_dictionaries(
        {
            "cpu": st.sampled_from(("1", "2", "4")),
            "memory": st.sampled_from(("1Gi", "2Gi")),
            "pods": st.sampled_from(("2", "3", "110")),
            "taints": st.lists(st.sampled_from(TAINTS), unique_by=lambda t: t["key"], max_size=2),
            "disk": st.sampled_from((None, *DISKS)),
            "unschedulable": st.sampled_from((False, False, False, True)),
        }
    ),
    min_size=1,
    max_size=4,
)
pods = st.lists(
    st.fixed_dictionaries(
        {
            "cpu": st.sampled_from(("", "100m", "500m", "1", "3")),
            "memory": st.sampled_from(("", "256Mi", "1Gi")),
            "tolerations": st.lists(st.sampled_from(TOLERATIONS), unique_by=str, max_size=2),
            "disk": st.sampled_from((None, *DISKS)),
            "priority": st.sampled_from((0, 0, PRIORITIES[1])),
            "port": st.sampled_from((None, None, 8080)),
        }
    ),
    min_size=1,
    max_size=8,
)


def build(node_specs: list[dict]) -> Cluster:
    configs = tuple(
        NodeConfig(
            f"node-{i}", f"172.18.0.{i + 3}", cpu=n["cpu"], memory=n["memory"], pods=n["pods"]
        )
        for i, n in enumerate(node_specs)
    )
    cluster = Cluster(ClusterSpec(nodes=configs))
    for i, n in enumerate(node_specs):
        patch = {"spec": {"taints": n["taints"], "unschedulable": n["unschedulable"] or None}}
        if n["disk"]:
            patch["metadata"] = {"labels": {"disk": n["disk"]}}
        ask(cluster, "patch", "nodes", "", f"node-{i}", patch)
    for value in PRIORITIES:
        ask(cluster, "create", "priorityclasses", "", body=priority_class(value)[1])
    return cluster


def ask(cluster: Cluster, verb: str, resource: str, namespace: str, name: str = "", body=None):
    response = cluster.handle(
        Request(
            verb,
            resource,
            namespace,
            name,
            body=body,
            credential=cluster.admin,
            content_type="application/merge-patch+json",
        )
    )
    assert response.code in (200, 201), response.body
    return response.body


def pod_body(i: int, spec: dict) -> dict:
    requests = {k: spec[k] for k in ("cpu", "memory") if spec[k]}
    container = {"name": "c", "image": "nginx:1.27", "resources": {"requests": requests}}
    if spec["port"]:
        container["ports"] = [{"containerPort": 80, "hostPort": spec["port"]}]
    body = {
        "metadata": {"name": f"pod-{i}"},
        "spec": {
            "containers": [container],
            "tolerations": spec["tolerations"],
            "priorityClassName": priority_class(spec["priority"])[0],
        },
    }
    if spec["disk"]:
        body["spec"]["nodeSelector"] = {"disk": spec["disk"]}
    return body


def check_node(node: dict, bound: list[dict]) -> None:
    """What the filters promise of every pod on a node, and of them all together."""
    allocatable = node["status"]["allocatable"]
    hard = [t for t in node["spec"].get("taints") or [] if t["effect"] != "PreferNoSchedule"]
    labels = node["metadata"].get("labels") or {}
    for pod in bound:
        spec = pod["spec"]
        assert helper.untolerated_taint(hard, spec.get("tolerations") or []) is None
        if node["spec"].get("unschedulable"):
            unschedulable = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}
            assert helper.tolerated(unschedulable, spec.get("tolerations") or [])
        assert all(labels.get(k) == v for k, v in (spec.get("nodeSelector") or {}).items())
    assert len(bound) <= quantity.value(allocatable["pods"])
    for resource, parse in (("cpu", quantity.milli), ("memory", quantity.value)):
        requested = sum(
            parse(c["resources"].get("requests", {}).get(resource, "0"))
            for pod in bound
            for c in pod["spec"]["containers"]
        )
        assert requested <= parse(allocatable[resource])
    ports = [
        p["hostPort"]
        for pod in bound
        for c in pod["spec"]["containers"]
        for p in c.get("ports") or []
        if p.get("hostPort")
    ]
    assert len(ports) == len(set(ports))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(node_specs=nodes, pod_specs=pods)
def test_no_pod_is_ever_bound_to_a_node_its_filters_reject(node_specs, pod_specs):
    cluster = build(node_specs)
    for i, spec in enumerate(pod_specs):
        ask(cluster, "create", "pods", "default", body=pod_body(i, spec))
    cluster.run_until_idle(max_steps=200_000)
    listed = ask(cluster, "list", "pods", "default")["items"]
    for node in ask(cluster, "list", "nodes", "")["items"]:
        name = node["metadata"]["name"]
        check_node(node, [p for p in listed if p["spec"].get("nodeName") == name])
    for pod in listed:
        if not pod["spec"].get("nodeName"):
            condition = next(c for c in pod["status"]["conditions"] if c["type"] == "PodScheduled")
            assert condition["message"].startswith(f"0/{len(node_specs)} nodes are available")
