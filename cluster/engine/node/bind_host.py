"""bind 9.9.5's host (bin/dig/host.c, Debian jessie's dnsutils): a line for each record
it finds, the name searched as resolv.conf says, an address looked up backwards:

    kubernetes.default.svc.cluster.local has address 10.96.0.1
    Host nosuch not found: 3(NXDOMAIN)

Given no type, it asks A, then AAAA and MX for the name the A answer ends at, and prints
what those find. Options come before the name (getopt stops at it); the server after it.
Left out: the verbose forms (-v, -d, -a), zone listings (-l), SOA comparison (-C), ip6.int
(-i), IPv6 transport (-6), classes but IN.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cluster.engine.dns.message import NOERROR, NXDOMAIN, Record
from cluster.engine.node import bind_dighost as dighost
from cluster.engine.node.bind_dighost import Lookup, Reply, Server
from cluster.engine.node.process import Text
from cluster.engine.node.stub import bare

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

USAGE = (
    "Usage: host [-aCdlriTwv] [-c class] [-N ndots] [-t type] [-W time]\n"
    "            [-R number] [-m flag] hostname [server]\n"
    "       -a is equivalent to -v -t ANY\n"
    "       -c specifies query class for non-IN data\n"
    "       -C compares SOA records on authoritative nameservers\n"
    "       -d is equivalent to -v\n"
    "       -l lists all hosts in a domain, using AXFR\n"
    "       -i IP6.INT reverse lookups\n"
    "       -N changes the number of dots allowed before root lookup is done\n"
    "       -r disables recursive processing\n"
    "       -R specifies number of retries for UDP packets\n"
    "       -s a SERVFAIL response should stop query\n"
    "       -t specifies the query type\n"
    "       -T enables TCP/IP mode\n"
    "       -v enables verbose output\n"
    "       -w specifies to wait forever for a reply\n"
    "       -W specifies how long to wait for a reply\n"
    "       -4 use IPv4 query transport only\n"
    "       -6 use IPv6 query transport only\n"
    "       -m set memory debugging flag (trace|record|usage)\n"
)
FLAGS = "4nrsTw"  # the options it takes without a value
VALUED = "cNRtW"  # and with one
RCODES = {"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}
# what it says of each type's records (rtypes[]); others "has TYPE record"
SAYS = {
    "A": "has address",
    "NS": "name server",
    "CNAME": "is an alias for",
    "WKS": "has well known services",
    "PTR": "domain name pointer",
    "HINFO": "host information",
    "MX": "mail is handled by",
    "TXT": "descriptive text",
    "X25": "x25 address",
    "ISDN": "ISDN address",
    "SIG": "has signature",
    "KEY": "has key",
    "AAAA": "has IPv6 address",
    "LOC": "location",
}
FOREVER_MS = 2**31 * 1000  # -w: a timeout of INT_MAX seconds


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@dataclass(slots=True)
class _Host:
    """What the options set, and what has been printed so far."""

    program: str
    qtype: str = "A"
    defaults: bool = True  # no type given: A, then AAAA and MX
    recurse: bool = True
    servfail_stops: bool = False
    tries: int = 2
    timeout_ms: int = dighost.UDP_TIMEOUT_MS
    ndots: int = -1
    servers: list[Server] = field(default_factory=list)
    listed_server: bool = False
    printed_server: bool = False
    seen_error: int = -1


def host(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    run = _Host(argv[0])
    try:
        name = _parse(shell, run, argv)
    except _Exit as ended:
        return ended.code
    conf = dighost.read_conf(shell.file_text("/etc/resolv.conf"))
    pointer = dighost.reverse_name(name, strict=True)
    run.defaults = run.defaults and not pointer
    lookups = [_lookup(run, conf, pointer or name, "PTR" if pointer else run.qtype)]
    lookups[0].use_search = not pointer
    while lookups:
        lookups += _run(shell, run, lookups.pop(0), name)
    return 0 if run.seen_error == 0 else 1


def _parse(shell: Shell, run: _Host, argv: list[str]) -> str:
    """getopt's options, then the name and perhaps a server."""
    index = 1
    while index < len(argv) and argv[index].startswith("-"):
        arg = argv[index]
        index += 1
        if arg == "--":
            break
        letters = arg[1:] or "-"  # "-" alone is the option "-", which it does not know
        while letters:
            letter, letters = letters[0], letters[1:]
            if letter in FLAGS:
                _flag(run, letter)
                continue
            if letter not in VALUED:
                _usage(shell, f"{run.program}: illegal option -- {letter}\n")
            if not letters and index >= len(argv):
                _usage(shell, f"{run.program}: option requires an argument -- {letter}\n")
            value = letters or argv[index]
            index += 0 if letters else 1
            _option(shell, run, letter, value)
            letters = ""
    if index >= len(argv):
        _usage(shell, "")
    if index + 1 < len(argv):
        servers, why = dighost.find_servers(shell, argv[index + 1])
        if why:
            _fatal(shell, run, f"couldn't get address for '{argv[index + 1]}': {why}")
        run.servers, run.listed_server = servers, True
    return argv[index]


def _flag(run: _Host, letter: str) -> None:
    if letter == "r":
        run.recurse = False
    elif letter == "s":
        run.servfail_stops = True
    elif letter == "w":
        run.timeout_ms = FOREVER_MS


def _option(shell: Shell, run: _Host, letter: str, value: str) -> None:
    if letter == "t":
        qtype = dighost.record_type(value)
        if not qtype:
            _fatal(shell, run, f"invalid type: {value}\n", 2)
        run.qtype, run.defaults = qtype, False
    elif letter == "c":
        if value.upper() != "IN":
            _fatal(shell, run, f"invalid class: {value}\n", 2)
        run.defaults = False
    elif letter == "W":
        run.timeout_ms = max(1, _atoi(value)) * 1000
    elif letter == "R":
        run.tries = max(2, _atoi(value) + 1)
    else:
        run.ndots = _atoi(value)


def _atoi(text: str) -> int:
    digits = text.lstrip()
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    count = len(digits) - len(digits.lstrip("0123456789"))
    return sign * int(digits[:count] or 0)


def _usage(shell: Shell, said: str) -> None:
    """show_usage, after what getopt said of the option."""
    shell.err(said + USAGE)
    raise _Exit(1)


def _fatal(shell: Shell, run: _Host, message: str, code: int = 1) -> None:
    """fatal(): host's exit code is 1, or 2 for a type or class it does not know."""
    shell.err(f"{run.program}: {message}\n")
    raise _Exit(code)


def _lookup(run: _Host, conf: dighost.Conf, name: str, qtype: str) -> Lookup:
    servers = run.servers or [Server.of(a) for a in conf.nameservers]
    return Lookup(
        name,
        qtype,
        servers or [Server.of("127.0.0.1"), Server.of("::1")],
        False,
        conf.search,
        conf.ndots if run.ndots < 0 else run.ndots,
        recurse=run.recurse,
        tries=run.tries,
        timeout_ms=run.timeout_ms,
        servfail_stops=run.servfail_stops,
        check_ra=not run.listed_server,
        comments=False,
    )


def _run(shell: Shell, run: _Host, lookup: Lookup, given: str) -> list[Lookup]:
    """A lookup's answers printed; the lookups they add (AAAA and MX after an A)."""
    added: list[Lookup] = []
    for printed in dighost.replies(shell, lookup):
        if printed is None:
            shell.out(";; connection timed out; no servers could be reached\n")
        else:
            added += _print(shell, run, lookup, printed.reply)
    return added


def _print(shell: Shell, run: _Host, lookup: Lookup, reply: Reply) -> list[Lookup]:
    """printmessage in its short form."""
    force_error, run.seen_error = int(run.seen_error == 1), 1
    if run.listed_server and not run.printed_server:
        server = reply.server
        shell.out(f"Using domain server:\nName: {server.given}\nAddress: {reply.from_text}\n")
        shell.out("Aliases: \n\n")
        run.printed_server = True
    answer = reply.answer
    asked = bare(reply.question.name)
    if answer.rcode != NOERROR:
        name = lookup.name if answer.rcode == NXDOMAIN else asked
        code = RCODES.get(answer.rcode, 0)
        shell.out(f"Host {name} not found: {code}({answer.rcode})\n")
        return []
    shell.out("".join(map(_say, answer.answer)))
    if not run.defaults and not answer.answer:
        shell.out(f"{asked} has no {reply.question.qtype} record\n")
    run.seen_error = force_error
    return _more(run, lookup, reply) if run.defaults and lookup.qtype == "A" else []


def _say(record: Record) -> str:
    """say_message: the owner, what the type says, the data."""
    says = SAYS.get(record.rtype, f"has {record.rtype} record")
    return f"{bare(record.name)} {says} {record.data}\n"


def _more(run: _Host, lookup: Lookup, reply: Reply) -> list[Lookup]:
    """The AAAA and MX lookups of the name the A answer's aliases end at."""
    name = reply.question.name
    for _ in reply.answer.answer:
        aliases = [r for r in reply.answer.answer if r.rtype == "CNAME" and r.name == name]
        name = aliases[0].data if aliases else name
    following = bare(name)
    return [
        replace(lookup, name=following, qtype=qtype, use_search=False, tries=run.tries)
        for qtype in ("AAAA", "MX")
    ]
