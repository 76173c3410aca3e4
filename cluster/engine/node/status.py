"""The pod status the kubelet reports: container statuses from what the runtime ran and the
reasons the last sync left, the phase as getPhase computes it, and the conditions of
pkg/kubelet/status/generate.go. Pure functions of the kubelet's pod state."""

from __future__ import annotations

from cluster.engine.api.meta import Object, format_timestamp
from cluster.engine.node.podstate import ContainerRecord, Instance, PodWorker

CONTAINER_CREATING = "ContainerCreating"
POD_COMPLETED = "PodCompleted"
POD_FAILED = "PodFailed"
CONTAINERS_NOT_READY = "ContainersNotReady"
UNKNOWN_STATUS = "ContainerStatusUnknown"
UNKNOWN_MESSAGE = "The container could not be located when the pod was terminated"


def should_restart(policy: str, record: ContainerRecord) -> bool:
    """ShouldContainerBeRestarted, for a container that has run and exited."""
    if policy == "Never":
        return False
    return policy == "Always" or (record.current is not None and record.current.exit_code != 0)


def generate(worker: PodWorker, pod: Object, epoch: int, now: str, host_ip: str) -> Object:
    """The pod's status as the kubelet would PATCH it now."""
    spec = pod["spec"]
    statuses = [
        container_status(worker.containers[c["name"]], spec, epoch, worker.terminal)
        for c in spec["containers"]
    ]
    phase = get_phase(spec, statuses, worker.terminal)
    old = pod.get("status") or {}
    generation = pod["metadata"].get("generation", 1)
    status: Object = {
        "observedGeneration": generation,
        "phase": phase,
        "conditions": conditions(worker, spec, statuses, phase, old, now, generation),
        "hostIP": host_ip,
        "hostIPs": [{"ip": host_ip}],
        "startTime": worker.start_time,
        "containerStatuses": statuses,
        "qosClass": old.get("qosClass", "BestEffort"),
    }
    if worker.ip:
        status["podIP"], status["podIPs"] = worker.ip, [{"ip": worker.ip}]
    return status


def container_status(record: ContainerRecord, spec: Object, epoch: int, terminal: bool) -> Object:
    current, previous = record.current, record.previous
    status: Object = {
        "name": record.name,
        "image": record.image,
        "imageID": "",
        "ready": record.running and record.ready,
        "restartCount": record.restart_count,
        "started": record.running and record.started,
        "lastState": {},
    }
    if current is None or current.state == "created":
        waiting: Object = {"reason": record.reason or CONTAINER_CREATING}
        if record.message:
            waiting["message"] = record.message
        status["state"] = {"waiting": waiting}
        if terminal:
            status["state"] = {"terminated": _unknown()}
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
    """A container that never ran in a pod that has ended (generateAPIPodStatus)."""
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


def get_phase(spec: Object, statuses: list[Object], terminal: bool) -> str:
    """getPhase (pkg/kubelet/kubelet_pods.go), for pods without init containers."""
    running = waiting = stopped = succeeded = 0
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
    policy = spec.get("restartPolicy", "Always")
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
    statuses: list[Object],
    phase: str,
    old: Object,
    now: str,
    generation: int,
) -> list[Object]:
    previous = {c["type"]: c for c in old.get("conditions") or []}

    def condition(kind: str, ok: bool, reason: str = "", message: str = "") -> Object:
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

    ready, reason, message = _containers_ready(spec, statuses, phase)
    initialized = condition("Initialized", True, POD_COMPLETED if phase == "Succeeded" else "")
    scheduled = previous.get("PodScheduled") or condition("PodScheduled", True)
    return [
        condition("PodReadyToStartContainers", worker.sandbox_ready),
        initialized,
        condition("Ready", ready, reason, message),
        condition("ContainersReady", ready, reason, message),
        scheduled,
    ]


def _containers_ready(spec: Object, statuses: list[Object], phase: str) -> tuple[bool, str, str]:
    """GenerateContainersReadyCondition: True, or False with its reason and message."""
    if phase == "Succeeded":
        return False, POD_COMPLETED, ""
    if phase == "Failed":
        return False, POD_FAILED, ""
    unready = [s["name"] for s in statuses if not s["ready"]]
    if unready:
        return False, CONTAINERS_NOT_READY, f"containers with unready status: [{' '.join(unready)}]"
    return True, "", ""
