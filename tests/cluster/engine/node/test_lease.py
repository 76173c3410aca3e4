"""The node's heartbeat: its Lease in kube-node-lease, renewed every ten seconds."""

from cluster.engine import faults
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec

from .helpers import NODE


def lease(cluster) -> dict:
    response = cluster.handle(
        Request("get", "leases", "kube-node-lease", NODE, credential=cluster.admin)
    )
    return response.body


def lease_calls(cluster, mark: int = 0) -> list[tuple[int, str]]:
    return [
        (h.time, h.verb)
        for h in cluster.trace.since(mark)
        if h.source == f"kubelet/{NODE}" and h.object.startswith("leases/")
    ]


def test_a_kubelet_creates_its_lease_owned_by_its_node():
    cluster = Cluster(ClusterSpec(seed=1))
    node = cluster.handle(Request("get", "nodes", "", NODE, credential=cluster.admin)).body
    found = lease(cluster)
    assert found["spec"] == {
        "holderIdentity": NODE,
        "leaseDurationSeconds": 40,
        "renewTime": "2026-01-01T00:00:00.000000Z",
    }
    assert found["metadata"]["ownerReferences"] == [
        {"apiVersion": "v1", "kind": "Node", "name": NODE, "uid": node["metadata"]["uid"]}
    ]
    assert lease_calls(cluster) == [(0, "get"), (0, "create")]


def test_the_lease_is_renewed_every_ten_seconds_without_reading_it_first():
    cluster = Cluster(ClusterSpec(seed=1))
    cluster.advance_to(30_000)
    assert lease_calls(cluster)[2:] == [(10_000, "update"), (20_000, "update"), (30_000, "update")]
    assert lease(cluster)["spec"]["renewTime"] == "2026-01-01T00:00:30.000000Z"


def test_a_node_cut_off_stops_renewing_and_renews_again_once_back():
    cluster = Cluster(ClusterSpec(seed=1))
    faults.node_down(cluster, NODE)
    cluster.advance_to(60_000)
    assert lease(cluster)["spec"]["renewTime"] == "2026-01-01T00:00:00.000000Z"
    faults.node_up(cluster, NODE)
    mark = cluster.trace.last_seq
    cluster.advance_to(70_000)
    assert lease_calls(cluster, mark) == [(70_000, "get"), (70_000, "update")]
    assert lease(cluster)["spec"]["renewTime"] == "2026-01-01T00:01:10.000000Z"
