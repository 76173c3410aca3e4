"""The disruption controller: each PodDisruptionBudget's status counts the ready pods its
selector picks against what its spec asks, and the eviction subresource spends it."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, pod, run_for, settle


def budget(name: str = "web", selector=None, **spec) -> dict:
    selector = {"matchLabels": {"app": "web"}} if selector is None else selector
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name},
        "spec": {"selector": selector, **spec},
    }


def evict(api: API, name: str, **options):
    body = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": name}}
    return api.request(
        "create", "pods", "default", name, subresource="eviction", body=body, **options
    )


def status(api: API, name: str = "web") -> dict:
    return api.get("poddisruptionbudgets", name)["status"]


def running(replicas: int = 3, **pdb) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", deployment(replicas=replicas))
    settle(cluster)
    api.create("poddisruptionbudgets", budget(**pdb))
    settle(cluster)
    return cluster, api


@pytest.mark.parametrize(
    ("spec", "expected", "desired", "allowed"),
    [
        ({"minAvailable": 2}, 3, 2, 1),
        ({"minAvailable": "50%"}, 3, 2, 1),
        ({"minAvailable": "100%"}, 3, 3, 0),
        ({"maxUnavailable": 1}, 3, 2, 1),
        ({"maxUnavailable": "50%"}, 3, 1, 2),
        ({"maxUnavailable": 0}, 3, 3, 0),
        ({}, 0, 0, 0),
    ],
)
def test_a_budget_counts_ready_pods_against_what_its_spec_asks(spec, expected, desired, allowed):
    _, api = running(**spec)
    found = status(api)
    assert found["currentHealthy"] == 3
    assert (found["expectedPods"], found["desiredHealthy"]) == (expected, desired)
    assert found["disruptionsAllowed"] == allowed
    assert found["observedGeneration"] == 1
    condition = found["conditions"][0]
    assert condition["type"] == "DisruptionAllowed"
    assert (condition["status"], condition["reason"]) == (
        ("True", "SufficientPods") if allowed else ("False", "InsufficientPods")
    )


def test_a_percentage_counts_the_deployments_replicas_not_only_the_pods_there_are():
    cluster, api = running(replicas=4, maxUnavailable="25%")
    api.patch("deployments", "web", {"spec": {"replicas": 8}})
    cluster.step()  # the Deployment's watch event, before its pods exist
    settle(cluster)
    found = status(api)
    assert (found["expectedPods"], found["desiredHealthy"], found["currentHealthy"]) == (8, 6, 8)
    assert found["disruptionsAllowed"] == 2


def test_a_budget_without_pods_says_so_and_allows_nothing():
    _, api = running(selector={"matchLabels": {"app": "none"}}, minAvailable=1)
    assert status(api)["disruptionsAllowed"] == 0
    assert ("NoPods", "No matching pods found", "disruption-controller") in api.events(
        "PodDisruptionBudget"
    )


def test_unmanaged_pods_under_a_percentage_fail_the_sync():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", pod("lonely", {"app": "web"}))
    api.create("poddisruptionbudgets", budget(maxUnavailable="50%"))
    settle(cluster)
    found = status(api)
    assert found["disruptionsAllowed"] == 0
    messages = {reason: message for reason, message, _ in api.events("PodDisruptionBudget")}
    assert messages["UnmanagedPods"].startswith(
        "Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:"
        "map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were "
        "found to be unmanaged."
    )


def test_an_eviction_spends_the_budget_and_a_second_one_is_refused():
    cluster, api = running(minAvailable=2)
    first, second = sorted(p["metadata"]["name"] for p in api.items("pods"))[:2]
    assert cluster.apiserver.handle(evict_request(cluster, first)).code == 201
    after = api.send("get", "poddisruptionbudgets", "default", "web")["status"]
    assert after["disruptionsAllowed"] == 0
    assert first in after["disruptedPods"]
    refused = cluster.apiserver.handle(evict_request(cluster, second))
    assert refused.code == 429
    assert refused.body["reason"] == "TooManyRequests"
    assert refused.body["message"] == (
        "Cannot evict pod as it would violate the pod's disruption budget."
    )
    assert refused.body["details"]["causes"] == [
        {
            "reason": "DisruptionBudget",
            "message": "The disruption budget web does not allow evicting pods currently",
        }
    ]
    settle(cluster)
    healed = status(api)
    assert "disruptedPods" not in healed
    assert (healed["currentHealthy"], healed["disruptionsAllowed"]) == (3, 1)


def test_a_budget_with_no_room_says_how_many_healthy_pods_it_needs():
    _, api = running(minAvailable=3)
    refused = evict(api, api.items("pods")[0]["metadata"]["name"])
    assert refused.code == 429
    cause = refused.body["details"]["causes"][0]["message"]
    assert cause == "The disruption budget web needs 3 healthy pods and has 3 currently"


def test_an_evicted_pod_is_marked_as_a_disruption_target_before_it_goes():
    _, api = running(minAvailable=1)
    name = api.items("pods")[0]["metadata"]["name"]
    assert evict(api, name).code == 201
    evicted = api.get("pods", name)
    assert evicted["metadata"]["deletionTimestamp"]
    condition = next(c for c in evicted["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert condition["reason"] == "EvictionByEvictionAPI"
    assert condition["message"] == "Eviction API: evicting"


def test_a_dry_run_eviction_changes_nothing():
    _, api = running(minAvailable=2)
    name = api.items("pods")[0]["metadata"]["name"]
    assert evict(api, name, query={"dryRun": "All"}).code == 201
    assert status(api)["disruptionsAllowed"] == 1
    assert not api.get("pods", name)["metadata"].get("deletionTimestamp")


def test_a_pod_under_two_budgets_cannot_be_evicted():
    cluster, api = running(minAvailable=1)
    api.create("poddisruptionbudgets", budget("other", minAvailable=1))
    settle(cluster)
    name = api.items("pods")[0]["metadata"]["name"]
    response = evict(api, name)
    assert response.code == 500
    assert response.body["message"] == (
        "This pod has more than one PodDisruptionBudget, which the eviction subresource does "
        "not support."
    )


def test_a_budget_not_yet_observed_asks_to_come_back_later():
    cluster, api = running(minAvailable=1)
    name = api.items("pods")[0]["metadata"]["name"]
    api.send(
        "patch",
        "poddisruptionbudgets",
        "default",
        "web",
        body={"spec": {"minAvailable": 2}},
        content_type="application/merge-patch+json",
    )
    response = cluster.apiserver.handle(evict_request(cluster, name))
    assert response.code == 429
    assert response.body["details"]["retryAfterSeconds"] == 10
    assert response.body["details"]["causes"][0]["message"] == (
        "The disruption budget web is still being processed by the server."
    )


def evict_request(cluster: Cluster, name: str):
    from cluster.engine.apiserver.request import Request

    body = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": name}}
    return Request(
        "create",
        "pods",
        "default",
        name,
        subresource="eviction",
        body=body,
        credential=cluster.admin,
    )


def test_pending_pods_go_without_asking_the_budget():
    cluster = Cluster()
    api = API(cluster)
    api.create("poddisruptionbudgets", budget(minAvailable=5))
    unschedulable = pod("waiting", {"app": "web"})
    unschedulable["spec"]["nodeSelector"] = {"disk": "none"}
    api.create("pods", unschedulable)
    settle(cluster)
    assert evict(api, "waiting").code == 201


def test_an_eviction_the_controller_never_sees_followed_stops_counting_after_two_minutes():
    cluster, api = running(minAvailable=2)
    name = api.items("pods")[0]["metadata"]["name"]
    pdb = api.get("poddisruptionbudgets", "web")
    pdb["status"]["disruptedPods"] = {name: pdb["status"]["conditions"][0]["lastTransitionTime"]}
    api.call("update", "poddisruptionbudgets", "default", "web", subresource="status", body=pdb)
    run_for(cluster, 1_000)
    assert status(api)["currentHealthy"] == 2
    run_for(cluster, 125_000)
    after = status(api)
    assert "disruptedPods" not in after
    assert after["currentHealthy"] == 3
