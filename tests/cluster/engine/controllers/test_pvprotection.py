"""The pv-protection controller: a volume being deleted stays while it is Bound."""

from tests.cluster.engine.controllers.helpers import settle
from tests.cluster.engine.controllers.test_persistentvolume import (
    claim,
    cluster_with,
    get_volume,
    volume,
)

FINALIZER = "kubernetes.io/pv-protection"


def test_a_bound_volume_being_deleted_stays_until_its_claim_goes():
    cluster, api = cluster_with(volume(), claim())
    api.delete("persistentvolumes", "task-pv-volume", "")
    settle(cluster)
    kept = get_volume(api)
    assert kept["metadata"]["deletionTimestamp"]
    assert kept["metadata"]["finalizers"] == [FINALIZER]
    assert kept["status"]["phase"] == "Bound"
    api.delete("persistentvolumeclaims", "task-pv-claim")
    settle(cluster)
    assert api.names("persistentvolumes", "") == []


def test_an_available_volume_is_deleted_at_once():
    cluster, api = cluster_with(volume())
    api.delete("persistentvolumes", "task-pv-volume", "")
    settle(cluster)
    assert api.names("persistentvolumes", "") == []


def test_a_volume_without_the_finalizer_is_given_it():
    cluster, api = cluster_with(volume())
    api.patch("persistentvolumes", "task-pv-volume", {"metadata": {"finalizers": None}}, "")
    settle(cluster)
    assert get_volume(api)["metadata"]["finalizers"] == [FINALIZER]
