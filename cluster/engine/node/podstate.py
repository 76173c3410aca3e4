"""What the kubelet knows of each pod it runs: its sandbox, each container's instances (the
current one and the one before, for `kubectl logs --previous`), the reasons the last sync
left (the kubelet's reasonCache), probe results, and where its pod worker stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cluster.engine.api.meta import Object
from cluster.engine.clock import Timer

if TYPE_CHECKING:
    from cluster.engine.node.users import User

GROUPS = (("initContainers", True), ("containers", False), ("ephemeralContainers", False))


def format_pod(pod: Object) -> str:
    """format.Pod: name_namespace(uid)."""
    meta = pod["metadata"]
    return f"{meta['name']}_{meta['namespace']}({meta['uid']})"


def container_spec(pod: Object, name: str) -> Object:
    """The container, init container or ephemeral container of the pod with this name."""
    spec = pod["spec"]
    every = [c for key, _ in GROUPS for c in spec.get(key) or ()]
    return next(c for c in every if c["name"] == name)


@dataclass(slots=True)
class Instance:
    """One CRI container of a pod's container: one attempt at running it."""

    id: str
    attempt: int
    image_ref: str = ""
    state: str = "created"  # created, running, exited
    started_ms: int | None = None
    finished_ms: int | None = None
    exit_code: int = 0
    reason: str = ""
    message: str = ""
    resources: Object | None = None  # what the runtime applied: the allocation, or a resize
    user: User | None = None  # whom its process runs as, as the runtime reports it


@dataclass(slots=True)
class ContainerRecord:
    name: str
    image: str
    current: Instance | None = None
    previous: Instance | None = None
    reason: str = ""  # why the last sync could not start it: ErrImagePull, CrashLoopBackOff...
    message: str = ""
    ready: bool = False  # the readiness probe's verdict
    started: bool = False  # the startup probe's verdict (or: it runs, when there is none)
    kill_message: str = ""  # a liveness or startup probe failed: kill it
    init: bool = False  # one of spec.initContainers
    sidecar: bool = False  # an init container with restartPolicy Always (KEP-753)
    ephemeral: bool = False  # one of spec.ephemeralContainers: run once, never restarted
    purged: int = 0  # attempts whose containers were removed with a sandbox that died

    @property
    def field(self) -> str:
        """The fieldPath of the container in the pod's events."""
        kind = "initContainers" if self.init else "containers"
        kind = "ephemeralContainers" if self.ephemeral else kind
        return f"spec.{kind}{{{self.name}}}"

    @property
    def restart_count(self) -> int:
        return self.current.attempt if self.current else self.purged

    @property
    def running(self) -> bool:
        return self.current is not None and self.current.state == "running"

    @property
    def exited(self) -> bool:
        return self.current is not None and self.current.state == "exited"


@dataclass(slots=True)
class PodWorker:
    """One pod's worker: it syncs the pod one step at a time, never two at once."""

    key: str  # namespace/name
    uid: str
    pod: Object  # the pod as last seen (kept after the object is gone, to finish with it)
    # the init containers first, then the others, then the ephemeral ones as they come
    containers: dict[str, ContainerRecord]
    sandbox: str = ""
    ip: str = ""
    sandbox_ready: bool = False
    start_time: str = ""
    started_ms: int = 0  # when the worker began: its periodic syncs come every minute from then
    first_seen: str = ""  # when the kubelet first saw the pod, as RFC3339Nano (config.seen)
    refresh: Timer | None = None  # a rewrite of its volumes' files, at its next periodic sync
    busy: bool = False  # a sync is under way
    pending_at: int | None = None  # something happened meanwhile: sync again, not before
    synced_at: int = -1  # when the last sync began
    failed: bool = False  # this sync could not do everything: retry in a while
    actions: list[tuple[Any, ...]] = field(default_factory=list)
    resync: Timer | None = None
    # the status manager's next sync of this pod: a status that did not get through, or one
    # that others changed in the conditions the kubelet owns
    status_sync: Timer | None = None
    terminating: bool = False  # being deleted: stop everything, then delete the object
    terminal: bool = False  # Succeeded or Failed: nothing runs any more
    # an internal module's eviction (the active deadline's): reason and message; then the pod
    # is stopped and reported Failed with them
    evicted: tuple[str, str] | None = None
    deadline: Timer | None = None  # when its activeDeadlineSeconds run out
    deleted: bool = False  # the object is gone from kube-apiserver
    grace_s: int = 30
    terminating_ms: int = 0  # when the termination began (sidecars stop last, in what is left)
    status: Object = field(default_factory=dict)  # the status last generated
    sent: Object = field(default_factory=dict)  # the status last reported
    tokens: dict[str, str] = field(default_factory=dict)  # service account tokens, by audience
    # the resources allocated to each container whose spec has been resized since (None:
    # the spec's are), and the resize conditions the status manager keeps
    allocated: dict[str, Object] | None = None
    resize_pending: Object | None = None
    resize_in_progress: Object | None = None

    @property
    def inits(self) -> list[ContainerRecord]:
        """The init containers, in the order of the spec (they run in that order)."""
        return [r for r in self.containers.values() if r.init]

    @property
    def regulars(self) -> list[ContainerRecord]:
        return [r for r in self.containers.values() if not r.init and not r.ephemeral]

    @property
    def ephemerals(self) -> list[ContainerRecord]:
        return [r for r in self.containers.values() if r.ephemeral]

    def record_of(self, instance_id: str) -> ContainerRecord | None:
        for record in self.containers.values():
            if record.current is not None and record.current.id == instance_id:
                return record
        return None
