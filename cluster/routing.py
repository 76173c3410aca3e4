"""Which Celery queue reaches the worker hosting a cluster."""

from __future__ import annotations

SHARED_QUEUE = "kubelab"


def worker_queue(worker: str) -> str:
    return f"{SHARED_QUEUE}.{worker}"


def queue_for(holder: str | None) -> str:
    """The holder's own queue, or the shared one when no worker holds the cluster."""
    return worker_queue(holder) if holder else SHARED_QUEUE
