"""How a program in a container turns a name into addresses (getaddrinfo) and an address
into a name (getnameinfo), with the C library of its image's userland: /etc/hosts first (the
nsswitch.conf of glibc's images says `hosts: files dns`; musl and uClibc-ng always read it
first), then DNS questions to the nameservers of /etc/resolv.conf over the pod network, as
each library asks them (stub_glibc, stub_musl, stub_uclibc).

A lookup says how long it took on the virtual clock, for its program to wait it out: no time
when something answers, the library's timeouts when nothing does.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace

from cluster.engine.node import resolvconf
from cluster.engine.node.network import Network, hosts_entries
from cluster.engine.node.stub import NO_DATA, TRY_AGAIN, Found, Sender, bare, question
from cluster.engine.node.stub_glibc import Glibc
from cluster.engine.node.stub_musl import EAI_AGAIN, EAI_NODATA, EAI_NONAME, Musl
from cluster.engine.node.stub_uclibc import Uclibc

GLIBC = "glibc"
MUSL = "musl"
UCLIBC = "uclibc"
# the address families a program asks for, as the record types that hold them
ANY = ("A", "AAAA")  # AF_UNSPEC
IPV4 = ("A",)  # AF_INET
IPV6 = ("AAAA",)  # AF_INET6
_GLIBC_WORDS = {
    EAI_NONAME: "Name or service not known",
    EAI_AGAIN: "Temporary failure in name resolution",
    EAI_NODATA: "No address associated with hostname",
}
GAI_STRERROR = {
    GLIBC: _GLIBC_WORDS,
    UCLIBC: _GLIBC_WORDS,
    MUSL: {
        EAI_NONAME: "Name does not resolve",
        EAI_AGAIN: "Try again",
        EAI_NODATA: "Name has no usable address",
    },
}


@dataclass(frozen=True, slots=True)
class Lookup:
    """getaddrinfo's answer: the addresses in the order it lists them, or its error."""

    addresses: tuple[str, ...] = ()
    error: str = ""  # EAI_NONAME, EAI_AGAIN or EAI_NODATA when there are none
    elapsed_ms: int = 0

    @property
    def address(self) -> str:
        """The one a client connects to: the first IPv4 address (busybox prefers them, and
        a pod network routes no IPv6), else the first."""
        return next((a for a in self.addresses if ":" not in a), self.addresses[0])


class Resolver:
    """A process's resolver, whose state (the nameserver it rotated to) lasts its life.

    `res_init`: the program called res_init(), as busybox's old nslookup does; uClibc-ng's
    then gives every lookup 4 attempts and 5 s, whatever resolv.conf says."""

    def __init__(self, net: Network, res_init: bool = False) -> None:
        self.libc = net.libc or GLIBC
        self.hosts = hosts_entries(net.hosts)
        self.sender = Sender(net.ask)
        self.conf = resolvconf.parse(net.resolv_conf, self.libc, net.hostname)
        if res_init and self.libc == UCLIBC:
            servers = self.conf.nameservers[: resolvconf.MAXNS]
            self.conf = resolvconf.ResolvConf(servers, self.conf.search, attempts=4)
        self.glibc = Glibc(self.conf, self.sender)
        self.musl = Musl(self.conf, self.sender)
        self.uclibc = Uclibc(self.conf, self.sender)

    def set_default_dns(self, server: str) -> None:
        """Make `server` the nameserver, as busybox's old nslookup writes it into _res:
        glibc then asks it alone, uClibc-ng puts it in place of its first one, and musl
        reads no _res."""
        if self.libc == MUSL:
            return
        rest = self.conf.nameservers[1:] if self.libc == UCLIBC else ()
        self.conf = replace(self.conf, nameservers=(server, *rest))
        self.glibc.conf = self.uclibc.conf = self.conf

    @property
    def elapsed_ms(self) -> int:
        """The time its lookups have taken so far."""
        return self.sender.elapsed_ms

    def getaddrinfo(self, name: str, family: tuple[str, ...] = ANY) -> Lookup:
        start = self.elapsed_ms
        if _family(name):
            return Lookup((name,))
        lookup = {GLIBC: self._glibc, MUSL: self._musl, UCLIBC: self._uclibc}[self.libc]
        addresses, error = lookup(name, family)
        return Lookup(addresses, "" if addresses else error, self.elapsed_ms - start)

    def getnameinfo(self, address: str) -> str:
        """The name of an address (NI_NAMEREQD: "" when it has none): /etc/hosts' first
        for it, else the PTR record a nameserver has."""
        wanted = ipaddress.ip_address(address)
        for listed, names in self.hosts:
            if _family(listed) and ipaddress.ip_address(listed) == wanted:
                return names[0]
        pointer = wanted.reverse_pointer
        if self.libc == MUSL:
            answer = self.musl.send([question(pointer, "PTR")])[0]
            targets = [r.data for r in answer.answer if r.rtype == "PTR"] if answer else []
            return bare(targets[-1]) if targets else ""  # it keeps the last it reads
        if self.libc == UCLIBC:
            found = self.uclibc.lookup(pointer, "PTR")
        else:
            found = self.glibc.query(pointer, ("PTR",))[0]
        targets = found.addresses("PTR")
        return bare(targets[0]) if targets else ""

    def _glibc(self, name: str, family: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        wanted = name.lower()
        listed = tuple(
            address
            for address, names in self.hosts
            if _family(address) in family and wanted in (n.lower() for n in names)
        )
        if listed:
            return _ordered(listed), ""
        qtypes = IPV4 if family == ANY and "no-aaaa" in self.conf.options else family
        found = self.glibc.search(name, qtypes)
        if found.herrno:
            return (), {TRY_AGAIN: EAI_AGAIN, NO_DATA: EAI_NODATA}.get(found.herrno, EAI_NONAME)
        addresses = sum((found.addresses(q) for q in family), ())
        return _ordered(addresses), EAI_NONAME

    def _musl(self, name: str, family: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        matched = [address for address, names in self.hosts if name in names]
        listed = tuple(a for a in matched if _family(a) in family)
        if listed or any(_family(a) for a in matched):
            return _ordered(listed), EAI_NODATA
        answers, error = self.musl.search(name, family)
        found = Found(tuple(record for answer in answers for record in answer.answer))
        addresses = sum((found.addresses(q) for q in reversed(family)), ())
        return _ordered(addresses), error or EAI_NONAME

    def _uclibc(self, name: str, family: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        """IPv6 then IPv4, each its own lookup: /etc/hosts' first line of that family, and
        no DNS for a name /etc/hosts has in the other family only."""
        addresses: list[str] = []
        for qtype in reversed(family):
            lines = [a for a, names in self.hosts if name.lower() in (n.lower() for n in names)]
            listed = [a for a in lines if _family(a) == qtype]
            if listed or lines:
                addresses += listed[:1]
                continue
            addresses += self.uclibc.lookup(name, qtype).addresses(qtype)
        return tuple(addresses), EAI_NONAME


def message(libc: str, error: str) -> str:
    """gai_strerror: the library's words for a lookup's error."""
    return GAI_STRERROR.get(libc, _GLIBC_WORDS)[error]


def _family(text: str) -> str:
    """The record type of an address ("" for what is none)."""
    try:
        return "A" if ipaddress.ip_address(text).version == 4 else "AAAA"
    except ValueError:
        return ""


def _ordered(addresses: tuple[str, ...]) -> tuple[str, ...]:
    """The order RFC 6724's rules give them on a pod network: ::1 (precedence 50) before
    IPv4 (35), other IPv6 addresses last, unusable with no IPv6 route (rule 1)."""

    def rank(address: str) -> int:
        if _family(address) == "A":
            return 1
        return 0 if ipaddress.ip_address(address).is_loopback else 2

    return tuple(sorted(addresses, key=rank))
