from cluster.engine.scheduler.types import NOTHING_KEPT, NodeInfo
from tests.cluster.engine.scheduler.helpers import node, node_object, pod


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
