"""The TTL-after-finished controller: a finished Job, and its pods, are deleted once
ttlSecondsAfterFinished has passed, on the virtual clock."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, job, run_for, settle, stored


def finished(body) -> tuple[Cluster, API, int]:
    """A cluster where the Job has finished; and when it did (virtual ms)."""
    cluster = Cluster()
    api = API(cluster)
    api.create("jobs", body)
    settle(cluster)
    conditions = api.get("jobs", body["metadata"]["name"])["status"]["conditions"]
    assert conditions[-1]["type"] in ("Complete", "Failed")
    return cluster, api, cluster.clock.now


def test_a_finished_job_is_deleted_with_its_pods_once_its_ttl_has_passed():
    cluster, api, _ = finished(job(ttlSecondsAfterFinished=60))
    assert len(api.items("pods")) == 1
    run_for(cluster, 50_000)
    assert api.names("jobs") == ["pi"]
    run_for(cluster, 15_000)
    assert stored(cluster, "jobs") == []
    assert stored(cluster, "pods") == []


def test_a_failed_job_expires_too_and_a_ttl_of_zero_deletes_it_as_it_finishes():
    cluster = Cluster()
    api = API(cluster)
    api.create("jobs", job(script="exit 1", backoffLimit=0, ttlSecondsAfterFinished=0))
    while not stored(cluster, "jobs")[0].get("status", {}).get("conditions"):
        cluster.step()
    settle(cluster)
    assert stored(cluster, "jobs") == []
    assert stored(cluster, "pods") == []


def test_a_job_without_a_ttl_or_not_finished_stays():
    cluster, api, _ = finished(job())
    api.create("jobs", job("long", script="sleep 3600", ttlSecondsAfterFinished=1))
    run_for(cluster, 600_000)
    assert api.names("jobs") == ["long", "pi"]


def test_a_ttl_set_after_the_job_finished_counts_from_when_it_finished():
    cluster, api, _ = finished(job())
    run_for(cluster, 100_000)
    api.patch("jobs", "pi", {"spec": {"ttlSecondsAfterFinished": 30}})
    settle(cluster)
    assert stored(cluster, "jobs") == []


def test_a_longer_ttl_set_meanwhile_is_read_before_deleting():
    cluster, api, _ = finished(job(ttlSecondsAfterFinished=20))
    api.patch("jobs", "pi", {"spec": {"ttlSecondsAfterFinished": 120}})
    run_for(cluster, 60_000)
    assert api.names("jobs") == ["pi"]
    run_for(cluster, 70_000)
    assert stored(cluster, "jobs") == []
