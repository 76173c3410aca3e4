"""The container runtime (containerd) of one node, as the kubelet sees it through the CRI:
pod sandboxes with their network, images, and containers whose processes run the programs of
their images (see `programs`). Each CRI call is a hop; the work takes virtual time, and the
runtime calls the kubelet back when it is done.

A container's process is worked out when it starts; from then on its own timers make it exit
(on its own, or killed for using more memory than its limit), and a stop sends the image's
stop signal, then SIGKILL when the grace period ends. The kubelet learns of exits as its PLEG
does, on its next relist (once a second): that look is not drawn as a hop, like the relists
that find nothing. Connections to a pod's IP (the kubelet's HTTP and TCP probes) reach the
processes over the pod network, not through the CRI, so they are no hop either.

A main process reaches the pod network as an exec does, and asks each question at its moment
(see `tape`): its layout stops where it would ask later than now, and a timer lays it out
further then, what it asked before played back. An endless loop whose rounds came out the
same (and not by chance) asks nothing more: its later rounds are taken to be answered as its
last one was. So when a Service or its endpoints change (CoreDNS's records, a kube-proxy's
rules: `network_changed`), such a loop is laid out again from its next round, which asks anew
(a round under way goes on as it was). Only those loops are: a container whose process never
asked costs nothing. The limits: the servers a loop's repeated rounds would reach see no
request from them (no access-log line, no hop in the trace), and such a loop is not told when
what answers it changes by itself (a server whose answers change with time, a pod reached by
its IP).

The volumes that are directories of the node (emptyDir, hostPath, and claims' hostPath and
local volumes: see `disk`) are bind mounts: what a container writes under one is the node's,
and every container that mounts it reads it, under its own mount path. An exec writes there
at once. A main process is laid out ahead: what it writes there is on the node once its time
has come, and is brought there when someone looks (an exec, a server that reads its files, a
container starting, one exiting). What it reads there is what the volume held when it was
laid out (when it started): an exec's write to the volume makes an endless loop that mounts
it read it anew from its next round, but what another container's process writes meanwhile
is not seen by a process already laid out, only by those that look later.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock, Timer
from cluster.engine.dns import loadbalance
from cluster.engine.dns.message import Answer, Question
from cluster.engine.networkpolicy.agent import NetworkPolicyAgent
from cluster.engine.networkpolicy.policy import EGRESS, INGRESS, Packet
from cluster.engine.node import (
    disk,
    images,
    logs,
    network,
    nginx_proxy,
    pages,
    programs,
    redis,
    shell,
    usage,
    users,
)
from cluster.engine.node.process import (
    LOG_LINES_MAX,
    PID_STEP,
    Line,
    Loop,
    Process,
    Route,
    Server,
    render,
    written_lines,
)
from cluster.engine.node.served import Feed, Served
from cluster.engine.node.tape import Call, Entry, Tape
from cluster.engine.proxy.kubeproxy import KubeProxy, Reject
from cluster.engine.trace import Trace

SANDBOX_MS = 250
CREATE_MS = 80
RESOLVE_FAILURE_MS = 600
RELIST_MS = 1_000  # the PLEG's relist period
VERSION = "containerd://2.1.4"
KERNEL = "6.12.0-kubelab"
SIGKILL_EXIT = 137
OOM_KILLED = "OOMKilled"
MIB = 1 << 20
DENIED = (
    "pull access denied, repository does not exist or may require authorization: "
    "server message: insufficient_scope: authorization failed"
)

Callback = Callable[..., Any]
LOCALHOST = "127.0.0.1"
DNS_PORT = 53
DNS_SERVER = "coredns"  # what answers DNS on a node's address, in the trace


# kind's containerd: runc (the default), and "test-handler", which Kubernetes' RuntimeClass
# tests look for
RUNTIME_HANDLERS = ("runc", "test-handler")


class CRIError(Exception):
    """A CRI call the runtime cannot carry out; the message is the runtime's."""


@dataclass(frozen=True, slots=True)
class ContainerConfig:
    """CreateContainer's ContainerConfig, as much as the simulation needs."""

    name: str
    image: str
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # what the kubelet mounts: /etc/hosts, resolv.conf
    memory_limit_bytes: int = 0  # the container's limit, else the node's memory; 0: none
    cpus: int = 1
    cpu_limit_millis: int = 0  # the container's CPU limit; 0: none (the node's CPUs)
    attempt: int = 0
    working_dir: str = ""  # the container's workingDir; "": the image's
    # what the kubelet keeps in the container's annotations to read its termination message
    termination_message_path: str = ""
    fallback_to_logs: bool = False  # terminationMessagePolicy FallbackToLogsOnError
    stdin: bool = False  # its stdin is kept open, for attach
    stdin_once: bool = False  # its stdin closes when the first attach ends
    tty: bool = False  # its streams are a terminal
    user: users.User = users.ROOT  # whom its processes run as
    mounts: tuple[tuple[str, bool], ...] = ()  # where each mount is, and if it is read-only
    # the mounts of the node's own directories (emptyDir, hostPath and claims' volumes):
    # mount path, path on the node
    binds: disk.Binds = ()
    volumes: tuple[tuple[str, str], ...] = ()  # each volume's mount path and kind (machine)
    node_memory_bytes: int = 0  # the node's memory (what /proc/meminfo says)


@dataclass(frozen=True, slots=True)
class ContainerStatus:
    """CRI ContainerStatus: what the kubelet's relist reads of a container."""

    id: str
    name: str
    state: str  # created, running, exited
    image_ref: str
    started_ms: int | None
    finished_ms: int | None
    exit_code: int
    reason: str
    message: str


@dataclass(slots=True)
class Container:
    id: str
    sandbox: str
    name: str
    image: images.Reference
    config: ContainerConfig
    state: str = "created"  # created, running, exited
    exit_code: int = 0
    reason: str = ""
    message: str = ""
    started_ms: int | None = None
    finished_ms: int | None = None
    stopping_ms: int | None = None  # when the stop signal was sent
    process: Process = field(default_factory=Process)
    extra: list[Line] = field(default_factory=list)  # lines written on requests and signals
    written: dict[str, str | None] = field(default_factory=dict)  # by execs (None: removed)
    # a main process that is a shell reading its open stdin: its state (see shell_session)
    session: Object | None = None
    memory: redis.Keyspace | None = None  # a redis server's keys, once a client reached it
    timers: list[Timer] = field(default_factory=list)
    waiter: tuple[Callback, tuple[Any, ...]] | None = None  # a StopContainer call waiting
    execs: int = 0  # the processes execs have started in it
    # what its process asked the network (its tape), kept while it may be laid out again
    asked: tuple[Entry, ...] = ()
    connections: int = 0  # a proxy's: the connections it has numbered (nginx's `*N`)
    served: Served | None = None  # a server whose requests cost CPU: those it answered lately
    # the records of the servers its repeating loop's rounds reach (see served)
    feeding: list[Served] = field(default_factory=list)


@dataclass(slots=True)
class Sandbox:
    id: str
    pod: str  # namespace/name
    ip: str
    hostname: str = ""
    ready: bool = True


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """An image on the node: its names (repo digest, then tag) and size."""

    reference: images.Reference
    size_bytes: int

    @property
    def names(self) -> list[str]:
        return [repo_digest(self.reference), str(self.reference)]


@lru_cache(maxsize=256)  # one string for every container of an image, not one each
def repo_digest(reference: images.Reference) -> str:
    return f"{reference.repository}@{images.digest(reference)}"


class ContainerRuntime:
    def __init__(
        self,
        clock: Clock,
        trace: Trace,
        node: str,
        rng: random.Random,
        kubelet: str,
        node_ip: str = "",
    ) -> None:
        self.clock = clock
        self.trace = trace
        self.node = node
        self.node_ip = node_ip
        self.rng = rng
        self.name = f"container-runtime/{node}"
        self.kubelet = kubelet
        self.images: dict[str, ImageRecord] = {}  # by reference
        self.sandboxes: dict[str, Sandbox] = {}
        self.containers: dict[str, Container] = {}
        self.relist: Callback | None = None  # the kubelet's PLEG: told what changed
        # the pod network beyond this node: the runtime of the node a pod IP is on
        self.network: Callable[[str], ContainerRuntime | None] | None = None
        self.proxy: KubeProxy | None = None  # the node's kube-proxy, whose rules its netfilter has
        # the node's kindnet, whose network policies judge its pods' new connections
        self.policies: NetworkPolicyAgent | None = None
        # what answers DNS on the node's address (CoreDNS, on the control-plane node)
        self.dns_server: Callable[[Question, str], Answer] | None = None
        # the running containers whose endless loop asks the network every round
        self.asking: dict[str, None] = {}
        self.chances = 0  # the answers its pods got by chance: endpoints drawn, records shuffled
        self.disk = disk.Disk()  # the node's directories that pods' volumes are
        # the running containers that mount some of them: until when (after each started)
        # what its process wrote there is on the disk
        self.sharing: dict[str, int] = {}
        self._pod_cidr: ipaddress.IPv4Network | None = None
        self._next_ip = 2
        self._pull(images.parse(images.SANDBOX_IMAGE))

    def _call(self, verb: str, obj: str, summary: str) -> None:
        self.trace.record(self.kubelet, self.name, verb, obj, summary)

    def _new_id(self) -> str:
        return f"{self.rng.getrandbits(256):064x}"

    # -- the network ---------------------------------------------------------------------

    @property
    def network_ready(self) -> bool:
        return self._pod_cidr is not None

    @property
    def gateway(self) -> str:
        """The node's own address on its pod network (where probes come from)."""
        return str(self._pod_cidr.network_address + 1) if self._pod_cidr else ""

    def update_runtime_config(self, pod_cidr: str) -> None:
        self._call("UpdateRuntimeConfig", self.node, f"pod CIDR {pod_cidr}")
        self._pod_cidr = ipaddress.ip_network(pod_cidr)

    # -- sandboxes -----------------------------------------------------------------------

    def run_pod_sandbox(
        self,
        pod: str,
        hostname: str,
        done: Callback,
        *args: Any,
        host_ip: str = "",
        handler: str = "",
    ) -> None:
        """Create the pod's sandbox with a configured runtime handler (the default one: "")
        and give it an IP (CNI), or the node's own network (`host_ip`, for hostNetwork);
        calls done(sandbox_id, ip, *args)."""
        assert self._pod_cidr is not None, "the kubelet waits for the node's pod CIDR"
        if handler and handler not in RUNTIME_HANDLERS:
            raise CRIError(
                f'failed to get sandbox runtime: no runtime for "{handler}" is configured'
            )
        ip = host_ip or str(self._pod_cidr.network_address + self._next_ip)
        self._next_ip += 0 if host_ip else 1
        sandbox = Sandbox(self._new_id(), pod, ip, hostname)
        self.sandboxes[sandbox.id] = sandbox
        how = "the node's network" if host_ip else "CNI"
        self._call("RunPodSandbox", f"pods/{pod}", f"sandbox for {pod}, IP {ip} from {how}")
        self.clock.call_later(SANDBOX_MS, done, sandbox.id, ip, *args)

    def stop_pod_sandbox(self, sandbox_id: str) -> None:
        sandbox = self.sandboxes.get(sandbox_id)
        if sandbox is not None:
            sandbox.ready = False
            self._call("StopPodSandbox", f"pods/{sandbox.pod}", f"sandbox of {sandbox.pod}")

    def kill_sandbox(self, sandbox_id: str) -> None:
        """The sandbox's pause process dies (a fault: a node reboot, an OOM kill). The pod's
        network goes with it; the kubelet finds it on its next relist."""
        sandbox = self.sandboxes.get(sandbox_id)
        if sandbox is not None and sandbox.ready:
            sandbox.ready = False
            self._relist_later(sandbox_id)

    def sandbox_ready(self, sandbox_id: str) -> bool:
        """PodSandboxStatus, as the relist reads it: is the sandbox still up?"""
        sandbox = self.sandboxes.get(sandbox_id)
        return sandbox is not None and sandbox.ready

    def remove_pod_sandbox(self, sandbox_id: str) -> None:
        sandbox = self.sandboxes.pop(sandbox_id, None)
        if sandbox is not None:
            self._call("RemovePodSandbox", f"pods/{sandbox.pod}", f"sandbox of {sandbox.pod}")

    # -- images --------------------------------------------------------------------------

    def image_status(self, image: str) -> str:
        """ImageStatus: the image's reference on this node, or "" when it is not here."""
        reference = images.parse(image)
        self._call("ImageStatus", str(reference), f"is {reference} on {self.node}?")
        return repo_digest(reference) if str(reference) in self.images else ""

    def list_images(self) -> list[ImageRecord]:
        self._call("ListImages", self.node, f"{len(self.images)} images")
        return list(self.images.values())

    def pull_image(self, image: str, done: Callback, *args: Any) -> None:
        """Pull from the registry; calls done(error or None, image ref, size in bytes, *args)."""
        reference = images.parse(image)
        known = images.resolve(reference)
        self._call("PullImage", str(reference), f"pull {reference}")
        if known is None:
            self.clock.call_later(RESOLVE_FAILURE_MS, done, pull_error(reference), "", 0, *args)
            return
        present = str(reference) in self.images
        took = images.PULL_PRESENT_MS if present else images.pull_ms(known)
        self.clock.call_later(took, self._pulled, reference, done, args)

    def _pulled(self, reference: images.Reference, done: Callback, args: tuple[Any, ...]) -> None:
        record = self._pull(reference)
        done(None, repo_digest(reference), record.size_bytes, *args)

    def _pull(self, reference: images.Reference) -> ImageRecord:
        known = images.resolve(reference)
        record = ImageRecord(reference, known.size_bytes if known else 0)
        self.images[str(reference)] = record
        return record

    # -- containers ----------------------------------------------------------------------

    def create_container(
        self, sandbox_id: str, config: ContainerConfig, done: Callback, *args: Any
    ) -> None:
        """Calls done(container_id, *args)."""
        reference = images.parse(config.image)
        container = Container(self._new_id(), sandbox_id, config.name, reference, config)
        self.containers[container.id] = container
        pod = self.sandboxes[sandbox_id].pod
        self._call("CreateContainer", f"pods/{pod}", f"container {config.name} ({reference})")
        self.clock.call_later(CREATE_MS, done, container.id, *args)

    def start_container(self, container_id: str, done: Callback, *args: Any) -> None:
        """Calls done(error or None, *args) once the process runs (or could not start)."""
        container = self.containers[container_id]
        self._call("StartContainer", self._pod_of(container), f"container {container.name}")
        known = images.lookup(str(container.image))
        delay = known.start_ms if known else 100
        self.clock.call_later(delay, self._started, container, done, args)

    def _started(self, container: Container, done: Callback, args: tuple[Any, ...]) -> None:
        if container.id not in self.containers:
            done("container was removed before it started", *args)
            return
        process = self._process(container)
        container.process = process
        if process.start_error:
            container.state, container.exit_code = "exited", 128
            container.reason, container.message = "StartError", process.start_error
            container.finished_ms = self.clock.now
            done(process.start_error, *args)
            return
        container.state, container.started_ms = "running", self.clock.now
        if container.config.binds:
            self.sharing[container.id] = -1
        self._arm(container)
        done(None, *args)

    def _process(self, container: Container) -> Process:
        image = images.resolve(container.image)
        if image is None or container.sandbox not in self.sandboxes:
            return Process(exit_ms=0, exit_code=128, start_error="image not found")
        config = container.config
        command = programs.argv(image, list(config.command), list(config.args))
        reader = programs.execed(image, command)  # what reads the container's stdin
        if config.stdin and programs.lone_shell(image, reader):
            context = self._context(container, image, self._start_files(container))
            return self._reading_shell(container, image, reader, context)
        if config.stdin and config.tty and programs.prompts(reader):
            # it prompts for commands, reaching its server over the pod network at once
            return self._reading_shell(
                container, image, reader, self._exec_context(container, image)
            )
        return self._lay_out(container, image, 0)

    def _lay_out(self, container: Container, image: images.Image, cutoff_ms: int) -> Process:
        """The main process as laid out now, from its start: what it asked the network before
        `cutoff_ms` (after it started) played back, what it asks since asked now, up to the
        first question it would ask later (see tape). Its tape is kept while it may be laid
        out again: it waits to ask, or loops."""
        config = container.config
        started = self.clock.now if container.started_ms is None else container.started_ms
        tape = Tape(container.asked, cutoff_ms, self.clock.now - started, self._chances)
        context = self._context(container, image, self._start_files(container), tape=tape)
        command = programs.argv(image, list(config.command), list(config.args))
        fresh = programs.start(image, container.image, command, context)
        calls = [entry.at_ms for entry in tape.entries if isinstance(entry, Call)]
        loop = fresh.loop
        kept = fresh.resume_ms is not None or (loop is not None and bool(calls))
        container.asked = tuple(tape.entries) if kept else ()
        self._feed(container, started, cutoff_ms, loop, tape.entries)
        if loop is not None and any(at >= loop.start_ms for at in calls):
            self.asking[container.id] = None
        else:
            self.asking.pop(container.id, None)
        return fresh

    def _feed(
        self,
        container: Container,
        started: int,
        cutoff_ms: int,
        loop: Loop | None,
        entries: list[Entry],
    ) -> None:
        """The servers the rounds of a repeating loop reach: what it fed as laid out before
        ends at `cutoff_ms`; each GET of its first round feeds, from its next round on, the
        servers it reaches (a Service's endpoints, each its share of the rounds)."""
        self._unfeed(container, started + cutoff_ms)
        if loop is None:
            return
        for call in entries:
            if not isinstance(call, Call) or call.kind != "connect" or call.to is None:
                continue
            if call.at_ms < loop.start_ms or call.answer is None:
                continue
            targets = self._spread(*call.to)
            fed = Feed(
                container.id, started + call.at_ms + loop.period_ms, loop.period_ms * len(targets)
            )
            for runtime, ip, port in targets:
                served = runtime._served_at(ip, port)
                if served is None:
                    continue
                served.feed(fed, self.clock.now - usage.WINDOW_MS)
                if all(s is not served for s in container.feeding):
                    container.feeding.append(served)

    def _unfeed(self, container: Container, at_ms: int) -> None:
        """The servers its loop fed are fed no more from `at_ms`."""
        for served in container.feeding:
            served.end(container.id, at_ms)
        container.feeding = []

    def _spread(self, ip: str, port: int) -> list[tuple[ContainerRuntime, str, int]]:
        """Where connections from pods to ip:port go: a Service's endpoints, which
        kube-proxy's rules draw at random, else the address itself."""
        endpoints = next((e for p in self._proxies(ip) if (e := p.spread("TCP", ip, port))), ())
        found = []
        for endpoint_ip, endpoint_port in [(e.ip, e.port) for e in endpoints] or [(ip, port)]:
            try:
                found.append((self._route(endpoint_ip), endpoint_ip, endpoint_port))
            except network.Unreachable:
                continue
        return found

    def _served_at(self, ip: str, port: int) -> Served | None:
        """The record of the server listening on ip:port, if its requests cost CPU."""
        found = self._listener(ip, port)
        return None if found is None else self._served(*found)

    @staticmethod
    def _served(container: Container, server: Server) -> Served | None:
        if not server.request_cpu_ms:
            return None
        container.served = container.served or Served(server.request_cpu_ms)
        return container.served

    def _chances(self) -> int:
        """How many answers its pods have got by chance so far (for a tape to tell)."""
        return self.chances

    def _lay_out_again(self, container: Container, from_ms: int) -> None:
        """Lay the running process out again from `from_ms` (after it started, now or later):
        what it did before stays."""
        image = images.resolve(container.image)
        if image is None or container.started_ms is None or container.sandbox not in self.sandboxes:
            return
        fresh = self._lay_out(container, image, from_ms)
        now = self.clock.now - container.started_ms
        if container.id not in self.sharing:
            container.process = container.process.spliced(now, from_ms, fresh)
            self._arm(container)
            return
        # what it wrote on its volumes until now is theirs (_lay_out brought them up to now);
        # what it writes there from now on goes there in turn
        config = container.config
        own = partial(_own, config)
        container.process = container.process.spliced(now, from_ms, fresh, own)
        self.sharing[container.id] = now - 1
        self._arm(container)

    def _ask_on(self, container_id: str) -> None:
        """The process gets to a question it would ask: it asks now, and goes on."""
        container = self.containers.get(container_id)
        if container is None or container.state != "running" or container.stopping_ms is not None:
            return
        self._lay_out_again(container, self.clock.now - (container.started_ms or 0))

    def network_changed(self) -> None:
        """Services or their endpoints changed (CoreDNS's records, or a kube-proxy's rules):
        each endless loop that asks the network every round asks anew from its next round."""
        for container_id in list(self.asking):
            container = self.containers[container_id]
            if container.stopping_ms is None and container.started_ms is not None:
                now = self.clock.now - container.started_ms
                self._lay_out_again(container, container.process.next_round(now))

    def _reading_shell(
        self,
        container: Container,
        image: images.Image,
        command: list[str],
        context: programs.Context,
    ) -> Process:
        """A shell (or redis-cli at a terminal) whose stdin stays open waits for lines to
        run (see attach); on a terminal it prompts first. As PID 1 it ignores SIGTERM."""
        interactive = container.config.tty
        started = programs.run_attached(
            image, container.image, command, context, "", {"interactive": interactive}
        )
        container.session = started.shell
        return Process(written_lines(0, started.prompt) if interactive else ())

    def _context(
        self,
        container: Container,
        image: images.Image,
        files: tuple[tuple[str, str], ...],
        ports: tuple[int, ...] = (),
        tape: Tape | None = None,
    ) -> programs.Context:
        """What the container's processes see: the image's environment, then HOSTNAME, then
        what the kubelet set, and HOME, as containerd and runc put it together; the pod
        network, as the pod reaches it. The main process (`tape`) is seen from its start."""
        sandbox = self.sandboxes[container.sandbox]
        env = dict(image.env)
        env["HOSTNAME"] = sandbox.hostname
        env.update(container.config.env)
        env.setdefault("HOME", container.config.user.home)
        started = self.clock.now
        if tape is not None and container.started_ms is not None:
            started = container.started_ms
        return programs.Context(
            hostname=sandbox.hostname,
            pod_ip=sandbox.ip,
            env=tuple(env.items()),
            files=files,
            start_unix_ms=self.clock.epoch * 1000 + started,
            kernel=KERNEL,
            cpus=container.config.cpus,
            memory_limit_bytes=container.config.memory_limit_bytes,
            open_ports=ports,
            cwd=container.config.working_dir or image.workdir,
            connect=partial(self._http_from, sandbox.ip),
            converse=partial(self._redis_from, sandbox.ip),
            query=partial(self._dns_from, sandbox.ip),
            echo=partial(self._echo_from, sandbox.ip),
            exchange=partial(self._tcp_from, sandbox.ip),
            user=container.config.user,
            mounts=container.config.mounts,
            volumes=container.config.volumes,
            node_memory_bytes=container.config.node_memory_bytes,
            tape=tape,
        )

    def remount(self, container_id: str, mounts: list[str], files: list[tuple[str, str]]) -> None:
        """The kubelet rewrote the files of the volumes mounted at `mounts` (bind mounts of
        its own directories: the container sees the new files at once). A process running
        an endless loop reads them from its next round on."""
        container = self.containers.get(container_id)
        if container is None or container.state != "running":
            return
        roots = tuple(mount.rstrip("/") + "/" for mount in mounts)
        kept = [(path, text) for path, text in container.config.files if not path.startswith(roots)]
        updated = (*kept, *files)
        if sorted(updated) == sorted(container.config.files):
            return
        container.config = replace(container.config, files=updated)
        if container.process.loop is None or container.started_ms is None:
            return
        now = self.clock.now - container.started_ms
        self._lay_out_again(container, container.process.next_round(now))

    def hasten_stop(self, container_id: str, timeout_s: int) -> None:
        """StopContainer again, with a shorter timeout: SIGKILL comes `timeout_s` from now if
        the container would otherwise go on longer."""
        container = self.containers.get(container_id)
        if container is None or container.state != "running" or container.stopping_ms is None:
            return
        kill_at = self.clock.now + timeout_s * 1000
        due = [t.when for t in container.timers if not t.background and not t.cancelled]
        if due and min(due) <= kill_at:
            return
        self._call(
            "StopContainer",
            self._pod_of(container),
            f"container {container.name} (SIGKILL after {timeout_s}s)",
        )
        timer = self.clock.call_at(kill_at, self._exit, container.id, SIGKILL_EXIT, "Error")
        container.timers.append(timer)

    def update_container_resources(
        self, container_id: str, memory_limit_bytes: int, cpu_limit_millis: int
    ) -> None:
        """UpdateContainerResources: the running container's cgroup limits change in place
        (an in-place resize); a process that allocates meets its new memory limit when it
        gets there."""
        container = self.containers.get(container_id)
        if container is None or container.state != "running" or container.started_ms is None:
            return
        self._call(
            "UpdateContainerResources", self._pod_of(container), f"container {container.name}"
        )
        container.config = replace(
            container.config,
            memory_limit_bytes=memory_limit_bytes,
            cpu_limit_millis=cpu_limit_millis,
        )
        for timer in [t for t in container.timers if t.args[2:] == (OOM_KILLED,)]:
            self.clock.cancel(timer)
            container.timers.remove(timer)
        self._arm_oom(container)

    def _arm(self, container: Container) -> None:
        """Set the timers of what the running process does by itself (replacing those it
        had): its exit, its OOM kill, its next question to the network."""
        for timer in [t for t in container.timers if t.background]:
            self.clock.cancel(timer)
            container.timers.remove(timer)
        process = container.process
        ran = self.clock.now - (container.started_ms or 0)
        if process.exit_ms is not None:
            code = process.exit_code
            reason = "Completed" if code == 0 else "Error"
            self._exit_later(container, max(0, process.exit_ms - ran), code, reason)
        self._arm_oom(container)
        if process.resume_ms is not None:
            timer = self.clock.call_later(
                max(0, process.resume_ms - ran), self._ask_on, container.id, background=True
            )
            container.timers.append(timer)

    def _arm_oom(self, container: Container) -> None:
        """The OOM kill, if the process outgrows its limit before it exits."""
        oom = self._oom_ms(container)
        exits = container.process.exit_ms
        if oom is not None and (exits is None or oom < exits):
            ran = self.clock.now - (container.started_ms or 0)
            self._exit_later(container, max(0, oom - ran), SIGKILL_EXIT, OOM_KILLED)

    def _oom_ms(self, container: Container) -> int | None:
        """When the process outgrows its memory limit, if it allocates that much."""
        memory = container.process.memory
        limit = container.config.memory_limit_bytes
        if memory is None or not limit:
            return None
        return memory.reaches_ms(-(-limit // MIB))

    def _exit_later(self, container: Container, after_ms: int, code: int, reason: str) -> None:
        """The process will end by itself: not work anyone waits for (a background timer)."""
        timer = self.clock.call_later(
            after_ms, self._exit, container.id, code, reason, background=True
        )
        container.timers.append(timer)

    def _exit(self, container_id: str, code: int, reason: str) -> None:
        container = self.containers.get(container_id)
        if container is None or container.state != "running":
            return
        if container_id in self.sharing:  # what it wrote on its volumes until now stays there
            self._sync()
            del self.sharing[container_id]
        container.state, container.exit_code, container.reason = "exited", code, reason
        container.finished_ms = self.clock.now
        container.asked = ()
        self.asking.pop(container_id, None)
        self._unfeed(container, self.clock.now)
        for timer in container.timers:
            self.clock.cancel(timer)
        container.timers.clear()
        if container.waiter is not None:
            done, args = container.waiter
            container.waiter = None
            self.clock.call_soon(done, *args)
        self._relist_later(container.id)

    def next_relist(self) -> int:
        """When the kubelet's PLEG next lists what runs, and finds what changed."""
        return (self.clock.now // RELIST_MS + 1) * RELIST_MS

    def _relist_later(self, changed: str) -> None:
        """The kubelet's next relist finds what changed (a container or a sandbox id)."""
        self.clock.call_at(self.next_relist(), self._relisted, changed)

    def _relisted(self, changed: str) -> None:
        if self.relist is not None:
            self.relist(changed)

    def exit_container(self, container_id: str, exit_code: int) -> None:
        """The container's main process exits on its own (a crash when the code is not 0).
        No CRI call carries this: the kubelet finds the exited container when it next looks."""
        self._exit(container_id, exit_code, "Completed" if exit_code == 0 else "Error")

    def stop_container(self, container_id: str, timeout_s: int, done: Callback, *args: Any) -> None:
        """The image's stop signal, then SIGKILL after `timeout_s`; calls done(*args) once the
        container has exited."""
        container = self.containers[container_id]
        known = images.lookup(str(container.image))
        signal = known.stop_signal if known else "SIGTERM"
        self._call(
            "StopContainer",
            self._pod_of(container),
            f"container {container.name} ({signal}, then SIGKILL after {timeout_s}s)",
        )
        if container.state != "running":
            self.clock.call_soon(done, *args)
            return
        container.stopping_ms = self.clock.now
        container.waiter = (done, args)
        stop = container.process.stop
        if stop is not None:  # what it writes once signalled, until SIGKILL cuts it short
            now = self.clock.now
            container.extra += [
                Line(now + line.at_ms, line.text, line.stream, line.end) for line in stop.lines
            ]
        if stop is not None and stop.after_ms <= timeout_s * 1000:
            code = stop.exit_code
            reason = "Completed" if code == 0 else "Error"
            timer = self.clock.call_later(stop.after_ms, self._exit, container.id, code, reason)
        else:
            timer = self.clock.call_later(
                timeout_s * 1000, self._exit, container.id, SIGKILL_EXIT, "Error"
            )
        container.timers.append(timer)

    def remove_container(self, container_id: str) -> None:
        container = self.containers.pop(container_id, None)
        self.asking.pop(container_id, None)
        self.sharing.pop(container_id, None)
        if container is not None:
            self._call("RemoveContainer", self._pod_of(container), f"container {container.name}")

    def container_status(self, container_id: str) -> ContainerStatus | None:
        container = self.containers.get(container_id)
        if container is None:
            return None
        return ContainerStatus(
            container.id,
            container.name,
            container.state,
            repo_digest(container.image),
            container.started_ms,
            container.finished_ms,
            container.exit_code,
            container.reason,
            container.message,
        )

    def _pod_of(self, container: Container) -> str:
        sandbox = self.sandboxes.get(container.sandbox)
        return f"pods/{sandbox.pod}" if sandbox else "pods"

    def _unix_ms(self) -> int:
        return self.clock.epoch * 1000 + self.clock.now

    # -- what runs in a container ----------------------------------------------------------

    def exec_sync(
        self, container_id: str, command: list[str], timeout_s: int
    ) -> tuple[int | None, str]:
        """ExecSync: run a command in the container; its exit code (None: it timed out) and
        its output."""
        container = self.containers[container_id]
        self._call("ExecSync", self._pod_of(container), f"{' '.join(command)} in {container.name}")
        image = images.resolve(container.image)
        if image is None or container.state != "running":
            return 126, "container is not running"
        context = self._exec_context(container, image)
        return programs.run_exec(image, container.image, command, context, timeout_s * 1000)

    def exec_hook(self, container_id: str, command: list[str]) -> programs.Attached:
        """ExecSync for a lifecycle hook (RunInContainer, no timeout): the command's streams
        apart and its exit code; what it writes stays in the container, as on a disk."""
        container = self.containers[container_id]
        self._call("ExecSync", self._pod_of(container), f"{' '.join(command)} in {container.name}")
        image = images.resolve(container.image)
        if image is None or container.state != "running":
            return programs.Attached(error="container is not created or running")
        context = self._exec_context(container, image)
        attached = programs.run_attached(image, container.image, command, context, "")
        if attached.error:
            why = f'failed to exec in container: failed to start exec "{self._new_id()}": '
            return programs.Attached(error=why + attached.error)
        self._keep(container, attached.files)
        return attached

    def exec(
        self,
        container_id: str,
        command: list[str],
        stdin: str = "",
        session: Object | None = None,
        tty: bool = False,
    ) -> programs.Attached:
        """Exec (what `kubectl exec` reaches): run a command in the running container with
        its streams apart (or on a terminal: `tty`), `stdin` fed to it; a line of an
        interactive shell's `session`, whose shell died (SIGKILL) with the container it ran
        in if that one is gone."""
        container = self.containers[container_id]
        self._call("Exec", self._pod_of(container), f"{' '.join(command)} in {container.name}")
        image = images.resolve(container.image)
        if image is None or container.state != "running":
            return programs.Attached(error="container is not created or running")
        if session is not None and session.get("container", container_id) != container_id:
            return programs.Attached(SIGKILL_EXIT)  # no state given back: the session is over
        pid = (session or {}).get("pid") or self._next_pid(
            container
        )  # a session's shell keeps its id
        child = self._next_pid(container)  # what a script's shell starts takes a new id
        context = replace(self._exec_context(container, image), tty=tty, pid=pid, child_pid=child)
        attached = programs.run_attached(image, container.image, command, context, stdin, session)
        if attached.error:
            why = f'failed to exec in container: failed to start exec "{self._new_id()}": '
            return programs.Attached(error=why + attached.error)
        self._keep(container, attached.files)  # the next exec finds them, as on a disk
        if attached.shell is not None:
            state = attached.shell | {"container": container_id, "pid": pid}
            attached = replace(attached, shell=state)
        return attached

    def attach(
        self, container_id: str, line: str | None = None, close: bool = False
    ) -> programs.Attached | None:
        """Attach (what `kubectl attach` reaches): `line` written to the main process's
        stdin, or its end when the attached client closes it (`close`), or nothing (how is
        the process?). A shell reading its stdin runs the line, and what it writes is the
        process's output (its log); on a terminal the terminal echoes the line too. The end
        of a `stdinOnce` container's input ends the shell, and with it the container. Other
        processes read no stdin: input goes nowhere (None)."""
        container = self.containers[container_id]
        what = "end of input" if close else "nothing" if line is None else repr(line)
        self._call("Attach", self._pod_of(container), f"{what} to {container.name}")
        image = images.resolve(container.image)
        if image is None or container.state != "running":
            return programs.Attached(error="container is not created or running")
        if container.session is None:
            return None
        if close and container.config.stdin_once:
            line = "exit"
        if line is None:  # nothing written, or stdin closed but kept open for the next attach
            return programs.Attached(shell=container.session)
        config = container.config
        shell = programs.execed(
            image, programs.argv(image, list(config.command), list(config.args))
        )[0]
        context = self._exec_context(container, image)
        attached = programs.run_attached(
            image, container.image, [shell, "-c", line], context, "", container.session
        )
        self._keep(container, attached.files)
        self._write_attached(container, None if close else line, attached)
        container.session = attached.shell
        if attached.shell is None:  # the shell has exited: the container's process is over
            code = attached.exit_code
            self._exit(container.id, code, "Completed" if code == 0 else "Error")
        return attached

    def _write_attached(
        self, container: Container, line: str | None, attached: programs.Attached
    ) -> None:
        """What an attached line makes the process write: on a terminal, the echo, the
        output and the next prompt, all on stdout; else its stdout and stderr."""
        now = self.clock.now
        if container.config.tty:
            echoed = "" if line is None else line + "\n"
            prompt = attached.prompt if attached.shell is not None else ""
            written = echoed + attached.stdout + attached.stderr + prompt
            container.extra += written_lines(now, written, "stdout")
            return
        container.extra += written_lines(now, attached.stdout, "stdout")
        container.extra += written_lines(now, attached.stderr, "stderr")

    def usage(self, container_id: str) -> usage.Usage | None:
        """What a running container uses now, as cAdvisor measures it (None: not running)."""
        container = self.containers.get(container_id)
        if container is None or container.state != "running" or container.started_ms is None:
            return None
        config, served, now = container.config, container.served, self.clock.now
        return usage.container(
            container.image.repository,
            container.process,
            now - container.started_ms,
            config.memory_limit_bytes,
            config.cpu_limit_millis or config.cpus * 1000,
            container.memory.bytes if container.memory else 0,
            served.cost_ms * served.count(now - usage.WINDOW_MS, now) if served else 0,
        )

    def _exec_context(self, container: Container, image: images.Image) -> programs.Context:
        """What a command run in the container finds now: its files and listening ports."""
        offset = self.clock.now - (container.started_ms or 0)
        ports = tuple(s.port for s in container.process.servers if s.from_ms <= offset)
        context = self._context(container, image, tuple(self._files(container).items()), ports)
        main = programs.argv(image, list(container.config.command), list(container.config.args))
        shown = programs.command_line(main)
        return replace(context, processes=((1, shown),))

    @staticmethod
    def _next_pid(container: Container) -> int:
        """An exec's process id (the ids between go to runc's helpers)."""
        container.execs += 1
        return 1 + PID_STEP * container.execs

    def file(self, container_id: str, path: str) -> str | None:
        """A container's file as it is now, or as its process left it (None: no such file)."""
        container = self.containers.get(container_id)
        return None if container is None else self._files(container).get(path)

    def config(self, container_id: str) -> ContainerConfig | None:
        container = self.containers.get(container_id)
        return None if container is None else container.config

    def _files(self, container: Container) -> dict[str, str]:
        """The container's files now: the image's, the kubelet's mounts, then what its
        process and execs wrote (and removed) since it started; under its bind mounts, what
        the node holds."""
        offset = self.clock.now - (container.started_ms or 0)
        written = container.process.files_at(offset)
        files = _image_files(container)
        files.update(container.config.files)
        files.update((path, render(content, self._unix_ms())) for path, content in written.items())
        for path, content in container.written.items():
            if content is None:
                files.pop(path, None)
            else:
                files[path] = content
        config = container.config
        if not config.binds:
            return files
        self._sync()
        return disk.view(config.binds, config.mounts, files, self.disk)

    def _start_files(self, container: Container) -> tuple[tuple[str, str], ...]:
        """What the container's main process finds when it starts (or is laid out again):
        the image's files, the kubelet's mounts, and its volumes' files as they are now."""
        config, files = container.config, _image_files(container)
        if not config.binds and not files:
            return config.files
        files.update(config.files)
        if config.binds:
            self._sync()
            files = disk.view(config.binds, config.mounts, files, self.disk)
        return tuple(files.items())

    def _keep(self, container: Container, files: tuple[tuple[str, str | None], ...]) -> None:
        """What an exec wrote (None: removed): on a volume, the volume's, where every
        container that mounts it finds it; else the container's own, as on its disk."""
        config = container.config
        if not config.binds:
            container.written.update(files)
            return
        self._sync()
        changed = []
        for path, content in files:
            node_path = disk.host_path(config.binds, config.mounts, path)
            if node_path is None:
                container.written[path] = content
            else:
                self.disk.write(node_path, content)
                changed.append(node_path)
        if changed:
            self._volumes_changed(changed)

    def _sync(self) -> None:
        """Bring the node's volumes up to now: what the processes of the running containers
        that mount them wrote there since the last time, in the order it was written. (A
        process is laid out ahead: what it writes is on the volume once its time has come,
        and is brought there when someone looks.)"""
        now, epoch_ms = self.clock.now, self.clock.epoch * 1000
        found: list[tuple[int, str, str | None]] = []
        for container_id, synced in list(self.sharing.items()):
            container = self.containers[container_id]
            started = container.started_ms or 0
            config = container.config
            for op in container.process.written_between(synced, now - started):
                node_path = disk.host_path(config.binds, config.mounts, op.path)
                if node_path is not None:
                    at = started + op.at_ms
                    content = None if op.content is None else render(op.content, epoch_ms + at)
                    found.append((at, node_path, content))
            self.sharing[container_id] = now - started
        found.sort(key=lambda write: write[0])
        for _, path, content in found:
            self.disk.write(path, content)

    def _volumes_changed(self, paths: list[str]) -> None:
        """Files changed on the node's directories at `paths`: a running process with an
        endless loop that mounts one reads them from its next round on (a process that
        does not loop has read what it reads: it was laid out when it started)."""
        now = self.clock.now
        for container_id in list(self.sharing):
            container = self.containers[container_id]
            if container.process.loop is None or container.stopping_ms is not None:
                continue
            roots = [node_path.rstrip("/") for _, node_path in container.config.binds]
            if any(p == r or p.startswith(r + "/") for p in paths for r in roots):
                ran = now - (container.started_ms or 0)
                self._lay_out_again(container, container.process.next_round(ran))

    def remove_directory(self, path: str) -> None:
        """The kubelet removes a directory of the node (a pod's, with its emptyDir volumes,
        once the pod is over): not a CRI call, the node's own file system."""
        self.disk.remove_tree(path)

    def _listener(self, ip: str, port: int) -> tuple[Container, Server] | None:
        """The running process that listens on ip:port, if any."""
        sandbox = next((s for s in self.sandboxes.values() if s.ip == ip and s.ready), None)
        if sandbox is None:
            return None
        for container in self.containers.values():
            if container.sandbox != sandbox.id or container.state != "running":
                continue
            if container.stopping_ms is not None:
                continue
            server = container.process.listening(port, self.clock.now - (container.started_ms or 0))
            if server is not None:
                return container, server
        return None

    def port_forward(self, pod: str, port: int, path: str, agent: str) -> Route:
        """CRI PortForward: a connection to `port` on the localhost of the pod's network
        namespace, carrying an HTTP GET; CRIError, in containerd's words, if nothing
        listens there."""
        sandbox = self._forwarded(pod, port)
        route = self.http_request(sandbox.ip, port, path, LOCALHOST, agent)
        if route is None:
            raise CRIError(_refused(sandbox.id, port))
        return route

    def port_forward_redis(
        self, pod: str, port: int, argv: list[str], db: int
    ) -> tuple[redis.Reply, int] | None:
        """CRI PortForward carrying a redis command, on a connection that selected `db`:
        the reply and the database selected after it (None: the server there speaks no
        RESP); CRIError if nothing listens."""
        sandbox = self._forwarded(pod, port)
        found = self._listener(sandbox.ip, port)
        if found is None:
            raise CRIError(_refused(sandbox.id, port))
        container, server = found
        if server.redis is None:
            return None
        connection = self._redis_connection(container, server)
        connection.db = db
        reply = connection.run(argv)
        self._redis_memory(container)
        return reply, connection.db

    def _redis_memory(self, container: Container) -> None:
        """A redis server whose keys outgrow what a container may hold is OOM-killed."""
        if container.memory is not None and container.memory.bytes > shell.MEMORY_MAX:
            self._exit(container.id, SIGKILL_EXIT, OOM_KILLED)

    def _forwarded(self, pod: str, port: int) -> Sandbox:
        """The pod's sandbox, whose localhost:`port` a PortForward connects to."""
        sandbox = next((s for s in self.sandboxes.values() if s.pod == pod and s.ready), None)
        if sandbox is None:
            raise CRIError(f'failed to find sandbox for pod "{pod}"')
        self._call("PortForward", f"pods/{pod}", f"connect to localhost:{port}")
        return sandbox

    def owns(self, ip: str) -> bool:
        """Whether `ip` is this node's address or in its pod CIDR."""
        if ip == self.node_ip:
            return True
        try:
            return self._pod_cidr is not None and ipaddress.ip_address(ip) in self._pod_cidr
        except ValueError:
            return False

    def _http_from(self, source: str, ip: str, port: int, path: str, agent: str) -> Route | None:
        """An HTTP GET from a pod at `source` to ip:port, to this node or another, a Service's
        address translated on the way (None: refused; network.Unreachable: unanswered)."""
        found = self._connection(source, ip, port, f"GET {path}")
        if found is None:
            return None
        runtime, ip, port = found
        return runtime.http_request(ip, port, path, source, agent)

    def _redis_from(
        self, source: str, ip: str, port: int, commands: list[list[str]]
    ) -> list[redis.Reply] | None:
        """Redis commands from a pod at `source` to ip:port, over one connection."""
        found = self._connection(source, ip, port, "redis connection")
        if found is None:
            return None
        runtime, ip, port = found
        return runtime.redis_request(ip, port, commands)

    def _dns_from(self, source: str, ip: str, port: int, question: Question) -> Answer | None:
        """A DNS question from a pod at `source` to ip:port over UDP: the answer of the DNS
        server there (None: refused, ICMP port unreachable; network.Unreachable)."""
        found = self._destination("UDP", source, ip, port)
        if found is None:
            return None
        runtime, ip, port, via = found
        if runtime.dns_server is None or ip != runtime.node_ip or port != DNS_PORT:
            return None  # no pod's process serves DNS: the port is unreachable
        asked = f"{question.qtype} {question.name}"
        self.trace.record(via or self.name, DNS_SERVER, "query", "", f"{asked} from {source}")
        answer = runtime.dns_server(question, source)
        self.trace.record(DNS_SERVER, self.name, "answer", "", _summary(answer))
        self.chances += _shuffled(answer)
        return answer

    def _echo_from(self, source: str, ip: str) -> network.EchoReply | None:
        """An ICMP echo request from a pod at `source` to `ip`: the reply (None: none comes
        back). No kube-proxy rule translates ICMP, so a Service's address, which
        nothing owns, answers none."""
        try:
            runtime = self._route(ip)
        except network.Unreachable:
            return None
        if not runtime.answers_echo(ip):
            return None
        if self._dropped("ICMP", source, runtime, ip, 0):
            return None
        self.trace.record(self.name, runtime.name, "ICMP", "", f"echo request {source} → {ip}")
        # kindnet routes each pod's veth on its node (the ptp plugin, no bridge): a host
        # forwarding the reply out of a pod's namespace, and the source's node forwarding
        # it in from another node, each take one off its TTL
        across = runtime is not self
        leaves_pod = ip != source and ip not in (runtime.node_ip, runtime.gateway)
        enters_pod = across and source != self.node_ip
        return network.EchoReply(network.ECHO_TTL - leaves_pod - enters_pod, across)

    def answers_echo(self, ip: str) -> bool:
        """Whether something here answers an echo request to `ip`: the node itself, or a
        pod's network namespace (its kernel answers, whatever its containers run)."""
        if ip in (self.node_ip, self.gateway):
            return True
        return any(s.ip == ip and s.ready for s in self.sandboxes.values())

    def _tcp_from(self, source: str, ip: str, port: int, data: str) -> str | None:
        """`data` over a TCP connection from a pod at `source` to ip:port, a Service's
        address translated on the way: what the server there writes back (None: refused)."""
        found = self._connection(source, ip, port, "TCP connection")
        if found is None:
            return None
        runtime, ip, port = found
        return runtime.tcp_request(ip, port, data, source)

    def tcp_request(self, ip: str, port: int, data: str, source: str) -> str | None:
        """`data` to the server listening on ip:port, read as its protocol reads it (an
        HTTP request, redis' inline commands): its answer (None: nothing listens)."""
        found = self._listener(ip, port)
        if found is None:
            return None
        server = found[1]
        if not data:
            return ""  # nothing sent: the server waits, then sees the end and closes
        if server.redis is not None:
            commands = [line.split() for line in data.splitlines() if line.split()]
            replies = self.redis_request(ip, port, commands) or []
            return "".join(redis.resp(reply) for reply in replies)
        sent = network.HTTPRequest.parse(data)
        route = self.http_request(ip, port, sent.path, source, sent.agent)
        return "" if route is None else sent.answer(route)

    def _destination(
        self, protocol: str, source: str, ip: str, port: int
    ) -> tuple[ContainerRuntime, str, int, str] | None:
        """Where a packet a pod sends to ip:port goes: the runtime that delivers it, the
        address after the nodes' netfilter rules (kube-proxy's: a Service's address is
        translated to one of its endpoints on this node, a NodePort on the node that owns
        the address), and the kube-proxy whose rules did it ("" if none). None: rejected;
        network.Unreachable: dropped, by a rule or by a network policy."""
        for proxy in self._proxies(ip):
            verdict = proxy.route(protocol, ip, port, source)
            if verdict is None:
                continue
            service = "services/" + verdict.service.partition(":")[0]
            if isinstance(verdict, Reject):
                summary = (
                    f"{protocol} {ip}:{port} from {source}: {verdict.service} {verdict.reason}"
                )
                self.trace.record(
                    self.name, proxy.name, "DROP" if verdict.drop else "REJECT", service, summary
                )
                if verdict.drop:
                    raise network.Unreachable(ip)
                return None
            summary = f"{protocol} {ip}:{port} → {verdict.ip}:{verdict.port} from {source}"
            self.trace.record(self.name, proxy.name, "DNAT", service, summary)
            self.chances += verdict.drawn
            ip, port, via = verdict.ip, verdict.port, proxy.name
            break
        else:
            via = ""
        runtime = self._route(ip)
        if self._dropped(protocol, source, runtime, ip, port):
            raise network.Unreachable(ip)  # nothing answers: the sender times out
        return runtime, ip, port, via

    def _dropped(
        self, protocol: str, source: str, runtime: ContainerRuntime, ip: str, port: int
    ) -> bool:
        """Whether kindnet's network policies drop the packet: the sender's egress on this
        node, or the receiver's ingress on its node (the hop says which). A pod cannot block
        itself, and what goes to or comes from a pod's own node always passes."""
        sender, receiver = self.policies, runtime.policies
        if sender is None or receiver is None or not sender.active or source == ip:
            return False
        packet = Packet(sender.endpoint(source), receiver.endpoint(ip, port), protocol, port)
        judged = (
            (sender, EGRESS, self, packet.destination),
            (receiver, INGRESS, runtime, packet.source),
        )
        for agent, direction, where, other in judged:
            if not other.pod and other.ip in (where.node_ip, where.gateway):
                continue
            why = agent.dropped(packet, direction)
            if why:
                target = f"{ip}:{port}" if port else ip
                summary = f"{protocol} {target} from {source}: {why}"
                self.trace.record(agent.name, where.name, "DROP", "networkpolicies", summary)
                return True
        return False

    def _proxies(self, ip: str) -> list[KubeProxy]:
        """The kube-proxies whose rules a packet to `ip` meets: this node's, then, for
        another node's address, that node's."""
        found = [self.proxy] if self.proxy is not None else []
        if ip != self.node_ip and self.network is not None:
            other = self.network(ip)
            if other is not None and ip == other.node_ip and other.proxy is not None:
                found.append(other.proxy)
        return found

    def _connection(
        self, source: str, ip: str, port: int, what: str
    ) -> tuple[ContainerRuntime, str, int] | None:
        """A TCP connection from a pod at `source` to ip:port: the runtime and address it
        reaches, kube-proxy's rules applied, and the hop from those rules if they did
        (None: refused)."""
        found = self._destination("TCP", source, ip, port)
        if found is None:
            return None
        runtime, ip, port, via = found
        if via:
            summary = f"{what} from {source} to {ip}:{port}"
            self.trace.record(via, runtime.name, "forward", "", summary)
        return runtime, ip, port

    def _route(self, ip: str) -> ContainerRuntime:
        """The runtime of the node whose address or pod CIDR has `ip` (network.Unreachable:
        none)."""
        runtime = self if self.owns(ip) else self.network(ip) if self.network else None
        if runtime is None:  # nothing has it: the packets go unanswered
            raise network.Unreachable(ip)
        return runtime

    def redis_request(
        self, ip: str, port: int, commands: list[list[str]]
    ) -> list[redis.Reply] | None:
        """Commands to the redis server listening on ip:port, which keeps its keys in its
        container's memory (None: nothing listens; network.NOT_REDIS: it speaks no RESP)."""
        found = self._listener(ip, port)
        if found is None:
            return None
        container, server = found
        if server.redis is None:
            return network.NOT_REDIS
        connection = self._redis_connection(container, server)
        replies = [connection.run(argv) for argv in commands]
        self._redis_memory(container)
        return replies

    def _redis_connection(self, container: Container, server: Server) -> redis.Connection:
        """A client's connection to the redis server of the container, which keeps its keys
        in the container's memory."""
        assert server.redis is not None
        container.memory = container.memory or redis.Keyspace()
        return redis.Connection(container.memory, server.redis, server.version, self.clock.now)

    def connect(self, ip: str, port: int) -> bool:
        """A TCP connection to ip:port over the pod network: is anything listening?"""
        return self._listener(ip, port) is not None

    def http_get(self, ip: str, port: int, path: str, source: str, agent: str) -> int | None:
        """An HTTP GET over the pod network: the status code, or None (nothing listens)."""
        answered = self.http_request(ip, port, path, source, agent)
        return None if answered is None else answered.status

    def http_request(self, ip: str, port: int, path: str, source: str, agent: str) -> Route | None:
        """An HTTP GET over the pod network: what answers it (status 0: not HTTP), or None
        (nothing listens)."""
        found = self._listener(ip, port)
        if found is None:
            return None
        container, server = found
        if not server.http:
            return Route(path, 0)
        route = server.answer(path, self.clock.now - (container.started_ms or 0))
        if server.root:
            route = self._static(container, server, path) or route
        if route.upstream is not None:
            route = self._proxied(container, route, path, source, agent)
        if (served := self._served(container, server)) is not None:
            served.times.append(self.clock.now)
        if server.access_log:
            if len(container.extra) >= 2 * LOG_LINES_MAX:  # the log file is rotated
                del container.extra[:LOG_LINES_MAX]
            line = programs.access_line(
                server.access_log, source, path, route.status, route.size, agent
            )
            container.extra.append(Line(self.clock.now, line))
        return route

    def _static(self, container: Container, server: Server, path: str) -> Route | None:
        """What a server answers from the files under its document root, when those are
        not (only) the image's: a volume is mounted there, or in it, or an exec wrote
        there (None: the image's files answer, as its routes say)."""
        root, mounts = server.root, container.config.mounts
        covered = disk.innermost(mounts, root) not in ("", "/")
        inside = root + "/"
        if not (
            covered
            or any(at.startswith(inside) for at, _ in mounts)
            or any(written.startswith(inside) for written in container.written)
        ):
            return None
        # every file under the root is known: a volume's, or the image's own pages
        covered = covered or any(path.startswith(inside) for path in _image_files(container))
        files = self._files(container)
        asked = path.partition("?")[0]
        name = root + disk.normal(asked).rstrip("/")
        slash = asked.endswith("/")
        if name in files and not slash:
            return pages.served(path, files[name])
        directory = name + "/"
        if name == root or any(f.startswith(directory) for f in files):
            # a directory: asked without its slash, nginx sends the client there; with it,
            # its index file, else (no autoindex) it is forbidden
            if not slash:
                return pages.nginx_error(path, 301, server.version)
            if directory + "index.html" in files:
                return pages.served(path, files[directory + "index.html"])
            return pages.nginx_error(path, 403, server.version) if covered else None
        if not covered:
            return None
        page = server.not_found
        return Route(path, 404, len(page.encode()), body=page, content_type=pages.HTML)

    def _proxied(
        self, container: Container, route: Route, path: str, source: str, agent: str
    ) -> Route:
        """What a proxy answers a request from `source`: what its upstream answers over a
        connection from the proxy's pod (kube-proxy's rules on the way), or its own error
        page and error-log line when the upstream refuses."""
        assert route.upstream is not None
        upstream = route.upstream
        # nginx numbers the client's connection, then the one it opens to the upstream
        number = container.connections + 1
        container.connections += 2
        proxy_ip = self.sandboxes[container.sandbox].ip
        answered = self._http_from(proxy_ip, upstream.ip, upstream.port, path, agent)
        if answered is not None:
            return answered
        line = nginx_proxy.refused_line(upstream, number, source, path)
        container.extra.append(Line(self.clock.now, line, "stderr"))
        return route

    def log_entries(self, container_id: str) -> list[logs.Entry] | None:
        """What the container wrote, as its log file holds it: a line at a time, or a part
        of a line at a time (None: no such container)."""
        container = self.containers.get(container_id)
        if container is None:
            return None
        if container.started_ms is None:
            return []
        started = container.started_ms
        until = container.finished_ms if container.finished_ms is not None else self.clock.now
        lines = [
            Line(started + line.at_ms, line.text, line.stream, line.end)
            for line in container.process.output(until - started)
        ]
        lines += [line for line in container.extra if line.at_ms <= until]
        lines.sort(key=lambda line: line.at_ms)
        base = self.clock.epoch * 1000
        return [
            (base + line.at_ms, render(line.text, base + line.at_ms), line.end) for line in lines
        ]

    def logs(self, container_id: str, timestamps: bool = False) -> str | None:
        """What the container wrote, as `kubectl logs` shows it (None: no such container)."""
        entries = self.log_entries(container_id)
        return None if entries is None else logs.rendered(entries, timestamps)


def _shuffled(answer: Answer) -> bool:
    """Whether CoreDNS's loadbalance put records of the answer in a random order: more
    than one address, or MX record, in a section."""
    return any(
        sum(record.rtype in kinds for record in section) > 1
        for section in (answer.answer, answer.authority, answer.additional)
        for kinds in (loadbalance.ADDRESSES, ("MX",))
    )


def _summary(answer: Answer) -> str:
    """An answer in a line: its code and records."""
    records = "; ".join(f"{r.name} {r.ttl} IN {r.rtype} {r.data}" for r in answer.answer)
    return f"{answer.rcode}{': ' + records if records else ''}"


def pull_error(reference: images.Reference) -> str:
    """containerd's error for a reference the registry does not have."""
    known = images.lookup(str(reference))
    cause = DENIED
    if known is not None or not reference.repository.startswith("docker.io/"):
        cause = f"{reference}: not found"
    return (
        f'failed to pull and unpack image "{reference}": failed to resolve reference '
        f'"{reference}": {cause}'
    )


def _refused(sandbox_id: str, port: int) -> str:
    """containerd's answer to a PortForward to a port nothing listens on."""
    netns = "cni-" + "-".join(
        sandbox_id[a:b] for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
    )
    return (
        f"error forwarding port {port} to pod {sandbox_id}, uid : failed to execute portforward "
        f'in network namespace "/var/run/netns/{netns}": failed to connect to localhost:{port} '
        f'inside namespace "{sandbox_id}", IPv4: dial tcp4 127.0.0.1:{port}: connect: '
        f"connection refused IPv6 dial tcp6 [::1]:{port}: connect: connection refused"
    )


def _own(config: ContainerConfig, path: str) -> bool:
    """Whether the container's `path` is its own, not on one of its bind mounts."""
    return disk.host_path(config.binds, config.mounts, path) is None


def _image_files(container: Container) -> dict[str, str]:
    """The files the container's image holds (only those a learner reads are known)."""
    image = images.resolve(container.image)
    return dict(image.files) if image is not None else {}
