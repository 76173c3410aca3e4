from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.schedulinggates import SchedulingGates
from cluster.engine.scheduler.types import PodInfo
from tests.cluster.engine.scheduler.helpers import pod, pod_object


def gated(*names):
    body = pod_object("p")
    body["spec"]["schedulingGates"] = [{"name": name} for name in names]
    return PodInfo(body)


def test_a_pod_without_gates_may_join_active_q():
    assert SchedulingGates().pre_enqueue(pod()) == framework.OK


def test_a_gated_pod_waits_and_names_its_gates():
    status = SchedulingGates().pre_enqueue(gated("example.com/foo", "example.com/bar"))
    assert status == framework.Status(
        framework.UNRESOLVABLE,
        ("waiting for scheduling gates: [example.com/foo example.com/bar]",),
        "SchedulingGates",
    )


def test_only_the_pod_whose_gates_went_is_queued():
    plugin, waiting = SchedulingGates(), gated("g")
    other = pod_object("other")
    assert plugin.schedulable_after_gates_eliminated(waiting, waiting.pod, pod_object("p"))
    assert not plugin.schedulable_after_gates_eliminated(waiting, other, other)
