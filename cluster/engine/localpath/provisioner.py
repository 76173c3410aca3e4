"""Rancher's local-path-provisioner, run by sig-storage-lib-external-provisioner's
ProvisionController: the external provisioner of the `standard` StorageClass.

The controller watches claims and volumes. A claim the PV controller has annotated for
rancher.io/local-path (`volume.kubernetes.io/storage-provisioner`), unbound, and, its class
binding on first use, with the node kube-scheduler picked (`volume.kubernetes.io/selected-node`),
gets a volume: `pvc-<claim uid>`, a hostPath directory on that node
(/var/local-path-provisioner/pvc-<uid>_<namespace>_<name>, made when first mounted), pinned to
the node by its node affinity, with the claim's access modes and size, the class's reclaim
policy, and a claimRef to the claim, which the PV controller then binds. Events on the claim
say so (Provisioning, ProvisioningSucceeded, or ProvisioningFailed: local paths serve only
ReadWriteOnce and ReadWriteOncePod, and no selector). A volume it provisioned that is
Released with reclaim policy Delete is deleted. (Its helper pods, which make and remove the
directories, are not run: a directory stays on its node, under a name no other claim gets.)
"""

from __future__ import annotations

import random

from cluster.engine.api import pvutil
from cluster.engine.api.meta import Object, new_uid
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import SharedInformer
from cluster.engine.controllers.workqueue import Retry, WorkQueue
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.localpath.addon import BASE_PATH, PROVISIONER

ANN_SELECTED_NODE = "local.path.provisioner/selected-node"  # nodeNameAnnotationKey
KEY_NODE = "kubernetes.io/hostname"
ACCESS_MODES = ("ReadWriteOnce", "ReadWriteOncePod")


class ProvisioningError(Exception):
    """Why a volume could not be provisioned for a claim."""


class LocalPathProvisioner:
    name = "local-path-provisioner"  # its name in the trace

    def __init__(self, clock: Clock, client: Client, rng: random.Random) -> None:
        self.client = client
        # the lib's event source: provisioner name, host name and a uuid of its own
        source = f"{PROVISIONER}_{self.name}_{new_uid(rng)}"
        self.recorder = EventRecorder(client, source)
        self.claims = SharedInformer(client, "persistentvolumeclaims")
        self.claims.add_handler(self._on_claim)
        self.volumes = SharedInformer(client, "persistentvolumes")
        self.volumes.add_handler(self._on_volume)
        self.classes = SharedInformer(client, "storageclasses")
        self.claim_queue = WorkQueue(clock, self.sync_claim, "local-path-provisioner/claims")
        self.volume_queue = WorkQueue(clock, self.sync_volume, "local-path-provisioner/volumes")

    def start(self) -> None:
        self.classes.start()
        self.volumes.start()
        self.claims.start()

    def _on_claim(self, kind: str, claim: Object, old: Object | None) -> None:
        if self._should_provision(claim):
            self.claim_queue.add(pvutil.claim_key(claim))

    def _on_volume(self, kind: str, volume: Object, old: Object | None) -> None:
        if self._should_delete(volume):
            self.volume_queue.add(volume["metadata"]["name"])

    # -- provisioning ----------------------------------------------------------------------

    def _should_provision(self, claim: Object) -> bool:
        """shouldProvision: an unbound claim annotated for this provisioner; one whose class
        waits for its first consumer, once a node is selected."""
        if claim["spec"].get("volumeName") or claim["metadata"].get("deletionTimestamp"):
            return False
        annotations = pvutil.annotations(claim)
        provisioner = annotations.get(pvutil.ANN_STORAGE_PROVISIONER) or annotations.get(
            pvutil.ANN_BETA_STORAGE_PROVISIONER
        )
        if provisioner != PROVISIONER:
            return False
        storage_class = self.classes.get(pvutil.claim_class(claim))
        if storage_class is None:
            return False
        if storage_class.get("volumeBindingMode") == "WaitForFirstConsumer":
            return bool(annotations.get(pvutil.ANN_SELECTED_NODE))
        return True

    def sync_claim(self, key: str) -> None:
        """syncClaim: provision the claim's volume, unless it is there already."""
        claim = self.claims.get(key)
        if claim is None or not self._should_provision(claim):
            return
        name = f"pvc-{claim['metadata']['uid']}"
        if self.volumes.get(name) is not None:
            return  # provisioned before: the PV controller binds them
        self.recorder.event(
            claim,
            NORMAL,
            "Provisioning",
            f'External provisioner is provisioning volume for claim "{key}"',
        )
        storage_class = self.classes.get(pvutil.claim_class(claim)) or {}
        try:
            volume = self._provision(claim, name, storage_class)
            self.client.call("create", "persistentvolumes", body=volume)
        except (ProvisioningError, APIError) as error:
            message = (
                f'failed to provision volume with StorageClass "{pvutil.claim_class(claim)}": '
                f"{error}"
            )
            self.recorder.event(claim, WARNING, "ProvisioningFailed", message)
            raise Retry from error
        self.recorder.event(
            claim, NORMAL, "ProvisioningSucceeded", f"Successfully provisioned volume {name}"
        )

    def _provision(self, claim: Object, name: str, storage_class: Object) -> Object:
        """Provision (provisionFor, on a node's own disk), with the fields the lib adds."""
        spec, meta = claim["spec"], claim["metadata"]
        if spec.get("selector") is not None:
            raise ProvisioningError("claim.Spec.Selector is not supported")
        if any(mode not in ACCESS_MODES for mode in spec.get("accessModes") or ()):
            raise ProvisioningError(
                "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
            )
        node_name = pvutil.annotations(claim).get(pvutil.ANN_SELECTED_NODE, "")
        if not node_name:  # a class that binds at once: no node to put the directory on
            raise ProvisioningError("configuration error, no node was specified")
        node = self.client.call("get", "nodes", "", node_name)
        hostname = (node["metadata"].get("labels") or {}).get(KEY_NODE, node_name)
        folder = "_".join((name, meta["namespace"], meta["name"]))
        requests = (spec.get("resources") or {}).get("requests") or {}
        return {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": {
                "name": name,
                "annotations": {
                    ANN_SELECTED_NODE: node_name,
                    pvutil.ANN_DYNAMICALLY_PROVISIONED: PROVISIONER,
                },
            },
            "spec": {
                "accessModes": list(spec.get("accessModes") or ()),
                "capacity": {"storage": requests.get("storage", "0")},
                "claimRef": pvutil.claim_reference(claim),
                "hostPath": {"path": f"{BASE_PATH}/{folder}", "type": "DirectoryOrCreate"},
                "nodeAffinity": {
                    "required": {
                        "nodeSelectorTerms": [
                            {
                                "matchExpressions": [
                                    {"key": KEY_NODE, "operator": "In", "values": [hostname]}
                                ]
                            }
                        ]
                    }
                },
                "persistentVolumeReclaimPolicy": storage_class.get("reclaimPolicy", "Delete"),
                "storageClassName": pvutil.claim_class(claim),
                "volumeMode": pvutil.FILESYSTEM,
            },
        }

    # -- deleting --------------------------------------------------------------------------

    def _should_delete(self, volume: Object) -> bool:
        """shouldDelete: a Released volume it provisioned, whose policy is Delete."""
        return (
            (volume.get("status") or {}).get("phase") == pvutil.RELEASED
            and volume["spec"].get("persistentVolumeReclaimPolicy") == "Delete"
            and pvutil.annotations(volume).get(pvutil.ANN_DYNAMICALLY_PROVISIONED) == PROVISIONER
            and not volume["metadata"].get("deletionTimestamp")
        )

    def sync_volume(self, name: str) -> None:
        """syncVolume: delete the volume."""
        volume = self.volumes.get(name)
        if volume is None or not self._should_delete(volume):
            return
        try:
            self.client.call("delete", "persistentvolumes", "", name)
        except APIError as error:
            if error.code != 404:
                raise Retry from error
