"""glibc's stub resolver (resolv/res_query.c, res_send.c; 2.36 in Debian bookworm, 2.41 in
trixie): the search list with ndots, the A and AAAA questions of getaddrinfo sent together
to each nameserver in turn, `attempts` times over.

What it does with answers: a nameserver that fails (SERVFAIL, NOTIMP, REFUSED) is passed
over for the next; one that refuses the datagram (ICMP) too, at once; one that never answers
costs its timeout (shifted left by the server's index, and divided by their count past
the first). In the search list NXDOMAIN and NODATA go on to the next domain, and so does a
name every nameserver failed with SERVFAIL; a timeout ends the search, though the name as
given is still tried after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.dns.message import NOERROR, NOTIMP, NXDOMAIN, REFUSED, SERVFAIL, Answer
from cluster.engine.node.resolvconf import ResolvConf
from cluster.engine.node.stub import (
    HOST_NOT_FOUND,
    NO_DATA,
    NO_RECOVERY,
    REJECTED,
    SILENT,
    TRY_AGAIN,
    Found,
    Sender,
    joined,
    question,
)

_FAILING = (SERVFAIL, NOTIMP, REFUSED)  # answers res_send passes over
ECONNREFUSED = "ECONNREFUSED"  # no nameserver took the question
ETIMEDOUT = "ETIMEDOUT"


@dataclass(frozen=True, slots=True)
class _Sent:
    """What __res_context_send came to: the usable answers (None for one that failed), or
    none (`failed`), and the rcode left in the answer buffer."""

    answers: tuple[Answer | None, ...] = ()
    failed: bool = False
    buffer_rcode: str = NOERROR


class Glibc:
    """A process's resolver state (_res): its configuration and, with `rotate`, which
    nameserver it starts at (each send moves on one; glibc starts at a random one)."""

    def __init__(self, conf: ResolvConf, sender: Sender) -> None:
        self.conf = conf
        self.sender = sender
        self.rotation = 0
        self.errno = ""

    def search(self, name: str, qtypes: tuple[str, ...]) -> Found:
        """__res_context_search: the answers for `name` down its search list."""
        self.errno = ""
        dots, trailing = name.count("."), name.endswith(".")
        saved, tried, searched, root = "", False, False, False
        nodata = servfail = False
        last = HOST_NOT_FOUND
        if dots >= self.conf.ndots or trailing:
            found, _ = self.query(name, qtypes)
            if not found.herrno or trailing:
                return found
            saved, tried, last = found.herrno, True, found.herrno
        for domain in () if trailing else self.conf.search:
            searched = True
            domain = domain.removeprefix(".")
            root = root or not domain
            found, rcode = self.query(joined(name, domain), qtypes)
            if not found.herrno:
                return found
            last = found.herrno
            if self.errno == ECONNREFUSED:
                return Found(herrno=TRY_AGAIN)
            nodata = nodata or found.herrno == NO_DATA
            failed = found.herrno == TRY_AGAIN and rcode == SERVFAIL
            servfail = servfail or failed
            if not (failed or found.herrno in (NO_DATA, HOST_NOT_FOUND)):
                break  # a timeout, or an answer it cannot use: the search is over
        no_tld = "no-tld-query" in self.conf.options and not dots and searched
        if not (no_tld or tried or root):
            found, _ = self.query(name, qtypes)
            if not found.herrno:
                return found
            last = found.herrno
        return Found(herrno=saved or (NO_DATA if nodata else TRY_AGAIN if servfail else last))

    def query(self, name: str, qtypes: tuple[str, ...]) -> tuple[Found, str]:
        """__res_context_query: one name's questions, and the rcode its buffer was left
        with."""
        sent = self._send(name, qtypes)
        if sent.failed:
            return Found(herrno=TRY_AGAIN), sent.buffer_rcode
        usable = [answer for answer in sent.answers if answer is not None]
        records = tuple(record for answer in usable for record in answer.answer)
        herrno = "" if any(_positive(a) for a in usable) else _negative(usable)
        return Found(records, herrno), sent.buffer_rcode

    def _send(self, name: str, qtypes: tuple[str, ...]) -> _Sent:
        """__res_context_send over UDP: each try, each nameserver in turn."""
        servers = self.conf.nameservers
        offset = self._offset(len(servers))
        buffer, reached = NOERROR, False
        for _ in range(self.conf.attempts):
            for shift in range(len(servers)):
                index = (shift + offset) % len(servers)
                replies = [self.sender.send(servers[index], question(name, q)) for q in qtypes]
                if replies[0] == REJECTED:
                    continue
                reached = True
                if SILENT in replies:
                    self.sender.wait(self._wait_ms(index, replies))
                if all(reply == SILENT for reply in replies):
                    continue
                first = replies[0]
                if isinstance(first, Answer):
                    buffer = first.rcode
                answers = tuple(_usable(reply) for reply in replies)
                if any(answer is not None for answer in answers):
                    return _Sent(answers, buffer_rcode=buffer)
        self.errno = ETIMEDOUT if reached else ECONNREFUSED
        return _Sent(failed=True, buffer_rcode=buffer)

    def _offset(self, count: int) -> int:
        if "rotate" not in self.conf.options:
            return 0
        self.rotation += 1
        return (self.rotation - 1) % count

    def _wait_ms(self, index: int, replies: list[Answer | str]) -> int:
        """send_dg's wait at nameserver `index`: its timeout, or three when one of a pair of
        questions was answered (it tries again one at a time, then on a new socket)."""
        seconds = self.conf.timeout << index
        if index > 0:
            seconds //= len(self.conf.nameservers)
        timeouts = 3 if any(isinstance(reply, Answer) for reply in replies) else 1
        return max(seconds, 1) * 1000 * timeouts


def _usable(reply: Answer | str) -> Answer | None:
    return reply if isinstance(reply, Answer) and reply.rcode not in _FAILING else None


def _positive(answer: Answer) -> bool:
    return answer.rcode == NOERROR and bool(answer.answer)


def _negative(usable: list[Answer]) -> str:
    """h_errno for answers none of which has records: the first's rcode, or the second's
    when the first has NOERROR."""
    rcodes = [answer.rcode for answer in usable]
    rcode = next((r for r in rcodes if r != NOERROR), NOERROR)
    if rcode == NXDOMAIN:
        return HOST_NOT_FOUND
    if rcode == SERVFAIL:
        return TRY_AGAIN
    return NO_DATA if rcode == NOERROR else NO_RECOVERY
