"""Events live an hour after their last write (--event-ttl), on etcd leases shared by the
writes of a minute, as kube-apiserver's storage attaches them."""

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

MINUTE = 60_000
HOUR = 60 * MINUTE


def ask(cluster, verb, name="", at=None, **options):
    request = Request(verb, "events", "default", name, credential=cluster.admin, **options)
    return cluster.handle(request, at=at)


def event(name: str) -> dict:
    return {
        "metadata": {"name": name},
        "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web"},
        "reason": "Pulling",
        "message": "Pulling image",
        "type": "Normal",
    }


def names(cluster) -> list[str]:
    return [item["metadata"]["name"] for item in ask(cluster, "list").body["items"]]


def test_an_event_is_deleted_an_hour_after_its_last_write_with_the_others_of_its_minute():
    cluster = Cluster()
    start = cluster.clock.now
    assert ask(cluster, "create", body=event("first"), at=start).code == 201
    assert ask(cluster, "create", body=event("second"), at=start + 30_000).code == 201
    assert ask(cluster, "create", body=event("later"), at=start + 90_000).code == 201
    patch = {"count": 2}
    content = "application/merge-patch+json"
    ask(cluster, "patch", "second", at=start + 30 * MINUTE, body=patch, content_type=content)
    cluster.advance_to(start + HOUR)
    assert {"first", "second", "later"} <= set(names(cluster))
    mark = cluster.trace.last_seq
    cluster.advance_to(start + HOUR + MINUTE)  # the first lease: granted for 61 minutes
    assert "first" not in names(cluster) and {"second", "later"} <= set(names(cluster))
    [hop] = [h for h in cluster.trace.since(mark) if h.object == "/registry/events/default/first"]
    assert (hop.source, hop.destination, hop.verb) == ("etcd", "kube-apiserver", "delete")
    assert hop.summary.startswith("lease 1 expired: delete /registry/events/default/first")
    cluster.advance_to(start + HOUR + 90_000 + MINUTE)
    assert "later" not in names(cluster) and "second" in names(cluster)
    cluster.advance_to(start + 30 * MINUTE + HOUR + MINUTE)
    assert "second" not in names(cluster)


def test_a_watch_sees_an_expired_event_deleted():
    cluster = Cluster()
    start = cluster.clock.now
    ask(cluster, "create", body=event("watched"), at=start)
    seen: list[tuple[str, str]] = []
    request = Request("watch", "events", "default", credential=cluster.admin)
    cluster.apiserver.watch(request, lambda kind, obj: seen.append((kind, obj["metadata"]["name"])))
    cluster.advance_to(start + HOUR + MINUTE)
    assert ("DELETED", "watched") in seen
