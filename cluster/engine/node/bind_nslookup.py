"""bind 9.9.5's nslookup (bin/dig/nslookup.c, Debian jessie's dnsutils), the one the
Kubernetes docs' dnsutils image runs:

    Server:		10.96.0.10
    Address:	10.96.0.10#53

    Name:	kubernetes.default.svc.cluster.local
    Address: 10.96.0.1

and a blank line at its end. A name is searched with resolv.conf's search list; an
address is looked up backwards. Options (-type=, -port=, -timeout=, -retry=, -ndots=,
-domain=, -[no]search, -[no]recurse, -[no]fail, -[no]debug...) apply to the lookups after
them; a second name is the server. Given no name, it reads its commands from stdin (a
name to look up, `set OPTION`, `server NAME`, `exit`). Left out: the prompt at a terminal,
classes but IN, -vc, -d2, `set all`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

from cluster.engine.dns.message import NOERROR, Record
from cluster.engine.node import bind_dighost as dighost
from cluster.engine.node.bind_dighost import Lookup, Reply, Server
from cluster.engine.node.process import Text
from cluster.engine.node.stub import bare

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

# what it says before each type's data (rtypetext[]); "rdata_N = " past them
SAYS = {
    "NS": "nameserver = ",
    "MD": "md = ",
    "MF": "mf = ",
    "CNAME": "canonical name = ",
    "MB": "mb = ",
    "MG": "mg = ",
    "MR": "mr = ",
    "PTR": "name = ",
    "HINFO": "hinfo = ",
    "MINFO": "minfo = ",
    "MX": "mail exchanger = ",
    "TXT": "text = ",
    "RP": "rp = ",
    "AFSDB": "afsdb = ",
    "X25": "x25 address = ",
    "ISDN": "isdn address = ",
    "RT": "rt = ",
    "NSAP": "nsap = ",
    "NSAP-PTR": "nsap_ptr = ",
    "SIG": "signature = ",
    "KEY": "key = ",
    "PX": "px = ",
    "GPOS": "gpos = ",
    "AAAA": "has AAAA address ",
    "LOC": "loc = ",
    "NXT": "next = ",
    "SRV": "service = ",
    "NAPTR": "naptr = ",
    "KX": "kx = ",
    "CERT": "cert = ",
    "A6": "v6 address = ",
    "DNAME": "dname = ",
}
SOA_FIELDS = ("serial", "refresh", "retry", "expire", "minimum")
FATAL_EXIT = 10


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@dataclass(slots=True)
class _Settings:
    """What setoption has set so far (nslookup's globals)."""

    qtype: str = "A"
    recurse: bool = True
    search: bool = True
    debug: bool = False
    fail: bool = False
    tries: int = 3
    timeout_s: int = 0
    port: int = dighost.PORT
    ndots: int = -1
    domain: str = ""


@dataclass(slots=True)
class _Nslookup:
    program: str
    settings: _Settings = field(default_factory=_Settings)
    lookup: tuple[str, _Settings] | None = None  # the name given, with the options before it
    servers: list[Server] = field(default_factory=list)  # the servers given
    query_error: int = 1  # no server reached yet
    print_error: int = 0  # a lookup's answer was an error


def nslookup(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    run = _Nslookup(argv[0])
    try:
        _parse(shell, run, argv)
        conf = dighost.read_conf(shell.file_text("/etc/resolv.conf"))
        if run.lookup is not None:
            _run(shell, run, conf, *run.lookup)
        else:
            _commands(shell, run, conf, shell.plain(stdin or ()))
    except _Exit as ended:
        return ended.code
    shell.out("\n")
    return run.query_error | run.print_error


def _parse(shell: Shell, run: _Nslookup, argv: list[str]) -> None:
    """parse_args: options in turn, the first name a lookup ("-": none, commands from
    stdin), another the server."""
    given = False
    for arg in argv[1:]:
        if arg.startswith("-") and arg != "-":
            _option(shell, run.settings, arg[1:])
        elif not given:
            given = True
            run.lookup = None if arg == "-" else (arg, replace(run.settings))
        else:
            _server(shell, run, arg)


def _server(shell: Shell, run: _Nslookup, given: str) -> None:
    """set_nameserver, which dies of a name it cannot find."""
    servers, why = dighost.find_servers(shell, given)
    if why:
        shell.err(f"{run.program}: couldn't get address for '{given}': {why}\n")
        raise _Exit(FATAL_EXIT)
    run.servers = servers


def _commands(shell: Shell, run: _Nslookup, conf: dighost.Conf, script: str) -> None:
    """getinput: a command a line until `exit` or the end of stdin."""
    for line in script.splitlines():
        command, *rest = line.split() or [""]
        if command.lower() == "exit":
            return
        if command.lower() == "set" and rest:
            _option(shell, run.settings, rest[0])
        elif command.lower() in ("server", "lserver") and rest:
            _server(shell, run, rest[0])
            shell.out("".join(map(partial(_default_server, run.settings.port), run.servers)))
        elif command.lower() in ("help", "?"):
            shell.out(f"The '{command}' command is not yet implemented.\n")
        elif command.lower() in ("finger", "root", "ls", "view"):
            shell.out(f"The '{command}' command is not implemented.\n")
        elif command and command.lower() != "set":
            _run(shell, run, conf, command, replace(run.settings))


def _default_server(port: int, server: Server) -> str:
    """show_settings, for the servers alone."""
    return f"Default server: {server.given}\nAddress: {server.address}#{port}\n"


# setoption's words in the order it tries them: a word is taken when it begins with the
# keyword (with "=", the value follows); the flag words must match in full
_WORDS = (
    ("class=", "class"),
    ("cl=", "class"),
    ("type=", "type"),
    ("ty=", "type"),
    ("querytype=", "type"),
    ("query=", "type"),
    ("qu=", "type"),
    ("q=", "type"),
    ("domain=", "domain"),
    ("do=", "domain"),
    ("port=", "port"),
    ("po=", "port"),
    ("timeout=", "timeout"),
    ("t=", "timeout"),
    ("rec", "recurse"),
    ("norec", "norecurse"),
    ("retry=", "retry"),
    ("ret=", "retry"),
    ("def", "search"),
    ("nodef", "nosearch"),
    ("deb", "debug"),
    ("nodeb", "nodebug"),
    ("sea", "search"),
    ("nosea", "nosearch"),
    ("sil", "silent"),  # the deprecation message it no longer prints
    ("fai", "fail"),
    ("nof", "nofail"),
    ("ndots=", "ndots"),
)


def _option(shell: Shell, settings: _Settings, option: str) -> None:
    """setoption: the first keyword the option begins with."""
    lowered = option.lower()
    for keyword, meaning in _WORDS:
        if lowered.startswith(keyword):
            _set(shell, settings, meaning, option[len(keyword) :])
            return
    shell.out(f"*** Invalid option: {option}\n")


def _set(shell: Shell, settings: _Settings, meaning: str, value: str) -> None:
    if meaning == "type":
        qtype = dighost.record_type(value)
        settings.qtype = qtype or settings.qtype
        shell.out("" if qtype else f"unknown query type: {value}\n")
    elif meaning == "class":
        shell.out("" if value.upper() == "IN" else f"unknown query class: {value}\n")
    elif meaning in _FLAGS:
        attribute, state = _FLAGS[meaning]
        setattr(settings, attribute, state)
    elif meaning == "domain":
        settings.domain, settings.search = value, True
    elif meaning in _NUMBERS:
        attribute, highest = _NUMBERS[meaning]
        number = _number(shell, value, highest, meaning)
        if number >= 0:
            setattr(settings, attribute, number)


_FLAGS = {
    "recurse": ("recurse", True),
    "norecurse": ("recurse", False),
    "search": ("search", True),
    "nosearch": ("search", False),
    "debug": ("debug", True),
    "nodebug": ("debug", False),
    "fail": ("fail", True),
    "nofail": ("fail", False),
}
_NUMBERS = {
    "port": ("port", 65535),
    "timeout": ("timeout_s", 2**32 - 1),
    "retry": ("tries", 2**31 - 1),
    "ndots": ("ndots", 128),
}


def _number(shell: Shell, value: str, highest: int, what: str) -> int:
    """parse_uint: the number, or -1 after saying why it is none."""
    word = "tries" if what == "retry" else what
    if not value.isdigit() or int(value) > highest:
        why = "out of range" if value.isdigit() else "not a valid number"
        shell.out(f"invalid {word} '{value}': {why}\n")
        return -1
    return int(value)


def _lookup(run: _Nslookup, conf: dighost.Conf, name: str, settings: _Settings) -> Lookup:
    pointer = dighost.reverse_name(name, strict=True)
    servers = run.servers or [Server.of(a) for a in conf.nameservers]
    return Lookup(
        pointer or name,
        "PTR" if pointer else settings.qtype,
        servers or [Server.of("127.0.0.1"), Server.of("::1")],
        settings.search,
        (settings.domain,) if settings.domain else conf.search,
        conf.ndots if settings.ndots < 0 else settings.ndots,
        settings.port,
        settings.recurse,
        tries=settings.tries,
        timeout_ms=settings.timeout_s * 1000 or dighost.UDP_TIMEOUT_MS,
        servfail_stops=settings.fail,
        check_ra=not run.servers,
        show_search=settings.debug,
    )


def _run(shell: Shell, run: _Nslookup, conf: dighost.Conf, name: str, settings: _Settings) -> None:
    """A lookup's answers printed as they come."""
    lookup = _lookup(run, conf, name, settings)
    for printed in dighost.replies(shell, lookup):
        if printed is None:
            shell.out(";; connection timed out; no servers could be reached\n")
        else:
            _print(shell, run, lookup, printed.reply, settings.debug)


def _print(shell: Shell, run: _Nslookup, lookup: Lookup, reply: Reply, debug: bool) -> None:
    """printmessage: the server, then the answer or why there is none."""
    run.query_error = 0
    answer = reply.answer
    shell.out(f"Server:\t\t{reply.server.given}\nAddress:\t{reply.from_text}\n\n")
    if debug:
        shell.out(_details(reply))
    if answer.rcode != NOERROR:
        name = bare(reply.question.name)
        shell.out(f"** server can't find {name}: {answer.rcode}\n")
        run.print_error = 1
        return
    if not answer.authoritative:
        shell.out("Non-authoritative answer:\n")
    if answer.answer:
        shell.out("".join(map(_line, answer.answer)))
    else:
        shell.out(f"*** Can't find {lookup.name}: No answer\n")
    if not answer.authoritative and lookup.qtype != "A":
        shell.out("\nAuthoritative answers can be found from:\n")
        shell.out("".join(map(_line, (*answer.authority, *answer.additional))))


def _line(record: Record) -> str:
    """printsection: an address as Name and Address, an SOA field by field, others on a
    line after the owner."""
    owner = bare(record.name)
    if record.rtype == "A":
        return f"Name:\t{owner}\nAddress: {record.data}\n"
    if record.rtype == "SOA":
        return f"{owner}\n{_soa(record)}"
    return f"{owner}\t{_data(record)}\n"


def _data(record: Record) -> str:
    says = "internet address = " if record.rtype == "A" else SAYS.get(record.rtype)
    return f"{says or 'rdata_' + record.rtype + ' = '}{record.data}"


def _soa(record: Record) -> str:
    """printsoa: its names without the root's dot, then its numbers."""
    origin, mail, *numbers = record.data.split()
    lines = [f"\torigin = {bare(origin)}", f"\tmail addr = {bare(mail)}"]
    lines += [f"\t{label} = {n}" for label, n in zip(SOA_FIELDS, numbers, strict=True)]
    return "\n".join(lines) + "\n"


def _details(reply: Reply) -> str:
    """-debug's sections, each record with its TTL."""
    question = reply.question
    parts = [
        "------------\n    QUESTIONS:\n",
        f"\t{bare(question.name)}, type = {question.qtype}, class = IN\n",
    ]
    titles = ("ANSWERS", "AUTHORITY RECORDS", "ADDITIONAL RECORDS")
    sections = (reply.answer.answer, reply.answer.authority, reply.answer.additional)
    for title, records in zip(titles, sections, strict=True):
        parts.append(f"    {title}:\n")
        parts += [_detail(record) for record in records]
    return "".join(parts) + "------------\n"


def _detail(record: Record) -> str:
    body = _soa(record) if record.rtype == "SOA" else f"\t{_data(record)}\n"
    return f"    ->  {bare(record.name)}\n{body}\tttl = {record.ttl}\n"
