"""DNS messages as a stub resolver and CoreDNS exchange them: a question, and an answer with
its response code and its sections of resource records (RFC 1035), in presentation form."""

from __future__ import annotations

from dataclasses import dataclass

NOERROR = "NOERROR"
FORMERR = "FORMERR"
SERVFAIL = "SERVFAIL"
NXDOMAIN = "NXDOMAIN"
NOTIMP = "NOTIMP"
REFUSED = "REFUSED"


@dataclass(frozen=True, slots=True)
class Question:
    name: str  # fully qualified, lower case, with the root's dot: "web.default.svc.cluster.local."
    qtype: str = "A"  # "A", "AAAA", "PTR", "SRV", "CNAME", "TXT", "NS", "SOA", "MX", "ANY"


@dataclass(frozen=True, slots=True)
class Record:
    """A resource record; `data` as dig prints it: "10.96.0.1", a PTR's or CNAME's target
    with its dot, an SRV's "0 100 80 web.default.svc.cluster.local.", an SOA's seven
    fields."""

    name: str
    ttl: int
    rtype: str
    data: str

    def __str__(self) -> str:
        """The record's zone-file line, as dig prints it."""
        return f"{self.name}\t\t{self.ttl}\tIN\t{self.rtype}\t{self.data}"


@dataclass(frozen=True, slots=True)
class Answer:
    rcode: str = NOERROR
    answer: tuple[Record, ...] = ()
    authority: tuple[Record, ...] = ()
    additional: tuple[Record, ...] = ()
    authoritative: bool = False
