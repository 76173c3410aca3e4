"""uClibc-ng's stub resolver (libc/inet/resolv.c, __dns_lookup; 1.0.27, the old busybox
images' default): one question at a time, to one nameserver at a time. It knows no ndots: a
name with a dot is tried as given and then down the search list, a name without one down the
list first. NXDOMAIN and SERVFAIL move on to the next domain; SERVFAIL on the last, any other
failing rcode, silence and a refused datagram move on to the next nameserver and start the
list over, `attempts` times for each nameserver in all. NODATA ends the lookup.

Which nameserver a lookup starts at is the one the process's last lookup ended at.
"""

from __future__ import annotations

from cluster.engine.dns.message import NOERROR, NXDOMAIN, SERVFAIL, Answer
from cluster.engine.node.resolvconf import ResolvConf
from cluster.engine.node.stub import (
    HOST_NOT_FOUND,
    NO_DATA,
    SILENT,
    TRY_AGAIN,
    Found,
    Sender,
    joined,
    question,
)


class Uclibc:
    def __init__(self, conf: ResolvConf, sender: Sender) -> None:
        self.conf = conf
        self.sender = sender
        self.last_server = 0

    def lookup(self, name: str, qtype: str) -> Found:
        """__dns_lookup: the first answer with records of the name down its search list."""
        domains = () if qtype == "PTR" else self.conf.search
        order = _order(name, domains)
        servers = self.conf.nameservers
        index = self.last_server
        for _ in range(len(servers) * self.conf.attempts):
            index %= len(servers)
            self.last_server = index
            variant = 0
            while True:
                reply = self.sender.send(servers[index], question(order[variant], qtype))
                if reply == SILENT:
                    self.sender.wait(self.conf.timeout * 1000)
                if not isinstance(reply, Answer):
                    break
                searching = reply.rcode in (NXDOMAIN, SERVFAIL) and not name.endswith(".")
                if searching and variant < len(order) - 1:
                    variant += 1
                    continue
                if reply.rcode == NXDOMAIN:
                    return Found(herrno=HOST_NOT_FOUND)
                if reply.rcode != NOERROR:
                    break
                if not reply.answer:
                    return Found(herrno=NO_DATA)
                return Found(reply.answer)
            index += 1
        return Found(herrno=TRY_AGAIN)


def _order(name: str, domains: tuple[str, ...]) -> list[str]:
    """The names it asks in turn: with a dot, the name first; without, the domains first."""
    searched = [joined(name, domain) for domain in domains]
    return [name, *searched] if "." in name else [*searched, name]
