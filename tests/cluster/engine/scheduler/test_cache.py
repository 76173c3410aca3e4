from cluster.engine.api import labels
from cluster.engine.scheduler.cache import Cache
from tests.cluster.engine.scheduler.helpers import node_object, pod

ZONE = "topology.kubernetes.io/zone"


def names(cache):
    return [n.name for n in cache.node_list()]


def test_nodes_are_listed_one_zone_after_another_in_the_order_zones_appeared():
    cache = Cache()
    for name, zone in (("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("plain", "")):
        cache.add_node(node_object(name, labels={ZONE: zone} if zone else {}))
    assert names(cache) == ["a1", "b1", "plain", "a2", "a3"]


def test_a_node_that_changes_zone_moves_to_the_end_of_its_new_zone():
    cache = Cache()
    for name in ("a1", "a2"):
        cache.add_node(node_object(name, labels={ZONE: "a"}))
    cache.add_node(node_object("b1", labels={ZONE: "b"}))
    cache.add_node(node_object("a1", labels={ZONE: "b"}))
    assert names(cache) == ["a2", "b1", "a1"]


def test_a_bound_pod_counts_on_its_node_even_before_the_node_is_known():
    cache = Cache()
    cache.add_pod(pod("p", cpu="1", node_name="late"))
    assert names(cache) == []
    cache.add_node(node_object("late"))
    assert cache.nodes["late"].requested.milli_cpu == 1000
    assert names(cache) == ["late"]


def test_an_assumed_pod_holds_its_room_until_confirmed_or_forgotten():
    cache = Cache()
    cache.add_node(node_object("n1"))
    p = pod("p", cpu="500m")
    cache.assume_pod(p.bound_to("n1"), "n1")
    assert cache.is_assumed("default/p")
    assert cache.nodes["n1"].requested.milli_cpu == 500
    cache.forget_pod("default/p")
    assert cache.nodes["n1"].requested.milli_cpu == 0
    cache.assume_pod(p.bound_to("n1"), "n1")
    cache.add_pod(p.bound_to("n1"))  # the binding is confirmed
    assert not cache.is_assumed("default/p")
    assert cache.nodes["n1"].requested.milli_cpu == 500


def test_image_spread_counts_the_nodes_that_report_an_image():
    cache = Cache()
    nginx = {"names": ["nginx:1.27"], "sizeBytes": 72_000_000}  # counted by node, not byte
    cache.add_node(node_object("n1", images=[nginx]))
    cache.add_node(node_object("n2", images=[nginx]))
    assert cache.image_num_nodes("nginx:1.27") == 2
    cache.remove_node("n2")
    cache.add_node(node_object("n1", images=[]))
    assert cache.image_num_nodes("nginx:1.27") == 0


def test_the_label_sets_index_follows_the_pods_on_the_nodes_and_finds_a_selectors_candidates():
    cache = Cache()
    cache.add_node(node_object("n1"))
    web, api = {"app": "web", "tier": "front"}, {"app": "api"}
    cache.add_pod(pod("w1", labels=web, node_name="n1"))
    cache.add_pod(pod("w2", labels=web, node_name="n1"))
    cache.assume_pod(pod("a1", labels=api), "n1")
    web_set, api_set = ("default", tuple(sorted(web.items()))), ("default", (("app", "api"),))
    index = cache.label_sets
    assert index.candidates("default", labels.parse("app=web")) == {web_set}
    assert index.candidates("default", labels.parse("app in (web,api)")) == {web_set, api_set}
    assert index.candidates("default", labels.parse("tier!=back")) == {web_set, api_set}
    assert index.candidates("other", labels.parse("app=web")) == set()
    cache.remove_pod("default/w1")
    assert index.candidates("default", labels.parse("app=web")) == {web_set}
    cache.remove_pod("default/w2")
    cache.forget_pod("default/a1")
    assert index.candidates("default", labels.parse("app")) == set()


def test_the_label_sets_index_knows_which_nodes_hold_each_label_set_and_how_many():
    cache = Cache()
    web = {"app": "web"}
    web_set = ("default", (("app", "web"),))
    cache.add_pod(pod("w1", labels=web, node_name="n1"))
    cache.add_pod(pod("w2", labels=web, node_name="n1"))
    cache.assume_pod(pod("w3", labels=web), "n2")
    assert cache.label_sets.nodes_with(web_set) == {"n1": 2, "n2": 1}
    cache.forget_pod("default/w3")
    cache.remove_pod("default/w1")
    assert cache.label_sets.nodes_with(web_set) == {"n1": 1}
    cache.remove_pod("default/w2")
    assert cache.label_sets.nodes_with(web_set) == {}


def test_the_cache_counts_the_listed_nodes_with_each_label_key():
    cache = Cache()
    cache.add_node(node_object("a", labels={ZONE: "a"}))
    cache.add_node(node_object("b", labels={ZONE: "b"}))
    assert (cache.nodes_labelled(ZONE), cache.nodes_labelled("kubernetes.io/hostname")) == (2, 2)
    cache.add_node(node_object("b"))  # the zone label removed
    cache.add_pod(pod("p", node_name="a"))
    cache.remove_node("a")  # its NodeInfo stays for its pod, but the node isn't listed
    assert (cache.nodes_labelled(ZONE), cache.nodes_labelled("kubernetes.io/hostname")) == (0, 1)


def test_the_cache_knows_the_nodes_with_pods_that_have_pod_affinity():
    cache = Cache()
    for name in ("a", "b", "c"):
        cache.add_node(node_object(name))
    term = {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "x"}
    required = {"requiredDuringSchedulingIgnoredDuringExecution": [term]}
    cache.add_pod(pod("follower", node_name="a", affinity={"podAffinity": required}))
    cache.add_pod(pod("loner", node_name="b", affinity={"podAntiAffinity": required}))
    cache.add_pod(pod("plain", node_name="c"))
    assert [n.name for n in cache.have_pods_with_affinity()] == ["a", "b"]
    assert [n.name for n in cache.have_pods_with_affinity(required_anti=True)] == ["b"]
    cache.remove_pod("default/loner")
    assert [n.name for n in cache.have_pods_with_affinity()] == ["a"]
    assert cache.have_pods_with_affinity(required_anti=True) == []
