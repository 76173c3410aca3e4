"""Following a container's log (`kubectl logs -f`): once the request that opens the stream
has passed kube-apiserver, the kubelet keeps streaming the log file it opened, with no new
request. Here that stream is read piece by piece as virtual time passes: each read returns
the lines written since the last one (the kubelet's timestamp on each line says when) and
whether the container still runs; reading changes nothing in the cluster.
"""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import podproxy
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.server import APIServer, decode
from cluster.engine.node import logs
from cluster.engine.node.logs import LogsError

PODS = resources.BY_NAME["pods"]


def read(
    apiserver: APIServer,
    namespace: str,
    name: str,
    wanted: str,
    since_ms: int,
    container_id: str = "",
) -> Object:
    """{"lines": [[unix ms, entry with its timestamp], ...] written at `since_ms` or later
    (an entry is a line of the log file: a whole line, or a part of a longer one),
    "next": where the next read starts, "running": whether the container still runs,
    "containerID": which container wrote them}. A stream follows one container
    (`container_id`, once known): when it has been replaced, its last lines come from the
    previous container's log, and the stream is over."""
    nothing: Object = {"lines": [], "next": since_ms, "running": False, "containerID": ""}
    kv = apiserver.etcd.get(PODS.key(namespace, name))
    if kv is None:
        return nothing
    pod = decode(kv)
    try:
        container = podproxy.container(pod, wanted)
    except StatusError:
        return nothing
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    status = next((s for s in statuses if s["name"] == container), {})
    replaced = bool(container_id) and status.get("containerID") != container_id
    kubelet = apiserver.kubelets.get(pod["spec"].get("nodeName", ""))
    return {
        "lines": _since(kubelet, namespace, name, container, since_ms, replaced),
        "next": apiserver.clock.epoch * 1000 + apiserver.clock.now + 1,
        "running": not replaced and "running" in (status.get("state") or {}),
        "containerID": container_id if replaced else status.get("containerID", ""),
    }


def _since(
    kubelet: podproxy.KubeletServer | None,
    namespace: str,
    name: str,
    container: str,
    since_ms: int,
    previous: bool,
) -> list[list[int | str]]:
    if kubelet is None:
        return []
    try:
        entries = kubelet.container_log_entries(namespace, name, container, previous) or []
    except LogsError:
        return []
    return [
        [written, f"{logs.rfc3339_nano(written)} {text}{end}"]
        for written, text, end in entries
        if written >= since_ms
    ]
