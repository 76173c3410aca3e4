"""HorizontalPodAutoscalers as kube-apiserver stores them: SetDefaults_HorizontalPodAutoscaler,
the strategy's empty status, and the table's TARGETS as formatHPAMetrics writes them."""

import pytest

from cluster.engine.apiserver import printers
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

REF = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}


def ask(cluster, verb, name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, "horizontalpodautoscalers", "default", name, **options))


def hpa(**spec):
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": "web", "creationTimestamp": "2026-01-01T00:00:00Z"},
        "spec": {"scaleTargetRef": REF, "maxReplicas": 5, **spec},
    }


def cpu(target):
    return {"type": "Resource", "resource": {"name": "cpu", "target": target}}


def test_a_new_autoscaler_gets_one_replica_at_least_80_percent_cpu_and_an_empty_status():
    created = ask(Cluster(), "create", body=hpa()).body
    assert created["spec"]["minReplicas"] == 1
    assert created["spec"]["metrics"] == [cpu({"type": "Utilization", "averageUtilization": 80})]
    assert created["status"] == {"desiredReplicas": 0, "currentMetrics": None}
    assert "generation" not in created["metadata"]


def test_a_behavior_gets_the_default_rules_of_the_directions_it_leaves_unset():
    behavior = {"scaleDown": {"stabilizationWindowSeconds": 60}}
    created = ask(Cluster(), "create", body=hpa(behavior=behavior)).body["spec"]["behavior"]
    assert created == {
        "scaleUp": {
            "stabilizationWindowSeconds": 0,
            "selectPolicy": "Max",
            "policies": [
                {"type": "Pods", "value": 4, "periodSeconds": 15},
                {"type": "Percent", "value": 100, "periodSeconds": 15},
            ],
        },
        "scaleDown": {
            "stabilizationWindowSeconds": 60,
            "selectPolicy": "Max",
            "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}],
        },
    }


def test_the_status_subresource_alone_writes_the_status():
    cluster = Cluster()
    ask(cluster, "create", body=hpa())
    found = ask(cluster, "get", "web").body
    found["status"] = {"desiredReplicas": 3, "currentReplicas": 2, "currentMetrics": None}
    found["spec"]["maxReplicas"] = 9
    updated = ask(cluster, "update", "web", subresource="status", body=found).body
    assert (updated["status"]["desiredReplicas"], updated["spec"]["maxReplicas"]) == (3, 5)


UTILIZATION = {"type": "Utilization", "averageUtilization": 50}
AVERAGE = {"type": "AverageValue", "averageValue": "500m"}


@pytest.mark.parametrize(
    ("metrics", "current", "shown"),
    [
        ([], [], "<none>"),
        ([cpu(UTILIZATION)], [], "cpu: <unknown>/50%"),
        (
            [cpu(UTILIZATION)],
            [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "current": {"averageUtilization": 12, "averageValue": "60m"},
                    },
                }
            ],
            "cpu: 12%/50%",
        ),
        ([cpu(AVERAGE)], [], "cpu: <unknown>/500m"),
        (
            [cpu(AVERAGE)],
            [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "1"}}}],
            "cpu: 1/500m",
        ),
        ([cpu(UTILIZATION)] * 3, [], "cpu: <unknown>/50%, cpu: <unknown>/50% + 1 more..."),
        ([{"type": "Bogus"}], [], "<unknown type>"),
    ],
)
def test_targets_show_each_metric_current_over_target(metrics, current, shown):
    obj = hpa(metrics=metrics, minReplicas=2)
    obj["status"] = {"currentReplicas": 3, "currentMetrics": current}
    table = printers.table("HorizontalPodAutoscaler", [obj], 1_767_225_660, {})
    assert [c["name"] for c in table["columnDefinitions"]] == [
        "Name",
        "Reference",
        "Targets",
        "MinPods",
        "MaxPods",
        "Replicas",
        "Age",
    ]
    assert table["rows"][0]["cells"] == ["web", "Deployment/web", shown, "2", 5, 3, "60s"]
