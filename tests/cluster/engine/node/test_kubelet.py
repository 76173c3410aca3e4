"""The kubelet running pods: the events it records and their messages, container states and
reasons, restart policies and the pod's phase, the crash back-off, graceful termination, a
sandbox that dies, and container logs."""

import itertools
import pickle
import re

import pytest

from cluster.engine import faults
from cluster.engine.apiserver.request import Request
from cluster.engine.node.kubelet import Kubelet, LogsError

from .helpers import (
    cluster_with,
    container,
    container_logs,
    events,
    fielded,
    kubelet,
    pod,
    reasons,
    runtime,
    runtime_calls,
    state,
    status,
)

START_ERROR = (
    "failed to create containerd task: failed to create shim task: OCI runtime create failed: "
    "runc create failed: unable to start container process: error during container init: "
    'exec: "bash": executable file not found in $PATH: unknown'
)


def relisted(ms: int) -> int:
    """When the PLEG's next relist after `ms` comes."""
    return (ms // 1000 + 1) * 1000


def delete(cluster, name: str = "p") -> None:
    response = cluster.handle(Request("delete", "pods", "default", name, credential=cluster.admin))
    assert response.code == 200


def test_a_pod_starts_with_kubernetes_events_in_a_handful_of_steps():
    cluster = cluster_with(container("web", "nginx:1.27"))
    assert cluster.run_until_idle() == 9
    assert events(cluster) == [
        ("Normal", "Pulling", 'Pulling image "nginx:1.27"', 1),
        (
            "Normal",
            "Pulled",
            'Successfully pulled image "nginx:1.27" in 2.88s (2.88s including waiting). '
            "Image size: 72000000 bytes.",
            1,
        ),
        ("Normal", "Created", "Container created", 1),
        ("Normal", "Started", "Container started", 1),
    ]
    assert runtime_calls(cluster, 0)[2:] == [
        (0, "RunPodSandbox"),
        (250, "ImageStatus"),
        (250, "PullImage"),
        (3130, "ListImages"),  # the node's image list, for its status
        (3130, "CreateContainer"),
        (3210, "StartContainer"),
    ]
    found = pod(cluster)["status"]
    assert (found["phase"], found["podIP"], state(cluster)) == (
        "Running",
        "10.244.1.2",
        ("running", ""),
    )
    assert status(cluster)["imageID"].startswith("docker.io/library/nginx@sha256:")


def test_a_container_that_exits_at_once_is_never_reported_running(monkeypatch):
    """The sync after a start waits for the PLEG's next relist and reads what it found: the
    container has exited by then."""
    reported = []
    report = Kubelet._report

    def spy(self, worker):
        report(self, worker)
        for found in worker.sent.get("containerStatuses") or []:
            reported.append(next(iter(found["state"])))

    monkeypatch.setattr(Kubelet, "_report", spy)
    cluster = cluster_with(container(image="busybox", command=["sh", "-c", "exit 1"]))
    cluster.advance_to(5_000)
    assert "running" not in reported
    assert "terminated" in reported


def test_an_image_already_on_the_node_is_not_pulled_again():
    cluster = cluster_with(container("a", "nginx:1.27"), container("b", "nginx:1.27"))
    cluster.run_until_idle()
    assert reasons(cluster) == [
        "Pulling",
        "Pulled",
        "Created",
        "Started",
        "Pulled",
        "Created",
        "Started",
    ]
    assert events(cluster)[4][2] == (
        'Container image "nginx:1.27" already present on machine and can be accessed by the pod'
    )


def test_an_image_with_pull_policy_never_must_be_on_the_node():
    cluster = cluster_with(container(image="nginx:1.27", imagePullPolicy="Never"))
    cluster.advance_to(1_000)
    message = 'Container image "nginx:1.27" is not present with pull policy of Never'
    assert events(cluster) == [  # the sync, and the one the new sandbox brings
        ("Warning", "ErrImageNeverPull", message, 2),
        ("Warning", "Failed", "Error: ErrImageNeverPull", 2),
    ]
    assert status(cluster)["state"] == {
        "waiting": {"reason": "ErrImageNeverPull", "message": message}
    }


def test_an_image_name_that_does_not_parse_is_never_pulled():
    cluster = cluster_with(container(image="BUSYBOX"))
    cluster.advance_to(1_000)
    message = (
        'Failed to apply default image tag "BUSYBOX": couldn\'t parse image reference '
        '"BUSYBOX": invalid reference format: repository name (library/BUSYBOX) must be lowercase'
    )
    assert events(cluster) == [  # the sync, and the one the new sandbox brings
        ("Warning", "InspectFailed", message, 2),
        ("Warning", "Failed", "Error: InvalidImageName", 2),
    ]
    assert status(cluster)["state"] == {
        "waiting": {"reason": "InvalidImageName", "message": message}
    }


def test_an_image_that_cannot_be_pulled_backs_off_between_pulls():
    cluster = cluster_with(container(image="nosuch"))
    error = (
        'failed to pull and unpack image "docker.io/library/nosuch:latest": failed to resolve '
        'reference "docker.io/library/nosuch:latest": pull access denied, repository does '
        "not exist or may require authorization: server message: insufficient_scope: "
        "authorization failed"
    )
    seen = []
    for at in (5_000, 15_000, 25_000):
        cluster.advance_to(at)
        seen.append(status(cluster)["state"]["waiting"])
    assert seen == [
        {"reason": "ErrImagePull", "message": error},
        {
            "reason": "ImagePullBackOff",
            "message": f'Back-off pulling image "nosuch": ErrImagePull: {error}',
        },
        {"reason": "ErrImagePull", "message": error},
    ]
    assert events(cluster) == [
        ("Normal", "Pulling", 'Pulling image "nosuch"', 2),
        ("Warning", "Failed", f'Failed to pull image "nosuch": {error}', 2),
        ("Warning", "Failed", "Error: ErrImagePull", 2),
        ("Normal", "BackOff", 'Back-off pulling image "nosuch"', 2),
        ("Warning", "Failed", "Error: ImagePullBackOff", 2),
    ]


def test_a_crash_loop_backs_off_ten_seconds_doubling_to_five_minutes():
    cluster = cluster_with(container(image="kubelab/crashloop:v1"))
    delays: dict[int, str] = {}  # restart count -> the back-off it waited in
    runs: dict[str, tuple[int, int]] = {}  # container id -> (started, finished)
    for at in range(0, 1_300_000, 1_000):
        cluster.advance_to(at)
        for found in runtime(cluster).containers.values():
            if found.finished_ms is not None:
                runs[found.id] = (found.started_ms, found.finished_ms)
        waiting = status(cluster)["state"].get("waiting", {})
        if waiting.get("reason") == "CrashLoopBackOff":
            delay = waiting["message"].split()[1]
            delays.setdefault(status(cluster)["restartCount"], delay)
    assert list(delays.values())[:7] == ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s"]
    lives = sorted(runs.values())
    # each exit is found on the next relist (a whole second); a restart's sync comes when the
    # back-off has passed since, and the container runs 130 ms later (ImageStatus, create, start)
    waits = [
        (start - 130 - relisted(end)) // 1000 for (_, end), (start, _) in itertools.pairwise(lives)
    ]
    assert waits[:8] == [0, 10, 20, 40, 80, 160, 300, 300]  # the first restart is at once


def test_a_crashed_container_shows_its_error_then_waits_in_crash_loop_back_off():
    cluster = cluster_with(container(image="kubelab/crashloop:v1"))
    cluster.advance_to(8_000)
    assert (state(cluster), status(cluster)["restartCount"]) == (("terminated", "Error"), 1)
    uid = pod(cluster)["metadata"]["uid"]
    assert events(cluster)[-1] == (
        "Warning",
        "BackOff",
        f"Back-off restarting failed container app in pod p_default({uid})",
        1,
    )
    cluster.advance_to(30_000)
    found = status(cluster)
    assert (found["restartCount"], found["state"]) == (
        2,
        {
            "waiting": {
                "reason": "CrashLoopBackOff",
                "message": f"back-off 20s restarting failed container=app pod=p_default({uid})",
            }
        },
    )
    assert found["lastState"]["terminated"] | {"containerID": ""} == {
        "exitCode": 1,
        "reason": "Error",
        "startedAt": "2026-01-01T00:00:16Z",
        "finishedAt": "2026-01-01T00:00:18Z",
        "containerID": "",
    }


@pytest.mark.parametrize(
    ("policy", "code", "phase", "restarts", "ready_reason"),
    [
        ("Always", 0, "Running", 3, "ContainersNotReady"),
        ("Always", 1, "Running", 3, "ContainersNotReady"),
        ("OnFailure", 0, "Succeeded", 0, "PodCompleted"),
        ("OnFailure", 1, "Running", 3, "ContainersNotReady"),
        ("Never", 0, "Succeeded", 0, "PodCompleted"),
        ("Never", 1, "Failed", 0, "PodFailed"),
    ],
)
def test_the_restart_policy_decides_restarts_and_the_pod_phase(
    policy, code, phase, restarts, ready_reason
):
    cluster = cluster_with(
        container(image="busybox", command=["sh", "-c", f"sleep 1; exit {code}"]), restart=policy
    )
    cluster.advance_to(60_000)
    found = pod(cluster)["status"]
    ready = next(c for c in found["conditions"] if c["type"] == "Ready")
    assert (found["phase"], status(cluster)["restartCount"], ready.get("reason")) == (
        phase,
        restarts,
        ready_reason,
    )


def test_a_completed_pod_stops_its_sandbox():
    cluster = cluster_with(container(image="busybox", command=["true"]), restart="Never")
    cluster.run_until_idle()
    cluster.advance_to(2_000)
    conditions = {c["type"]: c["status"] for c in pod(cluster)["status"]["conditions"]}
    assert conditions["PodReadyToStartContainers"] == "False"
    assert "StopPodSandbox" in [verb for _, verb in runtime_calls(cluster)]
    assert state(cluster) == ("terminated", "Completed")


def test_a_container_over_its_memory_limit_is_oom_killed():
    cluster = cluster_with(
        container(image="kubelab/memory-hog", resources={"limits": {"memory": "128Mi"}})
    )
    cluster.advance_to(5_000)
    last = status(cluster)["lastState"]["terminated"]
    assert (last["exitCode"], last["reason"]) == (137, "OOMKilled")


def test_a_command_the_image_lacks_fails_to_start_then_crash_loops():
    cluster = cluster_with(container(image="busybox", command=["bash", "-c", "echo hi"]))
    cluster.advance_to(3_000)
    assert status(cluster)["state"] == {
        "waiting": {"reason": "RunContainerError", "message": START_ERROR}
    }
    assert ("Warning", "Failed", f"Error: {START_ERROR}") in [e[:3] for e in events(cluster)]
    cluster.advance_to(35_000)
    found = status(cluster)
    assert found["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    terminated = found["lastState"]["terminated"]
    assert (terminated["exitCode"], terminated["reason"], terminated["startedAt"]) == (
        128,
        "StartError",
        "1970-01-01T00:00:00Z",
    )


def test_deleting_a_pod_stops_it_gracefully_then_deletes_it():
    cluster = cluster_with(container("web", "nginx:1.27"))
    cluster.run_until_idle()
    mark = cluster.trace.last_seq
    delete(cluster)
    cluster.run_until_idle()
    assert pod(cluster) is None
    assert [verb for _, verb in runtime_calls(cluster, mark)] == [
        "StopContainer",
        "StopPodSandbox",
        "RemoveContainer",
        "RemovePodSandbox",
    ]
    assert events(cluster)[-1] == ("Normal", "Killing", "Stopping container web", 1)
    patched = [
        h for h in cluster.trace.since(mark) if h.verb == "patch" and h.source == "kubelet/node-1"
    ]
    assert len(patched) == 2  # the new generation observed, then the final status


def test_a_process_that_ignores_sigterm_is_killed_at_the_end_of_the_grace_period():
    cluster = cluster_with(container(image="busybox", command=["sleep", "3600"]), grace=30)
    cluster.run_until_idle()
    delete(cluster)
    deleted_at = cluster.clock.now
    cluster.run_until_idle()
    # SIGKILL at 30 s; the PLEG relist a second later finds it, and the pod object goes.
    assert (cluster.clock.now - deleted_at, pod(cluster)) == (31_000, None)


def test_a_shorter_grace_period_given_later_cuts_the_termination_short():
    cluster = cluster_with(container(image="busybox", command=["sleep", "3600"]), grace=30)
    cluster.run_until_idle()
    delete(cluster)
    cluster.advance_to(cluster.clock.now + 2_000)
    again = Request(
        "delete",
        "pods",
        "default",
        "p",
        query={"gracePeriodSeconds": "5"},
        credential=cluster.admin,
    )
    assert cluster.handle(again).code == 200
    shortened_at = cluster.clock.now
    cluster.run_until_idle()
    # SIGKILL 5 s after the second delete, not 30 s after the first; the relist finds it
    assert (cluster.clock.now - shortened_at, pod(cluster)) == (6_000, None)
    assert ("StopContainer", "container app (SIGKILL after 5s)") in [
        (hop.verb, hop.summary) for hop in cluster.trace.since(0)
    ]


def test_a_pod_made_again_under_a_force_deleted_ones_name_starts_when_that_one_is_gone():
    busy = container(image="busybox", command=["sleep", "3600"])
    cluster = cluster_with(busy)
    cluster.run_until_idle()
    force = Request(
        "delete",
        "pods",
        "default",
        "p",
        query={"gracePeriodSeconds": "0"},
        credential=cluster.admin,
    )
    assert cluster.handle(force).code == 200
    assert pod(cluster) is None
    body = {"metadata": {"name": "p"}, "spec": {"nodeName": "node-1", "containers": [busy]}}
    again = Request("create", "pods", "default", body=body, credential=cluster.admin)
    assert cluster.handle(again).code == 201
    cluster.advance_to(cluster.clock.now + 10_000)  # the old one is killed after 2 s
    assert state(cluster) == ("running", "")


def test_a_longer_grace_period_given_later_changes_nothing():
    cluster = cluster_with(container(image="busybox", command=["sleep", "3600"]), grace=10)
    cluster.run_until_idle()
    delete(cluster)
    deleted_at = cluster.clock.now
    again = Request(
        "delete",
        "pods",
        "default",
        "p",
        query={"gracePeriodSeconds": "60"},
        credential=cluster.admin,
    )
    cluster.handle(again)
    cluster.run_until_idle()
    assert (cluster.clock.now - deleted_at, pod(cluster)) == (11_000, None)


def test_the_final_status_of_a_killed_pod_is_failed_with_exit_code_137(monkeypatch):
    cluster = cluster_with(container(image="busybox", command=["sleep", "3600"]), grace=5)
    cluster.run_until_idle()
    delete(cluster)
    cluster.advance_to(cluster.clock.now + 4_999)
    assert pod(cluster)["status"]["phase"] == "Running"
    reports = []
    call = kubelet(cluster).client.call

    def spy(verb, resource, namespace="", name="", **options):
        if verb == "patch" and options.get("subresource") == "status":
            reports.append(options["body"]["status"])
        return call(verb, resource, namespace, name, **options)

    monkeypatch.setattr(kubelet(cluster).client, "call", spy)
    cluster.run_until_idle()
    terminated = reports[-1]["containerStatuses"][0]["state"]["terminated"]
    assert (reports[-1]["phase"], terminated["exitCode"], terminated["reason"]) == (
        "Failed",
        137,
        "Error",
    )


def test_a_sandbox_that_dies_is_replaced_with_its_containers():
    cluster = cluster_with(container("web", "nginx:1.27"))
    cluster.run_until_idle()
    runtime(cluster).kill_sandbox(next(iter(runtime(cluster).sandboxes)))
    cluster.run_until_idle()
    assert {(reason, message, count) for _, reason, message, count in events(cluster)} >= {
        ("SandboxChanged", "Pod sandbox changed, it will be killed and re-created.", 1),
        ("Killing", "Stopping container web", 1),
        ("Created", "Container created", 2),
        ("Started", "Container started", 2),
    }
    found = pod(cluster)["status"]
    assert (found["podIP"], status(cluster)["restartCount"]) == ("10.244.1.3", 1)


def test_logs_come_from_the_running_container_and_from_the_one_before():
    cluster = cluster_with(
        container(image="busybox", command=["sh", "-c", "echo run; date; sleep 3; exit 1"])
    )
    cluster.advance_to(2_000)
    assert (
        container_logs(kubelet(cluster), "default", "p", "app")
        == "run\nThu Jan  1 00:00:00 UTC 2026\n"
    )
    with pytest.raises(LogsError, match='previous terminated container "app" in pod "p" not found'):
        container_logs(kubelet(cluster), "default", "p", "app", previous=True)
    cluster.advance_to(6_000)
    assert container_logs(kubelet(cluster), "default", "p", previous=True, timestamps=True) == (
        "2026-01-01T00:00:00.58Z run\n2026-01-01T00:00:00.58Z Thu Jan  1 00:00:00 UTC 2026\n"
    )


@pytest.mark.parametrize(
    ("image", "at", "message"),
    [
        ("nginx:1.27", 1_000, 'container "app" in pod "p" is waiting to start: ContainerCreating'),
        ("nosuch", 2_000, 'container "app" in pod "p" is waiting to start: image can\'t be pulled'),
        (
            "nosuch",
            12_000,
            'container "app" in pod "p" is waiting to start: trying and failing to pull image',
        ),
    ],
)
def test_a_container_that_never_ran_has_no_logs_and_says_why(image, at, message):
    cluster = cluster_with(container(image=image))
    cluster.advance_to(at)
    with pytest.raises(LogsError, match=re.escape(message)):
        container_logs(kubelet(cluster), "default", "p", "app")


def test_logs_of_a_pod_that_does_not_run_on_the_node_are_none():
    assert container_logs(kubelet(cluster_with(container())), "default", "other", "app") is None


def test_a_restored_snapshot_of_a_crash_loop_has_the_same_future():
    cluster = cluster_with(container(image="kubelab/crashloop"))
    cluster.advance_to(7_000)
    copy = pickle.loads(pickle.dumps(cluster))
    for each in (cluster, copy):
        each.advance_to(120_000)
    assert copy.trace.since(0) == cluster.trace.since(0)
    assert pod(copy) == pod(cluster)


def test_a_pod_worker_holds_its_version_of_the_pod_as_parts_of_the_informer_s_latest():
    cluster = cluster_with(container("web", "nginx:1.27"))
    cluster.run_until_idle()
    node = kubelet(cluster)
    latest = node.pod_informer.get("default/p")
    held = node.workers["default/p"].pod
    assert held["metadata"]["resourceVersion"] != latest["metadata"]["resourceVersion"]
    assert held["spec"] is latest["spec"]
    # a status-only change gives the held version the newer status (checkAndUpdatePod)
    assert held["status"] is latest["status"]
    assert held["status"]["phase"] == "Running"
    assert (
        node.workers["default/p"].sent["containerStatuses"] is latest["status"]["containerStatuses"]
    )


def test_an_ephemeral_container_starts_once_is_never_ready_and_never_restarts():
    cluster = cluster_with(container())
    cluster.advance_to(10_000)
    debugger = {"name": "debugger", "image": "busybox", "command": ["sh", "-c", "exit 2"]}
    patched = cluster.handle(
        Request(
            "patch",
            "pods",
            "default",
            "p",
            "ephemeralcontainers",
            {"spec": {"ephemeralContainers": [debugger]}},
            credential=cluster.admin,
            content_type="application/strategic-merge-patch+json",
        )
    )
    assert patched.code == 200, patched.body
    cluster.advance_to(60_000)
    found = pod(cluster)["status"]
    ephemeral = found["ephemeralContainerStatuses"][0]
    assert (ephemeral["ready"], ephemeral["restartCount"], "started" in ephemeral) == (
        False,
        0,
        False,
    )
    assert ephemeral["state"]["terminated"]["exitCode"] == 2  # and not restarted since
    assert (found["phase"], found["containerStatuses"][0]["ready"]) == ("Running", True)
    started = [f for reason, f, _ in fielded(cluster) if reason == "Started"]
    assert started == ["spec.containers{app}", "spec.ephemeralContainers{debugger}"]


def test_a_pod_on_the_hosts_network_has_the_nodes_ip_and_hostname():
    cluster = cluster_with(container("sh", "busybox", command=["sleep", "3600"]))
    body = {
        "metadata": {"name": "host"},
        "spec": {
            "nodeName": "node-1",
            "hostNetwork": True,
            "containers": [{"name": "c", "image": "busybox", "command": ["sleep", "3600"]}],
        },
    }
    assert (
        cluster.handle(
            Request("create", "pods", "default", body=body, credential=cluster.admin)
        ).code
        == 201
    )
    cluster.advance_to(10_000)
    status = pod(cluster, "host")["status"]
    assert (status["podIP"], status["hostIP"]) == ("172.18.0.3", "172.18.0.3")
    assert (
        runtime(cluster).file(
            kubelet(cluster).workers["default/host"].containers["c"].current.id, "/etc/hostname"
        )
        == "node-1\n"
    )
    assert pod(cluster)["status"]["podIP"].startswith("10.244.1.")  # the others keep theirs


def ready_condition(cluster) -> tuple[str, str]:
    found = next(c for c in pod(cluster)["status"]["conditions"] if c["type"] == "Ready")
    return found["status"], found["lastTransitionTime"]


def test_the_kubelet_puts_back_the_ready_condition_the_node_controller_changed():
    cluster = cluster_with(container())
    cluster.advance_to(30_000)
    assert ready_condition(cluster) == ("True", "2026-01-01T00:00:04Z")
    faults.node_down(cluster, "node-1")
    cluster.advance_to(120_000)  # last heard from at 30 s: unreachable, its pods not ready
    assert ready_condition(cluster) == ("False", "2026-01-01T00:01:30Z")
    faults.node_up(cluster, "node-1")  # the informer relists, and sees the change
    cluster.advance_to(129_999)
    assert ready_condition(cluster)[0] == "False"
    cluster.advance_to(130_000)  # the status manager's next sync sends what it has
    assert ready_condition(cluster) == ("True", "2026-01-01T00:00:04Z")
