"""The PodResizeValidator admission plugin: a resize of a pod on a node is refused when the
node is not Linux, is gone, or could never give the pod what it asks for."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.engine.requests import admin_request as ask

PATCH = "application/strategic-merge-patch+json"
RESOURCES = {
    "requests": {"cpu": "100m", "memory": "64Mi"},
    "limits": {"cpu": "200m", "memory": "128Mi"},
}


def create_pod(cluster, **spec):
    container = {"name": "app", "image": "nginx", "resources": RESOURCES}
    body = {"metadata": {"name": "web"}, "spec": {"containers": [container], **spec}}
    assert ask(cluster, "create", "pods", body=body).code == 201
    cluster.run_until_idle()
    return ask(cluster, "get", "pods", "web").body


def resize_to(cluster, requests, limits):
    resources = {"requests": requests, "limits": limits}
    body = {"spec": {"containers": [{"name": "app", "resources": resources}]}}
    return ask(cluster, "patch", "pods", "web", "resize", body)


@pytest.fixture
def cluster():
    return Cluster()


def test_a_resize_the_node_can_give_is_admitted(cluster):
    create_pod(cluster)
    response = resize_to(cluster, {"cpu": "2"}, {"cpu": "2"})
    assert (response.code, response.body["metadata"]["generation"]) == (200, 2)


@pytest.mark.parametrize(
    ("requests", "limits", "shortfall"),
    [
        pytest.param(
            {"cpu": "100"},
            {"cpu": "200"},
            "cpu, requested: 100000, allocatable: 2000",
            id="cpu in millicores",
        ),
        pytest.param(
            {"memory": "5Gi"},
            {"memory": "6Gi"},
            "memory, requested: 5368709120, allocatable: 4294967296",
            id="memory in bytes",
        ),
        pytest.param(
            {"cpu": "3", "memory": "5Gi"},
            {"cpu": "3", "memory": "6Gi"},
            "cpu, requested: 3000, allocatable: 2000; memory, requested: 5368709120, "
            "allocatable: 4294967296",
            id="both, cpu first",
        ),
    ],
)
def test_a_resize_beyond_the_nodes_allocatable_is_refused(cluster, requests, limits, shortfall):
    create_pod(cluster)
    response = resize_to(cluster, requests, limits)
    assert (response.code, response.body["message"], response.body["details"]) == (
        403,
        f'pods "web" is forbidden: node didn\'t have enough allocatable resources: {shortfall}',
        {"name": "web", "kind": "pods", "causes": [{"reason": "NodeCapacity"}]},
    )


def test_a_resize_on_a_node_that_is_not_linux_is_refused(cluster):
    node = create_pod(cluster)["spec"]["nodeName"]
    labels = {"metadata": {"labels": {"kubernetes.io/os": "windows"}}}
    assert ask(cluster, "patch", "nodes", node, body=labels, namespace="").code == 200
    response = resize_to(cluster, {"cpu": "150m"}, {"cpu": "300m"})
    assert (response.code, response.body["message"], response.body["details"]["causes"]) == (
        403,
        f'pods "web" is forbidden: pod resize is only supported on linux nodes, node "{node}" '
        'is "windows"',
        [{"reason": "UnsupportedPlatform"}],
    )


def test_a_resize_on_a_node_that_is_gone_is_refused_unless_the_spec_stays(cluster):
    create_pod(cluster, nodeName="gone")
    response = resize_to(cluster, {"cpu": "150m"}, {"cpu": "300m"})
    assert (response.code, response.body["message"], response.body["details"]) == (
        403,
        'pods "web" is forbidden: node "gone" not found',
        {"name": "web", "kind": "pods"},
    )
    unchanged = resize_to(cluster, {"cpu": "100m"}, {"cpu": "200m"})
    assert unchanged.code == 200


def test_a_pod_on_no_node_yet_is_not_checked(cluster):
    create_pod(cluster, schedulingGates=[{"name": "example.com/wait"}])
    assert resize_to(cluster, {"cpu": "100"}, {"cpu": "200"}).code == 200
