from cluster.engine.scheduler.types import NOTHING_KEPT, NodeInfo, PodInfo
from tests.cluster.engine.scheduler.helpers import node, node_object, pod, pod_object


def kept(info: NodeInfo) -> NodeInfo:
    info.kept = ("Plugin/key", 7)
    return info


def test_the_scores_kept_on_a_node_go_whenever_the_node_or_its_pods_change():
    info = kept(node("n1"))
    info.set_node(node_object("n1", cpu="4"))
    assert info.kept == NOTHING_KEPT
    kept(info).add_pod(pod("a", node_name="n1"))
    assert info.kept == NOTHING_KEPT
    kept(info).remove_pod("default/a")
    assert info.kept == NOTHING_KEPT
    kept(info).unset_node()
    assert (info.kept, info.node) == (NOTHING_KEPT, None)


def test_a_clone_keeps_no_scores_and_changing_it_leaves_the_original_s_alone():
    info = kept(node("n1"))
    copy = info.clone()
    copy.add_pod(pod("a", node_name="n1"))
    assert (copy.kept, info.kept) == (NOTHING_KEPT, ("Plugin/key", 7))


def test_a_pod_bound_since_keeps_what_was_computed_from_its_spec_and_a_new_spec_does_not():
    pending = pod("p", cpu="500m")
    bound = PodInfo(pod_object("p", cpu="500m", node_name="n1"), previous=pending)
    resized = PodInfo(pod_object("p", cpu="1", node_name="n1"), previous=bound)
    assert bound.requests is pending.requests
    assert (bound.node_name, resized.requests.milli_cpu) == ("n1", 1000)


def test_a_pod_bound_since_holds_its_own_tolerations_not_an_older_versions():
    tolerations = [{"key": "k", "operator": "Exists"}]
    pending = pod("p", tolerations=[dict(t) for t in tolerations])
    bound_object = pod_object("p", tolerations=tolerations, node_name="n1")
    bound = PodInfo(bound_object, previous=pending)
    assert bound.tolerations is bound_object["spec"]["tolerations"]


def test_pods_with_the_same_labels_share_one_label_key():
    first, second = (pod(name, labels={"app": "web", "tier": "x"}) for name in ("a", "b"))
    assert first.label_key is second.label_key == (("app", "web"), ("tier", "x"))
