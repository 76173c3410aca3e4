"""NodeName: a pod that names its node fits that node only."""

from cluster.engine.api.meta import Object
from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState, NodeInfo, Status

ERR_REASON = "node(s) didn't match the requested node name"


class NodeName(framework.Plugin):
    name = "NodeName"

    def filter(self, state: CycleState, pod: Object, node: NodeInfo) -> Status:
        wanted = (pod.get("spec") or {}).get("nodeName")
        if not wanted or wanted == node.name:
            return framework.OK
        return framework.unschedulable(self.name, ERR_REASON, resolvable=False)
