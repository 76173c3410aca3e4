"""Taints and tolerations as the node controllers handle them (pkg/util/taints and
v1 helper's GetMatchingTolerations), and the one way they write a node's taints."""

from __future__ import annotations

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object
from cluster.engine.client import Client

NO_EXECUTE = "NoExecute"
NO_SCHEDULE = "NoSchedule"
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
UNSCHEDULABLE = "node.kubernetes.io/unschedulable"


def taint(key: str, effect: str) -> Object:
    return {"key": key, "effect": effect}


def matches(a: Object, b: Object) -> bool:
    """Taint.MatchTaint: the same key and effect."""
    return a.get("key") == b.get("key") and a.get("effect") == b.get("effect")


def exists(taints: list[Object], wanted: Object) -> bool:
    return any(matches(t, wanted) for t in taints)


def of(node: Object) -> list[Object]:
    return list((node.get("spec") or {}).get("taints") or ())


def no_execute(taints: list[Object]) -> list[Object]:
    return [t for t in taints if t.get("effect") == NO_EXECUTE]


def tolerates(toleration: Object, found: Object) -> bool:
    """Toleration.ToleratesTaint: an empty effect or key matches any; Exists any value."""
    if toleration.get("effect") and toleration["effect"] != found.get("effect"):
        return False
    if toleration.get("key") and toleration["key"] != found.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    return operator == "Equal" and (toleration.get("value") or "") == (found.get("value") or "")


def matching_tolerations(
    taints: list[Object], tolerations: list[Object]
) -> tuple[bool, list[Object]]:
    """GetMatchingTolerations: whether every taint is tolerated, and by which tolerations."""
    used = []
    for found in taints:
        toleration = next((t for t in tolerations if tolerates(t, found)), None)
        if toleration is None:
            return False, []
        used.append(toleration)
    return True, used


def patch_taints(client: Client, node: Object, taints: list[Object]) -> None:
    """PatchNodeTaints: replace spec.taints, conditional on the node's resourceVersion."""
    body = {
        "metadata": {"resourceVersion": node["metadata"]["resourceVersion"]},
        "spec": {"taints": taints or None},
    }
    client.call("patch", "nodes", name=node["metadata"]["name"], body=body, content_type=STRATEGIC)
