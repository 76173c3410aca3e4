"""What binding a claim to a volume is made of (component-helpers/storage/volume, and the
binder's ordered index of volumes, pkg/controller/volume/persistentvolume/index.go)."""

from __future__ import annotations

from collections.abc import Callable, Container

from cluster.engine.api import labels, quantity
from cluster.engine.api.meta import Object, newest
from cluster.engine.api.storage import (
    BETA_STORAGE_CLASS,
    access_modes,
    is_default_class,
    storage_class_of,
)

ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by"
ANN_MIGRATED_TO = "pv.kubernetes.io/migrated-to"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
PV_DELETION_IN_TREE_PROTECTION_FINALIZER = "kubernetes.io/pv-controller"
FILESYSTEM = "Filesystem"
AVAILABLE, BOUND, RELEASED, FAILED = "Available", "Bound", "Released", "Failed"  # volumes'
PENDING, LOST = "Pending", "Lost"  # claims' (and Bound)


def annotations(obj: Object) -> dict[str, str]:
    return obj["metadata"].get("annotations") or {}


# GetPersistentVolumeClaimClass and GetPersistentVolumeClass: the beta annotation first
claim_class = volume_class = storage_class_of


def claim_has_class(claim: Object) -> bool:
    """PersistentVolumeClaimHasClass."""
    return (
        BETA_STORAGE_CLASS in annotations(claim)
        or claim["spec"].get("storageClassName") is not None
    )


def claim_key(claim: Object) -> str:
    return f"{claim['metadata'].get('namespace', '')}/{claim['metadata']['name']}"


def claim_ref_key(ref: Object) -> str:
    """claimrefToClaimKey."""
    return f"{ref.get('namespace', '')}/{ref.get('name', '')}"


def storage(resources: Object | None) -> int:
    """The storage of a capacity or of requests, in bytes (Quantity.Value; 0 when unset)."""
    found = (resources or {}).get("storage")
    return quantity.value(found) if found is not None else 0


def requested_storage(claim: Object) -> int:
    return storage((claim["spec"].get("resources") or {}).get("requests"))


def is_volume_bound_to_claim(volume: Object, claim: Object) -> bool:
    """IsVolumeBoundToClaim: pre-bound or bound to this claim (name, namespace, and the uid
    when the reference has one)."""
    ref = volume["spec"].get("claimRef")
    if ref is None:
        return False
    meta = claim["metadata"]
    if ref.get("name") != meta["name"] or ref.get("namespace") != meta.get("namespace"):
        return False
    return not ref.get("uid") or ref.get("uid") == meta.get("uid")


def volume_mode_mismatch(claim: Object, volume: Object) -> bool:
    """CheckVolumeModeMismatches (an unset mode is Filesystem)."""
    wanted = claim["spec"].get("volumeMode") or FILESYSTEM
    return wanted != (volume["spec"].get("volumeMode") or FILESYSTEM)


def check_access_modes(claim: Object, volume: Object) -> bool:
    """CheckAccessModes: the volume has every mode the claim asks for."""
    modes = set(volume["spec"].get("accessModes") or ())
    return all(mode in modes for mode in claim["spec"].get("accessModes") or ())


def attributes_class_mismatch(claim: Object, volume: Object) -> bool:
    """The volumeAttributesClassName of the two differs (VolumeAttributesClass is GA)."""
    wanted = claim["spec"].get("volumeAttributesClassName") or ""
    return wanted != (volume["spec"].get("volumeAttributesClassName") or "")


def find_matching_volume(
    claim: Object,
    volumes: list[Object],
    delay_binding: bool = False,
    fits: Callable[[Object], bool] | None = None,
    excluded: Container[str] = (),
) -> Object | None:
    """FindMatchingVolume: a volume pre-bound to the claim, else the smallest Available one of
    the claim's class that is large enough and that its selector picks. On the binder's path
    no node is known (`fits` None) and a claim whose binding waits for its first consumer gets
    none; on the scheduler's, `fits` says whether a volume's node affinity admits the node, and
    the volume must also offer the claim's access modes. Raises labels.SelectorError for a
    selector that does not parse (LabelSelectorAsSelector)."""
    requested = requested_storage(claim)
    requested_class = claim_class(claim)
    wanted = claim["spec"].get("selector")
    selector = labels.from_label_selector(wanted) if wanted is not None else labels.EVERYTHING
    smallest: Object | None = None
    smallest_size = 0
    for volume in volumes:
        if volume["metadata"]["name"] in excluded:
            continue
        if volume["spec"].get("claimRef") is not None and not is_volume_bound_to_claim(
            volume, claim
        ):
            continue
        size = storage(volume["spec"].get("capacity"))
        if size < requested or volume_mode_mismatch(claim, volume):
            continue
        if attributes_class_mismatch(claim, volume) or volume["metadata"].get("deletionTimestamp"):
            continue
        affinity_admits = fits is None or fits(volume)
        if is_volume_bound_to_claim(volume, claim):
            return volume if affinity_admits else None
        if fits is None and delay_binding:
            continue
        if (volume.get("status") or {}).get("phase") != AVAILABLE:
            continue
        if not selector.matches(volume["metadata"].get("labels") or {}):
            continue
        if volume_class(volume) != requested_class or not affinity_admits:
            continue
        if fits is not None and not check_access_modes(claim, volume):
            continue
        if smallest is None or smallest_size > size:
            smallest, smallest_size = volume, size
    return smallest


def find_best_match_for_claim(
    claim: Object, volumes: list[Object], delay_binding: bool
) -> Object | None:
    """findBestMatchForClaim: the volumes are indexed by their set of access modes
    (GetAccessModesAsString); look among the sets that hold all the claim asks for, those
    with the fewest modes first (within a set by name, as the cache's order is no order)."""
    groups: dict[str, list[Object]] = {}
    for volume in sorted(volumes, key=lambda v: v["metadata"]["name"]):
        groups.setdefault(access_modes(volume["spec"].get("accessModes") or []), []).append(volume)
    wanted = claim["spec"].get("accessModes") or ()
    possible = [
        key
        for key, members in groups.items()
        if all(mode in (members[0]["spec"].get("accessModes") or ()) for mode in wanted)
    ]
    for key in sorted(possible, key=lambda key: (len(key.split(",")) if key else 0, key)):
        found = find_matching_volume(claim, groups[key], delay_binding)
        if found is not None:
            return found
    return None


def claim_reference(claim: Object) -> Object:
    """reference.GetReference of a claim, as a volume's claimRef holds it."""
    meta = claim["metadata"]
    ref = {
        "kind": "PersistentVolumeClaim",
        "namespace": meta.get("namespace", ""),
        "name": meta["name"],
        "uid": meta.get("uid", ""),
        "apiVersion": "v1",
        "resourceVersion": meta.get("resourceVersion", ""),
    }
    return {key: value for key, value in ref.items() if value}


def default_class(classes: list[Object]) -> Object | None:
    """GetDefaultClass: of the default classes, the newest (by name among equals)."""
    return newest([found for found in classes if is_default_class(found)])
