"""The container runtime (containerd) of one node, as the kubelet sees it through the CRI:
pod sandboxes with their network, images, and containers. Each call is a hop; the work takes
virtual time, and the runtime calls the kubelet back when it is done."""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.clock import Clock
from cluster.engine.node import images
from cluster.engine.trace import Trace

SANDBOX_MS = 250
CREATE_MS = 80
STOP_MS = 100
RESOLVE_FAILURE_MS = 600
VERSION = "containerd://2.1.4"

Callback = Callable[..., Any]


@dataclass(slots=True)
class Container:
    id: str
    sandbox: str
    name: str
    image: images.Reference
    state: str = "created"  # created, running, exited
    exit_code: int = 0
    logs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Sandbox:
    id: str
    pod: str
    ip: str


class ContainerRuntime:
    def __init__(
        self, clock: Clock, trace: Trace, node: str, rng: random.Random, kubelet: str
    ) -> None:
        self.clock = clock
        self.trace = trace
        self.node = node
        self.rng = rng
        self.name = f"container-runtime/{node}"
        self.kubelet = kubelet
        self.images: set[str] = set()  # references present on this node
        self.sandboxes: dict[str, Sandbox] = {}
        self.containers: dict[str, Container] = {}
        self._pod_cidr: ipaddress.IPv4Network | None = None
        self._next_ip = 2

    def _call(self, verb: str, obj: str, summary: str) -> None:
        self.trace.record(self.kubelet, self.name, verb, obj, summary)

    def _new_id(self) -> str:
        return f"{self.rng.getrandbits(256):064x}"

    @property
    def network_ready(self) -> bool:
        return self._pod_cidr is not None

    def update_runtime_config(self, pod_cidr: str) -> None:
        self._call("UpdateRuntimeConfig", self.node, f"pod CIDR {pod_cidr}")
        self._pod_cidr = ipaddress.ip_network(pod_cidr)

    def run_pod_sandbox(self, pod: str, done: Callback, *args: Any) -> None:
        """Create the pod's sandbox and give it an IP (CNI); calls done(sandbox_id, ip, *args)."""
        assert self._pod_cidr is not None, "the kubelet waits for the node's pod CIDR"
        ip = str(self._pod_cidr.network_address + self._next_ip)
        self._next_ip += 1
        sandbox = Sandbox(self._new_id(), pod, ip)
        self.sandboxes[sandbox.id] = sandbox
        self._call("RunPodSandbox", f"pods/{pod}", f"sandbox for {pod}, IP {ip} from CNI")
        self.clock.call_later(SANDBOX_MS, done, sandbox.id, ip, *args)

    def stop_pod_sandbox(self, sandbox_id: str) -> None:
        sandbox = self.sandboxes.pop(sandbox_id, None)
        if sandbox is not None:
            self._call("StopPodSandbox", f"pods/{sandbox.pod}", f"sandbox of {sandbox.pod}")

    def has_image(self, image: str) -> bool:
        return str(images.parse(image)) in self.images

    def pull_image(self, image: str, done: Callback, *args: Any) -> None:
        """Pull from the registry; calls done(error or None, *args) when it's finished."""
        reference = images.parse(image)
        known = images.lookup(image)
        self._call("PullImage", str(reference), f"pull {reference}")
        if known is None:
            error = (
                f"rpc error: code = NotFound desc = failed to pull and unpack image "
                f'"{reference}": failed to resolve reference "{reference}": {reference}: '
                f"not found"
            )
            self.clock.call_later(RESOLVE_FAILURE_MS, done, error, *args)
            return
        self.clock.call_later(images.pull_ms(known), self._pulled, reference, done, args)

    def _pulled(self, reference: images.Reference, done: Callback, args: tuple[Any, ...]) -> None:
        self.images.add(str(reference))
        done(None, *args)

    def create_container(
        self, sandbox_id: str, name: str, image: str, done: Callback, *args: Any
    ) -> None:
        """Calls done(container_id, *args)."""
        container = Container(self._new_id(), sandbox_id, name, images.parse(image))
        self.containers[container.id] = container
        pod = self.sandboxes[sandbox_id].pod
        self._call("CreateContainer", f"pods/{pod}", f"container {name} ({container.image})")
        self.clock.call_later(CREATE_MS, done, container.id, *args)

    def start_container(self, container_id: str, done: Callback, *args: Any) -> None:
        """Calls done(*args) once the process runs."""
        container = self.containers[container_id]
        pod = self.sandboxes[container.sandbox].pod
        self._call("StartContainer", f"pods/{pod}", f"container {container.name}")
        known = images.lookup(str(container.image))
        self.clock.call_later(
            known.start_ms if known else 100, self._started, container, done, args
        )

    def _started(self, container: Container, done: Callback, args: tuple[Any, ...]) -> None:
        container.state = "running"
        known = images.lookup(str(container.image))
        container.logs.extend(known.logs if known else ())
        done(*args)

    def stop_container(self, container_id: str, done: Callback, *args: Any) -> None:
        """SIGTERM; calls done(exit_code, *args) once it has exited."""
        container = self.containers[container_id]
        pod = self.sandboxes[container.sandbox].pod if container.sandbox in self.sandboxes else ""
        self._call("StopContainer", f"pods/{pod}", f"container {container.name} (SIGTERM)")
        self.clock.call_later(STOP_MS, self._stopped, container, done, args)

    def _stopped(self, container: Container, done: Callback, args: tuple[Any, ...]) -> None:
        container.state = "exited"
        container.exit_code = 0
        done(0, *args)

    def remove_container(self, container_id: str) -> None:
        self.containers.pop(container_id, None)
