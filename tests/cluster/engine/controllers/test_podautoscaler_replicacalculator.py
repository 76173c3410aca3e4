"""The replica calculator, table-driven as replica_calculator_test.go: ready pods' usage over
their requests, missing and unready pods counted in the direction's favour, the tolerance."""

import pytest

from cluster.engine.clock import Clock
from cluster.engine.controllers.podautoscaler.metrics import PodMetric
from cluster.engine.controllers.podautoscaler.replicacalculator import utilization_replicas

NOW_MS = 600_000  # long after the pods started: past their CPU initialization period


def pod(name: str, request: str = "1", phase: str = "Running", ready: str = "True") -> dict:
    return {
        "metadata": {"name": name},
        "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": request}}}]},
        "status": {
            "phase": phase,
            "startTime": "1970-01-01T00:00:00Z",
            "conditions": [
                {"type": "Ready", "status": ready, "lastTransitionTime": "1970-01-01T00:00:10Z"}
            ],
        },
    }


@pytest.mark.parametrize(
    ("current", "usages", "pods", "expected"),
    [
        (3, [300, 500, 700], None, (5, 50)),  # 50% over a 30% target: up
        (3, [270, 330, 300], None, (3, 30)),  # within the tolerance: stays
        (5, [100, 100, 100, 100, 100], None, (2, 10)),  # down
        (3, [500, 500], None, (3, 50)),  # one missing on a scale-up counts 0: 33%, still up
        (3, [100, 100], None, (3, 10)),  # one missing on a scale-down counts 100%: 40%, stays
        (3, [900, 900, 0], [pod("p0"), pod("p1"), pod("p2", phase="Pending")], (6, 90)),
    ],
)
def test_utilization_replicas(current, usages, pods, expected):
    pods = pods or [pod(f"p{i}") for i in range(current)]
    found = {f"p{i}": PodMetric(usage, NOW_MS, 10_000) for i, usage in enumerate(usages)}
    clock = Clock()
    clock.advance_to(NOW_MS)
    replicas, utilization, _ = utilization_replicas(current, 30, "cpu", pods, found, clock)
    assert (replicas, utilization) == expected
