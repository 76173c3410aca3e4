"""The pv-protection controller (pkg/controller/volume/pvprotection): a volume being deleted
keeps its `kubernetes.io/pv-protection` finalizer while it is Bound; once it is not, the
finalizer goes and the deletion completes. StorageObjectInUseProtection admission gives new
volumes the finalizer; this controller gives it to any volume without one."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.storage import PV_PROTECTION_FINALIZER
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.volume import protection
from cluster.engine.controllers.workqueue import Retry, WorkQueue


class PVProtectionController:
    name = "pv-protection"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.process_pv, "pvprotection")
        self.volumes = informers.informer("persistentvolumes")
        self.volumes.add_handler(self._on_volume)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_volume(self, kind: str, volume: Object, old: Object | None) -> None:
        """pvAddedUpdated (a deletion is nothing to do)."""
        if protection.needs_work(kind, volume, PV_PROTECTION_FINALIZER):
            self.queue.add(volume["metadata"]["name"])

    def process_pv(self, name: str) -> None:
        """processPV: the finalizer goes from a volume being deleted that is not Bound, and
        comes to a volume without it."""
        volume = self.volumes.get(name)
        if volume is None:
            return
        try:
            if protection.is_deletion_candidate(volume, PV_PROTECTION_FINALIZER):
                if (volume.get("status") or {}).get("phase") != "Bound":
                    protection.remove_finalizer(
                        self.client, "persistentvolumes", volume, PV_PROTECTION_FINALIZER
                    )
            elif protection.need_to_add_finalizer(volume, PV_PROTECTION_FINALIZER):
                protection.add_finalizer(
                    self.client, "persistentvolumes", volume, PV_PROTECTION_FINALIZER
                )
        except APIError as error:
            raise Retry from error
