"""The pvc-protection controller: a claim being deleted stays while a scheduled pod uses
it."""

from tests.cluster.engine.controllers.helpers import API, pod, settle
from tests.cluster.engine.controllers.test_persistentvolume import (
    claim,
    cluster_with,
    get_claim,
    volume,
)

FINALIZER = "kubernetes.io/pvc-protection"


def pod_using(name: str, claim_name: str = "task-pv-claim", node: str = "node-1") -> dict:
    using = pod(name)
    using["spec"]["nodeName"] = node
    using["spec"]["volumes"] = [
        {"name": "task-pv-storage", "persistentVolumeClaim": {"claimName": claim_name}}
    ]
    return using


def deleting_claim_used_by(*pods: dict) -> API:
    cluster, api = cluster_with(volume(), claim())
    for used in pods:
        api.create("pods", used)
    settle(cluster)
    api.delete("persistentvolumeclaims", "task-pv-claim")
    settle(cluster)
    return api


def test_a_claim_used_by_a_pod_stays_until_the_pod_goes():
    api = deleting_claim_used_by(pod_using("task-pv-pod"))
    kept = get_claim(api)
    assert kept["metadata"]["deletionTimestamp"]
    assert kept["metadata"]["finalizers"] == [FINALIZER]
    assert kept["status"]["phase"] == "Bound"
    api.delete("pods", "task-pv-pod", gracePeriodSeconds=0)
    settle(api.cluster)
    assert api.names("persistentvolumeclaims") == []
    assert api.get("persistentvolumes", "task-pv-volume", "")["status"]["phase"] == "Released"


def test_a_pod_that_finished_holds_the_claim_until_it_is_deleted():
    finished = pod_using("once")
    finished["spec"]["restartPolicy"] = "Never"
    finished["spec"]["containers"] = [
        {"name": "main", "image": "busybox", "command": ["sh", "-c", "true"]}
    ]
    api = deleting_claim_used_by(finished)
    assert api.get("pods", "once")["status"]["phase"] == "Succeeded"
    assert get_claim(api)["metadata"]["finalizers"] == [FINALIZER]
    api.delete("pods", "once")
    settle(api.cluster)
    assert api.names("persistentvolumeclaims") == []


def test_a_claim_no_pod_uses_goes_at_once():
    api = deleting_claim_used_by(pod_using("other", claim_name="other-claim"))
    assert api.names("persistentvolumeclaims") == []


def test_a_pod_not_scheduled_does_not_hold_the_claim():
    unscheduled = pod_using("waiting")
    del unscheduled["spec"]["nodeName"]
    unscheduled["spec"]["nodeSelector"] = {"disk": "none"}
    api = deleting_claim_used_by(unscheduled)
    assert api.names("persistentvolumeclaims") == []


def test_a_claim_without_the_finalizer_is_given_it():
    cluster, api = cluster_with(claim())
    api.patch("persistentvolumeclaims", "task-pv-claim", {"metadata": {"finalizers": None}})
    settle(cluster)
    assert get_claim(api)["metadata"]["finalizers"] == [FINALIZER]


def test_pods_without_claims_are_not_looked_at():
    cluster, api = cluster_with()
    controller = cluster.controller_manager.controllers["pvc-protection"]
    looked_at = []
    controller.queue.reconcile = looked_at.append
    api.create("pods", pod("web"))
    settle(cluster)
    api.delete("pods", "web", gracePeriodSeconds=0)
    settle(cluster)
    assert looked_at == []
