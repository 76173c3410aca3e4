"""etcd: an MVCC key-value store.

One global revision counts every change. Each key keeps its create and mod revisions and a
version; writes may compare-and-swap on the mod revision (as kube-apiserver's guaranteed
updates do); a watch replays the change history from a revision until it is compacted away.
Values are bytes, as in etcd, so nothing a reader holds can change what is stored.

The history is bounded as etcd's `--auto-compaction-mode=revision` bounds it: etcd keeps the
newest `--auto-compaction-retention` revisions and compacts the ones before (its revision
compactor looks every five minutes). Here the history is held in memory and a few virtual
seconds of a large cluster write a million revisions, so the look comes with the writes, not
with a timer: once a quarter more than the retention has piled up, the history is cut back to
the newest `retention` revisions. The retention is 102,400, the largest capacity of
kube-apiserver's watch cache (defaultUpperBoundCapacity), which is where Kubernetes serves a
watch's past events from: a watch from a revision before it gets 410 Expired "too old
resource version", as one from before the watch cache's oldest event does there.
kube-apiserver's own compaction every five minutes (--etcd-compaction-interval) still comes
on top, as a request of its own; this one is etcd's housekeeping and no component's request.

The store's size is bounded by `--quota-backend-bytes`, with etcd's error: a write that would
add a key beyond the quota is refused with "etcdserver: mvcc: database space exceeded". The
size counts what etcd's database holds, every revision since the last compaction and each
key's latest before it. Unlike etcd, which once full refuses every write until an operator
compacts, defragments and disarms its alarm, only new keys are refused here: what is stored
can still change and be deleted (deleting a pod writes it first), so that a sandbox filled by
a runaway Deployment recovers once it is scaled down, with no etcdctl at hand. And a single
write may not be over `--max-request-bytes` (1.5 MiB): "etcdserver: request is too large".

A store larger than a sandbox's whole quota (16 MiB) holds the values written from then on
compressed (see codec.compress), its size counting them as held: at 150,000 pods and their
Events, JSON would take some 1.3 GB more. Readers decode values through the codec either way;
a sandbox, never that large, spends no time on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from cluster.engine.store import codec

PUT = "PUT"
DELETE = "DELETE"
AUTO_COMPACTION_RETENTION = 102_400  # revisions (--auto-compaction-retention)
QUOTA_BACKEND_BYTES = 2 * 1024**3  # etcd's default --quota-backend-bytes
MAX_REQUEST_BYTES = 1_572_864  # etcd's default --max-request-bytes (1.5 MiB)
COMPRESS_FROM = 16 * 1024**2  # bytes held (their JSON's) from which values are held compressed


class KeyValue(NamedTuple):
    """A key's value at a revision (tuples: a large cluster holds a million of them)."""

    key: str
    value: bytes
    create_revision: int
    mod_revision: int
    version: int
    lease: int = 0  # the lease the key is attached to (0: none)


class Event(NamedTuple):
    type: str  # PUT or DELETE
    kv: KeyValue  # for DELETE: the key's last value, with mod_revision = the delete's revision
    prev_kv: KeyValue | None


class CompactedError(Exception):
    """The requested revision has been compacted (etcdserver: mvcc: required revision...)."""

    def __init__(self, revision: int, compacted: int) -> None:
        super().__init__(f"mvcc: required revision {revision} has been compacted ({compacted})")
        self.revision = revision
        self.compacted = compacted


class EtcdError(Exception):
    """A write etcd refuses, in etcd's words."""


class NoSpaceError(EtcdError):
    """A write refused for the space quota (ErrNoSpace)."""

    def __init__(self) -> None:
        super().__init__("etcdserver: mvcc: database space exceeded")


class RequestTooLargeError(EtcdError):
    """A write larger than --max-request-bytes (ErrRequestTooLarge)."""

    def __init__(self) -> None:
        super().__init__("etcdserver: request is too large")


class Etcd:
    def __init__(
        self,
        retention: int = AUTO_COMPACTION_RETENTION,
        quota_bytes: int = QUOTA_BACKEND_BYTES,
    ) -> None:
        self.revision = 1  # etcd starts at revision 1 with an empty keyspace
        self.compacted = 0
        self.retention = retention
        self.quota_bytes = quota_bytes
        # bytes of the keys and values held, history included: their JSON's, as etcd's
        # database holds what it is given, however compressed they are held here
        self.size = 0
        self._kv: dict[str, KeyValue] = {}
        # the keys of each directory (`/registry/pods/`), so that a range reads only its own
        self._directories: dict[str, dict[str, None]] = {}
        self._history: list[Event] = []
        self._leases: dict[int, dict[str, None]] = {}  # lease id -> the keys attached to it
        self._lease_ids = 0

    def get(self, key: str) -> KeyValue | None:
        return self._kv.get(key)

    def count(self, directory: str) -> int:
        """How many keys a directory (`/registry/pods/`) holds."""
        return len(self._directories.get(directory, ()))

    def range(self, prefix: str) -> list[KeyValue]:
        """Every key under `prefix`, in key order."""
        directory = _directory(prefix)
        if directory is None:
            keys: Iterable[str] = self._kv
        else:
            keys = self._directories.get(directory, {})
            if directory == prefix:
                return list(map(self._kv.__getitem__, sorted(keys)))  # every watch lists
        return [self._kv[key] for key in sorted(k for k in keys if k.startswith(prefix))]

    def range_at(self, prefix: str, revision: int) -> list[KeyValue]:
        """Every key under `prefix` as it was at `revision`, in key order: the current keys
        with each change since undone. CompactedError once the history has lost it."""
        found = {kv.key: kv for kv in self.range(prefix)}
        undone: set[str] = set()
        for event in self.events_since(revision, prefix):
            key = event.kv.key
            if key in undone:
                continue
            undone.add(key)
            if event.prev_kv is None:  # made since
                found.pop(key, None)
            else:
                found[key] = event.prev_kv
        return [found[key] for key in sorted(found)]

    def grant(self) -> int:
        """LeaseGrant: a new lease (its holder revokes it when its time to live is up)."""
        self._lease_ids += 1
        self._leases[self._lease_ids] = {}
        return self._lease_ids

    def revoke(self, lease: int) -> list[Event]:
        """LeaseRevoke: the lease ends, and the keys still attached to it are deleted."""
        return [e for key in list(self._leases.pop(lease, ())) if (e := self.delete(key))]

    def put(
        self,
        key: str,
        value: bytes,
        *,
        expect_mod_revision: int | None = None,
        lease: int = 0,
    ) -> Event | None:
        """Write `value`; with `expect_mod_revision` (0: must not exist), only if it still
        matches. The key is attached to `lease` (to none when 0), and to no other. Raises
        RequestTooLargeError for a write over 1.5 MiB, and NoSpaceError for a new key the
        quota has no room for."""
        if len(key) + len(value) > MAX_REQUEST_BYTES:
            raise RequestTooLargeError()
        prev = self._kv.get(key)
        if expect_mod_revision is not None and _mod_revision(prev) != expect_mod_revision:
            return None
        size = self.size + len(key) + len(value) - self._superseded(prev)
        if prev is None and size > self.quota_bytes:
            raise NoSpaceError()
        if self.size >= COMPRESS_FROM:
            value = codec.compress(value)
        self.size = size
        lease = self._attach(key, prev, lease)
        self.revision += 1
        kv = KeyValue(
            prev.key if prev else key,  # one string for every revision of the key
            value,
            prev.create_revision if prev else self.revision,
            self.revision,
            prev.version + 1 if prev else 1,
            lease,
        )
        self._kv[key] = kv
        if prev is None:
            self._directories.setdefault(_directory(key) or "", {})[key] = None
        return self._archive(self._record(Event(PUT, kv, prev)))

    def delete(self, key: str, *, expect_mod_revision: int | None = None) -> Event | None:
        prev = self._kv.get(key)
        if prev is None:
            return None
        if expect_mod_revision is not None and prev.mod_revision != expect_mod_revision:
            return None
        self.revision += 1
        self.size += len(key) - self._superseded(prev)  # a tombstone keeps the key
        del self._kv[key]
        del self._directories[_directory(key) or ""][key]
        self._attach(key, prev, 0)
        tombstone = KeyValue(key, prev.value, prev.create_revision, self.revision, 0)
        return self._archive(self._record(Event(DELETE, tombstone, prev)))

    def events_since(self, revision: int, prefix: str = "") -> list[Event]:
        """The changes after `revision` under `prefix`, oldest first."""
        if revision < self.compacted:
            raise CompactedError(revision, self.compacted)
        newer = self._history[self._index_after(revision) :]
        return [e for e in newer if e.kv.key.startswith(prefix)] if prefix else newer

    def compact(self, revision: int) -> None:
        """Forget the history at and before `revision`."""
        revision = min(revision, self.revision)
        if revision <= self.compacted:
            return
        end = self._index_after(revision)
        for event in self._history[:end]:
            if event.type == DELETE:
                self.size -= len(event.kv.key)
            elif self._kv.get(event.kv.key) is not event.kv:  # a key's latest value stays
                self.size -= len(event.kv.key) + codec.plain_size(event.kv.value)
        del self._history[:end]
        self.compacted = revision

    def _superseded(self, prev: KeyValue | None) -> int:
        """The bytes a key's previous value frees when it is replaced or deleted: none while
        the history holds that revision (compaction frees them then)."""
        if prev is None or prev.mod_revision > self.compacted:
            return 0
        return len(prev.key) + codec.plain_size(prev.value)

    def _attach(self, key: str, prev: KeyValue | None, lease: int) -> int:
        """Move the key from its lease to `lease` (one that exists, else none): which it is."""
        if prev is not None and prev.lease and prev.lease != lease:
            self._leases.get(prev.lease, {}).pop(key, None)
        if lease not in self._leases:
            return 0
        self._leases[lease][key] = None
        return lease

    def _index_after(self, revision: int) -> int:
        """Where the history's events after `revision` start: each revision is one event,
        so the history's revisions run on without a gap from its first."""
        if not self._history:
            return 0
        first = self._history[0].kv.mod_revision
        return max(0, min(len(self._history), revision - first + 1))

    def _archive(self, event: Event) -> Event:
        """Compress, in the history, the value the event's write superseded: from now on
        only the history holds it, and it is read again only by a watch from an older
        revision (a lease renewed every 10 s leaves 30 old values in 5 minutes, 500 bytes
        each plain, 100 compressed). The event is returned as written."""
        prev = event.prev_kv
        if prev is None or codec.compressed(prev.value):
            return event
        packed = prev._replace(value=codec.compress(prev.value))
        if len(packed.value) >= len(prev.value):  # too small to gain from it
            return event
        history = self._history
        kv = event.kv._replace(value=packed.value) if event.type == DELETE else event.kv
        history[-1] = Event(event.type, kv, packed)
        index = prev.mod_revision - history[0].kv.mod_revision
        if index >= 0 and history[index].kv is prev:
            history[index] = history[index]._replace(kv=packed)
        return event

    def _record(self, event: Event) -> Event:
        self._history.append(event)
        if self.revision - self.compacted > self.retention + self.retention // 4:
            self.compact(self.revision - self.retention)
        return event


def _directory(path: str) -> str | None:
    """The directory of a key or prefix, `/registry/pods/` of `/registry/pods/default/web`;
    None when the path has no third slash."""
    second = path.find("/", 1)
    third = path.find("/", second + 1) if second > 0 else -1
    return path[: third + 1] if third > 0 else None


def _mod_revision(kv: KeyValue | None) -> int:
    return kv.mod_revision if kv else 0
