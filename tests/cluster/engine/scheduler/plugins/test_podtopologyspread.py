import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.podtopologyspread import PodTopologySpread
from cluster.engine.scheduler.types import PodInfo
from tests.cluster.engine.scheduler.helpers import (
    FakeHandle,
    node,
    pod,
    pod_object,
    with_pods,
)

ZONE = "topology.kubernetes.io/zone"
WEB = {"app": "web"}


def spread(key=ZONE, skew=1, when="DoNotSchedule", **extra):
    return {
        "maxSkew": skew,
        "topologyKey": key,
        "whenUnsatisfiable": when,
        "labelSelector": {"matchLabels": WEB},
        **extra,
    }


def web(name, **kwargs):
    return pod(name, labels=WEB, **kwargs)


def zoned(name, zone, *pods):
    return with_pods(node(name, labels={ZONE: zone}), *pods)


def filter_all(p, nodes):
    plugin, state = PodTopologySpread(FakeHandle(nodes)), {}
    _, status = plugin.pre_filter(state, p, nodes)
    assert status.ok
    return [plugin.filter(state, p, n) for n in nodes]


def test_a_zone_already_ahead_by_max_skew_takes_no_more_matching_pods():
    nodes = [zoned("a1", "a", web("w1")), zoned("b1", "b")]
    a, b = filter_all(web("new", spread=[spread()]), nodes)
    assert (a.code, a.reasons) == (
        framework.UNSCHEDULABLE,
        ("node(s) didn't match pod topology spread constraints",),
    )
    assert b.ok


def test_a_pod_the_selector_doesnt_match_doesnt_count_itself():
    nodes = [zoned("a1", "a", web("w1")), zoned("b1", "b")]
    assert all(s.ok for s in filter_all(pod("other", spread=[spread()]), nodes))


def test_a_node_without_the_topology_label_is_refused():
    nodes = [zoned("a1", "a"), node("bare")]
    _, bare = filter_all(web("new", spread=[spread()]), nodes)
    assert (bare.code, bare.reasons) == (
        framework.UNRESOLVABLE,
        ("node(s) didn't match pod topology spread constraints (missing required label)",),
    )


def test_fewer_domains_than_min_domains_make_the_global_minimum_zero():
    nodes = [zoned("a1", "a", web("w1"))]
    (a,) = filter_all(web("new", spread=[spread(minDomains=2)]), nodes)
    assert not a.ok


def test_pods_of_other_namespaces_and_terminating_pods_dont_count():
    terminating = pod_object("w2", labels=WEB)
    terminating["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    nodes = [zoned("a1", "a", web("w1", namespace="other"), PodInfo(terminating)), zoned("b1", "b")]
    assert all(s.ok for s in filter_all(web("new", spread=[spread()]), nodes))


def test_a_pod_without_constraints_or_owner_skips_the_plugin():
    plugin = PodTopologySpread(FakeHandle([]))
    assert plugin.pre_filter({}, pod(), [])[1].code == framework.SKIP
    assert plugin.pre_score({}, pod(), [node()]).code == framework.SKIP


def test_adding_a_pod_in_a_what_if_moves_the_counts():
    nodes = [zoned("a1", "a"), zoned("b1", "b")]
    plugin, state, p = PodTopologySpread(FakeHandle(nodes)), {}, web("new", spread=[spread()])
    plugin.pre_filter(state, p, nodes)
    plugin.add_pod(state, p, web("w1"), nodes[0])
    assert not plugin.filter(state, p, nodes[0]).ok
    plugin.remove_pod(state, p, web("w1"), nodes[0])
    assert plugin.filter(state, p, nodes[0]).ok


REPLICASET = {
    "metadata": {"name": "web-1", "namespace": "default"},
    "spec": {"selector": {"matchLabels": WEB}},
}
OWNED = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1"}


def scores_for(p, nodes, handle=None):
    plugin, state = PodTopologySpread(handle or FakeHandle(nodes)), {}
    assert plugin.pre_score(state, p, nodes).ok
    scores = plugin.score_nodes(state, p, nodes)
    plugin.normalize_score(state, p, nodes, scores)
    return scores


def test_the_default_constraints_spread_a_replica_set_over_hostnames():
    nodes = [
        node("empty"),
        with_pods(node("one"), web("w1")),
        with_pods(node("two"), web("w2"), web("w3")),
    ]
    handle = FakeHandle(nodes, {"replicasets": [REPLICASET]})
    # log(3 + 2) per matching pod, plus maxSkew - 1 = 2: 2, 4 and 5; the fewest scores 100
    assert scores_for(web("new", owner=OWNED), nodes, handle) == [100, 60, 40]


def test_a_pod_of_no_service_or_controller_gets_no_default_spreading():
    plugin = PodTopologySpread(FakeHandle([node()]))
    assert plugin.pre_score({}, web("new"), [node()]).code == framework.SKIP


def test_nodes_missing_a_key_of_the_pods_own_soft_constraint_score_zero():
    nodes = [zoned("a1", "a", web("w1")), zoned("b1", "b"), node("bare")]
    p = web("new", spread=[spread(when="ScheduleAnyway")])
    assert scores_for(p, nodes) == [0, 100, 0]


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(
            None, pod_object("w", labels=WEB, node_name="a1"), True, id="a matching pod is bound"
        ),
        pytest.param(
            pod_object("w", labels=WEB, node_name="a1"), None, True, id="a matching pod goes"
        ),
        pytest.param(
            None, pod_object("x", node_name="a1"), False, id="a pod the selector ignores is bound"
        ),
        pytest.param(
            pod_object("w", node_name="a1"),
            pod_object("w", labels=WEB, node_name="a1"),
            True,
            id="a bound pod's labels start to match",
        ),
        pytest.param(
            None,
            pod_object("w", labels=WEB, node_name="a1", namespace="other"),
            False,
            id="a pod of another namespace",
        ),
    ],
)
def test_pod_changes_worth_a_retry(old, new, queue):
    plugin = PodTopologySpread(FakeHandle([]))
    assert plugin.schedulable_after_pod_change(web("new", spread=[spread()]), old, new) is queue
