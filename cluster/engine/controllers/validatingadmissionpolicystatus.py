"""The validatingadmissionpolicy-status-controller (pkg/controller/
validatingadmissionpolicystatus): each policy whose spec changed since its status was written
is type checked against the kinds it matches, and its status says what was checked
(observedGeneration) and the warnings found (typeChecking)."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.validatingpolicy import typechecking
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import WorkQueue

RESOURCE = "validatingadmissionpolicies"


class ValidatingAdmissionPolicyStatusController:
    name = "validatingadmissionpolicy-status-controller"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.sync, self.name)
        self.policies = informers.informer(RESOURCE)
        self.policies.add_handler(self._on_policy)

    def start(self) -> None:
        """Nothing of its own: the shared informer feeds it."""

    def _on_policy(self, kind: str, policy: Object, old: Object | None) -> None:
        if kind != DELETED:
            self.queue.add(policy["metadata"]["name"])

    def sync(self, name: str) -> None:
        policy = self.policies.get(name)
        if policy is None:
            return
        generation = policy["metadata"].get("generation", 0)
        if generation <= (policy.get("status") or {}).get("observedGeneration", 0):
            return
        found = typechecking.warnings(policy)
        status = {
            "observedGeneration": generation,
            "typeChecking": {"expressionWarnings": found} if found else {},
        }
        utils.update_status(self.client, RESOURCE, {**policy, "status": status})
