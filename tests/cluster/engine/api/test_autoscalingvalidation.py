"""HorizontalPodAutoscalers' validation (pkg/apis/autoscaling/validation, validation_test.go):
each rule's message, word for word."""

from typing import Any

import pytest

from cluster.engine.api import autoscalingvalidation as av
from cluster.engine.api.meta import Object

REF = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
CPU = {
    "type": "Resource",
    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
}


def hpa(**spec: Any) -> Object:
    return {
        "spec": {
            "scaleTargetRef": REF,
            "minReplicas": 1,
            "maxReplicas": 5,
            "metrics": [CPU],
            **spec,
        }
    }


def messages(errors: list) -> list[str]:
    return [str(error) for error in errors]


def test_a_valid_autoscaler_passes():
    behavior = {
        "scaleUp": {
            "stabilizationWindowSeconds": 0,
            "selectPolicy": "Max",
            "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}],
        },
        "scaleDown": {
            "selectPolicy": "Disabled",
            "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}],
        },
    }
    assert av.validate_horizontal_pod_autoscaler(hpa(behavior=behavior)) == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            {"minReplicas": 0},
            [
                "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
                "spec.metrics: Forbidden: must specify at least one Object or External metric to "
                "support scaling to zero replicas",
            ],
        ),
        (
            {"maxReplicas": 0},
            [
                "spec.maxReplicas: Required value: must be set and greater than 0",
                "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
            ],
        ),
        (
            {"minReplicas": 3, "maxReplicas": 2},
            ["spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"],
        ),
        (
            {"scaleTargetRef": {"apiVersion": "v1", "kind": "Deployment", "name": "a/b"}},
            [
                "spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'",
                'spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group',
            ],
        ),
        (
            {"scaleTargetRef": {"apiVersion": "a/b/c", "name": "x"}},
            [
                "spec.scaleTargetRef.kind: Required value",
                'spec.scaleTargetRef.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
            ],
        ),
        (
            {
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {"name": "cpu", "target": {"type": "Utilization"}},
                    }
                ]
            },
            [
                "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a "
                "target raw value or a target utilization"
            ],
        ),
        (
            {
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {"type": "Foo", "averageUtilization": 0, "averageValue": "0"},
                        },
                    }
                ]
            },
            [
                'spec.metrics[0].resource.target.type: Invalid value: "Foo": must be either Utilization, Value, or AverageValue',
                'spec.metrics[0].resource.target.averageValue: Invalid value: "0": must be positive',
                "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
                "spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization",
            ],
        ),
        (
            {"metrics": [{"type": "Pods", "resource": CPU["resource"], "object": {}}]},
            [
                "spec.metrics[0].object.describedObject.kind: Required value",
                "spec.metrics[0].object.describedObject.name: Required value",
                "spec.metrics[0].object.metric.name: Required value: must specify a metric name",
                "spec.metrics[0].object.target.type: Required value: must specify a metric target type",
                'spec.metrics[0].object.target.type: Invalid value: "": must be either Utilization, '
                "Value, or AverageValue",
                "spec.metrics[0].object.target.averageValue: Required value: must set either a target "
                "value or averageValue",
                "spec.metrics[0].pods: Required value: must populate information for the given metric source",
                "spec.metrics[0].object: Forbidden: must populate the given metric source only",
                "spec.metrics[0].resource: Forbidden: must populate the given metric source only",
            ],
        ),
        (
            {"metrics": [{"type": "Bogus"}]},
            [
                'spec.metrics[0].type: Unsupported value: "Bogus": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
            ]
            * 2,
        ),
        (
            {
                "behavior": {
                    "scaleUp": {
                        "stabilizationWindowSeconds": 3601,
                        "selectPolicy": "Most",
                        "policies": [],
                    }
                }
            },
            [
                "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600",
                'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Most": supported values: "Disabled", "Max", "Min"',
                "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy",
            ],
        ),
        (
            {
                "behavior": {
                    "scaleDown": {
                        "policies": [{"type": "Nodes", "value": 0, "periodSeconds": 1801}]
                    }
                }
            },
            [
                'spec.behavior.scaleDown.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
                "spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero",
                "spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800",
            ],
        ),
    ],
)
def test_what_a_spec_may_not_be(spec, expected):
    assert messages(av.validate_horizontal_pod_autoscaler(hpa(**spec))) == expected


def test_an_update_keeping_the_target_kind_and_version_does_not_judge_its_version_again():
    old = hpa(scaleTargetRef={"apiVersion": "v1", "kind": "Deployment", "name": "web"})
    assert av.validate_horizontal_pod_autoscaler_update(old, old) == []


def test_the_status_counts_may_not_be_negative():
    status = {"status": {"currentReplicas": -1, "desiredReplicas": 2}}
    assert messages(av.validate_horizontal_pod_autoscaler_status(status, {})) == [
        "status.currentReplicas: Invalid value: -1: must be greater than or equal to 0"
    ]
