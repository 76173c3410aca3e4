"""The shared backend: one real Redis and one real Celery worker for the whole session.

Tests that talk to clusters from this process (consumers, services) ask for `celery_worker`;
it brings `redis_url` along, which points this process' settings, Celery app, channel layer
and Redis client at the private Redis. Nothing starts unless a test asks for it.
"""

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from django.conf import settings

from cluster import services
from cluster.engine.cluster import Cluster
from kubelab.celery import app as celery_app
from kubelab.redis_server import RedisServer
from kubelab.supervisor import spawn, tail
from tests.stack import KubeLab, python_env

WORKER_START_TIMEOUT = 60.0


@pytest.fixture(autouse=True)
def components_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A component's failure fails the test that caused it: in a worker the cluster goes on
    past it (Cluster._crashed), which would let a test pass over a bug."""

    def _crashed(cluster: Cluster, timer: object, error: Exception) -> None:
        raise error

    monkeypatch.setattr(Cluster, "_crashed", _crashed)


def point_this_process_at(url: str) -> None:
    """Make settings, Celery, Channels and the cached Redis client use the Redis at url."""
    # pytest-django imported settings before any fixture ran, with the default REDIS_URL.
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    layer = settings.CHANNEL_LAYERS["default"]
    hosts = [
        {**host, "address": url} if isinstance(host, dict) else url
        for host in layer["CONFIG"]["hosts"]
    ]
    settings.CHANNEL_LAYERS = {"default": {**layer, "CONFIG": {**layer["CONFIG"], "hosts": hosts}}}
    celery_app.conf.broker_url = url
    channel_layers.backends = {}
    services.redis_client.cache_clear()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private redis-server for the session, which this process now uses."""
    server = RedisServer(tmp_path_factory.mktemp("redis"), secrets.token_urlsafe(16))
    url = server.start()
    point_this_process_at(url)
    try:
        yield url
    finally:
        channel_layers.backends = {}
        services.redis_client.cache_clear()
        server.stop()


def worker_command() -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "kubelab", "worker",
        "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"test-{os.getpid()}@%h", "--loglevel=INFO",
    ]  # fmt: skip


def stop_process(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """SIGTERM, then SIGKILL if it lingers; reaped either way."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_the_worker_answers(process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while not async_to_sync(services.ping_worker)(2.0):
        if process.poll() is not None:
            raise RuntimeError(
                f"the Celery worker exited with code {process.returncode}:\n{tail(log)}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the Celery worker did not answer within {WORKER_START_TIMEOUT:g} s:\n{tail(log)}"
            )


@pytest.fixture(scope="session")
def celery_worker(
    redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """A real `celery -A kubelab worker` on the session's Redis, answering pings."""
    data = tmp_path_factory.mktemp("worker")
    env = python_env()
    env.update(
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="kubelab.settings",
        KUBELAB_DATA_DIR=str(data),
    )
    log = data / "worker.log"
    # spawn: its own session, and it dies with this process should pytest itself be killed.
    process = spawn(worker_command(), log, env)
    try:
        wait_until_the_worker_answers(process, log)
        yield process
    finally:
        stop_process(process)
    assert process.returncode is not None


# -- a real `kubelab up`, for modules whose tests go through the whole stack ---------------


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KubeLab]:
    """`kubelab up` on free ports with a data dir of its own: one per module, for a stack
    takes seconds to start."""
    stack = KubeLab(tmp_path_factory.mktemp("lab") / "data").start()
    try:
        yield stack
    finally:
        stack.kill()


@pytest.fixture(scope="module")
def kubeconfig(lab: KubeLab, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `kubelab kubeconfig default` prints, for the real kubectl."""
    return lab.kubeconfig(tmp_path_factory.mktemp("kube") / "config")


@pytest.fixture(scope="module")
def token(lab: KubeLab) -> str:
    """The local owner's API token."""
    return (lab.data_dir / "token").read_text().strip()
