"""A nameserver for the resolver's tests, answering from a table as kubeadm's CoreDNS
answers: A records (and PTR records back) for the names it has, NODATA for their other types,
the zone's SOA at its apex,
NXDOMAIN with the zone's SOA for other names in cluster.local, and for names outside it
SERVFAIL (KubeLab is offline) or, as a cluster on the internet, NXDOMAIN. It notes every
question it is asked; an address in `refusing` refuses them, one in `silent` never answers."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from cluster.engine.dns.message import NOERROR, NXDOMAIN, SERVFAIL, Answer, Question, Record
from cluster.engine.node.network import Unreachable

DNS = "10.96.0.10"
ZONE = "cluster.local."
SOA = Record(
    ZONE, 30, "SOA", "ns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30"
)
SERVICES = {
    "kubernetes.default.svc.cluster.local.": "10.96.0.1",
    "kube-dns.kube-system.svc.cluster.local.": DNS,
    "web.default.svc.cluster.local.": "10.96.12.34",
}


@dataclass
class FakeDNS:
    names: dict[str, str] = field(default_factory=lambda: dict(SERVICES))
    nodata: tuple[str, ...] = ()  # names that have records, none of them A
    outside: str = SERVFAIL  # the rcode for a name outside cluster.local
    servers: tuple[str, ...] = (DNS,)
    refusing: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()
    authoritative: bool = True
    asked: list[tuple[str, str, str]] = field(default_factory=list)

    def __call__(self, ip: str, port: int, question: Question) -> Answer | None:
        if ip in self.silent or (ip not in self.servers and ip not in self.refusing):
            raise Unreachable(ip)
        if ip in self.refusing or port != 53:
            return None
        self.asked.append((ip, question.qtype, question.name))
        return self.answer(question)

    def answer(self, question: Question) -> Answer:
        name, qtype = question.name, question.qtype
        if qtype == "PTR":
            return self._pointer(name)
        if name == ZONE:
            return Answer(NOERROR, (SOA,) if qtype == "SOA" else (), (), (), True)
        if name in self.names or name in self.nodata:
            address = self.names.get(name, "")
            records = (Record(name, 5, "A", address),) if qtype == "A" and address else ()
            return Answer(NOERROR, records, () if records else (SOA,), (), self.authoritative)
        if name != ZONE and not name.endswith("." + ZONE):
            return Answer(self.outside)
        return Answer(NXDOMAIN, (), (SOA,), (), self.authoritative)

    def _pointer(self, name: str) -> Answer:
        for host, address in self.names.items():
            if ipaddress.ip_address(address).reverse_pointer + "." == name:
                return Answer(NOERROR, (Record(name, 5, "PTR", host),), (), (), True)
        if name.endswith(".in-addr.arpa."):
            return Answer(self.outside)
        return Answer(NXDOMAIN)

    def questions(self) -> list[str]:
        """What it was asked, as "TYPE name"."""
        return [f"{qtype} {name}" for _, qtype, name in self.asked]
