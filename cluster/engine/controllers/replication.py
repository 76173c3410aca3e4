"""The replication controller (pkg/controller/replication): the ReplicaSet controller's logic
run on ReplicationControllers, as Kubernetes runs it through adapters. Only the selector
differs, a plain map of labels, and the status, which counts no terminating pods."""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.controllers.replicaset import ReplicaSetController

NAME = "replication-controller"


class ReplicationManager(ReplicaSetController):
    name = "replicationcontroller"
    resource = "replicationcontrollers"
    kind = "ReplicationController"
    component = NAME

    def selector(self, rc: Object) -> labels.Selector | None:
        return labels.from_set(rc.get("spec", {}).get("selector"))

    @staticmethod
    def _omit_empty(status: Object) -> Object:
        """ReplicationControllerStatus as Go marshals it: replicas always, zero counts left
        out, and no terminatingReplicas (the type has none)."""
        return {
            k: v for k, v in status.items() if k == "replicas" or (v and k != "terminatingReplicas")
        }
