"""Pod-level resources: their defaults, their validation, and what the pod asks of a node."""

import pytest

from cluster.engine.api import defaults, podresources, validation
from cluster.engine.scheduler.types import pod_requests


def pod(resources, *containers):
    found = {
        "metadata": {"name": "p", "namespace": "d"},
        "spec": {
            "containers": [
                {"name": f"c{i}", "image": "nginx", "resources": r}
                for i, r in enumerate(containers or ({},))
            ],
            "resources": resources,
        },
    }
    defaults.apply("Pod", found)
    return found


def test_the_containers_requests_add_up_and_the_largest_init_container_is_a_floor():
    spec = {
        "containers": [
            {"resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}},
            {"resources": {"requests": {"cpu": "200m", "memory": "128Mi"}}},
        ],
        "initContainers": [{"resources": {"requests": {"cpu": "1"}}}],
    }
    assert podresources.aggregate_container_requests(spec) == {"cpu": "1", "memory": "192Mi"}


@pytest.mark.parametrize(
    ("resources", "container", "requests"),
    [
        # a limit and no request: the containers' requests, else the limit
        ({"limits": {"cpu": "1", "memory": "1Gi"}}, {"requests": {"cpu": "100m"}},
         {"cpu": "100m", "memory": "1Gi"}),
        # a request given stays
        ({"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}, {"requests": {"cpu": "100m"}},
         {"cpu": "500m"}),
        # no pod-level limits: nothing to default
        ({"requests": {"cpu": "500m"}}, {"requests": {"memory": "64Mi"}}, {"cpu": "500m"}),
    ],
)  # fmt: skip
def test_pod_level_requests_default_as_default_pod_requests_does(resources, container, requests):
    assert pod(resources, container)["spec"]["resources"].get("requests") == requests


def problems(found):
    return [str(e) for e in validation.validate("Pod", found, True)]


def test_pod_level_resources_are_checked_for_what_they_may_hold_and_their_containers():
    found = pod(
        {"requests": {"cpu": "200m"}, "limits": {"memory": "1Gi", "ephemeral-storage": "1Gi"}},
        {"requests": {"cpu": "300m"}, "limits": {"memory": "2Gi"}},
    )
    assert problems(found) == [
        'spec.resources.limits[ephemeral-storage]: Unsupported value: "ephemeral-storage": '
        'supported values: "cpu", "hugepages-", "memory"',
        # the memory request defaulted from the containers' (2Gi) is more than the limit
        'spec.resources.requests: Invalid value: "2Gi": must be less than or equal to memory '
        "limit of 1Gi",
        'spec.resources.requests[cpu]: Invalid value: "200m": must be greater than or equal '
        "to aggregate container requests of 300m",
        'spec.resources.containers[0][memory].limits: Invalid value: "2Gi": must be less than '
        "or equal to pod limits of 1Gi",
    ]


def test_a_windows_pod_has_no_pod_level_resources():
    found = pod({"requests": {"cpu": "1"}})
    found["spec"]["os"] = {"name": "windows"}
    assert "spec.resources: Forbidden: may not be set for a windows pod" in problems(found)


def test_a_pod_asks_a_node_for_its_pod_level_requests_where_it_has_them():
    found = pod({"requests": {"cpu": "1"}}, {"requests": {"cpu": "100m", "memory": "64Mi"}})
    assert pod_requests(found) == {"cpu": 1000, "memory": 64 * 1024 * 1024}
