"""Which container's log a `kubectl logs` reads (validateContainerLogStatus in
kubelet_pods.go): the running one, the one that last ended, or with --previous the one
before; and the messages when there is none."""

from __future__ import annotations

from cluster.engine.api.meta import Object


class LogsError(Exception):
    """Why a container has no logs to give; kube-apiserver answers 400 with this message."""


def container_id(shown: Object, pod: str, previous: bool) -> str:
    """The ID (containerd://...) whose log to read, from the container's status."""
    state, last = shown["state"], shown["lastState"].get("terminated") or {}
    name = shown["name"]
    where = f'container "{name}" in pod "{pod}"'
    if previous:
        if not last.get("containerID"):
            raise LogsError(f'previous terminated container "{name}" in pod "{pod}" not found')
        return last["containerID"]
    if "running" in state:
        return shown["containerID"]
    if "terminated" in state:
        found = state["terminated"].get("containerID") or last.get("containerID")
        if not found:
            raise LogsError(f"{where} is terminated")
        return found
    if last:
        if not last.get("containerID"):
            raise LogsError(f"{where} is terminated")
        return last["containerID"]
    reason = state.get("waiting", {}).get("reason", "")
    if reason == "ErrImagePull":
        raise LogsError(f"{where} is waiting to start: image can't be pulled")
    if reason == "ImagePullBackOff":
        raise LogsError(f"{where} is waiting to start: trying and failing to pull image")
    if reason:
        raise LogsError(f"{where} is waiting to start: {reason}")
    raise LogsError(f"{where} is waiting to start - no logs yet")
