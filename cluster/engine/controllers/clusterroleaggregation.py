"""The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a
ClusterRole with an `aggregationRule` is given the rules of every ClusterRole its selectors
pick, in name order, each rule once. The rules are written into the object, so `kubectl get
clusterrole admin -o yaml` shows them, and the authorizer reads them as stored.

Any ClusterRole's change may change what an aggregated role picks, so every change queues
every aggregated role, as the controller's `enqueue` does.
"""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import rbac
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue


class ClusterRoleAggregationController:
    name = "clusterrole-aggregation"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "ClusterRoleAggregator")
        self.cluster_roles = informers.informer("clusterroles")
        self.cluster_roles.add_handler(self._on_cluster_role)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_cluster_role(self, kind: str, role: Object, old: Object | None) -> None:
        for other in self.cluster_roles.items():
            if other.get("aggregationRule") is not None:
                self.queue.add(other["metadata"]["name"])

    def reconcile(self, name: str) -> None:
        """syncClusterRole: store the rules the role's selectors pick, if they differ."""
        role = self.cluster_roles.get(name)
        if role is None or role.get("aggregationRule") is None:
            return
        try:
            rules = rbac.aggregated_rules(role, self.cluster_roles.items())
        except labels.SelectorError:
            raise Retry from None
        if rules == (role.get("rules") or []):
            return
        try:
            self.client.call("update", "clusterroles", name=name, body={**role, "rules": rules})
        except APIError as error:
            if error.code != 404:
                raise Retry from None
