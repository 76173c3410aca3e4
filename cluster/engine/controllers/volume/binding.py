"""The binder's writes (pv_controller.go's bind, unbind and status updates), and its own
copy of every volume and claim, the newest it saw or wrote (storeObjectUpdate): a binding is
four writes, and the watch events of the first come back before the last is made, so the
controller reads what it wrote rather than what the informers have seen so far."""

from __future__ import annotations

from cluster.engine.api import pvutil, quantity
from cluster.engine.api.meta import Object
from cluster.engine.api.pvutil import AVAILABLE, BOUND, PENDING
from cluster.engine.client import Client
from cluster.engine.events import EventRecorder
from cluster.engine.store import codec

ANN_PRE_RESIZE_CAPACITY = "volume.alpha.kubernetes.io/pre-resize-capacity"


class SyncError(Exception):
    """A sync that cannot go on: the key is retried later."""


class Binder:
    def __init__(self, client: Client, recorder: EventRecorder) -> None:
        self.client = client
        self.recorder = recorder
        self.volumes: dict[str, Object] = {}
        self.claims: dict[str, Object] = {}

    def store_volume(self, volume: Object) -> bool:
        return _store(self.volumes, volume["metadata"]["name"], volume)

    def store_claim(self, claim: Object) -> bool:
        return _store(self.claims, pvutil.claim_key(claim), claim)

    def bind(self, volume: Object, claim: Object) -> None:
        """bind: the volume's claimRef and phase, then the claim's volumeName and status."""
        volume = self._bind_volume_to_claim(volume, claim)
        volume = self.update_volume_phase(volume, BOUND)
        claim = self._bind_claim_to_volume(claim, volume)
        self.update_claim_status(claim, BOUND, volume)

    def _bind_volume_to_claim(self, volume: Object, claim: Object) -> Object:
        """bindVolumeToClaim (GetBindVolumeToClaim): saved only when something changed."""
        changed = codec.deep_copy(volume)
        dirty = False
        ref = volume["spec"].get("claimRef")
        meta = claim["metadata"]
        if ref is None or (ref.get("name"), ref.get("namespace"), ref.get("uid")) != (
            meta["name"],
            meta.get("namespace"),
            meta.get("uid"),
        ):
            changed["spec"]["claimRef"] = pvutil.claim_reference(claim)
            dirty = True
        if not pvutil.is_volume_bound_to_claim(volume, claim):
            dirty |= _annotate(changed, pvutil.ANN_BOUND_BY_CONTROLLER)
        if not dirty:
            return volume
        return self.update("persistentvolumes", changed)

    def _bind_claim_to_volume(self, claim: Object, volume: Object) -> Object:
        """bindClaimToVolume: the claim's volumeName, and the annotations that say it is
        bound (and that the controller bound it, when it chose the volume)."""
        changed = codec.deep_copy(claim)
        dirty = False
        name = volume["metadata"]["name"]
        if claim["spec"].get("volumeName") != name:
            changed["spec"]["volumeName"] = name
            _annotate(changed, pvutil.ANN_BOUND_BY_CONTROLLER)
            dirty = True
        dirty |= _annotate(changed, pvutil.ANN_BIND_COMPLETED)
        if not dirty:
            return claim
        return self.update("persistentvolumeclaims", changed)

    def unbind_volume(self, volume: Object) -> None:
        """unbindVolume: a binding the controller made goes; a claimRef its creator wrote
        stays, without the uid. The volume is Available again."""
        changed = codec.deep_copy(volume)
        meta = changed["metadata"]
        if pvutil.ANN_BOUND_BY_CONTROLLER in pvutil.annotations(volume):
            del changed["spec"]["claimRef"]
            del meta["annotations"][pvutil.ANN_BOUND_BY_CONTROLLER]
            if not meta["annotations"]:
                del meta["annotations"]
        else:
            changed["spec"]["claimRef"].pop("uid", None)
        self.update_volume_phase(self.update("persistentvolumes", changed), AVAILABLE)

    def update_volume_phase(self, volume: Object, phase: str, message: str = "") -> Object:
        """updateVolumePhase: the phase and message, when the phase changes."""
        if volume_phase(volume) == phase:
            return volume
        changed = codec.deep_copy(volume)
        status = changed.setdefault("status", {})
        status["phase"] = phase
        if message:
            status["message"] = message
        else:
            status.pop("message", None)
        return self.update("persistentvolumes", changed, "status")

    def update_volume_phase_with_event(
        self, volume: Object, phase: str, kind: str, reason: str, message: str
    ) -> Object:
        """updateVolumePhaseWithEvent: the event only when the phase changes."""
        if volume_phase(volume) == phase:
            return volume
        updated = self.update_volume_phase(volume, phase, message)
        self.recorder.event(updated, kind, reason, message)
        return updated

    def update_claim_status(self, claim: Object, phase: str, volume: Object | None) -> Object:
        """updateClaimStatus: the phase, and the volume's access modes and capacity (cleared
        without a volume); saved only when something changed."""
        changed = codec.deep_copy(claim)
        status = changed.setdefault("status", {})
        old = claim.get("status") or {}
        dirty = old.get("phase") != phase
        status["phase"] = phase
        if volume is None:
            for key in ("accessModes", "capacity", "currentVolumeAttributesClassName"):
                dirty |= status.pop(key, None) is not None
        else:
            dirty |= _take_volume_status(status, old, phase, volume)
        if not dirty:
            return claim
        return self.update("persistentvolumeclaims", changed, "status")

    def update_claim_status_with_event(
        self, claim: Object, phase: str, kind: str, reason: str, message: str
    ) -> None:
        """updateClaimStatusWithEvent, without a volume: the event only when the phase
        changes."""
        if (claim.get("status") or {}).get("phase") == phase:
            return
        updated = self.update_claim_status(claim, phase, None)
        self.recorder.event(updated, kind, reason, message)

    def update(self, resource: str, obj: Object, subresource: str = "") -> Object:
        """Write `obj` and keep what kube-apiserver answered as the newest copy."""
        meta = obj["metadata"]
        saved = self.client.call(
            "update",
            resource,
            meta.get("namespace", ""),
            meta["name"],
            subresource=subresource,
            body=obj,
        )
        if resource == "persistentvolumes":
            self.store_volume(saved)
        else:
            self.store_claim(saved)
        return saved


def _store(store: dict[str, Object], key: str, obj: Object) -> bool:
    """storeObjectUpdate: keep `obj` unless the copy held is newer; False for an older one
    (the same version passes, so that a resync syncs again)."""
    held = store.get(key)
    if held is not None and _version(held) > _version(obj):
        return False
    store[key] = obj
    return True


def _version(obj: Object) -> int:
    return int(obj["metadata"].get("resourceVersion") or 0)


def volume_phase(volume: Object) -> str:
    return (volume.get("status") or {}).get("phase", "")


def _annotate(obj: Object, key: str) -> bool:
    """metav1.SetMetaDataAnnotation to "yes", unless the annotation is there already."""
    found = obj["metadata"].setdefault("annotations", {})
    if key in found:
        return False
    found[key] = "yes"
    return True


def _take_volume_status(status: Object, old: Object, phase: str, volume: Object) -> bool:
    """The claim's status from its volume: its access modes always; its capacity only as the
    claim becomes bound (a claim's size may differ on purpose once it is); the volume's
    attributes class as a Pending claim binds. True when something changed."""
    dirty = False
    spec = volume["spec"]
    if old.get("accessModes") != spec.get("accessModes"):
        status["accessModes"] = spec.get("accessModes")
        dirty = True
    if old.get("phase") != phase:
        if "storage" not in (spec.get("capacity") or {}):
            name = volume["metadata"]["name"]
            raise SyncError(f'PersistentVolume "{name}" is without a storage capacity')
        dirty |= _take_capacity(status, old, volume)
    wanted = spec.get("volumeAttributesClassName")
    if (
        old.get("phase") == PENDING
        and phase == BOUND
        and old.get("currentVolumeAttributesClassName") != wanted
    ):
        if wanted is None:
            status.pop("currentVolumeAttributesClassName", None)
        else:
            status["currentVolumeAttributesClassName"] = wanted
        dirty = True
    return dirty


def _take_capacity(status: Object, old: Object, volume: Object) -> bool:
    pre_resize = pvutil.annotations(volume).get(ANN_PRE_RESIZE_CAPACITY)
    capacity = volume["spec"]["capacity"]
    if pre_resize is not None:
        valid = quantity.parsed(pre_resize) is not None
        status.setdefault("capacity", {})["storage"] = pre_resize if valid else capacity["storage"]
        return True
    held = (old.get("capacity") or {}).get("storage")
    if held is not None and quantity.parse(held) == quantity.parse(capacity["storage"]):
        return False
    status["capacity"] = dict(capacity)
    return True
