"""A throw-away `kubelab up` for the benchmarks: started on free ports with its own data
directory, stopped with Ctrl-C as a person would; plus what it takes to add processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import redis

HOST = "127.0.0.1"
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Stack:
    """A running `kubelab up` and where it keeps its files."""

    process: subprocess.Popen[bytes]
    data_dir: Path
    port: int
    api_port: int
    output: Path

    @property
    def worker_log(self) -> Path:
        return self.data_dir / "logs" / "worker.log"

    def redis_settings(self) -> dict[str, str]:
        lines = (self.data_dir / "redis" / "redis.conf").read_text().splitlines()
        return dict(line.split(" ", 1) for line in lines)

    def redis(self) -> redis.Redis:
        """A client of the stack's private Redis, from the redis.conf it wrote."""
        settings = self.redis_settings()
        password = json.loads(settings["requirepass"])  # written as a quoted string
        return redis.Redis(host=HOST, port=int(settings["port"]), password=password)

    def redis_url(self) -> str:
        settings = self.redis_settings()
        password = quote(json.loads(settings["requirepass"]), safe="")
        return f"redis://:{password}@{HOST}:{settings['port']}/0"

    def token(self) -> str:
        """The local owner's API token."""
        return (self.data_dir / "token").read_text().strip()

    def environment(self) -> dict[str, str]:
        """What another daphne or worker of this stack needs to join it."""
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])
        )
        env.update(
            DJANGO_SETTINGS_MODULE="kubelab.settings",
            KUBELAB_DATA_DIR=str(self.data_dir),
            REDIS_URL=self.redis_url(),
        )
        return env


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_stack(data_dir: Path) -> Stack:
    """Launch `kubelab up` in a session of its own, its output going to a file."""
    port, api_port = free_port(), free_port()
    output = data_dir / "up.out"
    argv = [
        str(Path(sys.executable).with_name("kubelab")),
        "up",
        "--data-dir",
        str(data_dir / "data"),
    ]
    argv += ["--port", str(port), "--api-port", str(api_port)]
    with output.open("wb") as out:
        process = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Stack(process, data_dir / "data", port, api_port, output)


def wait_until_running(stack: Stack, timeout: float = START_TIMEOUT_S) -> float:
    """Wait for `KubeLab is running at`; returns the seconds it took."""
    started = time.monotonic()
    while b"KubeLab is running at" not in stack.output.read_bytes():
        if stack.process.poll() is not None:
            raise RuntimeError(f"kubelab up exited:\n{stack.output.read_text()}")
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"kubelab up did not start in {timeout:g} s")
        time.sleep(0.1)
    return time.monotonic() - started


def stop(process: subprocess.Popen[bytes], signal_number: int = signal.SIGINT) -> None:
    """Stop a process as a person would; kill it only if it does not stop in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal_number)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"process {process.pid} did not stop; killing it", file=sys.stderr)
        process.kill()
        process.wait()


def stop_stack(stack: Stack) -> None:
    stop(stack.process)
