"""The kubelet running init containers: one at a time, in order, each to completion, before
the containers; a failing one restarted with the crash back-off, or failing the pod under
Never; sidecars (restartPolicy Always) started in order, kept running and restarted, and
stopped last; their statuses, conditions, events and logs."""

import pickle
import re

import pytest

from cluster.engine.apiserver import printers
from cluster.engine.apiserver.request import Request
from cluster.engine.node.kubelet import LogsError
from cluster.engine.store import codec

from .helpers import (
    cluster_with,
    container,
    container_logs,
    events,
    fielded,
    kubelet,
    pod,
    runtime,
    runtime_calls,
)

NGINX_PULLED = (
    'Successfully pulled image "nginx:1.27" in 2.88s (2.88s including waiting). '
    "Image size: 72000000 bytes."
)
BUSYBOX_PULLED = (
    'Successfully pulled image "busybox:1.28" in 200ms (200ms including waiting). '
    "Image size: 2222260 bytes."
)
PRESENT = 'Container image "{}" already present on machine and can be accessed by the pod'


def sh(script: str) -> list[str]:
    return ["sh", "-c", script]


def busybox(name: str, script: str, **fields: object) -> dict:
    return container(name, "busybox:1.28", command=sh(script), **fields)


def rows(cluster, until_ms: int, step_ms: int = 500) -> list[tuple[int, str, int, int]]:
    """`kubectl get pods`'s STATUS, ready count and restarts each time they changed."""
    seen: list[tuple[int, str, int, int]] = []
    for at in range(0, until_ms, step_ms):
        cluster.advance_to(at)
        row = printers.pod_status(pod(cluster))
        if not seen or seen[-1][1:] != row:
            seen.append((at, *row))
    return seen


def pod_events(cluster) -> list[tuple[str, str, str]]:
    return [e for e in fielded(cluster) if e[1]]


def condition(cluster, kind: str) -> tuple[str, str | None, str | None]:
    found = next(c for c in pod(cluster)["status"]["conditions"] if c["type"] == kind)
    return found["status"], found.get("reason"), found.get("message")


def init_state(cluster, index: int) -> dict:
    return pod(cluster)["status"]["initContainerStatuses"][index]


def test_init_containers_run_one_at_a_time_to_completion_before_the_containers():
    cluster = cluster_with(
        container("app", "nginx:1.27"),
        init=(busybox("init-a", "echo one; sleep 3"), busybox("init-b", "echo two")),
    )
    assert rows(cluster, 10_000) == [
        (0, "Init:0/2", 0, 0),
        (4_000, "Init:1/2", 0, 0),
        (5_000, "PodInitializing", 0, 0),
        (9_000, "Running", 1, 0),
    ]
    assert pod_events(cluster) == [
        ("Pulling", "spec.initContainers{init-a}", 'Pulling image "busybox:1.28"'),
        ("Pulled", "spec.initContainers{init-a}", BUSYBOX_PULLED),
        ("Created", "spec.initContainers{init-a}", "Container created"),
        ("Started", "spec.initContainers{init-a}", "Container started"),
        ("Pulled", "spec.initContainers{init-b}", PRESENT.format("busybox:1.28")),
        ("Created", "spec.initContainers{init-b}", "Container created"),
        ("Started", "spec.initContainers{init-b}", "Container started"),
        ("Pulling", "spec.containers{app}", 'Pulling image "nginx:1.27"'),
        ("Pulled", "spec.containers{app}", NGINX_PULLED),
        ("Created", "spec.containers{app}", "Container created"),
        ("Started", "spec.containers{app}", "Container started"),
    ]
    # init-a exits at 3.58 s; the PLEG's relist at 4 s finds it, and the next sync starts
    # init-b; it exits at once, found at 5 s: then the containers
    assert [(at, verb) for at, verb in runtime_calls(cluster) if at > 0] == [
        (250, "ImageStatus"),
        (250, "PullImage"),
        (450, "ListImages"),
        (450, "CreateContainer"),
        (530, "StartContainer"),
        (4_000, "ImageStatus"),
        (4_000, "CreateContainer"),
        (4_080, "StartContainer"),
        (5_000, "ImageStatus"),
        (5_000, "PullImage"),
        (7_880, "ListImages"),
        (7_880, "CreateContainer"),
        (7_960, "StartContainer"),
    ]
    assert init_state(cluster, 0) | {"containerID": "", "imageID": ""} == {
        "name": "init-a",
        "image": "docker.io/library/busybox:1.28",
        "imageID": "",
        "containerID": "",
        "ready": True,
        "restartCount": 0,
        "started": False,
        "lastState": {},
        "state": {
            "terminated": {
                "exitCode": 0,
                "reason": "Completed",
                "startedAt": "2026-01-01T00:00:00Z",
                "finishedAt": "2026-01-01T00:00:03Z",
                "containerID": init_state(cluster, 0)["containerID"],
            }
        },
        # the resources allocated to it (none asked for), as to every container created
        "resources": {},
        # whom it ran as: busybox's root, in its group wheel too
        "user": {"linux": {"uid": 0, "gid": 0, "supplementalGroups": [0, 10]}},
        # the service account's token, read-only (not recursively: the mount did not ask)
        "volumeMounts": [
            {
                "name": init_state(cluster, 0)["volumeMounts"][0]["name"],
                "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                "readOnly": True,
                "recursiveReadOnly": "Disabled",
            }
        ],
    }
    assert init_state(cluster, 0)["volumeMounts"][0]["name"].startswith("kube-api-access-")
    assert condition(cluster, "Initialized") == ("True", None, None)
    assert container_logs(kubelet(cluster), "default", "p", "init-a") == "one\n"


def test_while_an_init_container_runs_the_others_wait_with_pod_initializing():
    cluster = cluster_with(
        busybox("app", "sleep 3600"),
        init=(busybox("init-a", "sleep 10"), busybox("init-b", "true")),
    )
    cluster.advance_to(2_000)
    found = pod(cluster)["status"]
    assert [
        (s["name"], s["state"], s["ready"], s["started"]) for s in found["initContainerStatuses"]
    ] == [
        ("init-a", {"running": {"startedAt": "2026-01-01T00:00:00Z"}}, False, True),
        ("init-b", {"waiting": {"reason": "PodInitializing"}}, False, False),
    ]
    assert found["containerStatuses"][0]["state"] == {"waiting": {"reason": "PodInitializing"}}
    assert found["phase"] == "Pending"
    assert condition(cluster, "Initialized") == (
        "False",
        "ContainersNotInitialized",
        "containers with incomplete status: [init-a init-b]",
    )
    assert condition(cluster, "PodReadyToStartContainers") == ("True", None, None)
    assert condition(cluster, "Ready") == (
        "False",
        "ContainersNotReady",
        "containers with unready status: [app]",
    )


def test_a_failing_init_container_is_restarted_with_the_crash_back_off():
    cluster = cluster_with(
        busybox("app", "sleep 3600"),
        init=(busybox("init-a", "true"), busybox("init-b", "echo no; exit 1")),
    )
    assert rows(cluster, 30_000, 1_000) == [
        (0, "Init:0/2", 0, 0),
        (1_000, "Init:1/2", 0, 0),
        (2_000, "Init:Error", 0, 0),
        (3_000, "Init:Error", 0, 1),
        (13_000, "Init:CrashLoopBackOff", 0, 1),
        (14_000, "Init:Error", 0, 2),
        (24_000, "Init:CrashLoopBackOff", 0, 2),
    ]
    uid = pod(cluster)["metadata"]["uid"]
    found = init_state(cluster, 1)
    assert found["state"] == {
        "waiting": {
            "reason": "CrashLoopBackOff",
            "message": f"back-off 20s restarting failed container=init-b pod=p_default({uid})",
        }
    }
    assert (found["lastState"]["terminated"]["exitCode"], found["restartCount"]) == (1, 2)
    assert pod_events(cluster)[-1] == (
        "BackOff",
        "spec.initContainers{init-b}",
        f"Back-off restarting failed container init-b in pod p_default({uid})",
    )
    assert pod(cluster)["status"]["phase"] == "Pending"
    assert container_logs(kubelet(cluster), "default", "p", "init-b", previous=True) == "no\n"


def test_a_failing_init_container_fails_a_pod_that_never_restarts():
    cluster = cluster_with(
        busybox("app", "sleep 3600"),
        init=(busybox("init-a", "exit 2"), busybox("init-b", "true")),
        restart="Never",
    )
    cluster.advance_to(5_000)
    found = pod(cluster)["status"]
    assert found["phase"] == "Failed"
    assert init_state(cluster, 0)["state"]["terminated"]["exitCode"] == 2
    # TerminatePod: the pod never initialized, so what never started still waits
    assert init_state(cluster, 1)["state"] == {"waiting": {"reason": "PodInitializing"}}
    assert found["containerStatuses"][0]["state"] == {"waiting": {"reason": "PodInitializing"}}
    assert printers.pod_status(pod(cluster)) == ("Init:Error", 0, 0)
    assert condition(cluster, "Initialized") == (
        "False",
        "ContainersNotInitialized",
        "containers with incomplete status: [init-a init-b]",
    )
    assert condition(cluster, "Ready") == ("False", "PodFailed", None)
    assert [verb for _, verb in runtime_calls(cluster)][-1] == "StopPodSandbox"


def sidecar_pod(**fields: object):
    return cluster_with(
        container("app", "nginx:1.27"),
        init=(
            container(
                "proxy",
                "nginx:1.27",
                restartPolicy="Always",
                startupProbe={"httpGet": {"port": 80}, "periodSeconds": 1},
            ),
            busybox("setup", "echo ready"),
            busybox("shipper", "sleep 5; exit 1", restartPolicy="Always"),
        ),
        **fields,
    )


def test_sidecars_start_in_order_keep_running_and_count_as_containers():
    cluster = sidecar_pod()
    assert rows(cluster, 10_000) == [
        (0, "Init:0/3", 0, 0),
        (4_000, "Init:1/3", 1, 0),  # proxy's startup probe passed: setup runs
        (5_000, "Init:2/3", 1, 0),
        (6_000, "PodInitializing", 2, 0),  # shipper started: the containers start
        (7_000, "Running", 3, 0),
    ]
    calls = [(at, verb) for at, verb in runtime_calls(cluster) if verb == "StartContainer"]
    assert calls == [
        (3_210, "StartContainer"),
        (4_280, "StartContainer"),
        (5_080, "StartContainer"),
        (6_080, "StartContainer"),
    ]
    found = pod(cluster)["status"]
    assert [
        (s["name"], s["ready"], s["started"], next(iter(s["state"])))
        for s in found["initContainerStatuses"]
    ] == [
        ("proxy", True, True, "running"),
        ("setup", True, False, "terminated"),
        ("shipper", True, True, "running"),
    ]
    assert (found["phase"], condition(cluster, "Ready")) == ("Running", ("True", None, None))


def test_a_sidecar_that_exits_is_restarted_with_the_crash_back_off_while_the_pod_runs():
    cluster = sidecar_pod()
    assert rows(cluster, 30_000, 1_000)[4:] == [
        (7_000, "Running", 3, 0),
        (11_000, "Init:Error", 2, 0),  # as printPod says of a sidecar that has exited
        (12_000, "Running", 3, 1),
        (17_000, "Init:Error", 2, 1),
        (27_000, "Init:CrashLoopBackOff", 2, 1),
        (28_000, "Running", 3, 2),
    ]
    assert pod(cluster)["status"]["phase"] == "Running"
    assert condition(cluster, "Initialized") == ("True", None, None)


def test_deleting_a_pod_stops_its_containers_then_its_sidecars_the_last_first():
    cluster = sidecar_pod(grace=5)
    cluster.advance_to(8_000)
    mark = cluster.trace.last_seq
    response = cluster.handle(Request("delete", "pods", "default", "p", credential=cluster.admin))
    assert response.code == 200
    cluster.run_until_idle()
    stops = [h.summary for h in cluster.trace.since(mark) if h.verb == "StopContainer"]
    assert stops == [
        "container app (SIGQUIT, then SIGKILL after 5s)",
        "container shipper (SIGTERM, then SIGKILL after 5s)",
        "container proxy (SIGQUIT, then SIGKILL after 3s)",  # what is left after 2.13 s
    ]
    assert [m for r, _, m in pod_events(cluster) if r == "Killing"] == [
        "Stopping container app",
        "Stopping container shipper",
        "Stopping container proxy",
    ]
    assert pod(cluster) is None


def test_a_dead_sandbox_runs_the_init_containers_again_in_the_new_one():
    cluster = cluster_with(container("app", "nginx:1.27"), init=(busybox("init-a", "echo setup"),))
    cluster.run_until_idle()
    runtime(cluster).kill_sandbox(next(iter(runtime(cluster).sandboxes)))
    cluster.run_until_idle()
    assert [(at, verb) for at, verb in runtime_calls(cluster) if at >= 6_000] == [
        (6_000, "StopPodSandbox"),
        (6_000, "StopContainer"),
        (6_020, "RemoveContainer"),  # init-a, purged
        (6_020, "RemovePodSandbox"),
        (6_020, "RunPodSandbox"),
        (6_270, "ImageStatus"),
        (6_270, "CreateContainer"),  # init-a first
        (6_350, "StartContainer"),
        (7_000, "ImageStatus"),
        (7_000, "CreateContainer"),
        (7_080, "StartContainer"),
    ]
    started = ("Normal", "Started", "Container started", 2)  # init-a's, then app's
    assert [e for e in events(cluster) if e[1] == "Started"] == [started, started]
    assert (init_state(cluster, 0)["restartCount"], printers.pod_status(pod(cluster))) == (
        1,
        ("Running", 1, 1),
    )


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        (False, 'container "init-b" in pod "p" is waiting to start: PodInitializing'),
        (True, 'previous terminated container "init-b" in pod "p" not found'),
    ],
)
def test_logs_of_an_init_container_that_has_not_run_say_it_waits(previous, message):
    cluster = cluster_with(
        container("app"), init=(busybox("init-a", "sleep 60"), busybox("init-b", "true"))
    )
    cluster.advance_to(2_000)
    with pytest.raises(LogsError, match=re.escape(message)):
        container_logs(kubelet(cluster), "default", "p", "init-b", previous=previous)


def test_a_restored_snapshot_of_a_pod_initializing_has_the_same_future():
    cluster = sidecar_pod()
    cluster.advance_to(4_500)
    copy = pickle.loads(pickle.dumps(cluster))
    for each in (cluster, copy):
        each.advance_to(60_000)
    assert copy.trace.since(0) == cluster.trace.since(0)
    assert pod(copy) == pod(cluster)


def test_the_next_init_container_starts_as_soon_as_the_sidecars_startup_probe_passes():
    startup = {"httpGet": {"port": 80}, "periodSeconds": 1, "initialDelaySeconds": 5}
    cluster = cluster_with(
        container("app", "nginx:1.27"),
        init=(
            container("proxy", "nginx:1.27", restartPolicy="Always", startupProbe=startup),
            busybox("setup", "echo ready"),
        ),
    )
    assert rows(cluster, 12_000, 1_000) == [
        (0, "Init:0/2", 0, 0),
        (9_000, "Init:1/2", 1, 0),  # proxy runs from 3.26 s; probed 5 s on, at 9 s
        (10_000, "PodInitializing", 1, 0),
        (11_000, "Running", 2, 0),
    ]
    starts = [at for at, verb in runtime_calls(cluster) if verb == "StartContainer"]
    assert starts == [3_210, 9_280, 10_080]


def phases_stored_since(cluster, revision: int) -> list[str]:
    """The pod's phase at each change etcd saw after `revision`."""
    changes = cluster.etcd.events_since(revision, "/registry/pods/default/p")
    return [codec.decode(e.kv.value)["status"]["phase"] for e in changes if e.type == "PUT"]


@pytest.mark.parametrize("restart", ["Always", "Never"])
def test_a_pod_deleted_while_an_init_container_runs_ends_failed_and_goes(restart):
    """TerminatePod marks a pod that has ended while Pending as Failed; then the status
    manager deletes it (the init container is killed after its 30 s grace period)."""
    sleeper = container("a", "busybox", command=["sleep", "100"])
    cluster = cluster_with(container("main", "nginx"), init=(sleeper,), restart=restart)
    cluster.advance_to(5_000)
    revision = cluster.etcd.revision
    cluster.handle(Request("delete", "pods", "default", "p", credential=cluster.admin))
    cluster.advance_to(34_999)
    assert pod(cluster)["status"]["phase"] == "Pending"
    cluster.advance_to(36_000)
    assert pod(cluster) is None
    assert phases_stored_since(cluster, revision)[-2:] == ["Failed", "Failed"]


def test_a_pod_deleted_in_its_init_containers_crash_back_off_goes():
    failing = container("a", "busybox", command=["sh", "-c", "exit 3"])
    cluster = cluster_with(container("main", "nginx"), init=(failing,))
    cluster.advance_to(5_000)
    cluster.handle(Request("delete", "pods", "default", "p", credential=cluster.admin))
    cluster.advance_to(7_000)
    assert pod(cluster) is None
