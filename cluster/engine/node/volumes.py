"""The files of a pod's volumes, as the kubelet's volume plugins write them: configMap and
secret volumes (a file per key, or per listed item), downwardAPI volumes (the pod's fields,
its labels and annotations as fieldpath.FormatMap writes them, its containers' resources),
and projected volumes of those and of
service account tokens (such as the service account's volume: its token, ca.crt and
namespace). Other volumes hold no files of the kubelet's: emptyDir and hostPath volumes,
and claims' hostPath and local volumes, are directories of the node (see `disk`), others
empty directories.

A ConfigMap or Secret a volume needs that is missing (and not optional) keeps the pod from
starting: the volume manager mounts every volume before the sandbox is created, and reports
FailedMount in its words until it can. So does a persistentVolumeClaim volume whose claim is
missing or not bound yet: the volume manager gets the claim, then its PersistentVolume, from
kube-apiserver (the desired state of world populator), and cannot mount what it cannot have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from cluster.engine.api.field import aggregate
from cluster.engine.api.meta import Object
from cluster.engine.api.storage import PVC_PROTECTION_FINALIZER
from cluster.engine.client import APIError
from cluster.engine.node import disk, downward, envvars

Files = list[tuple[str, str]]  # (path in the volume, content)
Get = Callable[[str, str, str], Object]  # a GET of (resource, namespace, name); raises APIError

UNABLE_TO_MOUNT = (
    "Unable to attach or mount volumes: unmounted volumes={}, unattached volumes={}, "
    "failed to process volumes={}: {}"
)
FILESYSTEM, BLOCK = "Filesystem", "Block"


@dataclass(frozen=True, slots=True)
class Sources:
    """Where volumes' contents come from: ConfigMaps and Secrets, and the token of a
    serviceAccountToken projection (raises envvars.EnvVarError when it cannot be had)."""

    lookup: envvars.Lookup
    token: Callable[[Object], str]
    # a resourceFieldRef's value, of the pod's container it names (raises
    # downward.ResourceFieldError); None: no resources are known
    resource: Callable[[Object], str] | None = None


_MISSING_KEY = {  # what each plugin says of an item whose key is not there
    "configmaps": "configmap references non-existent config key: {}",
    "secrets": "references non-existent secret key: {}",
}


class MountError(Exception):
    """A volume that cannot be set up (FailedMount)."""

    def __init__(self, volume: str, message: str) -> None:
        super().__init__(f'MountVolume.SetUp failed for volume "{volume}" : {message}')
        self.volume = volume


def pod_fields(pod: Object, fields: Mapping[str, str]) -> dict[str, str]:
    """What downwardAPI items may name: the pod's fields, its labels and annotations."""
    found = dict(fields)
    meta = pod["metadata"]
    for key in ("labels", "annotations"):
        found[f"metadata.{key}"] = downward.format_map(meta.get(key) or {})
    return found


def sources_of(pod: Object) -> set[tuple[str, str]]:
    """The ConfigMaps and Secrets the pod's volumes are made of: (resource, name)."""
    found = set()
    for volume in pod["spec"].get("volumes") or ():
        for source in (volume.get("projected") or {}).get("sources") or [volume]:
            if "configMap" in source:
                found.add(("configmaps", source["configMap"].get("name", "")))
            if "secret" in source:
                secret = source["secret"]
                found.add(("secrets", secret.get("secretName") or secret.get("name", "")))
    return found


def mount_failures(
    pod: Object,
    fields: Mapping[str, str],
    sources: Sources,
    get: Get,
    claimed: dict[str, str] | None = None,
) -> list[str]:
    """Why the pod's volumes are not all set up, as FailedMount events say it: each volume
    whose SetUp failed (the reconciler's words), then, if a claim's volume could not even
    be worked out, WaitForAttachAndMount's summary (the kubelet's). `claimed` gets where
    on the node each claim's volume is, of those that are on the node."""
    failed = mount_all(pod, fields, sources)
    messages = [str(error) for error in failed]
    unprocessed = claim_errors(pod, get, claimed)
    if unprocessed:
        mounts, devices = used_volumes(pod)
        unmounted = {*unprocessed, *(e.volume for e in failed if e.volume in mounts | devices)}
        errors = "; ".join(sorted(set(unprocessed.values())))
        messages.append(
            UNABLE_TO_MOUNT.format(_go_list(unmounted), "[]", _go_list(unprocessed), errors)
        )
    return messages


def _go_list(names: Iterable[str]) -> str:
    """A sorted []string as %v prints it: [a b]."""
    return f"[{' '.join(sorted(names))}]"


def used_volumes(pod: Object) -> tuple[set[str], set[str]]:
    """GetPodVolumeNames: the volumes the pod's containers mount, and those they use as
    block devices (a volume neither is never processed)."""
    mounts, devices = set(), set()
    for kind in ("initContainers", "containers", "ephemeralContainers"):
        for container in pod["spec"].get(kind) or ():
            mounts.update(m.get("name", "") for m in container.get("volumeMounts") or ())
            devices.update(d.get("name", "") for d in container.get("volumeDevices") or ())
    return mounts, devices


def claim_errors(pod: Object, get: Get, claimed: dict[str, str] | None = None) -> dict[str, str]:
    """Why each persistentVolumeClaim volume the containers use has no volume to mount yet,
    by volume (createVolumeSpec's errors, as processPodVolumes records them); `claimed`
    gets the directory on the node of each that has one (see node_path)."""
    claims = [v for v in pod["spec"].get("volumes") or () if "persistentVolumeClaim" in v]
    if not claims:
        return {}
    mounts, devices = used_volumes(pod)
    namespace = pod["metadata"]["namespace"]
    errors = {}
    for volume in claims:
        name = volume.get("name", "")
        if name in mounts or name in devices:
            error, pv = _claim_volume(namespace, volume, name in mounts, name in devices, get)
            if error:
                errors[name] = error
            elif claimed is not None and pv is not None and node_path(pv):
                claimed[name] = node_path(pv)
    return errors


def node_path(pv: Object) -> str:
    """Where a PersistentVolume's files are on the node that mounts it: a hostPath's path,
    a local volume's ("" for the others, whose files are elsewhere)."""
    spec = pv["spec"]
    path = (spec.get("hostPath") or spec.get("local") or {}).get("path", "")
    return disk.normal(path) if path else ""


def _claim_volume(
    namespace: str, volume: Object, mounted: bool, device: bool, get: Get
) -> tuple[str, Object | None]:
    """The claim, bound; then its volume, bound to it; then a volume mode that fits how the
    containers use it: what is wrong ("" when all is well), and the volume if found."""
    claim_name = volume["persistentVolumeClaim"].get("claimName", "")
    try:
        pv = _volume_of(_bound_claim(namespace, claim_name, get), get)
    except _ClaimError as error:
        return f"error processing PVC {namespace}/{claim_name}: {error}", None
    mode = pv["spec"].get("volumeMode") or FILESYSTEM
    name = volume["name"]
    if mounted and mode != FILESYSTEM:
        return f"volume {name} has volumeMode {mode}, but is specified in volumeMounts", pv
    if device and mode != BLOCK:
        return f"volume {name} has volumeMode {mode}, but is specified in volumeDevices", pv
    return "", pv


class _ClaimError(Exception):
    pass


def _bound_claim(namespace: str, name: str, get: Get) -> Object:
    """getPVCExtractPV: the claim, bound to a volume (raises _ClaimError)."""
    try:
        claim = get("persistentvolumeclaims", namespace, name)
    except APIError as error:
        raise _ClaimError(f"failed to fetch PVC from API server: {error}") from None
    meta = claim["metadata"]
    # a claim that pvc-protection no longer holds must not be used by a new pod
    if meta.get("deletionTimestamp") and PVC_PROTECTION_FINALIZER not in (
        meta.get("finalizers") or ()
    ):
        raise _ClaimError("PVC is being deleted")
    if (claim.get("status") or {}).get("phase") != "Bound":
        raise _ClaimError("PVC is not bound")
    if not claim["spec"].get("volumeName"):
        raise _ClaimError("PVC has empty pvc.Spec.VolumeName")
    return claim


def _volume_of(claim: Object, get: Get) -> Object:
    """getPVSpec: the claim's PersistentVolume, whose claimRef points back to the claim
    (raises _ClaimError)."""
    name, uid = claim["spec"]["volumeName"], claim["metadata"].get("uid", "")
    try:
        pv = get("persistentvolumes", "", name)
    except APIError as error:
        raise _ClaimError(f"failed to fetch PV {name} from API server: {error}") from None
    ref = pv["spec"].get("claimRef")
    if ref is None:
        raise _ClaimError(
            f"found PV object {name} but it has a nil pv.Spec.ClaimRef indicating it is not "
            "yet bound to the claim"
        )
    if ref.get("uid", "") != uid:
        raise _ClaimError(
            f"found PV object {name} but its pv.Spec.ClaimRef.UID {ref.get('uid', '')} does "
            f"not point to claim.UID {uid}"
        )
    return pv


def mount_all(pod: Object, fields: Mapping[str, str], sources: Sources) -> list[MountError]:
    """Set up every volume of the pod: why each that cannot be set up cannot (the volume
    manager mounts each volume on its own, and says so of each that fails)."""
    failures = []
    for volume in pod["spec"].get("volumes") or ():
        try:
            volume_files(volume, fields, sources)
        except MountError as error:
            failures.append(error)
    return failures


def volume_files(volume: Object, fields: Mapping[str, str], sources: Sources) -> Files:
    """The volume's files (raises MountError; a projected volume says what each of its
    sources lacks, as collectData's aggregate of errors does)."""
    files: Files = []
    errors: list[str] = []
    for source in (volume.get("projected") or {}).get("sources") or [volume]:
        try:
            files += _source_files(source, fields, sources)
        except envvars.EnvVarError as error:
            errors.append(str(error))
    if errors:
        raise MountError(volume.get("name", ""), aggregate(errors))
    return files


def _source_files(source: Object, fields: Mapping[str, str], sources: Sources) -> Files:
    lookup = sources.lookup
    if "downwardAPI" in source:
        return _downward_files(source["downwardAPI"].get("items") or (), fields, sources)
    if "configMap" in source:
        ref = source["configMap"]
        return _keys("configmaps", ref, ref.get("name", ""), lookup)
    if "secret" in source:
        ref = source["secret"]
        return _keys("secrets", ref, ref.get("secretName") or ref.get("name", ""), lookup)
    if "serviceAccountToken" in source:
        projection = source["serviceAccountToken"]
        return [(projection.get("path") or "token", sources.token(projection))]
    return []


def _downward_files(items: Iterable[Object], fields: Mapping[str, str], sources: Sources) -> Files:
    """A file per item: the field it names, or the resource (CollectData)."""
    files = []
    for item in items:
        if "resourceFieldRef" in item and sources.resource is not None:
            try:
                files.append((item["path"], sources.resource(item["resourceFieldRef"])))
            except downward.ResourceFieldError as error:
                raise envvars.EnvVarError(str(error)) from None
        path = (item.get("fieldRef") or {}).get("fieldPath", "")
        if path in fields:
            files.append((item["path"], fields[path]))
    return files


def _keys(resource: str, ref: Object, name: str, lookup: envvars.Lookup) -> Files:
    """A ConfigMap's or Secret's keys as files: all of them, or the items listed."""
    found = envvars.read(lookup, resource, name, ref.get("optional"))
    values = dict(envvars.data(resource, found, binary=True)) if found is not None else {}
    items = ref.get("items")
    if not items:
        return sorted(values.items())
    files = []
    for item in items:
        key = item.get("key", "")
        if key in values:
            files.append((item.get("path") or key, values[key]))
        elif not ref.get("optional"):
            raise envvars.EnvVarError(_MISSING_KEY[resource].format(key))
    return files
