"""kube-apiserver's system namespaces controller: a deleted kube-node-lease, kube-public or
kube-system comes back within a minute, and the nodes' leases with it."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, settle


def namespaces(api: API) -> list[str]:
    return api.names("namespaces", namespace="")


def test_a_deleted_system_namespace_is_created_again_on_the_next_round():
    cluster = Cluster()
    api = API(cluster)
    api.delete("namespaces", "kube-node-lease", namespace="")
    settle(cluster)
    assert "kube-node-lease" not in namespaces(api)
    cluster.advance_to(60_000)
    assert "kube-node-lease" in namespaces(api)
    created = api.get("namespaces", "kube-node-lease", namespace="")
    assert created["metadata"]["creationTimestamp"] == "2026-01-01T00:01:00Z"
    cluster.advance_to(80_000)
    leases = api.names("leases", namespace="kube-node-lease")
    assert leases == ["control-plane", "node-1", "node-2"]


def test_nothing_is_sent_while_the_system_namespaces_exist():
    cluster = Cluster()
    mark = cluster.trace.last_seq
    cluster.advance_to(120_000)
    sent = [h for h in cluster.trace.since(mark) if h.object.startswith("namespaces")]
    assert sent == []
