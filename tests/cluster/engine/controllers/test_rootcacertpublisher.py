"""The root CA certificate publisher: kube-root-ca.crt, with the cluster's CA, in every
namespace."""

from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.engine.controllers.helpers import API, settle, stored

CA = "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwprdWJlcm5ldGVz\n-----END CERTIFICATE-----\n"
NAME = "kube-root-ca.crt"
DESCRIPTION = (
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters."
)
KCM = "kube-controller-manager"
TEN_MINUTES = 600_000


def cluster_with_ca() -> tuple[Cluster, API]:
    cluster = Cluster(ClusterSpec(root_ca=CA))
    return cluster, API(cluster)


def test_every_namespace_has_it_with_the_ca_and_its_description_and_nothing_else():
    _, api = cluster_with_ca()
    for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
        cm = api.get("configmaps", NAME, ns)
        meta = cm["metadata"]
        assert cm == {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": NAME,
                "namespace": ns,
                "annotations": {"kubernetes.io/description": DESCRIPTION},
                "uid": meta["uid"],
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "resourceVersion": meta["resourceVersion"],
            },
            "data": {"ca.crt": CA},
        }


def test_a_new_namespace_gets_one():
    cluster, api = cluster_with_ca()
    api.create("namespaces", {"metadata": {"name": "shop"}}, namespace="")
    settle(cluster)
    cm = api.get("configmaps", NAME, "shop")
    assert (cm["metadata"]["namespace"], cm["data"]) == ("shop", {"ca.crt": CA})


def test_a_deleted_one_comes_back():
    cluster, api = cluster_with_ca()
    uid = api.get("configmaps", NAME)["metadata"]["uid"]
    api.delete("configmaps", NAME)
    settle(cluster)
    cm = api.get("configmaps", NAME)
    assert cm["metadata"]["uid"] != uid
    assert cm["data"] == {"ca.crt": CA}


def test_edited_data_is_replaced_by_the_ca_alone():
    cluster, api = cluster_with_ca()
    api.patch("configmaps", NAME, {"data": {"ca.crt": "forged", "extra": "1"}})
    settle(cluster)
    assert api.get("configmaps", NAME)["data"] == {"ca.crt": CA}


def test_a_removed_description_is_put_back():
    cluster, api = cluster_with_ca()
    api.patch(
        "configmaps", NAME, {"metadata": {"annotations": {"kubernetes.io/description": None}}}
    )
    settle(cluster)
    annotations = api.get("configmaps", NAME)["metadata"]["annotations"]
    assert annotations == {"kubernetes.io/description": DESCRIPTION}


def test_what_a_user_adds_is_kept_while_the_rest_is_put_right():
    cluster, api = cluster_with_ca()
    change = {
        "metadata": {
            "labels": {"team": "a"},
            "annotations": {"note": "mine", "kubernetes.io/description": ""},
        },
        "data": {"ca.crt": "forged"},
    }
    api.patch("configmaps", NAME, change)
    settle(cluster)
    meta = api.get("configmaps", NAME)["metadata"]
    assert meta["labels"] == {"team": "a"}
    assert meta["annotations"] == {"note": "mine", "kubernetes.io/description": DESCRIPTION}


def test_one_that_is_right_is_left_alone():
    cluster, api = cluster_with_ca()
    mark = cluster.trace.last_seq
    api.patch("configmaps", NAME, {"metadata": {"labels": {"team": "a"}}})
    api.patch("namespaces", "default", {"metadata": {"labels": {"team": "a"}}}, namespace="")
    settle(cluster)
    calls = [h.verb for h in cluster.trace.since(mark) if h.source == KCM]
    assert calls == []


def test_other_config_maps_are_not_touched():
    cluster, api = cluster_with_ca()
    api.create("configmaps", {"metadata": {"name": "settings"}})
    api.delete("configmaps", "settings")
    settle(cluster)
    assert api.names("configmaps") == [NAME]


def test_a_namespace_being_deleted_is_tried_once_not_forever():
    cluster, api = cluster_with_ca()
    api.create("namespaces", {"metadata": {"name": "shop"}}, namespace="")
    settle(cluster)
    mark = cluster.trace.last_seq
    api.delete("namespaces", "shop", namespace="")
    cluster.advance_to(cluster.clock.now + TEN_MINUTES)
    assert [n["metadata"]["name"] for n in stored(cluster, "namespaces", "")] == [
        "default",
        "kube-node-lease",
        "kube-public",
        "kube-system",
        "local-path-storage",
    ]
    # its content went, kube-root-ca.crt with it; the one try to publish it again was refused
    creates = [
        h.object
        for h in cluster.trace.since(mark)
        if (h.source, h.verb) == (KCM, "create") and h.object.startswith("configmaps/shop")
    ]
    assert creates == ["configmaps/shop"]
    assert stored(cluster, "configmaps", "shop") == []
