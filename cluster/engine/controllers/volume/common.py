"""What the volume controllers share (pkg/controller/volume/common, and the ephemeral and
pod functions they call): the pods' index by the claims they use.

The index is read by the binder and by pvc-protection on one shared pod informer. Most pods
use no claim: their index entry is empty and costs one look at their volumes.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object

POD_PVC_INDEX = "pod-pvc-index"  # PodPVCIndex


def claim_names(pod: Object) -> list[str]:
    """The names of the claims the pod's volumes use: persistentVolumeClaim sources, and the
    claims of generic ephemeral volumes (ephemeral.VolumeClaimName)."""
    # every pod event of every pod comes here: most have a volume or two, and no claim
    volumes = pod["spec"].get("volumes")
    if not volumes:
        return []
    for volume in volumes:
        if "persistentVolumeClaim" in volume or "ephemeral" in volume:
            break
    else:
        return []
    names = []
    for volume in volumes:
        source = volume.get("persistentVolumeClaim")
        if source is not None:
            names.append(source.get("claimName", ""))
        elif volume.get("ephemeral") is not None:
            names.append(ephemeral_claim_name(pod, volume))
    return [name for name in names if name]


def pod_pvc_index(pod: Object) -> list[str]:
    """PodPVCIndexFunc: `namespace/claim` of every claim the pod uses."""
    names = claim_names(pod)
    if not names:
        return []
    namespace = pod["metadata"].get("namespace", "")
    return [f"{namespace}/{name}" for name in names]


def ephemeral_claim_name(pod: Object, volume: Object) -> str:
    """ephemeral.VolumeClaimName: `<pod>-<volume>`."""
    return f"{pod['metadata']['name']}-{volume.get('name', '')}"


def volume_is_for_pod(pod: Object, claim: Object) -> bool:
    """ephemeral.VolumeIsForPod: the claim is controlled by this very pod."""
    uid = pod["metadata"].get("uid")
    for ref in claim["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref.get("uid") == uid
    return False


def is_pod_terminated(pod: Object) -> bool:
    """IsPodTerminated: finished, or being deleted with no container running any more."""
    status = pod.get("status") or {}
    if status.get("phase") in ("Succeeded", "Failed"):
        return True
    if not pod["metadata"].get("deletionTimestamp"):
        return False
    kinds = ("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")
    return all(_not_running(status.get(kind)) for kind in kinds)


def _not_running(statuses: list[Object] | None) -> bool:
    return all(
        "terminated" in (s.get("state") or {}) or "waiting" in (s.get("state") or {})
        for s in statuses or ()
    )
