"""StatefulPodControl (stateful_pod_control.go): a StatefulSet's writes of its pods and of
their claims, each recorded as an event on the set.

A pod's claims are created before the pod, named `<template>-<set>-<ordinal>`; they
outlive it, and are owned by the set or the pod as the retention policy says.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError, Client
from cluster.engine.controllers.informers import SharedInformer
from cluster.engine.controllers.statefulset import retention
from cluster.engine.controllers.statefulset import utils as sutils
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.store import codec

CONFLICTING_CONTROLLER = "ConflictingController"
CONFLICTING_CONTROLLER_MESSAGE = (
    "PersistentVolumeClaim {} has a conflicting OwnerReference that acts as a manging "
    "controller, the retention policy is ignored for this claim"
)


class ClaimError(Exception):
    """Claims that could not be made, or that are being deleted."""


FAILURES = (APIError, ClaimError)  # what fails a sync, to be tried again
CONFLICT_ATTEMPTS = 4  # retry.DefaultBackoff's steps


def already_exists(error: APIError) -> bool:
    return error.code == 409 and error.response.body.get("reason") == "AlreadyExists"


def is_conflict(error: APIError) -> bool:
    return error.code == 409 and error.response.body.get("reason") == "Conflict"


def aggregate(messages: list[str]) -> str:
    """utilerrors.NewAggregate's message: the one error, or all of them in brackets."""
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else f"[{', '.join(unique)}]"


class StatefulPodControl:
    def __init__(
        self,
        client: Client,
        claims: SharedInformer,
        recorder: EventRecorder,
    ) -> None:
        self.client = client
        self.claims = claims
        self.recorder = recorder

    # -- pods --------------------------------------------------------------------------

    def create_stateful_pod(self, sts: Object, pod: Object) -> None:
        """CreateStatefulPod: its claims, then the pod, then the claims' owners; a pod that
        exists already fails without an event."""
        with self._recorded("create", sts, pod):
            self._create_persistent_volume_claims(sts, pod)
        failure: APIError | None = None
        try:
            self.client.call("create", "pods", sts["metadata"]["namespace"], body=pod)
        except APIError as error:
            if already_exists(error):
                raise
            failure = error
        with self._recorded("update", sts, pod):
            self.update_pod_claim_for_retention_policy(sts, pod)
        self._record_pod_event("create", sts, pod, failure)
        if failure is not None:
            raise failure

    def update_stateful_pod(self, sts: Object, pod: Object) -> None:
        """UpdateStatefulPod: restore the pod's identity and storage, and its claims' owners;
        write the pod if any of that changed, reading it again after a conflict
        (RetryOnConflict)."""
        pod = codec.deep_copy(pod)
        meta = pod["metadata"]
        namespace, name = meta["namespace"], meta["name"]
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            if self._conform(sts, pod):
                return
            try:
                self.client.call("update", "pods", namespace, name, body=pod)
            except APIError as error:
                if not is_conflict(error) or attempt == CONFLICT_ATTEMPTS:
                    self._record_pod_event("update", sts, pod, error)
                    raise
                # Kubernetes reads its cache again, which has caught up by the next try; this
                # one catches up only between syncs, so the pod is read from kube-apiserver
                with contextlib.suppress(APIError):
                    pod = self.client.call("get", "pods", namespace, name)
                continue
            self._record_pod_event("update", sts, pod, None)
            return

    def _conform(self, sts: Object, pod: Object) -> bool:
        """Restore the pod's identity and storage (making missing claims) and its claims'
        owners; True when the pod is as it should be already."""
        consistent = True
        if not sutils.identity_matches(sts, pod):
            sutils.update_identity(sts, pod)
            consistent = False
        if not sutils.storage_matches(sts, pod):
            sutils.update_storage(sts, pod)
            consistent = False
            with self._recorded("update", sts, pod):
                self._create_persistent_volume_claims(sts, pod)
        if not self.claims_match_retention_policy(sts, pod):
            with self._recorded("update", sts, pod):
                self.update_pod_claim_for_retention_policy(sts, pod)
            consistent = False
        return consistent

    def delete_stateful_pod(self, sts: Object, pod: Object) -> None:
        """DeleteStatefulPod: a pod already gone counts as deleted."""
        meta = pod["metadata"]
        try:
            self.client.call("delete", "pods", meta["namespace"], meta["name"])
        except APIError as error:
            if error.code != 404:
                self._record_pod_event("delete", sts, pod, error)
                raise
        self._record_pod_event("delete", sts, pod, None)

    # -- claims ------------------------------------------------------------------------

    def _claim(self, namespace: str, name: str) -> Object | None:
        return self.claims.get(f"{namespace}/{name}")

    def _existing_claims(self, sts: Object, pod: Object) -> list[Object]:
        """The pod's claims that exist."""
        namespace = sts["metadata"]["namespace"]
        ordinal = sutils.get_ordinal(pod)
        found = []
        for template in sts["spec"].get("volumeClaimTemplates") or ():
            claim = self._claim(namespace, sutils.claim_name(sts, template, ordinal))
            if claim is not None:
                found.append(claim)
        return found

    def claims_match_retention_policy(self, sts: Object, pod: Object) -> bool:
        """ClaimsMatchRetentionPolicy: the pod's existing claims have the owners the policy
        wants (missing ones are made later)."""
        return all(
            retention.is_claim_owner_up_to_date(claim, sts, pod)
            for claim in self._existing_claims(sts, pod)
        )

    def update_pod_claim_for_retention_policy(self, sts: Object, pod: Object) -> None:
        """UpdatePodClaimForRetentionPolicy: give the pod's claims the owners the policy
        wants."""
        for claim in self._existing_claims(sts, pod):
            name = claim["metadata"]["name"]
            if retention.has_unexpected_controller(claim, sts, pod):
                message = CONFLICTING_CONTROLLER_MESSAGE.format(name)
                self.recorder.event(sts, WARNING, CONFLICTING_CONTROLLER, message)
            if retention.is_claim_owner_up_to_date(claim, sts, pod):
                continue
            claim = codec.deep_copy(claim)
            retention.update_claim_owner_refs(claim, sts, pod)
            try:
                self.client.call(
                    "update",
                    "persistentvolumeclaims",
                    claim["metadata"]["namespace"],
                    name,
                    body=claim,
                )
            except APIError as error:
                raise ClaimError(
                    f"could not update claim {name} for delete policy ownerRefs: {error}"
                ) from error

    def pod_claim_is_stale(self, sts: Object, pod: Object) -> bool:
        """PodClaimIsStale: under a Delete policy on scale down, a claim still owned by an
        earlier pod of this name blocks the pod until the garbage collector removes it."""
        if retention.retention_policy(sts)[0] == sutils.RETAIN:
            return False
        return any(
            retention.has_stale_owner_ref(claim, pod, retention.POD_KIND)
            for claim in self._existing_claims(sts, pod)
        )

    def create_missing_persistent_volume_claims(self, sts: Object, pod: Object) -> None:
        """createMissingPersistentVolumeClaims: a pending pod's claims, then their owners."""
        self._create_persistent_volume_claims(sts, pod)
        with self._recorded("update", sts, pod):
            self.update_pod_claim_for_retention_policy(sts, pod)

    def _create_persistent_volume_claims(self, sts: Object, pod: Object) -> None:
        """createPersistentVolumeClaims: create those missing; fail if any could not be, or
        is being deleted."""
        errors: list[str] = []
        for claim in sutils.persistent_volume_claims(sts, pod):
            meta = claim["metadata"]
            existing = self._claim(meta["namespace"], meta["name"])
            if existing is None:
                try:
                    self.client.call(
                        "create", "persistentvolumeclaims", meta["namespace"], body=claim
                    )
                except APIError as error:
                    errors.append(f"failed to create PVC {meta['name']}: {error}")
                    if not already_exists(error):
                        self._record_claim_event(sts, pod, claim, error)
                else:
                    self._record_claim_event(sts, pod, claim, None)
            elif existing["metadata"].get("deletionTimestamp"):
                errors.append(f"pvc {meta['name']} is being deleted")
        if errors:
            raise ClaimError(aggregate(errors))

    # -- events ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _recorded(self, verb: str, sts: Object, pod: Object) -> Iterator[None]:
        """A failure of what runs inside is recorded as the pod's Failed<Verb> event."""
        try:
            yield
        except FAILURES as error:
            self._record_pod_event(verb, sts, pod, error)
            raise

    def _record_pod_event(
        self, verb: str, sts: Object, pod: Object, error: Exception | None
    ) -> None:
        """recordPodEvent: Successful<Verb> or Failed<Verb>."""
        what = (
            f"{verb.title()} Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']}"
        )
        if error is None:
            self.recorder.event(sts, NORMAL, f"Successful{verb.title()}", f"{what} successful")
        else:
            self.recorder.event(
                sts, WARNING, f"Failed{verb.title()}", f"{what} failed error: {error}"
            )

    def _record_claim_event(
        self, sts: Object, pod: Object, claim: Object, error: APIError | None
    ) -> None:
        """recordClaimEvent, of a creation."""
        names = (claim["metadata"]["name"], pod["metadata"]["name"], sts["metadata"]["name"])
        if error is None:
            message = "Create Claim {} Pod {} in StatefulSet {} success".format(*names)
            self.recorder.event(sts, NORMAL, "SuccessfulCreate", message)
        else:
            message = "Create Claim {} for Pod {} in StatefulSet {} failed error: {}"
            self.recorder.event(sts, WARNING, "FailedCreate", message.format(*names, error))
