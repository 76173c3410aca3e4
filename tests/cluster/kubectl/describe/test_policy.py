"""describePodDisruptionBudgetV1 over budget objects: the amount set (minAvailable before
maxUnavailable, a zero shown too), the selector (an empty one selects everything, a missing
one is unset; requirements by key) and the status' counts."""

from cluster.engine.apiserver.request import Response
from cluster.kubectl.context import Context
from cluster.kubectl.describe import policy
from cluster.kubectl.describe.writer import PrefixWriter


def no_requests(request):
    return Response(404, {"kind": "Status", "reason": "NotFound", "code": 404})


def described(budget: dict, events: list | None = None) -> str:
    w = PrefixWriter(0)
    policy.describe_pod_disruption_budget(Context(no_requests, None), w, budget, events)
    return w.text()


def budget(spec: dict, status: dict | None = None) -> dict:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": "db", "namespace": "prod"},
        "spec": spec,
        "status": status or {},
    }


def test_a_zero_max_unavailable_and_an_empty_selector():
    assert described(budget({"maxUnavailable": 0, "selector": {}}), []) == (
        "Name:             db\n"
        "Namespace:        prod\n"
        "Max unavailable:  0\n"
        "Selector:         <none>\n"
        "Status:\n"
        "    Allowed disruptions:  0\n"
        "    Current:              0\n"
        "    Desired:              0\n"
        "    Total:                0\n"
        "Events:                   <none>\n"
    )


def test_min_available_is_shown_before_max_unavailable_and_expressions_as_a_selector_reads():
    spec = {
        "minAvailable": "60%",
        "maxUnavailable": 1,
        "selector": {
            "matchLabels": {"app": "db"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["b", "a"]},
                {"key": "canary", "operator": "DoesNotExist"},
            ],
        },
    }
    status = {"disruptionsAllowed": 1, "currentHealthy": 4, "desiredHealthy": 3, "expectedPods": 5}
    assert described(budget(spec, status)) == (
        "Name:           db\n"
        "Namespace:      prod\n"
        "Min available:  60%\n"
        "Selector:       app=db,!canary,tier in (a,b)\n"
        "Status:\n"
        "    Allowed disruptions:  1\n"
        "    Current:              4\n"
        "    Desired:              3\n"
        "    Total:                5\n"
    )
