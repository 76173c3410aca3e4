import pytest

from cluster.engine.store import codec
from cluster.engine.store.etcd import (
    COMPRESS_FROM,
    DELETE,
    MAX_REQUEST_BYTES,
    PUT,
    CompactedError,
    Etcd,
    NoSpaceError,
    RequestTooLargeError,
)


def test_every_write_bumps_the_global_revision_and_keys_keep_create_and_mod_revisions():
    etcd = Etcd()
    etcd.put("/registry/pods/default/a", b"1")
    etcd.put("/registry/pods/default/b", b"2")
    event = etcd.put("/registry/pods/default/a", b"3")
    kv = event.kv
    assert (etcd.revision, kv.create_revision, kv.mod_revision, kv.version) == (4, 2, 4, 2)
    assert event.prev_kv.value == b"1"


def test_compare_and_swap_fails_when_the_key_moved_on():
    etcd = Etcd()
    assert etcd.put("/k", b"1", expect_mod_revision=0) is not None
    assert etcd.put("/k", b"again", expect_mod_revision=0) is None  # already exists
    assert etcd.put("/k", b"2", expect_mod_revision=1) is None  # stale revision
    assert etcd.put("/k", b"2", expect_mod_revision=2) is not None
    assert etcd.get("/k").value == b"2"


def test_a_watch_replays_changes_after_a_revision_under_a_prefix():
    etcd = Etcd()
    etcd.put("/registry/pods/default/a", b"1")
    start = etcd.revision
    etcd.put("/registry/minions/n1", b"n")
    etcd.put("/registry/pods/default/b", b"2")
    etcd.delete("/registry/pods/default/a")
    events = etcd.events_since(start, "/registry/pods/")
    assert [(e.type, e.kv.key) for e in events] == [
        (PUT, "/registry/pods/default/b"),
        (DELETE, "/registry/pods/default/a"),
    ]


def test_watching_from_a_compacted_revision_fails():
    etcd = Etcd()
    for i in range(5):
        etcd.put(f"/k{i}", b"v")
    etcd.compact(4)
    assert [e.kv.mod_revision for e in etcd.events_since(4)] == [5, 6]
    with pytest.raises(CompactedError):
        etcd.events_since(2)


def test_range_lists_keys_in_order():
    etcd = Etcd()
    for key in ("/p/b", "/p/a", "/q/c"):
        etcd.put(key, b"")
    assert [kv.key for kv in etcd.range("/p/")] == ["/p/a", "/p/b"]


def test_history_keeps_the_newest_revisions_of_its_retention_as_etcd_s_revision_mode_does():
    etcd = Etcd(retention=8)
    for i in range(9):
        etcd.put(f"/k{i}", b"v")
    assert (etcd.revision, etcd.compacted) == (10, 0)  # not yet a quarter more than 8
    etcd.put("/k", b"v")
    assert (etcd.revision, etcd.compacted) == (11, 3)
    assert [e.kv.mod_revision for e in etcd.events_since(3)] == list(range(4, 12))
    with pytest.raises(CompactedError) as error:
        etcd.events_since(2)
    assert str(error.value) == "mvcc: required revision 2 has been compacted (3)"
    assert etcd.get("/k0").value == b"v"  # compaction forgets history, never current keys


def test_a_range_finds_every_key_under_its_prefix_however_deep_and_none_deleted():
    etcd = Etcd()
    for key in (
        "/registry/pods/default/web",
        "/registry/pods/kube-system/dns",
        "/registry/pods/default/api",
        "/registry/nodes/node-1",
        "/registry/podtemplates/default/t",
        "/short",
    ):
        etcd.put(key, b"")
    etcd.delete("/registry/pods/default/api")

    def keys(prefix: str) -> list[str]:
        return [kv.key for kv in etcd.range(prefix)]

    assert keys("/registry/pods/") == [
        "/registry/pods/default/web",
        "/registry/pods/kube-system/dns",
    ]
    assert keys("/registry/pods/default/") == ["/registry/pods/default/web"]
    assert keys("/registry/pods/default/w") == ["/registry/pods/default/web"]
    assert keys("/registry/pod") == [
        "/registry/pods/default/web",
        "/registry/pods/kube-system/dns",
        "/registry/podtemplates/default/t",
    ]
    assert len(keys("/registry/")) == 4
    assert keys("/") == [*keys("/registry/"), "/short"]
    assert keys("/registry/secrets/") == []


def test_events_since_counts_from_the_history_s_first_revision_after_a_compaction():
    etcd = Etcd()
    for i in range(6):
        etcd.put(f"/k{i}", b"v")  # revisions 2..7
    etcd.compact(5)
    assert [e.kv.mod_revision for e in etcd.events_since(5)] == [6, 7]
    assert [e.kv.mod_revision for e in etcd.events_since(6)] == [7]
    assert etcd.events_since(7) == []
    assert etcd.events_since(99) == []


def test_revoking_a_lease_deletes_the_keys_still_attached_to_it():
    etcd = Etcd()
    lease, other = etcd.grant(), etcd.grant()
    etcd.put("/registry/events/default/a", b"1", lease=lease)
    etcd.put("/registry/events/default/b", b"1", lease=lease)
    etcd.put("/registry/events/default/c", b"1", lease=lease)
    etcd.put("/registry/events/default/b", b"2", lease=other)  # moved to another lease
    etcd.put("/registry/events/default/c", b"2")  # no lease any more
    etcd.delete("/registry/events/default/a")
    etcd.put("/registry/events/default/d", b"1", lease=lease)
    assert [(e.type, e.kv.key) for e in etcd.revoke(lease)] == [
        (DELETE, "/registry/events/default/d")
    ]
    assert [kv.key for kv in etcd.range("/registry/events/")] == [
        "/registry/events/default/b",
        "/registry/events/default/c",
    ]
    assert etcd.revoke(lease) == []
    assert [e.kv.key for e in etcd.revoke(other)] == ["/registry/events/default/b"]


def test_the_size_counts_every_revision_until_compaction_lets_go_of_it():
    etcd = Etcd()
    etcd.put("/k", b"12345")
    etcd.put("/k", b"12")
    assert etcd.size == (2 + 5) + (2 + 2)  # both revisions are held
    etcd.compact(etcd.revision)
    assert etcd.size == 2 + 2  # the key's latest value stays
    etcd.put("/k", b"1")
    assert etcd.size == 2 + 1  # what the compaction kept is replaced at once
    etcd.delete("/k")
    etcd.compact(etcd.revision)
    assert etcd.size == 0


def test_a_superseded_value_is_held_compressed_in_the_history_and_reads_the_same():
    lease = codec.encode({"kind": "Lease", "spec": {"holderIdentity": "node-1" * 20}})
    renewed = codec.encode({"kind": "Lease", "spec": {"holderIdentity": "node-2" * 20}})
    etcd = Etcd()
    etcd.put("/registry/leases/a", lease)
    first = etcd.revision
    etcd.put("/registry/leases/a", renewed)
    created, updated = etcd.events_since(first - 1)
    assert codec.compressed(created.kv.value) and codec.compressed(updated.prev_kv.value)
    assert (
        codec.decode(created.kv.value) == codec.decode(updated.prev_kv.value) == codec.decode(lease)
    )
    assert etcd.get("/registry/leases/a").value == renewed  # the current value stays plain
    assert etcd.size == 2 * len("/registry/leases/a") + len(lease) + len(renewed)
    etcd.delete("/registry/leases/a")
    deleted = etcd.events_since(etcd.revision - 1)[0]
    assert codec.decode(deleted.kv.value) == codec.decode(renewed)
    etcd.compact(etcd.revision)
    assert etcd.size == 0


def test_a_new_key_over_the_quota_is_refused_and_changes_nothing_what_is_stored_may_change():
    etcd = Etcd(quota_bytes=20)
    etcd.put("/a", b"0123456789")
    revision = etcd.revision
    with pytest.raises(NoSpaceError, match=r"^etcdserver: mvcc: database space exceeded$"):
        etcd.put("/b", b"0123456789")
    assert (etcd.revision, etcd.get("/b"), etcd.size) == (revision, None, 12)
    assert etcd.put("/a", b"9876543210") is not None  # so that a full store can recover
    etcd.delete("/a")
    etcd.compact(etcd.revision)
    assert etcd.put("/b", b"0123456789") is not None


def test_a_write_over_the_largest_request_is_refused():
    etcd = Etcd()
    with pytest.raises(RequestTooLargeError, match=r"^etcdserver: request is too large$"):
        etcd.put("/k", b"x" * MAX_REQUEST_BYTES)
    assert (etcd.get("/k"), etcd.revision, etcd.size) == (None, 1, 0)


def test_a_range_at_a_past_revision_undoes_the_changes_since():
    etcd = Etcd()
    etcd.put("/registry/pods/default/a", b"1")
    etcd.put("/registry/pods/default/b", b"2")
    then = etcd.revision
    etcd.put("/registry/pods/default/a", b"3")
    etcd.delete("/registry/pods/default/b")
    etcd.put("/registry/pods/default/c", b"4")
    etcd.put("/registry/pods/default/d", b"5")
    etcd.delete("/registry/pods/default/d")
    past = etcd.range_at("/registry/pods/default/", then)
    assert [(kv.key, kv.value, kv.mod_revision) for kv in past] == [
        ("/registry/pods/default/a", b"1", 2),
        ("/registry/pods/default/b", b"2", 3),
    ]
    etcd.compact(then + 1)
    with pytest.raises(CompactedError):
        etcd.range_at("/registry/pods/default/", then)


def test_a_store_larger_than_a_sandbox_holds_new_values_compressed():
    etcd = Etcd()
    filler = b'{"data":"' + b"x" * (1024**2) + b'"}'
    for i in range(16):
        etcd.put(f"/registry/configmaps/default/fill-{i}", filler)
    assert all(kv.value == filler for kv in etcd.range("/registry/configmaps/"))
    assert etcd.size >= COMPRESS_FROM
    pod = b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"}}'
    kv = etcd.put("/registry/pods/default/web", pod).kv
    assert kv.value != pod and codec.plain(kv.value) == pod
    assert codec.decode(kv.value)["metadata"]["name"] == "web"
    fillers = sum(len(kv.key) + len(kv.value) for kv in etcd.range("/registry/configmaps/"))
    assert etcd.size == fillers + len(kv.key) + len(pod)  # their JSON, however held
