"""Round trip of a kubectl command typed in the dashboard, through the whole real stack.

Starts `kubelab up` on a free port with a throw-away data directory, logs in as the local
owner, opens the dashboard's websocket for cluster `default` and times commands one after
another, from sending `{"type": "kubectl", ...}` to receiving its `kubectl.result`
(interleaved `update` messages are ignored). It then breaks the median down by layer:

- engine: the same command in this process, on an in-process cluster (kubectl + engine);
- worker: the Celery task's own time, parsed from `<data>/logs/worker.log` (`succeeded in`),
  which adds the journal, lease, publishing and reply in Redis;
- the rest is transport: websocket, daphne, Channels layer, Celery broker.

Run:  .venv/bin/python benchmarks/roundtrip.py
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import redis
from _stack import HOST, Stack, start_stack, stop_stack, wait_until_running
from _stats import Summary, machine
from _ws import WebSocket, connect

from cluster.engine.apiserver.request import Credential
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.journal import PREFIX
from cluster.kubectl.main import kubectl

CLUSTER = "default"
WARMUP = 20
READS = 200
RUNS = 3
WRITES = 50
REPLY_TIMEOUT_S = 30.0
READ_COMMAND = "kubectl get pods"
GOAL = "goal: median < 10 ms, p99 < 50 ms"
SUCCEEDED = re.compile(r"Task cluster\.kubectl\[[^\]]+\] succeeded in ([0-9.e-]+)s")


def log_in(port: int) -> str:
    """GET / from loopback logs in the local owner; returns the session cookie."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        cookies: SimpleCookie = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.load(header)
    finally:
        connection.close()
    if "sessionid" not in cookies:
        raise RuntimeError(f"GET / set no sessionid cookie (HTTP {response.status})")
    return cookies["sessionid"].value


# -- the websocket ----------------------------------------------------------------------


@dataclass
class Dashboard:
    """The dashboard's websocket, numbering the commands it sends."""

    socket: WebSocket
    next_id: int = 0
    updates: int = 0

    async def run(self, command: str) -> float:
        """Send one command; seconds until its result arrived."""
        self.next_id += 1
        request_id = self.next_id
        message = json.dumps({"type": "kubectl", "id": request_id, "command": command})
        started = time.perf_counter()
        await self.socket.send_text(message)
        while True:
            reply = json.loads(await asyncio.wait_for(self.socket.recv_text(), REPLY_TIMEOUT_S))
            if reply.get("type") == "kubectl.result" and reply.get("id") == request_id:
                elapsed = time.perf_counter() - started
                break
            self.updates += reply.get("type") == "update"
        if reply.get("exitCode") != 0:
            raise RuntimeError(f"{command!r} failed: {reply.get('stderr')!r}")
        return elapsed


async def open_dashboard(port: int, session: str) -> tuple[Dashboard, float]:
    """Connect as the browser does and wait for the snapshot; returns it and the wait (s)."""
    started = time.perf_counter()
    headers = {"Origin": f"http://{HOST}:{port}", "Cookie": f"sessionid={session}"}
    ws = await connect(HOST, port, f"/ws/clusters/{CLUSTER}/", headers)
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv_text(), REPLY_TIMEOUT_S))
        if message.get("type") == "snapshot":
            return Dashboard(ws), time.perf_counter() - started


async def time_commands(dashboard: Dashboard, commands: list[str]) -> Summary:
    """Run the commands one after another; their latencies and the overall rate."""
    started = time.perf_counter()
    latencies = [await dashboard.run(command) for command in commands]
    return Summary.of(latencies, time.perf_counter() - started)


# -- the worker's own time --------------------------------------------------------------


def log_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def worker_times(path: Path, since: int, expected: int) -> list[float]:
    """Seconds each cluster.kubectl task took in the worker, from its log after `since`."""
    deadline = time.monotonic() + 5
    while True:
        with path.open("rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        times = [float(match) for match in SUCCEEDED.findall(text)]
        if len(times) >= expected or time.monotonic() > deadline:
            return times
        time.sleep(0.1)  # the last lines may not be written yet


# -- the engine alone -------------------------------------------------------------------


def engine_times(commands: list[str], engine: Cluster) -> list[float]:
    """Seconds each command takes with the built-in kubectl on an in-process engine."""
    credential = Credential("token", engine.spec.admin_token)
    transport: Callable = engine.handle
    times = []
    for command in commands:
        argv = command.split()[1:]
        started = time.perf_counter()
        result = kubectl(argv, transport, credential, now=engine.spec.epoch)
        times.append(time.perf_counter() - started)
        if result.exit_code != 0:
            raise RuntimeError(f"{command!r} failed in-process: {result.stderr!r}")
    return times


# -- the benchmark ----------------------------------------------------------------------


def write_commands(start: int, count: int) -> list[str]:
    return [f"kubectl run pod{i} --image=nginx" for i in range(start, start + count)]


@dataclass
class Phase:
    """What one batch of commands cost: latencies, worker task times, Redis commands, and
    the cluster's journal length and last snapshot index before and after."""

    summary: Summary
    worker: list[float]
    redis_calls: Counter[str]
    journal: tuple[JournalState, JournalState]

    def line(self, label: str) -> str:
        if not self.worker:
            worker = "  worker: (no log lines)"
        else:
            median, slowest = statistics.median(self.worker) * 1000, max(self.worker) * 1000
            worker = f"  worker median {median:.2f} max {slowest:.2f} ms"
        (length, snapshot), (length_after, snapshot_after) = self.journal
        journal = f"  journal +{length_after - length}"
        if snapshot_after != snapshot:
            journal += f", snapshot at entry {snapshot_after}"
        return self.summary.line(label) + worker + journal


JournalState = tuple[int, int]  # journal length, index of the last snapshot (0: none)


def journal_state(client: redis.Redis) -> JournalState:
    """The (only) cluster's journal length and last snapshot index, straight from Redis."""
    lengths = [client.llen(key) for key in client.keys(f"{PREFIX}:*:journal")]
    indexes = [client.hget(key, "index") for key in client.keys(f"{PREFIX}:*:snapshot")]
    return sum(lengths), max((int(i) for i in indexes if i is not None), default=0)


def redis_calls(client: redis.Redis) -> Counter[str]:
    """How many times each command has been called since Redis started."""
    stats = client.info("commandstats")
    return Counter({name.removeprefix("cmdstat_"): s["calls"] for name, s in stats.items()})


async def run_phase(stack: Stack, dashboard: Dashboard, commands: list[str]) -> Phase:
    """Time the commands, and collect the worker's times and Redis' counts meanwhile."""
    client = stack.redis()
    since, journal = log_size(stack.worker_log), journal_state(client)
    calls_before = redis_calls(client)
    summary = await time_commands(dashboard, commands)
    calls = redis_calls(client) - calls_before
    calls["info"] -= 1  # our own
    journal_after = journal_state(client)
    client.close()
    times = worker_times(stack.worker_log, since, len(commands))
    return Phase(summary, times, calls, (journal, journal_after))


async def measure(stack: Stack, session: str) -> None:
    """Open the dashboard, then time reads (RUNS times), writes, and reads again."""
    dashboard, snapshot_s = await open_dashboard(stack.port, session)
    print(f"websocket open + snapshot: {snapshot_s * 1000:.1f} ms")
    try:
        await time_commands(dashboard, [READ_COMMAND] * WARMUP)
        reads = []
        for run in range(1, RUNS + 1):
            reads.append(await run_phase(stack, dashboard, [READ_COMMAND] * READS))
            print(reads[-1].line(f"get pods, run {run}"))
        writes = await run_phase(stack, dashboard, write_commands(0, WRITES))
        print(writes.line("run podN --image=nginx"))
        full = await run_phase(stack, dashboard, [READ_COMMAND] * READS)
        print(full.line(f"get pods, {WRITES} pods listed"))
        print(f"(update messages ignored on the way: {dashboard.updates})")
    finally:
        await dashboard.socket.close()
    report(reads, writes, full)


def report(reads: list[Phase], writes: Phase, full: Phase) -> None:
    """The medians over runs, the breakdown by layer, and Redis' work per command."""
    medians = [phase.summary.median for phase in reads]
    p99s = [phase.summary.p99 for phase in reads]
    rates = [phase.summary.per_second for phase in reads]
    print()
    print(
        f"get pods over {RUNS} runs: median of medians {statistics.median(medians):.2f} ms, "
        f"median of p99s {statistics.median(p99s):.2f} ms, "
        f"median rate {statistics.median(rates):.1f} req/s"
    )
    print(GOAL)
    engine = Cluster(ClusterSpec(seed=1))
    read_engine = engine_times([READ_COMMAND] * (WARMUP + READS), engine)[WARMUP:]
    write_engine = engine_times(write_commands(0, WRITES), engine)
    full_engine = engine_times([READ_COMMAND] * READS, engine)
    read_worker = [t for phase in reads for t in phase.worker]
    print()
    print("breakdown of the median (ms):  end-to-end  worker task  engine+kubectl  transport")
    breakdown("get pods", statistics.median(medians), read_worker, read_engine)
    breakdown("run pod", writes.summary.median, writes.worker, write_engine)
    breakdown(f"get pods, {WRITES} pods listed", full.summary.median, full.worker, full_engine)
    print("(worker task = Celery's `succeeded in`: engine + journal, lease, publish, reply;")
    print(" engine+kubectl = the same commands in-process, no Redis; transport = the rest:")
    print(" websocket, daphne, consumer, Channels layer, Celery broker.)")
    print()
    print("Redis commands executed per kubectl command (all processes, commands run inside")
    print("Lua scripts included, ticks while watched included; below 0.1 left out):")
    print_calls("get pods", sum((phase.redis_calls for phase in reads), Counter()), RUNS * READS)
    print_calls("run pod", writes.redis_calls, WRITES)


def breakdown(label: str, end_to_end: float, worker: list[float], engine: list[float]) -> None:
    worker_ms = statistics.median(worker) * 1000 if worker else float("nan")
    engine_ms = statistics.median(engine) * 1000
    print(
        f"  {label:<28}{end_to_end:10.2f}{worker_ms:13.2f}{engine_ms:16.2f}"
        f"{end_to_end - worker_ms:11.2f}"
    )


def print_calls(label: str, calls: Counter[str], commands: int) -> None:
    total = sum(calls.values()) / commands
    shown = [(name, n / commands) for name, n in calls.most_common() if n / commands >= 0.05]
    parts = ", ".join(f"{name} {per:.1f}" for name, per in shown)
    print(f"  {label:<10}{total:5.1f}: {parts}")


def main() -> None:
    print(machine())
    with tempfile.TemporaryDirectory(prefix="kubelab-bench-") as tmp:
        stack = start_stack(Path(tmp))
        try:
            print(f"kubelab up started in {wait_until_running(stack):.1f} s on port {stack.port}")
            asyncio.run(measure(stack, log_in(stack.port)))
        finally:
            stop_stack(stack)


if __name__ == "__main__":
    main()
