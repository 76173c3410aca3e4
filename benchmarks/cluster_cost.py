"""What one simulated cluster costs inside a worker: time to build, memory, idle CPU, writes.

Engine level, in this process, no Redis: `Cluster(ClusterSpec(seed=i))` for the default
shape (a control-plane node and two workers) and for a control-plane node with three
workers. Prints

- creation time per cluster (median and p90 over 100 clusters, each of 3 repeats);
- memory per cluster: tracemalloc's traced growth / 100 with all 100 alive, and the size
  of `pickle.dumps(cluster)` (what a snapshot in Redis weighs), new and after each has
  been idle for an hour of virtual time;
- what an idle hour of virtual time costs (timer steps, time, the next due timer);
- `kubectl run` inside the engine: the create request and running until idle, for 200
  pods one after another in one cluster.

Run:  .venv/bin/python benchmarks/cluster_cost.py
"""

from __future__ import annotations

import gc
import pickle
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace

from _stats import Summary, machine, percentile

from cluster import gcpolicy
from cluster.engine.api.meta import Object
from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.cluster import DEFAULT_NODES, Cluster, ClusterSpec
from cluster.engine.node.kubelet import NodeConfig
from cluster.engine.store import codec
from cluster.kubectl.main import kubectl

CLUSTERS = 100
REPEATS = 3
PODS = 200
LISTINGS = 50
HOUR_MS = 3_600_000
MB = 1024 * 1024
GOAL = "goal: < 5 ms and < 1 MB per cluster"
THREE_WORKERS = (*DEFAULT_NODES, NodeConfig("node-3", "172.18.0.5"))
SHAPES: dict[str, Callable[[int], ClusterSpec]] = {
    "control plane + 2 workers (default)": lambda seed: ClusterSpec(seed=seed),
    "control plane + 3 workers": lambda seed: ClusterSpec(seed=seed, nodes=THREE_WORKERS),
}


# -- building clusters ------------------------------------------------------------------


def build_clusters(spec_of: Callable[[int], ClusterSpec]) -> tuple[list[Cluster], list[float]]:
    """CLUSTERS clusters, kept alive, and the seconds each took to build."""
    clusters, seconds = [], []
    for seed in range(CLUSTERS):
        spec = spec_of(seed)
        started = time.perf_counter()
        clusters.append(Cluster(spec))
        seconds.append(time.perf_counter() - started)
    return clusters, seconds


def creation_times(label: str, spec_of: Callable[[int], ClusterSpec]) -> float:
    """Print creation time per repeat; returns the median of the repeats' medians (ms)."""
    medians = []
    for repeat in range(1, REPEATS + 1):
        gc.collect()
        _, seconds = build_clusters(spec_of)
        millis = [s * 1000 for s in seconds]
        medians.append(statistics.median(millis))
        print(
            f"  {label}, repeat {repeat}: median {medians[-1]:.2f} ms, "
            f"p90 {percentile(millis, 0.9):.2f} ms, max {max(millis):.2f} ms"
        )
    return statistics.median(medians)


def memory_per_cluster(
    spec_of: Callable[[int], ClusterSpec], idle_ms: int = 0
) -> tuple[float, float]:
    """Traced memory growth per cluster with all alive, each idle for `idle_ms` of virtual
    time first, and median pickle size (bytes)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        clusters, _ = build_clusters(spec_of)
        for cluster in clusters:
            cluster.advance_to(cluster.clock.now + idle_ms)
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    sizes = [len(pickle.dumps(cluster, protocol=5)) for cluster in clusters]
    return growth / len(clusters), statistics.median(sizes)


def report_shapes() -> None:
    print(f"Creating {CLUSTERS} clusters, {REPEATS} repeats, per shape:")
    for label, spec_of in SHAPES.items():
        median_ms = creation_times(label, spec_of)
        traced, pickled = memory_per_cluster(spec_of)
        print(
            f"  => {label}: creation median {median_ms:.2f} ms; memory {traced / MB:.3f} MB "
            f"traced, {pickled / 1024:.1f} KiB pickled (per cluster, {CLUSTERS} alive)"
        )
        traced, pickled = memory_per_cluster(spec_of, HOUR_MS)
        print(
            f"     after an idle hour of virtual time: {traced / MB:.3f} MB traced, "
            f"{pickled / 1024:.1f} KiB pickled"
        )
    print(GOAL)


# -- an idle cluster --------------------------------------------------------------------


def report_idle() -> None:
    """Advance an idle cluster by one virtual hour, and say what ran."""
    cluster = Cluster(ClusterSpec(seed=1))
    revision, hops = cluster.etcd.revision, cluster.trace.last_seq
    start = cluster.clock.now
    started = time.perf_counter()
    steps = cluster.clock.advance_to(start + HOUR_MS)
    elapsed = time.perf_counter() - started
    due = cluster.clock.next_due()
    print()
    print("An idle cluster, one hour of virtual time (advance_to(now + 3 600 000 ms)):")
    print(f"  timer steps run: {steps} in {elapsed * 1000:.2f} ms of CPU")
    print(
        f"  objects written: {cluster.etcd.revision - revision}, "
        f"hops recorded: {cluster.trace.last_seq - hops}"
    )
    print(
        f"  next due timer: t={due} ms, {(due - cluster.clock.now) / 1000:g} s after now: "
        f"{next_timer(cluster)}"
    )
    print("  Between inputs nothing runs at all: the engine has no thread and no timer outside")
    print("  its virtual clock, which moves only when the host applies an input (a request, a")
    print("  clock advance or a step). The host schedules a tick task for the next due timer")
    print("  only while a browser watches the cluster; otherwise the cluster sits in memory.")
    print("  The figures above are what catching up a whole idle hour costs at once. (While a")
    print("  browser watches, the next due timer above still costs one tick task per period.)")


def next_timer(cluster: Cluster) -> str:
    """Which callback the next timer runs."""
    timer = cluster.clock.peek()
    if timer is None:
        return "none"
    kind = "background" if timer.background else "foreground"
    return f"{getattr(timer.callback, '__qualname__', timer.callback)} ({kind})"


# -- kubectl run inside the engine ------------------------------------------------------


def pod_manifest(name: str) -> Object:
    """What `kubectl run NAME --image=nginx` sends."""
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"creationTimestamp": None, "labels": {"run": name}, "name": name},
        "spec": {
            "containers": [{"image": "nginx", "name": name, "resources": {}}],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
        },
        "status": {},
    }


def create_pods(cluster: Cluster, count: int) -> tuple[list[float], list[int]]:
    """Create pods one after another, each run until idle; seconds and timer steps each."""
    admin = Credential("token", cluster.spec.admin_token)
    seconds, steps = [], []
    for i in range(count):
        request = Request("create", "pods", "default", body=pod_manifest(f"pod{i}"))
        request = replace(request, credential=admin)
        started = time.perf_counter()
        response = cluster.handle(request)
        steps.append(cluster.run_until_idle())
        seconds.append(time.perf_counter() - started)
        if response.code != 201:
            raise RuntimeError(f"creating pod{i} answered {response.code}: {response.body}")
    return seconds, steps


def running_pods(cluster: Cluster) -> int:
    phases = [
        b'"phase":"Running"' in codec.plain(kv.value)
        for kv in cluster.etcd.range("/registry/pods/")
    ]
    return sum(phases)


def report_pod_creation() -> None:
    """Median cost of a pod from request to idle, and what 200 pods leave behind."""
    print()
    print(f"kubectl run inside the engine: handle(create pod) + run_until_idle(), {PODS} pods")
    print(f"in sequence in one fresh cluster, {REPEATS} repeats:")
    medians, rates = [], []
    for repeat in range(1, REPEATS + 1):
        gc.collect()
        cluster = Cluster(ClusterSpec(seed=1))
        size_before = len(pickle.dumps(cluster, protocol=5))
        started = time.perf_counter()
        seconds, steps = create_pods(cluster, PODS)
        summary = Summary.of(seconds, time.perf_counter() - started)
        medians.append(summary.median)
        rates.append(summary.per_second)
        print(summary.line(f"  create pod, repeat {repeat}", "pods/s"))
    print(
        f"  => median {statistics.median(medians):.2f} ms per pod, "
        f"{statistics.median(rates):.0f} pods/s; in the last repeat: first 20 pods median "
        f"{statistics.median(seconds[:20]) * 1000:.2f} ms, last 20 "
        f"{statistics.median(seconds[-20:]) * 1000:.2f} ms; timer steps per pod: median "
        f"{statistics.median(steps):g}; pods Running: {running_pods(cluster)}/{PODS}"
    )
    report_listing(cluster)
    report_growth(cluster, size_before)


def report_listing(cluster: Cluster) -> None:
    """`kubectl get pods` in the engine once the pods exist: listing costs per pod."""
    credential = Credential("token", cluster.spec.admin_token)
    seconds = []
    for _ in range(LISTINGS):
        started = time.perf_counter()
        kubectl(["get", "pods"], cluster.handle, credential, now=cluster.spec.epoch)
        seconds.append(time.perf_counter() - started)
    median_ms = statistics.median(seconds) * 1000
    print(
        f"  kubectl get pods listing all {PODS} pods, in-process: median {median_ms:.2f} ms "
        f"({median_ms * 1000 / PODS:.1f} us per pod: JSON decode of each stored pod + table)"
    )


def report_growth(cluster: Cluster, size_before: int) -> None:
    """What the cluster weighs after the pods, and what etcd's history accounts for."""
    started = time.perf_counter()
    data = pickle.dumps(cluster, protocol=5)
    pickle_ms = (time.perf_counter() - started) * 1000
    history = len(cluster.etcd.events_since(cluster.etcd.compacted))
    print(
        f"  pickled: {size_before / 1024:.0f} KiB before, {len(data) / 1024:.0f} KiB after "
        f"(pickle.dumps {pickle_ms:.1f} ms); etcd revision {cluster.etcd.revision}, "
        f"history events kept {history}"
    )
    cluster.etcd.compact(cluster.etcd.revision)
    compacted = len(pickle.dumps(cluster, protocol=5))
    print(
        f"  the same after etcd.compact(revision): {compacted / 1024:.0f} KiB "
        "(kube-apiserver compacts every 5 virtual minutes; this is what that saves)"
    )


def main() -> None:
    print(machine())
    gcpolicy.apply()  # as a worker runs
    print(f"garbage collector thresholds {gc.get_threshold()}, as a worker sets them")
    report_shapes()
    report_idle()
    report_pod_creation()


if __name__ == "__main__":
    main()
