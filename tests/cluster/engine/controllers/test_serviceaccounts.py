"""The service account controller: a default ServiceAccount in every active namespace."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, settle


def test_every_namespace_has_a_default_service_account_and_no_token_secret():
    cluster = Cluster()
    api = API(cluster)
    for ns in ("default", "kube-node-lease", "kube-public"):
        assert api.names("serviceaccounts", ns) == ["default"]
    # beside those of kubeadm's add-ons
    assert api.names("serviceaccounts", "kube-system") == [
        "coredns",
        "default",
        "kindnet",
        "kube-proxy",
    ]
    assert api.names("secrets", "default") == []


def test_a_new_namespace_gets_one():
    cluster = Cluster()
    api = API(cluster)
    api.create("namespaces", {"metadata": {"name": "shop"}}, namespace="")
    settle(cluster)
    sa = api.get("serviceaccounts", "default", "shop")
    assert (sa["metadata"]["name"], sa["metadata"]["namespace"]) == ("default", "shop")


def test_a_deleted_default_service_account_comes_back():
    cluster = Cluster()
    api = API(cluster)
    uid = api.get("serviceaccounts", "default")["metadata"]["uid"]
    api.delete("serviceaccounts", "default")
    settle(cluster)
    assert api.get("serviceaccounts", "default")["metadata"]["uid"] != uid


def test_other_service_accounts_are_not_touched():
    cluster = Cluster()
    api = API(cluster)
    api.create("serviceaccounts", {"metadata": {"name": "builder"}})
    api.delete("serviceaccounts", "builder")
    settle(cluster)
    assert api.names("serviceaccounts") == ["default"]
