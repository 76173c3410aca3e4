"""The requests a server container answered lately, for the CPU they cost it (see usage).

Requests that reach it one by one are kept with their times (the newest REQUESTS_MAX). An
endless loop whose rounds repeat asks only in its first round (see tape): its later rounds
are a feed instead, one request every so many ms (its period, times the endpoints of the
Service its rounds are spread over), from its next round until it is laid out again or ends.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace

REQUESTS_MAX = 4096  # more than a busy client sends a server in a usage window


@dataclass(frozen=True, slots=True)
class Feed:
    """A request every `every_ms` from `from_ms` until before `until_ms` (clock times)."""

    client: str  # the id of the client's container
    from_ms: int
    every_ms: int
    until_ms: int | None = None

    def count(self, after_ms: int, until_ms: int) -> int:
        """The requests after `after_ms`, up to `until_ms`."""
        end = until_ms if self.until_ms is None else min(until_ms, self.until_ms - 1)
        if end < self.from_ms:
            return 0
        last = (end - self.from_ms) // self.every_ms
        first = 0 if after_ms < self.from_ms else (after_ms - self.from_ms) // self.every_ms + 1
        return max(0, last - first + 1)


@dataclass(slots=True)
class Served:
    cost_ms: int  # the CPU each request costs
    times: deque[int] = field(default_factory=lambda: deque(maxlen=REQUESTS_MAX))
    feeds: list[Feed] = field(default_factory=list)

    def count(self, after_ms: int, until_ms: int) -> int:
        """The requests answered after `after_ms`, up to `until_ms`."""
        one_by_one = sum(1 for at in self.times if after_ms < at <= until_ms)
        return one_by_one + sum(feed.count(after_ms, until_ms) for feed in self.feeds)

    def feed(self, fed: Feed, forget_before_ms: int) -> None:
        """A client's loop feeds it from now on; feeds ended before `forget_before_ms` go."""
        self.feeds = [f for f in self.feeds if f.until_ms is None or f.until_ms >= forget_before_ms]
        self.feeds.append(fed)

    def end(self, client: str, at_ms: int) -> None:
        """The client's feeds end at `at_ms` (its loop is laid out again, or it exited)."""
        self.feeds = [
            replace(f, until_ms=at_ms) if f.client == client and f.until_ms is None else f
            for f in self.feeds
        ]
