"""A pod's QoS class, as ComputePodQOS and GetPodQOS give it."""

import pytest

from cluster.engine.api import qos


def container(requests=None, limits=None, name="c"):
    resources = {}
    if requests is not None:
        resources["requests"] = requests
    if limits is not None:
        resources["limits"] = limits
    return {"name": name, "image": "nginx", "resources": resources}


def pod(*containers, inits=(), resources=None):
    spec = {"containers": list(containers), "initContainers": list(inits)}
    if resources is not None:
        spec["resources"] = resources
    return {"spec": spec}


BOTH = {"cpu": "100m", "memory": "64Mi"}


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param(pod(container()), "BestEffort", id="nothing asked for nor limited"),
        pytest.param(
            pod(container({"cpu": "0"}, {"memory": "0"})),
            "BestEffort",
            id="quantities of zero count for nothing",
        ),
        pytest.param(
            pod(container({"ephemeral-storage": "1Gi"})),
            "BestEffort",
            id="only cpu and memory count",
        ),
        pytest.param(pod(container(BOTH, BOTH)), "Guaranteed", id="limits equal to requests"),
        pytest.param(
            pod(container({"cpu": "0.1", "memory": "64Mi"}, {"cpu": "100m", "memory": "67108864"})),
            "Guaranteed",
            id="quantities compare by value",
        ),
        pytest.param(
            pod(container(BOTH, {"cpu": "200m", "memory": "64Mi"})),
            "Burstable",
            id="a limit above its request",
        ),
        pytest.param(
            pod(container({"cpu": "100m"}, {"cpu": "100m"})),
            "Burstable",
            id="a limit on cpu alone",
        ),
        pytest.param(
            pod(container(BOTH, BOTH), inits=[container(name="i")]),
            "Burstable",
            id="an init container without limits",
        ),
        pytest.param(
            pod(container(), resources={"requests": BOTH, "limits": BOTH}),
            "Guaranteed",
            id="pod-level resources decide on their own",
        ),
        pytest.param(
            pod(container(BOTH, BOTH), resources={"requests": {"cpu": "1"}}),
            "Burstable",
            id="pod-level requests without limits",
        ),
    ],
)
def test_the_class_a_pods_resources_give(case, expected):
    assert qos.compute_pod_qos(case) == expected


def test_the_class_the_status_records_comes_first():
    recorded = pod(container(BOTH, BOTH)) | {"status": {"qosClass": "Burstable"}}
    assert qos.get_pod_qos(recorded) == "Burstable"
    assert qos.get_pod_qos(pod(container(BOTH, BOTH))) == "Guaranteed"
