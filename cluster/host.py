"""Hosting engines in a worker: each cluster is an actor whose inputs are applied one at a
time, journaled in Redis before they are acknowledged, and replayed to rebuild it anywhere.

A worker keeps the clusters it holds in memory. Before every input it checks that the journal
has not grown behind its back (another worker held the cluster meanwhile); if it has, the
cluster is rebuilt from the last snapshot and the journal, reaching the same state because
the engine is deterministic.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cluster import dashboard
from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.engine.cluster import Cluster
from cluster.engine.store.etcd import CompactedError
from cluster.journal import Anchor, Journal
from cluster.kubectl.context import Result
from cluster.kubectl.main import kubectl
from cluster.publish import Publisher, group_name

log = logging.getLogger(__name__)

SNAPSHOT_EVERY = 500  # journal entries
TickScheduler = Callable[[int, str, float], None]  # cluster id, name, wall time (s) to tick at


@dataclass(slots=True)
class Hosted:
    name: str
    engine: Cluster
    journal: Journal
    anchor: Anchor
    index: int = 0  # journal entries applied
    published_seq: int = 0
    published_revision: int = 0
    tick_at: float | None = None
    snapshot_index: int = 0  # journal entries the last snapshot holds


class ClusterHost:
    def __init__(
        self,
        redis_client: Any,
        publisher: Publisher | None,
        schedule_tick: TickScheduler | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.redis = redis_client
        self.publisher = publisher
        self.schedule_tick = schedule_tick
        self.wall_clock = wall_clock
        self.clusters: dict[int, Hosted] = {}

    # -- inputs -------------------------------------------------------------------------

    def request(self, cluster_id: int, name: str, request: Request) -> Response:
        """One API request, journaled, then applied."""
        return self._apply(self.load(cluster_id, name), request)

    def kubectl(self, cluster_id: int, name: str, argv: list[str], stdin: str = "") -> Result:
        """Run the built-in kubectl; each request it makes is an input of its own."""
        hosted = self.load(cluster_id, name)
        engine = hosted.engine
        credential = Credential("token", engine.spec.admin_token)
        return kubectl(
            argv,
            lambda request: self._apply(hosted, request),
            credential,
            stdin=stdin,
            now=engine.clock.epoch + self._virtual_now(hosted) // 1000,
        )

    def tick(self, cluster_id: int, name: str) -> None:
        """Bring the clock up to the wall clock (live mode), running whatever fell due."""
        hosted = self.load(cluster_id, name)
        hosted.tick_at = None
        self._catch_up(hosted)

    def snapshot(self, cluster_id: int, name: str) -> dict[str, Any]:
        """Everything the dashboard draws, as of now (including what was not yet published)."""
        hosted = self.load(cluster_id, name)
        self._catch_up(hosted)
        return dashboard.snapshot(name, hosted.engine, hosted.anchor)

    # -- the actor ----------------------------------------------------------------------

    def _virtual_now(self, hosted: Hosted) -> int:
        return max(hosted.engine.clock.now, hosted.anchor.virtual_at(int(self.wall_clock() * 1000)))

    def _append(self, hosted: Hosted, entry: dict[str, Any]) -> None:
        length = hosted.journal.append(entry)
        if length != hosted.index + 1:
            raise RuntimeError(f"journal of cluster {hosted.journal.id} moved underneath us")
        hosted.index = length

    def _apply(self, hosted: Hosted, request: Request) -> Response:
        at = self._virtual_now(hosted)
        self._append(hosted, {"t": at, "request": request.to_dict()})
        return hosted.engine.handle(request, at=at)

    def _catch_up(self, hosted: Hosted) -> None:
        """Move the clock to now. Only an advance that runs timers is an input worth
        journaling: moving time with nothing due changes no state, so replay needs no entry."""
        at = self._virtual_now(hosted)
        due = hosted.engine.clock.next_due()
        if due is not None and due <= at:
            self._append(hosted, {"t": at})
        hosted.engine.advance_to(at)

    def load(self, cluster_id: int, name: str) -> Hosted:
        """The cluster as of its whole journal, from memory if it is current."""
        journal = Journal(self.redis, cluster_id)
        length = journal.length()
        hosted = self.clusters.get(cluster_id)
        if hosted is None or hosted.index > length:
            hosted = self._restore(journal, name)
        if hosted.index < length:
            for entry in journal.entries(hosted.index):
                replay(hosted.engine, entry)
            hosted.index = length
            hosted.published_seq = hosted.engine.trace.last_seq
            hosted.published_revision = hosted.engine.etcd.revision
        hosted.anchor = journal.anchor()
        self.clusters[cluster_id] = hosted
        return hosted

    def _restore(self, journal: Journal, name: str) -> Hosted:
        spec = journal.spec()
        if spec is None:
            raise LookupError(f"cluster {journal.id} has no journal")
        engine, index = Cluster(spec), 0
        saved = journal.snapshot()
        if saved is not None:
            try:
                engine, index = pickle.loads(saved[1]), saved[0]
            except Exception:  # a snapshot from other code: the journal alone will do
                log.warning("cluster %s: snapshot unusable, replaying the journal", journal.id)
        return Hosted(
            name,
            engine,
            journal,
            journal.anchor(),
            index=index,
            published_seq=engine.trace.last_seq,
            published_revision=engine.etcd.revision,
            snapshot_index=index,
        )

    def settle(self, cluster_id: int) -> None:
        """After an input is answered: publish what changed, snapshot now and then, and plan
        the next tick. Kept off the path of the reply."""
        hosted = self.clusters.get(cluster_id)
        if hosted is None:
            return
        engine = hosted.engine
        hops = engine.trace.since(hosted.published_seq)
        try:
            events = engine.etcd.events_since(hosted.published_revision)
        except CompactedError:
            events = []
        hosted.published_seq = engine.trace.last_seq
        hosted.published_revision = engine.etcd.revision
        if (hops or events) and self.publisher is not None:
            message = dashboard.update(engine, hosted.anchor, hops, events)
            self.publisher.group_send(
                group_name(cluster_id), {"type": "cluster.update", "payload": message}
            )
        if hosted.index - hosted.snapshot_index >= SNAPSHOT_EVERY:
            hosted.journal.save_snapshot(hosted.index, pickle.dumps(engine, protocol=5))
            hosted.snapshot_index = hosted.index
        self._plan_tick(cluster_id, hosted)

    def _plan_tick(self, cluster_id: int, hosted: Hosted) -> None:
        """While someone watches, wake up when the next timer falls due."""
        due = hosted.engine.clock.next_due()
        if self.schedule_tick is None or due is None:
            return
        wall_ms = hosted.anchor.wall_at(due)
        if wall_ms is None:
            return
        at = wall_ms / 1000
        if hosted.tick_at is not None and hosted.tick_at <= at:
            return
        if not hosted.journal.watched(int(self.wall_clock() * 1000)):
            return
        hosted.tick_at = at
        self.schedule_tick(cluster_id, hosted.name, at)


def replay(engine: Cluster, entry: dict[str, Any]) -> None:
    """Apply one journal entry exactly as it was first applied."""
    if "request" in entry:
        engine.handle(Request.from_dict(entry["request"]), at=entry["t"])
    else:
        engine.advance_to(entry["t"])
