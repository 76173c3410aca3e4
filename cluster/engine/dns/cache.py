"""CoreDNS's cache plugin as kubeadm's Corefile configures it (plugin/cache):

    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }

Every answer the plugins after it write passes through it: each record's TTL becomes the
answer's, which is its smallest TTL held between 5 s and 30 s. An answer is then kept for that
long, except the cluster domain's (so a Service's records change as soon as it does); a kept
answer is served again with what is left of its TTL. The plugins' failures that the server
writes itself (forward's SERVFAIL) do not pass through it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cluster.engine.dns import msg
from cluster.engine.dns.message import NOERROR, NOTIMP, NXDOMAIN, SERVFAIL, Answer, Question
from cluster.engine.node.dns import CLUSTER_DOMAIN

SUCCESS_TTL = 30  # cache 30: the most a positive answer is kept
DENIAL_TTL = 30  # and a negative one
MIN_TTL = 5  # MinimalDefaultTTL: the least, for both
FAILURE_TTL = 5  # servfail: how long a SERVFAIL is kept
MAX_TTL = 3600  # MaximumDefaultTTL
CAPACITY = 10_000  # defaultCap
DISABLED = (f"{CLUSTER_DOMAIN}.",)  # disable success and denial: cluster.local

NO_ERROR, NAME_ERROR, NO_DATA, SERVER_ERROR, OTHER_ERROR = (
    "NoError",
    "NameError",
    "NoData",
    "ServerError",
    "OtherError",
)


def typify(answer: Answer) -> str:
    """response.Typify: what kind of answer it is."""
    if answer.answer and answer.rcode == NOERROR:
        return NO_ERROR
    soa = any(r.rtype == "SOA" for r in answer.authority)
    if soa and answer.rcode == NOERROR:
        return NO_DATA
    if soa and answer.rcode == NXDOMAIN:
        return NAME_ERROR
    if answer.rcode in (SERVFAIL, NOTIMP):
        return SERVER_ERROR
    return NO_ERROR if answer.rcode == NOERROR else OTHER_ERROR


def minimal_ttl(answer: Answer, kind: str) -> int:
    """dnsutil.MinimalTTL: the smallest TTL of its records, at most an hour (5 s for an
    error, or for an answer with no records)."""
    records = (*answer.answer, *answer.authority, *answer.additional)
    if kind not in (NO_ERROR, NAME_ERROR, NO_DATA) or not records:
        return MIN_TTL
    return min(MAX_TTL, *(r.ttl for r in records))


def duration(answer: Answer, kind: str) -> int:
    """How long the answer is kept, and the TTL its records get (computeTTL)."""
    if kind == SERVER_ERROR:
        return FAILURE_TTL
    most = DENIAL_TTL if kind in (NAME_ERROR, NO_DATA) else SUCCESS_TTL
    return min(max(minimal_ttl(answer, kind), MIN_TTL), most)


def with_ttl(answer: Answer, ttl: int) -> Answer:
    """The answer with every record's TTL set to `ttl` (filterRRSlice)."""
    return replace(
        answer,
        answer=tuple(replace(r, ttl=ttl) for r in answer.answer),
        authority=tuple(replace(r, ttl=ttl) for r in answer.authority),
        additional=tuple(replace(r, ttl=ttl) for r in answer.additional),
    )


@dataclass(frozen=True, slots=True)
class Item:
    answer: Answer
    stored: int  # virtual ms
    ttl: int  # seconds


class Cache:
    def __init__(self) -> None:
        self.items: dict[Question, Item] = {}

    def get(self, question: Question, now: int) -> Answer | None:
        """A kept answer to the question with what is left of its TTL (None: a miss)."""
        item = self.items.get(question)
        if item is None:
            return None
        left = item.ttl - (now - item.stored) // 1000
        if left <= 0:
            del self.items[question]
            return None
        # always authoritative: some stub resolvers drop answers that are not
        return replace(with_ttl(item.answer, left), authoritative=True)

    def write(self, question: Question, answer: Answer, now: int) -> Answer:
        """ResponseWriter.WriteMsg: the answer with its TTLs capped, kept unless it is of
        the cluster domain or an error that is not kept."""
        kind = typify(answer)
        ttl = duration(answer, kind)
        answer = with_ttl(answer, ttl)
        if kind != OTHER_ERROR and not msg.matches(DISABLED, question.name):
            if len(self.items) >= CAPACITY:  # full: the oldest goes (CoreDNS drops one at random)
                del self.items[next(iter(self.items))]
            self.items[question] = Item(answer, now, ttl)
        return answer
