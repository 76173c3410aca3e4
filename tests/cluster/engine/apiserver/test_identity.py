"""kube-apiserver's identity Lease in kube-system, renewed every 10 s, and the garbage
collector that deletes the identity Leases of servers gone for longer than their hour."""

import pickle
import re

from cluster.engine.apiserver.identity import apiserver_id
from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API

NAME = apiserver_id("control-plane")
IDENTITY = {"apiserver.kubernetes.io/identity": "kube-apiserver"}


def calls(cluster: Cluster, name: str, mark: int = 0) -> list[tuple[int, str]]:
    """(time, verb) of kube-apiserver's own requests about Lease `name` (a create names
    none)."""
    return [
        (h.time, h.verb)
        for h in cluster.trace.since(mark)
        if (h.source, h.destination) == ("kube-apiserver", "authentication")
        and h.object in (f"leases/kube-system/{name}", "leases/kube-system")
    ]


def stale(name: str, labels: dict[str, str]) -> dict:
    """An identity Lease of a server that stopped renewing it at the cluster's start."""
    return {
        "metadata": {"name": name, "labels": labels},
        "spec": {
            "holderIdentity": f"{name}_0",
            "leaseDurationSeconds": 3600,
            "renewTime": "2026-01-01T00:00:00.000000Z",
        },
    }


def test_the_id_is_apiserver_and_a_base32_hash_of_the_hostname():
    assert re.fullmatch(r"apiserver-[a-z2-7]{26}", NAME)
    assert apiserver_id("control-plane") == NAME != apiserver_id("control-plane-2")


def test_kube_apiserver_creates_its_lease_labelled_with_what_it_is_and_its_host():
    cluster = Cluster()
    lease = API(cluster).get("leases", NAME, namespace="kube-system")
    assert lease["metadata"]["labels"] == {**IDENTITY, "kubernetes.io/hostname": "control-plane"}
    holder = lease["spec"].pop("holderIdentity")
    assert re.fullmatch(NAME + r"_[0-9a-f-]{36}", holder)
    assert lease["spec"] == {
        "leaseDurationSeconds": 3600,
        "renewTime": "2026-01-01T00:00:00.000000Z",
    }
    # then the garbage collector's informer lists and watches the identity Leases
    assert calls(cluster, NAME) == [(0, "get"), (0, "create"), (0, "watch")]


def test_the_lease_is_renewed_every_ten_seconds_without_reading_it_first():
    cluster = Cluster()
    cluster.advance_to(30_000)
    assert calls(cluster, NAME)[3:] == [(10_000, "update"), (20_000, "update"), (30_000, "update")]
    lease = API(cluster).get("leases", NAME, namespace="kube-system")
    assert lease["spec"]["renewTime"] == "2026-01-01T00:00:30.000000Z"


def test_the_hourly_collection_deletes_an_expired_identity_lease_after_reading_it_again():
    cluster = Cluster()
    api = API(cluster)
    api.create("leases", stale("apiserver-gone", IDENTITY), namespace="kube-system")
    api.create("leases", stale("not-an-identity", {}), namespace="kube-system")
    watched = {f"kube-system/{name}" for name in (NAME, "apiserver-gone")}
    assert set(cluster.identity_lease_gc.leases.cache) == watched  # by their label
    cluster.advance_to(3_600_000)
    assert "apiserver-gone" in api.names("leases", namespace="kube-system")  # expires now
    cluster.advance_to(7_200_000)
    assert api.names("leases", namespace="kube-system") == [NAME, "not-an-identity"]
    assert calls(cluster, "apiserver-gone") == [(7_200_000, "get"), (7_200_000, "delete")]


def test_a_cluster_keeps_its_identity_through_a_snapshot():
    cluster = Cluster()
    restored = pickle.loads(pickle.dumps(cluster))
    restored.advance_to(10_000)
    lease = API(restored).get("leases", NAME, namespace="kube-system")
    assert lease["spec"]["renewTime"] == "2026-01-01T00:00:10.000000Z"
    assert lease["metadata"]["labels"]["kubernetes.io/hostname"] == "control-plane"


def test_a_deleted_identity_lease_is_created_again_at_the_next_renewal():
    cluster = Cluster()
    api = API(cluster)
    api.delete("leases", NAME, namespace="kube-system")
    mark = cluster.trace.last_seq
    cluster.advance_to(10_000)
    assert calls(cluster, NAME, mark) == [(10_000, "update"), (10_000, "get"), (10_000, "create")]
    lease = api.get("leases", NAME, namespace="kube-system")
    assert lease["spec"]["renewTime"] == "2026-01-01T00:00:10.000000Z"
