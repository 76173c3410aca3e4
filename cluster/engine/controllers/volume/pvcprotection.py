"""The pvc-protection controller (pkg/controller/volume/pvcprotection): a claim being
deleted keeps its `kubernetes.io/pvc-protection` finalizer while a pod scheduled to a node
uses it; once none does, the finalizer goes and the deletion completes.

A pod uses a claim through a persistentVolumeClaim volume, or through a generic ephemeral
volume whose claim it owns (unless the pod is shut down). A pod that finished but is not
deleted still counts, as in Kubernetes. The informer's pods are asked first; when none uses
the claim, a live list of the namespace's pods makes sure, since a pod created a moment ago
may not be in the informer yet. Pods that use no claim are never looked at again.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.api.storage import PVC_PROTECTION_FINALIZER
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.volume import protection
from cluster.engine.controllers.volume.common import (
    POD_PVC_INDEX,
    claim_names,
    ephemeral_claim_name,
    is_pod_terminated,
    pod_pvc_index,
    volume_is_for_pod,
)
from cluster.engine.controllers.workqueue import Retry, WorkQueue


class PVCProtectionController:
    name = "pvc-protection"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.process_pvc, "pvcprotection")
        self.claims = informers.informer("persistentvolumeclaims")
        self.pods = informers.informer("pods")
        self.pods.add_indexer(POD_PVC_INDEX, pod_pvc_index)
        self.claims.add_handler(self._on_claim)
        self.pods.add_handler(self._on_pod)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_claim(self, kind: str, claim: Object, old: Object | None) -> None:
        """pvcAddedUpdated (a deletion is nothing to do)."""
        if protection.needs_work(kind, claim, PVC_PROTECTION_FINALIZER):
            self.queue.add(namespaced_name(claim))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        """podAddedDeletedUpdated: the claims of a pod that may no longer hold them (gone,
        finished, or not scheduled), and of the pod a same-named new one replaced."""
        self._enqueue_claims(pod, kind == DELETED)
        if old is not None and old["metadata"].get("uid") != pod["metadata"].get("uid"):
            self._enqueue_claims(old, True)

    def _enqueue_claims(self, pod: Object, deleted: bool) -> None:
        """enqueuePVCs."""
        names = claim_names(pod)
        if not names:
            return
        if not deleted and not is_pod_terminated(pod) and pod["spec"].get("nodeName"):
            return
        namespace = pod["metadata"]["namespace"]
        for name in names:
            self.queue.add(f"{namespace}/{name}")

    def process_pvc(self, key: str) -> None:
        """processPVC: the finalizer goes from a claim being deleted that no pod uses, and
        comes to a claim without it."""
        claim = self.claims.get(key)
        if claim is None:
            return
        try:
            if protection.is_deletion_candidate(claim, PVC_PROTECTION_FINALIZER):
                if not self._is_being_used(claim):
                    protection.remove_finalizer(
                        self.client, "persistentvolumeclaims", claim, PVC_PROTECTION_FINALIZER
                    )
            elif protection.need_to_add_finalizer(claim, PVC_PROTECTION_FINALIZER):
                protection.add_finalizer(
                    self.client, "persistentvolumeclaims", claim, PVC_PROTECTION_FINALIZER
                )
        except APIError as error:
            raise Retry from error

    def _is_being_used(self, claim: Object) -> bool:
        """isBeingUsedWith: a pod of the informer's index, else of a live list."""
        indexed = self.pods.by_index(POD_PVC_INDEX, namespaced_name(claim))
        if any(pod_uses_claim_for_deletion(pod, claim) for pod in indexed):
            return True
        live = self.client.call("list", "pods", claim["metadata"]["namespace"])
        return any(pod_uses_claim_for_deletion(pod, claim) for pod in live["items"])


def pod_uses_claim_for_deletion(pod: Object, claim: Object) -> bool:
    """podUsesPVCForDeletion: only a scheduled pod counts, as the kubelet starts no pod whose
    claim is being deleted."""
    if not pod["spec"].get("nodeName"):
        return False
    name = claim["metadata"]["name"]
    for volume in pod["spec"].get("volumes") or ():
        source = volume.get("persistentVolumeClaim")
        if source is not None and source.get("claimName") == name:
            return True
        if (
            volume.get("ephemeral") is not None
            and not _is_shut_down(pod)
            and ephemeral_claim_name(pod, volume) == name
            and volume_is_for_pod(pod, claim)
        ):
            return True
    return False


def _is_shut_down(pod: Object) -> bool:
    """podIsShutDown: the kubelet is done with it, or it was deleted by force (a deletion
    with a grace period of zero)."""
    meta = pod["metadata"]
    return bool(meta.get("deletionTimestamp")) and meta.get("deletionGracePeriodSeconds") == 0
