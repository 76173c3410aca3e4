"""The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's
status, which the eviction subresource reads to decide whether a pod may go.

A budget counts the ready pods its selector picks, and the pods it should have: the pods
themselves for an integer `minAvailable`, else the replicas of their controllers (a
Deployment's through its ReplicaSets, a StatefulSet's). What the eviction subresource has
just allowed (`status.disruptedPods`) counts as gone for two minutes, until the pod's
deletion shows.
"""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.api.pdb import (
    SYNC_FAILED,
    condition,
    conditions_up_to_date,
    selector_of,
    set_status_condition,
    update_disruption_allowed_condition,
)
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.deployment.util import scaled_value
from cluster.engine.controllers.informers import InformerFactory, SharedInformer
from cluster.engine.controllers.workqueue import WorkQueue
from cluster.engine.events import EventRecorder

NAME = "disruption-controller"
DELETION_TIMEOUT_MS = 2 * 60_000  # DeletionTimeout
STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000  # stalePodDisruptionTimeout
DISRUPTION_TARGET = "DisruptionTarget"
TERMINATION_BY_KUBELET = "TerminationByKubelet"
_APPS = ("apps", "extensions")


class SyncError(Exception):
    """What keeps a budget from being worked out; its message goes into the SyncFailed
    condition."""


class DisruptionController:
    name = "disruption"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.queue = WorkQueue(clock, self.sync, "disruption")
        self.recheck_queue = WorkQueue(clock, self.queue.add_rate_limited, "disruption_recheck")
        self.stale_queue = WorkQueue(clock, self.sync_stale_pod_disruption, "stale_pod_disruption")
        self.pdbs = informers.informer("poddisruptionbudgets")
        self.pods = informers.informer("pods")
        self.replica_sets = informers.informer("replicasets")
        self.deployments = informers.informer("deployments")
        self.stateful_sets = informers.informer("statefulsets")
        self.pdbs.add_handler(self._on_pdb)
        self.pods.add_handler(self._on_pod)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watches ---------------------------------------------------------------------------

    def _on_pdb(self, kind: str, pdb: Object, old: Object | None) -> None:
        self.queue.add(namespaced_name(pdb))

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        """addPod, updatePod and deletePod: the pod's budget looks again; a pod left with a
        DisruptionTarget condition that no deletion followed has it cleared in time."""
        pdb = self._pdb_for_pod(pod)
        if pdb is not None:
            self.queue.add(namespaced_name(pdb))
        if kind == DELETED:
            return
        stale, after = self._stale_disruption_condition(pod)
        if stale:
            self.stale_queue.add_after(namespaced_name(pod), after, background=True)

    def _pdb_for_pod(self, pod: Object) -> Object | None:
        """getPdbForPod: the first budget whose selector picks the pod (a pod picked by more
        than one gets a Warning)."""
        found = pdbs_selecting(self.pdbs.in_namespace(pod["metadata"]["namespace"]), pod)
        if len(found) > 1:
            meta = pod["metadata"]
            message = (
                f'Pod "{meta["namespace"]}"/"{meta["name"]}" matches multiple '
                f'PodDisruptionBudgets.  Chose "{found[0]["metadata"]["name"]}" arbitrarily.'
            )
            self.recorder.event(pod, "Warning", "MultiplePodDisruptionBudgets", message)
        return found[0] if found else None

    # -- sync ------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """sync: work the budget out; when that fails, allow no disruption (failSafe)."""
        pdb = self.pdbs.get(key)
        if pdb is None:
            return
        try:
            self._try_sync(pdb)
        except SyncError as error:
            self._fail_safe(pdb, str(error))

    def _try_sync(self, pdb: Object) -> None:
        pods = self._pods_for_pdb(pdb)
        if not pods:
            self.recorder.event(pdb, "Normal", "NoPods", "No matching pods found")
        try:
            expected, desired, unmanaged = self._expected_pod_count(pdb, pods)
        except SyncError as error:
            message = f"Failed to calculate the number of expected pods: {error}"
            self.recorder.event(pdb, "Warning", "CalculateExpectedPodCountFailed", message)
            raise
        if unmanaged:
            self.recorder.event(pdb, "Warning", "UnmanagedPods", _unmanaged_message(pdb))
        disrupted, recheck = self._disrupted_pod_map(pods, pdb)
        healthy = _count_healthy_pods(pods, disrupted, self.clock)
        self._update_status(pdb, healthy, desired, expected, disrupted)
        if recheck is not None:
            # a look again later: like a heartbeat, it does not keep the clock busy
            delay = recheck - self.clock.now
            self.recheck_queue.add_after(namespaced_name(pdb), delay, background=True)

    def _pods_for_pdb(self, pdb: Object) -> list[Object]:
        """The pods of the budget's namespace its selector picks (a null or invalid selector
        picks none, an empty one every pod)."""
        selector = selector_of(pdb) or labels.NOTHING
        pods = self.pods.in_namespace(pdb["metadata"]["namespace"])
        self.queue.looked_at(len(pods))
        return [pod for pod in pods if selector.matches(pod["metadata"].get("labels") or {})]

    def _expected_pod_count(self, pdb: Object, pods: list[Object]) -> tuple[int, int, list[str]]:
        """getExpectedPodCount: (expected pods, desired healthy, unmanaged pods' names)."""
        spec = pdb.get("spec") or {}
        unavailable, available = spec.get("maxUnavailable"), spec.get("minAvailable")
        if unavailable is not None:
            expected, unmanaged = self._expected_scale(pods)
            return expected, max(0, expected - scaled_value(unavailable, expected, True)), unmanaged
        if isinstance(available, int):
            return len(pods), available, []
        if available is not None:
            expected, unmanaged = self._expected_scale(pods)
            return expected, scaled_value(available, expected, True), unmanaged
        return 0, 0, []

    def _expected_scale(self, pods: list[Object]) -> tuple[int, list[str]]:
        """getExpectedScale: the replicas of the pods' controllers, each counted once."""
        scales: dict[str, int] = {}
        unmanaged: list[str] = []
        for pod in pods:
            ref = utils.controller_of(pod)
            if ref is None:
                unmanaged.append(pod["metadata"]["name"])
                continue
            if ref.get("uid") in scales:
                continue
            found = self._controller_and_scale(ref, pod["metadata"]["namespace"])
            if found is None:
                raise SyncError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
            scales[found[0]] = found[1]
        return sum(scales.values()), unmanaged

    def _controller_and_scale(self, ref: Object, namespace: str) -> tuple[str, int] | None:
        """The finders: a ReplicaSet's Deployment, else the ReplicaSet itself, or a
        StatefulSet (uid, scale)."""
        if ref.get("kind") == "StatefulSet" and _group(ref) == "apps":
            sts = _owned(self.stateful_sets, namespace, ref)
            return None if sts is None else (sts["metadata"]["uid"], sts["spec"].get("replicas", 1))
        if ref.get("kind") != "ReplicaSet" or _group(ref) not in _APPS:
            return None
        rs = _owned(self.replica_sets, namespace, ref)
        if rs is None:
            return None
        owner = utils.controller_of(rs)
        if owner is None or owner.get("kind") != "Deployment":
            return rs["metadata"]["uid"], rs["spec"].get("replicas", 1)
        if _group(owner) not in _APPS:
            return None
        deployment = _owned(self.deployments, namespace, owner)
        if deployment is None:
            return None
        return deployment["metadata"]["uid"], deployment["spec"].get("replicas", 1)

    def _disrupted_pod_map(
        self, pods: list[Object], pdb: Object
    ) -> tuple[dict[str, str], int | None]:
        """buildDisruptedPodMap: the evictions not yet followed by a deletion, still within
        their time, and when the first of them runs out."""
        disrupted = (pdb.get("status") or {}).get("disruptedPods") or {}
        found: dict[str, str] = {}
        recheck: int | None = None
        for pod in pods:
            meta = pod["metadata"]
            if meta.get("deletionTimestamp") or meta["name"] not in disrupted:
                continue
            since = utils.virtual_ms(self.clock, disrupted[meta["name"]]) or 0
            expected_deletion = since + DELETION_TIMEOUT_MS
            if expected_deletion < self.clock.now:
                # "%s/%s" of the namespace twice, as Kubernetes writes it
                namespace = pdb["metadata"]["namespace"]
                message = (
                    f"Pod was expected by PDB {namespace}/{namespace} to be deleted but it wasn't"
                )
                self.recorder.event(pod, "Warning", "NotDeleted", message)
                continue
            recheck = expected_deletion if recheck is None else min(recheck, expected_deletion)
            found[meta["name"]] = disrupted[meta["name"]]
        return found, recheck

    def _update_status(
        self, pdb: Object, healthy: int, desired: int, expected: int, disrupted: dict[str, str]
    ) -> None:
        """updatePdbStatus: write the counts when they, or the condition, changed."""
        allowed = max(0, healthy - desired) if expected > 0 else 0
        status = pdb.get("status") or {}
        counts = {
            "observedGeneration": pdb["metadata"].get("generation", 0),
            "disruptionsAllowed": allowed,
            "currentHealthy": healthy,
            "desiredHealthy": desired,
            "expectedPods": expected,
        }
        unchanged = all(status.get(key, 0) == value for key, value in counts.items())
        unchanged = unchanged and (status.get("disruptedPods") or {}) == disrupted
        if unchanged and conditions_up_to_date(pdb):
            return
        new = _status(counts, disrupted, status.get("conditions") or [])
        update_disruption_allowed_condition(new, self.clock.timestamp())
        self._write_status(pdb, new)

    def _fail_safe(self, pdb: Object, message: str) -> None:
        """failSafe: no disruption allowed, and why."""
        status = {**(pdb.get("status") or {}), "disruptionsAllowed": 0}
        status["conditions"] = list(status.get("conditions") or [])
        generation = status.get("observedGeneration", 0)
        failed = condition(False, SYNC_FAILED, generation, message)
        set_status_condition(status["conditions"], failed, self.clock.timestamp())
        self._write_status(pdb, status)

    def _write_status(self, pdb: Object, status: Object) -> None:
        utils.update_status(self.client, "poddisruptionbudgets", {**pdb, "status": status})

    # -- stale DisruptionTarget conditions -------------------------------------------------

    def sync_stale_pod_disruption(self, key: str) -> None:
        """syncStalePodDisruption: a pod whose DisruptionTarget condition is two minutes old
        and that is still not being deleted has the condition set to False."""
        pod = self.pods.get(key)
        if pod is None:
            return
        stale, after = self._stale_disruption_condition(pod)
        if not stale:
            return
        if after > 0:
            self.stale_queue.add_after(key, after, background=True)
            return
        status = dict(pod["status"])
        # UpdatePodCondition with a condition of type and status only: reason and message go
        cleared = {
            "type": DISRUPTION_TARGET,
            "observedGeneration": pod["metadata"].get("generation", 0),
            "status": "False",
            "lastProbeTime": None,
            "lastTransitionTime": self.clock.timestamp(),
        }
        status["conditions"] = [
            cleared if c.get("type") == DISRUPTION_TARGET else c
            for c in status.get("conditions") or ()
        ]
        utils.update_status(self.client, "pods", {**pod, "status": status})

    def _stale_disruption_condition(self, pod: Object) -> tuple[bool, int]:
        """nonTerminatingPodHasStaleDisruptionCondition: whether it has one, and how long
        until it is stale."""
        if pod["metadata"].get("deletionTimestamp"):
            return False, 0
        condition = next(
            (
                c
                for c in (pod.get("status") or {}).get("conditions") or ()
                if c.get("type") == DISRUPTION_TARGET
            ),
            None,
        )
        if (
            condition is None
            or condition.get("status") != "True"
            or condition.get("reason") == TERMINATION_BY_KUBELET
            or utils.is_pod_terminal(pod)
        ):
            return False, 0
        since = utils.virtual_ms(self.clock, condition.get("lastTransitionTime")) or 0
        return True, max(0, since + STALE_POD_DISRUPTION_TIMEOUT_MS - self.clock.now)


def pdbs_selecting(pdbs: list[Object], pod: Object) -> list[Object]:
    """GetPodPodDisruptionBudgets: the budgets whose selector picks the pod, by name (none
    for a pod without labels; an empty selector picks every pod)."""
    pod_labels = pod["metadata"].get("labels")
    if not pod_labels:
        return []
    selectors = ((pdb, selector_of(pdb)) for pdb in pdbs)
    found = [pdb for pdb, selector in selectors if selector and selector.matches(pod_labels)]
    return sorted(found, key=lambda pdb: pdb["metadata"]["name"])


def _status(counts: Object, disrupted: dict[str, str], conditions: list[Object]) -> Object:
    """A PodDisruptionBudgetStatus in its JSON order (disruptedPods and conditions only when
    there are some, as `omitempty` has it)."""
    status = {"observedGeneration": counts["observedGeneration"]}
    if disrupted:
        status["disruptedPods"] = disrupted
    status.update((key, counts[key]) for key in list(counts)[1:])
    status["conditions"] = list(conditions)
    return status


def _count_healthy_pods(pods: list[Object], disrupted: dict[str, str], clock: Clock) -> int:
    """countHealthyPods: ready pods that are neither being deleted nor just evicted."""
    healthy = 0
    for pod in pods:
        meta = pod["metadata"]
        if meta.get("deletionTimestamp"):
            continue
        since = disrupted.get(meta["name"])
        if (
            since is not None
            and (utils.virtual_ms(clock, since) or 0) + DELETION_TIMEOUT_MS > clock.now
        ):
            continue
        healthy += utils.is_pod_ready(pod)
    return healthy


def _owned(informer: SharedInformer, namespace: str, ref: Object) -> Object | None:
    """The object `ref` names, if it is that very one (same uid)."""
    found = informer.get(f"{namespace}/{ref.get('name', '')}")
    return found if found is not None and found["metadata"]["uid"] == ref.get("uid") else None


def _group(ref: Object) -> str:
    version = ref.get("apiVersion", "")
    return version.rpartition("/")[0]


def _unmanaged_message(pdb: Object) -> str:
    shown = labels.go_string((pdb.get("spec") or {}).get("selector"))
    return (
        f"Pods selected by this PodDisruptionBudget (selector: {shown}) were found to be "
        "unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may "
        'result in undefined behavior. To account for these pods please set ".spec.minAvailable" '
        "field of the PDB to an integer value."
    )
