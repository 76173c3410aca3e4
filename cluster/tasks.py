"""Celery tasks: the only way inputs reach a cluster's engine.

A task names its cluster by id; the worker that holds the cluster's lease applies it (a
worker that receives a task for a cluster another live worker holds passes it on). Replies
go straight to the asker's Channels channel, and what changed goes to the cluster's group.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Any

import redis
from celery import shared_task
from celery.app import trace
from celery.signals import celeryd_after_setup, worker_ready, worker_shutting_down
from django.conf import settings

from cluster import gcpolicy, leases, replies
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.request import Request
from cluster.host import ClusterHost
from cluster.publish import Publisher
from cluster.routing import worker_queue

log = logging.getLogger(__name__)

_worker_name = ""
_host: ClusterHost | None = None
_heartbeat: leases.Heartbeat | None = None


@celeryd_after_setup.connect
def _listen_on_own_queue(sender: str, instance: Any, **_: Any) -> None:
    """Each worker also consumes a queue of its own, for the clusters it holds."""
    global _worker_name
    _worker_name = sender
    instance.app.amqp.queues.select_add(worker_queue(sender))


@celeryd_after_setup.connect
def _quiet_per_task_lines(**_: Any) -> None:
    """A line per task received, and one per API request done, would cost the worker more
    than a tenth of each request: the API's requests log only when they fail (commands still
    log their `succeeded in` line, which benchmarks/roundtrip.py reads)."""
    logging.getLogger("celery.worker.strategy").setLevel(logging.WARNING)
    logging.getLogger("celery.app.trace").addFilter(_not_a_request_done)


def _not_a_request_done(record: logging.LogRecord) -> bool:
    data = getattr(record, "data", None)
    return not (record.msg is trace.LOG_SUCCESS and data and data.get("name") == request.name)


@worker_ready.connect
def _ready(**_: Any) -> None:
    """Announce this worker alive, and keep the objects loaded at start-up out of every
    garbage collection: without that, a full collection walks ~100k long-lived objects and
    stalls a command by tens of ms. Young garbage is collected as gcpolicy says."""
    global _heartbeat
    _heartbeat = leases.Heartbeat(host().redis, _worker_name)
    _heartbeat.start()
    gc.collect()
    gc.freeze()
    gcpolicy.apply()


@worker_shutting_down.connect
def _shutting_down(**_: Any) -> None:
    """Hand back the clusters this worker holds, so the next worker takes them at once."""
    if _heartbeat is not None:
        _heartbeat.stop()
    if _host is not None:
        for cluster_id in _host.clusters:
            leases.release(_host.redis, cluster_id, _worker_name)


def host() -> ClusterHost:
    global _host
    if _host is None:
        client = redis.Redis.from_url(settings.REDIS_URL)
        _host = ClusterHost(client, Publisher(), schedule_tick=_schedule_tick)
    return _host


def _schedule_tick(cluster_id: int, name: str, at: float) -> None:
    tick.apply_async(
        (cluster_id, name),
        countdown=max(0.0, at - time.time()) + 0.005,
        queue=worker_queue(_worker_name),
    )


def _held_elsewhere(cluster_id: int, args: tuple[Any, ...], task: Any) -> bool:
    """Take the cluster's lease, or pass the task to the worker that holds it."""
    holder = leases.acquire(host().redis, cluster_id, _worker_name)
    if holder == _worker_name:
        return False
    task.apply_async(args, queue=worker_queue(holder))
    return True


def _reply(reply_to: str | None, message: dict[str, Any]) -> None:
    """To an asker's inbox, or to a Channels channel (a dashboard's consumer)."""
    if not reply_to:
        return
    if replies.is_address(reply_to):
        replies.send(host().redis, reply_to, message)
    else:
        host().publisher.send(reply_to, message)


@shared_task(name="cluster.kubectl")
def kubectl(
    cluster_id: int,
    name: str,
    argv: list[str],
    stdin: str,
    reply_to: str | None,
    request_id: Any = None,
    files: dict[str, str] | None = None,
) -> None:
    args = (cluster_id, name, argv, stdin, reply_to, request_id, files)
    if _held_elsewhere(cluster_id, args, kubectl):
        return
    try:
        result = host().kubectl(cluster_id, name, argv, stdin, files)
        message = {"stdout": result.stdout, "stderr": result.stderr, "exitCode": result.exit_code}
        if result.files:  # its kubeconfig, changed: for the web to keep in the workspace
            message["files"] = result.files
        if result.chunks:  # both streams, in the order they were written
            message["chunks"] = [list(chunk) for chunk in result.chunks]
    except Exception:
        log.exception("cluster %s: kubectl %s failed", cluster_id, argv)
        message = {"stdout": "", "stderr": "error: internal error in KubeLab\n", "exitCode": 1}
    _reply(reply_to, {"type": "kubectl.result", "id": request_id, **message})
    host().settle(cluster_id)


@shared_task(name="cluster.lab")
def lab(cluster_id: int, name: str, operation: Any, reply_to: str | None) -> None:
    """A lab operation: the clock's pace, a step, a fault, or the clock's status."""
    if _held_elsewhere(cluster_id, (cluster_id, name, operation, reply_to), lab):
        return
    try:
        answer = host().lab(cluster_id, name, operation)
    except Exception:
        log.exception("cluster %s: lab %s failed", cluster_id, operation)
        answer = {"error": "internal error in KubeLab"}
    _reply(reply_to, {"type": "lab.result", "answer": answer})
    host().settle(cluster_id)


@shared_task(name="cluster.request")
def request(cluster_id: int, name: str, payload: dict[str, Any], reply_to: str | None) -> None:
    """One request of the Kubernetes API; a failure of ours is kube-apiserver's 500."""
    if _held_elsewhere(cluster_id, (cluster_id, name, payload, reply_to), request):
        return
    try:
        response = host().request(cluster_id, name, Request.from_dict(payload))
        code, body, warnings = response.code, response.body, list(response.warnings)
    except Exception as error:
        log.exception("cluster %s: request %s failed", cluster_id, payload.get("verb"))
        status = errors.internal(error)
        code, body, warnings = status.code, status.status(), []
    _reply(reply_to, {"type": "api.response", "code": code, "body": body, "warnings": warnings})
    host().settle(cluster_id)


@shared_task(name="cluster.logs")
def logs(
    cluster_id: int,
    name: str,
    namespace: str,
    pod: str,
    container: str,
    since_ms: int,
    container_id: str,
    reply_to: str | None,
) -> None:
    """The next piece of a followed log (kubectl logs -f)."""
    args = (cluster_id, name, namespace, pod, container, since_ms, container_id, reply_to)
    if _held_elsewhere(cluster_id, args, logs):
        return
    piece = host().logs(cluster_id, name, namespace, pod, container, since_ms, container_id)
    _reply(reply_to, {"type": "logs.result", **piece})
    host().settle(cluster_id)


@shared_task(name="cluster.snapshot")
def snapshot(cluster_id: int, name: str, reply_to: str | None) -> None:
    if _held_elsewhere(cluster_id, (cluster_id, name, reply_to), snapshot):
        return
    _reply(reply_to, {"type": "cluster.snapshot", "payload": host().snapshot(cluster_id, name)})
    host().settle(cluster_id)


@shared_task(name="cluster.tick")
def tick(cluster_id: int, name: str) -> None:
    if _held_elsewhere(cluster_id, (cluster_id, name), tick):
        return
    host().tick(cluster_id, name)
    host().settle(cluster_id)


@shared_task(name="cluster.ping")
def ping(reply_to: str) -> None:
    _reply(reply_to, {"type": "pong", "worker": _worker_name})
