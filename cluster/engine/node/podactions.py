"""computePodActions (kuberuntime_manager.go): what one sync of a pod does, in order, from
what the kubelet knows of it. An action is a tuple: its name, then its arguments.

- ("sandbox_changed",): the sandbox died; say so, and stop what is left of it
- ("sandbox",): create the pod's sandbox
- ("start", name, exited_at): start a container; `exited_at` is when its last instance
  ended (the crash back-off counts from there), None if none has
- ("kill", name, message): stop a running container (message "": a plain stop)
- ("end",): the pod has completed; stop its sandbox
- ("finish_termination",): the pod is being deleted and everything has stopped
"""

from __future__ import annotations

from cluster.engine.node import status
from cluster.engine.node.podstate import ContainerRecord, PodWorker

Action = tuple


def compute(worker: PodWorker) -> list[Action]:
    if worker.terminal:
        return []  # it has ended: wait for the object to go
    if worker.terminating:
        return [*_kill_all(worker), ("finish_termination",)]
    spec = worker.pod["spec"]
    statuses = [status.container_status(r, spec, 0, False) for r in worker.containers.values()]
    if status.get_phase(spec, statuses, False) in ("Succeeded", "Failed"):
        return [("end",)]
    policy = spec.get("restartPolicy", "Always")
    if not worker.sandbox_ready:
        return _new_sandbox(worker, policy)
    actions: list[Action] = []
    for name, record in worker.containers.items():
        if record.running and record.kill_message:
            restart = policy != "Never"
            message = record.kill_message + (", will be restarted" if restart else "")
            actions.append(("kill", name, message))
            if restart:
                actions.append(("start", name, _last_exit(record)))
        elif record.current is None:
            actions.append(("start", name, None))
        elif record.exited and status.should_restart(policy, record):
            actions.append(("start", name, record.current.finished_ms))
    return actions


def _kill_all(worker: PodWorker) -> list[Action]:
    return [("kill", name, "") for name, r in worker.containers.items() if r.running]


def _new_sandbox(worker: PodWorker, policy: str) -> list[Action]:
    """A first sandbox, or a new one for a sandbox that died: then every container (again),
    but those that succeeded under OnFailure; a pod that never restarts gets no new one."""
    if not worker.sandbox:
        return [("sandbox",), *(("start", name, None) for name in worker.containers)]
    actions: list[Action] = [("sandbox_changed",), *_kill_all(worker)]
    if policy == "Never":
        return actions
    actions.append(("sandbox",))
    for name, record in worker.containers.items():
        succeeded = record.exited and record.current is not None and record.current.exit_code == 0
        if not (policy == "OnFailure" and succeeded):
            actions.append(("start", name, _last_exit(record)))
    return actions


def _last_exit(record: ContainerRecord) -> int | None:
    """When the newest instance that has ended ended, as the sync found things."""
    if record.exited and record.current is not None:
        return record.current.finished_ms
    return record.previous.finished_ms if record.previous else None
