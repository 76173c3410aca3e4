"""A cluster's lease passes on as soon as its holder is gone."""

import itertools

import pytest
import redis

from cluster import leases

_ids = itertools.count(5000)


@pytest.fixture
def client(redis_url):
    return redis.Redis.from_url(redis_url)


def test_the_first_live_worker_to_ask_holds_the_cluster(client):
    cluster_id = next(_ids)
    alive = leases.Heartbeat(client, "w1")
    alive.start()
    try:
        assert leases.acquire(client, cluster_id, "w1") == "w1"
        assert leases.acquire(client, cluster_id, "w2") == "w1"
        assert leases.live_holder(client, cluster_id) == "w1"
    finally:
        alive.stop()


def test_a_stopped_workers_clusters_go_to_the_next_one_at_once(client):
    cluster_id = next(_ids)
    first = leases.Heartbeat(client, "w1")
    first.start()
    leases.acquire(client, cluster_id, "w1")
    first.stop()
    assert leases.live_holder(client, cluster_id) is None  # senders use the shared queue
    assert leases.acquire(client, cluster_id, "w2") == "w2"


def test_releasing_only_gives_back_ones_own_lease(client):
    cluster_id = next(_ids)
    leases.acquire(client, cluster_id, "w1")
    leases.release(client, cluster_id, "w2")
    assert client.get(f"kubelab:cluster:{cluster_id}:lease") == b"w1"
    leases.release(client, cluster_id, "w1")
    assert client.get(f"kubelab:cluster:{cluster_id}:lease") is None
