"""The kubelet of one node: registers the node and keeps its status and Lease, watches the
pods bound to it, and runs each through the container runtime as its pod worker does.

A pod worker syncs its pod one step at a time (SyncPod): it reports the status, works out
what to do (`podactions`) — create the sandbox, run the init containers one after another,
start each container (its image first), kill a container a probe found failing, restart an
exited one as the restart policy says, after the crash back-off — and does it, one runtime
call after another. What happens meanwhile (a container started or died, the pod changed)
makes it sync again once it is done; a sync that could not do everything is retried 10 s
later. A deleted pod's containers get their stop signal and the grace period (its sidecars
last, the last started first); then the kubelet deletes the object for good.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from cluster.engine.api.merge import MERGE
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.podproxy import ExecError
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.clock import Clock, Timer
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.node import (
    admission,
    containerconfig,
    disk,
    dns,
    durations,
    envvars,
    images,
    kubeletapi,
    lifecycle,
    logs,
    podactions,
    podstate,
    redis,
    resize,
    status,
    usage,
    users,
    volumes,
)
from cluster.engine.node.backoff import Backoff
from cluster.engine.node.image_manager import ImageManager
from cluster.engine.node.lease import node_lease
from cluster.engine.node.logs import LogsError
from cluster.engine.node.nodestatus import (
    KUBELET_VERSION,
    MachineInfo,
    NodeConfig,
    NodeStatusManager,
)
from cluster.engine.node.podstate import GROUPS, ContainerRecord, Instance, PodWorker
from cluster.engine.node.prober import READINESS, STARTUP, ProbeManager
from cluster.engine.node.process import Route
from cluster.engine.node.programs import Attached
from cluster.engine.node.runtime import ContainerRuntime, ContainerStatus, CRIError
from cluster.engine.node.sources import PodSources
from cluster.engine.node.status import KUBELET_CONDITIONS
from cluster.engine.scheduler.types import NodeInfo, PodInfo
from cluster.engine.store import codec

__all__ = ["KUBELET_VERSION", "Kubelet", "LogsError", "NodeConfig"]

RESYNC_MS = 10_000  # backOffPeriod: a failed sync is retried after it
PROXY_USER_AGENT = "curl/8.14.1"  # what kubectl proxy's callers send, as it forwards them
SYNC_FREQUENCY_MS = 60_000  # syncFrequency: a running pod is synced again every minute
STATUS_SYNC_MS = 10_000  # the status manager's syncPeriod
MIN_GRACE_S = 2  # minimumGracePeriodInSeconds
POST_START_LATENCY_MS = 10  # from the start of a container to its postStart hook's run
CREATED = "Container created"
STARTED = "Container started"
KILLING = "Stopping container {name}"
GONE = (404, 409)  # the pod is gone, or the name is another pod's (its UID differs)
SANDBOX_CHANGED = "Pod sandbox changed, it will be killed and re-created."
BACK_OFF = "Back-off restarting failed container {name} in pod {pod}"
CRASH_LOOP = "back-off {delay} restarting failed container={name} pod={pod}"
PROBE_KILL = "Container {name} failed {kind} probe"
INIT_PROBE_KILL = "Init container {name} failed {kind} probe"
CRASH_LOOP_BACK_OFF = "CrashLoopBackOff"
RUN_CONTAINER_ERROR = "RunContainerError"
CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError"
DEADLINE_EXCEEDED = "DeadlineExceeded"  # active_deadline.go's reason and message
DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline"
# a termination message: at most 4 KiB of its file (MaxContainerTerminationMessageLength), or
# the log's last 80 lines, 2 KiB (MaxContainerTerminationMessageLog{Lines,Length})
MESSAGE_BYTES = 4096
LOG_LINES = 80
LOG_BYTES = 2048
TERMINATION_ACTIONS = ("kill", "finish_termination")


class Kubelet:
    def __init__(
        self,
        clock: Clock,
        client: Client,
        runtime: ContainerRuntime,
        config: NodeConfig,
        machine: MachineInfo | None = None,
    ) -> None:
        self.clock = clock
        self.client = client
        self.runtime = runtime
        self.config = config
        self.name = client.name
        self.workers: dict[str, PodWorker] = {}
        self._admitted = NodeInfo(name=config.name)  # the pods admitted and not ended
        self._rejected: set[str] = set()  # the uids of the pods admission turned away
        self._owners: dict[str, str] = {}  # container or sandbox id -> pod key
        self._waiting_for_network: list[str] = []
        self._resizes: list[str] = []  # the pods whose resize waits for room (podsWithPending...)
        self._resize_retry: Timer | None = None
        # where on the node the claims' volumes of each pod are, by pod uid and volume (the
        # volume manager's actual state: what it mounted), for the pods that have some
        self._claimed: dict[str, dict[str, str]] = {}
        self.sources = PodSources(client, self._source_changed)
        self.recorder = EventRecorder(client, "kubelet", config.name)
        self.pod_informer = Informer(
            client, "pods", self._on_pod, field_selector=f"spec.nodeName={config.name}"
        )
        self.node_informer = Informer(
            client, "nodes", self._on_node, field_selector=f"metadata.name={config.name}"
        )
        self.service_informer = Informer(client, "services", self._on_service)
        # the services' variables by (namespace, enableServiceLinks), until a service changes
        self._service_env: dict[tuple[str, bool], envvars.Env] = {}
        self.node_status = NodeStatusManager(
            clock,
            client,
            runtime,
            config,
            self.node_informer,
            self.recorder,
            machine or MachineInfo(),
        )
        self.images = ImageManager(clock, runtime, self.recorder, self.node_status.refresh_images)
        self.backoff = Backoff()
        self.prober = ProbeManager(self)
        self.lease = node_lease(clock, client, config.name, self.node_informer)
        runtime.relist = self._relist

    def start(self) -> None:
        self.node_status.register()
        self.node_informer.start()
        self.service_informer.start()
        self.pod_informer.start()
        self.node_status.start()
        self.lease.start()

    # -- watches ------------------------------------------------------------------------

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        cidr = node.get("spec", {}).get("podCIDR")
        if cidr and not self.runtime.network_ready:
            self.runtime.update_runtime_config(cidr)
            waiting, self._waiting_for_network = self._waiting_for_network, []
            for key in waiting:
                self.dispatch(key)

    def _on_service(self, kind: str, service: Object, old: Object | None) -> None:
        self._service_env.clear()

    def _service_links(self, pod: Object) -> envvars.Env:
        """The variables of the services a new container of `pod` sees (the services there
        are now: a service made later is not in a running container's environment)."""
        key = (pod["metadata"]["namespace"], pod["spec"].get("enableServiceLinks", True))
        found = self._service_env.get(key)
        if found is None:
            services = self.service_informer.cache.values()
            found = self._service_env[key] = envvars.service_links(services, *key)
        return found

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        key = namespaced_name(pod)
        worker = self.workers.get(key)
        if kind == DELETED:
            self._rejected.discard(pod["metadata"].get("uid", ""))
            if worker is not None:
                self._gone(worker, pod)
        elif old is None or worker is None or _differ(old, pod):
            self.dispatch(key)
        else:
            _hold_as_parts_of(worker, pod)
            self._reconcile_later(worker, pod)

    def _gone(self, worker: PodWorker, pod: Object) -> None:
        """The object is gone: stop what still runs (a force deletion), then clean up."""
        worker.deleted = True
        if worker.terminal:
            self._clean_up(worker)
            return
        if not worker.terminating:
            worker.terminating, worker.terminating_ms = True, self.clock.now
            grace = pod["metadata"].get("deletionGracePeriodSeconds") or 0
            worker.grace_s = max(MIN_GRACE_S, grace)
        self.dispatch(worker.key)

    # -- pod workers --------------------------------------------------------------------

    def dispatch(self, key: str) -> None:
        """A pod changed, or something happened to it: sync it (after the current sync)."""
        worker = self.workers.get(key)
        pod = self.pod_informer.get(key)
        if worker is None:
            if pod is None:
                return
            if pod["metadata"].get("deletionTimestamp"):
                self._delete_object(pod)  # it never ran here
                return
            if pod["metadata"].get("uid") in self._rejected:
                return
            if key not in self._admitted.pods and not self._admit(pod):
                return
            if not self.runtime.network_ready:
                self._waiting_for_network.append(key)
                return
            worker = self._new_worker(key, pod)
        elif pod is not None and pod["metadata"].get("uid") != worker.uid:
            return  # a new pod of the same name: it starts once the old one is cleaned up
        if pod is not None:
            resized = _generation(pod) != _generation(worker.pod)
            if resized:  # only a new generation can change the resources
                resize.note_spec(worker, worker.pod["spec"], pod["spec"])
            worker.pod = pod
            _add_records(worker)  # ephemeral containers come with updates of the pod
            if resized and worker.allocated is not None:
                self._resize_requested(worker)
        self._note_deletion(worker)
        if worker.busy:
            self._pending(worker, self.clock.now)
            return
        self._sync(worker)

    def _admit(self, pod: Object) -> bool:
        """canAdmitPod: a pod the node cannot take, beside the pods admitted before it, is
        rejected (rejectPod): a Warning event, and Failed with the reason; nothing runs."""
        node = self.node_informer.get(self.config.name)
        if node is not None:
            self._admitted.set_node(node)
            refused = admission.admit(PodInfo(pod), self._admitted)
            if refused is not None:
                self._reject(pod, *refused)
                return False
        self._admitted.add_pod(admission.accounted(pod))
        return True

    def _reject(self, pod: Object, reason: str, message: str) -> None:
        meta = pod["metadata"]
        self._rejected.add(meta["uid"])
        self.recorder.event(pod, WARNING, reason, message)
        rejected = {
            "observedGeneration": meta.get("generation", 1),
            "phase": "Failed",
            "reason": reason,
            "message": f"Pod was rejected: {message}",
            "startTime": self.clock.timestamp(),
            "qosClass": (pod.get("status") or {}).get("qosClass", "BestEffort"),
        }
        with contextlib.suppress(APIError):
            self._patch_status(pod, rejected)

    def _after_relist(self, key: str) -> None:
        """A sync waiting for the PLEG (podCache.GetNewerThan) runs after the relist due at
        the same time, so that it reads what that relist found."""
        self.clock.call_soon(self._sync_once, key)

    def _sync_once(self, key: str) -> None:
        """The awaited sync, unless the relist's own event has just caused one."""
        worker = self.workers.get(key)
        if worker is not None and worker.synced_at == self.clock.now:
            return
        self.dispatch(key)

    def _note_deletion(self, worker: PodWorker) -> None:
        """A deletionTimestamp makes the worker terminate, cutting a sync under way short; a
        later, shorter grace period cuts the termination short (calculateEffectiveGracePeriod)."""
        meta = worker.pod["metadata"]
        if not meta.get("deletionTimestamp"):
            return
        grace = meta.get("deletionGracePeriodSeconds")
        if grace is None:
            grace = worker.pod["spec"].get("terminationGracePeriodSeconds", 30)
        grace = max(MIN_GRACE_S, grace)
        now = self.clock.now
        if not worker.terminating:
            worker.terminating, worker.terminating_ms, worker.grace_s = True, now, grace
        elif now + grace * 1000 < worker.terminating_ms + worker.grace_s * 1000:
            worker.terminating_ms, worker.grace_s = now, grace
            for record in worker.containers.values():
                if record.running and record.current is not None:
                    self.runtime.hasten_stop(record.current.id, grace)

    def _pending(self, worker: PodWorker, at: int) -> None:
        """Sync again after this sync, not before `at`: a sync reads what the PLEG's relist
        last saw, so one for a container that has just started waits for that relist."""
        if worker.pending_at is None or at > worker.pending_at:
            worker.pending_at = at

    def _new_worker(self, key: str, pod: Object) -> PodWorker:
        worker = PodWorker(key, pod["metadata"]["uid"], pod, {})
        _add_records(worker)
        worker.start_time = self.clock.timestamp()
        worker.started_ms = self.clock.now
        worker.first_seen = logs.rfc3339_nano(self.clock.epoch * 1000 + self.clock.now)
        self.workers[key] = worker
        self.prober.add_pod(key, pod)
        return worker

    def _sync(self, worker: PodWorker) -> None:
        if worker.resync is not None:
            self.clock.cancel(worker.resync)
            worker.resync = None
        worker.busy, worker.pending_at, worker.failed = True, None, False
        worker.synced_at = self.clock.now
        self._check_active_deadline(worker)
        self._update_readiness(worker)
        self._check_resize_in_progress(worker)
        self._report(worker)
        worker.actions = podactions.compute(worker)
        self._next(worker.key)

    def _check_active_deadline(self, worker: PodWorker) -> None:
        """activeDeadlineHandler: a pod active longer than its activeDeadlineSeconds (from
        its startTime) is evicted: an event, then Failed with the reason; until then a sync
        is due when the deadline passes (the field may be set, or shortened, while it runs)."""
        if worker.deadline is not None:
            self.clock.cancel(worker.deadline)
            worker.deadline = None
        seconds = worker.pod["spec"].get("activeDeadlineSeconds")
        if seconds is None or worker.evicted is not None or worker.terminal:
            return
        due = worker.started_ms + seconds * 1000
        if self.clock.now < due:
            worker.deadline = self.clock.call_at(due, self.dispatch, worker.key, background=True)
            return
        worker.evicted = (DEADLINE_EXCEEDED, DEADLINE_MESSAGE)
        self.recorder.event(worker.pod, NORMAL, DEADLINE_EXCEEDED, DEADLINE_MESSAGE)

    # -- in-place resize (the allocation manager) ----------------------------------------

    def _resize_requested(self, worker: PodWorker) -> None:
        """HandlePodUpdates: a resize waits in the queue until it is allocated; one undone
        before that clears its PodResizePending condition."""
        if resize.requested(worker):
            if worker.key not in self._resizes:
                self._resizes.append(worker.key)
            self._retry_resizes()
            return
        worker.allocated = None  # back to what was allocated
        worker.resize_pending = None

    def _retry_resizes(self) -> None:
        """retryPendingResizes: each waiting resize, in order (those that ask for no more
        first, then by priority, Guaranteed pods, and the longest waiting), gets the room
        it asks for if the node has it; the others are tried again later."""
        if not self._resizes:
            return
        workers = [w for k in self._resizes if (w := self.workers.get(k)) and not w.terminal]
        workers.sort(key=_resize_order)
        self._resizes = []
        for worker in workers:
            if not resize.requested(worker):
                continue
            before = worker.resize_pending
            if not self._allocate(worker):
                self._resizes.append(worker.key)
            # triggerPodSync, to report and apply it (an update of the pod syncs it anyway)
            if worker.resize_pending != before:
                self.dispatch(worker.key)
        if self._resizes and self._resize_retry is None:
            self._resize_retry = self.clock.call_later(
                resize.RETRY_MS, self._periodic_resize_retry, background=True
            )

    def _periodic_resize_retry(self) -> None:
        self._resize_retry = None
        self._retry_resizes()

    def _allocate(self, worker: PodWorker) -> bool:
        """handlePodResourcesResize: allocate the resources the spec asks for if the node,
        with the other pods' allocations, has room (canAdmitPod); else the resize is
        Deferred, with the admission's message, and a ResizeDeferred event when that is new."""
        pod, now = worker.pod, self.clock.timestamp()
        generation = _generation(pod)
        held = self._admitted.remove_pod(worker.key)
        refused = admission.admit(PodInfo(pod), self._admitted)
        if refused is not None:
            if held is not None:
                self._admitted.add_pod(held)
            old = worker.resize_pending
            worker.resize_pending = resize.condition(
                resize.PENDING, old, resize.DEFERRED, refused[1], generation, now
            )
            if old is None or old.get("observedGeneration") != generation:
                text = resize.message(
                    f"Pod resize {resize.DEFERRED}", worker, generation, refused[1], asked=True
                )
                self.recorder.event(pod, WARNING, "ResizeDeferred", text)
            return False
        self._admitted.add_pod(admission.accounted(pod))
        worker.allocated = None
        worker.resize_pending = None
        worker.resize_in_progress = resize.condition(
            resize.IN_PROGRESS, None, "", "", generation, now
        )
        self.recorder.event(
            pod, NORMAL, "ResizeStarted", resize.message(resize.STARTED, worker, generation)
        )
        return True

    def _check_resize_in_progress(self, worker: PodWorker) -> None:
        """SyncPod: PodResizeInProgress stays while a running container has not been given
        what was allocated to it; then it goes, with a ResizeCompleted event."""
        if worker.resize_in_progress is None and _generation(worker.pod) == 1:
            return  # never resized
        if resize.in_progress(worker):
            if worker.resize_in_progress is None:
                worker.resize_in_progress = resize.condition(
                    resize.IN_PROGRESS,
                    None,
                    "",
                    "",
                    _generation(worker.pod),
                    self.clock.timestamp(),
                )
            return
        done = worker.resize_in_progress
        if done is not None:
            worker.resize_in_progress = None
            text = resize.message(resize.COMPLETED, worker, done["observedGeneration"])
            self.recorder.event(worker.pod, NORMAL, "ResizeCompleted", text)

    def _resize(self, worker: PodWorker) -> None:
        """doPodResizeAction: no memory limit may go below what is used (else the resize
        fails, and is tried again at the next sync); then each running container gets what
        was allocated to it, in place, and the PLEG's next relist sees it."""
        updates = []
        for record, container in resize.unapplied(worker):
            assert record.current is not None
            used = self.runtime.usage(record.current.id)
            updates.append((record, container, used.bytes if used else 0))
        error = resize.memory_error(updates, sum(used for _, _, used in updates))
        if error:
            self._resize_failed(worker, error)
        else:
            for record, container, _ in updates:
                self._update_container_resources(worker, record, container)
            self._pending(worker, self.runtime.next_relist())
        self._next(worker.key)

    def _update_container_resources(
        self, worker: PodWorker, record: ContainerRecord, container: Object
    ) -> None:
        """The container's new limits, in place (its cgroup's memory.max and cpu.max)."""
        assert record.current is not None
        memory, cpu = containerconfig.limits(worker.pod["spec"], container, self.config)
        self.runtime.update_container_resources(record.current.id, memory, cpu)
        record.current.resources = container.get("resources")

    def _resize_failed(self, worker: PodWorker, error: str) -> None:
        """The PodResizeInProgress condition takes the error (its generation stays), with a
        ResizeError event when that is new; the sync fails and is retried."""
        old = worker.resize_in_progress
        generation = old["observedGeneration"] if old else _generation(worker.pod)
        new = resize.condition(
            resize.IN_PROGRESS, old, resize.ERROR, error, generation, self.clock.timestamp()
        )
        worker.resize_in_progress = new
        if old is None or (old.get("reason"), old.get("message")) != (resize.ERROR, error):
            text = resize.message(resize.FAILED, worker, generation, error)
            self.recorder.event(worker.pod, WARNING, "ResizeError", text)
        worker.failed = True

    # -- volumes made of ConfigMaps and Secrets ------------------------------------------

    def _source_changed(self, resource: str, namespace: str, name: str) -> None:
        """A ConfigMap or Secret changed: the pods whose volumes are made of it get its new
        content at their next periodic sync (syncFrequency), as the volume manager remounts
        such volumes on each sync of a running pod."""
        for worker in self.workers.values():
            if worker.refresh is not None or worker.terminal or worker.terminating:
                continue
            if worker.pod["metadata"]["namespace"] != namespace:
                continue
            if (resource, name) in volumes.sources_of(worker.pod):
                since = self.clock.now - worker.started_ms
                at = self.clock.now + SYNC_FREQUENCY_MS - since % SYNC_FREQUENCY_MS
                worker.refresh = self.clock.call_at(at, self._refresh_volumes, worker.key)

    def _refresh_volumes(self, key: str) -> None:
        """The periodic sync remounts the pod's volumes: each running container's files of
        ConfigMaps, Secrets and the downward API are rewritten (a source gone since keeps
        the files it left, as the kubelet keeps them when a remount fails)."""
        worker = self.workers.get(key)
        if worker is None:
            return
        worker.refresh = None
        sources = self.sources.of(worker)
        for name, record in worker.containers.items():
            if not record.running or record.current is None:
                continue
            spec = self._spec(worker, name)
            try:
                files = containerconfig.volume_files(
                    worker, spec, self.config, sources, whole_volumes_only=True
                )
            except volumes.MountError:
                continue
            mounts = containerconfig.remounted(spec)
            self.runtime.remount(record.current.id, mounts, files)

    def _update_readiness(self, worker: PodWorker) -> None:
        """UpdatePodStatus: a started container not yet ready gets a readiness probe now."""
        for name, record in worker.containers.items():
            if record.running and record.started and not record.ready:
                self.prober.trigger(worker.key, name, READINESS)

    def _next(self, key: str) -> None:
        """Do the sync's next action, or finish the sync."""
        worker = self.workers.get(key)
        if worker is None:
            return
        if worker.terminating:  # a deletion cuts the sync short
            worker.actions = [a for a in worker.actions if a[0] in TERMINATION_ACTIONS]
        if worker.actions:
            action, *args = worker.actions.pop(0)
            getattr(self, f"_{action}")(worker, *args)
            return
        worker.busy = False
        if worker.pending_at is not None:
            self.clock.call_at(worker.pending_at, self._after_relist, key)
        elif worker.failed and not worker.terminal:
            worker.resync = self.clock.call_later(RESYNC_MS, self.dispatch, key, background=True)

    # -- actions: the sandbox -------------------------------------------------------------

    def _sandbox_changed(self, worker: PodWorker) -> None:
        self.recorder.event(worker.pod, NORMAL, "SandboxChanged", SANDBOX_CHANGED)
        self._stop_sandbox(worker)
        self._next(worker.key)

    def _sandbox(self, worker: PodWorker) -> None:
        """WaitForAttachAndMount, then RunPodSandbox."""
        claimed: dict[str, str] = {}
        failures = containerconfig.mount_all(
            worker, self.config, self.sources.of(worker), self._get, claimed
        )
        if claimed:
            self._claimed[worker.uid] = claimed
        if failures:
            self._no_sandbox(worker, "FailedMount", failures)
            return
        try:
            hostname = dns.kernel_hostname(worker.pod, self.config)
        except dns.SandboxConfigError as error:
            message = f"Failed to create pod sandbox: {error}"
            self._no_sandbox(worker, "FailedCreatePodSandBox", [message])
            return
        if worker.sandbox:
            self._owners.pop(worker.sandbox, None)
            self.runtime.remove_pod_sandbox(worker.sandbox)
        for warning in dns.resolv_conf(worker.pod)[1]:
            self.recorder.event(worker.pod, WARNING, "DNSConfigForming", warning)
        host_ip = self.config.internal_ip if worker.pod["spec"].get("hostNetwork") else ""
        try:
            handler = self._runtime_handler(worker.pod)
            self.runtime.run_pod_sandbox(
                worker.key,
                hostname,
                self._sandbox_ready,
                worker.key,
                host_ip=host_ip,
                handler=handler,
            )
        except CRIError as error:
            message = f"Failed to create pod sandbox: {lifecycle.RPC_ERROR}{error}"
            self._no_sandbox(worker, "FailedCreatePodSandBox", [message])
        except LookupError as error:
            self._no_sandbox(
                worker, "FailedCreatePodSandBox", [f"Failed to create pod sandbox: {error}"]
            )

    def _runtime_handler(self, pod: Object) -> str:
        """LookupRuntimeHandler: the handler of the pod's RuntimeClass ("" when it names
        none); LookupError when there is no such class."""
        name = pod["spec"].get("runtimeClassName")
        if not name:
            return ""
        try:
            return self._get("runtimeclasses", "", name).get("handler", "")
        except APIError as error:
            if error.code != 404:
                raise
            raise LookupError(f'runtimeclass.node.k8s.io "{name}" not found') from None

    def _get(self, resource: str, namespace: str, name: str) -> Object:
        """A GET of what a pod uses (a claim, its volume) as the kubelet makes it, uncached."""
        return self.client.call("get", resource, namespace, name)

    def _no_sandbox(self, worker: PodWorker, reason: str, messages: Iterable[str]) -> None:
        """No sandbox, no containers: said in events, and tried again at the next sync."""
        for message in messages:
            self.recorder.event(worker.pod, WARNING, reason, message)
        worker.failed = True
        worker.actions.clear()
        self._next(worker.key)

    def _sandbox_ready(self, sandbox: str, ip: str, key: str) -> None:
        worker = self.workers.get(key)
        if worker is None:
            self.runtime.stop_pod_sandbox(sandbox)
            self.runtime.remove_pod_sandbox(sandbox)
            return
        worker.sandbox, worker.ip, worker.sandbox_ready = sandbox, ip, True
        self._owners[sandbox] = key
        self._pending(worker, self.runtime.next_relist())  # the PLEG will see the sandbox
        self._next(key)

    def _purge_init(self, worker: PodWorker) -> None:
        """purgeInitContainers: the init containers run again in the new sandbox; their
        restart counts go on from where they were."""
        for record in worker.inits:
            if record.current is not None:
                record.purged = record.current.attempt + 1
            for instance in (record.previous, record.current):
                if instance is not None:
                    self._forget(instance)
            record.previous = record.current = None
        self._next(worker.key)

    def _stop_sandbox(self, worker: PodWorker) -> None:
        if worker.sandbox:
            self.runtime.stop_pod_sandbox(worker.sandbox)
        worker.sandbox_ready = False

    # -- actions: containers --------------------------------------------------------------

    def _start(self, worker: PodWorker, name: str, exited_at: int | None) -> None:
        """startContainer, after doBackOff: the image, then create and start."""
        if exited_at is not None:
            key = f"{worker.uid}_{name}"
            if self.backoff.in_backoff_since(key, exited_at, self.clock.now):
                self._crash_loop(worker, worker.containers[name], key)
                self._next(worker.key)
                return
            self.backoff.next(key, exited_at, self.clock.now)
        spec = self._spec(worker, name)
        field = worker.containers[name].field
        self.images.ensure(worker.pod, spec, field, self._image_ready, worker.key, name)

    def _crash_loop(self, worker: PodWorker, record: ContainerRecord, key: str) -> None:
        pod = podstate.format_pod(worker.pod)
        message = BACK_OFF.format(name=record.name, pod=pod)
        self.recorder.event(worker.pod, WARNING, "BackOff", message, record.field)
        delay = durations.go(self.backoff.get(key))
        record.reason = CRASH_LOOP_BACK_OFF
        record.message = CRASH_LOOP.format(delay=delay, name=record.name, pod=pod)
        worker.failed = True

    def _image_ready(self, ref: str, error: str, message: str, key: str, name: str) -> None:
        worker = self.workers.get(key)
        if worker is None:
            return
        if worker.terminating:
            self._next(key)
            return
        record = worker.containers[name]
        if error:
            self._failed(worker, record, error, message, error)
            return
        attempt = record.current.attempt + 1 if record.current else record.purged
        spec = self._spec(worker, name)
        sources = self.sources.of(worker)
        try:
            containerconfig.verify_user(worker.pod, spec)
            services = self._service_links(worker.pod)
            env = containerconfig.environment(worker, spec, self.config, sources.lookup, services)
            variables = env.pairs()
            config = containerconfig.container_config(
                worker,
                spec,
                self.config,
                attempt,
                variables,
                sources,
                self._claimed.get(worker.uid),
            )
        except (users.NonRootError, envvars.EnvVarError, volumes.MountError) as failure:
            self._failed(worker, record, CREATE_CONTAINER_CONFIG_ERROR, str(failure), str(failure))
            return
        self.runtime.create_container(worker.sandbox, config, self._created, key, name, ref)

    def _failed(
        self, worker: PodWorker, record: ContainerRecord, reason: str, message: str, error: str
    ) -> None:
        """A start that failed: the reason stays for the status; the sync will be retried. An
        init container that could not start holds back the ones after it."""
        record.reason, record.message = reason, message
        self.recorder.event(worker.pod, WARNING, "Failed", f"Error: {error}", record.field)
        worker.failed = True
        if record.init and not record.sidecar:
            worker.actions = [a for a in worker.actions if a[0] != "start"]
        self._next(worker.key)

    def _created(self, container_id: str, key: str, name: str, ref: str) -> None:
        worker = self.workers.get(key)
        if worker is None:
            self.runtime.remove_container(container_id)
            return
        record = worker.containers[name]
        attempt = record.purged
        if record.current is not None:
            if record.previous is not None:  # the container GC keeps one dead container
                self._forget(record.previous)
            attempt = record.current.attempt + 1
            record.previous = record.current
        resources = self._spec(worker, name).get("resources")
        user = self.runtime.containers[container_id].config.user
        record.current = Instance(container_id, attempt, ref, resources=resources, user=user)
        self._owners[container_id] = key
        self.recorder.event(worker.pod, NORMAL, "Created", CREATED, record.field)
        if worker.terminating:  # never started: removed with the pod
            self._next(key)
            return
        self.runtime.start_container(container_id, self._started, key, name)

    def _started(self, error: str | None, key: str, name: str) -> None:
        worker = self.workers.get(key)
        if worker is None:
            return
        record = worker.containers[name]
        self._refresh(record)
        if error:
            self._failed(worker, record, RUN_CONTAINER_ERROR, error, error)
            return
        record.reason = record.message = record.kill_message = ""
        record.ready = not self.prober.has(key, name, READINESS)
        record.started = not self.prober.has(key, name, STARTUP)
        self.recorder.event(worker.pod, NORMAL, "Started", STARTED, record.field)
        hook = (self._spec(worker, name).get("lifecycle") or {}).get("postStart")
        if hook and record.current is not None:  # the sync waits for the hook
            at = self.clock.now + POST_START_LATENCY_MS
            self.clock.call_at(at, self._post_start, key, name, record.current.id, hook)
            return
        self._pending(worker, self.runtime.next_relist())  # the PLEG will see it running
        self._next(key)

    def _post_start(self, key: str, name: str, container_id: str, hook: Object) -> None:
        """startContainer's step 4: the postStart hook; when it fails, the container is
        killed and the start fails with PostStartHookError (its message kept for the
        status, not put in the event)."""
        worker = self.workers.get(key)
        if worker is None:
            return
        record = worker.containers[name]
        current = record.current
        message = ""
        if current is not None and current.id == container_id and not worker.terminating:
            message = lifecycle.run(self.runtime, worker, name, container_id, hook).message
        if not message:
            self._pending(worker, self.runtime.next_relist())  # the PLEG will see it running
            self._next(key)
            return
        failed = lifecycle.POST_START_FAILED
        self.recorder.event(worker.pod, WARNING, "FailedPostStartHook", failed, record.field)
        record.reason, record.message = lifecycle.POST_START_HOOK_ERROR, message
        worker.failed = True
        self._kill(worker, name, lifecycle.FAILED_POST_START_HOOK)

    def _kill(self, worker: PodWorker, name: str, message: str) -> None:
        """killContainer: the Killing event, then the stop signal and the grace period."""
        record = worker.containers[name]
        if not record.running or record.current is None:
            self._next(worker.key)
            return
        text = message or KILLING.format(name=name)
        self.recorder.event(worker.pod, NORMAL, "Killing", text, record.field)
        grace = worker.grace_s if worker.terminating else self._grace(worker, record)
        if worker.terminating and record.sidecar:  # its turn came after the others stopped
            grace = max(MIN_GRACE_S, grace - (self.clock.now - worker.terminating_ms) // 1000)
        hook = (self._spec(worker, name).get("lifecycle") or {}).get("preStop")
        if not hook:
            self.runtime.stop_container(record.current.id, grace, self._killed, worker.key, name)
            return
        done = lifecycle.run(self.runtime, worker, name, record.current.id, hook)
        spent_ms = grace * 1000 if done.elapsed_ms is None else min(done.elapsed_ms, grace * 1000)
        grace = max(MIN_GRACE_S, grace - spent_ms // 1000)
        at = self.clock.now + spent_ms
        self.clock.call_at(at, self._stop, worker.key, name, record.current.id, grace, done)

    def _stop(
        self, key: str, name: str, container_id: str, grace: int, done: lifecycle.Outcome
    ) -> None:
        """executePreStopHook is over (or the grace period ran out): a failure is only an
        event; then the stop signal, with what is left of the grace period."""
        worker = self.workers.get(key)
        if worker is None:
            return
        record = worker.containers[name]
        if done.message:
            failed = lifecycle.PRE_STOP_FAILED
            self.recorder.event(worker.pod, WARNING, "FailedPreStopHook", failed, record.field)
        if record.current is None or record.current.id != container_id or not record.running:
            self._next(key)
            return
        self.runtime.stop_container(container_id, grace, self._killed, key, name)

    def _grace(self, worker: PodWorker, record: ContainerRecord) -> int:
        """The pod's grace period, or the failing probe's own when it sets one."""
        spec = self._spec(worker, record.name)
        grace = worker.pod["spec"].get("terminationGracePeriodSeconds", 30)
        for kind in ("liveness", "startup"):
            probe = spec.get(f"{kind}Probe") or {}
            own = probe.get("terminationGracePeriodSeconds")
            if own is not None and f"failed {kind} probe" in record.kill_message:
                grace = own
        return max(MIN_GRACE_S, grace)

    def _killed(self, key: str, name: str) -> None:
        worker = self.workers.get(key)
        if worker is not None:
            self._refresh(worker.containers[name])
            self._next(key)

    # -- actions: the end -----------------------------------------------------------------

    def _end(self, worker: PodWorker) -> None:
        """The pod has run to completion: stop its sandbox; nothing will run again."""
        self._stop_sandbox(worker)
        self._unmount(worker)
        worker.terminal = True
        self._admitted.remove_pod(worker.key)
        self._retry_resizes()
        self.prober.remove_pod(worker.key)
        self._report(worker)
        self._next(worker.key)

    def _finish_termination(self, worker: PodWorker) -> None:
        """Every container has stopped: report the final status, then delete the object."""
        for record in worker.containers.values():
            self._refresh(record)
        self._stop_sandbox(worker)
        self._unmount(worker)
        worker.terminal = True
        self._admitted.remove_pod(worker.key)
        self._retry_resizes()
        self.prober.remove_pod(worker.key)
        if worker.deleted:
            self._clean_up(worker)
            return
        self._report(worker)
        self._remove(worker)
        self._next(worker.key)

    def _clean_up(self, worker: PodWorker) -> None:
        """The pod is gone: remove its containers and sandbox, forget it."""
        for record in worker.containers.values():
            for instance in (record.previous, record.current):
                if instance is not None:
                    self._forget(instance)
        if worker.sandbox:
            self._owners.pop(worker.sandbox, None)
            self.runtime.remove_pod_sandbox(worker.sandbox)
        self._unmount(worker)
        for timer in (worker.resync, worker.status_sync, worker.deadline):
            if timer is not None:
                self.clock.cancel(timer)
        self.prober.remove_pod(worker.key)
        self.backoff.forget(worker.uid)
        self.images.forget(worker.uid)
        self.sources.unregister(worker.key)
        self.workers.pop(worker.key, None)
        self._admitted.remove_pod(worker.key)
        self._retry_resizes()
        successor = self.pod_informer.get(worker.key)
        if successor is not None and successor["metadata"].get("uid") != worker.uid:
            self.dispatch(worker.key)  # a new pod took the name meanwhile

    def _unmount(self, worker: PodWorker) -> None:
        """Nothing of the pod runs any more: the volume manager unmounts its volumes, and
        an emptyDir's files go with its directory (TearDown), the pod's with it."""
        self._claimed.pop(worker.uid, None)
        self.runtime.remove_directory(disk.pod_dir(worker.uid))

    def _forget(self, instance: Instance) -> None:
        self._owners.pop(instance.id, None)
        self.runtime.remove_container(instance.id)

    def _remove(self, worker: PodWorker) -> None:
        """The status manager's last word on a deleted pod that has stopped: the object goes;
        if the request fails (the node cut off), it is tried again at its next sync."""
        if not self._delete_object(worker.pod):
            self._retry_status(worker)

    def _delete_object(self, pod: Object) -> bool:
        """The pod has stopped: remove it for good (grace period 0, only this very pod).
        False when the request failed; True once the object is gone or is another pod."""
        meta = pod["metadata"]
        try:
            self.client.call(
                "delete",
                "pods",
                meta["namespace"],
                meta["name"],
                # DeleteOptions in the body, as client-go sends them: kube-apiserver reads
                # them from there, not the query, when there is a body
                body={"gracePeriodSeconds": 0, "preconditions": {"uid": meta["uid"]}},
            )
        except APIError as error:
            return error.code in GONE
        return True

    def _retry_status(self, worker: PodWorker) -> None:
        """syncBatch: the status manager sends again, after its sync period, what did not
        get through."""
        if worker.status_sync is None:
            worker.status_sync = self.clock.call_later(
                STATUS_SYNC_MS, self._sync_status, worker.key, background=True
            )

    def _sync_status(self, key: str) -> None:
        """The status manager's syncPod: the status, sent again if it did not get through
        or others changed the conditions the kubelet owns (needsReconcile); then, for a
        deleted pod that has stopped, the object's removal."""
        worker = self.workers.get(key)
        if worker is None:
            return
        worker.status_sync = None
        if _needs_reconcile(worker, self.pod_informer.get(key)):
            worker.sent = {}
        if worker.status and worker.sent != worker.status:  # what it has, not a status anew
            self._send(worker, worker.status)
        if worker.sent and worker.terminal and worker.terminating and not worker.deleted:
            self._remove(worker)

    # -- what the runtime and the prober tell -------------------------------------------

    def _relist(self, changed: str) -> None:
        """The PLEG found a container or a sandbox changed: sync its pod."""
        key = self._owners.get(changed)
        worker = self.workers.get(key) if key else None
        if worker is None:
            return
        if changed == worker.sandbox:
            worker.sandbox_ready = self.runtime.sandbox_ready(changed)
        record = worker.record_of(changed)
        if record is not None:
            self._refresh(record)
        self.dispatch(worker.key)

    def _refresh(self, record: ContainerRecord) -> None:
        """Bring a container's instance up to what the runtime says of it."""
        instance = record.current
        found = self.runtime.container_status(instance.id) if instance else None
        if instance is None or found is None:
            return
        if found.state == "exited" and instance.state != "exited":
            instance.message = self._termination_message(instance.id, found)
        elif found.state != "exited":
            instance.message = found.message
        instance.state, instance.started_ms = found.state, found.started_ms
        instance.finished_ms, instance.exit_code = found.finished_ms, found.exit_code
        instance.reason = found.reason
        if found.state != "running":
            record.ready = record.started = False

    def _termination_message(self, container_id: str, found: ContainerStatus) -> str:
        """toKubeContainerStatus: an exited container's message and what it left at its
        terminationMessagePath (the last 4 KiB), or, by FallbackToLogsOnError after a failure
        that left nothing there, its log's last 80 lines (2 KiB)."""
        config = self.runtime.config(container_id)
        left = ""
        if config is not None and config.termination_message_path:
            left = self.runtime.file(container_id, config.termination_message_path) or ""
        if not left and config is not None and config.fallback_to_logs and found.exit_code:
            log = self.runtime.logs(container_id) or ""
            left = _last_bytes("".join(log.splitlines(keepends=True)[-LOG_LINES:]), LOG_BYTES)
        left = _last_bytes(left, MESSAGE_BYTES)
        return ": ".join(part for part in (found.message, left) if part)

    def probe_changed(self, key: str, name: str, kind: str, success: bool) -> None:
        """A readiness or startup verdict changed."""
        worker = self.workers.get(key)
        if worker is None:
            return
        record = worker.containers[name]
        if kind == READINESS:
            record.ready = success
        else:
            record.started = success
            self._update_readiness(worker)
        self._report(worker)
        if kind == STARTUP and record.sidecar:  # the next init container waits for it
            self.dispatch(key)

    def probe_failed(self, key: str, name: str, kind: str) -> None:
        """A liveness or startup probe failed for good: the container must be killed."""
        worker = self.workers.get(key)
        if worker is not None:
            record = worker.containers[name]
            text = INIT_PROBE_KILL if record.init else PROBE_KILL
            record.kill_message = text.format(name=name, kind=kind)
            self.dispatch(key)

    # -- status and logs ------------------------------------------------------------------

    def _report(self, worker: PodWorker) -> None:
        """The status manager: send the pod's status when it has changed."""
        if worker.deleted:
            return
        now = self.clock.timestamp()
        new = status.generate(worker, worker.pod, self.clock.epoch, now, self.config.internal_ip)
        worker.status = new
        if new != worker.sent:
            self._send(worker, new)

    def _send(self, worker: PodWorker, new: Object) -> None:
        """Patch the pod's status; what was sent is remembered, unless it failed."""
        worker.sent = new
        try:
            self._patch_status(worker.pod, new)
        except APIError as error:
            worker.sent = {}
            if error.code not in GONE:
                self._retry_status(worker)

    def _patch_status(self, pod: Object, status: Object) -> None:
        """A merge patch of the pod's status, only if the object is still this very pod."""
        meta = pod["metadata"]
        self.client.call(
            "patch",
            "pods",
            meta["namespace"],
            meta["name"],
            subresource="status",
            body={"metadata": {"uid": meta["uid"]}, "status": status},
            content_type=MERGE,
        )

    def _reconcile_later(self, worker: PodWorker, pod: Object) -> None:
        """Someone else changed a condition the kubelet owns (the node controller's Ready
        False while the node was unreachable): the status manager's next sync sends the
        status it has again."""
        if worker.status_sync is None and _needs_reconcile(worker, pod):
            self._retry_status(worker)

    def _spec(self, worker: PodWorker, name: str) -> Object:
        """The container as allocated: a resize waiting for room does not apply yet."""
        return resize.allocated_container(worker, podstate.container_spec(worker.pod, name))

    def container_log_entries(
        self, namespace: str, name: str, container: str = "", previous: bool = False
    ) -> list[logs.Entry] | None:
        """GET /containerLogs/{namespace}/{pod}/{container}: the entries of the container's log
        file (the pod's first container when none is named), read as the status manager last
        saw the container. None when the pod does not run here; LogsError when there are no
        logs."""
        worker = self.workers.get(f"{namespace}/{name}")
        if worker is None:
            return None
        wanted = container or worker.regulars[0].name
        statuses = (worker.status.get(key) or () for key in status.STATUS_KEYS)
        shown = next((s for found in statuses for s in found if s["name"] == wanted), None)
        if shown is None:
            raise LogsError(f'container "{wanted}" in pod "{name}" is not available')
        found = logs.container_id(shown, name, previous).removeprefix("containerd://")
        return self.runtime.log_entries(found) or []

    def resource_metrics(self) -> tuple[usage.Usage, dict[str, dict[str, usage.Usage]]]:
        """GET /metrics/resource: the node's usage, and each running container's by pod
        ("namespace/name") and container name."""
        total = usage.node_overhead(self.config.control_plane)
        pods: dict[str, dict[str, usage.Usage]] = {}
        for key, worker in sorted(self.workers.items()):
            for name, record in worker.containers.items():
                used = self.runtime.usage(record.current.id) if record.current else None
                if used is not None:
                    pods.setdefault(key, {})[name] = used
                    total += used
        return total, pods

    def exec(
        self,
        namespace: str,
        name: str,
        container: str,
        command: list[str],
        stdin: str = "",
        session: Object | None = None,
        tty: bool = False,
    ) -> Attached:
        """GET /exec/{namespace}/{pod}/{container} (GetExec): run the command in the running
        container; ExecError when no such container runs here."""
        container_id = self._running(namespace, name, container)
        return self.runtime.exec(container_id, command, stdin, session, tty)

    def attach(
        self, namespace: str, name: str, container: str, line: str | None, close: bool
    ) -> Attached | None:
        """POST /attach/{namespace}/{pod}/{container} (GetAttach): see the runtime's attach;
        ExecError when no such container runs here."""
        return self.runtime.attach(self._running(namespace, name, container), line, close)

    def serve(self, path: str) -> Route:
        """GET `path` of the kubelet's own API (:10250): /healthz, /pods, /metrics/resource,
        /stats/summary."""
        return kubeletapi.serve(self, path)

    def pod_http(self, ip: str, port: int, path: str) -> Route | None:
        """An HTTP GET to a pod of this node over its pod network, from the node (None:
        nothing listens there)."""
        runtime = self.runtime
        return runtime.http_request(ip, port, path, runtime.gateway, PROXY_USER_AGENT)

    def port_forward(self, namespace: str, name: str, port: int, path: str, agent: str) -> Route:
        """/portForward: the runtime connects to the pod's port from inside the pod, with an
        HTTP GET (ExecError, in the runtime's words, when it cannot)."""
        try:
            return self.runtime.port_forward(f"{namespace}/{name}", port, path, agent)
        except CRIError as error:
            raise ExecError(str(error)) from None

    def port_forward_redis(
        self, namespace: str, name: str, port: int, argv: list[str], db: int
    ) -> tuple[redis.Reply, int] | None:
        """/portForward carrying a redis command (see ContainerRuntime.port_forward_redis)."""
        try:
            return self.runtime.port_forward_redis(f"{namespace}/{name}", port, argv, db)
        except CRIError as error:
            raise ExecError(str(error)) from None

    def _running(self, namespace: str, name: str, container: str) -> str:
        """The id of the pod's running container of that name (else ExecError)."""
        worker = self.workers.get(f"{namespace}/{name}")
        record = worker.containers.get(container) if worker else None
        if record is None or record.current is None or not record.running:
            raise ExecError(f'container not found ("{container}")')
        return record.current.id


def _generation(pod: Object) -> int:
    return pod["metadata"].get("generation", 1)


def _resize_order(worker: PodWorker) -> tuple[bool, int, bool, str]:
    """sortPendingResizes' order."""
    pending = worker.resize_pending
    return (
        resize.increases_requests(worker),
        -(worker.pod["spec"].get("priority") or 0),
        (worker.pod.get("status") or {}).get("qosClass") != "Guaranteed",
        pending["lastTransitionTime"] if pending else "~",
    )


def _add_records(worker: PodWorker) -> None:
    """A record for each container of the pod the worker has none for yet."""
    spec = worker.pod["spec"]
    for key, init in GROUPS:
        for container in spec.get(key) or ():
            if container["name"] not in worker.containers:
                worker.containers[container["name"]] = ContainerRecord(
                    container["name"],
                    str(images.parse(container["image"])),
                    init=init,
                    sidecar=init and status.is_sidecar(container),
                    ephemeral=key == "ephemeralContainers",
                )


def _last_bytes(text: str, size: int) -> str:
    """The end of `text`, at most `size` bytes of it (tail.ReadAtMost)."""
    data = text.encode()
    return data[-size:].decode(errors="ignore") if len(data) > size else text


def _needs_reconcile(worker: PodWorker, pod: Object | None) -> bool:
    """needsReconcile: the worker's pod, as kube-apiserver has it, differs from the status the
    kubelet has in the conditions it owns."""
    if pod is None or pod["metadata"].get("uid") != worker.uid or worker.deleted:
        return False
    ours = _kubelet_conditions(worker.status)
    return bool(worker.status) and _kubelet_conditions(pod.get("status") or {}) != ours


def _kubelet_conditions(status: Object) -> dict[str, tuple[object, ...]]:
    """isPodStatusByKubeletEqual's view of the kubelet's conditions."""
    return {
        c.get("type"): (c.get("status"), c.get("reason"), c.get("message"))
        for c in status.get("conditions") or ()
        if c.get("type") in KUBELET_CONDITIONS
    }


def _differ(old: Object, new: Object) -> bool:
    """podsDifferSemantically: a change the pod worker acts on (a status change is not)."""
    if old.get("spec") != new.get("spec"):
        return True
    before, after = old["metadata"], new["metadata"]
    fields = ("labels", "annotations", "deletionTimestamp", "deletionGracePeriodSeconds")
    return any(before.get(f) != after.get(f) for f in fields)


def _hold_as_parts_of(worker: PodWorker, pod: Object) -> None:
    """checkAndUpdatePod's reconcile: a change the worker does not act on (its status) gives
    the version it has the newer status, as the kubelet's pod config does. The rest is held
    as parts of the newer version where they are the same, so that one copy of a pod stays
    in memory, not one per version seen. The status it made and sent, only compared and
    read by key, is this one's when they are equal."""
    held = codec.share(worker.pod, pod)
    latest = pod.get("status")
    if latest is not None and held is not pod:
        held["status"] = latest
    worker.pod = held
    if worker.sent == latest:
        worker.sent = latest
    if worker.status == latest:
        worker.status = latest
