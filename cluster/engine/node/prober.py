"""The prober (pkg/kubelet/prober): one worker per container and probe (liveness, readiness,
startup), each a background timer every `periodSeconds` from when the pod was added. A
worker does nothing until the container runs and `initialDelaySeconds` have passed, probes
liveness and readiness only once the startup probe has succeeded, and reports a verdict
once `successThreshold` or `failureThreshold` results in a row agree. Every failed probe is
an Unhealthy event.

HTTP and TCP probes connect to the pod's IP over the pod network (what listens is what the
container's process does); exec probes run in the container through the runtime (ExecSync).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.clock import Timer
from cluster.engine.events import WARNING
from cluster.engine.node import durations, podstate
from cluster.engine.node.podstate import ContainerRecord, PodWorker

if TYPE_CHECKING:
    from cluster.engine.node.kubelet import Kubelet

LIVENESS, READINESS, STARTUP = "liveness", "readiness", "startup"
KINDS = {LIVENESS: "livenessProbe", READINESS: "readinessProbe", STARTUP: "startupProbe"}
SUCCESS, FAILURE, UNKNOWN = "Success", "Failure", "Unknown"
INITIAL = {LIVENESS: SUCCESS, READINESS: FAILURE, STARTUP: UNKNOWN}
USER_AGENT = "kube-probe/1.37"
UNHEALTHY = "{kind} probe failed: {output}"
DEADLINE = "context deadline exceeded"  # context.DeadlineExceeded


@dataclass(slots=True)
class Worker:
    key: str  # the pod's namespace/name
    container: str
    kind: str
    spec: Object
    container_id: str = ""
    last: str = ""
    run: int = 0
    on_hold: bool = False
    result: str = ""
    timer: Timer | None = None

    def setting(self, name: str, default: int) -> int:
        return int(self.spec.get(name) or default)


class ProbeManager:
    def __init__(self, kubelet: Kubelet) -> None:
        self.kubelet = kubelet
        self.workers: dict[tuple[str, str, str], Worker] = {}

    def add_pod(self, key: str, pod: Object) -> None:
        """A worker per probe of each container and sidecar (other init containers have
        none: validation refuses them)."""
        spec = pod["spec"]
        for container in [*(spec.get("initContainers") or []), *spec["containers"]]:
            for kind, field in KINDS.items():
                if container.get(field):
                    worker = Worker(key, container["name"], kind, container[field])
                    worker.result = INITIAL[kind]
                    self.workers[(key, container["name"], kind)] = worker
                    self._schedule(worker)

    def has(self, key: str, container: str, kind: str) -> bool:
        return (key, container, kind) in self.workers

    def remove_pod(self, key: str) -> None:
        for id_ in [w for w in self.workers if w[0] == key]:
            worker = self.workers.pop(id_)
            if worker.timer is not None:
                self.kubelet.clock.cancel(worker.timer)

    def trigger(self, key: str, container: str, kind: str) -> None:
        """Probe now, out of turn (readiness when a container has just started)."""
        worker = self.workers.get((key, container, kind))
        if worker is not None:
            self._probe(worker)

    def _schedule(self, worker: Worker) -> None:
        period = worker.setting("periodSeconds", 10) * 1000
        worker.timer = self.kubelet.clock.call_later(
            period, self._tick, worker.key, worker.container, worker.kind, background=True
        )

    def _tick(self, key: str, container: str, kind: str) -> None:
        worker = self.workers.get((key, container, kind))
        if worker is not None:
            self._schedule(worker)
            self._probe(worker)

    def _probe(self, worker: Worker) -> None:
        """doProbe."""
        pod_worker = self.kubelet.workers.get(worker.key)
        if pod_worker is None or pod_worker.terminating or pod_worker.terminal:
            return
        record = pod_worker.containers[worker.container]
        if not record.running or record.current is None:
            worker.result = INITIAL[worker.kind]
            return
        if worker.container_id != record.current.id:
            worker.container_id, worker.on_hold, worker.run, worker.last = (
                record.current.id,
                False,
                0,
                "",
            )
            worker.result = INITIAL[worker.kind]
        if worker.on_hold:
            return
        started_ms = record.current.started_ms or 0
        if (self.kubelet.clock.now - started_ms) // 1000 < worker.setting("initialDelaySeconds", 0):
            return
        if record.started == (worker.kind == STARTUP):
            return  # startup probes until started; the others only after
        result, output = self._execute(worker, pod_worker, record)
        if result == FAILURE:
            message = UNHEALTHY.format(kind=worker.kind.capitalize(), output=output)
            self.kubelet.recorder.event(pod_worker.pod, WARNING, "Unhealthy", message, record.field)
        self._count(worker, result)

    def _count(self, worker: Worker, result: str) -> None:
        worker.run = worker.run + 1 if worker.last == result else 1
        worker.last = result
        threshold = worker.setting(
            "failureThreshold" if result == FAILURE else "successThreshold",
            3 if result == FAILURE else 1,
        )
        if worker.run < threshold:
            return
        changed = worker.result != result
        worker.result = result
        if worker.kind in (LIVENESS, STARTUP) and result == FAILURE:
            worker.on_hold, worker.run = True, 0
            self.kubelet.probe_failed(worker.key, worker.container, worker.kind)
        elif changed:
            self.kubelet.probe_changed(worker.key, worker.container, worker.kind, result == SUCCESS)

    def _execute(self, worker: Worker, pod: PodWorker, record: ContainerRecord) -> tuple[str, str]:
        spec = worker.spec
        runtime = self.kubelet.runtime
        timeout = worker.setting("timeoutSeconds", 1)
        if "exec" in spec:
            assert record.current is not None
            command = list((spec["exec"] or {}).get("command") or [])
            code, output = runtime.exec_sync(record.current.id, command, timeout)
            return (SUCCESS if code == 0 else FAILURE), output
        action = spec.get("httpGet") or spec.get("tcpSocket") or spec.get("grpc") or {}
        host = action.get("host") or pod.ip
        port = resolve_port(action.get("port"), pod, worker.container)
        if "httpGet" in spec:
            return self._http(action, host, port)
        if "grpc" in spec:
            return FAILURE, grpc_failure(host, port, timeout)
        if runtime.connect(host, port):
            return SUCCESS, ""
        return FAILURE, f"dial tcp {host}:{port}: connect: connection refused"

    def _http(self, action: Object, host: str, port: int) -> tuple[str, str]:
        scheme = (action.get("scheme") or "HTTP").lower()
        path = action.get("path") or "/"
        url = f"{scheme}://{host}:{port}{path}"
        runtime = self.kubelet.runtime
        status = runtime.http_get(host, port, path, runtime.gateway, USER_AGENT)
        if status is None:
            return FAILURE, f'Get "{url}": dial tcp {host}:{port}: connect: connection refused'
        if scheme == "https":
            return FAILURE, f'Get "{url}": http: server gave HTTP response to HTTPS client'
        if status == 0:
            return FAILURE, f'Get "{url}": EOF'
        if 200 <= status < 400:
            return SUCCESS, ""
        return FAILURE, f"HTTP probe failed with statuscode: {status}"


def grpc_failure(host: str, port: int, timeout: int) -> str:
    """pkg/probe/grpc: no image here serves grpc.health.v1, so the blocking dial retries
    (refused, or no HTTP/2 answer) until the probe's timeout."""
    within = durations.go(timeout * 1000)
    return f'timeout: failed to connect service "{host}:{port}" within {within}: {DEADLINE}'


def resolve_port(port: int | str | None, pod: PodWorker, container: str) -> int:
    """A port number, or a named port of the container."""
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for declared in podstate.container_spec(pod.pod, container).get("ports") or []:
        if declared.get("name") == port:
            return int(declared["containerPort"])
    return 0
