"""kube-controller-manager as a whole: one watch per resource for all its controllers,
determinism, and snapshots that carry its controllers' state."""

import pickle

from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.engine.controllers.helpers import API, deployment, settle

KCM = "kube-controller-manager"


def test_each_change_reaches_the_controller_manager_once_whatever_the_controllers_watching():
    cluster = Cluster()
    api = API(cluster)
    mark = cluster.trace.last_seq
    api.create("configmaps", {"metadata": {"name": "settings"}})
    settle(cluster)
    assert [
        (h.source, h.destination, h.verb, h.object)
        for h in cluster.trace.since(mark)
        if h.destination == KCM
    ] == [("kube-apiserver", KCM, "watch", "configmaps/default/settings")]


def test_the_manager_watches_each_resource_once_at_start_from_the_objects_there_are():
    # client-go's informers ask for a watch that starts with the current objects (WatchList,
    # on by default since 1.35), instead of a list and then a watch
    cluster = Cluster()
    started = [
        (h.verb, h.object)
        for h in cluster.trace.since(0)
        if h.source == KCM and h.verb in ("list", "watch")
    ]
    assert len(started) == len(set(started))
    assert ("watch", "pods") in started
    assert not [verb for verb, _ in started if verb == "list"]
    streamed = [
        h.summary
        for h in cluster.trace.since(0)
        if (h.source, h.destination, h.object) == ("kube-apiserver", KCM, "namespaces")
    ]
    assert streamed == [
        "initial events: 5 ADDED, then a BOOKMARK (k8s.io/initial-events-end) at revision 62"
    ]


def rolling_out(seed: int) -> Cluster:
    cluster = Cluster(ClusterSpec(seed=seed))
    api = API(cluster)
    api.create("deployments", deployment(replicas=3))
    settle(cluster)
    container = {"name": "nginx", "image": "nginx:1.28"}
    api.patch("deployments", "web", {"spec": {"template": {"spec": {"containers": [container]}}}})
    for _ in range(40):
        cluster.step()
    return cluster


def finish(cluster: Cluster) -> list:
    settle(cluster)
    return API(cluster).items("replicasets")


def test_the_same_seed_and_inputs_give_the_same_rollout():
    first, second = rolling_out(7), rolling_out(7)
    assert finish(first) == finish(second)
    assert first.trace.since(0) == second.trace.since(0)


def test_a_snapshot_taken_mid_rollout_finishes_it_the_same_way():
    original = rolling_out(8)
    copy = pickle.loads(pickle.dumps(original))
    assert finish(copy) == finish(original)
    assert copy.trace.since(0) == original.trace.since(0)
