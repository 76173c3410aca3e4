"""The active pods each ReplicaSet controls, kept up to date from pod events, so that a
sync costs what changed rather than how many pods there are.

Kubernetes' ReplicaSet controller lists the namespace's pods on every sync. The counts it
derives from them (how many pods are active, ready, fully labeled, still selected) are kept
here instead, per ReplicaSet, and updated one pod event at a time; they are rebuilt from the
pod index when a ReplicaSet is first seen or its selector or template labels change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.api import labels
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import CONTROLLER_INDEX, SharedInformer


@dataclass(slots=True)
class OwnedPods:
    """A ReplicaSet's active pods (keys), and those ready, unselected or not fully labeled;
    and its terminating pods that it still selects."""

    selector: labels.Selector
    template: labels.Selector
    shape: tuple[str, str]  # what selector and template labels these sets were built for
    active: dict[str, None] = field(default_factory=dict)
    ready: dict[str, None] = field(default_factory=dict)
    unselected: dict[str, None] = field(default_factory=dict)
    unlabeled: dict[str, None] = field(default_factory=dict)
    terminating: dict[str, None] = field(default_factory=dict)

    def add(self, key: str, pod: Object) -> None:
        pod_labels = pod["metadata"].get("labels")
        if utils.is_pod_terminating(pod) and self.selector.matches(pod_labels):
            self.terminating[key] = None  # FilterClaimedPods of FilterTerminatingPods
        if not utils.is_pod_active(pod):
            return
        self.active[key] = None
        if utils.is_pod_ready(pod):
            self.ready[key] = None
        if not self.selector.matches(pod_labels):
            self.unselected[key] = None
        if not self.template.matches(pod_labels):
            self.unlabeled[key] = None

    def remove(self, key: str) -> None:
        for keys in (self.active, self.ready, self.unselected, self.unlabeled, self.terminating):
            keys.pop(key, None)

    def claimed(self) -> list[str]:
        """The active pods still selected."""
        return [key for key in self.active if key not in self.unselected]

    def count(self, keys: dict[str, None]) -> int:
        """How many of `keys` are claimed."""
        return len(keys) - sum(1 for key in self.unselected if key in keys)


def template_selector(rs: Object) -> labels.Selector:
    """The template's labels as a selector (fully labeled pods carry all of them)."""
    found = (rs["spec"]["template"].get("metadata") or {}).get("labels") or {}
    return labels.Selector(
        tuple(labels.Requirement(k, labels.EQUALS, (v,)) for k, v in found.items())
    )


def _shape(rs: Object) -> tuple[str, str]:
    template = (rs["spec"]["template"].get("metadata") or {}).get("labels") or {}
    return repr(rs["spec"].get("selector")), repr(template)


class PodTracker:
    """OwnedPods for every ReplicaSet, by uid."""

    def __init__(self, pods: SharedInformer) -> None:
        self.pods = pods
        self.owned: dict[str, OwnedPods] = {}

    def of(self, rs: Object, selector: labels.Selector) -> OwnedPods:
        """The ReplicaSet's pods, rebuilt first if it is new or changed its selector or
        template labels."""
        uid = rs["metadata"]["uid"]
        found = self.owned.get(uid)
        if found is None or found.shape != _shape(rs):
            found = self.owned[uid] = OwnedPods(selector, template_selector(rs), _shape(rs))
            for pod in self.pods.by_index(CONTROLLER_INDEX, uid):
                found.add(namespaced_name(pod), pod)
        return found

    def forget(self, uid: str) -> None:
        self.owned.pop(uid, None)

    def observe(self, pod: Object, old: Object | None, deleted: bool) -> None:
        """Move a pod between the sets of the ReplicaSets it was and is controlled by."""
        key = namespaced_name(pod)
        for previous in (old, pod):
            ref = utils.controller_of(previous) if previous is not None else None
            owned = self.owned.get(ref.get("uid", "")) if ref is not None else None
            if owned is not None:
                owned.remove(key)
        ref = utils.controller_of(pod)
        owned = self.owned.get(ref.get("uid", "")) if ref is not None else None
        if owned is not None and not deleted:
            owned.add(key, pod)


@dataclass(slots=True)
class Claimed:
    """What one sync works with: the pods tracked as still selected, plus those it has just
    adopted (their ownerReferences are not back through the watch yet)."""

    owned: OwnedPods
    adopted: list[Object]
    pods: SharedInformer

    def __len__(self) -> int:
        return self.owned.count(self.owned.active) + len(self.adopted)

    def objects(self) -> list[Object]:
        found = [self.pods.get(key) for key in self.owned.claimed()]
        return [pod for pod in found if pod is not None] + self.adopted

    def counts(self, min_ready_seconds: int, clock: Clock) -> Object:
        """calculateStatus' counts: replicas, fully labeled, ready, available, terminating."""
        owned = self.owned
        adopted_ready = [pod for pod in self.adopted if utils.is_pod_ready(pod)]
        ready = owned.count(owned.ready) + len(adopted_ready)
        available = ready
        if min_ready_seconds:
            tracked = [self.pods.get(k) for k in owned.ready if k not in owned.unselected]
            candidates = [pod for pod in tracked if pod is not None] + adopted_ready
            available = sum(utils.is_pod_available(p, min_ready_seconds, clock) for p in candidates)
        labeled = owned.count(owned.active) - owned.count(owned.unlabeled)
        labeled += sum(owned.template.matches(p["metadata"].get("labels")) for p in self.adopted)
        return {
            "replicas": len(self),
            "fullyLabeledReplicas": labeled,
            "readyReplicas": ready,
            "availableReplicas": available,
            "terminatingReplicas": len(owned.terminating),
        }
