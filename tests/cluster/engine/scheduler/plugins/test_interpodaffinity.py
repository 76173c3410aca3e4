import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.interpodaffinity import InterPodAffinity
from tests.cluster.engine.scheduler.helpers import FakeHandle, node, pod, pod_object, with_pods

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
WEB, DB = {"app": "web"}, {"app": "db"}
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"


def term(labels, key=HOSTNAME, **extra):
    return {"labelSelector": {"matchLabels": labels}, "topologyKey": key, **extra}


def affinity(kind, *terms):
    return {kind: {REQUIRED: list(terms)}}


def preferring(kind, *weighted):
    return {kind: {PREFERRED: [{"weight": w, "podAffinityTerm": t} for w, t in weighted]}}


def filter_all(p, nodes):
    plugin, state = InterPodAffinity(FakeHandle(nodes)), {}
    _, status = plugin.pre_filter(state, p, nodes)
    if status.code == framework.SKIP:
        return status
    return [(s.code, s.reasons) for s in (plugin.filter(state, p, n) for n in nodes)]


OK = (framework.SUCCESS, ())


def test_a_pod_without_terms_near_pods_without_anti_affinity_skips_the_filter():
    nodes = [with_pods(node("a"), pod("db", labels=DB))]
    assert filter_all(pod("p"), nodes) == framework.SKIPPED


def test_required_affinity_needs_a_matching_pod_in_the_domain():
    nodes = [with_pods(node("a"), pod("db", labels=DB)), node("b")]
    follower = pod("p", affinity=affinity("podAffinity", term(DB)))
    assert filter_all(follower, nodes) == [
        OK,
        (framework.UNRESOLVABLE, ("node(s) didn't match pod affinity rules",)),
    ]


def test_the_first_pod_of_a_group_with_affinity_to_itself_may_go_anywhere():
    first = pod("p", labels=WEB, affinity=affinity("podAffinity", term(WEB)))
    assert filter_all(first, [node("a"), node("b")]) == [OK, OK]


def test_a_node_without_the_topology_key_never_satisfies_affinity():
    first = pod("p", labels=WEB, affinity=affinity("podAffinity", term(WEB, key=ZONE)))
    assert filter_all(first, [node("a")])[0][0] == framework.UNRESOLVABLE


def test_required_anti_affinity_keeps_replicas_apart():
    nodes = [with_pods(node("a"), pod("web-1", labels=WEB)), node("b")]
    replica = pod("web-2", labels=WEB, affinity=affinity("podAntiAffinity", term(WEB)))
    assert filter_all(replica, nodes) == [
        (framework.UNSCHEDULABLE, ("node(s) didn't match pod anti-affinity rules",)),
        OK,
    ]


def test_anti_affinity_over_zones_rejects_every_node_of_the_zone():
    nodes = [
        with_pods(node("a", labels={ZONE: "z1"}), pod("web-1", labels=WEB)),
        node("b", labels={ZONE: "z1"}),
        node("c", labels={ZONE: "z2"}),
    ]
    replica = pod("web-2", labels=WEB, affinity=affinity("podAntiAffinity", term(WEB, key=ZONE)))
    assert [code for code, _ in filter_all(replica, nodes)] == [
        framework.UNSCHEDULABLE,
        framework.UNSCHEDULABLE,
        framework.SUCCESS,
    ]


def test_a_running_pods_anti_affinity_keeps_matching_pods_away():
    loner = pod("loner", affinity=affinity("podAntiAffinity", term(WEB)))
    nodes = [with_pods(node("a"), loner), node("b")]
    assert filter_all(pod("web", labels=WEB), nodes) == [
        (framework.UNSCHEDULABLE, ("node(s) didn't satisfy existing pods anti-affinity rules",)),
        OK,
    ]


def test_terms_look_only_in_their_namespaces():
    nodes = [with_pods(node("a"), pod("db", labels=DB, namespace="other")), node("b")]
    follower = pod("p", affinity=affinity("podAffinity", term(DB)))
    assert filter_all(follower, nodes)[0][0] == framework.UNRESOLVABLE
    everywhere = pod("q", affinity=affinity("podAffinity", term(DB, namespaceSelector={})))
    assert filter_all(everywhere, nodes)[0] == OK


def test_removing_a_pod_in_a_what_if_lifts_its_anti_affinity():
    victim = pod("web-1", labels=WEB)
    a = with_pods(node("a"), victim)
    replica = pod("web-2", labels=WEB, affinity=affinity("podAntiAffinity", term(WEB)))
    plugin, state = InterPodAffinity(FakeHandle([a])), {}
    plugin.pre_filter(state, replica, [a])
    what_if = {k: v.clone() for k, v in state.items()}
    plugin.remove_pod(what_if, replica, victim, a)
    assert plugin.filter(what_if, replica, a).ok
    assert not plugin.filter(state, replica, a).ok


def score_all(p, nodes):
    plugin, state = InterPodAffinity(FakeHandle(nodes)), {}
    status = plugin.pre_score(state, p, nodes)
    if status.code == framework.SKIP:
        return status
    scores = [plugin.score(state, p, n) for n in nodes]
    plugin.normalize_score(state, p, nodes, scores)
    return scores


def test_preferred_affinity_and_anti_affinity_score_the_domains_by_weight():
    nodes = [
        with_pods(node("a"), pod("db", labels=DB)),
        with_pods(node("b"), pod("web", labels=WEB)),
        node("c"),
    ]
    p = pod(
        "p",
        affinity={
            **preferring("podAffinity", (10, term(DB))),
            **preferring("podAntiAffinity", (5, term(WEB))),
        },
    )
    assert score_all(p, nodes) == [100, 0, 33]


def test_a_running_pods_required_affinity_draws_the_pods_it_matches():
    leader = pod("leader", affinity=affinity("podAffinity", term(WEB)))
    nodes = [node("a"), with_pods(node("b"), leader)]
    assert score_all(pod("web", labels=WEB), nodes) == [0, 100]


def test_no_affinity_anywhere_skips_scoring():
    assert score_all(pod("p"), [with_pods(node("a"), pod("x"))]) == framework.SKIPPED


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(None, pod_object("db", labels=DB, node_name="a"), True, id="a match binds"),
        pytest.param(None, pod_object("x", labels=WEB, node_name="a"), False, id="no match"),
        pytest.param(None, pod_object("db", labels=DB), False, id="an unbound pod"),
        pytest.param(
            pod_object("x", node_name="a"),
            pod_object("x", labels=DB, node_name="a"),
            True,
            id="relabelled to match",
        ),
        pytest.param(
            pod_object("web", labels=WEB, node_name="a"), None, True, id="an avoided pod goes"
        ),
    ],
)
def test_which_pod_events_may_help(old, new, queue):
    p = pod(
        "p",
        affinity={**affinity("podAffinity", term(DB)), **affinity("podAntiAffinity", term(WEB))},
    )
    assert InterPodAffinity().schedulable_after_pod_change(p, old, new) is queue
