"""Which container's log `kubectl logs` reads, and why there is none (the kubelet's words)."""

import pytest

from cluster.engine.node import logs


def shown(state: dict, last: dict | None = None, container_id: str = "") -> dict:
    found = {"name": "web", "state": state, "lastState": last or {}}
    if container_id:
        found["containerID"] = container_id
    return found


@pytest.mark.parametrize(
    ("status", "previous", "expected"),
    [
        (shown({"running": {}}, container_id="c2"), False, "c2"),
        (shown({"running": {}}, {"terminated": {"containerID": "c1"}}, "c2"), True, "c1"),
        (shown({"terminated": {"containerID": "c2"}}), False, "c2"),
        (
            shown(
                {"waiting": {"reason": "CrashLoopBackOff"}}, {"terminated": {"containerID": "c1"}}
            ),
            False,
            "c1",
        ),
    ],
    ids=[
        "a running container",
        "--previous: the one before",
        "one that ended",
        "one waiting to restart: the one that ended",
    ],
)
def test_the_log_read_is_the_container_the_status_points_at(status, previous, expected):
    assert logs.container_id(status, "web", previous) == expected


@pytest.mark.parametrize(
    ("status", "previous", "message"),
    [
        (
            shown({"running": {}}, container_id="c1"),
            True,
            'previous terminated container "web" in pod "web" not found',
        ),
        (
            shown({"waiting": {"reason": "ContainerCreating"}}),
            False,
            'container "web" in pod "web" is waiting to start: ContainerCreating',
        ),
        (
            shown({"waiting": {"reason": "ErrImagePull"}}),
            False,
            'container "web" in pod "web" is waiting to start: image can\'t be pulled',
        ),
        (
            shown({"waiting": {"reason": "ImagePullBackOff"}}),
            False,
            'container "web" in pod "web" is waiting to start: trying and failing to pull image',
        ),
        (shown({"terminated": {}}), False, 'container "web" in pod "web" is terminated'),
        (shown({}), False, 'container "web" in pod "web" is waiting to start - no logs yet'),
    ],
)
def test_a_container_without_logs_says_why(status, previous, message):
    with pytest.raises(logs.LogsError) as error:
        logs.container_id(status, "web", previous)
    assert str(error.value) == message
