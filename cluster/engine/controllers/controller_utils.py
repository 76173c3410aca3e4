"""What the workload controllers share (pkg/controller/controller_utils.go): expectations,
controller references and their adoption and release, pods made from a template, the order in
which pods are chosen for deletion, and the hash of a pod template.

Timestamps on objects are RFC 3339 to the second; the controllers compare them with the
virtual clock in milliseconds (`virtual_ms`).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.api import labels, resources
from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object, parse_timestamp
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import SharedInformer
from cluster.engine.controllers.workqueue import Retry
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.store import codec

EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000  # ExpectationsTimeout
SLOW_START_INITIAL_BATCH_SIZE = 1
POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
DNS1123_SUBDOMAIN_MAX = 253

FAILED_CREATE = "FailedCreate"
SUCCESSFUL_CREATE = "SuccessfulCreate"
FAILED_DELETE = "FailedDelete"
SUCCESSFUL_DELETE = "SuccessfulDelete"
CREATED_POD = "Created pod: {}"
DELETED_POD = "Deleted pod: {}"
ERROR_CREATING = "Error creating: {}"
ERROR_DELETING = "Error deleting: {}"
NAMESPACE_TERMINATING_CAUSE = "NamespaceTerminating"

_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}
_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand
_FNV_OFFSET, _FNV_PRIME = 2166136261, 16777619


# -- time ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def unix_seconds(timestamp: str) -> int:
    """Unix seconds of an object's timestamp (parsed once per distinct text)."""
    return parse_timestamp(timestamp)


def virtual_ms(clock: Clock, timestamp: str | None) -> int | None:
    """The virtual time of `timestamp`, in milliseconds; None for a missing one."""
    if not timestamp:
        return None
    return (unix_seconds(timestamp) - clock.epoch) * 1000


# -- controller references -------------------------------------------------------------


def controller_of(obj: Object) -> Object | None:
    """metav1.GetControllerOf: the owner reference marked as the controller."""
    for ref in obj.get("metadata", {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None


def resolve_controller_ref(
    owners: SharedInformer, namespace: str, ref: Object, kind: str
) -> Object | None:
    """resolveControllerRef: the owner of `kind` that `ref` names, if it is still that one
    (the same uid)."""
    if ref.get("kind") != kind:
        return None
    owner = owners.get(f"{namespace}/{ref.get('name')}")
    return owner if owner is not None and owner["metadata"]["uid"] == ref.get("uid") else None


def controller_ref(owner: Object) -> Object:
    """metav1.NewControllerRef: controller and blockOwnerDeletion both set."""
    meta = owner["metadata"]
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": meta["name"],
        "uid": meta["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


def is_controlled_by(obj: Object, owner: Object) -> bool:
    ref = controller_of(obj)
    return ref is not None and ref.get("uid") == owner["metadata"]["uid"]


def has_status_cause(error: APIError, cause: str) -> bool:
    """errors.HasStatusCause: the failure's details name `cause` (StatusCause.Type, which
    JSON calls `reason`)."""
    details = error.response.body.get("details") or {}
    return any(c.get("reason") == cause for c in details.get("causes") or ())


def selector_of(obj: Object) -> labels.Selector | None:
    """The object's spec.selector as a Selector; None when it does not parse."""
    try:
        return labels.from_label_selector(obj.get("spec", {}).get("selector"))
    except labels.SelectorError:
        return None


def selecting(
    controllers: list[Object],
    obj: Object,
    selector_for: Callable[[Object], labels.Selector | None] = selector_of,
) -> list[Object]:
    """The controllers whose non-empty selector matches `obj`'s labels (as the listers'
    GetPodReplicaSets and GetDeploymentsForReplicaSet find them)."""
    found_labels = obj["metadata"].get("labels")
    if not found_labels:
        return []
    found = []
    for controller in controllers:
        selector = selector_for(controller)
        if selector is not None and not selector.empty and selector.matches(found_labels):
            found.append(controller)
    return found


class ControllerRefManager:
    """ClaimObject for one controller: adopt the orphans its selector matches, release the
    objects it controls that no longer match, ignore the ones controlled by others."""

    def __init__(
        self,
        client: Client,
        controller: Object,
        selector: labels.Selector,
        resource: str,
        finalizers: tuple[str, ...] = (),
    ) -> None:
        self.client = client
        self.controller = controller
        self.selector = selector
        self.resource = resource
        # what the controller adds on adoption and removes on release (the Job's tracking one)
        self.finalizers = finalizers
        self.errors: list[APIError] = []
        self._adoptable: bool | None = None

    def claim(self, objects: list[Object]) -> list[Object]:
        return [obj for obj in objects if self._claim(obj)]

    def _claim(self, obj: Object) -> bool:
        meta = self.controller["metadata"]
        ref = controller_of(obj)
        matches = self.selector.matches(obj["metadata"].get("labels"))
        if ref is not None:
            if ref.get("uid") != meta["uid"]:
                return False
            if matches:
                return True
            if not meta.get("deletionTimestamp"):
                self._patch(obj, self._release_patch(obj), tolerate=(404, 422))
            return False
        if meta.get("deletionTimestamp") or not matches:
            return False
        if obj["metadata"].get("deletionTimestamp"):
            return False
        if obj["metadata"].get("namespace") != meta.get("namespace"):
            return False
        if not self._can_adopt():
            return False
        return self._patch(obj, self._adopt_patch(obj), tolerate=(404,))

    def _can_adopt(self) -> bool:
        """RecheckDeletionTimestamp, once: an uncached read of the controller itself."""
        if self._adoptable is None:
            meta = self.controller["metadata"]
            try:
                resource = resources.lookup(self.controller["kind"])
                fresh = self.client.call(
                    "get", resource.name if resource else "", meta["namespace"], meta["name"]
                )
            except APIError as error:
                self.errors.append(error)
                fresh = None
            self._adoptable = bool(
                fresh
                and fresh["metadata"]["uid"] == meta["uid"]
                and not fresh["metadata"].get("deletionTimestamp")
            )
        return self._adoptable

    def _adopt_patch(self, obj: Object) -> Object:
        """ownerRefControllerPatch."""
        meta: Object = {
            "ownerReferences": [controller_ref(self.controller)],
            "uid": obj["metadata"]["uid"],
        }
        if self.finalizers:
            meta["finalizers"] = list(self.finalizers)
        return {"metadata": meta}

    def _release_patch(self, obj: Object) -> Object:
        """GenerateDeleteOwnerRefStrategicMergeBytes."""
        owners = [self.controller["metadata"]["uid"]]
        return delete_owner_refs_patch(obj["metadata"]["uid"], owners, self.finalizers)

    def _patch(self, obj: Object, body: Object, tolerate: tuple[int, ...]) -> bool:
        meta = obj["metadata"]
        try:
            self.client.call(
                "patch",
                self.resource,
                meta["namespace"],
                meta["name"],
                body=body,
                content_type=STRATEGIC,
            )
        except APIError as error:
            if error.code not in tolerate:
                self.errors.append(error)
            return False
        return True


def delete_owner_refs_patch(
    dependent_uid: str, owner_uids: list[str], finalizers: tuple[str, ...] = ()
) -> Object:
    """GenerateDeleteOwnerRefStrategicMergeBytes: drop these owners (and these finalizers),
    if still this object."""
    refs = [{"$patch": "delete", "uid": uid} for uid in owner_uids]
    meta: Object = {"ownerReferences": refs, "uid": dependent_uid}
    if finalizers:
        meta["$deleteFromPrimitiveList/finalizers"] = list(finalizers)
    return {"metadata": meta}


# -- pods ------------------------------------------------------------------------------


def is_pod_terminal(pod: Object) -> bool:
    """IsPodTerminal: Succeeded or Failed."""
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def is_pod_active(pod: Object) -> bool:
    """Not finished and not being deleted."""
    return not is_pod_terminal(pod) and not pod["metadata"].get("deletionTimestamp")


def is_pod_terminating(pod: Object) -> bool:
    """isPodTerminating: being deleted, not finished yet."""
    return not is_pod_terminal(pod) and bool(pod["metadata"].get("deletionTimestamp"))


def update_status(client: Client, resource: str, obj: Object) -> Object:
    """UpdateStatus: `obj` written through its status subresource; a failure is retried
    (the reconcile raises Retry)."""
    meta = obj["metadata"]
    try:
        return client.call(
            "update",
            resource,
            meta.get("namespace", ""),
            meta["name"],
            subresource="status",
            body=obj,
        )
    except APIError as error:
        raise Retry from error


def ready_condition(pod: Object) -> Object | None:
    for condition in (pod.get("status") or {}).get("conditions") or ():
        if condition.get("type") == "Ready":
            return condition
    return None


def is_pod_ready(pod: Object) -> bool:
    condition = ready_condition(pod)
    return condition is not None and condition.get("status") == "True"


def is_pod_available(pod: Object, min_ready_seconds: int, clock: Clock) -> bool:
    """Ready for at least minReadySeconds (strictly before now, as Kubernetes compares)."""
    if not is_pod_ready(pod):
        return False
    if not min_ready_seconds:
        return True
    since = virtual_ms(clock, (ready_condition(pod) or {}).get("lastTransitionTime"))
    return since is not None and since + min_ready_seconds * 1000 < clock.now


def pod_from_template(template: Object, parent: Object, owner_ref: Object) -> Object:
    """GetPodFromTemplate: the template's labels, annotations, finalizers and spec, with a
    name generated from the parent's and the parent as controller."""
    meta = template.get("metadata") or {}
    name = parent["metadata"]["name"]
    prefix = f"{name}-" if len(name) < DNS1123_SUBDOMAIN_MAX else name
    pod_meta: Object = {"generateName": prefix}
    for key in ("labels", "annotations"):
        if meta.get(key):
            pod_meta[key] = dict(meta[key])
    pod_meta["ownerReferences"] = [owner_ref]
    if meta.get("finalizers"):
        pod_meta["finalizers"] = list(meta["finalizers"])
    return {"metadata": pod_meta, "spec": codec.deep_copy(template.get("spec") or {})}


class PodControl:
    """RealPodControl: a controller's pod writes, each recorded as an event on the controller."""

    def __init__(self, client: Client, recorder: EventRecorder) -> None:
        self.client = client
        self.recorder = recorder

    def create_pod(
        self, template: Object, parent: Object, owner_ref: Object, generate_name: str = ""
    ) -> Object:
        """CreatePodsWithGenerateName; a failure raises APIError, after a FailedCreate event
        unless the namespace is terminating."""
        pod = pod_from_template(template, parent, owner_ref)
        if generate_name:
            pod["metadata"]["generateName"] = generate_name
        try:
            created = self.client.call("create", "pods", parent["metadata"]["namespace"], body=pod)
        except APIError as error:
            if not has_status_cause(error, NAMESPACE_TERMINATING_CAUSE):
                self.recorder.event(parent, WARNING, FAILED_CREATE, ERROR_CREATING.format(error))
            raise
        name = created["metadata"]["name"]
        self.recorder.event(parent, NORMAL, SUCCESSFUL_CREATE, CREATED_POD.format(name))
        return created

    def delete_pod(self, namespace: str, name: str, parent: Object) -> None:
        """DeletePod; a failure raises APIError, after a FailedDelete event unless the pod was
        already gone."""
        try:
            self.client.call("delete", "pods", namespace, name)
        except APIError as error:
            if error.code != 404:
                self.recorder.event(parent, WARNING, FAILED_DELETE, ERROR_DELETING.format(error))
            raise
        self.recorder.event(parent, NORMAL, SUCCESSFUL_DELETE, DELETED_POD.format(name))

    def patch_pod(self, namespace: str, name: str, patch: Object) -> None:
        """PatchPod, with a strategic merge patch."""
        self.client.call("patch", "pods", namespace, name, body=patch, content_type=STRATEGIC)


def slow_start_batch(count: int, create: Callable[[], bool], max_batch: int | None = None) -> int:
    """slowStartBatch: call `create` `count` times in batches of 1, 2, 4, ... (at most
    `max_batch` each); stop after the first batch with a failure. Returns how many calls
    succeeded."""
    remaining, successes = count, 0
    batch = min(remaining, SLOW_START_INITIAL_BATCH_SIZE)
    while batch > 0:
        results = [create() for _ in range(batch)]
        successes += sum(results)
        if not all(results):
            return successes
        remaining -= batch
        batch = min(2 * batch, remaining, max_batch or remaining)
    return successes


# -- choosing pods to delete -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rank:
    """What ActivePodsWithRanks.Less compares, read once per pod."""

    unassigned: bool
    phase: int
    ready: bool
    cost: int
    rank: int
    ready_ns: int | None
    restarts: int
    created_ns: int | None
    uid: str


def _rank_of(pod: Object, rank: int) -> _Rank:
    status = pod.get("status") or {}
    ready = is_pod_ready(pod)
    ready_at = (ready_condition(pod) or {}).get("lastTransitionTime") if ready else None
    restarts = max(
        (c.get("restartCount", 0) for c in status.get("containerStatuses") or ()), default=0
    )
    created = pod["metadata"].get("creationTimestamp")
    return _Rank(
        unassigned=not pod.get("spec", {}).get("nodeName"),
        phase=_PHASE_ORDINAL.get(status.get("phase", ""), 0),
        ready=ready,
        cost=_deletion_cost(pod),
        rank=rank,
        ready_ns=unix_seconds(ready_at) * 10**9 if ready_at else None,
        restarts=restarts,
        created_ns=unix_seconds(created) * 10**9 if created else None,
        uid=pod["metadata"].get("uid", ""),
    )


def _deletion_cost(pod: Object) -> int:
    """GetDeletionCostFromPodAnnotations; an invalid value counts as 0."""
    value = (pod["metadata"].get("annotations") or {}).get(POD_DELETION_COST, "")
    try:
        cost = int(value)
    except ValueError:
        return 0
    return cost if -(2**31) <= cost < 2**31 else 0


def _after_or_zero(t1: int | None, t2: int | None) -> bool:
    if t1 is None or t2 is None:
        return t1 is None
    return t1 > t2


def _log_rank(now_ns: int, then_ns: int) -> int:
    elapsed = now_ns - then_ns
    return int(math.log2(elapsed)) if elapsed > 0 else -1


def _newer_first(a: Any, b: Any, a_uid: str, b_uid: str, now_ns: int) -> bool:
    """Rules 6 and 8 with LogarithmicScaleDown: times compared on a log2 scale, ties by uid."""
    if a is None or b is None:
        return _after_or_zero(a, b)
    diff = _log_rank(now_ns, a) - _log_rank(now_ns, b)
    return a_uid < b_uid if diff == 0 else diff < 0


def _state_less(a: _Rank, b: _Rank) -> bool | None:
    """The first rules of both orders: unassigned first, then the earlier phase, then not
    ready; None when they tie."""
    if a.unassigned != b.unassigned:
        return a.unassigned
    if a.phase != b.phase:
        return a.phase < b.phase
    if a.ready != b.ready:
        return not a.ready
    return None


def _less(a: _Rank, b: _Rank, now_ns: int) -> bool:
    """ActivePodsWithRanks.Less: True when `a` should be deleted before `b`."""
    state = _state_less(a, b)
    if state is not None:
        return state
    if a.cost != b.cost:
        return a.cost < b.cost
    if a.rank != b.rank:
        return a.rank > b.rank
    if a.ready and b.ready and a.ready_ns != b.ready_ns:
        return _newer_first(a.ready_ns, b.ready_ns, a.uid, b.uid, now_ns)
    if a.restarts != b.restarts:
        return a.restarts > b.restarts
    if a.created_ns != b.created_ns:
        return _newer_first(a.created_ns, b.created_ns, a.uid, b.uid, now_ns)
    return False


def _active_less(a: _Rank, b: _Rank) -> bool:
    """ActivePods.Less: ActivePodsWithRanks' rules without cost and rank, times compared as
    they are."""
    state = _state_less(a, b)
    if state is not None:
        return state
    if a.ready and b.ready and a.ready_ns != b.ready_ns:
        return _after_or_zero(a.ready_ns, b.ready_ns)
    if a.restarts != b.restarts:
        return a.restarts > b.restarts
    if a.created_ns != b.created_ns:
        return _after_or_zero(a.created_ns, b.created_ns)
    return False


def _sorted_by(
    pods: list[Object], ranks: list[int], less: Callable[[_Rank, _Rank], bool]
) -> list[Object]:
    ranked = [(_rank_of(pod, rank), pod) for pod, rank in zip(pods, ranks, strict=True)]

    def compare(x: tuple[_Rank, Object], y: tuple[_Rank, Object]) -> int:
        if less(x[0], y[0]):
            return -1
        return 1 if less(y[0], x[0]) else 0

    ranked.sort(key=functools.cmp_to_key(compare))
    return [pod for _, pod in ranked]


def rank_for_deletion(pods: list[Object], ranks: list[int], clock: Clock) -> list[Object]:
    """Sort `pods` (each with its rank) by ActivePodsWithRanks: the first are deleted first."""
    now_ns = (clock.epoch * 1000 + clock.now) * 10**6
    return _sorted_by(pods, ranks, lambda a, b: _less(a, b, now_ns))


def sort_active_pods(pods: list[Object]) -> list[Object]:
    """Sort `pods` by ActivePods: unassigned, pending, not ready, ... first."""
    return _sorted_by(pods, [0] * len(pods), _active_less)


# -- expectations ----------------------------------------------------------------------


@dataclass(slots=True)
class _Expected:
    add: int
    delete: int
    timestamp: int  # virtual ms when they were set


@dataclass(slots=True)
class Expectations:
    """UIDTrackingControllerExpectations: the creations and deletions a controller waits to
    see through its informer before it acts on a key again (or until they expire)."""

    clock: Clock
    _expected: dict[str, _Expected] = field(default_factory=dict)
    _deleting: dict[str, set[str]] = field(default_factory=dict)

    def satisfied(self, key: str) -> bool:
        exp = self._expected.get(key)
        if exp is None or (exp.add <= 0 and exp.delete <= 0):
            return True
        return self.clock.now - exp.timestamp > EXPECTATIONS_TIMEOUT_MS

    def expect_creations(self, key: str, adds: int) -> None:
        self._expected[key] = _Expected(adds, 0, self.clock.now)

    def expect_deletions(self, key: str, pod_keys: list[str]) -> None:
        self.set_expectations(key, 0, pod_keys)

    def set_expectations(self, key: str, adds: int, pod_keys: list[str]) -> None:
        """SetExpectations: creations and deletions expected together (the DaemonSet's)."""
        self._deleting[key] = set(pod_keys)
        self._expected[key] = _Expected(adds, len(pod_keys), self.clock.now)

    def creation_observed(self, key: str) -> None:
        exp = self._expected.get(key)
        if exp is not None:
            exp.add -= 1

    def deletion_observed(self, key: str, pod_key: str) -> None:
        deleting = self._deleting.get(key)
        if deleting is not None and pod_key in deleting:
            deleting.discard(pod_key)
            exp = self._expected.get(key)
            if exp is not None:
                exp.delete -= 1

    def forget(self, key: str) -> None:
        """DeleteExpectations."""
        self._expected.pop(key, None)
        self._deleting.pop(key, None)


# -- the pod template hash -------------------------------------------------------------


def compute_hash(template: Object, collision_count: int | None) -> str:
    """ComputeHash: FNV-1a (32 bit) of the template and the collision count, printed in
    decimal and re-encoded with SafeEncodeString. Kubernetes hashes Go's dump of the typed
    struct; this hashes the template's canonical JSON, so values differ from a real
    cluster's while having the same alphabet, length and behaviour."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count is not None:
        data += (collision_count & 0xFFFFFFFF).to_bytes(4, "little") + bytes(4)
    digest = _FNV_OFFSET
    for byte in data:
        digest = ((digest ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return safe_encode_string(str(digest))


def safe_encode_string(text: str) -> str:
    """rand.SafeEncodeString."""
    return "".join(_ALPHANUMS[ord(char) % len(_ALPHANUMS)] for char in text)
