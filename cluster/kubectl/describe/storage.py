"""describePersistentVolume, describePersistentVolumeClaim (with the pods using the claim)
and describeStorageClass."""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import labels, quantity
from cluster.engine.api.meta import Object
from cluster.engine.api.storage import access_modes, is_default_class, storage_class_of
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

MAX_ATTRIBUTE = 140
CONDITION_HEADER = "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n"
CONDITION_RULE = "----\t------\t-----------------\t------------------\t------\t-------\n"


def describe_persistent_volume(
    ctx: Context, w: PrefixWriter, pv: Object, events: list[Object] | None
) -> None:
    meta, spec, status = pv["metadata"], pv.get("spec") or {}, pv.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_strings(meta.get('finalizers'))}\n")
    w.write(0, f"StorageClass:\t{storage_class_of(pv)}\n")
    _status(w, meta, status)
    claim = spec.get("claimRef")
    claimed = f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else ""
    w.write(0, f"Claim:\t{claimed}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(0, f"Access Modes:\t{access_modes(spec.get('accessModes') or [])}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{_storage(spec.get('capacity'))}\n")
    _node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{status.get('message', '')}\n")
    w.write(0, "Source:\n")
    _source(w, spec)
    writer.events_section(w, events)


def describe_persistent_volume_claim(
    ctx: Context, w: PrefixWriter, pvc: Object, events: list[Object] | None
) -> None:
    meta, spec, status = pvc["metadata"], pvc.get("spec") or {}, pvc.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"StorageClass:\t{storage_class_of(pvc)}\n")
    _status(w, meta, status)
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_strings(meta.get('finalizers'))}\n")
    bound = bool(spec.get("volumeName"))  # before binding, neither is known
    w.write(0, f"Capacity:\t{_storage(status.get('capacity')) if bound else ''}\n")
    w.write(0, f"Access Modes:\t{access_modes(status.get('accessModes') or []) if bound else ''}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    _data_source(w, spec.get("dataSource"))
    _pods_multiline(w, "Used By", pods_for_claim(ctx, pvc))
    _claim_conditions(w, status.get("conditions"))
    writer.events_section(w, events)


def describe_storage_class(
    ctx: Context, w: PrefixWriter, sc: Object, events: list[Object] | None
) -> None:
    meta = sc["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"IsDefaultClass:\t{'Yes' if is_default_class(sc) else 'No'}\n")
    w.write(0, f"Annotations:\t{labels.format_labels(meta.get('annotations'))}\n")
    w.write(0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(0, f"Parameters:\t{labels.format_labels(sc.get('parameters'))}\n")
    w.write(0, f"AllowVolumeExpansion:\t{_bool_pointer(sc.get('allowVolumeExpansion'))}\n")
    if sc.get("mountOptions"):
        w.write(0, "MountOptions:\n")
        for option in sc["mountOptions"]:
            w.write(1, f"{option}\n")
    else:
        w.write(0, "MountOptions:\t<none>\n")
    for key, title in (
        ("reclaimPolicy", "ReclaimPolicy"),
        ("volumeBindingMode", "VolumeBindingMode"),
    ):
        if sc.get(key) is not None:
            w.write(0, f"{title}:\t{sc[key]}\n")
    if sc.get("allowedTopologies") is not None:
        _allowed_topologies(w, sc["allowedTopologies"])
    writer.events_section(w, events)


def pods_for_claim(ctx: Context, pvc: Object) -> list[Object]:
    """getPodsForPVC: the pods of the claim's namespace with a volume of the claim (once per
    such volume), then the pods owning the claim not already found."""
    meta = pvc["metadata"]
    pods = ctx.call("list", "pods", meta.get("namespace", ""))["items"]
    using = [
        pod
        for pod in pods
        for volume in (pod.get("spec") or {}).get("volumes") or []
        if (volume.get("persistentVolumeClaim") or {}).get("claimName") == meta["name"]
    ]
    by_uid = {pod["metadata"].get("uid"): pod for pod in pods}
    for ref in meta.get("ownerReferences") or []:
        owner = by_uid.get(ref.get("uid")) if ref.get("kind") == "Pod" else None
        if owner is not None and all(p["metadata"].get("uid") != ref["uid"] for p in using):
            using.append(owner)
    return using


def _status(w: PrefixWriter, meta: Object, status: Object) -> None:
    if meta.get("deletionTimestamp"):
        w.write(0, f"Status:\tTerminating (lasts {writer.since(w, meta['deletionTimestamp'])})\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', '')}\n")


def _go_strings(values: list[str] | None) -> str:
    """A []string as %v prints it: `[a b]`."""
    return f"[{' '.join(values or [])}]"


def _storage(resources: Object | None) -> str:
    """The storage quantity as Quantity.String() gives it; `0` when there is none."""
    value = (resources or {}).get("storage")
    return quantity.canonical(value) if value is not None else "0"


def _bool_pointer(value: bool | None) -> str:
    """printBoolPtr."""
    if value is None:
        return "<unset>"
    return "True" if value else "False"


def _node_affinity(w: PrefixWriter, affinity: Object | None) -> None:
    """printVolumeNodeAffinity: each required term's match expressions."""
    required = (affinity or {}).get("required")
    w.write(0, "Node Affinity:\t")
    if required is None:
        w.line("<none>")
        return
    w.line()
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.line("<none>")
        return
    w.line()
    for i, term in enumerate(terms):
        requirements = [
            (r.get("key", ""), r.get("operator", "").lower(), r.get("values"))
            for r in term.get("matchExpressions") or []
        ]
        _terms(w, 2, f"Term {i}", requirements)


def _allowed_topologies(w: PrefixWriter, topologies: list[Object]) -> None:
    w.write(0, "AllowedTopologies:\t")
    if not topologies:
        w.line("<none>")
        return
    w.line()
    for i, term in enumerate(topologies):
        requirements = [
            (r.get("key", ""), "in", r.get("values"))
            for r in term.get("matchLabelExpressions") or []
        ]
        _terms(w, 1, f"Term {i}", requirements)


def _terms(
    w: PrefixWriter, level: int, title: str, requirements: list[tuple[str, str, list[str] | None]]
) -> None:
    """printNodeSelectorTermsMultilineWithIndent: `key op [v1, v2]`, one a line."""
    w.write(level, f"{title}:\t")
    if not requirements:
        w.line("<none>")
        return
    for i, (key, operator, values) in enumerate(requirements):
        if i:
            w.write(level, "\t")
        text = f"{key} {operator}"
        w.write(0, f"{text} [{', '.join(values)}]\n" if values else f"{text}\n")


def _source(w: PrefixWriter, spec: Object) -> None:
    for key, printer in SOURCES:
        if spec.get(key) is not None:
            printer(w, spec[key])
            return
    w.write(1, "<unknown>\n")


def host_path(w: PrefixWriter, source: Object) -> None:
    """printHostPathVolumeSource, of a volume or a pod's volume."""
    kind = source.get("type")
    w.write(2, "Type:\tHostPath (bare host directory volume)\n")
    w.write(2, f"Path:\t{source.get('path', '')}\n")
    w.write(2, f"HostPathType:\t{'<none>' if kind is None else kind}\n")


def nfs(w: PrefixWriter, source: Object) -> None:
    """printNFSVolumeSource, of a volume or a pod's volume."""
    w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n")
    w.write(2, f"Server:\t{source.get('server', '')}\n")
    w.write(2, f"Path:\t{source.get('path', '')}\n")
    w.write(2, f"ReadOnly:\t{_go_bool(source.get('readOnly'))}\n")


def _local(w: PrefixWriter, source: Object) -> None:
    w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n")
    w.write(2, f"Path:\t{source.get('path', '')}\n")


def _csi(w: PrefixWriter, source: Object) -> None:
    w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n")
    w.write(2, f"Driver:\t{source.get('driver', '')}\n")
    w.write(2, f"FSType:\t{source.get('fsType', '')}\n")
    w.write(2, f"VolumeHandle:\t{source.get('volumeHandle', '')}\n")
    w.write(2, f"ReadOnly:\t{_go_bool(source.get('readOnly'))}\n")
    _volume_attributes(w, source.get("volumeAttributes"))


def _volume_attributes(w: PrefixWriter, attributes: dict[str, str] | None) -> None:
    """printCSIPersistentVolumeAttributesMultiline: `key=value` lines, long ones cut short.
    Every write of it is indented, the values too, and a continuation twice over."""
    w.write(2, "VolumeAttributes:\t")
    if not attributes:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(attributes)):
        if i:
            w.write(4, "\t")
        line = f"{key}={attributes[key]}"
        w.write(2, f"{line[:MAX_ATTRIBUTE]}...\n" if len(line) > MAX_ATTRIBUTE else f"{line}\n")


def _go_bool(value: bool | None) -> str:
    return "true" if value else "false"


SOURCES: tuple[tuple[str, Callable[[PrefixWriter, Object], None]], ...] = (
    ("hostPath", host_path),
    ("nfs", nfs),
    ("local", _local),
    ("csi", _csi),
)


def _data_source(w: PrefixWriter, source: Object | None) -> None:
    if source is None:
        return
    w.write(0, "DataSource:\n")
    if source.get("apiGroup") is not None:
        w.write(1, f"APIGroup:\t{source['apiGroup']}\n")
    w.write(1, f"Kind:\t{source.get('kind', '')}\n")
    w.write(1, f"Name:\t{source.get('name', '')}\n")


def _pods_multiline(w: PrefixWriter, title: str, pods: list[Object]) -> None:
    """printPodsMultiline: the pods' names, sorted."""
    w.write(0, f"{title}:\t")
    if not pods:
        w.line("<none>")
        return
    for i, name in enumerate(sorted(pod["metadata"]["name"] for pod in pods)):
        w.write(0, f"\t{name}\n" if i else f"{name}\n")


def _claim_conditions(w: PrefixWriter, conditions: list[Object] | None) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n")
    w.write(1, CONDITION_HEADER)
    w.write(1, CONDITION_RULE)
    for c in conditions:
        probed = writer.rfc1123z(c.get("lastProbeTime"))
        changed = writer.rfc1123z(c.get("lastTransitionTime"))
        w.write(
            1,
            f"{c.get('type', '')} \t{c.get('status', '')} \t{probed} \t{changed} "
            f"\t{c.get('reason', '')} \t{c.get('message', '')}\n",
        )
