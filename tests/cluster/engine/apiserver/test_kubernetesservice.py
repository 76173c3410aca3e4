"""The Service `kubernetes`, its Endpoints and its EndpointSlice: kube-apiserver makes them at
start and again within 10 s of their deletion."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, settle


def test_a_deleted_kubernetes_service_comes_back_with_its_endpoints():
    cluster = Cluster()
    api = API(cluster)
    before = api.get("services", "kubernetes")["spec"]["clusterIP"]
    api.delete("services", "kubernetes")
    settle(cluster)
    assert "kubernetes" not in api.names("services")
    cluster.advance_to(10_000)
    assert api.get("services", "kubernetes")["spec"]["clusterIP"] == before
    assert api.get("endpoints", "kubernetes")["subsets"][0]["addresses"] == [{"ip": "172.18.0.2"}]
    assert api.names("endpointslices") == ["kubernetes"]


def test_nothing_is_sent_while_all_three_exist():
    cluster = Cluster()
    mark = cluster.trace.last_seq
    cluster.advance_to(60_000)
    assert [h for h in cluster.trace.since(mark) if h.object.endswith("kubernetes")] == []


def test_its_timer_is_kube_apiservers():
    cluster = Cluster()
    described = [t.describe() for t in cluster.clock.pending()]
    assert "kube-apiserver: update kubernetes service" in described
