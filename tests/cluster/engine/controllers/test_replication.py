"""The replication controller on a real cluster: the ReplicaSet controller's logic on
ReplicationControllers, whose selector is a plain map and whose status counts no
terminating pods."""

from typing import Any

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, active, pod, settle, template


def replication_controller(replicas: int = 2, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ReplicationController",
        "metadata": {"name": "web"},
        "spec": {"replicas": replicas, "selector": {"app": "web"}, "template": template(), **spec},
    }


def started(replicas: int = 2) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("replicationcontrollers", replication_controller(replicas))
    settle(cluster)
    return cluster, api


def controlled(api: API) -> list[str]:
    uid = api.get("replicationcontrollers", "web")["metadata"]["uid"]
    return sorted(
        p["metadata"]["name"]
        for p in active(api.items("pods"))
        if any(r["uid"] == uid for r in p["metadata"].get("ownerReferences") or ())
    )


def test_it_makes_its_pods_owned_by_the_replication_controller_and_says_so():
    _cluster, api = started()
    rc = api.get("replicationcontrollers", "web")
    names = controlled(api)
    assert len(names) == 2
    for name in names:
        assert api.get("pods", name)["metadata"]["ownerReferences"] == [
            {
                "apiVersion": "v1",
                "kind": "ReplicationController",
                "name": "web",
                "uid": rc["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
    assert sorted(api.events("ReplicationController")) == sorted(
        ("SuccessfulCreate", f"Created pod: {n}", "replication-controller") for n in names
    )


def test_its_status_has_the_fields_of_a_replication_controller():
    _cluster, api = started()
    assert api.get("replicationcontrollers", "web")["status"] == {
        "replicas": 2,
        "fullyLabeledReplicas": 2,
        "readyReplicas": 2,
        "availableReplicas": 2,
        "observedGeneration": 1,
    }


def test_it_adopts_a_matching_orphan_and_deletes_the_surplus():
    cluster, api = started()
    api.create("pods", pod("extra", {"app": "web"}))
    settle(cluster)
    assert len(controlled(api)) == 2
    assert api.events("ReplicationController")[-1][0] == "SuccessfulDelete"


def test_a_pod_whose_labels_stop_matching_is_released_and_replaced():
    cluster, api = started()
    leaving = controlled(api)[0]
    api.patch("pods", leaving, {"metadata": {"labels": {"app": "other"}}})
    settle(cluster)
    assert not api.get("pods", leaving)["metadata"].get("ownerReferences")
    assert len(controlled(api)) == 2 and leaving not in controlled(api)


def test_its_scale_subresource_gives_the_selector_as_a_string_and_scales_it():
    cluster, api = started()
    scale = api.call("get", "replicationcontrollers", "default", "web", subresource="scale")
    assert scale["status"] == {"replicas": 2, "selector": "app=web"}
    scale["spec"]["replicas"] = 3
    api.call("update", "replicationcontrollers", "default", "web", subresource="scale", body=scale)
    settle(cluster)
    assert len(controlled(api)) == 3


def test_deleting_it_deletes_its_pods():
    cluster, api = started()
    api.delete("replicationcontrollers", "web")
    settle(cluster)
    assert not active(api.items("pods"))
