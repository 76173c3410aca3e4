"""What the StatefulSet controller's parts share (stateful_set_utils.go): a pod's name and
ordinal, its identity (name, hostname, subdomain, labels) and storage (one claim per
volumeClaimTemplate), its state, the revisions of the set's template, and the status."""

from __future__ import annotations

import re

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import history
from cluster.engine.store import codec

KIND = "StatefulSet"
STATEFUL_SET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
STATEFUL_SET_REVISION_LABEL = "controller-revision-hash"
CONTROLLER_REVISION_HASH_LABEL = "controller.kubernetes.io/hash"  # history's
ROLLING_UPDATE = "RollingUpdate"
ON_DELETE = "OnDelete"
PARALLEL = "Parallel"
RETAIN = "Retain"
DELETE = "Delete"
INT32_MAX = 2**31 - 1

_STATEFUL_POD = re.compile(r"(.*)-([0-9]+)$")  # statefulPodRegex


# -- names and ordinals ------------------------------------------------------------------


def parent_name_and_ordinal(pod: Object) -> tuple[str, int]:
    """getParentNameAndOrdinal: ("", -1) for a name that is not `<set>-<ordinal>`; an
    ordinal beyond int32 is -1 under its parent's name."""
    match = _STATEFUL_POD.match(pod["metadata"].get("name", ""))
    if match is None:
        return "", -1
    ordinal = int(match[2])
    return match[1], ordinal if ordinal <= INT32_MAX else -1


def get_ordinal(pod: Object) -> int:
    return parent_name_and_ordinal(pod)[1]


def start_ordinal(sts: Object) -> int:
    """getStartOrdinal: spec.ordinals.start, else 0."""
    return (sts["spec"].get("ordinals") or {}).get("start", 0)


def end_ordinal(sts: Object) -> int:
    """getEndOrdinal: the last ordinal the set runs (inclusive)."""
    return start_ordinal(sts) + sts["spec"].get("replicas", 1) - 1


def pod_in_ordinal_range(pod: Object, sts: Object) -> bool:
    return start_ordinal(sts) <= get_ordinal(pod) <= end_ordinal(sts)


def get_pod_name(sts: Object, ordinal: int) -> str:
    return f"{sts['metadata']['name']}-{ordinal}"


def claim_name(sts: Object, template: Object, ordinal: int) -> str:
    """getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`."""
    return f"{template['metadata']['name']}-{sts['metadata']['name']}-{ordinal}"


def is_member_of(sts: Object, pod: Object) -> bool:
    return parent_name_and_ordinal(pod)[0] == sts["metadata"]["name"]


# -- identity and storage ----------------------------------------------------------------


def identity_matches(sts: Object, pod: Object) -> bool:
    """identityMatches: the pod's name, namespace and pod-name label are the set's ordinal's."""
    parent, ordinal = parent_name_and_ordinal(pod)
    meta = pod["metadata"]
    return (
        ordinal >= 0
        and parent == sts["metadata"]["name"]
        and meta["name"] == get_pod_name(sts, ordinal)
        and meta.get("namespace") == sts["metadata"]["namespace"]
        and (meta.get("labels") or {}).get(STATEFUL_SET_POD_NAME_LABEL) == meta["name"]
    )


def storage_matches(sts: Object, pod: Object) -> bool:
    """storageMatches: every claim template is a volume of the pod, on its own claim."""
    ordinal = get_ordinal(pod)
    if ordinal < 0:
        return False
    volumes = {v.get("name"): v for v in (pod.get("spec") or {}).get("volumes") or ()}
    for template in sts["spec"].get("volumeClaimTemplates") or ():
        source = (volumes.get(template["metadata"]["name"]) or {}).get("persistentVolumeClaim")
        if source is None or source.get("claimName") != claim_name(sts, template, ordinal):
            return False
    return True


def persistent_volume_claims(sts: Object, pod: Object) -> list[Object]:
    """getPersistentVolumeClaims: the pod's claims, one per template, in the templates'
    order, labelled with the template's labels and the set's matchLabels."""
    ordinal = get_ordinal(pod)
    match_labels = (sts["spec"].get("selector") or {}).get("matchLabels") or {}
    claims = []
    for template in sts["spec"].get("volumeClaimTemplates") or ():
        claim = codec.deep_copy(template)
        meta = claim.setdefault("metadata", {})
        meta["name"] = claim_name(sts, template, ordinal)
        meta["namespace"] = sts["metadata"]["namespace"]
        claim_labels = {**(meta.get("labels") or {}), **match_labels}
        if claim_labels:
            meta["labels"] = claim_labels
        claims.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim", **claim})
    return claims


def update_storage(sts: Object, pod: Object) -> None:
    """updateStorage: a volume on each of the pod's claims, in place of any of that name."""
    templates = sts["spec"].get("volumeClaimTemplates") or ()
    names = {t["metadata"]["name"] for t in templates}
    ordinal = get_ordinal(pod)
    volumes = [
        {
            "name": t["metadata"]["name"],
            "persistentVolumeClaim": {"claimName": claim_name(sts, t, ordinal)},
        }
        for t in templates
    ]
    spec = pod.setdefault("spec", {})
    volumes += [v for v in spec.get("volumes") or () if v.get("name") not in names]
    spec["volumes"] = volumes


def update_identity(sts: Object, pod: Object) -> None:
    """updateIdentity: the name, namespace, pod-name and pod-index labels of its ordinal."""
    ordinal = get_ordinal(pod)
    meta = pod["metadata"]
    meta["name"] = get_pod_name(sts, ordinal)
    meta["namespace"] = sts["metadata"]["namespace"]
    meta["labels"] = {
        **(meta.get("labels") or {}),
        STATEFUL_SET_POD_NAME_LABEL: meta["name"],
        POD_INDEX_LABEL: str(ordinal),
    }


def new_stateful_set_pod(sts: Object, ordinal: int) -> Object:
    """newStatefulSetPod: the template's pod named for its ordinal, its hostname its name
    and its subdomain the set's governing service (both fixed at creation)."""
    pod = utils.pod_from_template(sts["spec"]["template"], sts, utils.controller_ref(sts))
    pod = {"apiVersion": "v1", "kind": "Pod", **pod}
    pod["metadata"]["name"] = get_pod_name(sts, ordinal)
    update_identity(sts, pod)
    pod["spec"]["hostname"] = pod["metadata"]["name"]
    if sts["spec"].get("serviceName"):
        pod["spec"]["subdomain"] = sts["spec"]["serviceName"]
    update_storage(sts, pod)
    return pod


def new_versioned_stateful_set_pod(
    current_set: Object, update_set: Object, current: str, update: str, ordinal: int
) -> Object:
    """newVersionedStatefulSetPod: a pod of the current revision below the partition (or,
    without one, below status.currentReplicas), else of the update revision."""
    spec = current_set["spec"]
    strategy = spec.get("updateStrategy") or {}
    rolling = strategy.get("rollingUpdate")
    start = start_ordinal(current_set)
    current_replicas = (current_set.get("status") or {}).get("currentReplicas", 0)
    if (
        strategy.get("type") == ROLLING_UPDATE
        and rolling is None
        and ordinal < start + current_replicas
    ) or (rolling is not None and ordinal < start + rolling.get("partition", 0)):
        return _with_revision(new_stateful_set_pod(current_set, ordinal), current)
    return _with_revision(new_stateful_set_pod(update_set, ordinal), update)


def _with_revision(pod: Object, revision: str) -> Object:
    """setPodRevision."""
    pod["metadata"]["labels"][STATEFUL_SET_REVISION_LABEL] = revision
    return pod


def get_pod_revision(pod: Object) -> str:
    return (pod["metadata"].get("labels") or {}).get(STATEFUL_SET_REVISION_LABEL, "")


# -- a pod's state -----------------------------------------------------------------------


def _phase(pod: Object) -> str:
    return (pod.get("status") or {}).get("phase") or ""


def is_created(pod: Object) -> bool:
    """isCreated: kube-apiserver has given it a phase."""
    return _phase(pod) != ""


def is_pending(pod: Object) -> bool:
    return _phase(pod) == "Pending"


def is_finished(pod: Object) -> bool:
    """isFailed or isSucceeded."""
    return _phase(pod) in ("Failed", "Succeeded")


def is_terminating(pod: Object) -> bool:
    """isTerminating: being deleted (whatever its phase)."""
    return bool(pod["metadata"].get("deletionTimestamp"))


def is_running_and_ready(pod: Object) -> bool:
    return _phase(pod) == "Running" and utils.is_pod_ready(pod)


def is_unavailable(pod: Object, min_ready_seconds: int, clock: Clock) -> bool:
    return not utils.is_pod_available(pod, min_ready_seconds, clock) or is_terminating(pod)


def allows_burst(sts: Object) -> bool:
    """allowsBurst: Parallel pod management."""
    return sts["spec"].get("podManagementPolicy") == PARALLEL


def next_availability_check_ms(
    pods: list[Object], min_ready_seconds: int, clock: Clock
) -> int | None:
    """FindMinNextPodAvailabilityCheck: how long until the first ready pod becomes available;
    the millisecond after its minReadySeconds, as availability is strictly after them."""
    found: int | None = None
    for pod in pods:
        if not utils.is_pod_ready(pod) or min_ready_seconds <= 0:
            continue
        since = utils.virtual_ms(
            clock, (utils.ready_condition(pod) or {}).get("lastTransitionTime")
        )
        if since is None:
            continue
        delay = since + min_ready_seconds * 1000 + 1 - clock.now
        if delay > 0 and (found is None or delay < found):
            found = delay
    return found


# -- revisions ---------------------------------------------------------------------------


def new_revision(sts: Object, revision: int, collision_count: int) -> Object:
    """newRevision: a ControllerRevision whose data restores the set's template, named and
    labelled with the hash of that data and the collision count."""
    meta = sts["metadata"]
    data = history.template_patch(sts)
    hash_ = utils.compute_hash(data, collision_count)
    template_labels = (sts["spec"]["template"].get("metadata") or {}).get("labels") or {}
    body: Object = {
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": {
            "name": history.controller_revision_name(meta["name"], hash_),
            "namespace": meta["namespace"],
            "labels": {**template_labels, CONTROLLER_REVISION_HASH_LABEL: hash_},
            "ownerReferences": [utils.controller_ref(sts)],
        },
        "data": data,
        "revision": revision,
    }
    if meta.get("annotations"):
        body["metadata"]["annotations"] = dict(meta["annotations"])
    return body


def apply_revision(sts: Object, revision: Object) -> Object:
    """ApplyRevision: the set with the template the revision recorded (its patch replaces the
    whole template)."""
    template = codec.deep_copy(revision["data"]["spec"]["template"])
    template.pop("$patch", None)
    return {**sts, "spec": {**sts["spec"], "template": template}}


def next_revision(revisions: list[Object]) -> int:
    """nextRevision: one more than the last of the sorted revisions, 1 for none."""
    return revisions[-1].get("revision", 0) + 1 if revisions else 1


# -- status ------------------------------------------------------------------------------

_COUNTS = ("replicas", "readyReplicas", "availableReplicas", "currentReplicas", "updatedReplicas")
# StatefulSetStatus in its JSON order; replicas, availableReplicas and the collisionCount
# pointer are always written, the rest only when set
_STATUS_ORDER = (
    "observedGeneration",
    "replicas",
    "readyReplicas",
    "currentReplicas",
    "updatedReplicas",
    "currentRevision",
    "updateRevision",
    "collisionCount",
    "availableReplicas",
)
_ALWAYS = frozenset({"replicas", "collisionCount", "availableReplicas"})


def update_status(
    status: Object,
    min_ready_seconds: int,
    current: str,
    update: str,
    clock: Clock,
    *pod_lists: list[Object],
) -> None:
    """updateStatus: the counts of computeReplicaStatus over the lists."""
    status.update(dict.fromkeys(_COUNTS, 0))
    for pods in pod_lists:
        for pod in pods:
            created = is_created(pod)
            status["replicas"] += created
            if is_running_and_ready(pod):
                status["readyReplicas"] += 1
                status["availableReplicas"] += utils.is_pod_available(pod, min_ready_seconds, clock)
            if created and not is_terminating(pod):
                revision = get_pod_revision(pod)
                status["currentReplicas"] += revision == current
                status["updatedReplicas"] += revision == update


def complete_rolling_update(sts: Object, status: Object) -> None:
    """completeRollingUpdate: once every replica is updated and ready, the update revision
    becomes the current one."""
    replicas = sts["spec"].get("replicas", 1)
    if (sts["spec"].get("updateStrategy") or {}).get("type") == ROLLING_UPDATE and (
        status["updatedReplicas"] == status["readyReplicas"] == status["replicas"] == replicas
    ):
        status["currentReplicas"] = status["updatedReplicas"]
        status["currentRevision"] = status["updateRevision"]


def inconsistent_status(sts: Object, status: Object) -> bool:
    """inconsistentStatus: a newer generation, or any count or revision differs."""
    current = sts.get("status") or {}
    if status["observedGeneration"] > current.get("observedGeneration", 0):
        return True
    return any(
        status[key] != current.get(key, "" if key.endswith("Revision") else 0)
        for key in (*_COUNTS, "currentRevision", "updateRevision")
    )


def status_json(status: Object) -> Object:
    """The status as Go marshals StatefulSetStatus (omitempty fields left out when zero)."""
    return {k: status[k] for k in _STATUS_ORDER if k in _ALWAYS or status.get(k)}
