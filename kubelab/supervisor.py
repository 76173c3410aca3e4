"""Child processes that live exactly as long as the process that started them."""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
PR_SET_PDEATHSIG = 1

# Loaded before any fork: loading a library between fork and exec is not safe.
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


class Stopped(BaseException):
    """Raised in the main thread when SIGINT or SIGTERM asks the supervisor to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def describe_exit(self) -> str:
        """Why the child is gone, with the end of its log."""
        return (
            f"{self.name} exited unexpectedly with code {self.process.returncode}; "
            f"the end of {self.log}:\n{tail(self.log)}"
        )


def tail(log: Path, lines: int = 25) -> str:
    """The last lines of a log file, or a note that there is none."""
    try:
        with log.open("rb") as file:
            file.seek(0, os.SEEK_END)
            # Logs can be large; the tail is always within the last 64 KiB.
            file.seek(max(0, file.tell() - 65536))
            text = file.read().decode(errors="replace")
    except FileNotFoundError:
        return f"    ({log} does not exist)"
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def _die_with_parent(parent: int) -> None:
    """Runs in the child between fork and exec."""
    # The parent blocked the stop signals around the fork; the program itself must get them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if _libc is None:
        return
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    # The parent may have died before prctl took effect; then nobody would ever signal us.
    if os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back so a Stopped cannot land half-way through a block."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        # Restore rather than unblock, so nested blocks keep holding the signals back.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def spawn(
    argv: Sequence[str], log: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a program in its own session, its output appended to log, dying with us."""
    log.parent.mkdir(parents=True, exist_ok=True)
    parent = os.getpid()
    with log.open("ab") as out, deferred_signals():
        return subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=None if env is None else dict(env),
            # Its own session: a terminal's Ctrl-C reaches only us, and we stop children in order.
            start_new_session=True,
            preexec_fn=lambda: _die_with_parent(parent),
        )


def _raise_stopped(signum: int, _frame: object) -> None:
    # One shot: a second Ctrl-C must not interrupt the orderly stop the first one began.
    ignore_stop_signals()
    raise Stopped(signum)


SignalHandlers = dict[int, Any]


def raise_on_stop_signals() -> SignalHandlers:
    """Make SIGINT or SIGTERM raise Stopped in the main thread, once; return the old handlers."""
    return {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}


def restore_signal_handlers(handlers: SignalHandlers) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def ignore_stop_signals() -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


class Supervisor:
    """Starts children, notices when one dies, and stops them all."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        """Children get env, by default a copy of this process' environment now."""
        self.env = dict(os.environ if env is None else env)
        self._started: list[Child] = []
        self._watched: list[Child] = []

    def start(self, name: str, argv: Sequence[str], log: Path) -> subprocess.Popen[bytes]:
        """Start a long-running child that stop() will end."""
        with deferred_signals():
            child = Child(name, spawn(argv, log, self.env), log)
            self._started.append(child)
            self._watched.append(child)
        return child.process

    def watch(self, name: str, process: subprocess.Popen[bytes], log: Path) -> None:
        """Have wait() notice a process started elsewhere, which its owner stops."""
        self._watched.append(Child(name, process, log))

    def run(self, name: str, argv: Sequence[str], log: Path) -> int:
        """Run a child to completion; a stop() meanwhile ends it too."""
        with deferred_signals():
            child = Child(name, spawn(argv, log, self.env), log)
            self._started.append(child)
        # Interrupted by Stopped, the child stays listed so that stop() ends it.
        returncode = child.process.wait()
        self._started.remove(child)
        return returncode

    def exited(self) -> Child | None:
        """A watched child that has exited, if any."""
        return next((c for c in self._watched if c.process.poll() is not None), None)

    def wait(self, poll_interval: float = 0.2) -> Child:
        """Block until a watched child exits, and return it."""
        while (child := self.exited()) is None:
            time.sleep(poll_interval)
        return child

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the children this supervisor started, newest first; SIGKILL laggards."""
        children = list(reversed(self._started))
        for child in children:
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in children:
            try:
                child.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.process, signal.SIGKILL)
                child.process.wait()
        self._started.clear()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    """Signal the child's whole process group, so its own children go too."""
    # Each child leads its own session, so its pid is its process group id.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)
