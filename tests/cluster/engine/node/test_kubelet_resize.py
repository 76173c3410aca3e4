"""The kubelet resizing a pod's containers in place (InPlacePodVerticalScaling): allocated when
the node has room, else Deferred until it has; applied in place, or by a restart when the
resizePolicy says so; refused while a memory limit would go below what is used; its
conditions, events and container statuses."""

import pickle

from cluster.engine.apiserver.request import Request
from cluster.engine.node import resize

from .helpers import cluster_with, container, events, pod, runtime_calls, status

RESOURCES = {
    "requests": {"cpu": "100m", "memory": "64Mi"},
    "limits": {"cpu": "200m", "memory": "128Mi"},
}
STRATEGIC = "application/strategic-merge-patch+json"


def app(**fields: object) -> dict:
    return container("app", "nginx:1.27", resources=RESOURCES, **fields)


def resize_to(cluster, resources: dict, name: str = "p") -> None:
    body = {"spec": {"containers": [{"name": "app", "resources": resources}]}}
    response = cluster.handle(
        Request(
            "patch",
            "pods",
            "default",
            name,
            subresource="resize",
            body=body,
            content_type=STRATEGIC,
            credential=cluster.admin,
        )
    )
    assert response.code == 200, response.body


def take_room(cluster) -> None:
    """Pod `big`, asking for 1.5 of node-1's 2 CPUs."""
    big = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "big"},
        "spec": {
            "nodeName": "node-1",
            "containers": [
                container("big", "nginx:1.27", resources={"requests": {"cpu": "1500m"}})
            ],
        },
    }
    response = cluster.handle(
        Request("create", "pods", "default", body=big, credential=cluster.admin)
    )
    assert response.code == 201


def resize_conditions(cluster) -> list[tuple[str, str, str, int]]:
    found = pod(cluster)
    assert found is not None
    return [
        (c["type"], c.get("reason", ""), c.get("message", ""), c["observedGeneration"])
        for c in found["status"]["conditions"]
        if c["type"] in (resize.PENDING, resize.IN_PROGRESS)
    ]


def resize_events(cluster) -> list[tuple[str, str, str]]:
    return [(t, r, m) for t, r, m, _ in events(cluster) if r.startswith("Resize")]


def test_a_resize_is_allocated_then_applied_in_place():
    cluster = cluster_with(app())
    cluster.advance_to(10_000)
    mark = cluster.trace.last_seq
    wanted = {"requests": {"cpu": "150m"}, "limits": {"cpu": "300m"}}
    resize_to(cluster, wanted)
    # allocated at once (the node has room): in progress until the runtime applies it
    assert resize_conditions(cluster) == [(resize.IN_PROGRESS, "", "", 2)]
    assert status(cluster)["allocatedResources"] == {"cpu": "150m", "memory": "64Mi"}
    assert status(cluster)["resources"] == RESOURCES
    cluster.advance_to(12_000)
    assert resize_conditions(cluster) == []
    assert status(cluster)["resources"] == {
        "limits": {"cpu": "300m", "memory": "128Mi"},
        "requests": {"cpu": "150m", "memory": "64Mi"},
    }
    assert status(cluster)["restartCount"] == 0
    assert "UpdateContainerResources" in [verb for _, verb in runtime_calls(cluster, mark)]
    summary = (
        '{"containers":[{"name":"app","resources":{"limits":{"cpu":"300m","memory":"128Mi"},'
        '"requests":{"cpu":"150m","memory":"64Mi"}}}],"generation":2}'
    )
    assert resize_events(cluster) == [
        ("Normal", "ResizeStarted", f"Pod resize started: {summary}"),
        ("Normal", "ResizeCompleted", f"Pod resize completed: {summary}"),
    ]


def test_a_resize_waits_for_room_on_the_node():
    cluster = cluster_with(app())
    take_room(cluster)
    cluster.advance_to(10_000)
    resize_to(cluster, {"requests": {"cpu": "1"}, "limits": {"cpu": "1"}})
    cluster.advance_to(12_000)
    message = "Node didn't have enough resource: cpu, requested: 1000, used: 1500, capacity: 2000"
    assert resize_conditions(cluster) == [(resize.PENDING, resize.DEFERRED, message, 2)]
    # the container keeps what it was allocated, in the status as in its cgroup
    assert status(cluster)["allocatedResources"] == {"cpu": "100m", "memory": "64Mi"}
    deferred = (
        '{"containers":[{"name":"app","resources":{"limits":{"cpu":"1","memory":"128Mi"},'
        '"requests":{"cpu":"1","memory":"64Mi"}}}],"generation":2,'
        f'"error":"{message}"}}'
    )
    assert resize_events(cluster) == [
        ("Warning", "ResizeDeferred", f"Pod resize Deferred: {deferred}")
    ]
    # the other pod goes: the resize gets its room
    response = cluster.handle(Request("delete", "pods", "default", "big", credential=cluster.admin))
    assert response.code == 200
    cluster.advance_to(60_000)
    assert resize_conditions(cluster) == []
    assert status(cluster)["resources"]["requests"] == {"cpu": "1", "memory": "64Mi"}
    assert [r for _, r, _ in resize_events(cluster)] == [
        "ResizeDeferred",
        "ResizeStarted",
        "ResizeCompleted",
    ]


def test_a_resize_policy_of_restart_container_restarts_it():
    policy = [
        {"resourceName": "cpu", "restartPolicy": "NotRequired"},
        {"resourceName": "memory", "restartPolicy": "RestartContainer"},
    ]
    cluster = cluster_with(app(resizePolicy=policy))
    cluster.advance_to(10_000)
    resize_to(cluster, {"requests": {"memory": "96Mi"}, "limits": {"memory": "256Mi"}})
    cluster.advance_to(20_000)
    assert resize_conditions(cluster) == []
    assert status(cluster)["restartCount"] == 1
    assert status(cluster)["resources"]["limits"] == {"cpu": "200m", "memory": "256Mi"}
    killing = [m for _, r, m, _ in events(cluster) if r == "Killing"]
    assert killing == ["Container app resize requires restart"]


def test_a_memory_limit_is_not_set_below_what_is_used():
    """nginx uses 3 MiB: a limit of 2 MiB fails, with PodResizeInProgress Error (reported by
    the sync after, the failed one's retry 10 s later)."""
    cluster = cluster_with(app())
    cluster.advance_to(10_000)
    resize_to(cluster, {"limits": {"memory": "2Mi"}, "requests": {"memory": "2Mi"}})
    cluster.advance_to(12_000)
    assert resize_conditions(cluster) == [(resize.IN_PROGRESS, "", "", 2)]
    cluster.advance_to(25_000)
    error = (
        "cannot decrease memory limits: attempting to set container "
        '"app" memory limit (2097152) below current usage (3145728)'
    )
    assert resize_conditions(cluster) == [(resize.IN_PROGRESS, resize.ERROR, error, 2)]
    assert status(cluster)["resources"] == RESOURCES
    assert [(t, r) for t, r, _ in resize_events(cluster)] == [
        ("Normal", "ResizeStarted"),
        ("Warning", "ResizeError"),
    ]
    escaped = error.replace('"', '\\"')  # as encoding/json writes it in the summary
    assert resize_events(cluster)[-1][2].endswith(f',"generation":2,"error":"{escaped}"}}')


def test_the_room_a_resize_frees_is_given_to_a_pod_waiting_for_it():
    """The scheduler counts a pod resized down at its old requests until the kubelet has
    applied the new ones; then the scale-down lets a pod that fitted nowhere in."""
    cluster = cluster_with(container("app", "nginx:1.27", resources={"requests": {"cpu": "1500m"}}))
    waiting = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "waiting"},
        "spec": {
            "nodeSelector": {"kubernetes.io/hostname": "node-1"},
            "containers": [container("w", "nginx:1.27", resources={"requests": {"cpu": "1"}})],
        },
    }
    response = cluster.handle(
        Request("create", "pods", "default", body=waiting, credential=cluster.admin)
    )
    assert response.code == 201
    cluster.advance_to(10_000)
    assert pod(cluster, "waiting")["spec"].get("nodeName") is None
    resize_to(cluster, {"requests": {"cpu": "500m"}})
    cluster.advance_to(20_000)
    assert resize_conditions(cluster) == []
    assert pod(cluster, "waiting")["spec"]["nodeName"] == "node-1"


def test_a_restored_snapshot_of_a_pending_resize_has_the_same_future():
    """A resize waiting for room, snapshotted: the copy allocates it when the room comes,
    hop for hop as the original does."""
    cluster = cluster_with(app())
    take_room(cluster)
    cluster.advance_to(10_000)
    resize_to(cluster, {"requests": {"cpu": "1"}, "limits": {"cpu": "1"}})
    cluster.advance_to(12_000)
    copy = pickle.loads(pickle.dumps(cluster))
    for each in (cluster, copy):
        each.handle(Request("delete", "pods", "default", "big", credential=each.admin))
        each.advance_to(300_000)
    assert copy.trace.since(0) == cluster.trace.since(0)
    assert pod(copy) == pod(cluster)
    assert resize_conditions(copy) == []
