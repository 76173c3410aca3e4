"""The binder's operations that run on their own (scheduleOperation): provisioning a volume
for a claim, and reclaiming a released volume by its policy (Retain: nothing; Delete; Recycle).

Each runs on a timer of its own, as upstream runs each in a goroutine, one at a time per
name, with a back-off after a failure (goroutinemap).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cluster.engine.api import pvutil
from cluster.engine.api.meta import Object
from cluster.engine.client import APIError
from cluster.engine.controllers.volume import plugins
from cluster.engine.controllers.volume.goroutinemap import GoRoutineMap, OperationFailed
from cluster.engine.controllers.volume.recycler import Recycler
from cluster.engine.events import NORMAL, WARNING

if TYPE_CHECKING:
    from cluster.engine.controllers.volume.persistentvolume import PersistentVolumeController

Operation = Callable[..., bool]  # (name, *args) -> finished (False: still running)


class VolumeOperations:
    def __init__(self, controller: PersistentVolumeController) -> None:
        self.controller = controller
        self.binder = controller.binder
        self.client = controller.client
        self.recorder = controller.recorder
        self.running = GoRoutineMap(controller.clock)

    def _schedule(self, name: str, operation: Operation, *args: Any) -> None:
        """scheduleOperation: unless one of that name runs or backs off."""
        if self.running.start(name):
            self.controller.clock.call_soon(self._run, name, operation, *args)

    def _run(self, name: str, operation: Operation, *args: Any) -> None:
        try:
            finished = operation(name, *args)
        except (APIError, OperationFailed):
            self.running.finish(name, failed=True)
            return
        if finished:
            self.running.finish(name, failed=False)

    # -- provisioning ----------------------------------------------------------------------

    def provision_claim(self, claim: Object) -> None:
        """provisionClaim: find the class's provisioner, then provision with it (in-tree)
        or ask it to (external)."""
        try:
            storage_class, plugin = self._provisioner(claim)
        except plugins.PluginError as error:
            self.recorder.event(claim, WARNING, "ProvisioningFailed", str(error))
            return
        name = f"provision-{pvutil.claim_key(claim)}[{claim['metadata'].get('uid', '')}]"
        if plugin is None:
            self._schedule(name, self._provision_external, claim, storage_class)
        else:
            self._schedule(name, self._provision_in_tree, claim, storage_class, plugin)

    def _provisioner(self, claim: Object) -> tuple[Object, str | None]:
        """findProvisionablePlugin: the claim's class, and its in-tree plugin (None for an
        external provisioner)."""
        name = pvutil.claim_class(claim)
        found = self.controller.classes.get(name)
        if found is None:
            raise plugins.PluginError(f'storageclass.storage.k8s.io "{name}" not found')
        return found, plugins.provisionable_plugin(found.get("provisioner", ""))

    def _provision_external(self, name: str, claim: Object, storage_class: Object) -> bool:
        """provisionClaimOperationExternal: annotate the claim for the external provisioner
        and wait for it (or for an administrator) to create the volume."""
        provisioner = storage_class.get("provisioner", "")
        provisioner = plugins.MIGRATED.get(provisioner, provisioner)
        try:
            claim = self._set_claim_provisioner(claim, provisioner)
        except APIError as error:
            self.recorder.event(
                claim, WARNING, "ProvisioningFailed", f"Error saving claim: {error}"
            )
            raise
        message = (
            f"Waiting for a volume to be created either by the external provisioner "
            f"'{provisioner}' or manually by the system administrator. If volume creation is "
            "delayed, please verify that the provisioner is running and correctly registered."
        )
        self.recorder.event(claim, NORMAL, "ExternalProvisioning", message)
        return True

    def _provision_in_tree(
        self, name: str, claim: Object, storage_class: Object, plugin: str
    ) -> bool:
        """provisionClaimOperation with the hostPath plugin, whose provisioning a kubeadm
        cluster leaves disabled: it fails once the claim is annotated."""
        if plugin != plugins.CSI and claim["spec"].get("dataSource"):
            self._provisioning_failed(
                claim,
                f'plugin "{plugin}" is not a CSI plugin. Only CSI plugin can provision a claim '
                "with a datasource",
            )
        claim = self._set_claim_provisioner(claim, storage_class["provisioner"])
        try:
            self.client.call("get", "persistentvolumes", "", f"pvc-{claim['metadata']['uid']}")
            return True  # provisioned already
        except APIError as error:
            if error.code != 404:
                raise
        options = storage_class.get("mountOptions")
        if options:
            self._provisioning_failed(
                claim,
                "Mount options are not supported by the provisioner but StorageClass "
                f'"{storage_class["metadata"]["name"]}" has mount options [{" ".join(options)}]',
            )
        problem = plugins.new_provisioner_error(plugin)
        self._provisioning_failed(claim, f"Failed to create provisioner: {problem}")
        return True

    def _provisioning_failed(self, claim: Object, message: str) -> None:
        self.recorder.event(claim, WARNING, "ProvisioningFailed", message)
        raise OperationFailed(message)

    def _set_claim_provisioner(self, claim: Object, provisioner: str) -> Object:
        """setClaimProvisioner: the annotations that name the claim's provisioner."""
        found = pvutil.annotations(claim)
        if found.get(pvutil.ANN_STORAGE_PROVISIONER) == provisioner:
            return claim
        changed = {**claim, "metadata": {**claim["metadata"]}}
        changed["metadata"]["annotations"] = {
            **found,
            pvutil.ANN_BETA_STORAGE_PROVISIONER: provisioner,
            pvutil.ANN_STORAGE_PROVISIONER: provisioner,
        }
        return self.binder.update("persistentvolumeclaims", changed)

    # -- reclaiming ------------------------------------------------------------------------

    def reclaim_volume(self, volume: Object) -> None:
        """reclaimVolume: the volume's reclaim policy (a volume migrated to CSI is its
        external provisioner's)."""
        if pvutil.ANN_MIGRATED_TO in pvutil.annotations(volume):
            return
        policy = volume["spec"].get("persistentVolumeReclaimPolicy")
        meta = volume["metadata"]
        suffix = f"{meta['name']}[{meta.get('uid', '')}]"
        if policy == "Recycle":
            self._schedule(f"recycle-{suffix}", self._recycle, volume)
        elif policy == "Delete":
            self._schedule(f"delete-{suffix}", self._delete, volume)
        elif policy != "Retain":
            self.binder.update_volume_phase_with_event(
                volume,
                pvutil.FAILED,
                WARNING,
                "VolumeUnknownReclaimPolicy",
                "Volume has unrecognized PersistentVolumeReclaimPolicy",
            )

    def _delete(self, name: str, volume: Object) -> bool:
        """deleteVolumeOperation: the plugin deletes the storage, then the volume goes; a
        failure marks it Failed, with why, and is tried again."""
        try:
            plugin = plugins.deletable_plugin(volume)
        except plugins.PluginError as error:
            self._failed(volume, "VolumeFailedDelete", str(error))
            return True
        if plugin is None or not self._still_released(volume):
            return True  # an external deleter's, or no longer to delete
        try:
            plugins.delete(volume)
            self._remove_deletion_protection_finalizer(volume)
        except (plugins.PluginError, OperationFailed) as error:
            self._failed(volume, "VolumeFailedDelete", str(error))
            raise OperationFailed(str(error)) from error
        with contextlib.suppress(APIError):  # the next sync deletes it again
            self.client.call("delete", "persistentvolumes", "", volume["metadata"]["name"])
        return True

    def _remove_deletion_protection_finalizer(self, volume: Object) -> None:
        """removeDeletionProtectionFinalizer, on the newest copy."""
        fresh = self.client.call("get", "persistentvolumes", "", volume["metadata"]["name"])
        finalizers = fresh["metadata"].get("finalizers") or []
        if pvutil.PV_DELETION_IN_TREE_PROTECTION_FINALIZER not in finalizers:
            return
        kept = [f for f in finalizers if f != pvutil.PV_DELETION_IN_TREE_PROTECTION_FINALIZER]
        changed = {**fresh, "metadata": {**fresh["metadata"], "finalizers": kept}}
        try:
            self.binder.update("persistentvolumes", changed)
        except APIError as error:
            message = f"persistent volume controller can't update finalizer: {error}"
            raise OperationFailed(message) from error

    def _recycle(self, name: str, volume: Object) -> bool:
        """recycleVolumeOperation: a recycler pod scrubs the volume, which is then
        Available again; not while pods still use it."""
        fresh = self._get_volume(volume)
        if fresh is None or not self.is_volume_released(fresh):
            return True
        key = pvutil.claim_ref_key(volume["spec"]["claimRef"])
        users = sorted(
            f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
            for pod in self.controller.pods_using(key)
        )
        if users and key not in self.controller.claims:
            message = f"Volume is used by pods: {','.join(users)}"
            self.recorder.event(volume, NORMAL, "VolumeFailedRecycle", message)
            return True
        if plugins.recyclable_plugin(fresh) is None:
            self._failed(fresh, "VolumeFailedRecycle", "No recycler plugin found for the volume!")
            return True
        Recycler(
            self.client,
            fresh["metadata"]["name"],
            plugins.recycler_pod(fresh),
            functools.partial(self._recycler_event, fresh),
            functools.partial(self._recycled, name, fresh),
        ).start()
        return False

    def _recycler_event(self, volume: Object, kind: str, message: str) -> None:
        """newRecyclerEventRecorder: the recycler pod's events, on the volume."""
        self.recorder.event(volume, kind, "RecyclerPod", f"Recycler pod: {message}")

    def _recycled(self, name: str, volume: Object, error: str | None) -> None:
        try:
            if error is not None:
                self._failed(volume, "VolumeFailedRecycle", f"Recycle failed: {error}")
            else:
                self.recorder.event(volume, NORMAL, "VolumeRecycled", "Volume recycled")
                self.binder.unbind_volume(volume)
        except APIError:
            pass  # recycled again at the next sync
        self.running.finish(name, failed=False)

    def _failed(self, volume: Object, reason: str, message: str) -> None:
        self.binder.update_volume_phase_with_event(volume, pvutil.FAILED, WARNING, reason, message)

    def _still_released(self, volume: Object) -> bool:
        """Whether the newest copy of the volume still needs reclaiming."""
        fresh = self._get_volume(volume)
        return fresh is not None and self.is_volume_released(fresh)

    def _get_volume(self, volume: Object) -> Object | None:
        try:
            return self.client.call("get", "persistentvolumes", "", volume["metadata"]["name"])
        except APIError:
            return None

    def is_volume_released(self, volume: Object) -> bool:
        """isVolumeReleased: bound once, and its claim is gone, or bound elsewhere."""
        ref = volume["spec"].get("claimRef")
        if ref is None or not ref.get("uid"):
            return False
        claim = self.controller.claims.get(pvutil.claim_ref_key(ref))
        if claim is None or claim["metadata"].get("uid") != ref["uid"]:
            return True
        bound_to = claim["spec"].get("volumeName")
        return bool(bound_to) and bound_to != volume["metadata"]["name"]
