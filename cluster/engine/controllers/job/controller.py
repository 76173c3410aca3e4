"""The Job controller (pkg/controller/job/job_controller.go): runs a Job's pods to completion.

Each sync works on a copy of the Job from the cache. It claims the pods the selector matches
(adopting orphans with the tracking finalizer), decides whether the Job has failed (pod
failure policy, backoff limit, active deadline, failed indexes) or succeeded (success
policy, completions), and otherwise creates pods up to parallelism, in slow-start batches,
after the back-off of recent failures, or deletes the surplus (all of them while
suspended). Finished pods are counted through status.uncountedTerminatedPods: their uids are
written there first, then their finalizers removed, then the counters moved on, so that no
pod is counted twice or lost. A finished Job gets an interim condition (FailureTarget,
SuccessCriteriaMet) first, and Failed or Complete once no pod is left terminating.

Pods that lost their Job keep their finalizer until the orphan queue removes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from cluster.engine.api import labels
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import podevents
from cluster.engine.controllers.informers import (
    CONTROLLER_INDEX,
    ORPHAN_INDEX,
    InformerFactory,
    controller_uid_index,
    orphan_index,
)
from cluster.engine.controllers.job import backoff, indexed, util
from cluster.engine.controllers.job.indexed import OrderedIntervals
from cluster.engine.controllers.job.podfailurepolicy import match_pod_failure_policy
from cluster.engine.controllers.job.successpolicy import (
    has_success_criteria_met_condition,
    is_success_criteria_met_condition,
    match_success_policy,
)
from cluster.engine.controllers.job.tracking import (
    JOB_TRACKING_FINALIZER,
    UIDTrackingExpectations,
    has_job_tracking_finalizer,
    remove_tracking_finalizer_patch,
)
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.store import codec

NAME = "job-controller"
SYNC_JOB_BATCH_PERIOD_MS = 1000  # SyncJobBatchPeriod
DEFAULT_JOB_API_BACKOFF_MS = 1000  # DefaultJobApiBackOff
MAX_JOB_API_BACKOFF_MS = 60_000  # MaxJobApiBackOff
MAX_UNCOUNTED_PODS = 500  # MaxUncountedPods: keeps uncountedTerminatedPods under ~20 KB
MAX_POD_CREATE_DELETE_PER_SYNC = 500  # MaxPodCreateDeletePerSync
DEFAULT_BACKOFF_LIMIT = 6
# the two kinds of orphan queue keys: one pod by name, or every pod a selector matches
ORPHAN_POD_NAME, ORPHAN_POD_SELECTOR = "name", "selector"


@dataclass(slots=True)
class UncountedTerminatedPods:
    """The uids in the Job's status.uncountedTerminatedPods when the sync started."""

    succeeded: frozenset[str]
    failed: frozenset[str]


@dataclass(slots=True)
class SyncJobCtx:
    """syncJobCtx: what one sync of one Job has found out so far."""

    job: Object
    pods: list[Object]
    active_pods: list[Object]
    ready: int
    terminating: int
    uncounted: UncountedTerminatedPods
    expected_rm_finalizers: frozenset[str]
    new_backoff_record: backoff.BackoffRecord
    finished_condition: Object | None = None
    succeeded: int = 0
    failed: int = 0
    prev_succeeded_indexes: OrderedIntervals = field(default_factory=OrderedIntervals)
    succeeded_indexes: OrderedIntervals = field(default_factory=OrderedIntervals)
    failed_indexes: OrderedIntervals | None = None
    pods_with_delayed_deletion_per_index: dict[int, Object] = field(default_factory=dict)


class JobController:
    name = "job"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.pod_control = utils.PodControl(client, self.recorder)
        self.expectations = utils.Expectations(clock)
        self.finalizer_expectations = UIDTrackingExpectations()
        self.pod_backoff_store = backoff.BackoffStore(clock)
        # the Jobs marked finished whose update is not back through the watch yet, by uid
        self.finished_job_expectations: set[str] = set()
        self.queue = WorkQueue(
            clock,
            self.sync_job,
            "job",
            max_delay_ms=MAX_JOB_API_BACKOFF_MS,
            base_delay_ms=DEFAULT_JOB_API_BACKOFF_MS,
        )
        self.orphan_queue = WorkQueue(
            clock,
            self.sync_orphan_pod,
            "job_orphan_pod",
            max_delay_ms=MAX_JOB_API_BACKOFF_MS,
            base_delay_ms=DEFAULT_JOB_API_BACKOFF_MS,
        )
        self.jobs = informers.informer("jobs")
        self.pods = informers.informer("pods")
        self.pods.add_indexer(CONTROLLER_INDEX, controller_uid_index)
        self.pods.add_indexer(ORPHAN_INDEX, orphan_index)
        self.jobs.add_handler(self._on_job)
        self.pods.add_handler(self._on_pod)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_job(self, kind: str, job: Object, old: Object | None) -> None:
        if kind == DELETED:
            self._delete_job(job)
        elif kind == ADDED or old is None:
            self.queue.add(namespaced_name(job))
        else:
            self._update_job(old, job)

    def _update_job(self, old: Object, job: Object) -> None:
        key = namespaced_name(job)
        # the Job is not marked finished before its pods' finalizers are gone: a backstop
        if util.is_job_finished(job):
            self._enqueue_label_selector(job)
            return
        if job["metadata"].get("generation") == old["metadata"].get("generation"):
            self._enqueue_batched(key)  # a status update, typically after pod events
        else:
            self.queue.add(key)
        start = utils.virtual_ms(self.clock, (job.get("status") or {}).get("startTime"))
        deadline = job["spec"].get("activeDeadlineSeconds")
        if start is None or deadline is None:
            return
        if old["spec"].get("activeDeadlineSeconds") != deadline:
            remaining = deadline * 1000 - (self.clock.now - start)
            self.queue.add_after(key, remaining, background=True)

    def _delete_job(self, job: Object) -> None:
        key = namespaced_name(job)
        self.queue.add(key)
        self.finished_job_expectations.discard(job["metadata"]["uid"])
        self._enqueue_label_selector(job)
        self.pod_backoff_store.remove_backoff_record(key)

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        final = partial(self._pod_deleted, final=True)
        podevents.dispatch(kind, pod, old, self._pod_added, self._pod_updated, final)

    def _pod_added(self, pod: Object) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            # a pod already being deleted (seen after a relist) is no creation observed
            self._pod_deleted(pod, final=False)
            return
        ref = utils.controller_of(pod)
        if ref is not None:
            job = self._resolve(pod, ref)
            if job is not None:
                key = namespaced_name(job)
                self.expectations.creation_observed(key)
                self._enqueue_batched(key)
            return
        if has_job_tracking_finalizer(pod):
            self._enqueue_orphan_pod(pod)
        for job in self._pod_jobs(pod):
            self._enqueue_batched(namespaced_name(job))

    def _pod_updated(self, pod: Object, old: Object) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            # a graceful deletion: replace the pod now, not once the kubelet is done with it
            self._pod_deleted(pod, final=False)
            return
        # the finalizer may be added and removed again by a new owner: the latest state counts
        finalizer_removed = not has_job_tracking_finalizer(pod)
        ref, old_ref = utils.controller_of(pod), utils.controller_of(old)
        if ref != old_ref and old_ref is not None:
            previous = self._resolve(old, old_ref)
            if previous is not None:
                self._note_pod_change(previous, pod, finalizer_removed)
        if ref is not None:
            job = self._resolve(pod, ref)
            if job is not None:
                self._note_pod_change(job, pod, finalizer_removed)
            return
        if has_job_tracking_finalizer(pod):
            self._enqueue_orphan_pod(pod)
        if pod["metadata"].get("labels") != old["metadata"].get("labels") or ref != old_ref:
            for job in self._pod_jobs(pod):
                self._enqueue_batched(namespaced_name(job))

    def _note_pod_change(self, job: Object, pod: Object, finalizer_removed: bool) -> None:
        key = namespaced_name(job)
        if finalizer_removed:
            self.finalizer_expectations.finalizer_removal_observed(key, pod["metadata"]["uid"])
        self._enqueue_batched(key)

    def _pod_deleted(self, pod: Object, final: bool) -> None:
        ref = utils.controller_of(pod)
        has_finalizer = has_job_tracking_finalizer(pod)
        job = self._resolve(pod, ref) if ref is not None else None
        if job is None or util.is_job_finished(job):
            # no sync of a Job will remove this finalizer
            if has_finalizer:
                self._enqueue_orphan_pod(pod)
            return
        key = namespaced_name(job)
        self.expectations.deletion_observed(key, namespaced_name(pod))
        if final or not has_finalizer:
            self.finalizer_expectations.finalizer_removal_observed(key, pod["metadata"]["uid"])
        self._enqueue_batched(key)

    def _resolve(self, pod: Object, ref: Object) -> Object | None:
        namespace = pod["metadata"]["namespace"]
        return utils.resolve_controller_ref(self.jobs, namespace, ref, "Job")

    def _pod_jobs(self, pod: Object) -> list[Object]:
        """getPodJobs: every Job of the pod's namespace selecting it."""
        return utils.selecting(self.jobs.in_namespace(pod["metadata"]["namespace"]), pod)

    def _enqueue_batched(self, key: str) -> None:
        """enqueueSyncJobBatched: pod events and status updates within a second make one
        sync."""
        self.queue.add_after(key, SYNC_JOB_BATCH_PERIOD_MS)

    def _enqueue_with_delay(self, key: str, delay_ms: int) -> None:
        """enqueueSyncJobWithDelay: pods are replaced once their back-off has passed."""
        self.queue.add_after(key, max(delay_ms, SYNC_JOB_BATCH_PERIOD_MS), background=True)

    def _enqueue_orphan_pod(self, pod: Object) -> None:
        meta = pod["metadata"]
        self.orphan_queue.add(f"{ORPHAN_POD_NAME}/{meta['namespace']}/{meta['name']}")

    def _enqueue_label_selector(self, job: Object) -> None:
        selector = utils.selector_of(job)
        if selector is not None:
            namespace = job["metadata"]["namespace"]
            self.orphan_queue.add(f"{ORPHAN_POD_SELECTOR}/{namespace}/{selector}")

    # -- orphan pods ------------------------------------------------------------------

    def sync_orphan_pod(self, key: str) -> None:
        """syncOrphanPod: remove the tracking finalizer of a pod no Job will count."""
        kind, namespace, value = key.split("/", 2)
        if kind == ORPHAN_POD_NAME:
            pod = self.pods.get(f"{namespace}/{value}")
            if pod is None:
                return
            try:
                self._handle_single_orphan_pod(pod)
            except APIError as error:
                raise Retry from error
            return
        selector = labels.parse(value)
        for pod in self.pods.in_namespace(namespace):
            if selector.matches(pod["metadata"].get("labels") or {}):
                try:
                    self._handle_single_orphan_pod(pod)
                except APIError:
                    continue  # as upstream: one pod's failure does not stop the others

    def _handle_single_orphan_pod(self, pod: Object) -> None:
        ref = utils.controller_of(pod)
        if ref is not None:
            if ref.get("kind") != "Job" or ref.get("apiVersion") != "batch/v1":
                return  # not a Job's: not ours to release
            job = self._resolve(pod, ref)
            if job is not None and (
                util.managed_by_external_controller(job) or not util.is_job_finished(job)
            ):
                return  # adopted, or counted by another controller
        patch = remove_tracking_finalizer_patch(pod)
        if patch is None:
            return
        meta = pod["metadata"]
        try:
            self.pod_control.patch_pod(meta["namespace"], meta["name"], patch)
        except APIError as error:
            if error.code != 404:
                raise

    # -- sync -------------------------------------------------------------------------

    def sync_job(self, key: str) -> None:
        """syncJob."""
        shared = self.jobs.get(key)
        if shared is None:
            self.expectations.forget(key)
            self.finalizer_expectations.delete_expectations(key)
            self.pod_backoff_store.remove_backoff_record(key)
            return
        # the Job may have been replaced by one another controller runs since it was queued
        if util.managed_by_external_controller(shared):
            return
        uid = shared["metadata"]["uid"]
        if util.is_job_finished(shared):
            self.pod_backoff_store.remove_backoff_record(key)
            self.finished_job_expectations.discard(uid)
            return
        if uid in self.finished_job_expectations:
            return  # marked finished; that update is not in the cache yet
        mode = shared["spec"].get("completionMode")
        if mode is not None and mode not in (util.INDEXED, util.NON_INDEXED):
            message = "Skipped Job sync because completion mode is unknown"
            self.recorder.event(shared, WARNING, "UnknownCompletionMode", message)
            return
        self._sync(key, codec.deep_copy(shared))

    def _sync(self, key: str, job: Object) -> None:
        status = job.setdefault("status", {})
        status.setdefault("uncountedTerminatedPods", {})
        # expectations first: a pod created after the pods are read defers the sync
        satisfied = self.expectations.satisfied(key)
        pods = self._get_pods_for_job(job)
        ctx = self._new_ctx(key, job, pods)
        active = len(ctx.active_pods)
        if not status.get("startTime") and not util.job_suspended(job):
            status["startTime"] = self.clock.timestamp()
        self._evaluate_finished(key, ctx)
        manage_error = None
        suspend_changed = False
        if ctx.finished_condition is not None:
            deleted_ready, deleted, manage_error = self._delete_active_pods(job, ctx.active_pods)
            if deleted != active or not satisfied:
                # pods may be left with finalizers, or not be in the cache yet
                ctx.finished_condition = None
            active -= deleted
            ctx.terminating += deleted
            ctx.ready -= deleted_ready
        else:
            managed = satisfied and not job["metadata"].get("deletionTimestamp")
            if managed:
                active, manage_error = self._manage_job(key, ctx)
            completions = util.completions(job)
            target = 1 if completions is None else completions
            if ctx.succeeded >= target and active == 0:
                ctx.finished_condition = self._new_success_condition()
            elif managed:
                # conditions and events only from a sync that managed the pods
                suspend_changed = self._update_suspended_condition(job)
        needs_update = (
            suspend_changed
            or active != status.get("active", 0)
            or ctx.ready != status.get("ready")
            or ctx.terminating != status.get("terminating")
        )
        status.update(active=active, ready=ctx.ready, terminating=ctx.terminating)
        self._track_job_status_and_remove_finalizers(key, ctx, needs_update)
        if manage_error is not None:
            raise Retry from manage_error

    def _new_ctx(self, key: str, job: Object, pods: list[Object]) -> SyncJobCtx:
        status = job["status"]
        uncounted = status["uncountedTerminatedPods"]
        active_pods = [pod for pod in pods if utils.is_pod_active(pod)]
        ctx = SyncJobCtx(
            job=job,
            pods=pods,
            active_pods=active_pods,
            ready=sum(utils.is_pod_ready(pod) for pod in active_pods),
            terminating=sum(utils.is_pod_terminating(pod) for pod in pods),
            uncounted=UncountedTerminatedPods(
                frozenset(uncounted.get("succeeded") or ()),
                frozenset(uncounted.get("failed") or ()),
            ),
            expected_rm_finalizers=self.finalizer_expectations.expected_uids(key),
            new_backoff_record=backoff.BackoffRecord(key),
        )
        new_succeeded = self._valid_pods(ctx, ctx.uncounted.succeeded, _succeeded)
        new_failed = self._valid_pods(
            ctx, ctx.uncounted.failed, lambda p: util.is_pod_failed(p, job)
        )
        ctx.succeeded = (
            status.get("succeeded", 0) + len(new_succeeded) + len(ctx.uncounted.succeeded)
        )
        ctx.failed = (
            status.get("failed", 0)
            + _non_ignored_failed_pods_count(job, new_failed)
            + len(ctx.uncounted.failed)
        )
        ctx.new_backoff_record = self.pod_backoff_store.new_backoff_record(
            key, new_succeeded, new_failed
        )
        return ctx

    def _get_pods_for_job(self, job: Object) -> list[Object]:
        """getPodsForJob: the pods the Job controls, after releasing those it no longer
        selects and adopting (with the tracking finalizer) the orphans it does."""
        selector = utils.selector_of(job)
        if selector is None:
            raise Retry
        meta = job["metadata"]
        candidates = self.pods.by_index(CONTROLLER_INDEX, meta["uid"])
        candidates += self.pods.by_index(ORPHAN_INDEX, meta["namespace"])
        manager = utils.ControllerRefManager(
            self.client, job, selector, "pods", (JOB_TRACKING_FINALIZER,)
        )
        pods = manager.claim(candidates)
        if manager.errors:
            raise Retry
        # an adopted pod's finalizer is not back through the watch yet
        return [
            pod
            if utils.is_controlled_by(pod, job) or has_job_tracking_finalizer(pod)
            else _with_tracking_finalizer(pod)
            for pod in pods
        ]

    def _valid_pods(
        self, ctx: SyncJobCtx, uncounted: frozenset[str], keep: Callable[[Object], bool]
    ) -> list[Object]:
        """getValidPodsWithFilter: the pods kept by `keep` still to be counted: with the
        finalizer, not already uncounted, not losing the finalizer, with a valid index."""
        completions = util.completions(ctx.job)
        found = []
        for pod in ctx.pods:
            uid = pod["metadata"]["uid"]
            if not has_job_tracking_finalizer(pod) or uid in uncounted:
                continue
            if uid in ctx.expected_rm_finalizers:
                continue
            if util.is_indexed_job(ctx.job) and indexed.valid_index(pod, completions) is None:
                continue
            if keep(pod):
                found.append(pod)
        return found

    # -- has the Job finished? --------------------------------------------------------

    def _evaluate_finished(self, key: str, ctx: SyncJobCtx) -> None:
        """The order in which a Job may meet its end: the conditions of earlier syncs, pod
        failure policy, backoff limit, active deadline, failed indexes, success policy."""
        job = ctx.job
        ctx.finished_condition = has_success_criteria_met_condition(job)
        if ctx.finished_condition is None:
            ctx.finished_condition = self._failure_from_earlier_or_policy(job, ctx.pods)
        if ctx.finished_condition is None:
            ctx.finished_condition = self._failure_from_limits(key, ctx)
        if util.is_indexed_job(job):
            self._evaluate_indexes(ctx)

    def _failure_from_earlier_or_policy(self, job: Object, pods: list[Object]) -> Object | None:
        conditions = job["status"].get("conditions") or []
        target = util.find_condition_by_type(conditions, util.FAILURE_TARGET)
        if target is not None and target.get("status") == util.TRUE:
            return self._failed_condition_for_failure_target(target)
        message = _fail_job_message(job, pods)
        if message is not None:
            # the interim condition records the message before the pods' finalizers go
            return util.new_condition(
                util.FAILURE_TARGET, util.TRUE, util.POD_FAILURE_POLICY, message, self.clock
            )
        return None

    def _failure_from_limits(self, key: str, ctx: SyncJobCtx) -> Object | None:
        job = ctx.job
        limit = job["spec"].get("backoffLimit", DEFAULT_BACKOFF_LIMIT)
        if ctx.failed > limit or _past_backoff_limit_on_failure(job, ctx.pods):
            return self._new_failure_condition(
                util.BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit"
            )
        if self._past_active_deadline(job):
            return self._new_failure_condition(
                util.DEADLINE_EXCEEDED, "Job was active longer than specified deadline"
            )
        deadline = job["spec"].get("activeDeadlineSeconds")
        if deadline is not None and not util.job_suspended(job):
            start = utils.virtual_ms(self.clock, job["status"]["startTime"]) or 0
            self.queue.add_after(key, deadline * 1000 - (self.clock.now - start), background=True)
        return None

    def _evaluate_indexes(self, ctx: SyncJobCtx) -> None:
        """Succeeded and failed indexes; maxFailedIndexes, failed indexes, success policy."""
        job = ctx.job
        completions = job["spec"]["completions"]
        ctx.prev_succeeded_indexes, ctx.succeeded_indexes = indexed.calculate_succeeded_indexes(
            job, ctx.pods
        )
        ctx.succeeded = ctx.succeeded_indexes.total()
        if util.has_backoff_limit_per_index(job):
            failed = ctx.failed_indexes = indexed.calculate_failed_indexes(job, ctx.pods)
            max_failed = job["spec"].get("maxFailedIndexes")
            if ctx.finished_condition is None:
                if max_failed is not None and failed.total() > max_failed:
                    ctx.finished_condition = self._new_failure_condition(
                        util.MAX_FAILED_INDEXES_EXCEEDED,
                        "Job has exceeded the specified maximal number of failed indexes",
                    )
                elif failed and failed.total() + ctx.succeeded_indexes.total() >= completions:
                    ctx.finished_condition = self._new_failure_condition(
                        util.FAILED_INDEXES, "Job has failed indexes"
                    )
            ctx.pods_with_delayed_deletion_per_index = indexed.pods_with_delayed_deletion_per_index(
                job,
                self._valid_pods(ctx, frozenset(), lambda _: True),
                ctx.active_pods,
                ctx.succeeded_indexes,
                failed,
                lambda pod: backoff.finished_time(self.clock, pod),
            )
        if ctx.finished_condition is None:
            message, met = match_success_policy(
                job["spec"].get("successPolicy"), completions, ctx.succeeded_indexes
            )
            if met:
                ctx.finished_condition = util.new_condition(
                    util.SUCCESS_CRITERIA_MET, util.TRUE, util.SUCCESS_POLICY, message, self.clock
                )

    def _past_active_deadline(self, job: Object) -> bool:
        """pastActiveDeadline: active (not suspended) for activeDeadlineSeconds."""
        deadline = job["spec"].get("activeDeadlineSeconds")
        start = utils.virtual_ms(self.clock, job["status"].get("startTime"))
        if deadline is None or start is None or util.job_suspended(job):
            return False
        return self.clock.now - start >= deadline * 1000

    def _new_failure_condition(self, reason: str, message: str) -> Object:
        """newFailureCondition: FailureTarget, as the terminal condition waits for the pods
        to terminate (JobManagedBy, JobPodReplacementPolicy)."""
        return util.new_condition(util.FAILURE_TARGET, util.TRUE, reason, message, self.clock)

    def _new_success_condition(self) -> Object:
        return util.new_condition(
            util.SUCCESS_CRITERIA_MET,
            util.TRUE,
            util.COMPLETIONS_REACHED,
            "Reached expected number of succeeded pods",
            self.clock,
        )

    def _failed_condition_for_failure_target(self, target: Object) -> Object:
        return util.new_condition(
            util.FAILED, util.TRUE, target.get("reason", ""), target.get("message", ""), self.clock
        )

    def _update_suspended_condition(self, job: Object) -> bool:
        """The Suspended condition and its event, on a change; suspending clears startTime
        (MutableSchedulingDirectivesForSuspendedJobs) and resuming sets it anew, as
        activeDeadlineSeconds counts the time a Job is continuously active."""
        conditions = job["status"].setdefault("conditions", [])
        if util.job_suspended(job):
            status, reason, message, event = util.TRUE, "JobSuspended", "Job suspended", "Suspended"
        else:
            status, reason, message, event = util.FALSE, "JobResumed", "Job resumed", "Resumed"
        if not util.ensure_job_condition_status(
            conditions, util.SUSPENDED, status, reason, message, self.clock
        ):
            return False
        self.recorder.event(job, NORMAL, event, message)
        if util.job_suspended(job):
            job["status"].pop("startTime", None)
        else:
            job["status"]["startTime"] = self.clock.timestamp()
        return True

    # -- managing pods ----------------------------------------------------------------

    def _manage_job(self, key: str, ctx: SyncJobCtx) -> tuple[int, APIError | None]:
        """manageJob: delete the pods too many (all, when suspended) or create the pods
        missing, after the back-off of recent failures; returns the active pods and the
        first failure. A sync either deletes or creates, deletion first."""
        job = ctx.job
        active = len(ctx.active_pods)
        if util.job_suspended(job):
            doomed = active_pods_for_removal(job, ctx.active_pods, active)
            return self._delete_pods_counted(key, ctx, doomed, active)
        want = self._want_active(job, ctx.succeeded, active)
        doomed = active_pods_for_removal(job, ctx.active_pods, max(0, active - want))
        if doomed:
            return self._delete_pods_counted(
                key, ctx, doomed[:MAX_POD_CREATE_DELETE_PER_SYNC], active
            )
        terminating = ctx.terminating if util.only_replace_failed_pods(job) else 0
        diff = want - terminating - active
        if diff <= 0:
            return active, None
        if not util.has_backoff_limit_per_index(job):
            remaining = ctx.new_backoff_record.remaining_time(self.clock)
            if remaining > 0:
                self._enqueue_with_delay(key, remaining)
                # as upstream, a sync that waits reports no active pods: the next corrects it
                return 0, None
        diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
        indexes: list[int] = []
        if util.is_indexed_job(job):
            indexes = indexed.first_pending_indexes(
                job, ctx.pods, ctx.active_pods, ctx.succeeded_indexes, ctx.failed_indexes, diff
            )
            if util.has_backoff_limit_per_index(job):
                indexes, remaining = self._indexes_ready_for_pods(
                    indexes, ctx.pods_with_delayed_deletion_per_index
                )
                if remaining > 0:
                    self._enqueue_with_delay(key, remaining)
                    return 0, None
            diff = len(indexes)
        return self._create_pods(key, ctx, diff, indexes, active)

    @staticmethod
    def _want_active(job: Object, succeeded: int, active: int) -> int:
        """How many pods should be active: parallelism, but no more than the completions
        left; with no completions set, none more once one pod has succeeded."""
        parallelism = job["spec"].get("parallelism", 1)
        completions = util.completions(job)
        if completions is None:
            return active if succeeded > 0 else parallelism
        return max(0, min(completions - succeeded, parallelism))

    def _indexes_ready_for_pods(
        self, indexes: list[int], delayed: dict[int, Object]
    ) -> tuple[list[int], int]:
        """getPodCreationInfoForIndependentIndexes: the indexes past their own back-off, or,
        if none is, the shortest wait."""
        now: list[int] = []
        waits: list[int] = []
        for ix in indexes:
            remaining = backoff.remaining_time_per_index(self.clock, delayed.get(ix))
            if remaining == 0:
                now.append(ix)
            else:
                waits.append(remaining)
        return (now, 0) if now else ([], min(waits, default=0))

    def _create_pods(
        self, key: str, ctx: SyncJobCtx, count: int, indexes: list[int], active: int
    ) -> tuple[int, APIError | None]:
        """Create `count` pods (one per index of an Indexed Job) in slow-start batches."""
        job = ctx.job
        self.expectations.expect_creations(key, count)
        template = codec.deep_copy(job["spec"]["template"])
        if util.is_indexed_job(job):
            indexed.add_completion_index_env_variables(template["spec"])
        meta = template.setdefault("metadata", {})
        finalizers = meta.setdefault("finalizers", [])
        if JOB_TRACKING_FINALIZER not in finalizers:
            finalizers.append(JOB_TRACKING_FINALIZER)
        errors: list[APIError] = []
        attempts = 0

        def create() -> bool:
            nonlocal attempts
            index = indexes[attempts] if indexes else None
            attempts += 1
            return self._create_pod(key, ctx, template, index, errors)

        utils.slow_start_batch(count, create)
        for _ in range(count - attempts):
            self.expectations.creation_observed(key)  # skipped: never to be observed
        return active + attempts - len(errors), errors[0] if errors else None

    def _create_pod(
        self,
        key: str,
        ctx: SyncJobCtx,
        template: Object,
        index: int | None,
        errors: list[APIError],
    ) -> bool:
        job = ctx.job
        generate_name = ""
        if index is not None:
            replaced = ctx.pods_with_delayed_deletion_per_index.get(index)
            template = indexed.template_for_index(template, job, index, replaced)
            generate_name = indexed.pod_generate_name_with_index(job["metadata"]["name"], index)
        try:
            self.pod_control.create_pod(template, job, utils.controller_ref(job), generate_name)
        except APIError as error:
            if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                return True  # every creation would fail: nothing to report
            self.expectations.creation_observed(key)
            errors.append(error)
            return False
        return True

    def _delete_pods_counted(
        self, key: str, ctx: SyncJobCtx, pods: list[Object], active: int
    ) -> tuple[int, APIError | None]:
        self.expectations.expect_deletions(key, [namespaced_name(pod) for pod in pods])
        removed_ready, removed, error = self._delete_job_pods(ctx.job, key, pods)
        ctx.terminating += removed
        ctx.ready -= removed_ready
        return active - removed, error

    def _delete_job_pods(
        self, job: Object, key: str, pods: list[Object]
    ) -> tuple[int, int, APIError | None]:
        """deleteJobPods: remove each pod's finalizer, then delete it; returns the ready
        pods and the pods deleted, and the first failure."""
        deleted_ready, deleted, errors = 0, len(pods), []
        for pod in pods:
            meta = pod["metadata"]
            patch = remove_tracking_finalizer_patch(pod)
            try:
                if patch is not None:
                    self.pod_control.patch_pod(meta["namespace"], meta["name"], patch)
            except APIError as error:
                deleted -= self._delete_failed(key, pod, error, errors)
                continue
            try:
                self.pod_control.delete_pod(job["metadata"]["namespace"], meta["name"], job)
            except APIError as error:
                deleted -= self._delete_failed(key, pod, error, errors)
            deleted_ready += utils.is_pod_ready(pod)
        return deleted_ready, deleted, errors[0] if errors else None

    def _delete_failed(self, key: str, pod: Object, error: APIError, errors: list[APIError]) -> int:
        """The informer will not observe this deletion; 1 unless the pod was gone anyway."""
        self.expectations.deletion_observed(key, namespaced_name(pod))
        if error.code == 404:
            return 0
        errors.append(error)
        return 1

    def _delete_active_pods(
        self, job: Object, pods: list[Object]
    ) -> tuple[int, int, APIError | None]:
        """deleteActivePods: delete the pods of a finished Job, keeping their finalizers
        for the tracking to remove."""
        deleted_ready, deleted, errors = 0, len(pods), []
        for pod in pods:
            try:
                self.pod_control.delete_pod(
                    job["metadata"]["namespace"], pod["metadata"]["name"], job
                )
            except APIError as error:
                if error.code != 404:
                    deleted -= 1
                    errors.append(error)
            deleted_ready += utils.is_pod_ready(pod)
        return deleted_ready, deleted, errors[0] if errors else None

    # -- tracking finished pods -------------------------------------------------------

    def _track_job_status_and_remove_finalizers(
        self, key: str, ctx: SyncJobCtx, needs_flush: bool
    ) -> None:
        """trackJobStatusAndRemoveFinalizers: add finished pods to uncountedTerminatedPods,
        remove their finalizers, count those without, and mark the Job finished when it
        is; at most MAX_UNCOUNTED_PODS pods a sync."""
        job = ctx.job
        is_indexed = util.is_indexed_job(job)
        pods = sorted(ctx.pods, key=indexed.get_completion_index) if is_indexed else ctx.pods
        with_finalizer = {
            pod["metadata"]["uid"]
            for pod in pods
            if has_job_tracking_finalizer(pod)
            and pod["metadata"]["uid"] not in ctx.expected_rm_finalizers
        }
        needs_flush |= _clean_uncounted_pods_without_finalizers(job["status"], with_finalizer)
        to_remove, new_indexes, changed, reached_max = self._collect_finished(ctx, pods)
        needs_flush |= changed
        if is_indexed:
            needs_flush |= self._update_indexes(ctx, new_indexes)
        needs_flush |= self._add_interim_condition(ctx)
        needs_flush = self._flush_uncounted_and_remove_finalizers(
            key, ctx, to_remove, with_finalizer, needs_flush
        )
        finished = not reached_max and self._enact_job_finished(ctx)
        if needs_flush or finished:
            ctx.job = self._update_job_status(ctx.job)
            if finished and ctx.finished_condition is not None:
                self._record_job_finished(ctx.job, ctx.finished_condition)
                self.finished_job_expectations.add(ctx.job["metadata"]["uid"])

    def _collect_finished(
        self, ctx: SyncJobCtx, pods: list[Object]
    ) -> tuple[list[Object], list[int], bool, bool]:
        """The pods whose finalizer can go, the indexes newly succeeded, whether the uncounted
        uids changed, and whether the MAX_UNCOUNTED_PODS limit stopped the count."""
        job = ctx.job
        completions = util.completions(job)
        uncounted = job["status"]["uncountedTerminatedPods"]
        succeeded_uids = uncounted.setdefault("succeeded", [])
        failed_uids = uncounted.setdefault("failed", [])
        terminal = ctx.finished_condition is not None and not is_success_criteria_met_condition(
            ctx.finished_condition
        )
        to_remove: list[Object] = []
        new_indexes: list[int] = []
        changed = False
        for pod in pods:
            uid = pod["metadata"]["uid"]
            if not has_job_tracking_finalizer(pod) or uid in ctx.expected_rm_finalizers:
                continue  # counted in an earlier sync
            considered_failed = util.is_pod_failed(pod, job)
            if not self._can_remove_finalizer(ctx, pod, considered_failed):
                continue
            to_remove.append(pod)
            if _succeeded(pod) and uid not in ctx.uncounted.failed:
                if util.is_indexed_job(job):
                    # the completion index is enough not to count a pod twice
                    ix = indexed.valid_index(pod, completions)
                    if ix is not None and not ctx.prev_succeeded_indexes.has(ix):
                        new_indexes.append(ix)
                        changed = True
                elif uid not in ctx.uncounted.succeeded:
                    succeeded_uids.append(uid)
                    changed = True
            elif (considered_failed or terminal) and uid not in ctx.uncounted.failed:
                # once the Job has failed, every pod not finished counts as failed
                valid = not util.is_indexed_job(job) or indexed.valid_index(pod, completions)
                policy = job["spec"].get("podFailurePolicy")
                if valid is not None and match_pod_failure_policy(policy, pod)[1]:
                    failed_uids.append(uid)
                    changed = True
            if len(new_indexes) + len(succeeded_uids) + len(failed_uids) >= MAX_UNCOUNTED_PODS:
                # the status stays small and big Jobs do not starve others; the updates
                # queue the Job again
                return to_remove, new_indexes, changed, True
        return to_remove, new_indexes, changed, False

    def _can_remove_finalizer(self, ctx: SyncJobCtx, pod: Object, considered_failed: bool) -> bool:
        """canRemoveFinalizer: the Job is being deleted or has finished, the pod succeeded,
        or it failed and is not the pod whose failure count its replacement carries on."""
        job = ctx.job
        if job["metadata"].get("deletionTimestamp") or ctx.finished_condition is not None:
            return True
        if _succeeded(pod):
            return True
        if not considered_failed:
            return False
        if util.has_backoff_limit_per_index(job):
            delayed = ctx.pods_with_delayed_deletion_per_index.get(
                indexed.get_completion_index(pod)
            )
            if delayed is not None and delayed["metadata"]["uid"] == pod["metadata"]["uid"]:
                return False
        return True

    def _update_indexes(self, ctx: SyncJobCtx, new_indexes: list[int]) -> bool:
        """completedIndexes, succeeded and failedIndexes of an Indexed Job; True on a change."""
        status = ctx.job["status"]
        ctx.succeeded_indexes = ctx.succeeded_indexes.with_ordered_indexes(new_indexes)
        completed = str(ctx.succeeded_indexes)
        changed = completed != status.get("completedIndexes", "")
        status["succeeded"] = ctx.succeeded_indexes.total()
        status["completedIndexes"] = completed
        failed = str(ctx.failed_indexes) if ctx.failed_indexes is not None else None
        if status.get("failedIndexes") != failed:
            status["failedIndexes"] = failed
            changed = True
        return changed

    def _add_interim_condition(self, ctx: SyncJobCtx) -> bool:
        """Write FailureTarget or SuccessCriteriaMet before the finalizers are removed, and
        make the finished condition the terminal one (Failed, Complete); True on a change."""
        job = ctx.job
        condition = ctx.finished_condition
        conditions = job["status"].setdefault("conditions", [])
        if condition is not None and condition["type"] == util.FAILURE_TARGET:
            conditions.append(condition)
            ctx.finished_condition = self._failed_condition_for_failure_target(condition)
            return True
        if condition is not None and is_success_criteria_met_condition(condition):
            changed = has_success_criteria_met_condition(job) is None
            if changed:
                conditions.append(condition)
            ctx.finished_condition = util.new_condition(
                util.COMPLETE,
                util.TRUE,
                condition.get("reason", ""),
                condition.get("message", ""),
                self.clock,
            )
            return changed
        return False

    def _flush_uncounted_and_remove_finalizers(
        self,
        key: str,
        ctx: SyncJobCtx,
        to_remove: list[Object],
        with_finalizer: set[str],
        needs_flush: bool,
    ) -> bool:
        """flushUncountedAndRemoveFinalizers: write the new uncounted uids (and interim
        condition), remove the finalizers, count the pods without them; returns whether the
        status has changes still to write."""
        if needs_flush:
            ctx.job = self._update_job_status(ctx.job)
            self.pod_backoff_store.update_backoff_record(ctx.new_backoff_record)
            needs_flush = False
        removal_error = None
        if to_remove:
            removed, removal_error = self._remove_tracking_finalizer_from_pods(key, to_remove)
            with_finalizer.difference_update(
                pod["metadata"]["uid"] for pod, done in zip(to_remove, removed, strict=True) if done
            )
        if _clean_uncounted_pods_without_finalizers(ctx.job["status"], with_finalizer):
            needs_flush = True
        if removal_error is not None:
            if needs_flush:
                self._update_job_status(ctx.job)  # the partial progress
            raise Retry from removal_error
        return needs_flush

    def _remove_tracking_finalizer_from_pods(
        self, key: str, pods: list[Object]
    ) -> tuple[list[bool], APIError | None]:
        """removeTrackingFinalizerFromPods: for each pod, whether its finalizer is gone (a
        pod gone counts); and the first failure."""
        self.finalizer_expectations.expect_finalizers_removed(
            key, [pod["metadata"]["uid"] for pod in pods]
        )
        removed, errors = [], []
        for pod in pods:
            meta = pod["metadata"]
            patch = remove_tracking_finalizer_patch(pod)
            done = patch is not None
            if patch is not None:
                try:
                    self.pod_control.patch_pod(meta["namespace"], meta["name"], patch)
                except APIError as error:
                    # no update will show the finalizer removed
                    self.finalizer_expectations.finalizer_removal_observed(key, meta["uid"])
                    if error.code != 404:
                        errors.append(error)
                        done = False
            removed.append(done)
        return removed, errors[0] if errors else None

    def _enact_job_finished(self, ctx: SyncJobCtx) -> bool:
        """enactJobFinished: set Complete or Failed once every finished pod is counted and
        no pod is terminating."""
        condition = ctx.finished_condition
        if condition is None:
            return False
        status = ctx.job["status"]
        uncounted = status.get("uncountedTerminatedPods") or {}
        if uncounted.get("succeeded") or uncounted.get("failed") or ctx.terminating > 0:
            return False
        util.ensure_job_condition_status(
            status.setdefault("conditions", []),
            condition["type"],
            condition["status"],
            condition.get("reason", ""),
            condition.get("message", ""),
            self.clock,
        )
        if condition["type"] == util.COMPLETE:
            status["completionTime"] = condition["lastTransitionTime"]
        return True

    def _record_job_finished(self, job: Object, condition: Object) -> None:
        """recordJobFinished: the events of a finished Job."""
        if condition["type"] != util.COMPLETE:
            self.recorder.event(
                job, WARNING, condition.get("reason", ""), condition.get("message", "")
            )
            return
        completions = util.completions(job)
        if completions is not None and job["status"].get("succeeded", 0) > completions:
            message = "Too many succeeded pods running after completion count reached"
            self.recorder.event(job, WARNING, "TooManySucceededPods", message)
        self.recorder.event(job, NORMAL, "Completed", "Job completed")

    def _update_job_status(self, job: Object) -> Object:
        """updateJobStatus, through jobs/status; a failure retries the sync."""
        meta = job["metadata"]
        body = {**job, "status": _status_for_write(job["status"])}
        try:
            updated = self.client.call(
                "update", "jobs", meta["namespace"], meta["name"], subresource="status", body=body
            )
        except APIError as error:
            raise Retry from error
        updated = codec.deep_copy(updated)
        updated.setdefault("status", {}).setdefault("uncountedTerminatedPods", {})
        return updated


# -- helpers ---------------------------------------------------------------------------


def _succeeded(pod: Object) -> bool:
    return (pod.get("status") or {}).get("phase") == "Succeeded"


def _with_tracking_finalizer(pod: Object) -> Object:
    finalizers = [*(pod["metadata"].get("finalizers") or ()), JOB_TRACKING_FINALIZER]
    return {**pod, "metadata": {**pod["metadata"], "finalizers": finalizers}}


def _non_ignored_failed_pods_count(job: Object, failed: list[Object]) -> int:
    """nonIgnoredFailedPodsCount: the failures the pod failure policy does not ignore."""
    policy = job["spec"].get("podFailurePolicy")
    return sum(match_pod_failure_policy(policy, pod)[1] for pod in failed)


def _fail_job_message(job: Object, pods: list[Object]) -> str | None:
    """getFailJobMessage: the message of the first failed pod a FailJob rule matches."""
    policy = job["spec"].get("podFailurePolicy")
    if policy is None:
        return None
    for pod in pods:
        if util.is_pod_failed(pod, job):
            message = match_pod_failure_policy(policy, pod)[0]
            if message is not None:
                return message
    return None


def _past_backoff_limit_on_failure(job: Object, pods: list[Object]) -> bool:
    """pastBackoffLimitOnFailure: with restartPolicy OnFailure, the restarts of the
    containers of running and pending pods count towards the backoff limit."""
    if job["spec"]["template"]["spec"].get("restartPolicy") != "OnFailure":
        return False
    restarts = 0
    for pod in pods:
        status = pod.get("status") or {}
        if status.get("phase") in ("Running", "Pending"):
            for kind in ("initContainerStatuses", "containerStatuses"):
                restarts += sum(c.get("restartCount", 0) for c in status.get(kind) or ())
    limit = job["spec"].get("backoffLimit", DEFAULT_BACKOFF_LIMIT)
    return restarts > 0 if limit == 0 else restarts >= limit


def active_pods_for_removal(job: Object, pods: list[Object], rm_at_least: int) -> list[Object]:
    """activePodsForRemoval: the pods of repeated or invalid indexes, and then the earliest
    in their life (unscheduled, pending, not ready) up to `rm_at_least`."""
    if util.is_indexed_job(job):
        rm, left = indexed.duplicated_index_pods_for_removal(pods, job["spec"]["completions"])
    else:
        rm, left = [], pods
    if len(rm) < rm_at_least:
        rm += utils.sort_active_pods(left)[: rm_at_least - len(rm)]
    return rm


def _clean_uncounted_pods_without_finalizers(status: Object, with_finalizer: set[str]) -> bool:
    """cleanUncountedPodsWithoutFinalizers: count (and drop from the uncounted) the pods
    whose finalizer is gone; True on a change."""
    uncounted = status.setdefault("uncountedTerminatedPods", {})
    updated = False
    for kind in ("succeeded", "failed"):
        uids = uncounted.get(kind) or []
        kept = [uid for uid in uids if uid in with_finalizer]
        if len(kept) != len(uids):
            updated = True
            status[kind] = status.get(kind, 0) + len(uids) - len(kept)
            uncounted[kind] = kept
    return updated


def _status_for_write(status: Object) -> Object:
    """JobStatus as Go marshals it: zero counts, empty strings and lists left out; ready,
    terminating and failedIndexes (pointers) whenever set."""
    written = {}
    for key, value in status.items():
        if key == "uncountedTerminatedPods":
            written[key] = {kind: uids for kind, uids in value.items() if uids}
        elif value is not None and (value or key in ("ready", "terminating", "failedIndexes")):
            written[key] = value
    return written
