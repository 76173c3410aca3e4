"""The kubelet of one node: registers the node, watches the pods bound to it, and runs each
through the container runtime (sandbox, image pull, create, start), reporting pod status
back to kube-apiserver. Deleting a pod stops its containers, then removes the object."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from cluster.engine.api.merge import MERGE
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock
from cluster.engine.node import images
from cluster.engine.node.runtime import VERSION as RUNTIME_VERSION
from cluster.engine.node.runtime import ContainerRuntime

KUBELET_VERSION = "v1.37.1"
IMAGE_BACKOFF_MS = 10_000
IMAGE_BACKOFF_MAX_MS = 300_000
CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}


@dataclass(frozen=True, slots=True)
class NodeConfig:
    """What a machine brings to the cluster when its kubelet registers it."""

    name: str
    internal_ip: str
    control_plane: bool = False
    cpu: str = "2"
    memory: str = "4Gi"
    pods: str = "110"


@dataclass(slots=True)
class ContainerState:
    name: str
    image: str
    id: str = ""
    state: str = "waiting"  # waiting, running, terminated
    reason: str = "ContainerCreating"
    message: str = ""
    started_at: str = ""
    finished_at: str = ""
    exit_code: int = 0
    pull_attempts: int = 0


@dataclass(slots=True)
class PodWorker:
    """What the kubelet knows of one pod it runs."""

    key: str
    uid: str
    containers: list[ContainerState]
    sandbox: str = ""
    ip: str = ""
    start_time: str = ""
    ready_since: str = ""
    terminating: bool = False
    sent: Object = field(default_factory=dict)  # the last status reported


class Kubelet:
    def __init__(
        self, clock: Clock, client: Client, runtime: ContainerRuntime, config: NodeConfig
    ) -> None:
        self.clock = clock
        self.client = client
        self.runtime = runtime
        self.config = config
        self.name = client.name
        self.workers: dict[str, PodWorker] = {}
        self._waiting_for_network: list[str] = []
        self.pod_informer = Informer(
            client, "pods", self._on_pod, field_selector=f"spec.nodeName={config.name}"
        )
        self.node_informer = Informer(
            client, "nodes", self._on_node, field_selector=f"metadata.name={config.name}"
        )

    def start(self) -> None:
        self.client.call("create", "nodes", body=self._node_object())
        self.node_informer.start()
        self.pod_informer.start()

    def _now(self) -> str:
        return self.clock.timestamp()

    def _node_object(self) -> Object:
        cfg = self.config
        labels = {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": cfg.name,
            "kubernetes.io/os": "linux",
        }
        spec: Object = {}
        if cfg.control_plane:
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
            spec["taints"] = [CONTROL_PLANE_TAINT]
        capacity = {
            "cpu": cfg.cpu,
            "ephemeral-storage": "20Gi",
            "hugepages-2Mi": "0",
            "memory": cfg.memory,
            "pods": cfg.pods,
        }
        now = self._now()
        return {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": cfg.name,
                "labels": labels,
                "annotations": {
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                },
            },
            "spec": spec,
            "status": {
                "capacity": capacity,
                "allocatable": dict(capacity),
                "conditions": [
                    _condition(t, s, r, m, now)
                    for t, s, r, m in (
                        (
                            "MemoryPressure",
                            "False",
                            "KubeletHasSufficientMemory",
                            "kubelet has sufficient memory available",
                        ),
                        (
                            "DiskPressure",
                            "False",
                            "KubeletHasNoDiskPressure",
                            "kubelet has no disk pressure",
                        ),
                        (
                            "PIDPressure",
                            "False",
                            "KubeletHasSufficientPID",
                            "kubelet has sufficient PID available",
                        ),
                        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                    )
                ],
                "addresses": [
                    {"type": "InternalIP", "address": cfg.internal_ip},
                    {"type": "Hostname", "address": cfg.name},
                ],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {
                    "architecture": "amd64",
                    "bootID": "",
                    "containerRuntimeVersion": RUNTIME_VERSION,
                    "kernelVersion": "6.12.0-kubelab",
                    "kubeProxyVersion": "",
                    "kubeletVersion": KUBELET_VERSION,
                    "machineID": "",
                    "operatingSystem": "linux",
                    "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "systemUUID": "",
                },
            },
        }

    # -- watches ------------------------------------------------------------------------

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        cidr = node.get("spec", {}).get("podCIDR")
        if cidr and not self.runtime.network_ready:
            self.runtime.update_runtime_config(cidr)
            waiting, self._waiting_for_network = self._waiting_for_network, []
            for key in waiting:
                pod = self.pod_informer.get(key)
                if pod is not None:
                    self.sync_pod(pod)

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        key = namespaced_name(pod)
        if kind == DELETED:
            worker = self.workers.pop(key, None)
            if worker is not None and not worker.terminating:
                self._kill(worker, delete=False)
            return
        self.sync_pod(pod)

    # -- pod workers --------------------------------------------------------------------

    def sync_pod(self, pod: Object) -> None:
        """Converge what runs on the node with what the pod asks for."""
        key = namespaced_name(pod)
        worker = self.workers.get(key)
        if pod["metadata"].get("deletionTimestamp"):
            if worker is None:
                self._delete_object(
                    pod["metadata"]["namespace"], pod["metadata"]["name"], pod["metadata"]["uid"]
                )
            elif not worker.terminating:
                self._kill(worker, delete=True)
            return
        if worker is not None:
            return
        if not self.runtime.network_ready:
            self._waiting_for_network.append(key)
            return
        worker = PodWorker(
            key,
            pod["metadata"]["uid"],
            [ContainerState(c["name"], c["image"]) for c in pod["spec"]["containers"]],
            start_time=self._now(),
        )
        self.workers[key] = worker
        self._report(worker)
        self.runtime.run_pod_sandbox(key, self._sandbox_ready, key)

    def _worker(self, key: str) -> PodWorker | None:
        worker = self.workers.get(key)
        return None if worker is None or worker.terminating else worker

    def _sandbox_ready(self, sandbox: str, ip: str, key: str) -> None:
        worker = self._worker(key)
        if worker is None:
            self.runtime.stop_pod_sandbox(sandbox)
            return
        worker.sandbox, worker.ip = sandbox, ip
        self._report(worker)
        self._next_container(key)

    def _next_container(self, key: str) -> None:
        """Start the containers one after another, as SyncPod does."""
        worker = self._worker(key)
        pod = self.pod_informer.get(key)
        if worker is None or pod is None:
            return
        for index, container in enumerate(worker.containers):
            if container.state == "waiting" and not container.id:
                spec = pod["spec"]["containers"][index]
                policy = spec.get("imagePullPolicy", "IfNotPresent")
                if policy == "Always" or not self.runtime.has_image(container.image):
                    if policy == "Never":
                        self._image_error(
                            worker,
                            container,
                            "ErrImageNeverPull",
                            f'Container image "{container.image}" is not present '
                            "with pull policy of Never",
                        )
                        return
                    self.runtime.pull_image(container.image, self._image_pulled, key, index)
                else:
                    self._create(worker, index)
                return
        self._report(worker)

    def _image_pulled(self, error: str | None, key: str, index: int) -> None:
        worker = self._worker(key)
        if worker is None:
            return
        container = worker.containers[index]
        if error:
            self._image_error(worker, container, "ErrImagePull", error)
            delay = min(IMAGE_BACKOFF_MAX_MS, IMAGE_BACKOFF_MS * 2**container.pull_attempts)
            container.pull_attempts += 1
            self.clock.call_later(delay // 2, self._image_backoff, key, index)
            return
        container.pull_attempts = 0
        self._create(worker, index)

    def _image_error(
        self, worker: PodWorker, container: ContainerState, reason: str, message: str
    ) -> None:
        container.reason, container.message = reason, message
        self._report(worker)

    def _image_backoff(self, key: str, index: int) -> None:
        """ImagePullBackOff: wait, then try the pull again."""
        worker = self._worker(key)
        if worker is None:
            return
        container = worker.containers[index]
        container.reason = "ImagePullBackOff"
        container.message = f'Back-off pulling image "{container.image}"'
        self._report(worker)
        delay = min(IMAGE_BACKOFF_MAX_MS, IMAGE_BACKOFF_MS * 2 ** (container.pull_attempts - 1))
        self.clock.call_later(delay // 2, self._retry_pull, key, index)

    def _retry_pull(self, key: str, index: int) -> None:
        worker = self._worker(key)
        if worker is not None:
            self.runtime.pull_image(worker.containers[index].image, self._image_pulled, key, index)

    def _create(self, worker: PodWorker, index: int) -> None:
        container = worker.containers[index]
        self.runtime.create_container(
            worker.sandbox, container.name, container.image, self._created, worker.key, index
        )

    def _created(self, container_id: str, key: str, index: int) -> None:
        worker = self._worker(key)
        if worker is None:
            self.runtime.remove_container(container_id)
            return
        worker.containers[index].id = container_id
        self.runtime.start_container(container_id, self._started, key, index)

    def _started(self, key: str, index: int) -> None:
        worker = self._worker(key)
        if worker is None:
            return
        container = worker.containers[index]
        container.state, container.reason, container.message = "running", "", ""
        container.started_at = self._now()
        self._next_container(key)

    # -- termination --------------------------------------------------------------------

    def _kill(self, worker: PodWorker, *, delete: bool) -> None:
        worker.terminating = True
        running = [c for c in worker.containers if c.id and c.state == "running"]
        if not running:
            self._terminated(worker, delete)
            return
        for container in running:
            self.runtime.stop_container(
                container.id, self._container_stopped, worker.key, container.name, delete
            )

    def _container_stopped(self, exit_code: int, key: str, name: str, delete: bool) -> None:
        worker = self.workers.get(key)
        if worker is None:
            return
        for container in worker.containers:
            if container.name == name:
                container.state, container.exit_code = "terminated", exit_code
                container.reason = "Completed" if exit_code == 0 else "Error"
                container.finished_at = self._now()
        if all(c.state != "running" for c in worker.containers):
            self._terminated(worker, delete)

    def _terminated(self, worker: PodWorker, delete: bool) -> None:
        for container in worker.containers:
            if container.id:
                self.runtime.remove_container(container.id)
        if worker.sandbox:
            self.runtime.stop_pod_sandbox(worker.sandbox)
        if delete:
            self._report(worker)
            namespace, name = worker.key.split("/", 1)
            self._delete_object(namespace, name, worker.uid)
        self.workers.pop(worker.key, None)

    def _delete_object(self, namespace: str, name: str, uid: str) -> None:
        """The pod has stopped: remove it for good (grace period 0, only this very pod)."""
        with contextlib.suppress(APIError):  # already gone
            self.client.call(
                "delete",
                "pods",
                namespace,
                name,
                query={"gracePeriodSeconds": "0"},
                body={"preconditions": {"uid": uid}},
            )

    # -- status -------------------------------------------------------------------------

    def _report(self, worker: PodWorker) -> None:
        """The status manager: send the pod's status when it has changed."""
        pod = self.pod_informer.get(worker.key)
        if pod is None:
            return
        status = self._status(worker, pod)
        if status == worker.sent:
            return
        worker.sent = status
        namespace, name = worker.key.split("/", 1)
        try:
            self.client.call(
                "patch",
                "pods",
                namespace,
                name,
                subresource="status",
                body={"metadata": {"uid": worker.uid}, "status": status},
                content_type=MERGE,
            )
        except APIError:
            worker.sent = {}

    def _status(self, worker: PodWorker, pod: Object) -> Object:
        now = self._now()
        statuses = [self._container_status(c) for c in worker.containers]
        all_ready = all(s["ready"] for s in statuses)
        terminated = all(c.state == "terminated" for c in worker.containers)
        phase = "Running" if any(c.state == "running" for c in worker.containers) else "Pending"
        if terminated:
            failed = any(c.exit_code != 0 for c in worker.containers)
            phase = "Failed" if failed else "Succeeded"
        unready = [c.name for c in worker.containers if c.state != "running"]
        previous = {c["type"]: c for c in (pod.get("status") or {}).get("conditions") or []}

        def condition(kind: str, ok: bool, reason: str = "", message: str = "") -> Object:
            value = "True" if ok else "False"
            old = previous.get(kind)
            since = old["lastTransitionTime"] if old and old.get("status") == value else now
            result = {
                "type": kind,
                "status": value,
                "lastProbeTime": None,
                "lastTransitionTime": since,
            }
            if reason:
                result.update(reason=reason, message=message)
            return result

        not_ready = ("ContainersNotReady", f"containers with unready status: [{' '.join(unready)}]")
        ready_args = () if all_ready else not_ready
        status: Object = {
            "phase": phase,
            "conditions": [
                condition("PodReadyToStartContainers", bool(worker.sandbox)),
                condition("Initialized", True),
                condition("Ready", all_ready, *ready_args),
                condition("ContainersReady", all_ready, *ready_args),
                previous.get("PodScheduled") or condition("PodScheduled", True),
            ],
            "hostIP": self.config.internal_ip,
            "hostIPs": [{"ip": self.config.internal_ip}],
            "startTime": worker.start_time,
            "containerStatuses": statuses,
            "qosClass": (pod.get("status") or {}).get("qosClass", "BestEffort"),
        }
        if worker.ip:
            status["podIP"], status["podIPs"] = worker.ip, [{"ip": worker.ip}]
        return status

    def _container_status(self, c: ContainerState) -> Object:
        reference = images.parse(c.image)
        status: Object = {
            "name": c.name,
            "image": str(reference),
            "imageID": "",
            "ready": c.state == "running",
            "restartCount": 0,
            "started": c.state == "running",
            "lastState": {},
        }
        if c.state == "running":
            status["state"] = {"running": {"startedAt": c.started_at}}
        elif c.state == "terminated":
            status["state"] = {
                "terminated": {
                    "exitCode": c.exit_code,
                    "reason": c.reason,
                    "startedAt": c.started_at,
                    "finishedAt": c.finished_at,
                    "containerID": f"containerd://{c.id}",
                }
            }
        else:
            waiting: Object = {"reason": c.reason}
            if c.message:
                waiting["message"] = c.message
            status["state"] = {"waiting": waiting}
        if c.id and c.state != "waiting":
            status["containerID"] = f"containerd://{c.id}"
            status["imageID"] = f"{reference.repository}@{images.digest(reference)}"
        return status


def _condition(kind: str, status: str, reason: str, message: str, now: str) -> Object:
    return {
        "type": kind,
        "status": status,
        "lastHeartbeatTime": now,
        "lastTransitionTime": now,
        "reason": reason,
        "message": message,
    }
