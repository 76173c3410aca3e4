"""What a change of a pod is to the scheduling queue (PodSchedulingPropertiesChange)."""

from cluster.engine.scheduler import clusterevents
from cluster.engine.scheduler.clusterevents import ClusterEvent
from tests.cluster.engine.scheduler.helpers import pod_object


def changes(new, old) -> list[tuple[str, int]]:
    return [(e.resource, e.action) for e in clusterevents.pod_changes(new, old)]


def at_generation(pod: dict, generation: int) -> dict:
    pod["metadata"]["generation"] = generation
    return pod


def test_a_request_that_goes_down_is_a_scale_down():
    old = at_generation(pod_object(cpu="2", memory="1Gi", node_name="n1"), 1)
    new = at_generation(pod_object(cpu="1", memory="1Gi", node_name="n1"), 2)
    assert changes(new, old) == [(clusterevents.ASSIGNED_POD, clusterevents.UPDATE_POD_SCALE_DOWN)]
    # one that goes up is none
    assert changes(old, new) == [(clusterevents.ASSIGNED_POD, clusterevents.UPDATE_POD_OTHER)]


def test_a_pod_never_resized_is_not_compared():
    old = pod_object(cpu="2", node_name="n1")
    new = pod_object(cpu="1", node_name="n1")
    assert ClusterEvent(clusterevents.ASSIGNED_POD, clusterevents.UPDATE_POD_SCALE_DOWN) not in (
        clusterevents.pod_changes(new, old)
    )
