"""Lifecycle hooks: postStart runs once the container has started, and a failure kills the
container; preStop runs when the container is killed, and a failure is only an event."""

from cluster.engine.apiserver.request import Request

from .helpers import cluster_with, container, events, kubelet, runtime, state, status


def hooked(post_start=None, pre_stop=None, **fields):
    lifecycle = {}
    if post_start is not None:
        lifecycle["postStart"] = post_start
    if pre_stop is not None:
        lifecycle["preStop"] = pre_stop
    return container(lifecycle=lifecycle, **fields)


def sh(script):
    return {"exec": {"command": ["sh", "-c", script]}}


def test_the_docs_post_start_hook_writes_the_file_the_container_then_serves():
    """The Kubernetes docs' lifecycle-events example."""
    script = "echo Hello from the postStart handler > /usr/share/message"
    cluster = cluster_with(
        hooked(sh(script), {"exec": {"command": ["/usr/sbin/nginx", "-s", "quit"]}})
    )
    cluster.advance_to(10_000)
    assert state(cluster) == ("running", "")
    container_id = status(cluster)["containerID"].removeprefix("containerd://")
    done = runtime(cluster).exec(container_id, ["cat", "/usr/share/message"])
    assert done.stdout == "Hello from the postStart handler\n"
    assert "FailedPostStartHook" not in [reason for _, reason, _, _ in events(cluster)]


def test_a_failing_post_start_hook_kills_the_container_and_fails_its_start():
    cluster = cluster_with(hooked(sh("echo oops; exit 3")))
    cluster.advance_to(3_500)  # pulled at 3.36 s, started, the hook failed, the kill seen
    found = [(t, r, m) for t, r, m, _ in events(cluster)]
    started = found.index(("Normal", "Started", "Container started"))
    assert found[started + 1 : started + 3] == [
        ("Warning", "FailedPostStartHook", "PostStartHook failed"),
        ("Normal", "Killing", "FailedPostStartHook"),
    ]
    waiting = status(cluster)["state"]["waiting"]
    uid = kubelet(cluster).workers["default/p"].uid
    assert waiting == {
        "reason": "PostStartHookError",
        "message": (
            'Exec lifecycle hook ([sh -c echo oops; exit 3]) for Container "app" in Pod '
            f"\"p_default({uid})\" failed - error: command 'sh -c echo oops; exit 3' exited "
            'with 3: , message: "oops\\n"'
        ),
    }
    cluster.advance_to(5_000)  # restarted at once, failed alike: now it backs off
    assert state(cluster) == ("waiting", "CrashLoopBackOff")
    assert status(cluster)["restartCount"] == 1


def test_an_http_post_start_hook_fails_when_nothing_answers_yet():
    """nginx binds its port after its entrypoint's scripts: a hook sent right after the
    start finds nothing listening, as it may in Kubernetes."""
    cluster = cluster_with(hooked({"httpGet": {"path": "/hook", "port": 80}}))
    cluster.advance_to(3_500)
    message = status(cluster)["state"]["waiting"]["message"]
    assert message.startswith('HTTP lifecycle hook (/hook) for Container "app" in Pod "p_default(')
    assert message.endswith(
        'failed - error: Get "http://10.244.1.2:80/hook": dial tcp 10.244.1.2:80: '
        "connect: connection refused"
    )


def test_an_http_post_start_hook_that_is_answered_succeeds():
    image = "gcr.io/google-samples/node-hello:1.0"
    cluster = cluster_with(hooked({"httpGet": {"path": "/", "port": 8080}}, image=image))
    cluster.advance_to(20_000)  # a 9.96 s pull
    assert state(cluster) == ("running", "")


def test_a_failing_pre_stop_hook_is_an_event_and_the_pod_goes_anyway():
    cluster = cluster_with(hooked(pre_stop=sh("exit 1")))
    cluster.advance_to(10_000)
    cluster.handle(Request("delete", "pods", "default", "p", credential=cluster.admin))
    cluster.advance_to(20_000)
    tail = [(t, r, m) for t, r, m, _ in events(cluster)][-2:]
    assert tail == [
        ("Normal", "Killing", "Stopping container app"),
        ("Warning", "FailedPreStopHook", "PreStopHook failed"),
    ]
    gone = cluster.handle(Request("get", "pods", "default", "p", credential=cluster.admin))
    assert gone.code == 404


def deleted_at(cluster, start, until=60_000, step=250):
    """When the pod's object is gone, having been deleted at `start`."""
    cluster.handle(Request("delete", "pods", "default", "p", credential=cluster.admin))
    for now in range(start, until, step):
        cluster.advance_to(now)
        found = cluster.handle(Request("get", "pods", "default", "p", credential=cluster.admin))
        if found.code == 404:
            return now
    return None


def test_a_pre_stop_hook_delays_the_stop_signal_by_the_time_it_takes():
    cluster = cluster_with(hooked(pre_stop=sh("sleep 5")))
    cluster.advance_to(10_000)
    assert 15_000 <= deleted_at(cluster, 10_000) <= 17_000  # nginx quits at once after it


def test_a_pre_stop_hook_spends_the_grace_period_the_container_had():
    """sleep as PID 1 ignores SIGTERM: what the hook left of the 10 s goes, then SIGKILL."""
    busy = hooked(
        pre_stop={"sleep": {"seconds": 4}}, image="busybox:1.36", command=["sleep", "3600"]
    )
    cluster = cluster_with(busy, grace=10)
    cluster.advance_to(10_000)
    assert 20_000 <= deleted_at(cluster, 10_000) <= 22_000
