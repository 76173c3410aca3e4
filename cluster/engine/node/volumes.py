"""The files of a pod's volumes, as the kubelet's volume plugins write them: configMap and
secret volumes (a file per key, or per listed item), downwardAPI volumes (the pod's fields,
its labels and annotations as fieldpath.FormatMap writes them, its containers' resources),
and projected volumes of those and of
service account tokens (such as the service account's volume: its token, ca.crt and
namespace). Other volumes are empty directories here.

A ConfigMap or Secret a volume needs that is missing (and not optional) keeps the pod from
starting: the volume manager mounts every volume before the sandbox is created, and reports
FailedMount in its words until it can.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from cluster.engine.api.field import aggregate
from cluster.engine.api.meta import Object
from cluster.engine.node import downward, envvars

Files = list[tuple[str, str]]  # (path in the volume, content)


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
