"""The trace: every interaction between two components, as a numbered hop.

The dashboard, the tutorials' checks and the tests all read this one record.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

import orjson

from cluster.engine.clock import Clock
from cluster.engine.store import codec

KEEP = 5000  # the newest hops kept in memory; hosts ship hops out as they happen
# Hops are packed BLOCK at a time, the older half once twice as many wait: a hop as recorded
# takes some 300 bytes, packed some 10 (a cluster idle for an hour would hold 1.5 MB of
# heartbeats). Small blocks, for what a sandbox holds is mostly its newest hops: packing the
# 650 of a cluster's creation costs it some 0.3 ms and spares it 100 KB.
BLOCK = 128

HopTuple = tuple[int, int, str, str, str, str, str]


class Hop(NamedTuple):
    """One interaction between two components (a tuple: the trace records thousands)."""

    seq: int
    time: int  # virtual milliseconds
    source: str
    destination: str
    verb: str
    object: str
    summary: str

    def to_dict(self) -> dict[str, object]:
        return self._asdict()


class Trace:
    def __init__(self, clock: Clock, keep: int = KEEP, block: int = BLOCK) -> None:
        self._clock = clock
        self._keep = keep
        self._block = block
        self._pack_at = 2 * block
        # plain tuples, made Hops when read: a cluster records hundreds per request burst
        self._hops: list[HopTuple] = []  # the newest, as recorded
        self._packed: deque[bytes] = deque()  # the older ones, a block each, oldest first
        self.last_seq = 0

    def record(self, source: str, destination: str, verb: str, obj: str, summary: str) -> None:
        self.last_seq = seq = self.last_seq + 1
        hops = self._hops
        hops.append((seq, self._clock.now, source, destination, verb, obj, summary))
        if len(hops) >= self._pack_at:
            self._pack()

    def since(self, seq: int) -> list[Hop]:
        """The hops after `seq` that are still kept (the newest `keep`), oldest first."""
        after = max(seq, self.last_seq - self._keep)
        first_recorded = self.last_seq - len(self._hops) + 1
        found: list[HopTuple] = []
        if after + 1 < first_recorded:
            first_packed = first_recorded - len(self._packed) * self._block
            for index, data in enumerate(self._packed):
                if first_packed + (index + 1) * self._block - 1 > after:
                    found += [hop for hop in codec.decode(data) if hop[0] > after]
        found += self._hops[max(0, after + 1 - first_recorded) :]
        return list(map(Hop._make, found))

    def _pack(self) -> None:
        """Pack the older half of the recorded hops; forget blocks the newest `keep` do
        without."""
        block, self._hops = self._hops[: self._block], self._hops[self._block :]
        self._packed.append(codec.compress(orjson.dumps(block)))
        while (len(self._packed) - 1) * self._block + len(self._hops) >= self._keep:
            self._packed.popleft()
