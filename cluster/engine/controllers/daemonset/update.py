"""The DaemonSet's rolling update and its history (pkg/controller/daemon/update.go).

A rolling update without surge deletes old pods, as many as maxUnavailable allows, and lets
manage create their replacements; with maxSurge it creates new pods beside old ones and
deletes each old pod once its new one is available. Every template is kept as a
ControllerRevision named after the DaemonSet and the template's hash; old ones beyond
revisionHistoryLimit are deleted unless a pod still runs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.client import APIError
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import history
from cluster.engine.controllers.daemonset import util as dsutil
from cluster.engine.controllers.informers import CONTROLLER_INDEX, ORPHAN_INDEX
from cluster.engine.controllers.workqueue import Retry
from cluster.engine.store import codec

if TYPE_CHECKING:
    from cluster.engine.controllers.daemonset.controller import DaemonSetsController, NodePods

DEFAULT_REVISION_HISTORY_LIMIT = 10
ALREADY_EXISTS = 409


# -- rolling update ----------------------------------------------------------------------


def rolling_update(dsc: DaemonSetsController, ds: Object, nodes: list[Object], hash_: str) -> None:
    """rollingUpdate: the old pods to delete, or the nodes to surge onto, within the
    strategy's limits."""
    node_to_pods = dsc.nodes_to_daemon_pods(ds, False)
    max_surge, max_unavailable, desired = updated_desired_node_counts(dsc, ds, nodes, node_to_pods)
    if max_surge == 0:
        to_delete = _without_surge(dsc, ds, node_to_pods, hash_, max_unavailable)
        dsc.sync_nodes(ds, to_delete, [], hash_)
        return
    to_delete, to_create = _with_surge(dsc, ds, node_to_pods, hash_, max_surge, desired)
    dsc.sync_nodes(ds, to_delete, to_create, hash_)


def _available(dsc: DaemonSetsController, ds: Object, pod: Object) -> bool:
    return utils.is_pod_available(pod, ds["spec"].get("minReadySeconds", 0), dsc.clock)


def _without_surge(
    dsc: DaemonSetsController,
    ds: Object,
    node_to_pods: NodePods,
    hash_: str,
    max_unavailable: int,
) -> list[str]:
    """Delete just enough old pods to stay within maxUnavailable; an old pod that is not
    available is replaced at once. Deleted pods do not count as unavailable, so that an
    update goes on while nodes are down."""
    unavailable = 0
    replacements: list[str] = []
    candidates: list[str] = []
    for _node_name, pods in sorted(node_to_pods.items()):
        new, old, ok = find_updated_pods_on_node(ds, pods, hash_)
        if not ok or (new is None) == (old is None):
            unavailable += 1  # manage prunes, creates or deletes here first
        elif new is not None:
            unavailable += not _available(dsc, ds, new)
        elif old is not None and not _available(dsc, ds, old):
            replacements.append(old["metadata"]["name"])
            unavailable += 1
        elif old is not None and unavailable < max_unavailable:
            candidates.append(old["metadata"]["name"])
    remaining = min(max(max_unavailable - unavailable, 0), len(candidates))
    return replacements + candidates[:remaining]


def _with_surge(
    dsc: DaemonSetsController,
    ds: Object,
    node_to_pods: NodePods,
    hash_: str,
    max_surge: int,
    desired: int,
) -> tuple[list[str], list[str]]:
    """Create a new pod beside each old one that is not available, and beside at most
    maxSurge available ones; delete an old pod once its new one is available. Pods on
    nodes that should no longer run them go only while enough others are available."""
    to_delete: list[str] = []
    should_not_run: list[str] = []
    candidates: list[str] = []
    allowed: list[str] = []
    surging = available = 0
    for node_name, pods in sorted(node_to_pods.items()):
        new, old, ok = find_updated_pods_on_node(ds, pods, hash_)
        if not ok:
            surging += 1  # manage prunes the excess first
            continue
        counted = old if old is not None else new
        available += counted is not None and _available(dsc, ds, counted)
        if old is None:
            continue  # manage creates the pod if it is missing
        if new is not None:
            if _available(dsc, ds, new):
                to_delete.append(old["metadata"]["name"])
            else:
                surging += 1
            continue
        should_run = _should_run(dsc, ds, node_name)
        if not _available(dsc, ds, old):
            if should_run:
                allowed.append(node_name)  # replace it at once
            else:
                to_delete.append(old["metadata"]["name"])
        elif not should_run:
            should_not_run.append(old["metadata"]["name"])
        elif surging < max_surge:
            candidates.append(node_name)
    # with surge the owner expects full availability: a pod on a node that should not run
    # it goes only when another has become available
    deletable = min(max(available - desired, 0), len(should_not_run))
    to_delete += [n for n in should_not_run[:deletable] if dsc.pods.get(_key(ds, n))]
    remaining = min(max(max_surge - surging, 0), len(candidates))
    return to_delete, allowed + candidates[:remaining]


def _should_run(dsc: DaemonSetsController, ds: Object, node_name: str) -> bool:
    node = dsc.nodes.get(node_name)
    if node is None:
        raise Retry  # couldn't get node for nodeName
    return dsc.node_should_run_daemon_pod(node, ds)[0]


def _key(ds: Object, name: str) -> str:
    return f"{ds['metadata']['namespace']}/{name}"


def find_updated_pods_on_node(
    ds: Object, pods: list[Object], hash_: str
) -> tuple[Object | None, Object | None, bool]:
    """findUpdatedPodsOnNode: the node's one new and one old pod (not being deleted);
    False when it has more of either, for manage to prune first."""
    new: Object | None = None
    old: Object | None = None
    generation = dsutil.get_template_generation(ds)
    for pod in pods:
        if pod["metadata"].get("deletionTimestamp"):
            continue
        if dsutil.is_pod_updated(pod, hash_, generation):
            if new is not None:
                return None, None, False
            new = pod
        else:
            if old is not None:
                return None, None, False
            old = pod
    return new, old, True


def updated_desired_node_counts(
    dsc: DaemonSetsController, ds: Object, nodes: list[Object], node_to_pods: NodePods
) -> tuple[int, int, int]:
    """updatedDesiredNodeCounts: maxSurge, maxUnavailable and desiredNumberScheduled; every
    node that should run a pod gets an entry in `node_to_pods`."""
    desired = 0
    for node in nodes:
        if dsc.node_should_run_daemon_pod(node, ds)[0]:
            desired += 1
            node_to_pods.setdefault(node["metadata"]["name"], [])
    max_unavailable = dsutil.unavailable_count(ds, desired)
    max_surge = dsutil.surge_count(ds, desired)
    if desired > 0 and max_unavailable == 0 and max_surge == 0:
        max_unavailable = 1  # an impossible configuration: accept unavailability
    return max_surge, max_unavailable, desired


# -- history -----------------------------------------------------------------------------


def construct_history(dsc: DaemonSetsController, ds: Object) -> tuple[Object, list[Object]]:
    """constructHistory: the current revision (made if missing, deduplicated, renumbered
    to follow the others) and the old ones."""
    try:
        return _construct_history(dsc, ds)
    except APIError as error:
        raise Retry from error


def _construct_history(dsc: DaemonSetsController, ds: Object) -> tuple[Object, list[Object]]:
    current: list[Object] = []
    old: list[Object] = []
    for revision in controlled_histories(dsc, ds):
        revision_labels = revision["metadata"].get("labels") or {}
        if dsutil.DEFAULT_UNIQUE_LABEL_KEY not in revision_labels:
            # the name, not a hash computed again: no collision to worry about
            meta = revision["metadata"]
            body = codec.deep_copy(revision)
            body["metadata"]["labels"] = {
                **revision_labels,
                dsutil.DEFAULT_UNIQUE_LABEL_KEY: meta["name"],
            }
            revision = dsc.client.call(
                "update", "controllerrevisions", meta["namespace"], meta["name"], body=body
            )
        (current if history.records(revision, ds) else old).append(revision)
    next_revision = history.max_revision(old) + 1
    if not current:
        return snapshot(dsc, ds, next_revision), old
    cur = dedup_cur_histories(dsc, ds, current)
    if cur.get("revision", 0) < next_revision:
        meta = cur["metadata"]
        body = {**codec.deep_copy(cur), "revision": next_revision}
        dsc.client.call("update", "controllerrevisions", meta["namespace"], meta["name"], body=body)
    return cur, old


def controlled_histories(dsc: DaemonSetsController, ds: Object) -> list[Object]:
    """controlledHistories: the revisions it controls, after adopting the orphans it
    selects and releasing those it no longer selects."""
    selector = utils.selector_of(ds)
    if selector is None:
        raise Retry
    owned = dsc.histories.by_index(CONTROLLER_INDEX, ds["metadata"]["uid"])
    orphans = dsc.histories.by_index(ORPHAN_INDEX, ds["metadata"]["namespace"])
    manager = utils.ControllerRefManager(dsc.client, ds, selector, "controllerrevisions")
    claimed = manager.claim(owned + orphans)
    if manager.errors:
        raise Retry from manager.errors[0]
    return claimed


def dedup_cur_histories(dsc: DaemonSetsController, ds: Object, current: list[Object]) -> Object:
    """dedupCurHistories: keep the highest revision of the same template, relabel the pods
    of the others to it, and delete them."""
    if len(current) == 1:
        return current[0]
    keep = current[0]
    for revision in current:
        if revision.get("revision", 0) >= keep.get("revision", 0):
            keep = revision
    keep_hash = (keep["metadata"].get("labels") or {}).get(dsutil.DEFAULT_UNIQUE_LABEL_KEY)
    namespace = ds["metadata"]["namespace"]
    for pod in dsc.get_daemon_pods(ds):
        if (pod["metadata"].get("labels") or {}).get(dsutil.DEFAULT_UNIQUE_LABEL_KEY) != keep_hash:
            patch = {"metadata": {"labels": {dsutil.DEFAULT_UNIQUE_LABEL_KEY: keep_hash}}}
            dsc.client.call(
                "patch",
                "pods",
                namespace,
                pod["metadata"]["name"],
                body=patch,
                content_type="application/merge-patch+json",
            )
    for revision in current:
        if revision["metadata"]["name"] != keep["metadata"]["name"]:
            dsc.client.call(
                "delete", "controllerrevisions", namespace, revision["metadata"]["name"]
            )
    return keep


def snapshot(dsc: DaemonSetsController, ds: Object, revision: int) -> Object:
    """snapshot: create the revision of the current template; on a name taken by another
    template bump status.collisionCount (the next sync hashes again) and fail."""
    collision_count = (ds.get("status") or {}).get("collisionCount")
    hash_ = utils.compute_hash(ds["spec"]["template"], collision_count)
    meta = ds["metadata"]
    template_labels = (ds["spec"]["template"].get("metadata") or {}).get("labels") or {}
    body: Object = {
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": {
            "name": history.controller_revision_name(meta["name"], hash_),
            "namespace": meta["namespace"],
            "labels": {**template_labels, dsutil.DEFAULT_UNIQUE_LABEL_KEY: hash_},
            "ownerReferences": [utils.controller_ref(ds)],
        },
        "data": history.template_patch(ds),
        "revision": revision,
    }
    if meta.get("annotations"):
        body["metadata"]["annotations"] = dict(meta["annotations"])
    try:
        return dsc.client.call("create", "controllerrevisions", meta["namespace"], body=body)
    except APIError as error:
        if error.code != ALREADY_EXISTS:
            raise
        existing = dsc.client.call(
            "get", "controllerrevisions", meta["namespace"], body["metadata"]["name"]
        )
        if history.records(existing, ds):
            return existing
        _bump_collision_count(dsc, ds)
        raise


def _bump_collision_count(dsc: DaemonSetsController, ds: Object) -> None:
    """Count a hash collision, unless the count the hash used was stale already."""
    meta = ds["metadata"]
    fresh = dsc.client.call("get", "daemonsets", meta["namespace"], meta["name"])
    status = dict(fresh.get("status") or {})
    if status.get("collisionCount") != (ds.get("status") or {}).get("collisionCount"):
        return  # found a stale collision count: retry until the cache has it
    status["collisionCount"] = (status.get("collisionCount") or 0) + 1
    dsc.client.call(
        "update",
        "daemonsets",
        meta["namespace"],
        meta["name"],
        subresource="status",
        body={**fresh, "status": status},
    )


def cleanup_history(dsc: DaemonSetsController, ds: Object, old: list[Object]) -> None:
    """cleanupHistory: delete the oldest revisions beyond revisionHistoryLimit, but none
    that a pod (even a finished one being deleted) still runs."""
    limit = ds["spec"].get("revisionHistoryLimit", DEFAULT_REVISION_HISTORY_LIMIT)
    to_kill = len(old) - limit
    if to_kill <= 0:
        return
    live_hashes = {
        (pod["metadata"].get("labels") or {}).get(dsutil.DEFAULT_UNIQUE_LABEL_KEY)
        for pods in dsc.nodes_to_daemon_pods(ds, True).values()
        for pod in pods
    }
    for revision in history.sort_controller_revisions(old):
        if to_kill <= 0:
            break
        revision_hash = (revision["metadata"].get("labels") or {}).get(
            dsutil.DEFAULT_UNIQUE_LABEL_KEY
        )
        if revision_hash and revision_hash in live_hashes:
            continue
        meta = revision["metadata"]
        dsc.client.call("delete", "controllerrevisions", meta["namespace"], meta["name"])
        to_kill -= 1
