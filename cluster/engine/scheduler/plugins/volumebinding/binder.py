"""The volume binder (volumebinding/binder.go). It sorts a pod's claims into the bound ones,
the unbound ones that wait for their first consumer, and the unbound ones that should be
bound already; finds, node by node, a volume for each claim that waits (or whether its class
could provision one there); assumes its choice at Reserve; and at PreBind writes it through
the API (a volume's claimRef, a claim's selected node), then checks until the PV controller
has finished the binding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cluster.engine.api import pvutil
from cluster.engine.api.meta import Object
from cluster.engine.client import APIError
from cluster.engine.scheduler.plugins.volumebinding.assumecache import AssumeCache, VolumeError
from cluster.engine.scheduler.plugins.volumebinding.storage import (
    bind_volume_to_claim,
    claim_names,
    find_matching_volume,
    is_fully_bound,
    topology_fits,
    volume_fits,
)
from cluster.engine.scheduler.types import NodeInfo

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle

ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
ERR_REASON_NODE_CONFLICT = "node(s) didn't match PersistentVolume's node affinity"
ERR_REASON_PV_NOT_EXIST = (
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
)
PVCS, PVS, CLASSES = "persistentvolumeclaims", "persistentvolumes", "storageclasses"
WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"
NOT_SUPPORTED_PROVISIONER = "kubernetes.io/no-provisioner"


@dataclass(slots=True)
class PodVolumeClaims:
    """The pod's claims by what binding they need, and the volumes of the classes of those
    that wait for their first consumer (the pod), by class."""

    bound: list[Object] = field(default_factory=list)
    unbound_delay_binding: list[Object] = field(default_factory=list)
    unbound_immediate: list[Object] = field(default_factory=list)
    volumes_by_class: dict[str, list[Object]] = field(default_factory=dict)


@dataclass(slots=True)
class Binding:
    claim: Object
    volume: Object  # the volume chosen for the claim, then as bound to it


@dataclass(slots=True)
class PodVolumes:
    """What binding the pod's claims on one node takes: volumes to bind, claims to have
    provisioned."""

    static_bindings: list[Binding] = field(default_factory=list)
    dynamic_provisions: list[Object] = field(default_factory=list)


class VolumeBinder:
    def __init__(self, handle: Handle) -> None:
        self.handle = handle
        self.claims = AssumeCache(handle.informers[PVCS], PVCS)
        self.volumes = AssumeCache(handle.informers[PVS], PVS)

    def storage_class(self, name: str) -> Object | None:
        return self.handle.get_object(CLASSES, "", name)

    def is_delay_binding_mode(self, claim: Object) -> bool:
        """IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer."""
        name = pvutil.claim_class(claim)
        found = self.storage_class(name) if name else None
        return found is not None and found.get("volumeBindingMode") == WAIT_FOR_FIRST_CONSUMER

    # -- PreFilter ----------------------------------------------------------------------

    def pod_volume_claims(self, pod: Object) -> PodVolumeClaims:
        """GetPodVolumeClaims (the claims exist: PreFilter checked)."""
        found = PodVolumeClaims()
        for key, claim in self._claims_of(pod):
            if claim is None:
                raise VolumeError(f'error getting PVC "{key}": {PVCS} "{key}" not found')
            if is_fully_bound(claim):
                found.bound.append(claim)
            elif not claim["spec"].get("volumeName") and self.is_delay_binding_mode(claim):
                found.unbound_delay_binding.append(claim)
            else:  # pre-bound claims count as immediate ones: the PV controller binds them
                found.unbound_immediate.append(claim)
        for claim in found.unbound_delay_binding:
            name = pvutil.claim_class(claim)
            found.volumes_by_class[name] = list(
                self.volumes.list(lambda v, name=name: pvutil.volume_class(v) == name)
            )
        return found

    # -- Filter -------------------------------------------------------------------------

    def find_pod_volumes(
        self, claims: PodVolumeClaims, node: NodeInfo
    ) -> tuple[PodVolumes, list[str]]:
        """FindPodVolumes: what binding the claims on `node` would take, and why the node
        will not do (raises VolumeError)."""
        found = PodVolumes()
        bound_fit, bound_found = self._check_bound_claims(claims.bound, node)
        unbound_fit = not claims.unbound_delay_binding or self._find_unbound(claims, node, found)
        reasons = [
            reason
            for reason, fails in (
                (ERR_REASON_NODE_CONFLICT, not bound_fit),
                (ERR_REASON_BIND_CONFLICT, not unbound_fit),
                (ERR_REASON_PV_NOT_EXIST, not bound_found),
            )
            if fails
        ]
        return found, reasons

    def _check_bound_claims(self, claims: list[Object], node: NodeInfo) -> tuple[bool, bool]:
        """checkBoundClaims: whether each bound volume admits the node, and exists."""
        for claim in claims:
            volume = self.volumes.get(claim["spec"]["volumeName"])
            if volume is None:
                return True, False
            if not volume_fits(volume, node.labels):
                return False, True
        return True, True

    def _find_unbound(self, claims: PodVolumeClaims, node: NodeInfo, found: PodVolumes) -> bool:
        """The claims that wait: a volume for each, else their classes provision one here."""
        to_match, to_provision = [], []
        for claim in claims.unbound_delay_binding:
            selected = pvutil.annotations(claim).get(pvutil.ANN_SELECTED_NODE)
            if selected is None:
                to_match.append(claim)
            elif selected != node.name:
                return False  # being provisioned for another node
            else:
                to_provision.append(claim)
        if to_match:
            to_provision += self._find_matching_volumes(to_match, claims, node, found)
        return not to_provision or self._check_provisions(to_provision, node, found)

    def _find_matching_volumes(
        self, to_match: list[Object], claims: PodVolumeClaims, node: NodeInfo, found: PodVolumes
    ) -> list[Object]:
        """findMatchingVolumes: the smallest claims first; returns the claims left without."""
        chosen: set[str] = set()
        unmatched = []
        for claim in sorted(to_match, key=pvutil.requested_storage):
            class_volumes = claims.volumes_by_class[pvutil.claim_class(claim)]
            volume = find_matching_volume(claim, class_volumes, node, chosen)
            if volume is None:
                unmatched.append(claim)
            else:
                chosen.add(volume["metadata"]["name"])
                found.static_bindings.append(Binding(claim, volume))
        return unmatched

    def _check_provisions(self, claims: list[Object], node: NodeInfo, found: PodVolumes) -> bool:
        """checkVolumeProvisions: each claim's class has a provisioner that may provision a
        volume reachable from the node (raises VolumeError)."""
        for claim in claims:
            name = pvutil.claim_class(claim)
            if not name:
                raise VolumeError(f'no class for claim "{pvutil.claim_key(claim)}"')
            storage_class = self.storage_class(name)
            if storage_class is None:
                raise VolumeError(f'failed to find storage class "{name}"')
            if storage_class.get("provisioner") in ("", None, NOT_SUPPORTED_PROVISIONER):
                return False
            if not topology_fits(storage_class.get("allowedTopologies") or [], node.labels):
                return False
        found.dynamic_provisions = list(claims)
        return True

    # -- Reserve --------------------------------------------------------------------------

    def assume_pod_volumes(self, pod: Object, node: str, volumes: PodVolumes) -> bool:
        """AssumePodVolumes: hold the chosen volumes as bound to their claims, and the claims
        to provision as selected for the node; True if every claim is fully bound already
        (raises VolumeError)."""
        if all(c is not None and is_fully_bound(c) for _, c in self._claims_of(pod)):
            return True
        bindings = []
        for binding in volumes.static_bindings:
            volume, dirty = bind_volume_to_claim(binding.volume, binding.claim)
            if dirty:
                self._assume(self.volumes, volume, bindings, [])
            bindings.append(Binding(binding.claim, volume))
        provisions: list[Object] = []
        for claim in volumes.dynamic_provisions:
            meta = claim["metadata"]
            annotations = {**pvutil.annotations(claim), pvutil.ANN_SELECTED_NODE: node}
            selected = {**claim, "metadata": {**meta, "annotations": annotations}}
            self._assume(self.claims, selected, bindings, provisions)
            provisions.append(selected)
        volumes.static_bindings, volumes.dynamic_provisions = bindings, provisions
        return False

    def _assume(
        self, cache: AssumeCache, obj: Object, bindings: list[Binding], provisions: list[Object]
    ) -> None:
        """Assume `obj`; if that fails, take back what was assumed before it."""
        try:
            cache.assume(obj)
        except VolumeError:
            self.revert(PodVolumes(bindings, provisions))
            raise

    def revert(self, volumes: PodVolumes) -> None:
        """RevertAssumedPodVolumes."""
        for binding in volumes.static_bindings:
            self.volumes.restore(binding.volume)
        for claim in volumes.dynamic_provisions:
            self.claims.restore(claim)

    def _claims_of(self, pod: Object) -> list[tuple[str, Object | None]]:
        """The pod's claims as the scheduler sees them, by key (None: not found)."""
        namespace = pod["metadata"]["namespace"]
        keys = [f"{namespace}/{name}" for name in claim_names(pod)]
        return [(key, self.claims.get(key)) for key in keys]

    # -- PreBind --------------------------------------------------------------------------

    def bind_api_update(self, volumes: PodVolumes) -> None:
        """bindAPIUpdate: write the volumes' claimRefs and the claims' selected node (raises
        VolumeError; what was not written is no longer assumed)."""
        done_bindings = done_claims = 0
        try:
            for binding in volumes.static_bindings:
                binding.volume = self._update(PVS, "", binding.volume)
                done_bindings += 1
            for i, claim in enumerate(volumes.dynamic_provisions):
                volumes.dynamic_provisions[i] = self._update(
                    PVCS, claim["metadata"]["namespace"], claim
                )
                done_claims += 1
        finally:
            self.revert(
                PodVolumes(
                    volumes.static_bindings[done_bindings:],
                    volumes.dynamic_provisions[done_claims:],
                )
            )

    def _update(self, resource: str, namespace: str, obj: Object) -> Object:
        try:
            return self.handle.client.call(
                "update", resource, namespace, obj["metadata"]["name"], body=obj
            )
        except APIError as error:
            raise VolumeError(str(error)) from None

    def check_bindings(self, pod: Object, node_name: str, volumes: PodVolumes) -> bool:
        """checkBindings: True once the PV controller has bound every claim; VolumeError when
        the binding is undone or cannot happen, and scheduling must start over."""
        node = self.handle.node_info(node_name)
        if node is None:
            raise VolumeError(f'failed to get node "{node_name}": node "{node_name}" not found')
        meta = pod["metadata"]
        if self.handle.get_pod(f"{meta['namespace']}/{meta['name']}") is None:
            raise VolumeError(f'pod does not exist any more: pod "{meta["name"]}" not found')
        return all(self._binding_done(b, node) for b in volumes.static_bindings) and all(
            self._provision_done(c, node) for c in volumes.dynamic_provisions
        )

    def _binding_done(self, binding: Binding, node: NodeInfo) -> bool:
        name = binding.volume["metadata"]["name"]
        volume = self._api_obj(self.volumes, name, "failed to check binding")
        claim = self._api_obj(
            self.claims, pvutil.claim_key(binding.claim), "failed to check binding"
        )
        if _older(volume, binding.volume):
            return False  # our update has not reached the informer yet
        self._check_fits(volume, node)
        if not (volume["spec"].get("claimRef") or {}).get("uid"):
            raise VolumeError(f'ClaimRef got reset for pv "{name}"')
        return is_fully_bound(claim)

    def _provision_done(self, selected: Object, node: NodeInfo) -> bool:
        key = pvutil.claim_key(selected)
        claim = self._api_obj(self.claims, key, "failed to check provisioning pvc")
        if _older(claim, selected):
            return False
        name = claim["metadata"]["name"]
        annotations = claim["metadata"].get("annotations")
        if annotations is None:
            raise VolumeError(f'selectedNode annotation reset for PVC "{name}"')
        if annotations.get(pvutil.ANN_SELECTED_NODE) != node.name:
            raise VolumeError(f'provisioning failed for PVC "{name}"')  # the provisioner gave up
        volume_name = claim["spec"].get("volumeName")
        if volume_name:
            volume = self.volumes.get_api_obj(volume_name)
            if volume is None:
                return False  # not seen yet
            self._check_fits(volume, node)
        return is_fully_bound(claim)

    @staticmethod
    def _api_obj(cache: AssumeCache, key: str, doing: str) -> Object:
        found = cache.get_api_obj(key)
        if found is None:
            raise VolumeError(f'{doing}: {cache.resource} "{key}" not found')
        return found

    @staticmethod
    def _check_fits(volume: Object, node: NodeInfo) -> None:
        if not volume_fits(volume, node.labels):
            name = volume["metadata"]["name"]
            raise VolumeError(
                f'pv "{name}" node affinity doesn\'t match node "{node.name}": '
                "no matching NodeSelectorTerms"
            )


def _older(seen: Object, written: Object) -> bool:
    """CompareResourceVersion: what the informer has is older than what was written."""
    return int(seen["metadata"]["resourceVersion"]) < int(written["metadata"]["resourceVersion"])
