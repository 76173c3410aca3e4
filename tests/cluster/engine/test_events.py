from cluster.engine import events
from cluster.engine.apiserver.request import Request
from cluster.engine.client import Client
from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.engine.controllers.helpers import replicaset


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


def pod_events(cluster: Cluster) -> list[tuple[str, int, str]]:
    """(reason, count, message) of each Event about a pod, in creation order."""
    response = cluster.handle(Request("list", "events", "default", credential=cluster.admin))
    items = sorted(response.body["items"], key=lambda e: int(e["metadata"]["resourceVersion"]))
    return [
        (e["reason"], e["count"], e["message"])
        for e in items
        if e["involvedObject"]["kind"] == "Pod"
    ]


def recorder_of(cluster: Cluster) -> events.EventRecorder:
    return events.EventRecorder(Client(cluster.apiserver, cluster.admin, "test"), "test")


def test_the_tenth_similar_event_is_combined_and_later_ones_count_on_it():
    cluster = Cluster(ClusterSpec(seed=1))
    recorder = recorder_of(cluster)
    for i in range(12):
        recorder.event(pod_ref("a"), events.NORMAL, "Tested", f"try {i}")
    combined = "(combined from similar events): try 11"
    assert pod_events(cluster) == [
        *(("Tested", 1, f"try {i}") for i in range(9)),
        ("Tested", 3, combined),
    ]


def test_a_source_may_send_25_events_about_an_object_then_one_every_five_minutes():
    cluster = Cluster(ClusterSpec(seed=1))
    recorder = recorder_of(cluster)
    for _ in range(30):
        recorder.event(pod_ref("a"), events.WARNING, "BackOff", "Back-off restarting")
    assert pod_events(cluster) == [("BackOff", 25, "Back-off restarting")]
    cluster.advance_to(cluster.clock.now + 299_000)
    recorder.event(pod_ref("a"), events.WARNING, "BackOff", "Back-off restarting")
    assert pod_events(cluster) == [("BackOff", 25, "Back-off restarting")]
    cluster.advance_to(cluster.clock.now + 1_000)
    recorder.event(pod_ref("a"), events.WARNING, "BackOff", "Back-off restarting")
    # the dropped ones were counted all the same, as client-go counts them
    assert pod_events(cluster) == [("BackOff", 32, "Back-off restarting")]
    recorder.event(pod_ref("b"), events.WARNING, "BackOff", "Back-off restarting")
    assert pod_events(cluster)[-1] == ("BackOff", 1, "Back-off restarting")


def test_a_replicaset_of_30_shows_nine_creations_and_the_combined_rest_as_kubernetes_does():
    cluster = Cluster(ClusterSpec(seed=1))
    body = replicaset(replicas=30)
    cluster.handle(Request("create", "replicasets", "default", body=body, credential=cluster.admin))
    cluster.run_until_idle(10_000)
    response = cluster.handle(Request("list", "events", "default", credential=cluster.admin))
    created = [
        (e["count"], e["message"].startswith("(combined from similar events): Created pod: web-"))
        for e in response.body["items"]
        if e["reason"] == "SuccessfulCreate"
    ]
    assert created == [(1, False)] * 9 + [(16, True)]


def test_two_recorders_at_the_same_moment_about_one_object_both_record():
    cluster = Cluster(ClusterSpec(seed=1))
    client = Client(cluster.apiserver, cluster.admin, "test")
    first, second = events.EventRecorder(client, "first"), events.EventRecorder(client, "second")
    first.event(pod_ref("a"), events.NORMAL, "First", "one")
    second.event(pod_ref("a"), events.NORMAL, "Second", "two")  # the name first took, at first
    second.event(pod_ref("a"), events.NORMAL, "Second", "two")
    assert pod_events(cluster) == [("First", 1, "one"), ("Second", 2, "two")]
