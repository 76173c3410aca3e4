"""The TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished
Job, and its pods with it, spec.ttlSecondsAfterFinished after it finished.

A Job not yet expired is looked at again when it will be; before deleting, the controller
reads the Job afresh, as its TTL may have changed meanwhile.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.job.util import finished_condition
from cluster.engine.controllers.workqueue import Retry, WorkQueue

NAME = "ttl-after-finished-controller"


class TTLAfterFinishedController:
    name = "ttl-after-finished"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.queue = WorkQueue(clock, self.process_job, "ttl_jobs_to_delete")
        self.jobs = informers.informer("jobs")
        self.jobs.add_handler(self._on_job)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_job(self, kind: str, job: Object, old: Object | None) -> None:
        if kind != DELETED and not job["metadata"].get("deletionTimestamp") and needs_cleanup(job):
            self.queue.add(namespaced_name(job))

    def process_job(self, key: str) -> None:
        """processJob: delete the Job if its TTL has expired, by the cache and then by a
        fresh read."""
        job = self.jobs.get(key)
        if job is None or not self._process_ttl(job):
            return
        namespace, name = job["metadata"]["namespace"], job["metadata"]["name"]
        try:
            fresh = self.client.call("get", "jobs", namespace, name)
        except APIError as error:
            if error.code == 404:
                return
            raise Retry from error
        if not self._process_ttl(fresh):
            return
        options = {
            "propagationPolicy": "Foreground",
            "preconditions": {"uid": fresh["metadata"]["uid"]},
        }
        try:
            self.client.call("delete", "jobs", namespace, name, body=options)
        except APIError as error:
            raise Retry from error

    def _process_ttl(self, job: Object) -> bool:
        """processTTL: True when the TTL has expired; otherwise look again when it will."""
        if job["metadata"].get("deletionTimestamp") or not needs_cleanup(job):
            return False
        left = self._time_left(job)
        if left <= 0:
            return True
        # the deletion happens by itself in time: it does not keep the clock busy
        self.queue.add_after(namespaced_name(job), left, background=True)
        return False

    def _time_left(self, job: Object) -> int:
        """timeLeft: from now until the finish time plus the TTL; a finished Job without the
        time it finished is retried."""
        condition = finished_condition(job) or {}
        finished = utils.virtual_ms(self.clock, condition.get("lastTransitionTime"))
        if finished is None:
            raise Retry
        return finished + job["spec"]["ttlSecondsAfterFinished"] * 1000 - self.clock.now


def needs_cleanup(job: Object) -> bool:
    """needsCleanup: finished, with a TTL."""
    return (
        job["spec"].get("ttlSecondsAfterFinished") is not None
        and finished_condition(job) is not None
    )
