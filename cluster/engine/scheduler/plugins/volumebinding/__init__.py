"""VolumeBinding: a pod goes only where its PersistentVolumeClaims are, or can be, bound
(plugins/volumebinding/volume_binding.go).

PreFilter turns away, for every node at once, a pod whose claim is missing, lost, being
deleted, or unbound though its class binds at once ("pod has unbound immediate
PersistentVolumeClaims": the PV controller binds those, and the pod is tried again when
it has). Filter keeps the nodes that the node affinity of every bound volume admits, and
where each claim that waits for its first consumer finds an available volume, or its class
could provision one. Reserve holds that choice; PreBind writes it (a volume's claimRef, a
claim's selected node) and waits, polling each second for up to 600 s, until the PV
controller has bound the claims; the pod is bound only then.

Its Score needs StorageCapacityScoring, an alpha feature that is off: it never scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cluster.engine.api import pvutil
from cluster.engine.api.meta import Object
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.framework import (
    CycleState,
    EventRegistration,
    PreFilterResult,
    Status,
)
from cluster.engine.scheduler.plugins.volumebinding.binder import (
    PVCS,
    PodVolumeClaims,
    PodVolumes,
    VolumeBinder,
    VolumeError,
)
from cluster.engine.scheduler.plugins.volumebinding.storage import claim_names
from cluster.engine.scheduler.types import NodeInfo, PodInfo

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle

STATE_KEY = "VolumeBinding"
UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
BIND_TIMEOUT_MS = 600_000  # bindTimeoutSeconds' default
POLL_MS = 1_000  # how often PreBind looks whether the claims are bound
DEADLINE_EXCEEDED = "context deadline exceeded"

Done = Callable[[Status], None]


@dataclass(slots=True)
class StateData:
    """What PreFilter found of the pod's claims, and Filter of the nodes that fit."""

    claims: PodVolumeClaims
    by_node: dict[str, PodVolumes] = field(default_factory=dict)
    all_bound: bool = False


def _error(message: str) -> Status:
    return Status(framework.ERROR, (message,))


class VolumeBinding(framework.Plugin):
    name = "VolumeBinding"

    def __init__(self, handle: Handle) -> None:
        super().__init__(handle)
        self.handle: Handle = handle
        self.binder = VolumeBinder(handle)

    def pre_filter(
        self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]
    ) -> tuple[PreFilterResult | None, Status]:
        names = claim_names(pod.pod)
        if not names:
            return None, framework.SKIPPED
        problem = self._claim_problem(pod.namespace, names)
        if problem:
            return None, framework.unschedulable(self.name, problem, resolvable=False)
        try:
            claims = self.binder.pod_volume_claims(pod.pod)
        except VolumeError as error:
            return None, _error(str(error))
        if claims.unbound_immediate:
            return None, framework.unschedulable(self.name, UNBOUND_IMMEDIATE, resolvable=False)
        state[STATE_KEY] = StateData(claims)
        return None, framework.OK

    def _claim_problem(self, namespace: str, names: list[str]) -> str:
        """podHasPVCs: why a claim keeps the pod off every node ("" if none does)."""
        for name in names:
            claim = self.handle.get_object(PVCS, namespace, name)
            if claim is None:
                return f'persistentvolumeclaim "{name}" not found'
            if (claim.get("status") or {}).get("phase") == pvutil.LOST:
                volume = claim["spec"].get("volumeName", "")
                return (
                    f'persistentvolumeclaim "{name}" bound to non-existent '
                    f'persistentvolume "{volume}"'
                )
            if claim["metadata"].get("deletionTimestamp"):
                return f'persistentvolumeclaim "{name}" is being deleted'
        return ""

    def filter(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> Status:
        data: StateData = state[STATE_KEY]
        try:
            volumes, reasons = self.binder.find_pod_volumes(data.claims, node)
        except VolumeError as error:
            return _error(str(error))
        if reasons:
            return framework.unschedulable(self.name, *reasons, resolvable=False)
        data.by_node[node.name] = volumes
        return framework.OK

    def reserve(self, state: CycleState, pod: PodInfo, node: str) -> Status:
        data: StateData | None = state.get(STATE_KEY)
        if data is None:
            return framework.OK  # no claims
        try:
            data.all_bound = self.binder.assume_pod_volumes(pod.pod, node, data.by_node[node])
        except VolumeError as error:
            return _error(str(error))
        return framework.OK

    def unreserve(self, state: CycleState, pod: PodInfo, node: str) -> None:
        data: StateData | None = state.get(STATE_KEY)
        if data is not None and node in data.by_node:
            self.binder.revert(data.by_node[node])

    def pre_bind_pre_flight(self, state: CycleState, pod: PodInfo, node: str) -> Status:
        data: StateData | None = state.get(STATE_KEY)
        return framework.SKIPPED if data is None or data.all_bound else framework.OK

    def pre_bind(self, state: CycleState, pod: PodInfo, node: str, done: Done) -> None:
        """BindPodVolumes: the API updates, then a look each second until the PV controller
        has bound the claims."""
        volumes = state[STATE_KEY].by_node[node]
        try:
            self.binder.bind_api_update(volumes)
        except VolumeError as error:
            done(_error(str(error)))
            return
        clock = self.handle.clock
        deadline = clock.now + BIND_TIMEOUT_MS
        clock.call_later(POLL_MS, self._check_bindings, pod, node, volumes, deadline, done)

    def _check_bindings(
        self, pod: PodInfo, node: str, volumes: PodVolumes, deadline: int, done: Done
    ) -> None:
        clock = self.handle.clock
        if clock.now >= deadline:
            done(_error(f"binding volumes: {DEADLINE_EXCEEDED}"))
            return
        try:
            bound = self.binder.check_bindings(pod.pod, node, volumes)
        except VolumeError as error:
            done(_error(f"binding volumes: {error}"))
            return
        if bound:
            done(framework.OK)
        else:
            clock.call_later(POLL_MS, self._check_bindings, pod, node, volumes, deadline, done)

    def events_to_register(self) -> tuple[EventRegistration, ...]:
        added_or_updated = clusterevents.ADD | clusterevents.UPDATE
        node_action = clusterevents.ADD | clusterevents.UPDATE_NODE_LABEL
        return (
            (
                ClusterEvent(clusterevents.STORAGE_CLASS, added_or_updated),
                "schedulable_after_storage_class_change",
            ),
            (
                ClusterEvent(clusterevents.PERSISTENT_VOLUME_CLAIM, added_or_updated),
                "schedulable_after_claim_change",
            ),
            (ClusterEvent(clusterevents.PERSISTENT_VOLUME, added_or_updated), ""),
            (ClusterEvent(clusterevents.NODE, node_action), ""),
        )

    def schedulable_after_claim_change(self, pod: PodInfo, old: Object | None, new: Object) -> bool:
        """Queue when the claim is one of the pod's: almost any change of it may help."""
        meta = new["metadata"]
        return meta.get("namespace") == pod.namespace and meta["name"] in claim_names(pod.pod)

    def schedulable_after_storage_class_change(
        self, pod: PodInfo, old: Object | None, new: Object
    ) -> bool:
        """Queue for a new class, or one whose allowedTopologies changed (its binding mode
        cannot change)."""
        if old is None:
            return True
        return (old.get("allowedTopologies") or []) != (new.get("allowedTopologies") or [])
