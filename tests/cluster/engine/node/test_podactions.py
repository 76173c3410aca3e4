"""What one sync of a pod does (computePodActions), from what the kubelet knows of it."""

import pytest

from cluster.engine.node import podactions
from cluster.engine.node.podstate import ContainerRecord, Instance, PodWorker


def record(name: str, state: str | None = None, code: int = 0, **fields: object) -> ContainerRecord:
    current = None
    if state is not None:
        current = Instance(
            f"{name}-1", 1, "ref", state, 1_000, 5_000 if state == "exited" else None, code
        )
    return ContainerRecord(name, "img", current, **fields)


def worker(*records: ContainerRecord, policy: str = "Always", sandbox: str = "s1") -> PodWorker:
    pod = {"spec": {"restartPolicy": policy, "containers": [{"name": r.name} for r in records]}}
    found = PodWorker("default/p", "u", pod, {r.name: r for r in records})
    found.sandbox, found.sandbox_ready = sandbox, bool(sandbox)
    return found


@pytest.mark.parametrize(
    ("found", "actions"),
    [
        (
            worker(record("a"), record("b"), sandbox=""),
            [("sandbox",), ("start", "a", None), ("start", "b", None)],
        ),
        (worker(record("a", "running"), record("b", "exited", 1)), [("start", "b", 5_000)]),
        (worker(record("a", "exited", 1), policy="Never"), [("end",)]),
        (worker(record("a", "exited", 0), record("b", "running"), policy="OnFailure"), []),
        (
            worker(record("a", "running", kill_message="Container a failed liveness probe")),
            [
                ("kill", "a", "Container a failed liveness probe, will be restarted"),
                ("start", "a", None),
            ],
        ),
        (
            worker(
                record("a", "running", kill_message="Container a failed liveness probe"),
                record("b", "running"),
                policy="Never",
            ),
            [("kill", "a", "Container a failed liveness probe")],
        ),
    ],
    ids=[
        "a new pod: its sandbox, then every container",
        "an exited container restarts, counting its back-off from its exit",
        "a pod that will not restart has ended",
        "OnFailure leaves a container that succeeded",
        "a probe failed: kill and restart",
        "a probe failed under Never: kill only",
    ],
)
def test_a_sync_does_what_the_pod_needs(found, actions):
    assert podactions.compute(found) == actions


def test_a_dead_sandbox_is_replaced_and_every_container_started_again():
    found = worker(record("a", "running"), record("b", "exited", 0), policy="OnFailure")
    found.sandbox_ready = False
    assert podactions.compute(found) == [
        ("sandbox_changed",),
        ("kill", "a", ""),
        ("sandbox",),
        ("start", "a", None),
    ]


def test_a_pod_being_deleted_stops_what_runs_then_finishes():
    found = worker(record("a", "running"), record("b", "exited"))
    found.terminating = True
    assert podactions.compute(found) == [("kill", "a", ""), ("finish_termination",)]
    found.terminal = True
    assert podactions.compute(found) == []


def init(name: str, state: str | None = None, code: int = 0, **fields: object) -> ContainerRecord:
    return record(name, state, code, init=True, **fields)


def sidecar(name: str, state: str | None = None, **fields: object) -> ContainerRecord:
    fields.setdefault("started", state == "running")
    return record(name, state, init=True, sidecar=True, **fields)


def with_inits(*records: ContainerRecord, policy: str = "Always", sandbox: str = "s1") -> PodWorker:
    found = worker(*records, policy=policy, sandbox=sandbox)
    spec = found.pod["spec"]
    spec["initContainers"] = [
        {"name": r.name, **({"restartPolicy": "Always"} if r.sidecar else {})}
        for r in records
        if r.init
    ]
    spec["containers"] = [{"name": r.name} for r in records if not r.init]
    return found


@pytest.mark.parametrize(
    ("found", "actions"),
    [
        (
            with_inits(init("i1"), init("i2"), record("a"), sandbox=""),
            [("sandbox",), ("start", "i1", None)],
        ),
        (with_inits(init("i1", "running"), init("i2"), record("a")), []),
        (
            with_inits(init("i1", "exited"), init("i2"), record("a")),
            [("start", "i2", None)],
        ),
        (
            with_inits(init("i1", "exited"), init("i2", "exited"), record("a")),
            [("start", "a", None)],
        ),
        (
            with_inits(init("i1", "exited"), init("i2", "exited", 1), record("a")),
            [("start", "i2", 5_000)],
        ),
        (
            with_inits(init("i1", "exited", 1), record("a"), policy="Never"),
            [("end",)],
        ),
        (
            with_inits(init("i1", "exited", 1), record("a"), policy="OnFailure"),
            [("start", "i1", 5_000)],
        ),
        (
            with_inits(sidecar("s", "running", started=False), init("i"), record("a")),
            [],
        ),
        (
            with_inits(sidecar("s", "running"), init("i"), record("a")),
            [("start", "i", None)],
        ),
        (
            with_inits(sidecar("s", "running"), init("i", "exited"), record("a", "running")),
            [],
        ),
        (
            with_inits(sidecar("s", "exited"), init("i", "exited"), record("a", "running")),
            [("start", "s", 5_000)],
        ),
        (
            with_inits(
                sidecar("s", "running", kill_message="Init container s failed liveness probe"),
                record("a", "running"),
            ),
            [("kill", "s", "Init container s failed liveness probe"), ("start", "s", None)],
        ),
        (
            with_inits(sidecar("s", "running"), record("a", "exited", 0), policy="OnFailure"),
            [("kill", "s", ""), ("end",)],
        ),
    ],
    ids=[
        "a new pod with init containers: its sandbox, then the first of them only",
        "an init container runs: wait for it",
        "one has completed: the next",
        "the last has completed: the containers",
        "a failed init container restarts, after its back-off",
        "under Never, a failed init container ends the pod",
        "under OnFailure, it restarts",
        "a sidecar not started yet (startup probe) holds the next one back",
        "a sidecar that has started lets the next one start",
        "once initialized, a running sidecar is left alone",
        "a sidecar that exited restarts, whatever the restart policy",
        "a sidecar that failed its liveness probe is killed and restarted",
        "the containers are done and will not restart: the sidecars stop too",
    ],
)
def test_init_containers_run_in_order_and_sidecars_keep_running(found, actions):
    assert podactions.compute(found) == actions


def test_a_pod_being_deleted_stops_its_containers_then_its_sidecars_the_last_first():
    found = with_inits(sidecar("s1", "running"), sidecar("s2", "running"), record("a", "running"))
    found.terminating = True
    assert podactions.compute(found) == [
        ("kill", "a", ""),
        ("kill", "s2", ""),
        ("kill", "s1", ""),
        ("finish_termination",),
    ]


def test_a_dead_sandbox_runs_the_init_containers_again_from_the_first():
    found = with_inits(init("i1", "exited"), record("a", "running"))
    found.sandbox_ready = False
    assert podactions.compute(found) == [
        ("sandbox_changed",),
        ("kill", "a", ""),
        ("purge_init",),
        ("sandbox",),
        ("start", "i1", None),
    ]
