"""What bind 9.9's dig, host and nslookup share (bin/dig/dighost.c of 9.9.5, as Debian
jessie's dnsutils 1:9.9.5.dfsg-9+deb8u19 built it): their own reading of /etc/resolv.conf
(liblwres', not the C library's), the search list, and a lookup sent to each server in
turn until one answers, every server again each retry, a timeout per server and try.

They ask the nameserver themselves: the C library only finds the address of a server given
by name. A server that refuses the datagram is waited for like a silent one: 9.9's UDP
socket is not connected, so the ICMP error never reaches it.

What the network does not tell (the message id dig draws at random, how long the answer
took) is drawn from the container's clock and the question, the same every time.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cluster.engine.dns.message import NOERROR, NXDOMAIN, SERVFAIL, Answer, Question, Record
from cluster.engine.node import resolver
from cluster.engine.node.stub import PORT, Sender

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

VERSION = "9.9.5-9+deb8u19-Debian"
UDP_TIMEOUT_MS = 5000
EDNS_UDP_SIZE = 4096  # the buffer size dig advertises with EDNS unless +bufsize says
QUERY_MS_MAX = 3  # an answer from the cluster's DNS takes up to this long
MAX_SERVERS = 3  # LWRES_CONFMAXNAMESERVERS
MAX_SEARCH = 8  # LWRES_CONFMAXSEARCH
HEADER_BYTES = 12
OPT_BYTES = 11  # the OPT pseudo-record with no options
# the types dns_rdatatype_fromtext knows in 9.9.5 (zone transfers left out: they need TCP)
_TYPE_NAMES = (
    "A A6 AAAA AFSDB APL ATMA CERT CNAME DHCID DLV DNAME DNSKEY DS EID EUI48 EUI64 GID GPOS "
    "HINFO HIP IPSECKEY ISDN KEY KEYDATA KX L32 L64 LOC LP MB MD MF MG MINFO MR MX NAPTR NID "
    "NIMLOC NS NSAP NSAP-PTR NSEC NSEC3 NSEC3PARAM NULL NXT OPT PTR PX RESERVED0 RP RRSIG RT "
    "SIG SOA SPF SRV SSHFP TKEY TLSA TSIG TXT UID UINFO UNSPEC URI WKS X25 MAILB MAILA ANY"
)
TYPES = frozenset(_TYPE_NAMES.split())


@dataclass(frozen=True, slots=True)
class Conf:
    """/etc/resolv.conf as lwres_conf_parse reads it."""

    nameservers: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    ndots: int = 1


def read_conf(text: str) -> Conf:
    """The nameservers (three at most), the search list (`domain` and `search` replace
    each other) and ndots; other lines are ignored."""
    servers: list[str] = []
    search: tuple[str, ...] = ()
    ndots = 1
    for line in text.splitlines():
        keyword, *words = line.split() or [""]
        if keyword == "nameserver" and len(words) == 1 and len(servers) < MAX_SERVERS:
            servers += [words[0]] if _family(words[0]) else []
        elif keyword == "domain" and len(words) == 1:
            search = (words[0],)
        elif keyword == "search" and words:
            search = tuple(words[:MAX_SEARCH])
        elif keyword == "options":
            for word in words:
                value = word.removeprefix("ndots:")
                ndots = int(value) if value != word and value.isdigit() else ndots
    return Conf(tuple(servers), search, min(ndots, 255))


@dataclass(frozen=True, slots=True)
class Server:
    """A server to ask: its address, and the name or address it was given as."""

    address: str
    given: str

    @classmethod
    def of(cls, address: str) -> Server:
        return cls(address, address)


def find_servers(shell: Shell, given: str) -> tuple[list[Server], str]:
    """bind9_getaddresses: the addresses of a server given by name or address, found by
    the C library, or isc_result_totext's word for why there are none."""
    if _family(given):
        return [Server(str(ipaddress.ip_address(given)), given)], ""
    found = resolver.Resolver(shell.pod_network()).getaddrinfo(given)
    shell.sleep(found.elapsed_ms)
    if found.error:
        return [], "failure" if found.error == resolver.EAI_AGAIN else "not found"
    return [Server(address, given) for address in found.addresses], ""


def reverse_name(value: str, strict: bool) -> str:
    """get_reverse: the ip6.arpa name of an IPv6 address (as dns_name_format writes it,
    without the root's dot), else the in-addr.arpa name of the octets reversed; "" when
    `strict` and it is no IPv4 address either."""
    if _family(value) == "AAAA":
        return ipaddress.ip_address(value).reverse_pointer
    if strict and _family(value) != "A":
        return ""
    return ".".join(reversed(value.split("."))) + ".in-addr.arpa."


def record_type(word: str) -> str:
    """dns_rdatatype_fromtext: the type a word names ("" for none)."""
    upper = word.upper()
    if upper in TYPES:
        return upper
    number = upper.removeprefix("TYPE")
    return upper if number != upper and number.isdigit() and int(number) < 65536 else ""


@dataclass(slots=True)
class Lookup:
    """What to ask and how (dig_lookup_t)."""

    name: str  # as given: relative names are searched
    qtype: str = "A"
    servers: list[Server] = field(default_factory=list)
    use_search: bool = False
    search: tuple[str, ...] = ()  # the search list (resolv.conf's, or a domain given)
    ndots: int = 1
    port: int = PORT
    recurse: bool = True
    edns_udp: int = 0  # the buffer size an OPT record advertises (0: no EDNS)
    cd: bool = False  # +cdflag, which CoreDNS echoes
    tries: int = 3
    timeout_ms: int = UDP_TIMEOUT_MS
    servfail_stops: bool = True
    check_ra: bool = False  # pass over a server whose answer says no recursion
    comments: bool = True  # say so when a server is passed over
    show_search: bool = False  # print the answers for the names searched before


@dataclass(frozen=True, slots=True)
class Reply:
    """A server's answer to a lookup's question, as the tools read it."""

    question: Question
    answer: Answer
    server: Server
    port: int
    id: int
    query_ms: int
    recursion_desired: bool
    checking_disabled: bool
    edns_udp: int

    @property
    def flags(self) -> tuple[str, ...]:
        """The header's flags: CoreDNS answers (qr), sets aa for its zones, echoes rd and
        cd, and since 1.3 sets ra for none of its plugins' answers."""
        named = (
            ("qr", True),
            ("aa", self.answer.authoritative),
            ("rd", self.recursion_desired),
            ("cd", self.checking_disabled),
        )
        return tuple(flag for flag, on in named if on)

    @property
    def additional_count(self) -> int:
        return len(self.answer.additional) + (1 if self.edns_udp else 0)

    @property
    def size(self) -> int:
        """The message's bytes: CoreDNS compresses no message that fits the client's buffer."""
        records = (*self.answer.answer, *self.answer.authority, *self.answer.additional)
        question = name_bytes(self.question.name) + 4
        size = HEADER_BYTES + question + sum(map(record_bytes, records))
        return size + (OPT_BYTES if self.edns_udp else 0)

    @property
    def from_text(self) -> str:
        """isc_sockaddr_format: "10.96.0.10#53"."""
        return f"{self.server.address}#{self.port}"


@dataclass(frozen=True, slots=True)
class Attempt:
    """A name a lookup asks: with a search domain after it (`origin`), or as it is and,
    for a name with ndots dots, still to be searched (`need_search`)."""

    name: str
    origin: bool = False
    need_search: bool = False


@dataclass(frozen=True, slots=True)
class Printed:
    """An answer to print, and how often its statistics are (received())."""

    reply: Reply
    stats: int


def searched(lookup: Lookup) -> list[Attempt]:
    """setup_lookup and next_origin: a name with fewer dots than ndots with each search
    domain after it, then as it is (a name with the root's dot only once, with the first);
    any other name as it is."""
    name = lookup.name
    if name.count(".") >= lookup.ndots or not lookup.use_search:
        return [Attempt(name, need_search=lookup.use_search)]
    if not lookup.search:
        return [Attempt(name)]
    if name.endswith("."):
        return [Attempt(name, origin=True)]
    searched = [Attempt(f"{name}.{domain.strip('.')}", origin=True) for domain in lookup.search]
    return [*searched, Attempt(name)]


def replies(shell: Shell, lookup: Lookup) -> Iterator[Printed | None]:
    """The answers a lookup prints, in turn (None: no server answered in time). An NXDOMAIN
    goes on to the next name of the search list, printed only with +showsearch; the
    statistics of an answer are printed when it is NOERROR or the name was asked as it is,
    and twice for the NXDOMAIN of a name with ndots dots that was to be searched."""
    attempts = searched(lookup)
    sender = Sender(shell.pod_network().ask, lookup.port)
    tries = lookup.tries
    for index, attempt in enumerate(attempts):
        question = Question(fqdn(attempt.name), lookup.qtype)
        reply, tries = _ask(shell, lookup, sender, question, tries)
        if not isinstance(reply, Reply):
            if reply is None:
                yield None
            return
        last = index == len(attempts) - 1
        if reply.answer.rcode != NXDOMAIN or not (attempt.origin or attempt.need_search):
            yield Printed(reply, int(reply.answer.rcode == NOERROR or not attempt.origin))
            return
        if last or lookup.show_search:
            yield Printed(reply, 1 + int(not attempt.origin))
        if last:
            return


def _ask(
    shell: Shell, lookup: Lookup, sender: Sender, question: Question, tries: int
) -> tuple[Reply | bool | None, int]:
    """One name sent to each server in turn, all of them again each try: the reply to
    print, False when a server passed over was the last (nothing is printed then), None
    when all timed out; and the tries left, which the next name of the search inherits.
    A server passed over leaves the list: the last one left is printed whatever it says."""
    ident = _draw(shell, question.name, question.qtype, "id") & 0xFFFF
    left = list(lookup.servers)
    while True:
        for server in list(left):
            answer = sender.send(server.address, question)
            if not isinstance(answer, Answer):
                shell.sleep(lookup.timeout_ms)
                continue
            reply = _reply(shell, lookup, question, answer, server, ident)
            if not _passed_over(lookup, answer) or left == [server]:
                return reply, tries
            _say_passed_over(shell, lookup, answer, server)
            last = server == left[-1]
            left.remove(server)
            if last:
                return False, tries
        if tries <= 1:
            return None, tries
        tries -= 1


def _reply(
    shell: Shell, lookup: Lookup, question: Question, answer: Answer, server: Server, ident: int
) -> Reply:
    took = _draw(shell, question.name, question.qtype, server.address) % (QUERY_MS_MAX + 1)
    shell.sleep(took)
    return Reply(
        question,
        answer,
        server,
        lookup.port,
        ident,
        took,
        lookup.recurse,
        lookup.cd,
        lookup.edns_udp,
    )


def _passed_over(lookup: Lookup, answer: Answer) -> bool:
    """A SERVFAIL without +fail, or an answer without ra when recursion was asked and the
    tool checks (host and nslookup with the servers of resolv.conf): CoreDNS sets ra on
    none of its answers."""
    servfail = answer.rcode == SERVFAIL and not lookup.servfail_stops
    return servfail or (lookup.check_ra and lookup.recurse)


def _say_passed_over(shell: Shell, lookup: Lookup, answer: Answer, server: Server) -> None:
    if lookup.comments:
        why = "SERVFAIL reply" if answer.rcode == SERVFAIL else "recursion not available"
        shell.out(f";; Got {why} from {server.address}, trying next server\n")


def _draw(shell: Shell, *about: str) -> int:
    """A number that stands for what the network decides, from the container's clock and
    what it is about: the same every time."""
    now = shell.context.start_unix_ms + shell.now
    digest = hashlib.sha256(":".join((str(now), *about)).encode()).digest()
    return int.from_bytes(digest[:4], "big")


def fqdn(name: str) -> str:
    """The name as asked: absolute, in lower case (the questions CoreDNS answers are)."""
    return name.lower().rstrip(".") + "."


def name_bytes(name: str) -> int:
    """An uncompressed name's length on the wire."""
    labels = [label for label in name.rstrip(".").split(".") if label]
    return sum(len(label) + 1 for label in labels) + 1


def record_bytes(record: Record) -> int:
    """A resource record's length on the wire, uncompressed."""
    return name_bytes(record.name) + 10 + _rdata_bytes(record)


def _rdata_bytes(record: Record) -> int:
    fields = record.data.split()
    if record.rtype == "A":
        return 4
    if record.rtype == "AAAA":
        return 16
    if record.rtype in ("PTR", "CNAME", "NS"):
        return name_bytes(record.data)
    if record.rtype == "SRV":
        return 6 + name_bytes(fields[3])
    if record.rtype == "MX":
        return 2 + name_bytes(fields[1])
    if record.rtype == "SOA":
        return name_bytes(fields[0]) + name_bytes(fields[1]) + 20
    strings = record.data.strip('"').split('" "')  # TXT: each string after its length
    return sum(len(s) + 1 for s in strings)


def _family(text: str) -> str:
    try:
        return "A" if ipaddress.ip_address(text).version == 4 else "AAAA"
    except ValueError:
        return ""
