"""kubectl describe hpa, as describeHorizontalPodAutoscalerV2 prints it."""

import json

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

MANIFEST = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
  behavior:
    scaleDown: {stabilizationWindowSeconds: 60}
"""
STATUS = {
    "currentReplicas": 2,
    "desiredReplicas": 3,
    "currentMetrics": [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "current": {"averageUtilization": 75, "averageValue": "150m"},
            },
        },
        {"type": "Resource", "resource": {"name": "memory", "current": {"averageValue": "50Mi"}}},
    ],
    "conditions": [
        {
            "type": "AbleToScale",
            "status": "True",
            "reason": "SucceededRescale",
            "message": "the HPA controller was able to update the target scale to 3",
            "lastTransitionTime": "2026-01-01T00:00:00Z",
        },
    ],
}


def test_describe_prints_each_metric_the_behavior_and_the_conditions():
    cluster = Cluster()
    assert run(cluster, "create", "-f", "-", stdin=MANIFEST).exit_code == 0
    hpa = json.loads(run(cluster, "get", "hpa", "web", "-o", "json").stdout)
    hpa["status"] = STATUS
    request = Request(
        "update",
        "horizontalpodautoscalers",
        "default",
        "web",
        subresource="status",
        body=hpa,
        credential=cluster.admin,
    )
    assert cluster.handle(request).code == 200
    assert run(cluster, "describe", "hpa", "web").stdout.splitlines() == [
        "Name:                                                  web",
        "Namespace:                                             default",
        "Labels:                                                <none>",
        "Annotations:                                           <none>",
        "CreationTimestamp:                                     Thu, 01 Jan 2026 00:00:00 +0000",
        "Reference:                                             Deployment/web",
        "Metrics:                                               ( current / target )",
        "  resource cpu on pods  (as a percentage of request):  75% (150m) / 50%",
        "  resource memory on pods:                             50Mi / 100Mi",
        "Min replicas:                                          1",
        "Max replicas:                                          5",
        "Behavior:",
        "  Scale Up:",
        "    Stabilization Window: 0 seconds",
        "    Select Policy: Max",
        "    Policies:",
        "      - Type: Pods     Value: 4    Period: 15 seconds",
        "      - Type: Percent  Value: 100  Period: 15 seconds",
        "  Scale Down:",
        "    Stabilization Window: 60 seconds",
        "    Select Policy: Max",
        "    Policies:",
        "      - Type: Percent  Value: 100  Period: 15 seconds",
        "Deployment pods:       2 current / 3 desired",
        "Conditions:",
        "  Type         Status  Reason            Message",
        "  ----         ------  ------            -------",
        "  AbleToScale  True    SucceededRescale  the HPA controller was able to update the target scale to 3",
        "Events:        <none>",
    ]
