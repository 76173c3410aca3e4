"""What the dashboard draws of a pod: its containers, and the ephemeral ones apart."""

from cluster.dashboard import pod_view


def test_a_pods_view_has_its_containers_then_its_ephemeral_ones():
    pod = {
        "metadata": {"name": "web", "namespace": "default", "uid": "u"},
        "spec": {
            "nodeName": "node-1",
            "containers": [{"name": "web", "image": "nginx"}],
            "ephemeralContainers": [{"name": "debugger", "image": "busybox"}],
        },
        "status": {
            "phase": "Running",
            "containerStatuses": [
                {"name": "web", "ready": True, "restartCount": 0, "state": {"running": {}}}
            ],
            "ephemeralContainerStatuses": [
                {
                    "name": "debugger",
                    "ready": False,
                    "state": {"terminated": {"reason": "Completed"}},
                }
            ],
        },
    }
    view = pod_view(pod)
    assert view["containers"] == [
        {"name": "web", "image": "nginx", "state": "running", "reason": None, "ready": True},
        {
            "name": "debugger",
            "image": "busybox",
            "state": "terminated",
            "reason": "Completed",
            "ready": False,
            "ephemeral": True,
        },
    ]
    assert view["ready"] == "1/1"
