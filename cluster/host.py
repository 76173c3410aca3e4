"""Hosting engines in a worker: each cluster is an actor whose inputs are applied one at a
time, journaled in Redis before they are acknowledged, and replayed to rebuild it anywhere.

A worker keeps the clusters it holds in memory. Before every input it checks that the journal
has not grown behind its back (another worker held the cluster meanwhile); if it has, the
cluster is rebuilt from the last snapshot and the journal, reaching the same state because
the engine is deterministic.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import logging
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cluster import dashboard
from cluster import engine as engine_package
from cluster.engine import faults
from cluster.engine.apiserver import logstream
from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.engine.cluster import Cluster
from cluster.engine.store.etcd import CompactedError
from cluster.journal import Anchor, Journal
from cluster.kubectl.context import Result
from cluster.kubectl.main import kubectl
from cluster.publish import Publisher, api_group_name, changes, group_name

log = logging.getLogger(__name__)

SNAPSHOT_EVERY = 500  # journal entries
TickScheduler = Callable[[int, str, float], None]  # cluster id, name, wall time (s) to tick at
SPEED_MIN, SPEED_MAX = 0.1, 100.0
MAX_STEPS = 10_000
# the most timers one input runs (under a second's work): a cluster given more to do at once
# falls behind the wall clock and catches up tick by tick, while the worker serves the others
STEP_BUDGET = 5_000
NEXT_TIMERS = 5  # how many upcoming timers the lab's status shows


class LabError(Exception):
    """A lab operation refused; the message says why, as kubectl would."""


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
    published_anchor: Anchor | None = None
    watched_until: int = 0  # wall ms: publish the dashboard's updates and plan ticks until then
    api_watched_until: int = 0  # wall ms: publish every stored change until then


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
        """One API request, journaled, then applied. A watch's opener has registered it: from
        now on every stored change is published for it."""
        hosted = self.load(cluster_id, name)
        if request.verb == "watch":
            self._refresh_watchers(hosted)
        return self._apply(hosted, request)

    def kubectl(
        self,
        cluster_id: int,
        name: str,
        argv: list[str],
        stdin: str = "",
        files: dict[str, str] | None = None,
    ) -> Result:
        """Run the built-in kubectl; each request it makes is an input of its own. `files`
        are what `-f NAME` reads, by NAME (the workspace's, handed over by the web)."""
        hosted = self.load(cluster_id, name)
        engine = hosted.engine
        credential = Credential("token", engine.spec.admin_token)
        return kubectl(
            argv,
            lambda request: self._apply(hosted, request),
            credential,
            stdin=stdin,
            now=engine.clock.epoch + self._virtual_now(hosted) // 1000,
            lab=lambda operation: self._lab(hosted, operation),
            files=files,
        )

    def lab(self, cluster_id: int, name: str, operation: Any) -> dict[str, Any]:
        """One lab operation (see LAB_OPERATIONS) as JSON data: what it did and the clock's
        status after it, or {"error": message} when it is refused."""
        return self._lab(self.load(cluster_id, name), operation)

    def tick(self, cluster_id: int, name: str) -> None:
        """Bring the clock up to the wall clock (live mode), running whatever fell due."""
        hosted = self.load(cluster_id, name)
        hosted.tick_at = None
        self._catch_up(hosted)

    def logs(
        self,
        cluster_id: int,
        name: str,
        namespace: str,
        pod: str,
        container: str,
        since_ms: int,
        container_id: str,
    ) -> dict[str, Any]:
        """The next piece of a followed log, as of now (see logstream.read): no input, as
        reading a log changes nothing. Its follower has registered as a watcher: the clock
        runs live from now on."""
        hosted = self.load(cluster_id, name)
        self._refresh_watchers(hosted)
        self._catch_up(hosted)
        apiserver = hosted.engine.apiserver
        return logstream.read(apiserver, namespace, pod, container, since_ms, container_id)

    def snapshot(self, cluster_id: int, name: str) -> dict[str, Any]:
        """Everything the dashboard draws, as of now (including what was not yet published).
        The dashboard asking has registered as a watcher: updates follow from now on."""
        hosted = self.load(cluster_id, name)
        self._refresh_watchers(hosted)
        self._catch_up(hosted)
        return dashboard.snapshot(name, hosted.engine, hosted.anchor)

    # -- the lab: the clock's pace, steps and faults -------------------------------------

    def _lab(self, hosted: Hosted, operation: Any) -> dict[str, Any]:
        op = operation.get("op") if isinstance(operation, dict) else None
        method = LAB_OPERATIONS.get(op) if isinstance(op, str) else None
        try:
            if method is None:
                raise LabError(
                    f'unknown lab operation "{op}": choose one of {", ".join(LAB_OPERATIONS)}'
                )
            result = getattr(self, method)(hosted, operation)
        except (LabError, faults.FaultError) as error:
            return {"error": str(error)}
        return {**result, "status": self._status(hosted)}

    def _lab_status(self, hosted: Hosted, operation: dict[str, Any]) -> dict[str, Any]:
        self._catch_up(hosted)
        return {}

    def _lab_pause(self, hosted: Hosted, operation: dict[str, Any]) -> dict[str, Any]:
        return self._set_pace(hosted, hosted.anchor.speed, paused=True)

    def _lab_resume(self, hosted: Hosted, operation: dict[str, Any]) -> dict[str, Any]:
        return self._set_pace(hosted, hosted.anchor.speed, paused=False)

    def _lab_speed(self, hosted: Hosted, operation: dict[str, Any]) -> dict[str, Any]:
        factor = operation.get("factor")
        number = isinstance(factor, int | float) and not isinstance(factor, bool)
        if not number or not SPEED_MIN <= factor <= SPEED_MAX:
            shown = f"{factor:g}" if number else factor
            raise LabError(
                f"speed must be a factor from {SPEED_MIN:g} to {SPEED_MAX:g}, not {shown}"
            )
        return self._set_pace(hosted, float(factor), hosted.anchor.paused)

    def _set_pace(self, hosted: Hosted, speed: float, paused: bool) -> dict[str, Any]:
        """Re-anchor the clock at the current virtual time, so that time stays continuous."""
        if (speed, paused) == (hosted.anchor.speed, hosted.anchor.paused):
            return {"changed": False}
        at = self._virtual_now(hosted)
        anchor = Anchor(self._wall_ms(), at, speed, paused)
        self._append(hosted, {"t": at, "clock": {"speed": speed, "paused": paused}}, anchor)
        hosted.anchor = anchor
        hosted.engine.advance_to(at)
        return {"changed": True}

    def _lab_step(self, hosted: Hosted, operation: dict[str, Any]) -> dict[str, Any]:
        """Paused: run the next timers one at a time, each step an input of its own."""
        count = operation.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_STEPS:
            raise LabError(f"a step count is a whole number from 1 to {MAX_STEPS}, not {count}")
        if not hosted.anchor.paused:
            raise LabError("the clock is running: pause it first")
        at = self._virtual_now(hosted)
        self._append(hosted, {"t": at, "step": count})
        ran = step(hosted.engine, at, count)
        hosted.anchor = replace(
            hosted.anchor, wall_ms=self._wall_ms(), virtual=hosted.engine.clock.now
        )
        hosted.journal.set_anchor(hosted.anchor)
        return {"steps": ran}

    def _lab_fault(self, hosted: Hosted, operation: dict[str, Any]) -> dict[str, Any]:
        fault = faults.Fault.from_dict(operation.get("fault"))
        at = self._virtual_now(hosted)
        self._append(hosted, {"t": at, "fault": fault.to_dict()})
        return {"fault": faults.inject(hosted.engine, fault, at)}

    def _status(self, hosted: Hosted) -> dict[str, Any]:
        """The clock as the lab shows it: time, pace, how far behind the wall clock it runs
        (catching up with more work than an input may do), how far its time of day is ahead
        of the machine's (once it ran faster), what is due next, and etcd's use of its
        quota."""
        clock, anchor, etcd = hosted.engine.clock, hosted.anchor, hosted.engine.etcd
        pending = clock.pending()
        return {
            "now": clock.now,
            "time": clock.timestamp(),
            "speed": anchor.speed,
            "paused": anchor.paused,
            "behind": self._virtual_now(hosted) - clock.now,
            "ahead": clock.epoch * 1000 + clock.now - self._wall_ms(),
            "etcd": {"size": etcd.size, "quota": etcd.quota_bytes},
            "pending": len(pending),
            "next": [
                {"in": timer.when - clock.now, "what": timer.describe()}
                for timer in heapq.nsmallest(NEXT_TIMERS, pending)
            ],
            "nodesDown": faults.nodes_down(hosted.engine),
        }

    # -- the actor ----------------------------------------------------------------------

    def _wall_ms(self) -> int:
        return int(self.wall_clock() * 1000)

    def _virtual_now(self, hosted: Hosted) -> int:
        return max(hosted.engine.clock.now, hosted.anchor.virtual_at(self._wall_ms()))

    def _append(self, hosted: Hosted, entry: dict[str, Any], anchor: Anchor | None = None) -> None:
        length = hosted.journal.append(entry, anchor)
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
        length, anchor = journal.position()
        hosted = self.clusters.get(cluster_id)
        if hosted is None or hosted.index > length:
            hosted = self._restore(journal, name)
        if hosted.index < length:
            for entry in journal.entries(hosted.index):
                replay(hosted.engine, entry)
            hosted.engine.crashes.clear()  # logged when they first happened
            hosted.index = length
            hosted.published_seq = hosted.engine.trace.last_seq
            hosted.published_revision = hosted.engine.etcd.revision
            self._refresh_watchers(hosted)
        hosted.anchor = anchor
        self.clusters[cluster_id] = hosted
        return hosted

    def _restore(self, journal: Journal, name: str) -> Hosted:
        spec = journal.spec()
        if spec is None:
            raise LookupError(f"cluster {journal.id} has no journal")
        watched_until, api_watched_until = journal.watched_until(self._wall_ms())
        saved = journal.snapshot()
        restored = unpickled(journal.id, saved[1]) if saved is not None else None
        if saved is not None and restored is not None:
            engine, index = restored, saved[0]
        else:
            engine, index = Cluster(spec), 0
        engine.step_budget = STEP_BUDGET
        return Hosted(
            name,
            engine,
            journal,
            journal.anchor(),
            index=index,
            published_seq=engine.trace.last_seq,
            published_revision=engine.etcd.revision,
            snapshot_index=index,
            published_anchor=journal.anchor(),
            watched_until=watched_until,
            api_watched_until=api_watched_until,
        )

    def settle(self, cluster_id: int) -> None:
        """After an input is answered: publish what changed to those who watch, snapshot now
        and then, and plan the next tick. Kept off the path of the reply. What nobody watches
        is not built: a dashboard that opens later starts from a snapshot."""
        hosted = self.clusters.get(cluster_id)
        if hosted is None:
            return
        engine = hosted.engine
        for error in engine.crashes:
            log.error("cluster %s: a component failed", cluster_id, exc_info=error)
        engine.crashes.clear()
        watched, api_watched = self._watched(hosted)
        if self.publisher is not None and (watched or api_watched):
            self._publish(self.publisher, cluster_id, hosted, watched, api_watched)
        hosted.published_seq = engine.trace.last_seq
        hosted.published_revision = engine.etcd.revision
        hosted.published_anchor = hosted.anchor
        if hosted.index - hosted.snapshot_index >= SNAPSHOT_EVERY:
            data = ENGINE_CODE + b":" + pickle.dumps(engine, protocol=5)
            hosted.journal.save_snapshot(hosted.index, data)
            hosted.snapshot_index = hosted.index
        if watched:
            self._plan_tick(cluster_id, hosted)

    @staticmethod
    def _publish(
        publisher: Publisher, cluster_id: int, hosted: Hosted, watched: bool, api_watched: bool
    ) -> None:
        """The hops and object changes since the last input to the dashboards, and every
        stored change to the API's watches."""
        engine = hosted.engine
        since = hosted.published_revision
        try:
            events = engine.etcd.events_since(since)
        except CompactedError:  # gone before they were published: API watches see a gap
            events, since = [], engine.etcd.revision
            if watched:  # and the dashboards, which cannot follow change by change, start over
                message = dashboard.snapshot(hosted.name, engine, hosted.anchor)
                publisher.group_send(
                    group_name(cluster_id), {"type": "cluster.snapshot", "payload": message}
                )
                watched = False
        hops = engine.trace.since(hosted.published_seq)
        if watched and (hops or events or hosted.anchor != hosted.published_anchor):
            message = dashboard.update(engine, hosted.anchor, hops, events)
            publisher.group_send(
                group_name(cluster_id), {"type": "cluster.update", "payload": message}
            )
        if api_watched and engine.etcd.revision > hosted.published_revision:
            message = changes(events, since, engine.etcd.revision, engine.clock.unix())
            publisher.group_send(api_group_name(cluster_id), message)

    def _watched(self, hosted: Hosted) -> tuple[bool, bool]:
        """Whether someone watches the cluster, and whether a watch over the Kubernetes API is
        open. Redis is asked only once the latest registration known here has lapsed
        (watchers renew theirs); a new watcher is heard of through the input that follows its
        registration (a dashboard's snapshot, a log's next piece, the API's watch)."""
        now = self._wall_ms()
        if 0 < hosted.watched_until <= now or 0 < hosted.api_watched_until <= now:
            self._refresh_watchers(hosted)
        return hosted.watched_until > now, hosted.api_watched_until > now

    def _refresh_watchers(self, hosted: Hosted) -> None:
        until = hosted.journal.watched_until(self._wall_ms())
        hosted.watched_until, hosted.api_watched_until = until

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
        hosted.tick_at = at
        self.schedule_tick(cluster_id, hosted.name, at)


LAB_OPERATIONS = {
    "status": "_lab_status",
    "pause": "_lab_pause",
    "resume": "_lab_resume",
    "speed": "_lab_speed",  # {"factor": 10}
    "step": "_lab_step",  # {"count": 1}
    "fault": "_lab_fault",  # {"fault": {"kind": "node-down", "node": "node-1"}}, see faults.Fault
}


def fingerprint() -> bytes:
    """A fingerprint of the engine's code. Snapshots carry it: one pickled by other code may
    unpickle without complaint into objects this code misreads, so it is not restored."""
    digest = hashlib.sha256()
    for path in sorted(Path(engine_package.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16].encode()


ENGINE_CODE = fingerprint()  # of the code as this process loaded it


def unpickled(cluster_id: int, snapshot: bytes) -> Cluster | None:
    """The engine a snapshot holds if this code took it; else the journal alone will do."""
    code, _, data = snapshot.partition(b":")
    if code != ENGINE_CODE:
        log.warning("cluster %s: snapshot of other code, replaying the journal", cluster_id)
        return None
    try:
        return pickle.loads(data)
    except Exception:
        log.warning("cluster %s: snapshot unusable, replaying the journal", cluster_id)
        return None


def replay(engine: Cluster, entry: dict[str, Any]) -> None:
    """Apply one journal entry exactly as it was first applied."""
    if "request" in entry:
        engine.handle(Request.from_dict(entry["request"]), at=entry["t"])
    elif "fault" in entry:
        with contextlib.suppress(faults.FaultError):  # refused then, refused again
            faults.inject(engine, faults.Fault.from_dict(entry["fault"]), entry["t"])
    elif "step" in entry:
        step(engine, entry["t"], entry["step"])
    else:  # the clock caught up with the wall clock, or its pace changed
        engine.advance_to(entry["t"])


def step(engine: Cluster, at: int, count: int) -> list[dict[str, Any]]:
    """From virtual time `at`, run the next `count` timers one at a time; what each was."""
    engine.advance_to(at)
    ran = []
    for _ in range(count):
        timer = engine.clock.peek()
        if timer is None:
            break
        ran.append({"t": timer.when, "what": timer.describe()})
        engine.step()
    return ran
