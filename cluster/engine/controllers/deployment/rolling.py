"""The RollingUpdate strategy (deployment/rolling.go): grow the new ReplicaSet within
maxSurge, shrink the old ones within maxUnavailable, one step per sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError
from cluster.engine.controllers.deployment import progress, sync
from cluster.engine.controllers.deployment import util as du

if TYPE_CHECKING:
    from cluster.engine.controllers.deployment.controller import DeploymentController


def rollout_rolling(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> None:
    new, old = sync.get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=True)
    assert new is not None  # created when missing
    all_rss = [*old, new]
    if reconcile_new_replica_set(dc, all_rss, new, d):
        progress.sync_rollout_status(dc, all_rss, new, d)
        return
    if reconcile_old_replica_sets(dc, all_rss, du.active(old), new, d):
        progress.sync_rollout_status(dc, all_rss, new, d)
        return
    if du.deployment_complete(d, d.get("status") or {}):
        sync.cleanup_deployment(dc, old, d)
    progress.sync_rollout_status(dc, all_rss, new, d)


def reconcile_new_replica_set(
    dc: DeploymentController, all_rss: list[Object], new: Object, d: Object
) -> bool:
    if du.replicas(new) == du.replicas(d):
        return False
    if du.replicas(new) > du.replicas(d):
        return sync.scale_replica_set_and_record_event(dc, new, du.replicas(d), d)[0]
    count = du.new_rs_new_replicas(d, all_rss, new)
    return sync.scale_replica_set_and_record_event(dc, new, count, d)[0]


def reconcile_old_replica_sets(
    dc: DeploymentController, all_rss: list[Object], old: list[Object], new: Object, d: Object
) -> bool:
    """Scale old ReplicaSets down as far as availability allows: first their unhealthy
    replicas, then healthy ones while enough stay available."""
    if du.spec_total(old) == 0:
        return False
    min_available = du.replicas(d) - du.max_unavailable(d)
    new_unavailable = du.replicas(new) - du.status_count(new, "availableReplicas")
    most = du.spec_total(all_rss) - min_available - new_unavailable
    if most <= 0:
        return False
    try:  # a failed scale-down waits for the next sync, as in Kubernetes
        old, cleaned = _cleanup_unhealthy_replicas(dc, old, d, most)
        scaled = _scale_down_old_replica_sets(dc, [*old, new], old, d)
    except APIError:
        return False
    return cleaned + scaled > 0


def _cleanup_unhealthy_replicas(
    dc: DeploymentController, old: list[Object], d: Object, most: int
) -> tuple[list[Object], int]:
    """Scale down the replicas of old ReplicaSets that are not available, oldest first."""
    ordered = du.by_creation(old)
    scaled = 0
    for index, rs in enumerate(ordered):
        if scaled >= most:
            break
        unhealthy = du.replicas(rs) - du.status_count(rs, "availableReplicas")
        if du.replicas(rs) == 0 or unhealthy == 0:
            continue
        count = min(most - scaled, unhealthy)
        _, ordered[index] = sync.scale_replica_set_and_record_event(
            dc, rs, du.replicas(rs) - count, d
        )
        scaled += count
    return ordered, scaled


def _scale_down_old_replica_sets(
    dc: DeploymentController, all_rss: list[Object], old: list[Object], d: Object
) -> int:
    """Scale down old ReplicaSets, oldest first, by what is available above the minimum."""
    min_available = du.replicas(d) - du.max_unavailable(d)
    available = du.total(all_rss, "availableReplicas")
    if available <= min_available:
        return 0
    budget = available - min_available
    scaled = 0
    for rs in du.by_creation(old):
        if scaled >= budget:
            break
        if du.replicas(rs) == 0:
            continue
        count = min(du.replicas(rs), budget - scaled)
        sync.scale_replica_set_and_record_event(dc, rs, du.replicas(rs) - count, d)
        scaled += count
    return scaled
