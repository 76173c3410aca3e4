"""A pod's log over the Kubernetes API on a real stack: plain, and followed (follow=true) as
the container writes it, with the official Python client and the real kubectl."""

import json
import time
from pathlib import Path

import pytest
import redis
from kubernetes import client

from tests.stack import KubeLab, real_kubectl

TICKS = "for i in 1 2 3 4; do echo tick $i; sleep 1; done"
LINES = "tick 1\ntick 2\ntick 3\ntick 4\n"


@pytest.fixture(scope="module")
def v1(lab: KubeLab) -> client.CoreV1Api:
    config = client.Configuration()
    config.host = f"http://127.0.0.1:{lab.port}/k8s/admin/default"
    token = (lab.data_dir / "token").read_text().strip()
    config.api_key = {"authorization": f"Bearer {token}"}
    return client.CoreV1Api(client.ApiClient(config))


def ticker(v1: client.CoreV1Api, name: str, script: str = TICKS) -> None:
    """A pod whose container writes a line a second (four times, then ends, by default)."""
    container = {"name": "c", "image": "busybox", "command": ["sh", "-c", script]}
    body = {
        "metadata": {"name": name},
        "spec": {"restartPolicy": "Never", "containers": [container]},
    }
    v1.create_namespaced_pod("default", body)


def running(v1: client.CoreV1Api, name: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while v1.read_namespaced_pod(name, "default").status.phase != "Running":
        assert time.monotonic() < deadline, f"pod {name} is not running after {timeout} s"
        time.sleep(0.1)


def test_a_followed_log_comes_line_by_line_and_ends_with_the_container(
    v1: client.CoreV1Api,
) -> None:
    ticker(v1, "followed")
    running(v1, "followed")
    response = v1.read_namespaced_pod_log(
        "followed", "default", follow=True, _preload_content=False
    )
    assert response.headers["Content-Type"] == "text/plain"
    arrivals = []
    for line in response.stream(amt=None, decode_content=False):
        arrivals.append((time.monotonic(), line.decode()))
    text = "".join(line for _, line in arrivals)
    assert text == LINES
    assert arrivals[-1][0] - arrivals[0][0] >= 1.0  # written over seconds, sent as written


def test_kubectl_logs_f_prints_the_log_until_the_container_ends(
    v1: client.CoreV1Api, kubeconfig: Path
) -> None:
    ticker(v1, "kubectl-followed")
    running(v1, "kubectl-followed")
    result = real_kubectl(kubeconfig, "logs", "-f", "kubectl-followed")
    assert (result.returncode, result.stdout, result.stderr) == (0, LINES, "")


def test_a_followed_tail_starts_from_the_last_lines(v1: client.CoreV1Api, kubeconfig: Path) -> None:
    ticker(v1, "tailed")
    running(v1, "tailed")
    time.sleep(1.5)
    result = real_kubectl(kubeconfig, "logs", "-f", "--tail=1", "tailed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("tick 4\n")
    assert "tick 1\n" not in result.stdout


def test_a_plain_log_is_what_was_written_so_far(v1: client.CoreV1Api) -> None:
    ticker(v1, "plain")
    running(v1, "plain")
    log = v1.read_namespaced_pod_log("plain", "default")
    assert LINES.startswith(log) and log


def test_following_the_log_of_a_missing_pod_is_not_found(v1: client.CoreV1Api) -> None:
    with pytest.raises(client.ApiException) as refused:
        v1.read_namespaced_pod_log("nowhere", "default", follow=True)
    assert refused.value.status == 404
    assert json.loads(refused.value.body)["message"] == 'pods "nowhere" not found'


def test_a_follower_that_leaves_stops_keeping_the_clock_running(
    lab: KubeLab, v1: client.CoreV1Api
) -> None:
    lines = (lab.data_dir / "redis" / "redis.conf").read_text().splitlines()
    conf = dict(line.split(" ", 1) for line in lines)
    store = redis.Redis(port=int(conf["port"]), password=conf["requirepass"].strip('"'))

    def followers() -> list[bytes]:
        watchers = store.keys("kubelab:cluster:*:watchers")
        return [m for key in watchers for m in store.zrange(key, 0, -1) if m.startswith(b"logs.")]

    ticker(v1, "left", "while true; do echo tick; sleep 1; done")
    running(v1, "left")
    response = v1.read_namespaced_pod_log("left", "default", follow=True, _preload_content=False)
    chunks = response.stream(amt=None, decode_content=False)
    assert next(chunks).startswith(b"tick\n")
    assert len(followers()) == 1
    response.close()  # closes the connection too: the client is gone
    deadline = time.monotonic() + 10
    while followers():
        assert time.monotonic() < deadline, "the follower is still registered"
        time.sleep(0.1)
