"""persistentVolumeClaimRetentionPolicy as owner references on a pod's claims
(stateful_set_utils.go), which the garbage collector then follows:

    Retain on scale down, Retain on deletion: no owner reference
    Retain on scale down, Delete on deletion: the set owns the claim
    Delete on scale down, Retain on deletion: the pod owns it once it is scaled down
    Delete on both: the set owns it, then the pod once it is scaled down

Claims owned otherwise (an older set or pod of the same name, another controller) are left
alone.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.statefulset.utils import DELETE, RETAIN, pod_in_ordinal_range

SET_KIND = ("apps/v1", "StatefulSet")
POD_KIND = ("v1", "Pod")


def retention_policy(sts: Object) -> tuple[str, str]:
    """getPersistentVolumeClaimRetentionPolicy: (whenScaled, whenDeleted), Retain unset."""
    policy = sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}
    return policy.get("whenScaled", RETAIN), policy.get("whenDeleted", RETAIN)


def _refs(claim: Object) -> list[Object]:
    return list(claim["metadata"].get("ownerReferences") or ())


def _uid(obj: Object) -> str:
    return obj["metadata"].get("uid", "")


def _matches_ref(ref: Object, obj: Object, kind: tuple[str, str]) -> bool:
    """matchesRef: the same group version, kind and name (whatever the uid)."""
    name = obj["metadata"]["name"]
    return (ref.get("apiVersion"), ref.get("kind")) == kind and ref.get("name") == name


def has_stale_owner_ref(claim: Object, obj: Object, kind: tuple[str, str]) -> bool:
    """hasStaleOwnerRef: the first reference to an object of that kind and name is to another
    one (an earlier object of the same name, or one not created yet)."""
    for ref in _refs(claim):
        if _matches_ref(ref, obj, kind):
            return ref.get("uid") != _uid(obj)
    return False


def _has_owner_ref(claim: Object, owner: Object) -> bool:
    return any(ref.get("uid") == _uid(owner) for ref in _refs(claim))


def has_unexpected_controller(claim: Object, sts: Object, pod: Object) -> bool:
    """hasUnexpectedController: under a Delete policy, the claim has a controller that is
    neither this set nor this pod (or a reference to them with another uid)."""
    if retention_policy(sts) == (RETAIN, RETAIN):
        return False
    for ref in _refs(claim):
        if _matches_ref(ref, sts, SET_KIND):
            if ref.get("uid") != _uid(sts):
                return True
        elif _matches_ref(ref, pod, POD_KIND):
            if ref.get("uid") != _uid(pod):
                return True
        elif ref.get("controller"):
            return True
    return False


def _has_non_controller_owner(claim: Object, sts: Object, pod: Object) -> bool:
    return any(
        ref.get("uid") in (_uid(sts), _uid(pod)) and not ref.get("controller")
        for ref in _refs(claim)
    )


def is_claim_owner_up_to_date(claim: Object, sts: Object, pod: Object) -> bool:
    """isClaimOwnerUpToDate: the claim's owners are what the policy wants (or the claim is
    managed by someone else, and is not to be touched)."""
    if has_stale_owner_ref(claim, sts, SET_KIND) or has_stale_owner_ref(claim, pod, POD_KIND):
        return True
    if has_unexpected_controller(claim, sts, pod):
        return not (_has_owner_ref(claim, sts) or _has_owner_ref(claim, pod))
    if _has_non_controller_owner(claim, sts, pod):
        return False
    wants_set, wants_pod = _wanted_owners(sts, pod)
    return _has_owner_ref(claim, sts) == wants_set and _has_owner_ref(claim, pod) == wants_pod


def _wanted_owners(sts: Object, pod: Object) -> tuple[bool, bool]:
    """Whether the set, and whether the pod, should own the pod's claims (an unknown policy
    is Retain)."""
    when_scaled, when_deleted = retention_policy(sts)
    scaled_down = not pod_in_ordinal_range(pod, sts)
    if when_scaled == DELETE and when_deleted in (RETAIN, DELETE):
        return when_deleted == DELETE and not scaled_down, scaled_down
    if when_scaled == RETAIN and when_deleted == DELETE:
        return True, False
    return False, False


def update_claim_owner_refs(claim: Object, sts: Object, pod: Object) -> None:
    """updateClaimOwnerRefForSetAndPod: drop the references to this set and pod, then add
    the ones the policy wants (none while another controller manages the claim)."""
    refs = [
        ref
        for ref in _refs(claim)
        if not (_matches_ref(ref, sts, SET_KIND) or _matches_ref(ref, pod, POD_KIND))
    ]
    if not has_unexpected_controller(claim, sts, pod):
        wants_set, wants_pod = _wanted_owners(sts, pod)
        if wants_pod:
            refs = _add_controller_ref(refs, pod)
        if wants_set:
            refs = _add_controller_ref(refs, sts)
    if refs:
        claim["metadata"]["ownerReferences"] = refs
    else:
        claim["metadata"].pop("ownerReferences", None)  # an empty list is omitted


def _add_controller_ref(refs: list[Object], owner: Object) -> list[Object]:
    """addControllerRef: the owner as controller, unless it is there already."""
    if any(ref.get("uid") == _uid(owner) for ref in refs):
        return refs
    return [*refs, utils.controller_ref(owner)]
