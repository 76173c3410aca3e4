"""The pod status the kubelet reports: container and init container statuses from what the
runtime ran and the reasons the last sync left, the phase as getPhase computes it, and the
conditions of pkg/kubelet/status/generate.go. Pure functions of the kubelet's pod state."""

from __future__ import annotations

from cluster.engine.api.meta import Object, format_timestamp
from cluster.engine.node import resize
from cluster.engine.node.podstate import ContainerRecord, Instance, PodWorker

CONTAINER_CREATING = "ContainerCreating"
POD_INITIALIZING = "PodInitializing"
POD_COMPLETED = "PodCompleted"
POD_FAILED = "PodFailed"
CONTAINERS_NOT_READY = "ContainersNotReady"
CONTAINERS_NOT_INITIALIZED = "ContainersNotInitialized"
UNKNOWN_STATUS = "ContainerStatusUnknown"
UNKNOWN_MESSAGE = "The container could not be located when the pod was terminated"
# PodConditionByKubelet: the conditions the kubelet owns, and puts back when others change them
KUBELET_CONDITIONS = frozenset(
    (
        "PodScheduled",
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodResizePending",
        "PodResizeInProgress",
    )
)


def is_sidecar(container: Object) -> bool:
    """IsRestartableInitContainer: an init container that keeps running (KEP-753)."""
    return container.get("restartPolicy") == "Always"


def should_restart(policy: str, record: ContainerRecord) -> bool:
    """ShouldContainerBeRestarted, for a container that has run and exited: a sidecar always
    is, an init container that completed never is."""
    code = record.current.exit_code if record.current is not None else 0
    if record.sidecar:
        return True
    if policy == "Never" or (record.init and code == 0):
        return False
    return policy == "Always" or (record.current is not None and code != 0)


# where a pod's status has its containers' statuses
STATUS_KEYS = ("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")


def generate(worker: PodWorker, pod: Object, epoch: int, now: str, host_ip: str) -> Object:
    """The pod's status as the kubelet would PATCH it now."""
    spec = pod["spec"]
    inits, statuses = container_statuses(worker, spec, epoch)
    phase = get_phase(spec, statuses, worker.terminal, inits, any_created(worker))
    if worker.evicted is not None:  # an internal module's eviction overrides the phase
        phase = "Failed"
    old = pod.get("status") or {}
    generation = pod["metadata"].get("generation", 1)
    status: Object = {
        "observedGeneration": generation,
        "phase": terminal_phase(phase) if worker.terminal else phase,
        "conditions": conditions(worker, spec, (inits, statuses), phase, old, now, generation),
        "hostIP": host_ip,
        "hostIPs": [{"ip": host_ip}],
        "startTime": worker.start_time,
    }
    if inits:
        status["initContainerStatuses"] = inits
    status["containerStatuses"] = statuses
    ephemerals = spec.get("ephemeralContainers") or []
    if ephemerals:
        status["ephemeralContainerStatuses"] = [
            ephemeral_status(worker.containers[c["name"]], c, spec, epoch, worker.terminal)
            for c in ephemerals
        ]
    if worker.evicted is not None:
        status["reason"], status["message"] = worker.evicted
    status["qosClass"] = old.get("qosClass", "BestEffort")
    if worker.ip:
        status["podIP"], status["podIPs"] = worker.ip, [{"ip": worker.ip}]
    return status


def terminal_phase(phase: str) -> str:
    """TerminatePod: a pod that has ended and is neither Succeeded nor Failed (deleted while
    Pending or Running) is marked Failed, so that it can be deleted; its conditions stay as
    the phase getPhase gave made them."""
    return phase if phase in ("Succeeded", "Failed") else "Failed"


def any_created(worker: PodWorker) -> bool:
    """HasAnyActiveRegularContainerStarted: a container (not an init one) has been created,
    so the pod was initialized."""
    return any(r.current is not None for r in worker.regulars)


def container_statuses(
    worker: PodWorker, spec: Object, epoch: int
) -> tuple[list[Object], list[Object]]:
    """convertToAPIContainerStatuses, for the init containers and for the others; while a
    pod has init containers, a container not created yet waits with PodInitializing."""
    inits = spec.get("initContainers") or []
    default = POD_INITIALIZING if inits else CONTAINER_CREATING

    def each(containers: list[Object]) -> list[Object]:
        return [
            container_status(
                worker.containers[c["name"]],
                resize.allocated_container(worker, c),
                spec,
                epoch,
                worker.terminal,
                default,
            )
            for c in containers
        ]

    found = each(inits), each(spec["containers"])
    if worker.terminal:
        terminate_pod(inits, *found)
    return found


def terminate_pod(init_specs: list[Object], inits: list[Object], statuses: list[Object]) -> None:
    """TerminatePod: once the pod has ended, a container with no terminated state is reported
    failed, its end unknown: every container if the pod ever initialized (else the init
    container's failure tells why the pod failed, and the others still wait), and the init
    containers up to the last one that ever started."""
    ended = statuses if has_pod_initialized(init_specs, inits, statuses) else []
    for status in [*ended, *initialized_containers(inits)]:
        if "terminated" not in status["state"]:
            status["state"] = {"terminated": _unknown()}


def has_pod_initialized(
    init_specs: list[Object], inits: list[Object], statuses: list[Object]
) -> bool:
    """hasPodInitialized: no init containers, a container out of its first wait, or the last
    init container completed (a sidecar: running and started)."""
    if not init_specs:
        return True
    if any(s["lastState"].get("terminated") or "waiting" not in s["state"] for s in statuses):
        return True
    last = inits[-1]
    if is_sidecar(init_specs[-1]):
        return "running" in last["state"] and last["started"]
    return any(
        state.get("terminated", {}).get("exitCode") == 0
        for state in (last["lastState"], last["state"])
    )


def initialized_containers(inits: list[Object]) -> list[Object]:
    """initializedContainers: the init containers but the trailing ones that never left
    their first wait (at least the first one)."""
    for index in range(len(inits) - 1, -1, -1):
        if "waiting" not in inits[index]["state"] or inits[index]["lastState"].get("terminated"):
            return inits[: index + 1]
    return inits[:1]


def container_status(
    record: ContainerRecord,
    container: Object,
    spec: Object,
    epoch: int,
    terminal: bool,
    default: str = CONTAINER_CREATING,
) -> Object:
    current, previous = record.current, record.previous
    status: Object = {
        "name": record.name,
        "image": record.image,
        "imageID": "",
        "ready": _ready(record),
        "restartCount": record.restart_count,
        "started": record.running and record.started,
        "lastState": {},
    }
    if container.get("volumeMounts"):
        status["volumeMounts"] = volume_mounts(container["volumeMounts"])
    if current is not None:
        status["resources"] = _enacted(current if record.running else None, container)
        requests = (container.get("resources") or {}).get("requests")
        if requests:
            status["allocatedResources"] = requests
        if current.user is not None:
            status["user"] = current.user.status()
    if current is None or current.state == "created":
        waiting: Object = {"reason": record.reason or default}
        if record.message:
            waiting["message"] = record.message
        status["state"] = {"waiting": waiting}
        return status
    status["imageID"] = current.image_ref
    status["containerID"] = f"containerd://{current.id}"
    if current.state == "running":
        status["state"] = {"running": {"startedAt": _time(current.started_ms, epoch)}}
        if previous is not None:
            status["lastState"] = {"terminated": terminated(previous, epoch)}
    elif (
        record.reason
        and not terminal
        and should_restart(spec.get("restartPolicy", "Always"), record)
    ):
        waiting = {"reason": record.reason}
        if record.message:
            waiting["message"] = record.message
        status["state"] = {"waiting": waiting}
        status["lastState"] = {"terminated": terminated(current, epoch)}
    else:
        status["state"] = {"terminated": terminated(current, epoch)}
        if previous is not None:
            status["lastState"] = {"terminated": terminated(previous, epoch)}
    return status


def ephemeral_status(
    record: ContainerRecord, container: Object, spec: Object, epoch: int, terminal: bool
) -> Object:
    """An ephemeral container's status: never ready, never probed, never restarted."""
    found = container_status(record, container, spec, epoch, terminal)
    del found["started"]
    return found | {"ready": False}


def volume_mounts(mounts: list[Object]) -> list[Object]:
    """VolumeMountStatus of each mount (RecursiveReadOnlyMounts): a read-only one says whether
    it is read-only all the way down, which containerd 2 on a kernel of 5.12 or later can
    make it when asked."""
    found = []
    for mount in mounts:
        status = {"name": mount["name"], "mountPath": mount["mountPath"]}
        if mount.get("readOnly"):
            asked = mount.get("recursiveReadOnly") in ("Enabled", "IfPossible")
            status |= {"readOnly": True, "recursiveReadOnly": "Enabled" if asked else "Disabled"}
        found.append(status)
    return found


def _enacted(running: Instance | None, container: Object) -> Object:
    """convertContainerStatusResources: what the runtime applied to a running container (a
    resize may not have reached it yet), else what is allocated to it; claims are not
    reported."""
    resources = (running.resources if running else container.get("resources")) or {}
    return {key: resources[key] for key in ("limits", "requests") if key in resources}


def _ready(record: ContainerRecord) -> bool:
    """The prober manager's verdict: an init container is ready once it has completed, a
    sidecar or a container while it runs, has started and passes its readiness probe."""
    if record.init and not record.sidecar:
        return record.exited and record.current is not None and record.current.exit_code == 0
    return record.running and record.started and record.ready


def terminated(instance: Instance, epoch: int) -> Object:
    state: Object = {
        "exitCode": instance.exit_code,
        "reason": instance.reason,
        "startedAt": _time(instance.started_ms, epoch, zero=True),
        "finishedAt": _time(instance.finished_ms, epoch),
        "containerID": f"containerd://{instance.id}",
    }
    if instance.message:
        state["message"] = instance.message
    return state


def _unknown() -> Object:
    """A container that never ran in a pod that has ended (TerminatePod)."""
    return {
        "exitCode": 137,
        "reason": UNKNOWN_STATUS,
        "message": UNKNOWN_MESSAGE,
        "startedAt": None,
        "finishedAt": None,
    }


def _time(ms: int | None, epoch: int, zero: bool = False) -> str | None:
    if ms is None:
        return format_timestamp(0) if zero else None
    return format_timestamp(epoch + ms // 1000)


def get_phase(
    spec: Object,
    statuses: list[Object],
    terminal: bool,
    init_statuses: list[Object] | None = None,
    initialized: bool = False,
) -> str:
    """getPhase (pkg/kubelet/kubelet_pods.go): `statuses` are the containers' in the order
    of the spec, `init_statuses` the init containers'; `initialized`: a container of the
    pod has been created (a sidecar restarting then does not make the pod Pending again)."""
    policy = spec.get("restartPolicy", "Always")
    pending_inits = pending_sidecars = failed_inits = 0
    running = waiting = stopped = succeeded = 0
    for container, status in zip(
        spec.get("initContainers") or [], init_statuses or [], strict=True
    ):
        state, last = status["state"], status["lastState"]
        ended = state.get("terminated") or last.get("terminated")
        if is_sidecar(container):
            if "running" in state:
                running += 1
                pending_sidecars += not status.get("started")
            elif not ended:
                pending_sidecars += 1
                waiting += 1
        elif "running" in state or not ended:
            pending_inits += 1
        else:
            failed_inits += ended["exitCode"] != 0
    if failed_inits and policy == "Never":
        return "Failed"
    if pending_inits or (pending_sidecars and not initialized):
        return "Pending"
    for status in statuses:
        state, last = status["state"], status["lastState"]
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            succeeded += state["terminated"]["exitCode"] == 0
        elif "terminated" in last:
            stopped += 1
        else:
            waiting += 1
    if waiting:
        return "Pending"
    if running:
        return "Running"
    if not stopped:
        return "Pending"
    if terminal:
        return "Succeeded" if stopped == succeeded else "Failed"
    if policy == "Always":
        return "Running"
    if stopped == succeeded:
        return "Succeeded"
    return "Failed" if policy == "Never" else "Running"


def conditions(
    worker: PodWorker,
    spec: Object,
    shown: tuple[list[Object], list[Object]],
    phase: str,
    old: Object,
    now: str,
    generation: int,
) -> list[Object]:
    """The kubelet's conditions, from the init containers' and the containers' statuses,
    after the ones others own (a DisruptionTarget, a readiness gate's), kept as they are.
    Their transition times carry on from the status manager's last status, when it has
    one (GetPodStatus), as others may have changed the pod's since (the node controller's
    Ready False)."""
    kept = [c for c in old.get("conditions") or () if c.get("type") not in KUBELET_CONDITIONS]
    previous = {c["type"]: c for c in (worker.status or old).get("conditions") or []}

    def condition(kind: str, verdict: tuple[bool, str, str]) -> Object:
        ok, reason, message = verdict
        value = "True" if ok else "False"
        before = previous.get(kind)
        since = before["lastTransitionTime"] if before and before.get("status") == value else now
        result: Object = {
            "type": kind,
            "observedGeneration": generation,
            "status": value,
            "lastProbeTime": None,
            "lastTransitionTime": since,
        }
        if reason:
            result["reason"] = reason
        if message:
            result["message"] = message
        return result

    ready = _containers_ready(spec, shown, phase)
    scheduled = previous.get("PodScheduled") or condition("PodScheduled", (True, "", ""))
    resizing = [worker.resize_pending, worker.resize_in_progress]
    return [
        *kept,
        *(c for c in resizing if c is not None and not worker.terminal),
        condition("PodReadyToStartContainers", (worker.sandbox_ready, "", "")),
        condition("Initialized", _initialized(worker, spec, shown[0], phase)),
        condition("Ready", ready),
        condition("ContainersReady", ready),
        scheduled,
    ]


def _names(names: list[str]) -> str:
    """A list of names as Go's %s prints a []string."""
    return f"[{' '.join(names)}]"


def _initialized(
    worker: PodWorker, spec: Object, inits: list[Object], phase: str
) -> tuple[bool, str, str]:
    """GeneratePodInitializedCondition: every init container has completed (a sidecar: has
    started), or a container has run already (what ran, not what a pod that ended reports
    of containers that never did)."""
    if phase == "Succeeded":
        return True, POD_COMPLETED, ""
    if any(r.running or r.exited for r in worker.regulars):
        return True, "", ""
    incomplete = [
        status["name"]
        for container, status in zip(spec.get("initContainers") or [], inits, strict=True)
        if not (status["started"] if is_sidecar(container) else status["ready"])
    ]
    if incomplete:
        message = f"containers with incomplete status: {_names(incomplete)}"
        return False, CONTAINERS_NOT_INITIALIZED, message
    return True, "", ""


def _containers_ready(
    spec: Object, shown: tuple[list[Object], list[Object]], phase: str
) -> tuple[bool, str, str]:
    """GenerateContainersReadyCondition: True, or False with its reason and message; the
    sidecars count, before the containers."""
    inits, statuses = shown
    if phase == "Succeeded":
        return False, POD_COMPLETED, ""
    if phase == "Failed":
        return False, POD_FAILED, ""
    sidecars = [
        s for c, s in zip(spec.get("initContainers") or [], inits, strict=True) if is_sidecar(c)
    ]
    unready = [s["name"] for s in [*sidecars, *statuses] if not s["ready"]]
    if unready:
        return False, CONTAINERS_NOT_READY, f"containers with unready status: {_names(unready)}"
    return True, "", ""
