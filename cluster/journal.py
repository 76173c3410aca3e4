"""A cluster's durable record in Redis: its spec, the journal of every input, snapshots,
the clock's anchor to wall time, and who watches it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import redis

from cluster.engine.cluster import ClusterSpec
from cluster.engine.node.kubelet import NodeConfig

PREFIX = "kubelab:cluster"


def _key(cluster_id: int, part: str) -> str:
    return f"{PREFIX}:{cluster_id}:{part}"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Live mode: virtual time = virtual + (wall - wall_ms) * speed, unless paused."""

    wall_ms: int
    virtual: int
    speed: float = 1.0
    paused: bool = False

    def virtual_at(self, wall_ms: int) -> int:
        if self.paused:
            return self.virtual
        return self.virtual + max(0, int((wall_ms - self.wall_ms) * self.speed))

    def wall_at(self, virtual: int) -> float | None:
        """When (wall ms) the clock reaches `virtual`, or None if it never will."""
        if self.paused or self.speed <= 0:
            return None
        return self.wall_ms + (virtual - self.virtual) / self.speed


class Journal:
    def __init__(self, client: redis.Redis, cluster_id: int) -> None:
        self.redis = client
        self.id = cluster_id

    def create(self, spec: ClusterSpec, anchor: Anchor) -> None:
        pipe = self.redis.pipeline()
        pipe.set(_key(self.id, "spec"), json.dumps(asdict(spec)))
        pipe.set(_key(self.id, "anchor"), json.dumps(asdict(anchor)))
        pipe.delete(_key(self.id, "journal"), _key(self.id, "snapshot"))
        pipe.execute()

    def spec(self) -> ClusterSpec | None:
        raw = self.redis.get(_key(self.id, "spec"))
        if raw is None:
            return None
        data = json.loads(raw)
        nodes = tuple(NodeConfig(**node) for node in data.pop("nodes"))
        return ClusterSpec(**data, nodes=nodes)

    def anchor(self) -> Anchor:
        return Anchor(**json.loads(self.redis.get(_key(self.id, "anchor"))))

    def set_anchor(self, anchor: Anchor) -> None:
        self.redis.set(_key(self.id, "anchor"), json.dumps(asdict(anchor)))

    def append(self, entry: dict[str, Any], anchor: Anchor | None = None) -> int:
        """Make an input durable, with the clock's new anchor if it changes the clock's pace
        (both or neither); returns the journal's new length."""
        raw = json.dumps(entry, separators=(",", ":"))
        if anchor is None:
            return self.redis.rpush(_key(self.id, "journal"), raw)
        pipe = self.redis.pipeline(transaction=True)
        pipe.rpush(_key(self.id, "journal"), raw)
        pipe.set(_key(self.id, "anchor"), json.dumps(asdict(anchor)))
        return pipe.execute()[0]

    def position(self) -> tuple[int, Anchor]:
        """The journal's length and the clock's anchor, in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.llen(_key(self.id, "journal"))
        pipe.get(_key(self.id, "anchor"))
        length, anchor = pipe.execute()
        if anchor is None:
            raise LookupError(f"cluster {self.id} has no journal")
        return length, Anchor(**json.loads(anchor))

    def entries(self, start: int) -> list[dict[str, Any]]:
        return [json.loads(raw) for raw in self.redis.lrange(_key(self.id, "journal"), start, -1)]

    def save_snapshot(self, index: int, data: bytes) -> None:
        self.redis.hset(_key(self.id, "snapshot"), mapping={"index": index, "data": data})

    def snapshot(self) -> tuple[int, bytes] | None:
        raw = self.redis.hgetall(_key(self.id, "snapshot"))
        if not raw:
            return None
        return int(raw[b"index"]), raw[b"data"]

    # -- who watches it ---------------------------------------------------------------

    def add_watcher(self, channel: str, until_ms: int, api: bool = False) -> None:
        """`channel` watches until `until_ms`; a watch over the Kubernetes API (`api`) also
        wants every stored change published."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.zadd(_key(self.id, "watchers"), {channel: until_ms})
        if api:
            pipe.zadd(_key(self.id, "apiwatchers"), {channel: until_ms})
        pipe.execute()

    def remove_watcher(self, channel: str, api: bool = False) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.zrem(_key(self.id, "watchers"), channel)
        if api:
            pipe.zrem(_key(self.id, "apiwatchers"), channel)
        pipe.execute()

    def watched_until(self, now_ms: int) -> tuple[int, int]:
        """Until when (wall ms) someone watches the cluster (a dashboard, a log's follower, a
        watch over the Kubernetes API), and until when some watch over the API is open; 0 if
        nobody does. Lapsed registrations are dropped on the way."""
        pipe = self.redis.pipeline(transaction=False)
        for part in ("watchers", "apiwatchers"):
            pipe.zremrangebyscore(_key(self.id, part), "-inf", now_ms)
            pipe.zrevrange(_key(self.id, part), 0, 0, withscores=True)
        _, anyone, _, api = pipe.execute()
        return _latest(anyone), _latest(api)


def _latest(registrations: list[tuple[bytes, float]]) -> int:
    return int(registrations[0][1]) if registrations else 0
