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
