"""The trace: every interaction between two components, as a numbered hop.

The dashboard, the tutorials' checks and the tests all read this one record.
"""

from __future__ import annotations

from collections import deque
from itertools import islice
from typing import NamedTuple

from cluster.engine.clock import Clock

KEEP = 5000  # the newest hops kept in memory; hosts ship hops out as they happen


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
    def __init__(self, clock: Clock, keep: int = KEEP) -> None:
        self._clock = clock
        # plain tuples, made Hops when read: a cluster records hundreds per request burst
        self._hops: deque[tuple[int, int, str, str, str, str, str]] = deque(maxlen=keep)
        self.last_seq = 0

    def record(self, source: str, destination: str, verb: str, obj: str, summary: str) -> None:
        self.last_seq += 1
        self._hops.append((self.last_seq, self._clock.now, source, destination, verb, obj, summary))

    def since(self, seq: int) -> list[Hop]:
        """The hops after `seq` that are still kept, oldest first."""
        newer = min(len(self._hops), self.last_seq - seq)
        if newer <= 0:
            return []
        return list(map(Hop._make, islice(self._hops, len(self._hops) - newer, None)))
