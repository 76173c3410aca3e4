"""Termination messages: what a container leaves at its terminationMessagePath, or, by
FallbackToLogsOnError after a failure, the end of its log (the docs' "Determine the Reason
for Pod Failure")."""

import json

import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.kubectl.helpers import create_manifest, run


def terminated(script: str, **container: str) -> dict:
    """The terminated state of a container running `script` in debian, once it has ended."""
    cluster = Cluster(ClusterSpec())
    spec = {"name": "c", "image": "debian:bookworm", "command": ["sh", "-c", script], **container}
    create_manifest(cluster, "demo", spec)
    cluster.advance_to(30_000)
    state = run(
        cluster, "get", "pod", "demo", "-o", "jsonpath={.status.containerStatuses[0].state}"
    )
    return json.loads(state.stdout)["terminated"]


@pytest.mark.parametrize(
    ("script", "container", "message"),
    [
        ("sleep 1 && echo Sleep expired > /dev/termination-log", {}, "Sleep expired\n"),
        ("echo to the log; exit 1", {}, None),
        (
            "echo one; echo two failed; exit 3",
            {"terminationMessagePolicy": "FallbackToLogsOnError"},
            "one\ntwo failed\n",
        ),
        (
            "echo all went well",
            {"terminationMessagePolicy": "FallbackToLogsOnError"},
            None,
        ),
        (
            "echo why > /tmp/why; exit 2",
            {"terminationMessagePath": "/tmp/why"},
            "why\n",
        ),
    ],
)
def test_the_message_of_a_terminated_container(script, container, message):
    assert terminated(script, **container).get("message") == message


def test_a_long_message_keeps_its_last_4_kib_and_a_log_its_last_80_lines():
    long = terminated("yes 0123456789 | head -n 500 > /dev/termination-log")
    assert long["message"] == ("0123456789\n" * 500)[-4096:]
    policy = {"terminationMessagePolicy": "FallbackToLogsOnError"}
    lines = terminated("for i in $(seq 1 100); do echo line $i; done; exit 1", **policy)
    assert lines["message"] == "".join(f"line {i}\n" for i in range(21, 101))


def test_the_termination_log_is_mounted_empty_in_dev():
    cluster = Cluster(ClusterSpec())
    run(cluster, "run", "box", "--image=busybox", "--", "sleep", "3600")
    cluster.advance_to(20_000)
    assert "termination-log" in run(cluster, "exec", "box", "--", "ls", "/dev").stdout.split()
    assert run(cluster, "exec", "box", "--", "cat", "/dev/termination-log").stdout == ""
