from cluster.engine import events
from cluster.engine.apiserver.request import Request
from cluster.engine.client import Client
from cluster.engine.cluster import Cluster, ClusterSpec


def pod_ref(name: str) -> dict:
    return {"kind": "Pod", "metadata": {"namespace": "default", "name": name, "uid": name}}


def counts_by_pod(cluster: Cluster) -> dict[str, list[int]]:
    """Each pod's Events' counts."""
    response = cluster.handle(Request("list", "events", "default", credential=cluster.admin))
    counts: dict[str, list[int]] = {}
    for event in response.body["items"]:
        if event["involvedObject"]["kind"] == "Pod":
            counts.setdefault(event["involvedObject"]["name"], []).append(event["count"])
    return counts


def test_a_repeated_event_counts_up_until_the_recorder_has_forgotten_it_as_client_gos_lru_does(
    monkeypatch,
):
    monkeypatch.setattr(events, "LRU_CACHE_SIZE", 2)
    cluster = Cluster(ClusterSpec(seed=1))
    recorder = events.EventRecorder(Client(cluster.apiserver, cluster.admin, "test"), "test")
    for name in ("a", "b", "a", "c", "a", "b"):  # b is the least recently seen when c comes
        recorder.event(pod_ref(name), events.NORMAL, "Tested", "once more")
    assert counts_by_pod(cluster) == {"a": [3], "b": [1, 1], "c": [1]}
