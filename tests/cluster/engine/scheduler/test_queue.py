import pytest

from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.clusterevents import ClusterEvent
from cluster.engine.scheduler.plugins.schedulinggates import SchedulingGates
from cluster.engine.scheduler.queue import (
    ACTIVE,
    BACKOFF,
    ERROR_BACKOFF,
    UNSCHEDULABLE,
    Nominator,
    SchedulingQueue,
    backoff_duration,
)
from cluster.engine.scheduler.types import PodInfo
from tests.cluster.engine.scheduler.helpers import pod, pod_object


class Resources(framework.Plugin):
    """Rejects for room; a node being added may help, if it is big."""

    name = "Resources"

    def events_to_register(self):
        return ((clusterevents.NODE_ADD, "node_is_big"),)

    def node_is_big(self, pod, old, new):
        return new.get("big", False)


class Spread(framework.Plugin):
    name = "PodTopologySpread"

    def events_to_register(self):
        return ((ClusterEvent(clusterevents.POD, clusterevents.ADD), ""),)


def queue():
    plugins = [Resources(), Spread()]
    hints = [(event, p, hint) for p in plugins for event, hint in p.events_to_register()]
    return SchedulingQueue(hints, Nominator())


def where(q, key):
    return next(w for w, keys in q.pending().items() if key in keys)


def park(q, name, plugins, now=0):
    q.add(pod(name), now)
    queued = q.pop()
    q.add_unschedulable(queued, set(plugins), now)
    return queued


def test_active_q_pops_the_highest_priority_then_the_earliest():
    q = queue()
    q.add(pod("late-low"), 2)
    q.add(pod("high", priority=10), 3)
    q.add(pod("early-low"), 1)
    assert [q.pop().key for _ in range(3)] == [
        "default/high",
        "default/early-low",
        "default/late-low",
    ]
    assert q.pop() is None


@pytest.mark.parametrize(
    ("attempts", "ms"),
    [(0, 0), (1, 1000), (2, 2000), (3, 4000), (4, 8000), (5, 10000), (12, 10000)],
    ids=lambda v: str(v),
)
def test_the_backoff_doubles_from_one_second_up_to_ten(attempts, ms):
    assert backoff_duration(attempts) == ms


def test_a_rejected_pod_waits_until_an_event_its_plugin_registered_may_help():
    q = queue()
    park(q, "p", {"Resources"})
    assert where(q, "default/p") == UNSCHEDULABLE
    q.move_all(clusterevents.NODE_ADD, None, {"big": False}, 100)
    assert where(q, "default/p") == UNSCHEDULABLE  # the hint says this node won't do
    q.move_all(ClusterEvent(clusterevents.ASSIGNED_POD, clusterevents.DELETE), {}, None, 100)
    assert where(q, "default/p") == UNSCHEDULABLE  # nobody who rejected it cares
    q.move_all(clusterevents.NODE_ADD, None, {"big": True}, 100)
    assert where(q, "default/p") == BACKOFF  # still backing off: 1 s from time 0


def test_a_pod_moved_after_its_backoff_goes_straight_to_active_q():
    q = queue()
    park(q, "p", {"Resources"})
    q.move_all(clusterevents.NODE_ADD, None, {"big": True}, 2_000)
    assert where(q, "default/p") == ACTIVE


def test_an_empty_active_q_takes_its_next_pod_from_backoff_q():
    q = queue()
    park(q, "p", {"Resources"})
    q.move_all(clusterevents.NODE_ADD, None, {"big": True}, 100)
    queued = q.pop()
    assert (queued.key, queued.attempts) == ("default/p", 2)


def test_a_pod_that_failed_with_an_error_waits_out_its_backoff_in_its_own_queue():
    q = queue()
    park(q, "p", set(), now=300)
    assert where(q, "default/p") == ERROR_BACKOFF
    assert q.pop() is None
    # 300 ms + 1 s, in the 1 s window that starts at 1 s: done once that window is past
    assert q.next_backoff_flush() == 2_000
    q.flush_backoff_completed(1_999)
    assert where(q, "default/p") == ERROR_BACKOFF
    q.flush_backoff_completed(2_000)
    assert where(q, "default/p") == ACTIVE


def test_a_pod_parked_for_five_minutes_is_retried_anyway():
    q = queue()
    park(q, "p", {"Resources"})
    q.flush_unschedulable_leftover(300_000)
    assert where(q, "default/p") == UNSCHEDULABLE
    q.flush_unschedulable_leftover(300_001)
    assert where(q, "default/p") == ACTIVE


def test_a_bound_pod_only_moves_pods_that_spread_in_its_namespace():
    q = queue()
    park(q, "spread", {"PodTopologySpread"})
    park(q, "fit", {"Resources"})
    q.assigned_pod_changed(clusterevents.ASSIGNED_POD_ADD, pod("other", namespace="x"), None, 5_000)
    assert where(q, "default/spread") == UNSCHEDULABLE
    q.assigned_pod_changed(clusterevents.ASSIGNED_POD_ADD, pod("bound"), None, 5_000)
    assert (where(q, "default/spread"), where(q, "default/fit")) == (ACTIVE, UNSCHEDULABLE)


def test_a_deleted_pod_leaves_the_queue():
    q = queue()
    q.add(pod("p"), 0)
    q.delete("default/p")
    assert q.pop() is None
    assert q.pending() == {ACTIVE: [], BACKOFF: [], ERROR_BACKOFF: [], UNSCHEDULABLE: []}


def test_a_nominated_pod_is_known_on_its_node_until_it_goes():
    nominator = Nominator()
    p = pod("p")
    nominator.add(p, "n1")
    assert nominator.pods_for_node("n1") == [p]
    nominator.add(p, "")
    assert nominator.pods_for_node("n1") == []


@pytest.mark.parametrize(
    ("change", "action"),
    [
        pytest.param({"status": {"phase": "Pending"}}, clusterevents.UPDATE_POD_OTHER, id="status"),
        pytest.param(
            {"metadata": {"name": "web", "labels": {"a": "b"}}},
            clusterevents.UPDATE_POD_LABEL,
            id="labels",
        ),
        pytest.param(
            {"spec": {"tolerations": [{"operator": "Exists"}]}},
            clusterevents.UPDATE_POD_TOLERATION,
            id="tolerations",
        ),
    ],
)
def test_a_pod_update_is_the_event_of_what_changed(change, action):
    old = {"metadata": {"name": "web"}, "spec": {}}
    assert clusterevents.pod_changes({**old, **change}, old) == [
        ClusterEvent(clusterevents.UNSCHEDULED_POD, action)
    ]


@pytest.mark.parametrize(
    ("gates", "action"),
    [
        pytest.param([{"name": "g"}], clusterevents.UPDATE_POD_OTHER, id="one gate of two"),
        pytest.param([], clusterevents.UPDATE_POD_SCHEDULING_GATES_ELIMINATED, id="the last gate"),
    ],
)
def test_removing_the_last_scheduling_gate_is_an_event_of_its_own(gates, action):
    old = {"metadata": {"name": "web"}, "spec": {"schedulingGates": [{"name": "g"}, {"name": "h"}]}}
    new = {**old, "spec": {"schedulingGates": gates}}
    assert clusterevents.pod_changes(new, old) == [
        ClusterEvent(clusterevents.UNSCHEDULED_POD, action)
    ]


class Taints(framework.Plugin):
    name = "TaintToleration"

    def events_to_register(self):
        return ((clusterevents.POD_TOLERATION_CHANGE, ""),)


def test_a_pod_parked_by_taints_stays_parked_when_only_its_status_changes():
    """The scheduler's own status update is updatePodOther: no toleration was added."""
    plugin = Taints()
    q = SchedulingQueue([(e, plugin, h) for e, h in plugin.events_to_register()], Nominator())
    queued = park(q, "web", ["TaintToleration"])
    old, new = queued.info.pod, {**queued.info.pod, "status": {"phase": "Pending"}}
    q.update(pod("web"), clusterevents.pod_changes(new, old), old, 1_000)
    assert where(q, "default/web") == UNSCHEDULABLE
    tolerating = {**old, "spec": {**old["spec"], "tolerations": [{"operator": "Exists"}]}}
    q.update(pod("web"), clusterevents.pod_changes(tolerating, old), old, 2_000)
    assert where(q, "default/web") != UNSCHEDULABLE


def test_a_gated_pod_waits_unschedulable_without_a_try_until_its_last_gate_goes():
    plugin = SchedulingGates()
    hints = [(e, plugin, h) for e, h in plugin.events_to_register()]
    q = SchedulingQueue(hints, Nominator(), plugin.pre_enqueue)
    gated = pod_object("web")
    gated["spec"]["schedulingGates"] = [{"name": "g"}]
    q.add(PodInfo(gated), 0)
    assert where(q, "default/web") == UNSCHEDULABLE
    assert q.pop() is None
    q.move_all(clusterevents.NODE_ADD, None, {}, 100)  # no event but its own frees it
    q.flush_unschedulable_leftover(400_000)
    assert where(q, "default/web") == UNSCHEDULABLE
    released = pod_object("web")
    q.update(PodInfo(released), clusterevents.pod_changes(released, gated), gated, 500_000)
    assert where(q, "default/web") == ACTIVE
    assert q.pop().attempts == 1
