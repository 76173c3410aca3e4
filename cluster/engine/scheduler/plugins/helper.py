"""What several plugins share (plugins/helper): tolerations, selectors from label sets, and
the default selector of the services and controller a pod belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cluster.engine.api import labels as api_labels
from cluster.engine.api.labels import Requirement, Selector, SelectorError, from_set
from cluster.engine.api.meta import Object

if TYPE_CHECKING:
    from cluster.engine.scheduler.runtime import Handle
    from cluster.engine.scheduler.types import PodInfo


def with_requirements(selector: Selector, *requirements: Requirement) -> Selector:
    """Selector.Add."""
    return Selector(selector.requirements + requirements, selector.nothing)


def tolerates(toleration: Object, taint: Object) -> bool:
    """Toleration.ToleratesTaint: an empty effect or key matches all; Exists ignores the value."""
    effect = toleration.get("effect") or ""
    if effect and effect != taint.get("effect"):
        return False
    key = toleration.get("key") or ""
    if key and key != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    return operator == "Equal" and (toleration.get("value") or "") == (taint.get("value") or "")


def tolerated(taint: Object, tolerations: list[Object]) -> bool:
    return any(tolerates(t, taint) for t in tolerations)


def untolerated_taint(taints: Sequence[Object], tolerations: list[Object]) -> Object | None:
    """FindMatchingUntoleratedTaint over taints already filtered to the effects that count."""
    for taint in taints:
        if not tolerated(taint, tolerations):
            return taint
    return None


OWNER_KINDS = {  # controller kind -> the resource its lister serves
    ("v1", "ReplicationController"): "replicationcontrollers",
    ("apps/v1", "ReplicaSet"): "replicasets",
    ("apps/v1", "StatefulSet"): "statefulsets",
}


def default_selector(pod: PodInfo, handle: Handle) -> Selector:
    """helper.DefaultSelector: the selectors of the services matching the pod, and of the
    ReplicationController, ReplicaSet or StatefulSet controlling it."""
    merged: dict[str, str] = {}
    for service in handle.list_objects("services", pod.namespace):
        selector = (service.get("spec") or {}).get("selector")
        if selector and from_set(selector).matches(pod.labels):
            merged.update(selector)
    selector = from_set(merged)
    owner = next(
        (o for o in pod.pod["metadata"].get("ownerReferences") or [] if o.get("controller")),
        None,
    )
    resource = OWNER_KINDS.get((owner.get("apiVersion"), owner.get("kind"))) if owner else None
    controller = handle.get_object(resource, pod.namespace, owner["name"]) if resource else None
    if controller is None:
        return selector
    spec = controller.get("spec") or {}
    if resource == "replicationcontrollers":
        merged.update(spec.get("selector") or {})
        return from_set(merged)
    try:
        owned = api_labels.from_label_selector(spec.get("selector"))
    except SelectorError:
        return selector
    return with_requirements(selector, *owned.requirements)
