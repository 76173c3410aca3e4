"""The pod garbage collector (pkg/controller/podgc/gc_controller.go): every 20 s it
force-deletes the pods no kubelet will ever finish.

- Orphaned pods, bound to a node that is gone: a node missing from the informer is
  quarantined for 40 s, then looked up; if kube-apiserver has no such node either, each of
  its pods is marked Failed with the condition DisruptionTarget (DeletionByPodGC, "PodGC:
  node no longer exists") and deleted with a grace period of 0.
- Terminating pods on a node that is not Ready and carries the
  `node.kubernetes.io/out-of-service` taint (an administrator's word that it is shut down):
  marked Failed and deleted with a grace period of 0.
- Pods being deleted that were never scheduled.

It writes no events.
"""

from __future__ import annotations

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import taints
from cluster.engine.controllers.informers import InformerFactory

NAME = "pod-garbage-collector"
GC_CHECK_PERIOD_MS = 20_000  # gcCheckPeriod
QUARANTINE_MS = 40_000  # quarantineTime
OUT_OF_SERVICE = "node.kubernetes.io/out-of-service"  # v1.TaintNodeOutOfService
DELETION_BY_POD_GC = {
    "type": "DisruptionTarget",
    "status": "True",
    "reason": "DeletionByPodGC",
    "message": "PodGC: node no longer exists",
}


class PodGCController:
    name = "podgc"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.pods = informers.informer("pods")
        self.nodes = informers.informer("nodes")
        self.quarantined: dict[str, int] = {}  # nodeQueue: node name -> when it is due

    def start(self) -> None:
        self.clock.call_later(GC_CHECK_PERIOD_MS, self.gc, background=True)

    def gc(self) -> None:
        """One pass: terminating pods of out-of-service nodes, orphans, unscheduled ones."""
        self.start()
        pods = list(self.pods.items())
        self._gc_terminating(pods)
        self._gc_orphaned(pods)
        self._gc_unscheduled_terminating(pods)

    def _gc_terminating(self, pods: list[Object]) -> None:
        for pod in pods:
            if not utils.is_pod_terminating(pod):
                continue
            node = self.nodes.get(pod["spec"].get("nodeName", ""))
            if node is None or _node_ready(node):
                continue
            if any(t.get("key") == OUT_OF_SERVICE for t in taints.of(node)):
                self._mark_failed_and_delete(pod)

    def _gc_orphaned(self, pods: list[Object]) -> None:
        existing = {node["metadata"]["name"] for node in self.nodes.items()}
        due = self.clock.now + QUARANTINE_MS
        for pod in pods:
            node = pod["spec"].get("nodeName", "")
            if node and node not in existing:
                self.quarantined[node] = min(self.quarantined.get(node, due), due)
        deleted = self._discover_deleted_nodes(existing)
        for pod in pods:
            if pod["spec"].get("nodeName", "") in deleted:
                self._mark_failed_and_delete(pod, DELETION_BY_POD_GC)

    def _discover_deleted_nodes(self, existing: set[str]) -> set[str]:
        """The quarantined nodes now due that kube-apiserver does not know either."""
        due = sorted(name for name, when in self.quarantined.items() if when <= self.clock.now)
        deleted = set()
        for name in due:
            del self.quarantined[name]
            if name not in existing and not self._node_exists(name):
                deleted.add(name)
        return deleted

    def _node_exists(self, name: str) -> bool:
        try:
            self.client.call("get", "nodes", "", name)
        except APIError as error:
            return error.code != 404  # unsure: looked at again while its pods are there
        return True

    def _gc_unscheduled_terminating(self, pods: list[Object]) -> None:
        for pod in pods:
            if pod["metadata"].get("deletionTimestamp") and not pod["spec"].get("nodeName"):
                self._mark_failed_and_delete(pod)

    def _mark_failed_and_delete(self, pod: Object, condition: Object | None = None) -> None:
        """markFailedAndDeletePodWithCondition: a pod not finished is marked Failed first,
        as no kubelet will; then it is deleted at once."""
        meta = pod["metadata"]
        namespace, name = meta["namespace"], meta["name"]
        try:
            if not utils.is_pod_terminal(pod):
                self.client.call(
                    "patch",
                    "pods",
                    namespace,
                    name,
                    subresource="status",
                    body=self._failed_status(pod, condition),
                    content_type=STRATEGIC,
                )
            body = {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0}
            self.client.call("delete", "pods", namespace, name, body=body)
        except APIError:
            return  # HandleError: the next pass sees it again if it is still there

    def _failed_status(self, pod: Object, condition: Object | None) -> Object:
        """PatchPodStatus's patch: phase Failed, and the condition if it is new or changed."""
        status: Object = {"phase": "Failed"}
        if condition is not None:
            current = next(
                (
                    c
                    for c in (pod.get("status") or {}).get("conditions") or ()
                    if c.get("type") == condition["type"]
                ),
                None,
            )
            if current is None or any(current.get(k) != v for k, v in condition.items()):
                status["conditions"] = [
                    {
                        **condition,
                        "observedGeneration": pod["metadata"].get("generation", 0),
                        "lastProbeTime": None,
                        "lastTransitionTime": self.clock.timestamp(),
                    }
                ]
        return {"metadata": {"uid": pod["metadata"]["uid"]}, "status": status}


def _node_ready(node: Object) -> bool:
    """nodeutil.IsNodeReady: the Ready condition is True."""
    conditions = (node.get("status") or {}).get("conditions") or ()
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)
