"""What the volume binder asks of claims and volumes (component-helpers/storage/volume on
the scheduler's path, where a node is known): whether a claim is fully bound, which volume
best matches a claim on a node, whether a volume's node affinity or a class's allowed
topologies admit a node, and a volume as it is once bound to a claim."""

from __future__ import annotations

from cluster.engine.api import labels, pvutil
from cluster.engine.api.meta import Object
from cluster.engine.scheduler.plugins.nodeaffinity import parse_term
from cluster.engine.scheduler.plugins.volumebinding.assumecache import VolumeError
from cluster.engine.scheduler.types import NodeInfo


def claim_names(pod: Object) -> list[str]:
    """The claims the pod's persistentVolumeClaim volumes name."""
    return [
        v["persistentVolumeClaim"].get("claimName", "")
        for v in pod["spec"].get("volumes") or ()
        if "persistentVolumeClaim" in v
    ]


def is_fully_bound(claim: Object) -> bool:
    """isPVCFullyBound: the claim names its volume and the PV controller finished binding."""
    return bool(claim["spec"].get("volumeName")) and (
        pvutil.ANN_BIND_COMPLETED in pvutil.annotations(claim)
    )


def find_matching_volume(
    claim: Object, volumes: list[Object], node: NodeInfo, excluded: set[str]
) -> Object | None:
    """FindMatchingVolume on the scheduler's path: of the volumes not excluded, one whose node
    affinity admits the node (raises VolumeError for a selector that does not parse)."""
    try:
        return pvutil.find_matching_volume(
            claim, volumes, fits=lambda volume: volume_fits(volume, node.labels), excluded=excluded
        )
    except labels.SelectorError as error:
        key = pvutil.claim_key(claim)
        raise VolumeError(
            f"error creating internal label selector for claim: {key}: {error}"
        ) from None


def bind_volume_to_claim(volume: Object, claim: Object) -> tuple[Object, bool]:
    """GetBindVolumeToClaim: the volume bound to the claim (a copy), and whether that changed
    it. A binding the controller makes, not one its author wrote, carries
    pv.kubernetes.io/bound-by-controller."""
    meta, ref = claim["metadata"], volume["spec"].get("claimRef") or {}
    spec, volume_meta, dirty = volume["spec"], volume["metadata"], False
    if (ref.get("name"), ref.get("namespace"), ref.get("uid")) != (
        meta["name"],
        meta.get("namespace"),
        meta.get("uid"),
    ):
        spec, dirty = {**spec, "claimRef": pvutil.claim_reference(claim)}, True
    found = pvutil.annotations(volume)
    if not pvutil.is_volume_bound_to_claim(volume, claim) and (
        pvutil.ANN_BOUND_BY_CONTROLLER not in found
    ):
        annotations = {**found, pvutil.ANN_BOUND_BY_CONTROLLER: "yes"}
        volume_meta, dirty = {**volume_meta, "annotations": annotations}, True
    return {**volume, "metadata": volume_meta, "spec": spec}, dirty


def volume_fits(volume: Object, node_labels: dict[str, str]) -> bool:
    """CheckNodeAffinity: the volume's required node affinity admits a node with these
    labels (a term without requirements admits none)."""
    required = (volume["spec"].get("nodeAffinity") or {}).get("required")
    if required is None:
        return True
    terms = [
        parse_term(t)
        for t in required.get("nodeSelectorTerms") or ()
        if t.get("matchExpressions") or t.get("matchFields")
    ]
    return any(term.matches(node_labels, "") for term in terms)


def topology_fits(allowed: list[Object], node_labels: dict[str, str]) -> bool:
    """MatchTopologySelectorTerms: no terms admit every node; else one term whose every
    expression the node's labels satisfy."""
    if not allowed:
        return True
    return any(
        term.get("matchLabelExpressions")
        and all(
            node_labels.get(e.get("key", "")) in (e.get("values") or ())
            for e in term["matchLabelExpressions"]
        )
        for term in allowed
    )
