"""The DaemonSet controller on a real cluster: one pod per eligible node, pinned by node
affinity and bound by the scheduler; revisions; rolling updates and OnDelete; status."""

import re

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, active, settle, stored, template

NAME = "agent"
POD_NAME = re.compile(r"^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$")
HASH = "controller-revision-hash"
CONTROL_PLANE_TOLERATION = {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists"}


def daemonset(image="busybox:1.36", strategy=None, **spec):
    pod = template(image, NAME)
    pod["spec"]["containers"][0]["command"] = ["sleep", "3600"]
    pod["spec"].update(spec.pop("pod", {}))
    body = {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": NAME},
        "spec": {"selector": {"matchLabels": {"app": NAME}}, "template": pod, **spec},
    }
    if strategy is not None:
        body["spec"]["updateStrategy"] = strategy
    return body


def started(ds=None):
    cluster = Cluster()
    api = API(cluster)
    api.create("daemonsets", ds or daemonset())
    settle(cluster)
    return cluster, api


def daemon_pods(api):
    return sorted(active(api.items("pods")), key=lambda p: p["spec"].get("nodeName", ""))


def nodes_of(api):
    return [p["spec"].get("nodeName") for p in daemon_pods(api)]


def new_image(api, image="busybox:1.37"):
    container = {"name": "nginx", "image": image, "command": ["sleep", "3600"]}
    api.patch("daemonsets", NAME, {"spec": {"template": {"spec": {"containers": [container]}}}})


def test_a_daemonset_runs_one_pod_on_each_worker_pinned_to_its_node():
    _cluster, api = started()
    ds = api.get("daemonsets", NAME)
    pods = daemon_pods(api)
    assert nodes_of(api) == ["node-1", "node-2"]
    revision = api.items("controllerrevisions")[0]
    hash_ = revision["metadata"]["labels"][HASH]
    for pod in pods:
        meta = pod["metadata"]
        assert POD_NAME.match(meta["name"])
        assert meta["labels"] == {"app": NAME, HASH: hash_, "pod-template-generation": "1"}
        assert meta["ownerReferences"] == [
            {
                "apiVersion": "apps/v1",
                "kind": "DaemonSet",
                "name": NAME,
                "uid": ds["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
        required = pod["spec"]["affinity"]["nodeAffinity"][
            "requiredDuringSchedulingIgnoredDuringExecution"
        ]
        field = {"key": "metadata.name", "operator": "In", "values": [pod["spec"]["nodeName"]]}
        assert required == {"nodeSelectorTerms": [{"matchFields": [field]}]}
        keys = [(t["key"], t["effect"]) for t in pod["spec"]["tolerations"]]
        assert ("node.kubernetes.io/not-ready", "NoExecute") in keys
        assert ("node.kubernetes.io/unschedulable", "NoSchedule") in keys
    assert sorted(api.events("DaemonSet")) == sorted(
        ("SuccessfulCreate", f"Created pod: {p['metadata']['name']}", "daemonset-controller")
        for p in pods
    )


def test_its_status_counts_the_nodes_and_their_pods():
    _cluster, api = started()
    status = api.get("daemonsets", NAME)["status"]
    assert {k: v for k, v in status.items() if k != "collisionCount"} == {
        "currentNumberScheduled": 2,
        "numberMisscheduled": 0,
        "desiredNumberScheduled": 2,
        "numberReady": 2,
        "observedGeneration": 1,
        "updatedNumberScheduled": 2,
        "numberAvailable": 2,
    }


def test_its_template_is_recorded_as_a_controller_revision():
    _cluster, api = started()
    ds = api.get("daemonsets", NAME)
    [revision] = api.items("controllerrevisions")
    hash_ = revision["metadata"]["labels"][HASH]
    assert revision["metadata"]["name"] == f"{NAME}-{hash_}"
    assert revision["revision"] == 1
    assert revision["metadata"]["labels"] == {"app": NAME, HASH: hash_}
    assert revision["metadata"]["ownerReferences"][0]["uid"] == ds["metadata"]["uid"]
    assert revision["data"]["spec"]["template"]["$patch"] == "replace"
    assert ds["metadata"]["annotations"]["deprecated.daemonset.template.generation"] == "1"


def test_a_toleration_of_the_control_plane_taint_runs_it_there_too():
    _cluster, api = started(daemonset(pod={"tolerations": [CONTROL_PLANE_TOLERATION]}))
    assert nodes_of(api) == ["control-plane", "node-1", "node-2"]
    assert api.get("daemonsets", NAME)["status"]["desiredNumberScheduled"] == 3


def test_a_node_selector_follows_the_node_labels():
    cluster, api = started(daemonset(pod={"nodeSelector": {"disk": "ssd"}}))
    assert nodes_of(api) == []
    api.patch("nodes", "node-1", {"metadata": {"labels": {"disk": "ssd"}}}, namespace="")
    settle(cluster)
    assert nodes_of(api) == ["node-1"]
    api.patch("nodes", "node-1", {"metadata": {"labels": {"disk": None}}}, namespace="")
    settle(cluster)
    assert nodes_of(api) == []
    assert api.get("daemonsets", NAME)["status"]["desiredNumberScheduled"] == 0


def test_a_rolling_update_replaces_one_pod_at_a_time():
    cluster, api = started()
    before = {p["metadata"]["name"] for p in daemon_pods(api)}
    new_image(api)
    settle(cluster)
    pods = daemon_pods(api)
    assert nodes_of(api) == ["node-1", "node-2"]
    assert not before & {p["metadata"]["name"] for p in pods}
    revisions = sorted(api.items("controllerrevisions"), key=lambda r: r["revision"])
    assert [r["revision"] for r in revisions] == [1, 2]
    new_hash = revisions[1]["metadata"]["labels"][HASH]
    assert {p["metadata"]["labels"][HASH] for p in pods} == {new_hash}
    assert {p["metadata"]["labels"]["pod-template-generation"] for p in pods} == {"2"}
    reasons = [reason for reason, _, _ in api.events("DaemonSet")]
    # maxUnavailable 1: a delete, its replacement, then the next
    assert reasons == ["SuccessfulCreate"] * 2 + ["SuccessfulDelete", "SuccessfulCreate"] * 2
    status = api.get("daemonsets", NAME)["status"]
    assert (status["updatedNumberScheduled"], status["observedGeneration"]) == (2, 2)


def test_a_surge_update_starts_the_new_pod_before_deleting_the_old():
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}
    cluster, api = started(daemonset(strategy=strategy))
    new_image(api)
    settle(cluster)
    assert nodes_of(api) == ["node-1", "node-2"]
    reasons = [reason for reason, _, _ in api.events("DaemonSet")]
    assert reasons[2:] == ["SuccessfulCreate", "SuccessfulDelete"] * 2


def test_on_delete_waits_for_the_old_pods_to_be_deleted():
    cluster, api = started(daemonset(strategy={"type": "OnDelete"}))
    old = [p["metadata"]["name"] for p in daemon_pods(api)]
    new_image(api)
    settle(cluster)
    assert [p["metadata"]["name"] for p in daemon_pods(api)] == old
    assert "updatedNumberScheduled" not in api.get("daemonsets", NAME)["status"]  # omitempty
    api.delete("pods", old[0])
    settle(cluster)
    images = sorted(p["spec"]["containers"][0]["image"] for p in daemon_pods(api))
    assert images == ["busybox:1.36", "busybox:1.37"]
    assert api.get("daemonsets", NAME)["status"]["updatedNumberScheduled"] == 1


def test_old_revisions_beyond_the_history_limit_are_deleted():
    cluster, api = started(daemonset(revisionHistoryLimit=1))
    for image in ("busybox:1.37", "busybox:1.38", "busybox:1.39"):
        new_image(api, image)
        settle(cluster)
    assert sorted(r["revision"] for r in api.items("controllerrevisions")) == [3, 4]


def test_a_failed_daemon_pod_is_deleted_and_made_again():
    cluster, api = started()
    pod = daemon_pods(api)[0]
    name, node = pod["metadata"]["name"], pod["spec"]["nodeName"]
    status = {**pod["status"], "phase": "Failed"}
    api.call(
        "update", "pods", "default", name, subresource="status", body={**pod, "status": status}
    )
    settle(cluster)
    assert name not in [p["metadata"]["name"] for p in daemon_pods(api)]
    assert nodes_of(api) == ["node-1", "node-2"]
    assert (
        "FailedDaemonPod",
        f"Found failed daemon pod default/{name} on node {node}, will try to kill it",
        "daemonset-controller",
    ) in api.events("DaemonSet")


def test_deleting_the_daemonset_deletes_its_pods_and_revisions():
    cluster, api = started()
    api.delete("daemonsets", NAME)
    settle(cluster)
    assert daemon_pods(api) == []
    assert stored(cluster, "controllerrevisions") == []


def test_a_no_schedule_taint_leaves_the_pod_misscheduled_and_no_execute_removes_it():
    cluster, api = started()
    taint = {"key": "dedicated", "value": "db", "effect": "NoSchedule"}
    api.patch("nodes", "node-1", {"spec": {"taints": [taint]}}, namespace="")
    settle(cluster)
    assert nodes_of(api) == ["node-1", "node-2"]
    # as upstream, that node change wakes no DaemonSet (its pod may stay): anything else does
    assert api.get("daemonsets", NAME)["status"]["numberMisscheduled"] == 0
    api.patch("daemonsets", NAME, {"metadata": {"annotations": {"touched": "yes"}}})
    settle(cluster)
    status = api.get("daemonsets", NAME)["status"]
    assert (status["desiredNumberScheduled"], status["numberMisscheduled"]) == (1, 1)
    api.patch(
        "nodes", "node-1", {"spec": {"taints": [{**taint, "effect": "NoExecute"}]}}, namespace=""
    )
    settle(cluster)
    assert nodes_of(api) == ["node-2"]
    assert api.get("daemonsets", NAME)["status"]["numberMisscheduled"] == 0
