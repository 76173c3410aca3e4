"""Which container's log a `kubectl logs` reads (validateContainerLogStatus in
kubelet_pods.go): the running one, the one that last ended, or with --previous the one
before; and the messages when there is none. And how a log file's entries read."""

from __future__ import annotations

from cluster.engine.api.meta import Object, format_timestamp

# An entry of a container's log file: when it was written (Unix ms), its text, and its end:
# "\n" for a whole line, "" for a part of one that goes on in the next (containerd's P tag)
Entry = tuple[int, str, str]


def rendered(entries: list[Entry], timestamps: bool) -> str:
    """The entries as the kubelet writes them out: each after its timestamp, if asked."""
    if not timestamps:
        return "".join(text + end for _, text, end in entries)
    return "".join(f"{rfc3339_nano(at)} {text}{end}" for at, text, end in entries)


def rfc3339_nano(unix_ms: int) -> str:
    """Go's RFC3339Nano: the fraction without trailing zeros."""
    seconds, millis = divmod(unix_ms, 1000)
    base = format_timestamp(seconds)[:-1]
    fraction = f".{millis:03d}".rstrip("0") if millis else ""
    return f"{base}{fraction}Z"


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
