"""Components' clients: informers watch from the objects there are (WatchList)."""

import pytest

from cluster.engine.apiserver.request import Request, Response
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.cluster import Cluster, ClusterSpec

WATCHER = "test-informer"


def client_of(cluster: Cluster) -> Client:
    return Client(cluster.apiserver, cluster.admin, WATCHER)


def create_config_map(cluster: Cluster, name: str, data: dict[str, str] | None = None) -> None:
    body = {"metadata": {"name": name}, "data": data or {}}
    request = Request("create", "configmaps", "default", body=body, credential=cluster.admin)
    assert cluster.handle(request).code == 201


def delete_config_map(cluster: Cluster, name: str) -> None:
    request = Request("delete", "configmaps", "default", name, credential=cluster.admin)
    assert cluster.handle(request).code == 200


def recording(client: Client) -> tuple[Informer, list[tuple[str, str]]]:
    """An informer of the default namespace's ConfigMaps, and the (event, name) it hands on."""
    seen: list[tuple[str, str]] = []
    informer = Informer(
        client,
        "configmaps",
        lambda kind, obj, old: seen.append((kind, obj["metadata"]["name"])),
        namespace="default",
    )
    return informer, seen


def requests_of(cluster: Cluster, mark: int) -> list[tuple[str, str, str]]:
    """(verb, object, summary) of the watcher's requests and of what it was sent."""
    return [
        (h.verb, h.object, h.summary)
        for h in cluster.trace.since(mark)
        if WATCHER in (h.source, h.destination)
    ]


def test_an_informer_starts_with_one_watch_that_brings_the_objects_there_are():
    cluster = Cluster(ClusterSpec(seed=1))
    create_config_map(cluster, "a")
    create_config_map(cluster, "b")
    informer, seen = recording(client_of(cluster))
    mark = cluster.trace.last_seq
    informer.start()
    revision = cluster.etcd.revision
    assert requests_of(cluster, mark) == [
        ("watch", "configmaps/default", "GET /api/v1/namespaces/default/configmaps"),
        (
            "watch",
            "configmaps",
            "initial events: 3 ADDED, then a BOOKMARK (k8s.io/initial-events-end) at "
            f"revision {revision}",
        ),
    ]
    assert seen == [("ADDED", "a"), ("ADDED", "b"), ("ADDED", "kube-root-ca.crt")]
    assert set(informer.cache) == {"default/a", "default/b", "default/kube-root-ca.crt"}
    assert informer.cache["default/a"]["kind"] == "ConfigMap"
    assert informer.cache["default/a"]["metadata"]["resourceVersion"]


def test_after_the_initial_events_the_watch_brings_the_changes():
    cluster = Cluster(ClusterSpec(seed=1))
    informer, seen = recording(client_of(cluster))
    informer.start()
    seen.clear()
    create_config_map(cluster, "late")
    cluster.run_until_idle()
    assert seen == [("ADDED", "late")]


def test_a_watch_again_replaces_the_cache_with_what_is_there_now():
    cluster = Cluster(ClusterSpec(seed=1))
    create_config_map(cluster, "kept")
    create_config_map(cluster, "gone")
    client = client_of(cluster)
    informer, seen = recording(client)
    informer.start()
    client.disconnect()
    delete_config_map(cluster, "gone")
    create_config_map(cluster, "new")
    seen.clear()
    client.reconnect()
    assert seen == [
        ("MODIFIED", "kept"),
        ("MODIFIED", "kube-root-ca.crt"),
        ("ADDED", "new"),
        ("DELETED", "gone"),
    ]
    assert set(informer.cache) == {"default/kept", "default/kube-root-ca.crt", "default/new"}


def test_initial_events_need_resource_version_match_not_older_than():
    cluster = Cluster(ClusterSpec(seed=1))
    request = Request(
        "watch",
        "configmaps",
        "default",
        credential=cluster.admin,
        client=WATCHER,
        query={"sendInitialEvents": "true"},
    )
    refused = cluster.apiserver.watch(request, lambda kind, obj: None)
    assert isinstance(refused, Response)
    assert refused.code == 422
    assert refused.body["message"] == (
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: '
        "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"
    )


def test_a_refused_watch_raises_and_leaves_no_watch_behind():
    cluster = Cluster(ClusterSpec(seed=1))
    nobody = Client(cluster.apiserver, None, WATCHER)
    informer = Informer(nobody, "configmaps", namespace="default")
    with pytest.raises(APIError) as refused:
        informer.start()
    assert refused.value.code == 401
    assert informer.cache == {}


def test_without_bookmarks_the_initial_events_come_without_their_end():
    cluster = Cluster(ClusterSpec(seed=1))
    create_config_map(cluster, "a")
    query = {"sendInitialEvents": "true", "resourceVersionMatch": "NotOlderThan"}
    request = Request(
        "watch", "configmaps", "default", credential=cluster.admin, client=WATCHER, query=query
    )
    events: list[tuple[str, str]] = []
    opened = cluster.apiserver.watch(
        request, lambda kind, obj: events.append((kind, obj["metadata"]["name"]))
    )
    assert not isinstance(opened, Response)
    assert events == [("ADDED", "a"), ("ADDED", "kube-root-ca.crt")]
