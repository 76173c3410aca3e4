"""A pod's activeDeadlineSeconds: once it has been active that long on the node (from its
startTime), the kubelet stops it and reports it Failed, DeadlineExceeded."""

import pytest

from cluster.engine.apiserver.request import Request

from .helpers import cluster_with, container, events, pod, state

MESSAGE = "Pod was active on the node longer than the specified deadline"


def test_a_pod_past_its_deadline_is_stopped_and_failed() -> None:
    cluster = cluster_with(
        container(image="busybox:1.28", command=["sh", "-c", "sleep 3600"]),
        activeDeadlineSeconds=10,
        grace=5,
    )
    cluster.advance_to(9_000)
    assert pod(cluster)["status"]["phase"] == "Running"
    cluster.advance_to(20_000)
    status = pod(cluster)["status"]
    assert (status["phase"], status["reason"], status["message"]) == (
        "Failed",
        "DeadlineExceeded",
        MESSAGE,
    )
    assert state(cluster)[0] == "terminated"
    ready = next(c for c in status["conditions"] if c["type"] == "Ready")
    assert (ready["status"], ready["reason"]) == ("False", "PodFailed")
    found = [(kind, reason, message) for kind, reason, message, _ in events(cluster)]
    assert ("Normal", "DeadlineExceeded", MESSAGE) in found
    assert ("Normal", "Killing", "Stopping container app") in found
    cluster.advance_to(120_000)  # it is never started again
    assert pod(cluster)["status"]["containerStatuses"][0]["restartCount"] == 0


def patched(cluster, deadline):
    body = {"spec": {"activeDeadlineSeconds": deadline}}
    return cluster.handle(
        Request(
            "patch",
            "pods",
            "default",
            "p",
            body=body,
            credential=cluster.admin,
            content_type="application/strategic-merge-patch+json",
        )
    )


def test_a_deadline_set_while_the_pod_runs_counts_from_its_start() -> None:
    cluster = cluster_with(container(image="busybox:1.28", command=["sh", "-c", "sleep 3600"]))
    cluster.advance_to(30_000)
    response = patched(cluster, 40)
    assert response.code == 200, response.body
    cluster.advance_to(38_000)
    assert pod(cluster)["status"]["phase"] == "Running"
    cluster.advance_to(50_000)
    assert pod(cluster)["status"]["reason"] == "DeadlineExceeded"


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (40, 50, "Invalid value: 50: must be less than or equal to previous value"),
        (40, None, "Invalid value: null: must not update from a positive integer to nil value"),
        (None, -1, "Invalid value: -1: must be between 0 and 2147483647, inclusive"),
    ],
)
def test_a_deadline_may_only_be_set_or_shortened(before, after, message) -> None:
    cluster = cluster_with(container(), **({"activeDeadlineSeconds": before} if before else {}))
    response = patched(cluster, after)
    assert response.code == 422
    # (-1 is also refused by the spec's own check, from 1 on: upstream reports both)
    assert f"spec.activeDeadlineSeconds: {message}" in response.body["message"]
