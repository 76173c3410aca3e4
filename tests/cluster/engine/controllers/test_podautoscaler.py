"""The horizontal pod autoscaler controller: a busy Deployment grows within a minute, an
idle one stays at its minimum, and load gone shrinks it only after the stabilization window;
a pod without a CPU request leaves the autoscaler unable to compute."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, run_for, settle
from tests.cluster.kubectl.helpers import run

REASON = "cpu resource utilization (percentage of request) above target"


def workload(name: str, image: str, args: list[str], requests: dict | None) -> dict:
    container = {"name": "main", "image": image, "args": args}
    if requests is not None:
        container["resources"] = {"requests": requests}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [container]},
            },
        },
    }


def autoscaled(name: str, image: str, args: list[str], requests=None) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", workload(name, image, args, requests))
    settle(cluster)
    result = run(cluster, "autoscale", "deployment", name, "--cpu=50%", "--min=1", "--max=5")
    assert result.stdout == f"horizontalpodautoscaler.autoscaling/{name} autoscaled\n"
    return cluster, api


def replicas(api: API, name: str) -> int:
    return api.get("deployments", name)["spec"]["replicas"]


def test_a_busy_deployment_scales_up_within_a_minute_up_to_its_maximum():
    cluster, api = autoscaled("load", "docker.io/vish/stress", ["-cpus", "1"], {"cpu": "200m"})
    run_for(cluster, 60_000)
    assert replicas(api, "load") == 5
    assert api.events("HorizontalPodAutoscaler") == [
        ("SuccessfulRescale", f"New size: 4; reason: {REASON}", "horizontal-pod-autoscaler"),
        ("SuccessfulRescale", f"New size: 5; reason: {REASON}", "horizontal-pod-autoscaler"),
    ]
    table = run(cluster, "get", "hpa").stdout.splitlines()
    assert table[1].split()[:7] == ["load", "Deployment/load", "cpu:", "500%/50%", "1", "5", "5"]
    status = api.get("horizontalpodautoscalers", "load")["status"]
    assert status["currentMetrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "current": {"averageValue": "1001m", "averageUtilization": 500},
            },
        }
    ]
    assert [(c["type"], c["status"], c["reason"]) for c in status["conditions"]] == [
        ("AbleToScale", "True", "ReadyForNewScale"),
        ("ScalingActive", "True", "ValidMetricFound"),
        ("ScalingLimited", "True", "TooManyReplicas"),
    ]


def test_an_idle_deployment_stays_at_its_minimum():
    cluster, api = autoscaled("web", "nginx", [], {"cpu": "200m"})
    run_for(cluster, 120_000)
    assert replicas(api, "web") == 1
    assert api.events("HorizontalPodAutoscaler") == []
    table = run(cluster, "get", "hpa").stdout.splitlines()
    assert table[1].split()[2:4] == ["cpu:", "0%/50%"]


def test_load_gone_scales_down_only_after_the_stabilization_window():
    cluster, api = autoscaled("load", "docker.io/vish/stress", ["-cpus", "1"], {"cpu": "200m"})
    run_for(cluster, 60_000)
    assert replicas(api, "load") == 5
    patch = {
        "spec": {"template": {"spec": {"containers": [{"name": "main", "args": ["-cpus", "0"]}]}}}
    }
    api.call(
        "patch",
        "deployments",
        "default",
        "load",
        body=patch,
        content_type="application/strategic-merge-patch+json",
    )
    run_for(cluster, 240_000)
    assert replicas(api, "load") == 5
    conditions = api.get("horizontalpodautoscalers", "load")["status"]["conditions"]
    assert conditions[0]["reason"] == "ScaleDownStabilized"
    run_for(cluster, 120_000)
    assert replicas(api, "load") == 1
    assert api.events("HorizontalPodAutoscaler")[-1] == (
        "SuccessfulRescale",
        "New size: 1; reason: All metrics below target",
        "horizontal-pod-autoscaler",
    )


def test_a_pod_without_a_cpu_request_leaves_the_autoscaler_unable_to_compute():
    cluster, api = autoscaled("web", "nginx", [], None)
    run_for(cluster, 30_000)
    pod = api.names("pods")[0]
    cause = f"failed to get cpu utilization: missing request for cpu in container main of Pod {pod}"
    assert api.events("HorizontalPodAutoscaler") == [
        ("FailedGetResourceMetric", cause, "horizontal-pod-autoscaler"),
        (
            "FailedComputeMetricsReplicas",
            f"invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource "
            f"metric value: {cause}",
            "horizontal-pod-autoscaler",
        ),
    ]
    status = api.get("horizontalpodautoscalers", "web")["status"]
    active = status["conditions"][1]
    assert (active["status"], active["reason"]) == ("False", "FailedGetResourceMetric")
    assert active["message"] == f"the HPA was unable to compute the replica count: {cause}"
    assert status["currentMetrics"] == [{"type": ""}]
