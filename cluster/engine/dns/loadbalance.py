"""CoreDNS's loadbalance plugin, round_robin (plugin/loadbalance): in each section of a
successful answer, CNAMEs first, then the other records, then the A and AAAA records in a
random order, then MX records in a random order."""

from __future__ import annotations

import random
from dataclasses import replace

from cluster.engine.dns.message import NOERROR, Answer, Record

ADDRESSES = ("A", "AAAA")


def shuffle(answer: Answer, rng: random.Random) -> Answer:
    """randomShuffle: each section reordered (only NOERROR answers)."""
    if answer.rcode != NOERROR:
        return answer
    return replace(
        answer,
        answer=round_robin(answer.answer, rng),
        authority=round_robin(answer.authority, rng),
        additional=round_robin(answer.additional, rng),
    )


def round_robin(records: tuple[Record, ...], rng: random.Random) -> tuple[Record, ...]:
    cnames = [r for r in records if r.rtype == "CNAME"]
    addresses = [r for r in records if r.rtype in ADDRESSES]
    mx = [r for r in records if r.rtype == "MX"]
    rest = [r for r in records if r.rtype not in (*ADDRESSES, "CNAME", "MX")]
    return (*cnames, *rest, *_shuffled(addresses, rng), *_shuffled(mx, rng))


def _shuffled(records: list[Record], rng: random.Random) -> list[Record]:
    """roundRobinShuffle: two records swap on an even message ID; more are each swapped
    with one at or after them, a fresh random ID deciding which."""
    count = len(records)
    if count < 2:
        return records
    if count == 2:
        return records[::-1] if _message_id(rng) % 2 == 0 else records
    for j in range(count):
        p = j + _message_id(rng) % (count - j)
        records[j], records[p] = records[p], records[j]
    return records


def _message_id(rng: random.Random) -> int:
    """dns.Id: a random 16-bit message ID."""
    return rng.getrandbits(16)
