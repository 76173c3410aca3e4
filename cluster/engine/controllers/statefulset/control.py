"""defaultStatefulSetControl (stateful_set_control.go): one sync of a StatefulSet.

The set's pods are split by ordinal into its replicas (start to start + replicas - 1) and
the condemned ones beyond. OrderedReady makes and replaces replicas one at a time in
ordinal order, each once its predecessors are Running, Ready and available, and deletes the
condemned one at a time from the highest ordinal; Parallel does it all at once. A finished
pod is deleted, to be made again. Then a RollingUpdate deletes the highest replica not of
the update revision, down to the partition, one at a time, each once the ones above it are
available again; OnDelete leaves that to whoever deletes the pods.

Each template is a ControllerRevision `<set>-<hash>`; the status names the current revision
(what the pods below the partition run) and the update revision (the set's template).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import history
from cluster.engine.controllers.informers import CONTROLLER_INDEX, ORPHAN_INDEX, SharedInformer
from cluster.engine.controllers.statefulset import utils as sutils
from cluster.engine.controllers.statefulset.podcontrol import (
    FAILURES,
    StatefulPodControl,
    already_exists,
)
from cluster.engine.store import codec

DEFAULT_REVISION_HISTORY_LIMIT = 10
MAX_BATCH_SIZE = 500  # the most pods a Parallel set's sync handles at once


class StatefulSetControl:
    def __init__(
        self,
        clock: Clock,
        client: Client,
        pod_control: StatefulPodControl,
        histories: SharedInformer,
    ) -> None:
        self.clock = clock
        self.client = client
        self.pod_control = pod_control
        self.histories = histories

    # -- revisions ---------------------------------------------------------------------

    def list_revisions(self, sts: Object, selector: labels.Selector) -> list[Object]:
        """ListRevisions: the revisions it controls and the orphans, that it selects."""
        owned = self.histories.by_index(CONTROLLER_INDEX, sts["metadata"]["uid"])
        orphans = self.histories.by_index(ORPHAN_INDEX, sts["metadata"]["namespace"])
        return [r for r in owned + orphans if selector.matches(r["metadata"].get("labels"))]

    def adopt_orphan_revisions(self, sts: Object, selector: labels.Selector) -> None:
        """adoptOrphanRevisions: become the controller of the orphans it selects."""
        orphans = [r for r in self.list_revisions(sts, selector) if utils.controller_of(r) is None]
        if not orphans:
            return
        manager = utils.ControllerRefManager(self.client, sts, selector, "controllerrevisions")
        manager.claim(orphans)
        if manager.errors:
            raise manager.errors[0]

    def _revisions(self, sts: Object, revisions: list[Object]) -> tuple[Object, Object, int]:
        """getStatefulSetRevisions: the current and update revisions and the collision
        count. A template seen before has its revision renumbered last (a rollback); a new
        one is recorded."""
        collision_count = (sts.get("status") or {}).get("collisionCount") or 0
        update = sutils.new_revision(sts, sutils.next_revision(revisions), collision_count)
        equal = [r for r in revisions if r.get("data") == update["data"]]
        if equal and revisions[-1].get("data") == update["data"]:
            update = revisions[-1]
        elif equal:
            update = self._renumber(equal[-1], update["revision"])
        else:
            update, collision_count = self._create_revision(sts, update, collision_count)
        name = (sts.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == name), update)
        return current, update, collision_count

    def _renumber(self, revision: Object, number: int) -> Object:
        """UpdateControllerRevision."""
        if revision.get("revision") == number:
            return revision
        meta = revision["metadata"]
        body = {**codec.deep_copy(revision), "revision": number}
        return self.client.call(
            "update", "controllerrevisions", meta["namespace"], meta["name"], body=body
        )

    def _create_revision(
        self, sts: Object, revision: Object, collision_count: int
    ) -> tuple[Object, int]:
        """CreateControllerRevision: a name taken by another template is a collision, and
        the next count gives the next name."""
        namespace = sts["metadata"]["namespace"]
        body = codec.deep_copy(revision)
        while True:
            hash_ = utils.compute_hash(revision["data"], collision_count)
            body["metadata"]["name"] = history.controller_revision_name(
                sts["metadata"]["name"], hash_
            )
            try:
                return self.client.call(
                    "create", "controllerrevisions", namespace, body=body
                ), collision_count
            except APIError as error:
                if not already_exists(error):
                    raise
            exists = self.client.call(
                "get", "controllerrevisions", namespace, body["metadata"]["name"]
            )
            if exists.get("data") == body["data"]:
                return exists, collision_count
            collision_count += 1

    def _truncate_history(
        self,
        sts: Object,
        pods: list[Object],
        revisions: list[Object],
        current: Object | None,
        update: Object | None,
    ) -> None:
        """truncateHistory: delete the oldest revisions no pod runs beyond
        revisionHistoryLimit (the current and update ones are kept)."""
        live = {r["metadata"]["name"] for r in (current, update) if r is not None}
        live.update(sutils.get_pod_revision(pod) for pod in pods)
        old = [r for r in revisions if r["metadata"]["name"] not in live]
        limit = sts["spec"].get("revisionHistoryLimit", DEFAULT_REVISION_HISTORY_LIMIT)
        if limit < 0 or len(old) <= limit:
            return
        for revision in old[: len(old) - limit]:
            meta = revision["metadata"]
            self.client.call("delete", "controllerrevisions", meta["namespace"], meta["name"])

    # -- the sync ----------------------------------------------------------------------

    def update_stateful_set(
        self, sts: Object, pods: list[Object], selector: labels.Selector
    ) -> Object:
        """UpdateStatefulSet: the revisions, the pods, the status, then the history; returns
        the status (a failure raises, after the status and the history are written)."""
        revisions = history.sort_controller_revisions(self.list_revisions(sts, selector))
        current: Object | None = None
        update: Object | None = None
        try:
            current, update, collision_count = self._revisions(sts, revisions)
            status, error = self._update(sts, current, update, collision_count, pods)
            self._write_status(sts, status, error)
        finally:
            self._truncate_history(sts, pods, revisions, current, update)
        return status

    def _update(
        self, sts: Object, current: Object, update: Object, collision_count: int, pods: list[Object]
    ) -> tuple[Object, Exception | None]:
        """updateStatefulSet: create, replace, delete and update pods; the status, and what
        failed."""
        current_set = sutils.apply_revision(sts, current)
        update_set = sutils.apply_revision(sts, update)
        status: Object = {
            "observedGeneration": sts["metadata"].get("generation", 0),
            "currentRevision": current["metadata"]["name"],
            "updateRevision": update["metadata"]["name"],
            "collisionCount": collision_count,
        }
        self._count(sts, status, pods)
        replicas, condemned = split_replicas(sts, current_set, update_set, status, pods)
        # the first unavailable replica, else the lowest unavailable condemned pod
        first_unavailable = next(
            (p for p in itertools.chain(replicas, condemned[::-1]) if self._unavailable(sts, p)),
            None,
        )
        if sts["metadata"].get("deletionTimestamp"):
            return status, None
        monotonic = not sutils.allows_burst(sts)
        steps: tuple[tuple[Sequence[Object], Callable[[Object], bool]], ...] = (
            (replicas, lambda pod: self._process_replica(sts, update_set, monotonic, pod)),
            (condemned, lambda pod: self._fix_pod_claim(update_set, pod)),
            (
                condemned,
                lambda pod: self._process_condemned(sts, first_unavailable, monotonic, pod),
            ),
        )
        try:
            exit_ = any(self._run_for_all(pods, process, monotonic) for pods, process in steps)
        except FAILURES as error:
            self._count(sts, status, replicas.found, condemned)
            return status, error
        # a pod made in this sync has no phase yet: only the pods found count
        self._count(sts, status, replicas.found, condemned)
        strategy = (sts["spec"].get("updateStrategy") or {}).get("type")
        if exit_ or strategy == sutils.ON_DELETE:
            return status, None
        try:
            self._rolling_update(sts, replicas, update, status)
        except APIError as error:
            return status, error
        return status, None

    def _count(self, sts: Object, status: Object, *pod_lists: list[Object]) -> None:
        sutils.update_status(
            status,
            sts["spec"].get("minReadySeconds", 0),
            status["currentRevision"],
            status["updateRevision"],
            self.clock,
            *pod_lists,
        )

    def _unavailable(self, sts: Object, pod: Object) -> bool:
        return sutils.is_unavailable(pod, sts["spec"].get("minReadySeconds", 0), self.clock)

    def _run_for_all(
        self, pods: Sequence[Object], process: Callable[[Object], bool], monotonic: bool
    ) -> bool:
        """runForAll: in order, stopping at the first pod that blocks (monotonic); else all
        of them in slow-start batches. True when the sync should stop here."""
        if monotonic:
            return any(process(pod) for pod in pods)
        remaining = iter(pods)
        errors: list[Exception] = []

        def attempt() -> bool:
            try:
                process(next(remaining))
            except FAILURES as error:
                errors.append(error)
                return False
            return True

        utils.slow_start_batch(len(pods), attempt, MAX_BATCH_SIZE)
        if errors:
            raise errors[0]
        return False

    def _process_replica(
        self, sts: Object, update_set: Object, monotonic: bool, pod: Object
    ) -> bool:
        """processReplica: True when the sync should stop at this pod."""
        control = self.pod_control
        if sutils.is_finished(pod):
            # whatever it exited with, it is made again once it is gone
            if not sutils.is_terminating(pod):
                control.delete_stateful_pod(sts, pod)
            return True
        if not sutils.is_created(pod):
            if control.pod_claim_is_stale(sts, pod):
                return True
            control.create_stateful_pod(sts, pod)
            if monotonic:
                return True
        if sutils.is_pending(pod):
            control.create_missing_persistent_volume_claims(sts, pod)
        if monotonic and (not sutils.is_running_and_ready(pod) or self._unavailable(sts, pod)):
            return True  # terminating, or not yet Running, Ready and available
        if (
            sutils.identity_matches(sts, pod)
            and sutils.storage_matches(sts, pod)
            and control.claims_match_retention_policy(update_set, pod)
        ):
            return False
        control.update_stateful_pod(update_set, pod)
        return False

    def _fix_pod_claim(self, update_set: Object, pod: Object) -> bool:
        """A condemned pod's claims get the owners the policy wants on scale down."""
        if not self.pod_control.claims_match_retention_policy(update_set, pod):
            self.pod_control.update_pod_claim_for_retention_policy(update_set, pod)
        return False

    def _process_condemned(
        self, sts: Object, first_unavailable: Object | None, monotonic: bool, pod: Object
    ) -> bool:
        """processCondemned: delete it; monotonic, only once it is the first unavailable pod
        or is Running, Ready and available, and not while one is terminating."""
        if sutils.is_terminating(pod):
            return monotonic
        if (
            monotonic
            and pod is not first_unavailable
            and (not sutils.is_running_and_ready(pod) or self._unavailable(sts, pod))
        ):
            return True
        self.pod_control.delete_stateful_pod(sts, pod)
        return True

    def _rolling_update(
        self, sts: Object, replicas: Replicas, update: Object, status: Object
    ) -> None:
        """Delete the highest replica down to the partition not of the update revision,
        unless one above it is still unavailable."""
        rolling = (sts["spec"].get("updateStrategy") or {}).get("rollingUpdate")
        update_min = rolling.get("partition", 0) if rolling is not None else 0
        for target in range(len(replicas) - 1, update_min - 1, -1):
            pod = replicas[target]
            outdated = sutils.get_pod_revision(pod) != update["metadata"]["name"]
            if outdated and not sutils.is_terminating(pod):
                self.pod_control.delete_stateful_pod(sts, pod)
                status["currentReplicas"] -= 1
                return
            if self._unavailable(sts, pod):
                return

    def _write_status(self, sts: Object, status: Object, error: Exception | None) -> None:
        """updateStatefulSetStatus, even after a failure (which is then raised): complete a
        finished rolling update, and write the status if it differs."""
        sutils.complete_rolling_update(sts, status)
        if sutils.inconsistent_status(sts, status):
            meta = sts["metadata"]
            body = {**sts, "status": sutils.status_json(status)}
            try:
                self.client.call(
                    "update",
                    "statefulsets",
                    meta["namespace"],
                    meta["name"],
                    subresource="status",
                    body=body,
                )
            except APIError as status_error:
                raise (error or status_error) from None
        if error is not None:
            raise error


class Replicas(Sequence[Object]):
    """The replicas by ordinal: the pod found at each, else a pod yet to be made, built when
    first looked at. A sync looks at the first missing ordinals and stops, or fails at etcd's
    quota: a set scaled to 100,000,000 does not hold 100,000,000 pods in memory."""

    def __init__(
        self, found: dict[int, Object], start: int, end: int, make: Callable[[int], Object]
    ) -> None:
        self.start, self.end, self._make = start, end, make
        self._pods = dict(found)
        self.found = [found[ordinal] for ordinal in sorted(found)]

    def __len__(self) -> int:
        return max(0, self.end - self.start + 1)

    def __getitem__(self, index: int) -> Object:  # type: ignore[override]
        if not 0 <= index < len(self):
            raise IndexError(index)
        ordinal = self.start + index
        pod = self._pods.get(ordinal)
        if pod is None:
            pod = self._pods[ordinal] = self._make(ordinal)
        return pod

    def __iter__(self) -> Iterator[Object]:
        return (self[index] for index in range(len(self)))


def split_replicas(
    sts: Object, current_set: Object, update_set: Object, status: Object, pods: list[Object]
) -> tuple[Replicas, list[Object]]:
    """The replicas by ordinal, a pod yet to be made at each missing one; and the condemned
    pods (a valid ordinal out of range), highest ordinal first."""
    found: dict[int, Object] = {}
    condemned: list[Object] = []
    for pod in pods:
        ordinal = sutils.get_ordinal(pod)
        if sutils.pod_in_ordinal_range(pod, sts):
            found[ordinal] = pod
        elif ordinal >= 0:
            condemned.append(pod)
    names = (status["currentRevision"], status["updateRevision"])
    replicas = Replicas(
        found,
        sutils.start_ordinal(sts),
        sutils.end_ordinal(sts),
        lambda ordinal: sutils.new_versioned_stateful_set_pod(
            current_set, update_set, *names, ordinal
        ),
    )
    condemned.sort(key=sutils.get_ordinal, reverse=True)
    return replicas, condemned
