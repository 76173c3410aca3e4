"""The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): makes a Job from a
CronJob's jobTemplate at each time its schedule names.

A sync reconciles the Jobs the CronJob controls with status.active (finished ones leave it,
with an event; vanished ones too), deletes the finished Jobs past the history limits, and
then, unless the CronJob is suspended or being deleted, finds the latest scheduled time not
yet started. Too late for startingDeadlineSeconds, it is missed; a Job still running keeps it
from starting under Forbid and is deleted under Replace. The Job's name carries the scheduled
time, so the same time never gets two Jobs. The CronJob is then queued again for just after
its next scheduled time, on the virtual clock: such a wait does not keep the clock busy.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cluster.engine.api import cronschedule
from cluster.engine.api.field import go_quote
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.cronjob import utils as cjutils
from cluster.engine.controllers.cronjob.utils import Missed
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.job import util as jobutil
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import NORMAL, WARNING, EventRecorder, reference
from cluster.engine.store import codec

NAME = "cronjob-controller"
FORBID, REPLACE = "Forbid", "Replace"  # ConcurrencyPolicy; Allow needs no test
UNSUPPORTED_SCHEDULE = (
    "CRON_TZ or TZ used in schedule {} is not officially supported, see "
    "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"
)
TOO_MANY_MISSED = (
    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
)

# what one sync found: when to look again, whether the status changed, what went wrong
Outcome = tuple[timedelta | None, bool, Exception | None]


class CronJobController:
    name = "cronjob"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.queue = WorkQueue(clock, self.sync, "cronjob")
        self.cronjobs = informers.informer("cronjobs")
        self.jobs = informers.informer("jobs")
        self.cronjobs.add_handler(self._on_cronjob)
        self.jobs.add_handler(self._on_job)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_cronjob(self, kind: str, cj: Object, old: Object | None) -> None:
        if kind in (ADDED, DELETED) or old is None:
            self.queue.add(namespaced_name(cj))
        else:
            self._update_cronjob(old, cj)

    def _update_cronjob(self, old: Object, cj: Object) -> None:
        """updateCronJob: a new schedule or time zone moves the next look to its next time
        (the queue keeps the earlier one); any other change is looked at now."""
        spec, old_spec = cj["spec"], old["spec"]
        key = namespaced_name(cj)
        if all(spec.get(field) == old_spec.get(field) for field in ("schedule", "timeZone")):
            self.queue.add(key)
            return
        try:
            schedule = cronschedule.parse(self._format_schedule(cj, warn=False))
        except cronschedule.ScheduleError:
            message = f"unparseable schedule for cronjob: {spec.get('schedule')}"
            self.recorder.event(cj, WARNING, "UnParseableCronJobSchedule", message)
            return
        now = cjutils.now(self.clock)
        delay = cjutils.next_schedule_time_duration(cj, now, schedule)
        self.queue.add_after(key, cjutils.to_ms(delay), background=True)

    def _on_job(self, kind: str, job: Object, old: Object | None) -> None:
        """addJob, updateJob, deleteJob: wake the CronJob that controls the Job (and, when
        the Job changed hands, the one that did)."""
        if kind in (ADDED, DELETED) or old is None:
            self._enqueue_controller_of(job)
            return
        if job["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return
        old_ref = utils.controller_of(old)
        if old_ref is not None and old_ref != utils.controller_of(job):
            self._enqueue_controller_of(old)
        self._enqueue_controller_of(job)

    def _enqueue_controller_of(self, job: Object) -> None:
        ref = utils.controller_of(job)
        cj = self._resolve(job["metadata"]["namespace"], ref) if ref is not None else None
        if cj is not None:
            self.queue.add(namespaced_name(cj))

    def _resolve(self, namespace: str, ref: Object) -> Object | None:
        return utils.resolve_controller_ref(self.cronjobs, namespace, ref, "CronJob")

    # -- sync -------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """sync: one CronJob, with every status change written at once at the end."""
        cached = self.cronjobs.get(key)
        if cached is None:
            return  # deleted: nothing to look at again
        jobs = self._jobs_to_be_reconciled(cached)
        cj = codec.deep_copy(cached)
        cleaned = self._cleanup_finished_jobs(cj, jobs)
        requeue_after, changed, error = self._sync_cronjob(cj, jobs)
        if cleaned or changed:
            try:
                self._update_status(cj)
            except APIError as failure:
                raise Retry from failure
        if requeue_after is not None:
            self.queue.add_after(key, cjutils.to_ms(requeue_after), background=True)
        elif error is not None:
            raise Retry from error

    def _jobs_to_be_reconciled(self, cj: Object) -> list[Object]:
        """getJobsToBeReconciled: every Job of the namespace whose controller has the
        CronJob's name, labels or not."""
        name = cj["metadata"]["name"]
        return [
            job
            for job in self.jobs.in_namespace(cj["metadata"]["namespace"])
            if (utils.controller_of(job) or {}).get("name") == name
        ]

    def _sync_cronjob(self, cj: Object, jobs: list[Object]) -> Outcome:
        """syncCronJob: reconcile the Jobs, then start the one due, if any."""
        now = cjutils.now(self.clock)
        cj, changed, error = self._reconcile_jobs(cj, jobs)
        if error is not None:
            return None, changed, error
        if cj["metadata"].get("deletionTimestamp"):
            return None, changed, None  # being deleted: only its status is kept up to date
        zone_name = cj["spec"].get("timeZone")
        if zone_name is not None:
            try:
                cronschedule.load_location(zone_name)
            except cronschedule.ScheduleError as error:
                message = f"invalid timeZone: {go_quote(zone_name)}: {error}"
                self.recorder.event(cj, WARNING, "UnknownTimeZone", message)
                return None, changed, None
        if cj["spec"].get("suspend"):
            return None, changed, None
        try:
            schedule = cronschedule.parse(self._format_schedule(cj, warn=True))
        except cronschedule.ScheduleError as error:
            message = f"unparseable schedule: {go_quote(cj['spec']['schedule'])} : {error}"
            self.recorder.event(cj, WARNING, "UnparseableSchedule", message)
            return None, changed, None
        return self._start_due_job(cj, now, schedule, changed)

    def _reconcile_jobs(
        self, cj: Object, jobs: list[Object]
    ) -> tuple[Object, bool, APIError | None]:
        """The first half of syncCronJob: finished Jobs leave status.active (a successful one
        moves lastSuccessfulTime), unknown running ones are reported, and Jobs in the list
        that are gone for good leave it. Returns the CronJob worked on: a running Job not in
        the cached list has it read afresh, and the rest then goes to that copy (as
        upstream's does)."""
        changed = False
        children = set()
        for job in jobs:
            uid = job["metadata"]["uid"]
            children.add(uid)
            found = cjutils.in_active_list(cj, uid)
            if not found and not jobutil.is_job_finished(job):
                meta = cj["metadata"]
                try:
                    fresh = self.client.call("get", "cronjobs", meta["namespace"], meta["name"])
                except APIError as error:
                    return cj, changed, error
                if cjutils.in_active_list(fresh, uid):
                    cj = fresh
                    continue
                # created by the controller before it crashed, or by someone to be adopted
                message = f"Saw a job that the controller did not create or forgot: {job['metadata']['name']}"
                self.recorder.event(cj, WARNING, "UnexpectedJob", message)
            elif jobutil.is_job_finished(job):
                changed |= self._saw_finished_job(cj, job, found)
        # a Job that is gone must leave the list, or the CronJob looks busy for ever
        for ref in list(cjutils.active_of(cj)):
            if ref.get("uid") in children:
                continue
            try:
                changed |= self._forget_missing_job(cj, ref)
            except APIError as error:
                return cj, changed, error
        return cj, changed, None

    def _saw_finished_job(self, cj: Object, job: Object, found: bool) -> bool:
        """A finished Job: out of status.active; a successful one's completion time is the
        last successful time if it is later."""
        changed = False
        if found:
            condition = (jobutil.finished_condition(job) or {}).get("type", "")
            cjutils.delete_from_active_list(cj, job["metadata"]["uid"])
            message = f"Saw completed job: {job['metadata']['name']}, condition: {condition}"
            self.recorder.event(cj, NORMAL, "SawCompletedJob", message)
            changed = True
        if jobutil.is_job_succeeded(job):
            # a job need not be in the active list: its completion time counts all the same
            status = cj.setdefault("status", {})
            completed = (job.get("status") or {}).get("completionTime")
            last = cjutils.parse_time(status.get("lastSuccessfulTime"))
            if last is None or (completed and cjutils.parse_time(completed) > last):
                status["lastSuccessfulTime"] = completed
                changed = True
        return changed

    def _forget_missing_job(self, cj: Object, ref: Object) -> bool:
        """An active Job the cache does not have: asked for directly (the watch may be slow),
        and forgotten if it is not found."""
        try:
            self.client.call("get", "jobs", ref.get("namespace", ""), ref.get("name", ""))
        except APIError as error:
            if error.code != 404:
                raise
            message = f"Active job went missing: {ref.get('name', '')}"
            self.recorder.event(cj, NORMAL, "MissingJob", message)
            cjutils.delete_from_active_list(cj, ref.get("uid", ""))
            return True
        return False

    def _start_due_job(
        self, cj: Object, now: datetime, schedule: cronschedule.Schedule, changed: bool
    ) -> Outcome:
        """The second half of syncCronJob: the latest scheduled time not yet started, if it
        may start now, gets its Job."""
        try:
            scheduled = self._next_schedule_time(cj, now, schedule)
        except cjutils.InvalidScheduleError as error:
            message = f"invalid schedule: {cj['spec']['schedule']} : {error}"
            self.recorder.event(cj, WARNING, "InvalidSchedule", message)
            return None, changed, None
        next_time = cjutils.next_schedule_time_duration
        if scheduled is None:
            # nothing due: the queue woke it early (a restart, a change); wait for the next
            return next_time(cj, now, schedule), changed, None
        deadline = cj["spec"].get("startingDeadlineSeconds")
        if deadline is not None and scheduled + timedelta(seconds=deadline) < now:
            message = f"Missed scheduled time to start a job: {cjutils.rfc1123z(scheduled)}"
            self.recorder.event(cj, WARNING, "MissSchedule", message)
            return next_time(cj, now, schedule), changed, None
        namespace = cj["metadata"]["namespace"]
        last = cjutils.parse_time((cj.get("status") or {}).get("lastScheduleTime"))
        name = cjutils.get_job_name(cj, scheduled)
        if cjutils.in_active_list_by_name(cj, namespace, name) or last == scheduled:
            return next_time(cj, now, schedule), changed, None  # already started
        if cj["spec"].get("concurrencyPolicy") == FORBID and cjutils.active_of(cj):
            # the Job or its status may not be seen yet: Forbid may let two run now and then
            message = "Not starting job because prior execution is running and concurrency policy is Forbid"
            self.recorder.event(cj, NORMAL, "JobAlreadyActive", message)
            return next_time(cj, now, schedule), changed, None
        if cj["spec"].get("concurrencyPolicy") == REPLACE:
            replaced, error = self._replace_active_jobs(cj)
            changed |= replaced
            if error is not None:
                return None, changed, error
        try:
            job = self._create_job(cj, scheduled)
        except APIError as error:
            return None, changed, error
        if job is None:
            return None, changed, None
        # should the controller stop here, the Job's name (its scheduled time) keeps it from
        # making the same Job twice
        status = cj.setdefault("status", {})
        status["active"] = [*cjutils.active_of(cj), reference(job)]
        status["lastScheduleTime"] = cjutils.format_time(scheduled)
        return next_time(cj, now, schedule), True, None

    def _next_schedule_time(
        self, cj: Object, now: datetime, schedule: cronschedule.Schedule
    ) -> datetime | None:
        """nextScheduleTime: the latest time due by now, not before the starting deadline;
        too many missed ones are warned of."""
        recent = cjutils.most_recent_schedule_time(cj, now, schedule, True)
        if recent.most_recent is None or recent.most_recent > now:
            return None
        if recent.missed is Missed.MANY:
            self.recorder.event(cj, WARNING, "TooManyMissedTimes", TOO_MANY_MISSED)
        return recent.most_recent

    def _replace_active_jobs(self, cj: Object) -> tuple[bool, Exception | None]:
        """Replace: every Job still running is deleted before the next one starts; stop at
        the first that cannot be."""
        changed = False
        for ref in list(cjutils.active_of(cj)):
            try:
                job = self.client.call("get", "jobs", ref.get("namespace", ""), ref.get("name", ""))
            except APIError as error:
                self.recorder.event(cj, WARNING, "FailedGet", f"Get job: {error}")
                return changed, error
            if not self._delete_job(cj, job):
                meta = job["metadata"]
                return changed, RuntimeError(
                    f"could not replace job {meta['namespace']}/{meta['name']}"
                )
            changed = True
        return changed, None

    def _create_job(self, cj: Object, scheduled: datetime) -> Object | None:
        """Create the Job of `scheduled`. One that exists already is this CronJob's to add to
        status.active only if it controls it and has not yet; None: nothing to add."""
        zone = cronschedule.load_location(cj["spec"].get("timeZone") or "")
        body = cjutils.job_from_template(cj, scheduled, zone)
        namespace = cj["metadata"]["namespace"]
        try:
            job = self.client.call("create", "jobs", namespace, body=body)
        except APIError as error:
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                raise  # every creation would fail: nothing to report
            if error.response.body.get("reason") != "AlreadyExists":
                self.recorder.event(cj, WARNING, "FailedCreate", f"Error creating job: {error}")
                raise
            # made before, by this controller (the status update then failed) or another
            job = self.client.call("get", "jobs", namespace, body["metadata"]["name"])
            if not utils.is_controlled_by(job, cj) or cjutils.in_active_list(
                cj, job["metadata"]["uid"]
            ):
                return None
            return job
        created = f"Created job {job['metadata']['name']}"
        self.recorder.event(cj, NORMAL, "SuccessfulCreate", created)
        return job

    # -- history ----------------------------------------------------------------------

    def _cleanup_finished_jobs(self, cj: Object, jobs: list[Object]) -> bool:
        """cleanupFinishedJobs: delete the oldest finished Jobs past each history limit."""
        spec = cj["spec"]
        successful_limit = spec.get("successfulJobsHistoryLimit")
        failed_limit = spec.get("failedJobsHistoryLimit")
        if successful_limit is None and failed_limit is None:
            return False
        successful, failed = [], []
        for job in jobs:
            condition = jobutil.finished_condition(job)
            if condition is not None:
                kind = condition["type"]
                (successful if kind == jobutil.COMPLETE else failed).append(job)
        changed = False
        if successful_limit is not None:
            changed |= self._remove_oldest_jobs(cj, successful, successful_limit)
        if failed_limit is not None:
            changed |= self._remove_oldest_jobs(cj, failed, failed_limit)
        return changed

    def _remove_oldest_jobs(self, cj: Object, jobs: list[Object], keep: int) -> bool:
        changed = False
        doomed = len(jobs) - keep
        for job in sorted(jobs, key=cjutils.by_job_start_time)[: max(doomed, 0)]:
            changed |= self._delete_job(cj, job)
        return changed

    def _delete_job(self, cj: Object, job: Object) -> bool:
        """deleteJob: the Job (its pods with it, in the background) and its place in
        status.active; False, with an event, when the deletion fails."""
        meta = job["metadata"]
        options = {"propagationPolicy": "Background"}
        try:
            self.client.call("delete", "jobs", meta["namespace"], meta["name"], body=options)
        except APIError as error:
            self.recorder.event(cj, WARNING, "FailedDelete", f"Deleted job: {error}")
            return False
        cjutils.delete_from_active_list(cj, meta["uid"])
        self.recorder.event(cj, NORMAL, "SuccessfulDelete", f"Deleted job {meta['name']}")
        return True

    # -- helpers ----------------------------------------------------------------------

    def _format_schedule(self, cj: Object, warn: bool) -> str:
        """formatSchedule: the schedule with the CronJob's time zone as a TZ= prefix; a
        schedule with TZ of its own is used as it is (with a warning when `warn`)."""
        schedule = cj["spec"].get("schedule", "")
        if "TZ" in schedule:
            if warn:
                message = UNSUPPORTED_SCHEDULE.format(go_quote(schedule))
                self.recorder.event(cj, WARNING, "UnsupportedSchedule", message)
            return schedule
        zone = cj["spec"].get("timeZone")
        if zone is None:
            return schedule
        try:
            cronschedule.load_location(zone)
        except cronschedule.ScheduleError:
            return schedule
        return f"TZ={zone} {schedule}"

    def _update_status(self, cj: Object) -> None:
        """UpdateStatus, through cronjobs/status; what is empty is left out, as Go's omitempty
        leaves it."""
        status = {k: v for k, v in (cj.get("status") or {}).items() if v}
        meta = cj["metadata"]
        self.client.call(
            "update",
            "cronjobs",
            meta["namespace"],
            meta["name"],
            subresource="status",
            body={**cj, "status": status},
        )
