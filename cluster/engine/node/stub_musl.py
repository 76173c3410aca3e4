"""musl's stub resolver (src/network/lookup_name.c, res_msend.c; 1.2.5 in alpine 3.22): a
name with fewer dots than ndots goes down the search list before it is tried as given, one
with more is tried as given only. Its questions go to every nameserver at once, again every
timeout/attempts, until each has a positive or negative answer or `timeout` seconds have
passed in all.

It takes NXDOMAIN as the one reason to try the next domain: any other answer ends the
search, NODATA included. SERVFAIL is asked again, then ignored like REFUSED and a refused
datagram (its socket is not connected, so no ICMP error reaches it), leaving the question
unanswered: a lookup that ends in "try again" once the timeout has passed.
"""

from __future__ import annotations

from cluster.engine.dns.message import NOERROR, NXDOMAIN, Answer, Question
from cluster.engine.node.resolvconf import ResolvConf
from cluster.engine.node.stub import Sender, joined, question

# getaddrinfo's errors, as lookup_name returns them
EAI_NONAME = "EAI_NONAME"
EAI_AGAIN = "EAI_AGAIN"
EAI_NODATA = "EAI_NODATA"
NAME_MAX = 255


class Musl:
    def __init__(self, conf: ResolvConf, sender: Sender) -> None:
        self.conf = conf
        self.sender = sender

    def search(self, name: str, qtypes: tuple[str, ...]) -> tuple[tuple[Answer, ...], str]:
        """name_from_dns_search: the answers of the name that answered, or an EAI error
        ("" with no answers: not found)."""
        trailing = name.endswith(".")
        base = name[:-1] if trailing else name
        if not base or base.endswith("."):
            return (), EAI_NONAME
        search = () if name.count(".") >= self.conf.ndots or trailing else self.conf.search
        for domain in search:
            if len(domain) < NAME_MAX - len(base) - 1:
                answers, error = self.lookup(joined(base, domain), qtypes)
                if answers or error:
                    return answers, error
        return self.lookup(base, qtypes)

    def lookup(self, name: str, qtypes: tuple[str, ...]) -> tuple[tuple[Answer, ...], str]:
        """name_from_dns: the questions' answers, or an error ("" for NXDOMAIN)."""
        answers = self.send([question(name, qtype) for qtype in qtypes])
        found: list[Answer] = []
        for answer in answers:
            if answer is None:
                return (), EAI_AGAIN
            if answer.rcode == NXDOMAIN:
                return (), ""
            found.append(answer)
        if not any(record.rtype in qtypes for a in found for record in a.answer):
            return tuple(found), EAI_NODATA
        return tuple(found), ""

    def send(self, questions: list[Question]) -> list[Answer | None]:
        """__res_msend_rc: each question's first positive or negative answer from any
        nameserver (None: none came before the timeout)."""
        answers = [self._accepted(q) for q in questions]
        if None in answers:
            self.sender.wait(self._timeout_ms())
        return answers

    def _accepted(self, asked: Question) -> Answer | None:
        for server in self.conf.nameservers:
            reply = self.sender.send(server, asked)
            if isinstance(reply, Answer) and reply.rcode in (NOERROR, NXDOMAIN):
                return reply
        return None

    def _timeout_ms(self) -> int:
        """How long it waits in all: it checks the time after each retry interval, so it
        gives up at the first multiple of the interval past the timeout."""
        timeout = self.conf.timeout * 1000
        # attempts:0 would divide by zero (the process dies of SIGFPE); taken as one
        interval = timeout // max(self.conf.attempts, 1)
        if not interval:
            return timeout
        return -(-timeout // interval) * interval
