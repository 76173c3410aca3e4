"""What running containers and nodes use, as the kubelet's resource metrics endpoint
(/metrics/resource, from cAdvisor) reports it: CPU in nanocores averaged over the last window,
memory as the working set in bytes.

A simulated program does little, so the figures are a model, decided from what the container
runs and does: every program has the resident memory it needs when idle (by image), a
process that allocates (the memory hog of the lessons, `stress`) grows from then on up to
its limit, and CPU is an idle base, plus a small cost per line written in the window, plus
what a busy process (`stress -cpus N`) burns and what the requests a server answered in the
window cost it (see served), up to its limit. A node adds what
its own daemons use (the kubelet and containerd, and on the control plane kube-apiserver,
etcd, kube-scheduler and kube-controller-manager).
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.node.process import Process

MIB = 1 << 20
WINDOW_MS = 10_000  # the kubelet's CPU usage window
IDLE_NANOCORES = 500_000  # an idle process wakes up now and then: about half a millicore
NANOCORES_PER_LINE = 100_000  # a line written costs about a microsecond of CPU in a 10 s window
# the resident memory of each image's program when idle, in MiB (others: DEFAULT_MIB)
IDLE_MIB = {
    "docker.io/library/nginx": 3,
    "docker.io/library/httpd": 6,
    "docker.io/library/redis": 4,
    "docker.io/library/busybox": 1,
}
DEFAULT_MIB = 2
# what a node's own daemons use: (nanocores, bytes)
WORKER_OVERHEAD = (45_000_000, 310 * MIB)
CONTROL_PLANE_OVERHEAD = (160_000_000, 820 * MIB)


@dataclass(frozen=True, slots=True)
class Usage:
    nanocores: int = 0
    bytes: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.nanocores + other.nanocores, self.bytes + other.bytes)


def container(
    repository: str,
    process: Process,
    run_ms: int,
    memory_limit: int,
    cpu_limit_millis: int,
    held: int = 0,
    serving_ms: int = 0,
) -> Usage:
    """A container's usage `run_ms` after its process started, holding `held` bytes of
    data its clients gave it (a redis server's keys), having spent `serving_ms` of CPU on
    the requests it answered in the window: a busy process uses the CPU it asks for, as far
    as its limit (the CFS quota) lets it."""
    memory = idle_bytes(repository) + held
    if process.memory is not None:
        memory += process.memory.mib_at(run_ms) * MIB
    if memory_limit:
        memory = min(memory, memory_limit)
    since = max(0, run_ms - WINDOW_MS)
    written = sum(1 for line in process.output(run_ms) if line.at_ms > since)
    asked = process.busy_millicores * 1_000_000 + serving_ms * 1_000_000_000 // WINDOW_MS
    busy = min(asked, cpu_limit_millis * 1_000_000)
    return Usage(IDLE_NANOCORES + written * NANOCORES_PER_LINE + busy, memory)


def idle_bytes(repository: str) -> int:
    """The resident memory of the image's program when idle."""
    return IDLE_MIB.get(repository, DEFAULT_MIB) * MIB


def node_overhead(control_plane: bool) -> Usage:
    return Usage(*(CONTROL_PLANE_OVERHEAD if control_plane else WORKER_OVERHEAD))
