"""A watch over HTTP as kube-apiserver opens it: where it starts, the events it starts with,
and how each later change looks through its filter."""

import pytest

from cluster.engine.api import resources
from cluster.engine.apiserver import listing, watchcache
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.apiserver.watch import Filter
from cluster.engine.cluster import Cluster

PODS = resources.BY_NAME["pods"]


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


def watch(cluster, namespace="default", credential=None, **query):
    credential = credential or cluster.admin
    return ask(cluster, "watch", "pods", namespace, query=query, credential=credential)


def pod(name, **labels):
    return {
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }


def relabel(cluster, name, **labels):
    patch = {"metadata": {"labels": labels}}
    response = ask(
        cluster,
        "patch",
        "pods",
        "default",
        name,
        body=patch,
        content_type="application/merge-patch+json",
    )
    assert response.code == 200, response.body
    return int(response.body["metadata"]["resourceVersion"])


def summary(events):
    return [(e["type"], e["object"]["metadata"].get("name")) for e in events]


@pytest.fixture
def cluster():
    engine = Cluster()
    for name, app in (("web", "web"), ("db", "db")):
        assert ask(engine, "create", "pods", "default", body=pod(name, app=app)).code == 201
    engine.run_until_idle()
    return engine


def test_a_watch_without_a_resource_version_starts_with_the_objects_there_now(cluster):
    response = watch(cluster, labelSelector="app=web")
    assert response.code == 200
    assert summary(response.body["events"]) == [("ADDED", "web")]
    assert response.body["resourceVersion"] == str(cluster.etcd.revision)
    assert response.body["now"] == cluster.clock.unix()


def test_a_watch_of_another_namespace_starts_empty(cluster):
    assert watch(cluster, namespace="kube-public", resourceVersion="0").body["events"] == []


def test_a_watch_from_a_resource_version_replays_the_changes_since(cluster):
    start = cluster.etcd.revision
    relabel(cluster, "web", tier="front")
    events = watch(cluster, resourceVersion=str(start), labelSelector="app=web").body["events"]
    assert summary(events) == [("MODIFIED", "web")]
    assert events[0]["object"]["metadata"]["labels"] == {"app": "web", "tier": "front"}


def test_an_object_that_stops_matching_leaves_with_its_last_state(cluster):
    start = cluster.etcd.revision
    revision = relabel(cluster, "web", app="api")
    events = watch(cluster, resourceVersion=str(start), labelSelector="app=web").body["events"]
    assert summary(events) == [("DELETED", "web")]
    gone = events[0]["object"]["metadata"]
    assert (gone["labels"], gone["resourceVersion"]) == ({"app": "web"}, str(revision))


def test_an_object_that_starts_matching_is_added(cluster):
    start = cluster.etcd.revision
    relabel(cluster, "db", app="web")
    events = watch(cluster, resourceVersion=str(start), labelSelector="app=web").body["events"]
    assert summary(events) == [("ADDED", "db")]


def test_a_deletion_carries_the_last_state_at_the_deletions_revision(cluster):
    start = cluster.etcd.revision
    body = {"gracePeriodSeconds": 0}
    assert ask(cluster, "delete", "pods", "default", "db", body=body).code == 200
    events = watch(cluster, resourceVersion=str(start), fieldSelector="metadata.name=db")
    removal = next(e for e in cluster.etcd.events_since(start) if e.type == "DELETE")
    deleted = events.body["events"][-1]
    assert deleted["type"] == "DELETED"
    assert deleted["object"]["metadata"]["resourceVersion"] == str(removal.kv.mod_revision)


def test_a_compacted_resource_version_is_one_expired_error_event(cluster):
    cluster.etcd.compact(cluster.etcd.revision - 1)
    response = watch(cluster, resourceVersion="3")
    assert response.code == 200
    assert response.body["events"] == [
        {
            "type": "ERROR",
            "object": {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": f"too old resource version: 3 ({cluster.etcd.compacted})",
                "reason": "Expired",
                "code": 410,
            },
        }
    ]


def test_initial_events_end_with_a_bookmark_marking_their_end(cluster):
    response = watch(
        cluster,
        sendInitialEvents="true",
        resourceVersionMatch="NotOlderThan",
        allowWatchBookmarks="true",
    )
    events = response.body["events"]
    assert summary(events) == [("ADDED", "db"), ("ADDED", "web"), ("BOOKMARK", None)]
    assert events[-1]["object"] == {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": {
            "resourceVersion": str(cluster.etcd.revision),
            "annotations": {"k8s.io/initial-events-end": "true"},
        },
    }


def test_without_bookmarks_allowed_initial_events_end_without_one(cluster):
    query = {"sendInitialEvents": "true", "resourceVersionMatch": "NotOlderThan"}
    assert summary(watch(cluster, **query).body["events"]) == [("ADDED", "db"), ("ADDED", "web")]


def test_no_initial_events_asked_for_means_none(cluster):
    query = {"sendInitialEvents": "false", "resourceVersionMatch": "NotOlderThan"}
    assert watch(cluster, **query).body["events"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"sendInitialEvents": "true"},
            "resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
            "resourceVersionMatch to NotOlderThan",
        ),
        (
            {"resourceVersionMatch": "NotOlderThan"},
            "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch "
            "unless sendInitialEvents is provided",
        ),
        (
            {"sendInitialEvents": "true", "resourceVersionMatch": "Exact"},
            "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
            "resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: "
            '"Exact": supported values: "NotOlderThan"]',
        ),
    ],
)
def test_watch_options_are_checked_as_list_options(cluster, query, message):
    response = watch(cluster, **query)
    assert response.code == 422
    assert response.body["message"] == f'ListOptions.meta.k8s.io "" is invalid: {message}'


def test_a_resource_version_must_be_a_number(cluster):
    response = watch(cluster, resourceVersion="latest")
    assert (response.code, response.body["message"]) == (
        422,
        'pods "" is invalid: resourceVersion: Invalid value: "latest": '
        'strconv.ParseUint: parsing "latest": invalid syntax',
    )


def test_opening_a_watch_passes_authentication_and_authorization(cluster):
    cluster.apiserver.authenticator.add_token("jane-token", UserInfo("jane"))
    start = cluster.trace.last_seq
    response = watch(cluster, credential=Credential("token", "jane-token"))
    assert response.code == 403
    assert response.body["message"] == (
        'pods is forbidden: User "jane" cannot watch resource "pods" in API group "" '
        'in the namespace "default"'
    )
    assert [hop.source for hop in cluster.trace.since(start)] == ["kubectl", "authentication"]


def test_an_open_watch_is_a_hop_from_kube_apiserver_to_etcd(cluster):
    start = cluster.trace.last_seq
    watch(cluster, resourceVersion=str(cluster.etcd.revision))
    hop = cluster.trace.since(start)[-1]
    assert (hop.source, hop.destination, hop.verb) == ("kube-apiserver", "etcd", "watch")
    assert hop.summary == f"watch /registry/pods/default/ after revision {cluster.etcd.revision}"


def test_later_changes_look_through_the_filter_as_the_engine_sees_them(cluster):
    start = cluster.etcd.revision
    relabel(cluster, "web", app="api")
    selected = Filter("default", listing.predicate({"labelSelector": "app=web"}, "Pod"))
    changes = [watchcache.raw(event) for event in cluster.etcd.events_since(start)]
    assert summary(filter(None, (watchcache.change(selected, c) for c in changes))) == [
        ("DELETED", "web")
    ]


def test_as_a_table_only_the_first_event_defines_the_columns(cluster):
    events = watch(cluster).body["events"]
    now = cluster.clock.unix()
    first = watchcache.as_table(events[0], now, headers=True)
    later = watchcache.as_table(events[1], now, headers=False, include="Object")
    assert [c["name"] for c in first["object"]["columnDefinitions"]][:3] == [
        "Name",
        "Ready",
        "Status",
    ]
    assert first["object"]["rows"][0]["object"]["kind"] == "PartialObjectMetadata"
    assert later["object"]["columnDefinitions"] is None
    assert later["object"]["rows"][0]["object"] == events[1]["object"]
    assert later["object"]["metadata"] == {
        "resourceVersion": events[1]["object"]["metadata"]["resourceVersion"]
    }


def test_an_unknown_include_object_is_a_bad_request():
    with pytest.raises(watchcache.errors.StatusError) as refused:
        watchcache.include_object({"includeObject": "Everything"})
    assert refused.value.message == (
        'Unable to convert to Table as requested: includeObject: Invalid value: "Everything": '
        "must be 'Metadata', 'Object', 'None', or empty"
    )


def test_query_flags_are_true_unless_zero_or_false():
    assert [watchcache.flag(v) for v in (None, "true", "1", "False", "0", "yes")] == [
        None,
        True,
        True,
        False,
        False,
        True,
    ]


def test_a_resource_version_etcd_has_not_reached_is_a_timeout_error_event(cluster):
    wanted = cluster.etcd.revision + 10
    response = watch(cluster, resourceVersion=str(wanted))
    assert response.body["events"] == [
        {
            "type": "ERROR",
            "object": {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": f"Timeout: Too large resource version: {wanted}, current: "
                f"{cluster.etcd.revision}",
                "reason": "Timeout",
                "code": 504,
                "details": {
                    "causes": [
                        {
                            "reason": "ResourceVersionTooLarge",
                            "message": "Too large resource version",
                        }
                    ],
                    "retryAfterSeconds": 1,
                },
            },
        }
    ]


def test_a_watch_from_before_etcd_s_retained_revisions_is_expired():
    cluster = Cluster()
    cluster.etcd.retention = 40
    start = cluster.etcd.revision
    for i in range(60):
        assert (
            ask(
                cluster, "create", "configmaps", "default", body={"metadata": {"name": f"c{i}"}}
            ).code
            == 201
        )
    assert cluster.etcd.compacted > start
    events = watch(cluster, resourceVersion=str(start)).body["events"]
    assert [e["object"].get("code") for e in events] == [410]
    assert (
        events[0]["object"]["message"]
        == f"too old resource version: {start} ({cluster.etcd.compacted})"
    )
    recent = watch(cluster, resourceVersion=str(cluster.etcd.compacted)).body["events"]
    assert all(e["type"] != "ERROR" for e in recent)
