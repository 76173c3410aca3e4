"""Reading storage objects as Kubernetes' helpers do (pkg/apis/core/helper,
pkg/volume/util/storageclass.go): a volume's or claim's class, a class's default mark, access
modes as kubectl prints them."""

from __future__ import annotations

from cluster.engine.api.meta import Object

_ACCESS_MODES = (
    ("ReadWriteOnce", "RWO"),
    ("ReadOnlyMany", "ROX"),
    ("ReadWriteMany", "RWX"),
    ("ReadWriteOncePod", "RWOP"),
)
BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class"
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"
# the finalizers StorageObjectInUseProtection adds and the protection controllers remove
PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection"
PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection"


def access_modes(modes: list[str]) -> str:
    """GetAccessModesAsString: each mode once, in a fixed order."""
    return ",".join(short for mode, short in _ACCESS_MODES if mode in modes)


def storage_class_of(obj: Object) -> str:
    """GetPersistentVolumeClass and GetPersistentVolumeClaimClass: the beta annotation first."""
    annotations = obj["metadata"].get("annotations") or {}
    if BETA_STORAGE_CLASS in annotations:
        return annotations[BETA_STORAGE_CLASS]
    return (obj.get("spec") or {}).get("storageClassName") or ""


def is_default_class(sc: Object) -> bool:
    """IsDefaultAnnotation: either annotation says "true"."""
    annotations = sc["metadata"].get("annotations") or {}
    return "true" in (annotations.get(DEFAULT_CLASS), annotations.get(BETA_DEFAULT_CLASS))
