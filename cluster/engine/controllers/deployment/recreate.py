"""The Recreate strategy (deployment/recreate.go): scale every old ReplicaSet to zero, wait
until their pods are gone, then scale the new one up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.controllers.deployment import progress, sync
from cluster.engine.controllers.deployment import util as du

if TYPE_CHECKING:
    from cluster.engine.controllers.deployment.controller import DeploymentController


def rollout_recreate(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> None:
    new, old = sync.get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=False)
    all_rss: list[Object | None] = [*old, new]
    scaled = False
    for rs in du.active(old):
        scaled = sync.scale_replica_set_and_record_event(dc, rs, 0, d)[0] or scaled
    if scaled or _old_pods_running(new, old, dc.pod_map(d, replica_sets)):
        progress.sync_rollout_status(dc, all_rss, new, d)
        return
    if new is None:
        new, old = sync.get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=True)
        all_rss = [*old, new]
    assert new is not None  # created when missing
    sync.scale_replica_set_and_record_event(dc, new, du.replicas(d), d)
    if du.deployment_complete(d, d.get("status") or {}):
        sync.cleanup_deployment(dc, old, d)
    progress.sync_rollout_status(dc, all_rss, new, d)


def _old_pods_running(new: Object | None, old: list[Object], pods: dict[str, list[Object]]) -> bool:
    """Whether any pod of an old ReplicaSet has not finished (or is not gone)."""
    if du.total(old, "replicas") > 0:
        return True
    new_uid = new["metadata"]["uid"] if new is not None else None
    return any(
        (pod.get("status") or {}).get("phase") not in ("Failed", "Succeeded")
        for uid, found in pods.items()
        if uid != new_uid
        for pod in found
    )
