"""What a user types for a resource: names, short names, group-qualified names, categories."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl import resolve
from cluster.kubectl.context import ExitError
from tests.cluster.kubectl.helpers import run


def test_a_group_qualified_name_is_that_groups_resource() -> None:
    assert resolve.resource("nodes.metrics.k8s.io").kind == "NodeMetrics"
    assert resolve.resource("nodes").kind == "Node"
    assert resolve.resource("deploy.apps").kind == "Deployment"
    assert resolve.resource("deployments.v1.apps").kind == "Deployment"
    with pytest.raises(ExitError, match=r'resource type "pods" in group "apps"$'):
        resolve.resource("pods.apps")
    with pytest.raises(ExitError, match=r'resource type "ev" in group "v1\.events\.k8s\.io"$'):
        resolve.resource("ev.v1.events.k8s.io")


def test_all_is_the_category_as_discovery_orders_it() -> None:
    kinds = [resource.kind for resource, _ in resolve.targets(["all"])]
    assert kinds == [
        "Pod",
        "ReplicationController",
        "Service",
        "DaemonSet",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "HorizontalPodAutoscaler",
        "CronJob",
        "Job",
    ]


def test_several_types_with_names_name_each_type() -> None:
    pairs = resolve.targets(["pods,svc", "a", "b"])
    assert [(r.name, n) for r, n in pairs] == [
        ("pods", "a"),
        ("pods", "b"),
        ("services", "a"),
        ("services", "b"),
    ]
    with pytest.raises(ExitError, match=r"^error: you must specify only one resource$"):
        resolve.targets(["all", "a"])


def test_what_comes_without_a_table_gets_names_and_ages() -> None:
    cluster = Cluster()
    cluster.run_until_idle()
    assert run(cluster, "get", "nodes.metrics.k8s.io", "node-1").stdout == (
        "NAME     AGE\nnode-1   0s\n"
    )
