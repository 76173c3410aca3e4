"""Validation of storage with Kubernetes' field paths and error texts: PersistentVolumes and
PersistentVolumeClaims (pkg/apis/core/validation, and pkg/volume/validation's check of a
volume's mount options), StorageClasses (pkg/apis/storage/validation).

Each function checks what the kind's registry strategy checks beside the object's metadata
(which is validated as for every kind, with DNS subdomain names for all three kinds).
"""

from __future__ import annotations

import math
import posixpath
from fractions import Fraction
from typing import Any

from cluster.engine.api import content, labels, nodeselector, quantity
from cluster.engine.api.field import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
    too_long,
)
from cluster.engine.api.godiff import diff, go_struct, resource_list, semantic
from cluster.engine.api.meta import Object
from cluster.engine.api.storagetypes import (
    PERSISTENT_VOLUME_CLAIM_SPEC,
    PERSISTENT_VOLUME_SOURCE,
    VOLUME_NODE_AFFINITY,
)
from cluster.engine.api.validation import IMMUTABLE

READ_WRITE_ONCE_POD = "ReadWriteOncePod"
ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", READ_WRITE_ONCE_POD]
RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"]
VOLUME_MODES = ["Block", "Filesystem"]
HOST_PATH_TYPES = [
    "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate",
    "Socket",
]  # fmt: skip
RESIZE_STATUSES = [
    "ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress",
    "NodeResizeInfeasible", "NodeResizePending",
]  # fmt: skip
CLASS_RECLAIM_POLICIES = ["Delete", "Retain"]
BINDING_MODES = ["Immediate", "WaitForFirstConsumer"]
MOUNT_OPTIONS_ANNOTATION = "volume.beta.kubernetes.io/mount-options"
STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
MAX_PARAMETERS, MAX_PARAMETERS_SIZE = 512, 256 * (1 << 10)
MAX_CSI_DRIVER_NAME = 63
POSITIVE = "must be greater than zero"
MORE_THAN_ONE = "may not specify more than 1 volume type"
CLAIM_SPEC_IMMUTABLE = (
    "spec is immutable after creation except resources.requests and volumeAttributesClassName "
    "for bound claims"
)
# the order ValidatePersistentVolumeSpec takes the sources in; the path a second one is
# refused at, when it is not its own: a flexVolume is never refused (sic)
_SOURCE_ORDER = (
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs",
    "rbd", "quobyte", "cephfs", "iscsi", "cinder", "fc", "flexVolume", "azureFile",
    "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local",
    "storageos", "csi",
)  # fmt: skip
_REFUSED_AT = {"cephfs": "cephFS", "flexVolume": ""}
# the sources whose plugins take mount options
_MOUNTABLE = (
    "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "nfs", "rbd", "quobyte", "iscsi",
    "cinder", "cephfs", "azureFile", "vsphereVolume", "azureDisk", "photonPersistentDisk",
)  # fmt: skip
# the node labels a volume's affinity may move from their beta key to their GA one
BETA_TO_GA = {
    "failure-domain.beta.kubernetes.io/zone": "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region": "topology.kubernetes.io/region",
    "beta.kubernetes.io/os": "kubernetes.io/os",
    "beta.kubernetes.io/arch": "kubernetes.io/arch",
    "beta.kubernetes.io/instance-type": "node.kubernetes.io/instance-type",
}
_SELECTOR_KINDS = ("matchExpressions", "matchFields")


# -- shared checks ---------------------------------------------------------------------------


def _access_modes(modes: list[str], path: str) -> list[FieldError]:
    """Each mode supported; ReadWriteOncePod alone."""
    errors = [not_supported(path, mode, ACCESS_MODES) for mode in modes if mode not in ACCESS_MODES]
    others = any(mode in ACCESS_MODES and mode != READ_WRITE_ONCE_POD for mode in modes)
    if READ_WRITE_ONCE_POD in modes and others:
        errors.append(forbidden(path, "may not use ReadWriteOncePod with other access modes"))
    return errors


def _class_name(name: str, path: str) -> list[FieldError]:
    """ValidateClassName (a DNS subdomain), of a name that is set."""
    return [invalid(path, name, d) for d in content.name_is_dns_subdomain(name)] if name else []


def _volume_mode(mode: str | None, path: str) -> list[FieldError]:
    if mode is None or mode in VOLUME_MODES:
        return []
    return [not_supported(path, mode, VOLUME_MODES)]


def _basic(amount: Any, path: str) -> list[FieldError]:
    """validateBasicResource: the quantity's Value(), rounded away from zero, not negative."""
    value = quantity.parsed(amount)
    if value is None or value >= 0:
        return []  # a quantity that does not parse never got past decoding
    return [invalid(path, math.floor(value), "must be a valid resource quantity")]


def _positive(amount: Any, path: str) -> list[FieldError]:
    """ValidatePositiveQuantityValue."""
    value = quantity.parsed(amount)
    if value is None or value > 0:
        return []
    return [invalid(path, quantity.canonical(amount), POSITIVE)]


def _storage(obj: Object | None, key: str) -> Fraction:
    """The storage amount of a resource list (zero when it names none)."""
    return quantity.parsed(((obj or {}).get(key) or {}).get("storage", 0)) or Fraction(0)


def _unchanged(new: Any, old: Any, path: str) -> list[FieldError]:
    """ValidateImmutableField, which compares as apiequality.Semantic does."""
    return [] if semantic(new) == semantic(old) else [invalid(path, new, IMMUTABLE)]


def _resource_version(obj: Object) -> list[FieldError]:
    return [] if obj["metadata"].get("resourceVersion") else [required("resourceVersion")]


# -- PersistentVolume ------------------------------------------------------------------------


def validate_persistent_volume(pv: Object) -> list[FieldError]:
    """ValidatePersistentVolumeSpec, then whether the volume takes mount options."""
    return _volume_spec(pv.get("spec") or {}) + _mount_options(pv)


def _volume_spec(spec: Object) -> list[FieldError]:
    modes = spec.get("accessModes") or []
    errors = [] if modes else [required("spec.accessModes")]
    errors += _access_modes(modes, "spec.accessModes")
    errors += _capacity(spec.get("capacity"))
    policy = spec.get("persistentVolumeReclaimPolicy") or ""
    if policy and policy not in RECLAIM_POLICIES:
        path = "spec.persistentVolumeReclaimPolicy"
        errors.append(not_supported(path, policy, RECLAIM_POLICIES))
    if spec.get("nodeAffinity") is not None:
        errors += _volume_node_affinity(spec["nodeAffinity"], "spec.nodeAffinity")
    errors += _sources(spec)
    errors += _recycled_root(spec)
    errors += _class_name(spec.get("storageClassName") or "", "spec.storageClassName")
    errors += _volume_mode(spec.get("volumeMode"), "spec.volumeMode")
    return errors + _attributes_class(spec)


def _capacity(capacity: Object | None) -> list[FieldError]:
    """Only storage, a positive amount."""
    errors = [] if capacity else [required("spec.capacity")]
    if set(capacity or {}) != {"storage"}:
        value = None if capacity is None else resource_list(capacity)
        errors.append(not_supported("spec.capacity", value, ["storage"]))
    for name, amount in sorted((capacity or {}).items()):
        path = f"spec.capacity[{name}]"
        errors += _basic(amount, path) + _positive(amount, path)
    return errors


def _volume_node_affinity(affinity: Object, path: str) -> list[FieldError]:
    """validateVolumeNodeAffinity."""
    if affinity.get("required") is None:
        return [required(f"{path}.required", "must specify required node constraints")]
    return nodeselector.validate(affinity["required"], f"{path}.required")


def _sources(spec: Object) -> list[FieldError]:
    """Exactly one volume source, valid."""
    errors: list[FieldError] = []
    found = False
    for key in _SOURCE_ORDER:
        source = spec.get(key)
        if source is None:
            continue
        refused_at = _REFUSED_AT.get(key, key)
        if found and refused_at:
            errors.append(forbidden(f"spec.{refused_at}", MORE_THAN_ONE))
            continue
        found = True
        check = _SOURCE_CHECKS.get(key)
        if check is not None:
            errors += check(source, f"spec.{key}")
        if key == "local" and spec.get("nodeAffinity") is None:
            errors.append(required("spec.nodeAffinity", "Local volume requires node affinity"))
    return errors if found else [*errors, required("spec", "must specify a volume type")]


def _host_path(source: Object, path: str) -> list[FieldError]:
    """validateHostPathVolumeSource."""
    target = source.get("path") or ""
    if not target:
        return [required(f"{path}.path")]
    errors = _no_backsteps(target, f"{path}.path")
    kind = source.get("type")
    if kind is not None and kind not in HOST_PATH_TYPES:
        errors.append(not_supported(f"{path}.type", kind, HOST_PATH_TYPES))
    return errors


def _no_backsteps(target: str, path: str) -> list[FieldError]:
    """validatePathNoBacksteps."""
    return [invalid(path, target, "must not contain '..'")] if ".." in target.split("/") else []


def _nfs(source: Object, path: str) -> list[FieldError]:
    target = source.get("path") or ""
    errors = [required(f"{path}.{key}") for key in ("server", "path") if not source.get(key)]
    if not target.startswith("/"):
        errors.append(invalid(f"{path}.path", target, "must be an absolute path"))
    return errors


def _local(source: Object, path: str) -> list[FieldError]:
    target = source.get("path") or ""
    return _no_backsteps(target, f"{path}.path") if target else [required(f"{path}.path")]


def _csi(source: Object, path: str) -> list[FieldError]:
    """validateCSIPersistentVolumeSource (which leaves nodeStageSecretRef unchecked)."""
    errors = csi_driver_name(source.get("driver") or "", f"{path}.driver")
    if not source.get("volumeHandle"):
        errors.append(required(f"{path}.volumeHandle"))
    for key in (
        "controllerPublishSecretRef",
        "controllerExpandSecretRef",
        "nodePublishSecretRef",
        "nodeExpandSecretRef",
    ):
        if source.get(key) is not None:
            errors += _secret_reference(source[key], f"{path}.{key}")
    return errors


_SOURCE_CHECKS = {"hostPath": _host_path, "nfs": _nfs, "local": _local, "csi": _csi}


def csi_driver_name(driver: str, path: str) -> list[FieldError]:
    """ValidateCSIDriverName: a DNS subdomain, in any case, of at most 63 characters."""
    if not driver:
        return [required(path)]
    errors = [too_long(path, MAX_CSI_DRIVER_NAME)] if len(driver) > MAX_CSI_DRIVER_NAME else []
    return errors + [invalid(path, driver, d) for d in content.dns1123_subdomain(driver.lower())]


def _secret_reference(ref: Object, path: str) -> list[FieldError]:
    """validatePVSecretReference: a secret's name and namespace, both required."""
    errors: list[FieldError] = []
    for key, check in (("name", content.dns1123_subdomain), ("namespace", content.dns1123_label)):
        value = ref.get(key) or ""
        if not value:
            errors.append(required(f"{path}.{key}"))
        else:
            errors += [invalid(f"{path}.{key}", value, d) for d in check(value)]
    return errors


def _recycled_root(spec: Object) -> list[FieldError]:
    """A hostPath of '/' is never recycled (scrubbed)."""
    target = (spec.get("hostPath") or {}).get("path") or ""
    # path.Clean: a rooted path that climbs back to its root is '/' (posixpath keeps '//')
    root = target.startswith("/") and posixpath.normpath(target) in ("/", "//")
    if not root or spec.get("persistentVolumeReclaimPolicy") != "Recycle":
        return []
    detail = "may not be 'recycle' for a hostPath mount of '/'"
    return [forbidden("spec.persistentVolumeReclaimPolicy", detail)]


def _attributes_class(spec: Object) -> list[FieldError]:
    """A volume's attributes class: named, and its volume a CSI one."""
    name = spec.get("volumeAttributesClassName")
    if name is None:
        return []
    path = "spec.volumeAttributesClassName"
    errors = _class_name(name, path) if name else [required(path, "an empty string is disallowed")]
    if spec.get("csi") is None:
        detail = "has to be specified when using volumeAttributesClassName"
        errors.append(required("spec.csi", detail))
    return errors


def _mount_options(pv: Object) -> list[FieldError]:
    """checkMountOption: the mount options annotation, on a volume whose plugin takes none."""
    spec = pv.get("spec") or {}
    if any(spec.get(key) is not None for key in _MOUNTABLE):
        return []
    if MOUNT_OPTIONS_ANNOTATION not in (pv["metadata"].get("annotations") or {}):
        return []
    path = f"metadata.annotations.{MOUNT_OPTIONS_ANNOTATION}"
    return [forbidden(path, "may not specify mount options for this volume type")]


def validate_persistent_volume_update(new: Object, old: Object) -> list[FieldError]:
    """The volume checked again, twice as the registry does (ValidatePersistentVolumeUpdate
    starts over), then what may not change: its source, its mode, its node affinity once set
    and an attributes class once set."""
    spec, before = new.get("spec") or {}, old.get("spec") or {}
    errors = validate_persistent_volume(new) + _volume_spec(spec)
    errors += _source_unchanged(spec, before)
    # sic: this path and the node affinity's below start at the spec's fields
    errors += _unchanged(spec.get("volumeMode"), before.get("volumeMode"), "volumeMode")
    if before.get("nodeAffinity") is not None:
        errors += _node_affinity_unchanged(spec.get("nodeAffinity"), before["nodeAffinity"])
    removed = spec.get("volumeAttributesClassName") is None
    if removed and before.get("volumeAttributesClassName") is not None:
        detail = "update from non-nil value to nil is forbidden"
        errors.append(forbidden("spec.volumeAttributesClassName", detail))
    return errors


def _source_unchanged(spec: Object, before: Object) -> list[FieldError]:
    """The source never changes, but for a CSI volume's controllerExpandSecretRef, which
    may be set where it was not."""
    csi, old_csi = spec.get("csi"), before.get("csi")
    if csi and old_csi is not None and old_csi.get("controllerExpandSecretRef") is None:
        spec = {**spec, "csi": {**csi, "controllerExpandSecretRef": None}}
    source = go_struct(spec, PERSISTENT_VOLUME_SOURCE)
    old_source = go_struct(before, PERSISTENT_VOLUME_SOURCE)
    if semantic(source) == semantic(old_source):
        return []
    detail = "spec.persistentvolumesource is immutable after creation\n"
    return [forbidden("spec.persistentvolumesource", detail + diff(old_source, source))]


def _node_affinity_unchanged(affinity: Object | None, before: Object) -> list[FieldError]:
    """validatePvNodeAffinity: unchanged but for beta label keys moved to their GA keys."""
    value = go_struct(affinity, VOLUME_NODE_AFFINITY)
    moved = go_struct(_moved_to_ga(before, affinity or {}), VOLUME_NODE_AFFINITY)
    if semantic(value) == semantic(moved):
        return []
    detail = f"{IMMUTABLE}, except for updating from beta label to GA"
    return [invalid("nodeAffinity", value, detail)]


def _moved_to_ga(before: Object, affinity: Object) -> Object:
    """The old affinity, each beta key the new one holds the GA key of at its place moved."""
    old_terms = _selector_terms(before)
    if old_terms is None:
        return before
    terms = _selector_terms(affinity) or []
    moved = [_term_moved_to_ga(term, _at(terms, i)) for i, term in enumerate(old_terms)]
    return {**before, "required": {**before["required"], "nodeSelectorTerms": moved}}


def _selector_terms(affinity: Object) -> list[Object] | None:
    selector = affinity.get("required")
    return None if selector is None else selector.get("nodeSelectorTerms") or []


def _term_moved_to_ga(term: Object, new: Object) -> Object:
    moved = {}
    for kind in _SELECTOR_KINDS:
        others = new.get(kind) or []
        moved[kind] = [_key_moved(r, _at(others, j)) for j, r in enumerate(term.get(kind) or [])]
    return moved


def _key_moved(requirement: Object, new: Object) -> Object:
    key, new_key = requirement.get("key", ""), new.get("key", "")
    if key != new_key and BETA_TO_GA.get(key, "") == new_key:
        return {**requirement, "key": new_key}
    return requirement


def _at(items: list[Object], index: int) -> Object:
    return items[index] if index < len(items) else {}


def validate_persistent_volume_status_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePersistentVolumeStatusUpdate: nothing of the status, only a resourceVersion."""
    return _resource_version(new)


# -- PersistentVolumeClaim -------------------------------------------------------------------


def validate_persistent_volume_claim(pvc: Object) -> list[FieldError]:
    return validate_persistent_volume_claim_spec(pvc.get("spec") or {}, "spec")


def validate_persistent_volume_claim_spec(spec: Object, path: str) -> list[FieldError]:
    """ValidatePersistentVolumeClaimSpec, of a claim or of a pod's claim template."""
    modes = spec.get("accessModes") or []
    errors: list[FieldError] = []
    if not modes:
        errors.append(required(f"{path}.accessModes", "at least 1 access mode is required"))
    if spec.get("selector") is not None:
        errors += labels.validate_label_selector(spec["selector"], f"{path}.selector")
    errors += _access_modes(modes, f"{path}.accessModes")
    storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
    if storage is None:
        errors.append(required(f"{path}.resources[storage]"))
    else:
        errors += _positive(storage, f"{path}.resources[storage]")
    errors += _class_name(spec.get("storageClassName") or "", f"{path}.storageClassName")
    errors += _volume_mode(spec.get("volumeMode"), f"{path}.volumeMode")
    errors += _data_sources(spec, path)
    attributes_class = spec.get("volumeAttributesClassName") or ""
    return errors + _class_name(attributes_class, f"{path}.volumeAttributesClassName")


def _data_sources(spec: Object, path: str) -> list[FieldError]:
    """The data source and its reference, each valid, and naming the same object."""
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    errors: list[FieldError] = []
    if source is not None:
        errors += _data_source(source, f"{path}.dataSource")
    if ref is not None:
        errors += _data_source(ref, f"{path}.dataSourceRef")
    # the bad value is a *field.Path, which has no exported field: encoding/json writes {}
    if ref is not None and ref.get("namespace"):
        if source is not None:
            detail = "may not be specified when dataSourceRef.namespace is specified"
            errors.append(invalid(path, {}, detail))
    elif source is not None and ref is not None and not _same_source(source, ref):
        errors.append(invalid(path, {}, "must match dataSourceRef"))
    return errors


def _data_source(ref: Object, path: str) -> list[FieldError]:
    """validateDataSource and validateDataSourceRef (which has a namespace)."""
    errors = [required(f"{path}.{key}") for key in ("name", "kind") if not ref.get(key)]
    group, kind = ref.get("apiGroup") or "", ref.get("kind", "")
    if not group and kind != "PersistentVolumeClaim":
        detail = "must be 'PersistentVolumeClaim' when referencing the default apiGroup"
        errors.append(invalid(path, kind, detail))
    if group:
        errors += [invalid(f"{path}.apiGroup", group, d) for d in content.dns1123_subdomain(group)]
    namespace = ref.get("namespace") or ""
    if namespace:
        errors += [
            invalid(f"{path}.namespace", namespace, d) for d in content.name_is_dns_label(namespace)
        ]
    return errors


def _same_source(source: Object, ref: Object) -> bool:
    return all(source.get(key) == ref.get(key) for key in ("apiGroup", "kind", "name"))


def validate_persistent_volume_claim_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePersistentVolumeClaimUpdate: the claim again, then a spec that changes only
    as a claim may (a bound claim grows), and its mode and attributes class."""
    spec, before = new.get("spec") or {}, old.get("spec") or {}
    errors = validate_persistent_volume_claim(new) + _claim_spec_unchanged(new, old)
    errors += _shrunk(spec, before, old.get("status"))
    errors += _unchanged(spec.get("volumeMode"), before.get("volumeMode"), "volumeMode")  # sic
    return errors + _attributes_class_update(new, old)


def _shrunk(spec: Object, before: Object, status: Object | None) -> list[FieldError]:
    """A claim asks for less storage only to recover from a failed expansion: never for
    what its volume already has."""
    size = _storage(spec.get("resources"), "requests")
    if size >= _storage(before.get("resources"), "requests") or size > _storage(status, "capacity"):
        return []
    return [
        forbidden("spec.resources.requests.storage", "field can not be less than status.capacity")
    ]


def _claim_spec_unchanged(new: Object, old: Object) -> list[FieldError]:
    """The spec but what may change of it: the volume's name once, a storage class named by
    the beta annotation (or none) once, and a bound claim's storage and attributes class."""
    spec, before = dict(new.get("spec") or {}), dict(old.get("spec") or {})
    if not before.get("volumeName"):
        before["volumeName"] = spec.get("volumeName")
    errors, class_name = _storage_class_update(new, old)
    spec["storageClassName"] = class_name
    if (new.get("status") or {}).get("phase") == "Bound":
        resources = spec.get("resources") or {}
        if resources.get("requests") is not None:
            storage = ((before.get("resources") or {}).get("requests") or {}).get("storage", "0")
            requests = {**resources["requests"], "storage": storage}
            spec["resources"] = {**resources, "requests": requests}
        spec["volumeAttributesClassName"] = before.get("volumeAttributesClassName")
    value = go_struct(spec, PERSISTENT_VOLUME_CLAIM_SPEC)
    old_value = go_struct(before, PERSISTENT_VOLUME_CLAIM_SPEC)
    if semantic(value) != semantic(old_value):
        detail = f"{CLAIM_SPEC_IMMUTABLE}\n{diff(old_value, value)}"
        errors.append(forbidden("spec", detail))
    return errors


def _storage_class_update(new: Object, old: Object) -> tuple[list[FieldError], str | None]:
    """The errors, and the storage class name to compare: a claim may take the class its
    beta annotation named, or one where it had none; the annotation never changes."""
    name = (new.get("spec") or {}).get("storageClassName")
    old_name = (old.get("spec") or {}).get("storageClassName")
    annotations = new["metadata"].get("annotations") or {}
    old_annotations = old["metadata"].get("annotations") or {}
    annotated = old_annotations.get(STORAGE_CLASS_ANNOTATION)
    taken = old_name is None and name is not None and name == annotated
    if taken and annotations.get(STORAGE_CLASS_ANNOTATION, annotated) == annotated:
        return [], None
    value = annotations.get(STORAGE_CLASS_ANNOTATION, "")
    errors: list[FieldError] = []
    if value != old_annotations.get(STORAGE_CLASS_ANNOTATION, ""):
        path = f"metadata.annotations.{STORAGE_CLASS_ANNOTATION}"
        errors.append(invalid(path, value, IMMUTABLE))
    if name is not None and old_name is None and annotated in (None, name):
        return errors, None
    return errors, name


def _attributes_class_update(new: Object, old: Object) -> list[FieldError]:
    """An attributes class applied is never taken away."""
    name = (new.get("spec") or {}).get("volumeAttributesClassName")
    if name == (old.get("spec") or {}).get("volumeAttributesClassName"):
        return []
    if (old.get("status") or {}).get("currentVolumeAttributesClassName") is None:
        return []
    path, applied = "spec.volumeAttributesClassName", "status.currentVolumeAttributesClassName"
    if name is None:
        return [forbidden(path, f"update to nil is forbidden when {applied} is not nil")]
    if name == "":
        return [forbidden(path, f"update to empty string is forbidden when {applied} is not nil")]
    return []


def validate_persistent_volume_claim_status_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePersistentVolumeClaimStatusUpdate: the capacity and what is allocated."""
    status = new.get("status") or {}
    errors = _resource_version(new)
    if not (new.get("spec") or {}).get("accessModes"):
        errors.append(required("Spec.accessModes"))  # sic
    capacity = status.get("capacity") or {}
    for name in sorted(capacity):
        errors += _basic(capacity[name], f"status.capacity[{name}]")
    path = "status.allocatedResourceStatuses"
    for name, resize in sorted((status.get("allocatedResourceStatuses") or {}).items()):
        errors += _claim_resource_key(name, path)
        if resize not in RESIZE_STATUSES:
            errors.append(not_supported(path, name, RESIZE_STATUSES))  # sic: the key
    allocated = status.get("allocatedResources") or {}
    for name in sorted(allocated):
        problems = _claim_resource_key(name, "status.allocatedResources")
        # no negative amount gets past validateBasicResource: nothing else to check
        errors += problems or _basic(allocated[name], f"status.allocatedResources[{name}]")
    return errors


def _claim_resource_key(name: str, path: str) -> list[FieldError]:
    """validatePersistentVolumeClaimResourceKey: a qualified name; of the native ones,
    only storage."""
    problems = [invalid(path, name, d) for d in content.label_key(name)]
    if problems:
        return problems
    native = "/" not in name or "kubernetes.io/" in name
    return [not_supported(path, name, ["storage"])] if native and name != "storage" else []


# -- StorageClass ----------------------------------------------------------------------------


def validate_storage_class(sc: Object) -> list[FieldError]:
    """ValidateStorageClass, its metadata aside."""
    provisioner = sc.get("provisioner") or ""
    if provisioner:
        errors = labels.validate_label_name(provisioner.lower(), "provisioner")
    else:
        errors = [required("provisioner")]
    errors += _parameters(sc.get("parameters") or {})
    policy = sc.get("reclaimPolicy") or ""
    if policy and policy not in CLASS_RECLAIM_POLICIES:
        errors.append(not_supported("reclaimPolicy", policy, CLASS_RECLAIM_POLICIES))
    mode = sc.get("volumeBindingMode")
    if mode is None:
        errors.append(required("volumeBindingMode"))
    elif mode not in BINDING_MODES:
        errors.append(not_supported("volumeBindingMode", mode, BINDING_MODES))
    return errors + _allowed_topologies(sc.get("allowedTopologies") or [])


def _parameters(parameters: dict[str, str]) -> list[FieldError]:
    """validateParameters: at most 512, no empty key, 256 KiB in all."""
    if len(parameters) > MAX_PARAMETERS:
        return [too_long("parameters", MAX_PARAMETERS)]
    errors = [invalid("parameters", "", "field can not be empty.") for key in parameters if not key]
    size = sum(len(key.encode()) + len(str(value).encode()) for key, value in parameters.items())
    if size > MAX_PARAMETERS_SIZE:
        errors.append(too_long("parameters", MAX_PARAMETERS_SIZE))
    return errors


def _allowed_topologies(terms: list[Object]) -> list[FieldError]:
    """validateAllowedTopologies: valid terms, none twice."""
    errors: list[FieldError] = []
    # sic: Kubernetes' list starts with as many empty terms as there are terms, which a term
    # with no expression duplicates
    seen: list[dict[str, frozenset[str]]] = [{}] * len(terms)
    for i, term in enumerate(terms):
        path = f"allowedTopologies[{i}]"
        expressions, problems = _topology_term(term, path)
        errors += problems
        errors += [duplicate(f"{path}.matchLabelExpressions", "") for e in seen if e == expressions]
        seen.append(expressions)
    return errors


def _topology_term(term: Object, path: str) -> tuple[dict[str, frozenset[str]], list[FieldError]]:
    """ValidateTopologySelectorTerm: each key once, with values, each once."""
    found: dict[str, frozenset[str]] = {}
    errors: list[FieldError] = []
    for i, requirement in enumerate(term.get("matchLabelExpressions") or []):
        here = f"{path}.matchLabelExpressions[{i}]"
        values = requirement.get("values") or []
        if not values:
            errors.append(required(f"{here}.values"))
        errors += [
            duplicate(f"{here}.values[{j}]", value)
            for j, value in enumerate(values)
            if value in values[:j]
        ]
        key = requirement.get("key", "")
        errors += labels.validate_label_name(key, f"{here}.key")
        if key in found:
            errors.append(duplicate(f"{here}.key", key))
        found[key] = frozenset(values)
    return found, errors


def validate_storage_class_update(new: Object, old: Object) -> list[FieldError]:
    """The class again (ValidateStorageClass), then ValidateStorageClassUpdate: the
    parameters, provisioner, reclaim policy and binding mode never change."""
    errors = validate_storage_class(new)
    for key in ("parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"):
        # the provisioner is a string, the others are nil when left out
        missing = "" if key == "provisioner" else None
        errors += _unchanged(new.get(key, missing), old.get(key, missing), key)
    return errors
