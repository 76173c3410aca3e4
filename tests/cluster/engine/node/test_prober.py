"""Probes: each a worker ticking every periodSeconds, after initialDelaySeconds, with its
thresholds; what the program in the container does decides each result."""

from .helpers import cluster_with, container, events, pod, status

LIVENESS_EXEC = container(
    "liveness",
    "registry.k8s.io/busybox:1.27.2",
    args=["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
    livenessProbe={
        "exec": {"command": ["cat", "/tmp/healthy"]},
        "initialDelaySeconds": 5,
        "periodSeconds": 5,
    },
)


def ready(cluster) -> tuple[str, str | None]:
    condition = next(c for c in pod(cluster)["status"]["conditions"] if c["type"] == "Ready")
    return condition["status"], condition.get("message")


def unhealthy(cluster) -> list[tuple[str, int]]:
    return [
        (message, count) for _, reason, message, count in events(cluster) if reason == "Unhealthy"
    ]


def test_a_failing_liveness_probe_kills_the_container_after_three_failures():
    """The Kubernetes docs' liveness example: healthy for 30 s, then restarted."""
    cluster = cluster_with(LIVENESS_EXEC)
    cluster.advance_to(44_999)
    failed = "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"
    assert unhealthy(cluster) == [(failed, 2)]
    cluster.advance_to(45_000)
    assert unhealthy(cluster) == [(failed, 3)]
    assert events(cluster)[-1] == (
        "Normal",
        "Killing",
        "Container liveness failed liveness probe, will be restarted",
        1,
    )
    cluster.advance_to(76_000)  # sh ignores SIGTERM: SIGKILL after the 30 s grace period
    found = status(cluster)
    assert (found["restartCount"], found["lastState"]["terminated"]["exitCode"]) == (1, 137)
    assert found["lastState"]["terminated"]["finishedAt"] == "2026-01-01T00:01:15Z"


def test_a_liveness_probe_on_a_path_nginx_does_not_serve_fails_with_its_status_code():
    cluster = cluster_with(container(livenessProbe={"httpGet": {"path": "/healthz", "port": 80}}))
    cluster.advance_to(30_000)
    assert unhealthy(cluster) == [
        ("Liveness probe failed: HTTP probe failed with statuscode: 404", 3)
    ]
    cluster.advance_to(31_000)  # nginx quits at once; the new one is seen at the next relist
    assert status(cluster)["restartCount"] == 1


def test_a_readiness_probe_on_a_port_nothing_listens_on_keeps_the_pod_unready():
    cluster = cluster_with(container("web", readinessProbe={"tcpSocket": {"port": 81}}))
    cluster.advance_to(30_000)
    assert ready(cluster) == ("False", "containers with unready status: [web]")
    assert unhealthy(cluster) == [
        ("Readiness probe failed: dial tcp 10.244.1.2:81: connect: connection refused", 4)
    ]  # once when the container started, then at every tick
    assert (status(cluster)["ready"], status(cluster)["restartCount"]) == (False, 0)


def test_a_readiness_probe_passes_once_the_program_listens():
    cluster = cluster_with(
        container(
            "s", "kubelab/slow-start", readinessProbe={"httpGet": {"path": "/ready", "port": 8080}}
        )
    )
    cluster.advance_to(39_999)
    assert ready(cluster) == ("False", "containers with unready status: [s]")
    cluster.advance_to(40_000)
    assert ready(cluster) == ("True", None)
    assert unhealthy(cluster) == [
        (
            'Readiness probe failed: Get "http://10.244.1.2:8080/ready": dial tcp '
            "10.244.1.2:8080: connect: connection refused",
            4,
        )
    ]


def test_readiness_needs_success_threshold_successes_in_a_row():
    probe = {"httpGet": {"path": "/", "port": 80}, "successThreshold": 2}
    cluster = cluster_with(container(readinessProbe=probe))
    cluster.advance_to(9_999)
    assert ready(cluster)[0] == "False"  # one success, when the container started
    cluster.advance_to(10_000)
    assert ready(cluster)[0] == "True"


def test_a_startup_probe_holds_the_others_back_until_it_succeeds():
    startup = {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 10, "failureThreshold": 5}
    readiness = {"httpGet": {"path": "/", "port": 8080}}
    cluster = cluster_with(
        container("s", "kubelab/slow-start", startupProbe=startup, readinessProbe=readiness)
    )
    cluster.advance_to(35_000)
    assert (status(cluster)["started"], ready(cluster)[0]) == (False, "False")
    assert [m for m, _ in unhealthy(cluster)] == [
        'Startup probe failed: Get "http://10.244.1.2:8080/": dial tcp 10.244.1.2:8080: '
        "connect: connection refused"
    ]
    cluster.advance_to(40_000)
    assert (status(cluster)["started"], ready(cluster)[0]) == (True, "True")


def test_a_container_without_a_readiness_probe_is_not_ready_before_it_has_started():
    """UpdatePodStatus leaves a container that has not started unready, readiness probe or
    not."""
    startup = {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 10, "failureThreshold": 5}
    cluster = cluster_with(container("s", "kubelab/slow-start", startupProbe=startup))
    cluster.advance_to(35_000)
    assert (status(cluster)["started"], status(cluster)["ready"]) == (False, False)
    assert ready(cluster) == ("False", "containers with unready status: [s]")
    cluster.advance_to(40_000)
    assert (status(cluster)["started"], status(cluster)["ready"]) == (True, True)
    assert ready(cluster) == ("True", None)


def test_a_startup_probe_that_keeps_failing_restarts_the_container():
    startup = {"tcpSocket": {"port": 8080}, "periodSeconds": 10, "failureThreshold": 2}
    cluster = cluster_with(container("s", "kubelab/slow-start", startupProbe=startup))
    cluster.advance_to(21_000)
    assert (
        "Normal",
        "Killing",
        "Container s failed startup probe, will be restarted",
        1,
    ) in events(cluster)


def test_a_grpc_probe_of_a_server_that_does_not_speak_grpc_times_out():
    """redis listens on 6379 but answers no gRPC health check: the dial waits until the
    timeout (pkg/probe/grpc)."""
    probe = {"grpc": {"port": 6379}, "timeoutSeconds": 2}
    cluster = cluster_with(container("r", "redis", livenessProbe=probe))
    cluster.advance_to(30_000)
    assert unhealthy(cluster) == [
        (
            'Liveness probe failed: timeout: failed to connect service "10.244.1.2:6379" within '
            "2s: context deadline exceeded",
            3,
        )
    ]
    assert events(cluster)[-1][1:3] == (
        "Killing",
        "Container r failed liveness probe, will be restarted",
    )
