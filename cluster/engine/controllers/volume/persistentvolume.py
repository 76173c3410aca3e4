"""The PersistentVolume binder (pkg/controller/volume/persistentvolume): binds each claim to
a volume, and hands a volume whose claim is gone to its reclaim policy.

A binding points both ways: the volume's spec.claimRef, then the claim's spec.volumeName,
each written before its status. Two queues, of claims and of volumes, are fed by their
informers and, every 15 seconds (--pvclaimbinder-sync-period), by a resync of every claim and
volume: a claim left Pending binds to a volume created since at the next resync, as in
Kubernetes.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import labels, pvutil
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.api.pvutil import (
    AVAILABLE,
    BOUND,
    FAILED,
    LOST,
    PENDING,
    RELEASED,
)
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.volume.binding import Binder, SyncError, volume_phase
from cluster.engine.controllers.volume.common import (
    POD_PVC_INDEX,
    is_pod_terminated,
    pod_pvc_index,
)
from cluster.engine.controllers.volume.goroutinemap import OperationFailed
from cluster.engine.controllers.volume.operations import VolumeOperations
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.store import codec

NAME = "persistentvolume-controller"
SYNC_PERIOD_MS = 15_000  # PVClaimBinderSyncPeriod
WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"


class PersistentVolumeController:
    name = "persistentvolume-binder"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.claim_queue = WorkQueue(clock, self.sync_claim_by_key, "claims")
        self.volume_queue = WorkQueue(clock, self.sync_volume_by_key, "volumes")
        self.volume_informer = informers.informer("persistentvolumes")
        self.claim_informer = informers.informer("persistentvolumeclaims")
        self.classes = informers.informer("storageclasses")
        self.pods = informers.informer("pods")
        self.pods.add_indexer(POD_PVC_INDEX, pod_pvc_index)
        self.volume_informer.add_handler(self._on_volume)
        self.claim_informer.add_handler(self._on_claim)
        self.binder = Binder(client, self.recorder)
        # the binder's copies, which the syncs read
        self.volumes, self.claims = self.binder.volumes, self.binder.claims
        self.operations = VolumeOperations(self)

    def start(self) -> None:
        self.clock.call_later(SYNC_PERIOD_MS, self.resync, background=True)

    def resync(self) -> None:
        """Every claim and volume looks again (the informers' own resync is off)."""
        self.start()
        for claim in self.claim_informer.items():
            self.claim_queue.add(namespaced_name(claim))
        for volume in self.volume_informer.items():
            self.volume_queue.add(volume["metadata"]["name"])

    def _on_volume(self, kind: str, volume: Object, old: Object | None) -> None:
        self.volume_queue.add(volume["metadata"]["name"])

    def _on_claim(self, kind: str, claim: Object, old: Object | None) -> None:
        self.claim_queue.add(namespaced_name(claim))

    # -- the workers -----------------------------------------------------------------------

    def sync_volume_by_key(self, key: str) -> None:
        """syncVolumeByKey: a volume still there is synced; one gone is forgotten."""
        volume = self.volume_informer.get(key)
        if volume is None:
            gone = self.volumes.pop(key, None)
            if gone is not None and gone["spec"].get("claimRef") is not None:
                # its claim learns it is Lost now rather than at the next resync
                self.claim_queue.add(pvutil.claim_ref_key(gone["spec"]["claimRef"]))
            return
        if self.binder.store_volume(volume):
            _retrying(self.sync_volume, volume)

    def sync_claim_by_key(self, key: str) -> None:
        """syncClaimByKey: a claim still there is synced; one gone frees its volume."""
        claim = self.claim_informer.get(key)
        if claim is None:
            gone = self.claims.pop(key, None)
            if gone is not None and gone["spec"].get("volumeName"):
                self.volume_queue.add(gone["spec"]["volumeName"])
            return
        if self.binder.store_claim(claim):
            _retrying(self.sync_claim, claim)

    # -- claims ----------------------------------------------------------------------------

    def sync_claim(self, claim: Object) -> None:
        """syncClaim."""
        if pvutil.ANN_BIND_COMPLETED in pvutil.annotations(claim):
            self._sync_bound_claim(claim)
        elif claim["spec"].get("volumeName"):
            self._sync_claim_asking_for_volume(claim)
        else:
            self._sync_unbound_claim(claim)

    def _sync_unbound_claim(self, claim: Object) -> None:
        """syncUnboundClaim of a claim that asks for no volume in particular: bind the best
        match, else say why it waits."""
        delay_binding = self._is_delay_binding_mode(claim)
        try:
            volume = pvutil.find_best_match_for_claim(
                claim, list(self.volumes.values()), delay_binding
            )
        except labels.SelectorError as error:
            raise SyncError(f'error finding PV for claim "{pvutil.claim_key(claim)}"') from error
        if volume is not None:
            self.binder.bind(volume, claim)
            return
        if self._assign_default_storage_class(claim):
            return
        if delay_binding and pvutil.ANN_SELECTED_NODE not in pvutil.annotations(claim):
            self._event_for_unbound_delay_binding_claim(claim)
        elif pvutil.claim_class(claim):
            self.operations.provision_claim(claim)
            return
        else:
            message = "no persistent volumes available for this claim and no storage class is set"
            self.recorder.event(claim, NORMAL, "FailedBinding", message)
        self.binder.update_claim_status(claim, PENDING, None)

    def _sync_claim_asking_for_volume(self, claim: Object) -> None:
        """syncUnboundClaim of a claim pre-bound to a volume by its spec.volumeName."""
        name = claim["spec"]["volumeName"]
        volume = self.volumes.get(name)
        if volume is None:
            self.binder.update_claim_status(claim, PENDING, None)
            return
        if volume["spec"].get("claimRef") is None:
            problem = _unsatisfied(volume, claim)
            if problem is None:
                self.binder.bind(volume, claim)
                return
            message = f'Cannot bind to requested volume "{name}": {problem}'
            self.recorder.event(claim, WARNING, "VolumeMismatch", message)
            self.binder.update_claim_status(claim, PENDING, None)
            return
        if pvutil.is_volume_bound_to_claim(volume, claim):
            self.binder.bind(volume, claim)
            return
        message = f'volume "{name}" already bound to a different claim.'
        self.recorder.event(claim, WARNING, "FailedBinding", message)
        if pvutil.ANN_BOUND_BY_CONTROLLER not in pvutil.annotations(claim):
            self.binder.update_claim_status(claim, PENDING, None)
            return
        owner = pvutil.claim_ref_key(volume["spec"]["claimRef"])
        raise SyncError(
            f'invalid binding of claim "{pvutil.claim_key(claim)}" to volume "{name}": volume '
            f'already claimed by "{owner}"'
        )

    def _sync_bound_claim(self, claim: Object) -> None:
        """syncBoundClaim: a claim bound before stays bound to its volume, or is Lost."""
        name = claim["spec"].get("volumeName")
        if not name:
            message = (
                "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"
            )
            self.binder.update_claim_status_with_event(claim, LOST, WARNING, "ClaimLost", message)
            return
        volume = self.volumes.get(name)
        if volume is None:
            message = "Bound claim has lost its PersistentVolume. Data on the volume is lost!"
            self.binder.update_claim_status_with_event(claim, LOST, WARNING, "ClaimLost", message)
            return
        ref = volume["spec"].get("claimRef")
        if ref is None or ref.get("uid") == claim["metadata"].get("uid"):
            self.binder.bind(volume, claim)
            return
        message = "Two claims are bound to the same volume, this one is bound incorrectly"
        self.binder.update_claim_status_with_event(claim, LOST, WARNING, "ClaimMisbound", message)

    def _is_delay_binding_mode(self, claim: Object) -> bool:
        """IsDelayBindingMode: the claim's class binds when a pod first uses the claim."""
        name = pvutil.claim_class(claim)
        found = self.classes.get(name) if name else None
        if found is None:
            return False
        mode = found.get("volumeBindingMode")
        if mode is None:
            raise SyncError(f'VolumeBindingMode not set for StorageClass "{name}"')
        return mode == WAIT_FOR_FIRST_CONSUMER

    def _event_for_unbound_delay_binding_claim(self, claim: Object) -> None:
        """emitEventForUnboundDelayBindingClaim: waiting for a pod, or for its scheduling."""
        names = [
            pod["metadata"]["name"]
            for pod in self.pods_using(pvutil.claim_key(claim))
            if not pod["spec"].get("nodeName")
        ]
        if not names:
            reason, message = (
                WAIT_FOR_FIRST_CONSUMER,
                ("waiting for first consumer to be created before binding"),
            )
        elif len(names) == 1:
            reason, message = "WaitForPodScheduled", f"waiting for pod {names[0]} to be scheduled"
        else:
            reason = "WaitForPodScheduled"
            message = f"waiting for pods {','.join(names)} to be scheduled"
        self.recorder.event(claim, NORMAL, reason, message)

    def _assign_default_storage_class(self, claim: Object) -> bool:
        """assignDefaultStorageClass: a claim without a class takes the default one, when a
        default class has appeared since the claim was created."""
        if pvutil.claim_has_class(claim):
            return False
        found = pvutil.default_class(list(self.classes.items()))
        if found is None:
            return False
        changed = codec.deep_copy(claim)
        changed["spec"]["storageClassName"] = found["metadata"]["name"]
        self.binder.update("persistentvolumeclaims", changed)
        return True

    def pods_using(self, key: str) -> list[Object]:
        """The pods not terminated that use the claim `namespace/name` (findPodsByPVCKey)."""
        pods = self.pods.by_index(POD_PVC_INDEX, key)
        return [pod for pod in pods if not is_pod_terminated(pod)]

    # -- volumes ---------------------------------------------------------------------------

    def sync_volume(self, volume: Object) -> None:
        """syncVolume."""
        ref = volume["spec"].get("claimRef")
        if ref is None or not ref.get("uid"):
            # unused, or reserved for a claim not bound yet: the claim's sync binds it
            self.binder.update_volume_phase(volume, AVAILABLE)
            return
        claim = self._claim_of(volume)
        if claim is None:
            self._release(volume)
        elif not claim["spec"].get("volumeName"):
            self._sync_volume_of_unbound_claim(volume, claim)
        elif claim["spec"]["volumeName"] == volume["metadata"]["name"]:
            self.binder.update_volume_phase(volume, BOUND)
        elif (
            pvutil.ANN_DYNAMICALLY_PROVISIONED in pvutil.annotations(volume)
            and volume["spec"].get("persistentVolumeReclaimPolicy") == "Delete"
        ):
            # provisioned for a claim that got bound elsewhere: not needed
            self._release(volume)
        else:
            # bound by the controller to a claim bound elsewhere (undo it), or pre-bound by
            # its creator (keep the claimRef, drop its uid)
            self.binder.unbind_volume(volume)

    def _claim_of(self, volume: Object) -> Object | None:
        """The claim the volume's claimRef names, if it is still that very one. A claim not
        in the controller's copy is looked for in the informer, then in kube-apiserver,
        before the volume is taken for released."""
        ref = volume["spec"]["claimRef"]
        key = pvutil.claim_ref_key(ref)
        claim = self.claims.get(key)
        if claim is None and volume_phase(volume) not in (RELEASED, FAILED):
            claim = self.claim_informer.get(key) or self._get_claim(ref)
        if claim is not None and claim["metadata"].get("uid") != ref.get("uid"):
            # the cached one may be older than the claimRef: ask kube-apiserver
            claim = self._get_claim(ref)
            if claim is not None and claim["metadata"].get("uid") != ref.get("uid"):
                claim = None
        return claim

    def _get_claim(self, ref: Object) -> Object | None:
        try:
            return self.client.call(
                "get", "persistentvolumeclaims", ref.get("namespace", ""), ref.get("name", "")
            )
        except APIError as error:
            if error.code == 404:
                return None
            raise

    def _release(self, volume: Object) -> None:
        """The claim is gone: Released (a Failed volume stays Failed), then reclaimed."""
        if volume_phase(volume) not in (RELEASED, FAILED):
            volume = self.binder.update_volume_phase(volume, RELEASED)
        self.operations.reclaim_volume(volume)

    def _sync_volume_of_unbound_claim(self, volume: Object, claim: Object) -> None:
        """The volume points at a claim not bound yet: the claim's sync finishes the
        binding, unless their volume modes differ."""
        if pvutil.volume_mode_mismatch(claim, volume):
            claim_name, name = claim["metadata"]["name"], volume["metadata"]["name"]
            self.recorder.event(
                volume,
                WARNING,
                "VolumeMismatch",
                f'Cannot bind PersistentVolume to requested PersistentVolumeClaim "{claim_name}" '
                "due to incompatible volumeMode.",
            )
            self.recorder.event(
                claim,
                WARNING,
                "VolumeMismatch",
                f'Cannot bind PersistentVolume "{name}" to requested PersistentVolumeClaim due '
                "to incompatible volumeMode.",
            )
            return
        self.claim_queue.add(pvutil.claim_key(claim))


def _retrying(sync: Callable[[Object], None], obj: Object) -> None:
    """Run a sync; what failed is tried again with the queue's back-off."""
    try:
        sync(obj)
    except (APIError, SyncError, OperationFailed) as error:
        raise Retry from error


def _unsatisfied(volume: Object, claim: Object) -> str | None:
    """checkVolumeSatisfyClaim: why the volume cannot serve the claim that asks for it."""
    if volume["metadata"].get("deletionTimestamp"):
        return f'the volume is marked for deletion "{volume["metadata"]["name"]}"'
    if pvutil.storage(volume["spec"].get("capacity")) < pvutil.requested_storage(claim):
        return "requested PV is too small"
    if pvutil.volume_class(volume) != pvutil.claim_class(claim):
        return "storageClassName does not match"
    if pvutil.attributes_class_mismatch(claim, volume):
        return "volumeAttributesClassName does not match"
    if pvutil.volume_mode_mismatch(claim, volume):
        return "incompatible volumeMode"
    if not pvutil.check_access_modes(claim, volume):
        return "incompatible accessMode"
    return None
