"""The resource quota controller (pkg/controller/resourcequota): it writes each quota's
`status.hard` from its spec and `status.used` from what the namespace holds, so that the
ResourceQuota admission plugin, which applies only quotas with a status, can enforce them.

Admission charges a quota as objects are created; this controller gives usage back when
objects go, or pods finish (the replenishment controller's work), and recounts a quota
whose hard limits change. It counts the kinds the manager's informers list: pods (compute
resources and counts), services (with their node ports and load balancers), claims (with the
storage they ask for, in all and by storage class), and a `count/<resource>` of the others.
"""

from __future__ import annotations

import functools

from cluster.engine.api import quantity, resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import resourcequota
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import WorkQueue

# what the quota monitor tracks here: the namespaced kinds the manager's informers list
TRACKED = (
    "pods",
    "services",
    "configmaps",
    "secrets",
    "resourcequotas",
    "serviceaccounts",
    "persistentvolumeclaims",
    "replicasets",
    "deployments",
    "statefulsets",
    "daemonsets",
    "jobs",
    "cronjobs",
    "endpoints",
    "endpointslices",
    "limitranges",
    "roles",
    "rolebindings",
    "leases",
)
TERMINAL = ("Succeeded", "Failed")


class ResourceQuotaController:
    name = "resourcequota"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "resourcequota_primary")
        self.quotas = informers.informer("resourcequotas")
        self.quotas.add_handler(self._on_quota)
        self.tracked = {name: informers.informer(name) for name in TRACKED}
        for name, informer in self.tracked.items():
            informer.add_handler(functools.partial(self._replenish, resources.BY_NAME[name]))

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_quota(self, kind: str, quota: Object, old: Object | None) -> None:
        """addQuota and updateQuota: a new quota, or one whose limits its status lacks."""
        if kind == DELETED:
            return
        spec_hard = (quota.get("spec") or {}).get("hard") or {}
        status = quota.get("status") or {}
        if kind == ADDED or spec_hard != status.get("hard") or "used" not in status:
            self.queue.add(_key(quota))

    def _replenish(
        self, resource: resources.Resource, kind: str, obj: Object, old: Object | None
    ) -> None:
        """replenishQuota: an object gone, or a pod finished, frees what it held."""
        if kind == ADDED or (kind != DELETED and not _finished(resource, obj, old)):
            return
        namespace = obj["metadata"].get("namespace", "")
        for quota in self.quotas.in_namespace(namespace):
            hard = (quota.get("status") or {}).get("hard") or {}
            if resourcequota.matching(resource, hard):
                self.queue.add(_key(quota))

    def reconcile(self, key: str) -> None:
        """syncResourceQuota: hard from the spec, used recounted; written only if changed."""
        quota = self.quotas.get(key)
        if quota is None:
            return
        hard = dict((quota.get("spec") or {}).get("hard") or {})
        status = quota.get("status") or {}
        used = {k: v for k, v in (status.get("used") or {}).items() if k in hard}
        used.update(self._usage(quota, hard))
        if status.get("hard") == hard and _same(status.get("used"), used):
            return
        body = {**quota, "status": {"hard": hard, "used": used}}
        utils.update_status(self.client, "resourcequotas", body)

    def _usage(self, quota: Object, hard: Object) -> dict[str, str]:
        """CalculateUsage: each tracked kind's total over the namespace, zero when none."""
        namespace = quota["metadata"]["namespace"]
        scoped = bool((quota.get("spec") or {}).get("scopes")) or bool(
            (quota.get("spec") or {}).get("scopeSelector")
        )
        used: dict[str, str] = {}
        for name, informer in self.tracked.items():
            resource = resources.BY_NAME[name]
            names = resourcequota.matching(resource, hard)
            if not names or (scoped and name != "pods"):
                continue  # only pods are in a scope
            total = dict.fromkeys(names, "0")
            for obj in informer.in_namespace(namespace):
                if scoped and not resourcequota.scopes_match(quota, obj):
                    continue
                for key, value in resourcequota.usage_of(resource, obj).items():
                    if key in total:
                        total[key] = resourcequota.add(total[key], value)
            used.update(total)
        return used


def _key(quota: Object) -> str:
    meta = quota["metadata"]
    return f"{meta['namespace']}/{meta['name']}"


def _finished(resource: resources.Resource, obj: Object, old: Object | None) -> bool:
    """A pod that has just reached Succeeded or Failed no longer holds compute resources."""
    if resource.name != "pods" or old is None:
        return False
    phase = (obj.get("status") or {}).get("phase")
    return phase in TERMINAL and (old.get("status") or {}).get("phase") not in TERMINAL


def _same(before: Object | None, after: Object) -> bool:
    """quota.Equals: the same names, each the same quantity however written."""
    if before is None or before.keys() != after.keys():
        return False
    return all(quantity.parse(before[k]) == quantity.parse(after[k]) for k in after)
