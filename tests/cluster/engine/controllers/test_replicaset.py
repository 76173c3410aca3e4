"""The ReplicaSet controller on a real cluster: pods made, adopted, released and deleted,
events and status; and convergence from any starting state."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import (
    API,
    active,
    pod,
    ready,
    replicaset,
    settle,
    stored,
    terminating_counts,
)

POD_NAME = re.compile(r"^web-[bcdfghjklmnpqrstvwxz2456789]{5}$")
IMPOSSIBLE = {"nodeSelector": {"disk": "ssd"}}  # no node has it: the pod stays unscheduled


def started(rs=None) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("replicasets", rs or replicaset(replicas=2))
    settle(cluster)
    return cluster, api


def controlled_by(api, name="web"):
    uid = api.get("replicasets", name)["metadata"]["uid"]
    return sorted(
        p["metadata"]["name"]
        for p in active(api.items("pods"))
        if any(
            r["uid"] == uid and r.get("controller")
            for r in p["metadata"].get("ownerReferences") or ()
        )
    )


def test_a_replicaset_makes_its_pods_named_after_it_and_says_so_in_events():
    _cluster, api = started()
    rs = api.get("replicasets", "web")
    names = controlled_by(api)
    assert len(names) == 2 and all(POD_NAME.match(n) for n in names)
    for name in names:
        meta = api.get("pods", name)["metadata"]
        assert meta["generateName"] == "web-"
        assert meta["labels"] == {"app": "web"}
        assert meta["ownerReferences"] == [
            {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "name": "web",
                "uid": rs["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
    assert sorted(api.events("ReplicaSet")) == sorted(
        ("SuccessfulCreate", f"Created pod: {n}", "replicaset-controller") for n in names
    )


def test_its_status_counts_the_pods_it_controls():
    _cluster, api = started()
    assert api.get("replicasets", "web")["status"] == {
        "replicas": 2,
        "fullyLabeledReplicas": 2,
        "readyReplicas": 2,
        "availableReplicas": 2,
        "terminatingReplicas": 0,
        "observedGeneration": 1,
    }


def test_available_waits_for_min_ready_seconds():
    cluster = Cluster()
    api = API(cluster)
    api.create("replicasets", replicaset(replicas=2, minReadySeconds=10))
    while stored(cluster, "replicasets")[0].get("status", {}).get("readyReplicas") != 2:
        cluster.step()
    ready_at = cluster.clock.now
    assert "availableReplicas" not in stored(cluster, "replicasets")[0]["status"]
    settle(cluster)
    assert api.get("replicasets", "web")["status"]["availableReplicas"] == 2
    assert cluster.clock.now > ready_at + 10_000


def test_a_matching_orphan_is_adopted_and_the_surplus_unscheduled_pod_is_deleted_first():
    cluster, api = started()
    api.create("pods", {**pod("extra", {"app": "web"}), "spec": {**pod("x")["spec"], **IMPOSSIBLE}})
    settle(cluster)
    assert "extra" not in api.names("pods")
    assert len(controlled_by(api)) == 2
    assert api.events("ReplicaSet")[-1] == (
        "SuccessfulDelete",
        "Deleted pod: extra",
        "replicaset-controller",
    )


def test_a_pod_controlled_by_someone_else_is_left_alone():
    cluster, api = started()
    owner = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "name": "other",
        "uid": "0000",
        "controller": True,
    }
    api.create("configmaps", {"metadata": {"name": "other"}})
    cm_uid = api.get("configmaps", "other")["metadata"]["uid"]
    api.create("pods", pod("foreign", {"app": "web"}, ownerReferences=[{**owner, "uid": cm_uid}]))
    settle(cluster)
    assert "foreign" in api.names("pods")
    assert len(controlled_by(api)) == 2


def test_a_pod_whose_labels_stop_matching_is_released_and_replaced():
    cluster, api = started()
    leaving = controlled_by(api)[0]
    api.patch("pods", leaving, {"metadata": {"labels": {"app": "other"}}})
    settle(cluster)
    assert not api.get("pods", leaving)["metadata"].get("ownerReferences")
    replaced = controlled_by(api)
    assert len(replaced) == 2 and leaving not in replaced


def test_scaling_down_deletes_pods_and_records_it():
    cluster, api = started(replicaset(replicas=3))
    api.patch("replicasets", "web", {"spec": {"replicas": 1}})
    settle(cluster)
    assert len(controlled_by(api)) == 1
    deleted = [e for e in api.events("ReplicaSet") if e[0] == "SuccessfulDelete"]
    assert len(deleted) == 2


def test_its_status_counts_the_pods_still_terminating_until_they_are_gone():
    cluster, api = started(replicaset(replicas=2))
    api.patch("replicasets", "web", {"spec": {"replicas": 0}})
    assert terminating_counts(cluster, "replicasets") == [2, 0]
    assert stored(cluster, "replicasets")[0]["status"] == {
        "replicas": 0,
        "terminatingReplicas": 0,
        "observedGeneration": 2,
    }


def pods_strategy():
    """Pods already there: matching orphans, pods of another app, unschedulable ones."""
    one = st.fixed_dictionaries(
        {"app": st.sampled_from(["web", "other"]), "schedulable": st.booleans()}
    )
    return st.lists(one, max_size=5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    replicas=st.integers(min_value=0, max_value=5),
    existing=pods_strategy(),
    scale=st.integers(0, 5),
)
def test_a_replicaset_converges_to_its_replicas_from_any_starting_state(replicas, existing, scale):
    cluster = Cluster()
    api = API(cluster)
    for i, spec in enumerate(existing):
        body = pod(f"pre-{i}", {"app": spec["app"]})
        if not spec["schedulable"]:
            body["spec"].update(IMPOSSIBLE)
        api.create("pods", body)
    api.create("replicasets", replicaset(replicas=replicas))
    settle(cluster)
    api.patch("replicasets", "web", {"spec": {"replicas": scale}})
    settle(cluster)
    assert len(controlled_by(api)) == scale
    foreign = [f"pre-{i}" for i, spec in enumerate(existing) if spec["app"] != "web"]
    assert set(foreign) <= set(api.names("pods"))
    status = api.get("replicasets", "web")["status"]
    claimed = [api.get("pods", name) for name in controlled_by(api)]
    assert status["replicas"] == status.get("fullyLabeledReplicas", 0) == scale
    assert status.get("readyReplicas", 0) == sum(ready(p) for p in claimed)
