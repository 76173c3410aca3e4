"""TaintToleration: NoSchedule and NoExecute taints keep out pods that don't tolerate them;
untolerated PreferNoSchedule taints lower a node's score."""

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, NodeInfo, Status


def tolerates(toleration: Object, taint: Object) -> bool:
    """Toleration.ToleratesTaint."""
    effect = toleration.get("effect") or ""
    if effect and effect != taint.get("effect"):
        return False
    if toleration.get("key") and toleration.get("key") != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    return operator == "Equal" and (toleration.get("value") or "") == (taint.get("value") or "")


def tolerated(taint: Object, tolerations: list[Object]) -> bool:
    return any(tolerates(t, taint) for t in tolerations)


def describe(taint: Object) -> str:
    return f"{{{taint.get('key')}: {taint.get('value', '')}}}"


class TaintToleration(framework.Plugin):
    name = "TaintToleration"

    def filter(self, state: CycleState, pod: Object, node: NodeInfo) -> Status:
        tolerations = (pod.get("spec") or {}).get("tolerations") or []
        for taint in (node.node.get("spec") or {}).get("taints") or []:
            if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerated(
                taint, tolerations
            ):
                reason = f"node(s) had untolerated taint {describe(taint)}"
                return framework.unschedulable(self.name, reason, resolvable=False)
        return framework.OK

    def score(self, state: CycleState, pod: Object, node: NodeInfo) -> int:
        tolerations = [
            t
            for t in (pod.get("spec") or {}).get("tolerations") or []
            if t.get("effect") in ("", None, "PreferNoSchedule")
        ]
        taints = (node.node.get("spec") or {}).get("taints") or []
        return sum(
            1
            for taint in taints
            if taint.get("effect") == "PreferNoSchedule" and not tolerated(taint, tolerations)
        )

    def normalize_scores(self, state: CycleState, pod: Object, scores: dict[str, int]) -> None:
        framework.default_normalize(scores, reverse=True)
