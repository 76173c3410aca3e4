from cluster.engine.scheduler.types import NOTHING_KEPT, NodeInfo, PodInfo, pod_requests
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


def _resized(spec_cpu: str, applied_cpu: str, allocated_cpu: str, generation: int = 2) -> dict:
    """A pod whose container was resized: its spec, what was applied and what allocated."""
    return {
        "metadata": {"name": "r", "namespace": "default", "generation": generation},
        "spec": {
            "containers": [{"name": "c", "resources": {"requests": {"cpu": spec_cpu}}}],
        },
        "status": {
            "containerStatuses": [
                {
                    "name": "c",
                    "resources": {"requests": {"cpu": applied_cpu}},
                    "allocatedResources": {"cpu": allocated_cpu},
                }
            ]
        },
    }


def test_a_resized_pod_counts_the_most_of_its_spec_what_was_allocated_and_what_applied():
    """determineEffectiveRequests: a resize down counts the old requests until applied; a
    resize up, the new ones from the start."""
    assert pod_requests(_resized("100m", "500m", "100m")) == {"cpu": 500}
    assert pod_requests(_resized("900m", "500m", "500m")) == {"cpu": 900}
    assert pod_requests(_resized("100m", "100m", "300m")) == {"cpu": 300}
    # a pod never resized (generation 1) is its spec
    assert pod_requests(_resized("100m", "500m", "500m", generation=1)) == {"cpu": 100}


def test_a_status_update_that_applies_a_resize_changes_the_requests_counted():
    before = PodInfo(_resized("100m", "500m", "100m"))
    after = PodInfo(_resized("100m", "100m", "100m"), previous=before)
    assert (before.requests.milli_cpu, after.requests.milli_cpu) == (500, 100)
