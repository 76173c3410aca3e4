"""The pod status the kubelet generates: getPhase from the containers' states, and the
conditions of generate.go."""

import pytest

from cluster.engine.node import status
from cluster.engine.node.podstate import ContainerRecord, Instance, PodWorker

RUNNING = {"running": {"startedAt": "t"}}
WAITING = {"waiting": {"reason": "ContainerCreating"}}
DONE = {"terminated": {"exitCode": 0}}
FAILED = {"terminated": {"exitCode": 1}}


def shown(state: dict, last: dict | None = None) -> dict:
    return {"state": state, "lastState": last or {}}


@pytest.mark.parametrize(
    ("policy", "states", "terminal", "phase"),
    [
        ("Always", [WAITING], False, "Pending"),
        ("Always", [RUNNING, WAITING], False, "Pending"),
        ("Always", [RUNNING, DONE], False, "Running"),
        ("Always", [DONE, FAILED], False, "Running"),
        ("OnFailure", [DONE, DONE], False, "Succeeded"),
        ("OnFailure", [DONE, FAILED], False, "Running"),
        ("Never", [DONE, FAILED], False, "Failed"),
        ("Never", [DONE], False, "Succeeded"),
        ("Always", [DONE], True, "Succeeded"),
        ("Always", [FAILED], True, "Failed"),
    ],
    ids=[
        "a container not started yet: Pending",
        "one running, one not started: still Pending",
        "one running, one done: Running",
        "all done but they restart: Running",
        "OnFailure, all succeeded: Succeeded",
        "OnFailure, one failed and restarting: Running",
        "Never, one failed: Failed",
        "Never, all succeeded: Succeeded",
        "a terminal pod that succeeded",
        "a terminal pod with a failure",
    ],
)
def test_the_phase_follows_the_containers_and_the_restart_policy(policy, states, terminal, phase):
    statuses = [shown(state) for state in states]
    assert status.get_phase({"restartPolicy": policy}, statuses, terminal) == phase


def test_a_container_waiting_to_restart_counts_as_stopped():
    statuses = [shown({"waiting": {"reason": "CrashLoopBackOff"}}, {"terminated": {}})]
    assert status.get_phase({"restartPolicy": "Always"}, statuses, False) == "Running"


def pod_worker(*records: ContainerRecord, sandbox_ready: bool = True) -> PodWorker:
    pod = {
        "metadata": {"name": "p", "namespace": "default", "uid": "u", "generation": 2},
        "spec": {"restartPolicy": "Always", "containers": [{"name": r.name} for r in records]},
        "status": {
            "qosClass": "BestEffort",
            "conditions": [
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": "then"},
                {"type": "Initialized", "status": "True", "lastTransitionTime": "then"},
            ],
        },
    }
    worker = PodWorker("default/p", "u", pod, {r.name: r for r in records})
    worker.sandbox_ready, worker.ip, worker.start_time = sandbox_ready, "10.244.1.2", "start"
    return worker


def test_the_conditions_say_which_containers_are_not_ready_and_keep_their_transition_times():
    ready = ContainerRecord(
        "a", "img", Instance("1", 0, "ref", "running", 0), ready=True, started=True
    )
    unready = ContainerRecord("b", "img", Instance("2", 0, "ref", "running", 0), started=True)
    worker = pod_worker(ready, unready)
    generated = status.generate(worker, worker.pod, 0, "now", "172.18.0.3")
    assert [
        (c["type"], c["status"], c.get("reason"), c.get("message"), c["lastTransitionTime"])
        for c in generated["conditions"]
    ] == [
        ("PodReadyToStartContainers", "True", None, None, "now"),
        ("Initialized", "True", None, None, "then"),
        ("Ready", "False", "ContainersNotReady", "containers with unready status: [b]", "now"),
        (
            "ContainersReady",
            "False",
            "ContainersNotReady",
            "containers with unready status: [b]",
            "now",
        ),
        ("PodScheduled", "True", None, None, "then"),
    ]
    assert {c["observedGeneration"] for c in generated["conditions"][:4]} == {2}
    assert (generated["phase"], generated["podIP"], generated["observedGeneration"]) == (
        "Running",
        "10.244.1.2",
        2,
    )


def test_conditions_others_own_are_kept_first_as_they_are():
    """generateAPIPodStatus keeps what is not PodConditionByKubelet: the scheduler's
    DisruptionTarget on a preempted pod outlives the kubelet's status updates."""
    running = ContainerRecord(
        "a", "img", Instance("1", 0, "ref", "running", 0), ready=True, started=True
    )
    worker = pod_worker(running)
    disruption = {
        "type": "DisruptionTarget",
        "status": "True",
        "lastProbeTime": None,
        "lastTransitionTime": "then",
        "reason": "PreemptionByScheduler",
        "message": "default-scheduler: preempting to accommodate a higher priority pod",
    }
    gate = {"type": "example.com/gate", "status": "True", "lastTransitionTime": "then"}
    worker.pod["status"]["conditions"] += [disruption, gate]
    generated = status.generate(worker, worker.pod, 0, "now", "172.18.0.3")
    assert generated["conditions"][:2] == [disruption, gate]
    assert [c["type"] for c in generated["conditions"][2:]] == [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ]


def test_transition_times_carry_on_from_the_status_manager_s_status_not_the_pod_s():
    """Others may change the kubelet's conditions in the pod (the node controller's Ready
    False while the node was unreachable): the kubelet's next status takes the transition
    times from what it last made (GetPodStatus), as Kubernetes' does."""
    running = ContainerRecord(
        "a", "img", Instance("1", 0, "ref", "running", 0), ready=True, started=True
    )
    worker = pod_worker(running)
    worker.status = status.generate(worker, worker.pod, 0, "then", "172.18.0.3")
    not_ready = {"type": "Ready", "status": "False", "lastTransitionTime": "meanwhile"}
    worker.pod["status"]["conditions"] = [not_ready]
    generated = status.generate(worker, worker.pod, 0, "now", "172.18.0.3")
    ready = next(c for c in generated["conditions"] if c["type"] == "Ready")
    assert (ready["status"], ready["lastTransitionTime"]) == ("True", "then")


def test_a_container_that_never_ran_in_a_pod_that_ended_is_reported_unknown():
    worker = pod_worker(ContainerRecord("a", "img", reason="ImagePullBackOff"))
    worker.terminal = True
    generated = status.generate(worker, worker.pod, 0, "now", "172.18.0.3")
    assert generated["containerStatuses"][0]["state"] == {
        "terminated": {
            "exitCode": 137,
            "reason": "ContainerStatusUnknown",
            "message": "The container could not be located when the pod was terminated",
            "startedAt": None,
            "finishedAt": None,
        }
    }
    assert generated["phase"] == "Failed"


def named(name: str, state: dict, last: dict | None = None, **fields: object) -> dict:
    return {"name": name, **shown(state, last), **fields}


INIT = {"name": "init"}
SIDECAR = {"name": "side", "restartPolicy": "Always"}


UNKNOWN = {
    "terminated": {
        "exitCode": 137,
        "reason": "ContainerStatusUnknown",
        "message": "The container could not be located when the pod was terminated",
        "startedAt": None,
        "finishedAt": None,
    }
}


@pytest.mark.parametrize(
    ("inits", "init_states", "states", "init_after", "after"),
    [
        ([], [], [WAITING, DONE], [], [UNKNOWN, DONE]),
        ([INIT, INIT], [FAILED, WAITING], [WAITING], [FAILED, WAITING], [WAITING]),
        ([INIT, INIT], [WAITING, WAITING], [WAITING], [UNKNOWN, WAITING], [WAITING]),
        ([INIT], [DONE], [WAITING], [DONE], [UNKNOWN]),
        ([SIDECAR], [RUNNING], [WAITING], [UNKNOWN], [WAITING]),
    ],
    ids=[
        "no init containers: what never ran failed",
        "an init container failed: the rest still waits",
        "nothing ever started: the first init container failed",
        "initialized: a container that never ran failed",
        "a sidecar running but not started: the pod never initialized",
    ],
)
def test_a_pod_that_ended_reports_failed_only_what_should_have_run(
    inits, init_states, states, init_after, after
):
    init_statuses = [{**shown(state), "started": False} for state in init_states]
    statuses = [shown(state) for state in states]
    status.terminate_pod(inits, init_statuses, statuses)
    assert [s["state"] for s in init_statuses] == init_after
    assert [s["state"] for s in statuses] == after


@pytest.mark.parametrize(
    ("policy", "inits", "init_states", "states", "initialized", "phase"),
    [
        ("Always", [INIT], [shown(RUNNING)], [WAITING], False, "Pending"),
        ("Always", [INIT], [shown(FAILED)], [WAITING], False, "Pending"),
        ("OnFailure", [INIT], [shown(WAITING, FAILED)], [WAITING], False, "Pending"),
        ("Never", [INIT], [shown(FAILED)], [WAITING], False, "Failed"),
        ("Never", [INIT], [shown(DONE)], [RUNNING], True, "Running"),
        ("Always", [SIDECAR], [{**shown(RUNNING), "started": False}], [WAITING], False, "Pending"),
        ("Always", [SIDECAR], [{**shown(RUNNING), "started": True}], [DONE], True, "Running"),
        ("Never", [SIDECAR], [shown(FAILED)], [DONE], True, "Succeeded"),
        (
            "Always",
            [SIDECAR],
            [{**shown(RUNNING), "started": False}],
            [RUNNING],
            True,
            "Running",
        ),
    ],
    ids=[
        "an init container runs: Pending",
        "one failed and restarts: still Pending",
        "one waits to restart after failing: Pending",
        "one failed under Never: Failed",
        "init done, a container runs: Running",
        "a sidecar not started yet: Pending",
        "a running sidecar keeps the pod Running",
        "stopped sidecars do not count once the containers are done",
        "a sidecar restarting after initialization leaves the pod Running",
    ],
)
def test_the_phase_follows_the_init_containers_too(
    policy, inits, init_states, states, initialized, phase
):
    spec = {"restartPolicy": policy, "initContainers": inits}
    statuses = [shown(state) for state in states]
    assert status.get_phase(spec, statuses, False, init_states, initialized) == phase


def test_init_containers_not_done_make_the_pod_uninitialized_and_sidecars_count_as_containers():
    sidecar = ContainerRecord(
        "side",
        "img",
        Instance("1", 0, "ref", "running", 0),
        ready=False,
        started=True,
        init=True,
        sidecar=True,
    )
    done = ContainerRecord("setup", "img", Instance("2", 0, "ref", "exited", 0, 10), init=True)
    waiting = ContainerRecord("late", "img", init=True)
    app = ContainerRecord("a", "img")
    worker = pod_worker(app)
    worker.containers = {r.name: r for r in (sidecar, done, waiting, app)}
    worker.pod["spec"]["initContainers"] = [
        {"name": "side", "restartPolicy": "Always"},
        {"name": "setup"},
        {"name": "late"},
    ]
    generated = status.generate(worker, worker.pod, 0, "now", "172.18.0.3")
    assert [
        (s["name"], next(iter(s["state"])), s["ready"], s["started"])
        for s in generated["initContainerStatuses"]
    ] == [
        ("side", "running", False, True),
        ("setup", "terminated", True, False),
        ("late", "waiting", False, False),
    ]
    assert generated["initContainerStatuses"][2]["state"] == {
        "waiting": {"reason": "PodInitializing"}
    }
    assert generated["containerStatuses"][0]["state"] == {"waiting": {"reason": "PodInitializing"}}
    conditions = {
        c["type"]: (c["status"], c.get("reason"), c.get("message")) for c in generated["conditions"]
    }
    assert conditions["Initialized"] == (
        "False",
        "ContainersNotInitialized",
        "containers with incomplete status: [late]",
    )
    assert conditions["ContainersReady"] == (
        "False",
        "ContainersNotReady",
        "containers with unready status: [side a]",
    )
    assert generated["phase"] == "Pending"


TOKEN = {"name": "kube-api-access-x", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}


def status_of(record: ContainerRecord, container: dict) -> dict:
    return status.container_status(record, container, {"restartPolicy": "Always"}, 0, False)


def test_a_container_reports_its_mounts_whether_it_runs_or_waits():
    container = {
        "name": "app",
        "volumeMounts": [
            {**TOKEN, "readOnly": True},
            {"name": "data", "mountPath": "/data"},
            {
                "name": "config",
                "mountPath": "/etc/app",
                "readOnly": True,
                "recursiveReadOnly": "IfPossible",
            },
        ],
    }
    expected = [
        {**TOKEN, "readOnly": True, "recursiveReadOnly": "Disabled"},
        {"name": "data", "mountPath": "/data"},
        {
            "name": "config",
            "mountPath": "/etc/app",
            "readOnly": True,
            "recursiveReadOnly": "Enabled",
        },
    ]
    waiting = status_of(ContainerRecord("app", "nginx"), container)
    running = status_of(
        ContainerRecord("app", "nginx", Instance("c1", 0, state="running", started_ms=0)), container
    )
    assert waiting["volumeMounts"] == running["volumeMounts"] == expected
    assert "volumeMounts" not in status_of(ContainerRecord("app", "nginx"), {"name": "app"})


def test_a_created_container_reports_the_resources_allocated_to_it():
    resources = {
        "requests": {"cpu": "100m"},
        "limits": {"cpu": "200m"},
        "claims": [{"name": "gpu"}],
    }
    container = {"name": "app", "resources": resources}
    created = ContainerRecord(
        "app", "nginx", Instance("c1", 0, state="created", resources=resources)
    )
    found = status_of(created, container)
    assert found["resources"] == {"requests": {"cpu": "100m"}, "limits": {"cpu": "200m"}}
    assert found["allocatedResources"] == {"cpu": "100m"}
    # nothing asked for: an empty allocation, reported as such, and no allocatedResources
    assert status_of(created, {"name": "app"})["resources"] == {}
    assert "allocatedResources" not in status_of(created, {"name": "app"})
    # not created yet: nothing allocated to report
    assert "resources" not in status_of(ContainerRecord("app", "nginx"), container)


def test_a_running_container_reports_what_the_runtime_applied_to_it():
    """A resize allocated and not applied yet: the status says what the container has."""
    applied = {"requests": {"cpu": "100m"}, "limits": {"cpu": "200m"}}
    allocated = {
        "name": "app",
        "resources": {"requests": {"cpu": "150m"}, "limits": {"cpu": "300m"}},
    }
    record = ContainerRecord(
        "app", "nginx", Instance("c1", 0, state="running", started_ms=0, resources=applied)
    )
    found = status_of(record, allocated)
    assert found["resources"] == applied
    assert found["allocatedResources"] == {"cpu": "150m"}


@pytest.mark.parametrize("kind", ["init", "sidecar", "ephemeral"])
def test_every_created_container_reports_resources(kind):
    """convertToAPIContainerStatuses gives every container the runtime created, whatever its
    kind, the resources allocated to it (GetContainerSpec finds them all)."""
    record = ContainerRecord(
        "c",
        "busybox",
        Instance("c1", 0, state="exited", started_ms=0, finished_ms=1),
        init=kind in ("init", "sidecar"),
        sidecar=kind == "sidecar",
        ephemeral=kind == "ephemeral",
    )
    assert status_of(record, {"name": "c"})["resources"] == {}
