"""The Kubernetes API as its clients see it: the real kubectl, the official Python client,
and how many requests per second the API sustains.

Starts `kubelab up` on free ports with a throw-away data directory (one daphne, one worker)
and writes a kubeconfig with `kubelab kubeconfig default`. Then prints, median and p99:

- the real kubectl (wall time of the whole command, process start and TLS included; its
  discovery cache warm, as after a first command): `get pods` listing 1,000 pods,
  `get pod NAME`, `apply -f` of a Deployment (changed each time), `scale`;
- the Python client over plain http: list of 1,000 pods, get, create and delete, patch,
  and a watch: from a patch sent to its MODIFIED event received;
- throughput: concurrent keep-alive clients reading single pods for a few seconds, first
  on the stack as started, then with a second daphne and a second worker (the clients
  spread over both ports and over four clusters, since a cluster lives on one worker);
  with the CPU time daphne, the workers and Redis spent per request (the load generator
  shares the machine's cores with them).

Goal: p99 under 50 ms for single-object reads and writes; 500 requests/s.

Run:  .venv/bin/python benchmarks/kubeapi.py [--throughput]  (the throughput figures alone)
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _stack import HOST, Stack, free_port, start_stack, stop, stop_stack, wait_until_running
from _stats import Summary, machine

PODS = 1_000
KUBECTL_RUNS = 20
CLIENT_RUNS = 100
LOAD_SECONDS = 8.0
CONNECTIONS = 16
CLUSTERS = 4  # read at once: a cluster lives on one worker
OWNER = "admin"
GOAL = "goal: p99 < 50 ms for single-object reads and writes; 500 requests/s"
KUBECTL = Path(sys.executable).with_name("kubectl")
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    bench/run: "{run}"
spec:
  replicas: 2
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
"""


def timed(action: Callable[[], object], runs: int) -> Summary:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return Summary.of(seconds)


# -- the real kubectl -------------------------------------------------------------------


class Kubectl:
    def __init__(self, stack: Stack, home: Path) -> None:
        self.kubeconfig = home / "kubeconfig"
        kubelab = Path(sys.executable).with_name("kubelab")
        config = subprocess.run(
            [str(kubelab), "kubeconfig", "default", "--data-dir", str(stack.data_dir)],
            check=True,
            capture_output=True,
            text=True,
        )
        self.kubeconfig.write_text(config.stdout)
        self.env = dict(os.environ, HOME=str(home), KUBECONFIG=str(self.kubeconfig))

    def __call__(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [str(KUBECTL), *args], input=stdin, capture_output=True, text=True, env=self.env
        )
        if done.returncode != 0:
            raise RuntimeError(f"kubectl {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout


def kubectl_figures(kubectl: Kubectl, pod: str) -> None:
    kubectl("get", "nodes")  # fills the discovery cache
    runs = iter(range(1_000_000))
    replicas = iter(range(1_000_000))
    commands: list[tuple[str, Callable[[], object]]] = [
        (f"get pods ({PODS} pods)", lambda: kubectl("get", "pods")),
        ("get pod NAME", lambda: kubectl("get", "pod", pod)),
        (
            "apply -f deployment",
            lambda: kubectl("apply", "-f", "-", stdin=DEPLOYMENT.format(run=next(runs))),
        ),
        (
            "scale deployment",
            lambda: kubectl("scale", "deployment/web", f"--replicas={2 + next(replicas) % 3}"),
        ),
    ]
    print(f"The real kubectl ({KUBECTL_RUNS} runs each, wall time of the command):")
    for label, action in commands:
        try:
            action()  # warm
            print("  " + timed(action, KUBECTL_RUNS).line(label, "cmd/s"))
        except RuntimeError as error:
            print(f"  {label}: failed: {error}")


# -- the Python client ------------------------------------------------------------------


def python_client(stack: Stack, cluster: str = "default"):
    from kubernetes import client

    configuration = client.Configuration(host=f"http://{HOST}:{stack.port}/k8s/{OWNER}/{cluster}")
    configuration.api_key = {"authorization": f"Bearer {stack.token()}"}
    return client.ApiClient(configuration)


def client_figures(stack: Stack, pod: str) -> None:
    from kubernetes import client, watch

    api = client.CoreV1Api(python_client(stack))
    names = iter(range(1_000_000))

    def create_and_delete() -> None:
        name = f"bench-{next(names)}"
        api.create_namespaced_config_map("default", {"metadata": {"name": name}})
        api.delete_namespaced_config_map(name, "default")

    counter = iter(range(1_000_000))
    api.create_namespaced_config_map("default", {"metadata": {"name": "watched"}})

    def patch() -> None:
        api.patch_namespaced_config_map("watched", "default", {"data": {"n": str(next(counter))}})

    print(f"The Python client ({CLIENT_RUNS} runs each, over http):")
    print("  " + timed(lambda: api.list_namespaced_pod("default"), 20).line(f"list {PODS} pods"))
    print(
        "  " + timed(lambda: api.read_namespaced_pod(pod, "default"), CLIENT_RUNS).line("get pod")
    )
    print("  " + timed(create_and_delete, CLIENT_RUNS).line("create + delete configmap"))
    print("  " + timed(patch, CLIENT_RUNS).line("patch configmap"))

    stream = watch.Watch().stream(
        api.list_namespaced_config_map, "default", field_selector="metadata.name=watched"
    )
    next(stream)  # the ADDED event of the current state
    seconds = []
    for _ in range(CLIENT_RUNS):
        started = time.perf_counter()
        patch()
        while next(stream)["type"] != "MODIFIED":
            pass
        seconds.append(time.perf_counter() - started)
    print("  " + Summary.of(seconds).line("watch: patch → event"))


# -- throughput -------------------------------------------------------------------------


async def reader(port: int, path: str, token: str, until: float, seconds: list[float]) -> None:
    """GET `path` again and again on one keep-alive connection until `until`."""
    reader_, writer = await asyncio.open_connection(HOST, port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: application/json\r\n\r\n"
    ).encode()
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader_.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader_.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head.decode(errors="replace"))
            seconds.append(time.perf_counter() - started)
    finally:
        writer.close()


async def load(ports: list[int], targets: list[str], token: str) -> Summary:
    seconds: list[float] = []
    until = time.perf_counter() + LOAD_SECONDS
    started = time.perf_counter()
    await asyncio.gather(
        *(
            reader(ports[i % len(ports)], targets[i % len(targets)], token, until, seconds)
            for i in range(CONNECTIONS)
        )
    )
    return Summary.of(seconds, time.perf_counter() - started)


def add_processes(stack: Stack, logs: Path) -> tuple[int, list[subprocess.Popen[bytes]]]:
    """A second daphne (plain http, on the port returned) and a second worker."""
    env = stack.environment()
    port = free_port()
    daphne = [
        sys.executable,
        "-m",
        "daphne",
        "-b",
        HOST,
        "-p",
        str(port),
        "kubelab.asgi:application",
    ]
    worker = [sys.executable, "-m", "celery", "-A", "kubelab", "worker", "--pool=solo"]
    worker += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "bench-2@%h"]
    started = []
    for name, argv in (("daphne-2", daphne), ("worker-2", worker)):
        with (logs / f"{name}.log").open("wb") as log:
            started.append(subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT))
    wait_for_port(port)
    time.sleep(3)  # the worker's start-up
    return port, started


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), 1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def new_clusters(stack: Stack, names: list[str]) -> list[str]:
    """Clusters of the owner (made by the service the web layer uses), each with a pod
    named `reader`; returns the paths of those pods."""
    os.environ.update(stack.environment())
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from kubernetes import client

    from cluster import services

    owner = get_user_model().objects.get(username=OWNER)
    pod = {
        "metadata": {"name": "reader"},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }
    paths = []
    for name in names:
        services.cluster_create(owner=owner, name=name)
        client.CoreV1Api(python_client(stack, name)).create_namespaced_pod("default", pod)
        paths.append(f"/k8s/{OWNER}/{name}/api/v1/namespaces/default/pods/reader")
    return paths


def stack_processes(stack: Stack, extra: list[subprocess.Popen[bytes]]) -> dict[int, str]:
    """The stack's processes by pid: what `kubelab up` started, and the extra ones; each
    named daphne, worker or redis."""
    children = subprocess.run(
        ["pgrep", "-P", str(stack.process.pid)], capture_output=True, text=True
    ).stdout.split()
    pids = [int(pid) for pid in children] + [process.pid for process in extra]
    kinds = {"daphne": "daphne", "celery": "worker", "redis-server": "redis"}
    named = {}
    for pid in pids:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        named[pid] = next((kind for word, kind in kinds.items() if word in command), "other")
    return named


def cpu_seconds(pids: dict[int, str]) -> dict[str, float]:
    """User and system CPU time so far of each kind of process (Linux' /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    spent: dict[str, float] = {}
    for pid, kind in pids.items():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        spent[kind] = spent.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return spent


def measured_load(
    label: str, ports: list[int], paths: list[str], token: str, pids: dict[int, str]
) -> Summary:
    """One load run: its figures, and the CPU each kind of process spent per request."""
    before = cpu_seconds(pids)
    summary = asyncio.run(load(ports, paths, token))
    after = cpu_seconds(pids)
    print("  " + summary.line(label))
    spent = ", ".join(
        f"{kind} {(after[kind] - before[kind]) * 1000 / summary.count:.2f}"
        for kind in sorted(after)
    )
    print(f"  {'':28} CPU per request (ms): {spent}")
    return summary


def throughput_figures(stack: Stack, logs: Path) -> None:
    token = stack.token()
    paths = new_clusters(stack, [f"one-{i}" for i in range(CLUSTERS)])
    print(
        f"Throughput: {CONNECTIONS} keep-alive connections reading single pods, {LOAD_SECONDS:g} s:"
    )
    one = measured_load(
        "1 daphne, 1 worker", [stack.port], paths, token, stack_processes(stack, [])
    )
    port, extra = add_processes(stack, logs)
    try:
        # new clusters, for those of the first run stay with the worker that holds them
        paths = new_clusters(stack, [f"two-{i}" for i in range(CLUSTERS)])
        pids = stack_processes(stack, extra)
        two = measured_load("2 daphne, 2 workers", [stack.port, port], paths, token, pids)
        print(f"  ratio: {two.per_second / one.per_second:.2f}x the requests per second")
    finally:
        for process in extra:
            stop(process, 15)


# -- setting up -------------------------------------------------------------------------


def create_pods(stack: Stack) -> str:
    """PODS pods in namespace default, through a Deployment; returns one pod's name."""
    from kubernetes import client

    apps = client.AppsV1Api(python_client(stack))
    core = client.CoreV1Api(python_client(stack))
    labels = {"app": "many"}
    apps.create_namespaced_deployment(
        "default",
        {
            "metadata": {"name": "many"},
            "spec": {
                "replicas": PODS,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [{"name": "c", "image": "nginx"}]},
                },
            },
        },
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pods = core.list_namespaced_pod("default", label_selector="app=many").items
        if len(pods) >= PODS:
            return pods[0].metadata.name
        time.sleep(0.5)
    raise RuntimeError(f"the Deployment did not reach {PODS} pods")


def main() -> None:
    only_throughput = "--throughput" in sys.argv[1:]
    print(machine())
    print(GOAL)
    with tempfile.TemporaryDirectory(prefix="kubelab-bench-") as tmp:
        stack = start_stack(Path(tmp))
        try:
            print(f"kubelab up started in {wait_until_running(stack):.1f} s")
            if not only_throughput:
                pod = create_pods(stack)
                kubectl_figures(Kubectl(stack, Path(tmp)), pod)
                client_figures(stack, pod)
            throughput_figures(stack, Path(tmp))
        finally:
            stop_stack(stack)


if __name__ == "__main__":
    main()
