"""What the kubelet gives a container: the downward API's files of its volumes (the service
account volume's namespace among them), and its working directory."""

import pytest

from cluster.engine.node import containerconfig
from cluster.engine.node.nodestatus import NodeConfig

from .helpers import cluster_with, container, container_logs, kubelet, runtime


def test_the_downward_api_writes_the_pods_fields_in_its_volumes_files():
    cluster = cluster_with(
        container(
            image="busybox:1.28",
            command=[
                "sh",
                "-c",
                "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo;"
                " cat /info/labels; echo; cat /info/name",
            ],
            volumeMounts=[{"name": "info", "mountPath": "/info"}],
        ),
        restart="Never",
        volumes=[
            {
                "name": "info",
                "downwardAPI": {
                    "items": [
                        {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
                        {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}},
                    ]
                },
            }
        ],
        labels={"tier": "web", "app": "shop"},
    )
    cluster.advance_to(5_000)
    assert container_logs(kubelet(cluster), "default", "p", "app") == (
        'default\napp="shop"\ntier="web"\np'  # the file ends with no newline, nor does the log
    )


def test_a_containers_processes_start_in_its_working_directory():
    cluster = cluster_with(
        container(image="busybox:1.28", command=["sh", "-c", "pwd; ls"], workingDir="/etc"),
        restart="Never",
    )
    cluster.advance_to(5_000)
    assert container_logs(kubelet(cluster), "default", "p", "app") == (
        "/etc\ngroup\nhostname\nhosts\npasswd\nresolv.conf\n"  # the image's accounts too
    )


def test_containers_alike_hold_their_environment_and_common_files_once():
    cluster = cluster_with(container("a"), container("b"))
    cluster.advance_to(5_000)
    first, second = (c.config for c in runtime(cluster).containers.values() if c.name != "POD")
    assert first.env is second.env
    shared = {path for path, _ in first.files} - {"/etc/hosts", "/etc/hostname"}
    assert "/etc/resolv.conf" in shared
    for path in shared:
        assert dict(first.files)[path] == dict(second.files)[path]
        assert next(f for f in first.files if f[0] == path) is next(
            f for f in second.files if f[0] == path
        )


@pytest.mark.parametrize(
    ("pod_limits", "container_limits", "expected"),
    [
        ({}, {}, (4 * 1024**3, 0)),  # the node's memory, no CPU limit
        ({}, {"memory": "128Mi", "cpu": "500m"}, (128 * 1024**2, 500)),
        ({"memory": "256Mi", "cpu": "1"}, {}, (256 * 1024**2, 1000)),  # the pod's bound it
        ({"memory": "256Mi", "cpu": "1"}, {"memory": "128Mi", "cpu": "2"}, (128 * 1024**2, 1000)),
    ],
)
def test_a_container_is_limited_by_its_own_limits_within_its_pods(
    pod_limits, container_limits, expected
):
    pod_spec = {"resources": {"limits": pod_limits}} if pod_limits else {}
    container = {"name": "c", "resources": {"limits": container_limits}}
    node = NodeConfig("node-1", "172.18.0.3", cpu="2", memory="4Gi")
    assert containerconfig.limits(pod_spec, container, node) == expected
