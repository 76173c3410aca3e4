"""The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): deletes
the pods of a node with NoExecute taints they do not tolerate, at once, or after the
shortest tolerationSeconds of the tolerations they have (300 s for the not-ready and
unreachable taints, which every pod tolerates that long by default). A pod whose taints
go away before then is spared.
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock, Timer
from cluster.engine.controllers import taints
from cluster.engine.controllers.informers import NODE_NAME_INDEX, InformerFactory, node_name_index
from cluster.engine.controllers.workqueue import WorkQueue
from cluster.engine.events import NORMAL, EventRecorder

NAME = "taint-eviction-controller"
RETRIES = 5
TAINT_MANAGER_EVICTION = "TaintManagerEviction"
MARKING_FOR_DELETION = "Marking for deletion Pod {}"
CANCELLING_DELETION = "Cancelling deletion of Pod {}"
DISRUPTION_TARGET = {
    "type": "DisruptionTarget",
    "status": "True",
    "reason": "DeletionByTaintManager",
    "message": "Taint manager: deleting due to NoExecute taint",
}


@dataclass(slots=True)
class TimedWorker:
    """A pod's scheduled deletion (TimedWorker): when it was decided and when it fires."""

    uid: str
    created_at: int
    fire_at: int
    timer: Timer | None


class TaintEvictionController:
    name = "tainteviction"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.pods = informers.informer("pods")
        self.nodes = informers.informer("nodes")
        self.pods.add_indexer(NODE_NAME_INDEX, node_name_index)
        self.pods.add_handler(self._on_pod)
        self.nodes.add_handler(self._on_node)
        self.node_queue = WorkQueue(clock, self._handle_node_update, "noexec_taint_node")
        self.pod_queue = WorkQueue(clock, self._handle_pod_update, "noexec_taint_pod")
        self.tainted: dict[str, list[Object]] = {}  # node -> its NoExecute taints
        self.workers: dict[str, TimedWorker | None] = {}  # None: fired, kept to not refire

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    # -- watch handlers ---------------------------------------------------------------

    def _on_pod(self, kind: str, pod: Object, old: Object | None) -> None:
        """PodUpdated: only a change of node or of tolerations matters."""
        if kind != DELETED and old is not None:
            spec, old_spec = pod.get("spec", {}), old.get("spec", {})
            if spec.get("tolerations") == old_spec.get("tolerations") and spec.get(
                "nodeName"
            ) == old_spec.get("nodeName"):
                return
        self.pod_queue.add(namespaced_name(pod))

    def _on_node(self, kind: str, node: Object, old: Object | None) -> None:
        """NodeUpdated: only a change of NoExecute taints matters."""
        unchanged = old is not None and taints.no_execute(taints.of(node)) == taints.no_execute(
            taints.of(old)
        )
        if kind != DELETED and unchanged:
            return
        self.node_queue.add(node["metadata"]["name"])

    # -- reconcile --------------------------------------------------------------------

    def _handle_node_update(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None:
            self.tainted.pop(name, None)
            return
        found = taints.no_execute(taints.of(node))
        if found:
            self.tainted[name] = found
        else:
            self.tainted.pop(name, None)
        for pod in self.pods.by_index(NODE_NAME_INDEX, name):
            key = namespaced_name(pod)
            if not found:
                self._cancel_with_event(key)
            else:
                self._process_pod_on_node(pod, found)

    def _handle_pod_update(self, key: str) -> None:
        pod = self.pods.get(key)
        if pod is None:
            self._cancel_with_event(key)
            return
        found = self.tainted.get(pod.get("spec", {}).get("nodeName", ""))
        if found:
            self._process_pod_on_node(pod, found)

    def _process_pod_on_node(self, pod: Object, found: list[Object]) -> None:
        """Delete now, schedule a deletion, or spare the pod."""
        key = namespaced_name(pod)
        now = self.clock.now
        tolerated, used = taints.matching_tolerations(found, pod["spec"].get("tolerations") or [])
        if not tolerated:
            self._cancel_with_event(key)
            self._add_work(key, pod["metadata"]["uid"], now, now)
            return
        seconds = _min_toleration_seconds(used)
        if seconds is None:
            self._cancel_with_event(key)  # tolerated forever
            return
        if self.workers.get(key) is not None:
            return  # decided earlier, so it fires no later than a decision made now would
        self._add_work(key, pod["metadata"]["uid"], now, now + seconds * 1000)

    # -- the timed work queue ---------------------------------------------------------

    def _add_work(self, key: str, uid: str, created: int, fire_at: int) -> None:
        if key in self.workers:
            return  # already scheduled (or already done)
        timer = self.clock.call_at(fire_at, self._fire, key)
        self.workers[key] = TimedWorker(uid, created, fire_at, timer)

    def _cancel_with_event(self, key: str) -> None:
        if key not in self.workers:
            return
        worker = self.workers.pop(key)
        if worker is not None and worker.timer is not None:
            self.clock.cancel(worker.timer)
            namespace, name = key.split("/", 1)
            self.recorder.event(
                _pod_reference(namespace, name),
                NORMAL,
                TAINT_MANAGER_EVICTION,
                CANCELLING_DELETION.format(key),
            )

    def _fire(self, key: str) -> None:
        """The deletePodHandler: record the event, mark the pod, delete it."""
        worker = self.workers.get(key)
        if worker is None:
            return
        namespace, name = key.split("/", 1)
        self.recorder.event(
            _pod_reference(namespace, name),
            NORMAL,
            TAINT_MANAGER_EVICTION,
            MARKING_FOR_DELETION.format(key),
        )
        for _ in range(RETRIES):
            try:
                self._add_condition_and_delete(namespace, name, worker.uid)
            except APIError:
                continue
            self.workers[key] = None
            return
        del self.workers[key]

    def _add_condition_and_delete(self, namespace: str, name: str, uid: str) -> None:
        try:
            pod = self.client.call("get", "pods", namespace, name)
        except APIError as error:
            if error.code == 404:
                return
            raise
        if pod["metadata"].get("uid") != uid or pod["metadata"].get("deletionTimestamp"):
            return
        current = next(
            (
                c
                for c in pod.get("status", {}).get("conditions") or ()
                if c.get("type") == "DisruptionTarget"
            ),
            None,
        )
        wanted = {
            **DISRUPTION_TARGET,
            "observedGeneration": pod["metadata"].get("generation", 0),
            "lastProbeTime": None,
            "lastTransitionTime": self.clock.timestamp(),
        }
        if current is None or any(current.get(k) != wanted[k] for k in DISRUPTION_TARGET):
            body = {"metadata": {"uid": uid}, "status": {"conditions": [wanted]}}
            self._call_ignoring_missing(
                "patch", namespace, name, subresource="status", body=body, content_type=STRATEGIC
            )
        self._call_ignoring_missing("delete", namespace, name, body={"preconditions": {"uid": uid}})

    def _call_ignoring_missing(
        self, verb: str, namespace: str, name: str, **options: object
    ) -> None:
        try:
            self.client.call(verb, "pods", namespace, name, **options)
        except APIError as error:
            if error.code != 404:
                raise


def _min_toleration_seconds(tolerations: list[Object]) -> int | None:
    """getMinTolerationTime: the shortest tolerationSeconds (0 at most), None for forever."""
    if not tolerations:
        return 0
    found = [t["tolerationSeconds"] for t in tolerations if t.get("tolerationSeconds") is not None]
    if not found:
        return None
    return max(0, min(found))


def _pod_reference(namespace: str, name: str) -> Object:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"namespace": namespace, "name": name}}
