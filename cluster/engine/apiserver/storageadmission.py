"""The admission plugins of storage (plugin/pkg/admission/storage): DefaultStorageClass,
StorageObjectInUseProtection and PersistentVolumeClaimResize."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object, newest
from cluster.engine.api.storage import (
    BETA_STORAGE_CLASS,
    PV_PROTECTION_FINALIZER,
    PVC_PROTECTION_FINALIZER,
    is_default_class,
    storage_class_of,
)
from cluster.engine.apiserver import errors

if TYPE_CHECKING:
    from cluster.engine.apiserver.admission import Attributes, Store

_PROTECTIONS = {
    "persistentvolumes": PV_PROTECTION_FINALIZER,
    "persistentvolumeclaims": PVC_PROTECTION_FINALIZER,
}


def _written(attrs: Attributes, operation: str) -> Object | None:
    """The object of a write of this operation to the resource itself, not a subresource."""
    if attrs.operation != operation or attrs.subresource:
        return None
    return attrs.obj


def default_storage_class(attrs: Attributes, store: Store) -> bool:
    """A new claim that asks for no class gets the default one, if there is one."""
    claim = _written(attrs, "CREATE")
    if claim is None or attrs.resource.name != "persistentvolumeclaims":
        return False
    annotations = claim["metadata"].get("annotations") or {}
    spec = claim.setdefault("spec", {})
    if BETA_STORAGE_CLASS in annotations or spec.get("storageClassName") is not None:
        return False  # the claim asked for a class, even "" (no class at all)
    found = default_class(store)
    if found is None:
        return False
    spec["storageClassName"] = found["metadata"]["name"]
    return True


def default_class(store: Store) -> Object | None:
    """GetDefaultClass: of the classes marked default, the newest (then the first by name)."""
    return newest([sc for sc in store.objects("storageclasses", "") if is_default_class(sc)])


def storage_object_in_use_protection(attrs: Attributes, _: Store) -> bool:
    """A new volume or claim carries the finalizer its protection controller removes."""
    obj = _written(attrs, "CREATE")
    if obj is None:
        return False
    finalizer = _PROTECTIONS[attrs.resource.name]
    finalizers = obj["metadata"].setdefault("finalizers", [])
    if finalizer not in finalizers:
        finalizers.append(finalizer)
    return True


def persistent_volume_claim_resize(attrs: Attributes, store: Store) -> bool:
    """A claim grows only once bound, and only if its class allows volume expansion."""
    claim = _written(attrs, "UPDATE")
    if claim is None or attrs.old is None:
        return False
    if _requested(claim) <= _requested(attrs.old):
        return True
    if (attrs.old.get("status") or {}).get("phase") != "Bound":
        raise _forbidden(attrs, "Only bound persistent volume claims can be expanded")
    if not _allows_resize(claim, attrs.old, store):
        raise _forbidden(
            attrs,
            "only dynamically provisioned pvc can be resized and the storageclass that "
            "provisions the pvc must support resize",
        )
    return True


def _forbidden(attrs: Attributes, reason: str) -> errors.StatusError:
    return errors.forbidden_reason(attrs.resource, attrs.display_name(), reason)


def _requested(claim: Object) -> quantity.Fraction:
    requests = ((claim.get("spec") or {}).get("resources") or {}).get("requests") or {}
    return quantity.parsed(requests.get("storage", "0")) or quantity.Fraction(0)


def _allows_resize(claim: Object, old: Object, store: Store) -> bool:
    name = storage_class_of(claim)
    if not name or name != storage_class_of(old):
        return False
    found = store.lookup("storageclasses", "", name)
    return bool(found and found.get("allowVolumeExpansion"))
