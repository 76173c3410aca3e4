"""kubectl autoscale: the autoscaling/v2 HorizontalPodAutoscaler kubectl builds and creates,
and what it refuses (checked against the real kubectl 1.37)."""

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

INCOMPATIBLE = (
    "error: failed to create autoscaling/v2 HPA and the configuration is incompatible with "
    "autoscaling/v1: "
)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx")
    run(cluster, "run", "solo", "--image=nginx")
    return cluster


def built(cluster: Cluster, *flags: str) -> dict:
    result = run(
        cluster, "autoscale", "deployment", "web", *flags, "--dry-run=client", "-o", "json"
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_autoscaler_in_its_structs_order(cluster):
    hpa = built(cluster, "--max=3")
    assert list(hpa) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert hpa["spec"] == {
        "scaleTargetRef": {"kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
        "maxReplicas": 3,
    }
    assert hpa["status"] == {"desiredReplicas": 0, "currentMetrics": None}
    assert list(built(cluster, "--max=3", "--min=2")["spec"]) == [
        "scaleTargetRef",
        "minReplicas",
        "maxReplicas",
    ]


@pytest.mark.parametrize(
    ("flags", "targets"),
    [
        (["--cpu=80%"], [("cpu", {"type": "Utilization", "averageUtilization": 80})]),
        (["--cpu=500"], [("cpu", {"type": "AverageValue", "averageValue": "500m"})]),
        (["--cpu=1.5"], [("cpu", {"type": "AverageValue", "averageValue": "1500u"})]),
        (["--memory=200"], [("memory", {"type": "AverageValue", "averageValue": "200Mi"})]),
        (["--memory=0.5Gi"], [("memory", {"type": "AverageValue", "averageValue": "512Mi"})]),
        (
            ["--cpu-percent=70", "--memory=60%"],
            [
                ("cpu", {"type": "Utilization", "averageUtilization": 70}),
                ("memory", {"type": "Utilization", "averageUtilization": 60}),
            ],
        ),
    ],
)
def test_cpu_and_memory_targets(cluster, flags, targets):
    assert built(cluster, "--max=3", *flags)["spec"]["metrics"] == [
        {"type": "Resource", "resource": {"name": name, "target": target}}
        for name, target in targets
    ]


def test_creates_the_autoscaler_as_the_server_defaults_it(cluster):
    created = run(cluster, "autoscale", "deployment", "web", "--max=3", "--name=cpu")
    assert created.stdout == "horizontalpodautoscaler.autoscaling/cpu autoscaled\n"
    hpa = json.loads(run(cluster, "get", "hpa", "cpu", "-o", "json").stdout)
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["minReplicas"] == 1
    assert hpa["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 80},
            },
        }
    ]
    deprecated = run(cluster, "autoscale", "deploy/web", "--max=3", "--cpu-percent=5")
    assert deprecated.stderr == (
        "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource "
        "quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n"
    )
    assert deprecated.stdout == "horizontalpodautoscaler.autoscaling/web autoscaled\n"


def test_a_refused_v2_create_falls_back_to_v1_only_when_the_targets_fit_it(cluster):
    exists = run(cluster, "autoscale", "deployment", "web", "--max=3", "--name=cpu")
    assert exists.stderr == f"{INCOMPATIBLE}empty input\n"
    memory = run(cluster, "autoscale", "deployment", "web", "--max=3", "--name=cpu", "--cpu=1")
    assert memory.stderr == f"{INCOMPATIBLE}%!w(<nil>)\n"
    v1 = run(cluster, "autoscale", "deployment", "web", "--max=3", "--name=cpu", "--cpu=80%")
    assert v1.stderr == (
        "Error from server (NotFound): the server could not find the requested resource\n"
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["deployment", "web"], 'required flag(s) "max" not set'),
        (
            ["deployment", "web", "--max=0"],
            "--max=MAXPODS is required and must be at least 1, max: 0",
        ),
        (
            ["deployment", "web", "--max=2", "--min=3"],
            "--max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3",
        ),
        (["deployment", "web", "--max=2", "--cpu=abc"], "invalid resource cpu value: abc"),
        (["deployment", "web", "--max=2", "--memory=-5%"], "invalid percentage value: -5"),
        (
            ["pod", "solo", "--max=2"],
            "cannot autoscale a Pod: could not find scale subresource for /v1, Resource=pods in "
            "discovery information",
        ),
        (["deployment", "nope", "--max=2"], None),
    ],
)
def test_what_autoscale_refuses(cluster, argv, error):
    refused = run(cluster, "autoscale", *argv)
    expected = error and f"error: {error}\n"
    assert refused.exit_code == 1
    assert refused.stderr == (
        expected or 'Error from server (NotFound): deployments.apps "nope" not found\n'
    )


def test_record_writes_the_command_as_its_change_cause(cluster):
    hpa = built(cluster, "--max=3", "--record", "--cpu", "80%")
    assert hpa["metadata"]["annotations"] == {
        "kubernetes.io/change-cause": (
            "kubectl autoscale deployment web --max=3 --record=true --cpu=80% "
            "--dry-run=client --output=json"
        )
    }
