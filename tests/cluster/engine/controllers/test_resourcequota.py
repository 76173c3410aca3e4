"""The resource quota controller: status.hard from the spec, status.used counted, and usage
given back when objects go or pods finish."""

from typing import Any

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, settle

HARD = {"pods": "2", "cpu": "1", "memory": "1Gi", "count/deployments.apps": "1", "secrets": "3"}


def quota(hard: dict[str, str], **spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": "q"}, "spec": {"hard": hard, **spec}}


def pod(name: str, cpu: str = "", *, restart: str = "Always", command: str = "") -> dict:
    container: dict[str, Any] = {"name": name, "image": "busybox" if command else "nginx"}
    if cpu:
        container["resources"] = {"requests": {"cpu": cpu, "memory": "100Mi"}}
    if command:
        container["command"] = ["sh", "-c", command]
    return {
        "metadata": {"name": name},
        "spec": {"containers": [container], "restartPolicy": restart},
    }


def status(api: API) -> dict[str, Any]:
    return api.get("resourcequotas", "q")["status"]


def test_a_new_quota_gets_its_hard_limits_and_what_the_namespace_already_uses():
    api = API(Cluster())
    api.create("secrets", {"metadata": {"name": "s"}})
    api.create("resourcequotas", quota(HARD))
    assert status(api) == {
        "hard": HARD,
        "used": {
            "pods": "0",
            "cpu": "0",
            "memory": "0",
            "count/deployments.apps": "0",
            "secrets": "1",
        },
    }


def test_pods_are_then_held_to_it_by_admission():
    api = API(Cluster())
    api.create("resourcequotas", quota(HARD))
    refused = api.request("create", "pods", body=pod("a"))
    assert (refused.code, refused.body["message"]) == (
        403,
        'pods "a" is forbidden: failed quota: q: must specify cpu for: a; memory for: a',
    )
    api.create("pods", pod("b", "600m"))
    refused = api.request("create", "pods", body=pod("c", "600m"))
    assert refused.body["message"] == (
        'pods "c" is forbidden: exceeded quota: q, requested: cpu=600m, used: cpu=600m, '
        "limited: cpu=1"
    )
    assert status(api)["used"]["cpu"] == "600m"


def test_a_deleted_pod_gives_its_share_back():
    api = API(Cluster())
    api.create("resourcequotas", quota(HARD))
    api.create("pods", pod("b", "600m"))
    api.delete("pods", "b")
    settle(api.cluster)
    assert status(api)["used"] == {
        "pods": "0",
        "cpu": "0",
        "memory": "0",
        "count/deployments.apps": "0",
        "secrets": "0",
    }


def test_a_finished_pod_keeps_its_count_but_not_its_compute_resources():
    api = API(Cluster())
    api.create("resourcequotas", quota({"pods": "2", "cpu": "1", "count/pods": "2"}))
    api.create("pods", pod("job", "200m", restart="Never", command="exit 0"))
    assert status(api)["used"] == {"pods": "1", "cpu": "200m", "count/pods": "1"}
    settle(api.cluster)
    assert api.get("pods", "job")["status"]["phase"] == "Succeeded"
    assert status(api)["used"] == {"pods": "0", "cpu": "0", "count/pods": "1"}


def test_a_quota_whose_limits_change_is_counted_again():
    api = API(Cluster())
    api.create("deployments", deployment("web", replicas=1))
    api.create("resourcequotas", quota({"pods": "5"}))
    assert status(api) == {"hard": {"pods": "5"}, "used": {"pods": "1"}}
    api.patch("resourcequotas", "q", {"spec": {"hard": {"count/deployments.apps": "3"}}})
    assert status(api) == {
        "hard": {"pods": "5", "count/deployments.apps": "3"},
        "used": {"pods": "1", "count/deployments.apps": "1"},
    }


def test_a_scoped_quota_counts_only_the_pods_in_its_scope():
    api = API(Cluster())
    api.create("pods", pod("sized", "100m"))
    api.create("pods", pod("besteffort"))
    api.create("resourcequotas", quota({"pods": "5"}, scopes=["BestEffort"]))
    assert status(api)["used"] == {"pods": "1"}


def test_a_quota_in_step_with_its_namespace_is_not_written_again():
    api = API(Cluster())
    api.create("resourcequotas", quota(HARD))
    version = api.get("resourcequotas", "q")["metadata"]["resourceVersion"]
    api.create("configmaps", {"metadata": {"name": "c"}})
    settle(api.cluster)
    assert api.get("resourcequotas", "q")["metadata"]["resourceVersion"] == version
