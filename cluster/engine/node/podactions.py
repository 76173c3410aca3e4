"""computePodActions (kuberuntime_manager.go): what one sync of a pod does, in order, from
what the kubelet knows of it. An action is a tuple: its name, then its arguments.

- ("sandbox_changed",): the sandbox died; say so, and stop what is left of it
- ("sandbox",): create the pod's sandbox
- ("purge_init",): forget the init containers that ran in the sandbox that died
- ("start", name, exited_at): start a container; `exited_at` is when its last instance
  ended (the crash back-off counts from there), None if none has; ephemeral containers
  (`kubectl debug`) start once each, first
- ("kill", name, message): stop a running container (message "": a plain stop)
- ("resize",): give the running containers what was allocated to them since, in place
- ("end",): the pod has completed; stop its sandbox
- ("finish_termination",): the pod is being deleted and everything has stopped

Init containers (computeInitContainerActions) run one at a time, in order, each to
completion; a sidecar (restartPolicy Always) lets the next one start once it has started,
and keeps running, restarted whenever it exits. Until the last init container is done,
nothing else starts.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.node import resize, status
from cluster.engine.node.podstate import ContainerRecord, PodWorker

Action = tuple


def compute(worker: PodWorker) -> list[Action]:
    if worker.terminal:
        return []  # it has ended: wait for the object to go
    if worker.terminating:
        return [*_kill_all(worker), ("finish_termination",)]
    if worker.evicted is not None:  # Failed: nothing may run (SyncPod kills the pod)
        return [*_kill_all(worker), ("end",)]
    spec = worker.pod["spec"]
    inits, statuses = status.container_statuses(worker, spec, 0)
    phase = status.get_phase(spec, statuses, False, inits, status.any_created(worker))
    if phase in ("Succeeded", "Failed"):
        return [*_kill_all(worker), ("end",)]
    policy = spec.get("restartPolicy", "Always")
    if not worker.sandbox_ready:
        return _new_sandbox(worker, policy)
    actions, done = _init_actions(worker, policy)
    if actions is None:  # an init container failed and the pod never restarts one
        return [*_kill_all(worker), ("end",)]
    # ephemeral containers start even before initialization is complete, and only once
    ephemerals = [("start", r.name, None) for r in worker.ephemerals if r.current is None]
    if not done:
        return ephemerals + actions
    regular = _regular_actions(worker, policy)
    if regular is None:  # nothing runs or will: stop the sidecars too (KillPod)
        return [*_kill_all(worker), ("end",)]
    return _resize_restarts(worker) + ephemerals + actions + _resize_in_place(worker) + regular


def _regular_actions(worker: PodWorker, policy: str) -> list[Action] | None:
    """The containers' actions; None when none is kept running and none will start."""
    actions: list[Action] = []
    kept = starts = 0
    for record in worker.regulars:
        name = record.name
        if record.running and record.kill_message:
            restart = policy != "Never"
            message = record.kill_message + (", will be restarted" if restart else "")
            actions.append(("kill", name, message))
            if restart:
                actions.append(("start", name, _last_exit(record)))
                starts += 1
        elif record.running:
            kept += 1
        elif record.current is None:
            actions.append(("start", name, None))
            starts += 1
        elif record.exited and status.should_restart(policy, record):
            actions.append(("start", name, record.current.finished_ms))
            starts += 1
    if not kept and not starts:
        return None
    return actions


def _resizing(worker: PodWorker) -> list[tuple[ContainerRecord, Object]]:
    """The running containers not yet given what was allocated to them (computePodResizeAction),
    but those a probe has doomed."""
    if worker.resize_in_progress is None:
        return []
    return [(r, c) for r, c in resize.unapplied(worker) if not r.kill_message]


def _resize_restarts(worker: PodWorker) -> list[Action]:
    """A container whose resizePolicy says RestartContainer for a resource that changed is
    killed and started again, with what was allocated."""
    actions: list[Action] = []
    for record, container in _resizing(worker):
        if resize.needs_restart(record, container):
            message = resize.RESTART.format(name=record.name)
            actions += [("kill", record.name, message), ("start", record.name, None)]
    return actions


def _resize_in_place(worker: PodWorker) -> list[Action]:
    """The others are resized in place, all in one step (doPodResizeAction)."""
    if any(not resize.needs_restart(r, c) for r, c in _resizing(worker)):
        return [("resize",)]
    return []


def _init_actions(worker: PodWorker, policy: str) -> tuple[list[Action] | None, bool]:
    """computeInitContainerActions: the kills and starts of init containers, and whether the
    pod has been initialized. Actions None: an init container failed under Never.

    The init containers are looked at from the last: the last one that has run says where
    initialization stands (those before it may have been removed since)."""
    inits = worker.inits
    if not inits:
        return [], True
    initialized = any(r.current is not None and not r.exited for r in worker.regulars)
    seen = initialized  # an init container after this one has run: this one was done
    kills: list[Action] = []
    starts: list[int] = []
    for i in reversed(range(len(inits))):
        record, current = inits[i], inits[i].current
        if current is None:
            if seen and record.sidecar:
                starts.append(i)
            continue
        if seen and not record.sidecar:
            continue
        if current.state == "created":
            starts.append(i)
        elif current.state == "running" and record.sidecar:
            if record.kill_message:  # its startup or liveness probe failed
                kills.append(("kill", record.name, record.kill_message))
                starts.append(i)
            elif record.started:
                if i == len(inits) - 1:
                    initialized = True
                elif not seen:
                    starts.append(i + 1)
        elif current.state == "exited":
            if record.sidecar:
                starts.append(i)
            elif current.exit_code != 0:
                if policy == "Never":
                    return None, False
                starts.append(i)
            elif i == len(inits) - 1:
                initialized = True
            else:
                starts.append(i + 1)
        seen = True
    if not seen:
        starts.append(0)
    actions = kills + [("start", inits[i].name, _last_exit(inits[i])) for i in reversed(starts)]
    return actions, initialized


def _kill_all(worker: PodWorker) -> list[Action]:
    """What runs, in the order it stops: the containers first, then the sidecars, the last
    started first (terminationOrdering)."""
    running = [r for r in worker.containers.values() if r.running]
    first = [r for r in running if not r.sidecar]
    last = [r for r in reversed(running) if r.sidecar]
    return [("kill", r.name, "") for r in [*first, *last]]


def _new_sandbox(worker: PodWorker, policy: str) -> list[Action]:
    """A first sandbox, or a new one for a sandbox that died: then the first init container,
    or every container (again), but those that succeeded under OnFailure; a pod that never
    restarts gets no new one."""
    inits = worker.inits
    if not worker.sandbox:
        if inits:
            return [("sandbox",), ("start", inits[0].name, None)]
        return [("sandbox",), *(("start", r.name, None) for r in worker.regulars)]
    actions: list[Action] = [("sandbox_changed",), *_kill_all(worker)]
    if policy == "Never":
        return actions
    if inits:
        return [*actions, ("purge_init",), ("sandbox",), ("start", inits[0].name, None)]
    actions.append(("sandbox",))
    for record in worker.regulars:
        succeeded = record.exited and record.current is not None and record.current.exit_code == 0
        if not (policy == "OnFailure" and succeeded):
            actions.append(("start", record.name, _last_exit(record)))
    return actions


def _last_exit(record: ContainerRecord) -> int | None:
    """When the newest instance that has ended ended, as the sync found things."""
    if record.exited and record.current is not None:
        return record.current.finished_ms
    return record.previous.finished_ms if record.previous else None
