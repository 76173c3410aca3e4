"""bind 9.9.5's dig (bin/dig/dig.c, Debian jessie's dnsutils), as the Kubernetes docs'
dnsutils image has it: its arguments in order (`@server`, a type or the class IN, names,
-x, -t, -q, -p, -c and the +options it takes), and what it prints of each answer, laid
out as lib/dns/masterdump.c writes records:

    ; <<>> DiG 9.9.5-9+deb8u19-Debian <<>> kubernetes.default.svc.cluster.local
    ;; global options: +cmd
    ;; Got answer:
    ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 5865
    ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
    ;; WARNING: recursion requested but not available

Left out: zone transfers, +trace, +nssearch, DNSSEC (+dnssec, +sigchase), TSIG (-k, -y),
batch files (-f), +multiline, EDNS versions but 0, classes but IN.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cluster.engine.dns.message import Record
from cluster.engine.node import bind_dighost as dighost
from cluster.engine.node.bind_dighost import Lookup, Printed, Reply, Server
from cluster.engine.node.process import Text, stamped

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

WHEN = "%a %b %d %H:%M:%S %Z %Y"
TAB = 8
TIMED_OUT = ";; connection timed out; no servers could be reached\n"
USAGE = (
    "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
    "            {global-d-opt} host [@local-server] {local-d-opt}\n"
    "            [ host [@local-server] {local-d-opt} [...]]\n"
)
MORE = '\nUse "dig -h" (or "dig -h | more") for complete list of options\n'
MAX_TRIES = 100  # MAXTRIES
MAX_TIMEOUT = 0xFFFF
MAX_NDOTS = 0xFF


class _Exit(Exception):
    """dig ends here, with this code (after what it said on stderr)."""

    def __init__(self, code: int) -> None:
        self.code = code


@dataclass(slots=True)
class _Query:
    """A lookup's settings (dig_lookup_t): the default one, cloned for each name."""

    name: str = ""
    qtype: str = "A"
    qtype_set: bool = False
    servers: list[Server] = field(default_factory=list)
    recurse: bool = True
    cd: bool = False
    edns: bool = True
    udp_size: int = 0
    tries: int = 3
    servfail_stops: bool = True
    identify: bool = False
    comments: bool = True
    stats: bool = True
    question: bool = True
    answer: bool = True
    authority: bool = True
    additional: bool = True
    cmdline: str = ""  # the greeting, which the first name's lookup prints


@dataclass(slots=True)
class _Dig:
    """The run's global settings, its default lookup and the lookups its names make."""

    argv: list[str]
    default: _Query = field(default_factory=_Query)
    queries: list[_Query] = field(default_factory=list)
    short: bool = False
    printcmd: bool = True
    use_search: bool = False
    show_search: bool = False
    ndots: int = -1
    timeout_s: int = 0
    port: int = dighost.PORT
    no_ttl: bool = False
    no_class: bool = False
    domain: str = ""
    servers_found: int = 0
    open_type_class: bool = True

    @property
    def current(self) -> _Query:
        """What an option applies to: the last name's lookup, else the default."""
        return self.queries[-1] if self.queries else self.default


def dig(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    run = _Dig(argv)
    try:
        _parse(shell, run, argv[1:])
    except _Exit as ended:
        return ended.code
    conf = dighost.read_conf(shell.file_text("/etc/resolv.conf"))
    if not run.queries:
        run.queries.append(replace(_clone(run, "."), qtype="NS", qtype_set=True))
    return max(_run(shell, run, query, conf) for query in run.queries)


# -- arguments ----------------------------------------------------------------------------


def _parse(shell: Shell, run: _Dig, args: list[str]) -> None:
    """parse_args: each argument in turn, a name making a lookup of its own."""
    index = 0
    while index < len(args):
        arg = args[index]
        following = args[index + 1] if index + 1 < len(args) else None
        index += 1
        if arg.startswith("%"):
            return
        if arg.startswith("@"):
            _at_server(shell, run, arg[1:])
        elif arg.startswith("+"):
            _plus(shell, run, arg[1:])
        elif arg.startswith("-"):
            index += _dash(shell, run, arg[1:], following)
        elif not _type_or_class(shell, run, arg):
            run.queries.append(_clone(run, arg))


def _at_server(shell: Shell, run: _Dig, given: str) -> None:
    servers, why = dighost.find_servers(shell, given)
    if why:
        _fatal(shell, run, f"couldn't get address for '{given}': {why}")
    run.current.servers += servers
    run.servers_found = len(servers)


def _type_or_class(shell: Shell, run: _Dig, word: str) -> bool:
    """A type or the class IN, while neither -t nor -c has been given."""
    if not run.open_type_class:
        return False
    qtype = dighost.record_type(word)
    if qtype:
        _set_type(shell, run.current, qtype)
    return bool(qtype) or word.upper() == "IN"


def _set_type(shell: Shell, query: _Query, qtype: str) -> None:
    if query.qtype_set:
        shell.err(";; Warning, extra type option\n")
    query.qtype, query.qtype_set = qtype, True


def _clone(run: _Dig, name: str) -> _Query:
    """A name's lookup, from the default one; the first also holds the greeting."""
    query = replace(run.default, name=name, servers=list(run.default.servers))
    if not run.queries and run.printcmd:
        query.cmdline = _greeting(run)
    return query


def _greeting(run: _Dig) -> str:
    """printgreeting: the command line, the servers found by then, the global options."""
    words = "".join(f" {word}" for word in run.argv[1:])
    found = run.servers_found
    servers = f"; ({found} server{'s' if found > 1 else ''} found)\n" if found else ""
    options = f";; global options:{' +short' if run.short else ''} +cmd\n"
    return f"\n; <<>> DiG {dighost.VERSION} <<>>{words}\n{servers}{options}"


def _dash(shell: Shell, run: _Dig, option: str, following: str | None) -> int:
    """dash_option: how many of the next arguments it took as its value."""
    while option[:1] in ("4", "n", "h", "v"):  # -n is deprecated: it does nothing
        if option[0] == "h":
            shell.out(USAGE + HELP)
            raise _Exit(0)
        if option[0] == "v":
            shell.err(f"DiG {dighost.VERSION}\n")
            raise _Exit(0)
        if len(option) == 1:
            return 0
        option = option[1:]
    letter, attached = option[:1], option[1:]
    value = attached or following
    if letter not in "cpqtx" or not letter or value is None:
        _usage(shell, f"Invalid option: -{option}\n")
    _dash_value(shell, run, letter, value)
    return 0 if attached else 1


def _dash_value(shell: Shell, run: _Dig, letter: str, value: str) -> None:
    if letter == "p":
        run.port = _number(shell, run, value, 0xFFFF, "port number")
    elif letter == "c":
        run.open_type_class = False
        if value.upper() != "IN":
            shell.err(f";; Warning, ignoring invalid class {value}\n")
    elif letter == "t":
        run.open_type_class = False
        qtype = dighost.record_type(value)
        if qtype:
            _set_type(shell, run.current, qtype)
        else:
            shell.err(f";; Warning, ignoring invalid type {value}\n")
    elif letter == "q":
        run.queries.append(_clone(run, value))
    else:
        _reverse(shell, run, value)


def _reverse(shell: Shell, run: _Dig, address: str) -> None:
    """-x: the address's reverse name, a PTR lookup unless a type was given."""
    query = _clone(run, dighost.reverse_name(address, strict=False))
    if not query.qtype_set:
        query.qtype = "PTR"
    run.queries.append(query)


# +options: the word each is known by; a given word may be any beginning of it that
# reaches the letters dig tells the options apart by
_PLUS = {
    "aaonly": "aa",
    "aaflag": "aa",
    "additional": "add",
    "adflag": "ad",
    "all": "al",
    "answer": "an",
    "authority": "au",
    "besteffort": "be",
    "bufsize": "bu",
    "cdflag": "cd",
    "cl": "cl",
    "cmd": "cm",
    "comments": "co",
    "defname": "de",
    "domain": "do",
    "edns": "e",
    "fail": "f",
    "identify": "id",
    "ignore": "i",
    "keepopen": "k",
    "ndots": "nd",
    "question": "qu",
    "recurse": "rec",
    "retry": "ret",
    "retries": "ret",
    "rrcomments": "rr",
    "search": "se",
    "short": "shor",
    "showsearch": "show",
    "stats": "st",
    "tcp": "tc",
    "timeout": "ti",
    "time": "ti",
    "tries": "tri",
    "ttlid": "tt",
    "vc": "v",
}


def _plus(shell: Shell, run: _Dig, option: str) -> None:
    """plus_option: +[no]NAME[=VALUE]."""
    name, equals, value = option.partition("=")
    state = not name.lower().startswith("no")
    word = name[2:] if not state else name
    known = _plus_word(word.lower())
    if not known or (equals and not value and known in _VALUED):
        _usage(shell, f"Invalid option: +{option}\n")
    if known in _VALUED:
        if not equals or not state:
            _usage(shell, f"Invalid option: +{option}\n")
        _VALUED[known](shell, run, value)
    elif known == "edns":
        _edns(shell, run, option, state, value if equals else None)
    else:
        _flag(run, known, state)


def _plus_word(given: str) -> str:
    """The option a word names: a beginning of the option's name at least as long as
    what tells it apart (FULLCHECK)."""
    for known, least in _PLUS.items():
        if known.startswith(given) and given.startswith(least):
            return known
    return ""


def _edns(shell: Shell, run: _Dig, option: str, state: bool, value: str | None) -> None:
    if state and value not in (None, "0"):
        _usage(shell, f"Invalid option: +{option}\n")
    run.current.edns = state


def _flag(run: _Dig, known: str, state: bool) -> None:
    query = run.current
    if known in _SECTIONS:
        setattr(query, _SECTIONS[known], state)
    elif known == "all":
        for attribute in (*_SECTIONS.values(), "comments", "stats"):
            setattr(query, attribute, state)
        run.printcmd = state
    elif known == "short":
        _short(run, state)
    elif known in ("search", "defname", "showsearch"):
        run.use_search = state
        run.show_search = state if known == "showsearch" else run.show_search
    elif known in _QUERY_FLAGS:
        setattr(query, _QUERY_FLAGS[known], state)
    elif known in _IGNORED:
        return
    elif known == "fail":
        query.servfail_stops = state
    elif known in ("cl", "ttlid"):
        run.no_class = not state if known == "cl" else run.no_class
        run.no_ttl = not state if known == "ttlid" else run.no_ttl
    elif known == "cmd":
        run.printcmd = state


_SECTIONS = {
    "question": "question",
    "answer": "answer",
    "authority": "authority",
    "additional": "additional",
    "comments": "comments",
    "stats": "stats",
}
_QUERY_FLAGS = {"recurse": "recurse", "cdflag": "cd", "identify": "identify"}
# flags of the query CoreDNS answers alike with or without (aa, ad), how it is sent but
# not what comes back (TCP, the connection kept), or what is shown of nothing CoreDNS
# sends (per-record comments)
_IGNORED = frozenset(
    {"aaonly", "aaflag", "adflag", "besteffort", "ignore", "keepopen", "tcp", "vc", "rrcomments"}
)


def _short(run: _Dig, state: bool) -> None:
    """+short: the answer's data alone."""
    run.short = state
    if state:
        run.printcmd = False
        query = run.current
        query.question = query.authority = query.additional = False
        query.comments = query.stats = False
        query.answer = True


def _bufsize(shell: Shell, run: _Dig, value: str) -> None:
    run.current.udp_size = _number(shell, run, value, 65535, "buffer size")


def _tries(shell: Shell, run: _Dig, value: str) -> None:
    run.current.tries = max(1, _number(shell, run, value, MAX_TRIES, "tries"))


def _retry(shell: Shell, run: _Dig, value: str) -> None:
    run.current.tries = _number(shell, run, value, MAX_TRIES - 1, "retries") + 1


def _timeout(shell: Shell, run: _Dig, value: str) -> None:
    run.timeout_s = max(1, _number(shell, run, value, MAX_TIMEOUT, "timeout"))


def _ndots(shell: Shell, run: _Dig, value: str) -> None:
    run.ndots = _number(shell, run, value, MAX_NDOTS, "ndots")


def _domain(shell: Shell, run: _Dig, value: str) -> None:
    run.domain = value


_VALUED = {
    "bufsize": _bufsize,
    "tries": _tries,
    "retry": _retry,
    "retries": _retry,
    "timeout": _timeout,
    "time": _timeout,
    "ndots": _ndots,
    "domain": _domain,
}


def _number(shell: Shell, run: _Dig, value: str, highest: int, what: str) -> int:
    """parse_uint, and dig dies of what is no number in range."""
    if not value.isdigit() or int(value) > highest:
        why = "out of range" if value.isdigit() else "not a valid number"
        shell.out(f"invalid {what} '{value}': {why}\n")
        _fatal(shell, run, f"Couldn't parse {what}")
    return int(value)


def _fatal(shell: Shell, run: _Dig, message: str) -> None:
    shell.err(f"{run.argv[0]}: {message}\n")
    raise _Exit(10)


def _usage(shell: Shell, said: str) -> None:
    shell.err(said + USAGE + MORE)
    raise _Exit(1)


# -- the lookups --------------------------------------------------------------------------


def _run(shell: Shell, run: _Dig, query: _Query, conf: dighost.Conf) -> int:
    """A lookup's answers printed as they come: 9 when no server answered."""
    lookup = _lookup(run, query, conf)
    for printed in dighost.replies(shell, lookup):
        if printed is None:
            shell.out(query.cmdline + TIMED_OUT)
            return 9
        _print(shell, run, query, printed)
        query.cmdline = ""
    return 0


def _lookup(run: _Dig, query: _Query, conf: dighost.Conf) -> Lookup:
    servers = query.servers or [Server.of(a) for a in conf.nameservers]
    # a buffer size given sends EDNS even with +noedns
    udp = (query.udp_size or dighost.EDNS_UDP_SIZE) if query.edns or query.udp_size else 0
    return Lookup(
        query.name,
        query.qtype,
        servers or [Server.of("127.0.0.1"), Server.of("::1")],
        run.use_search or bool(run.domain),
        (run.domain,) if run.domain else conf.search,
        conf.ndots if run.ndots < 0 else run.ndots,
        run.port,
        query.recurse,
        udp,
        query.cd,
        query.tries,
        run.timeout_s * 1000 or dighost.UDP_TIMEOUT_MS,
        query.servfail_stops,
        comments=query.comments,
        show_search=run.show_search,
    )


def _print(shell: Shell, run: _Dig, query: _Query, printed: Printed) -> None:
    """printmessage, then received() as often as dighost calls it."""
    reply = printed.reply
    if query.cmdline and not run.short:
        shell.out(query.cmdline)
    if run.short:
        shell.out("".join(_short_line(run, query, reply, r) for r in reply.answer.answer))
        return
    if query.comments:
        shell.out(_header(reply))
    shell.out(("\n" if query.comments else "") + _sections(run, query, reply))
    for _ in range(printed.stats):
        _received(shell, query, reply)


def _short_line(run: _Dig, query: _Query, reply: Reply, record: Record) -> str:
    """say_message: a record's data, and with +identify who said it and how fast."""
    said = f" from server {reply.server.address} in {reply.query_ms} ms." if query.identify else ""
    return f"{record.data}{said}\n"


def _header(reply: Reply) -> str:
    answer = reply.answer
    flags = "".join(f" {flag}" for flag in reply.flags)
    counts = (
        f"QUERY: 1, ANSWER: {len(answer.answer)}, AUTHORITY: {len(answer.authority)}, "
        f"ADDITIONAL: {reply.additional_count}"
    )
    warning = (
        ";; WARNING: recursion requested but not available\n" if reply.recursion_desired else ""
    )
    return (
        ";; Got answer:\n"
        f";; ->>HEADER<<- opcode: QUERY, status: {answer.rcode}, id: {reply.id}\n"
        f";; flags:{flags}; {counts}\n{warning}"
    )


def _sections(run: _Dig, query: _Query, reply: Reply) -> str:
    """The OPT pseudo-section and the sections asked for, each after its title and with a
    blank line after it when comments are on (an empty one not at all)."""
    answer = reply.answer
    parts: list[str] = []
    if query.comments and reply.edns_udp:
        parts.append(f";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: {reply.edns_udp}\n")
    style = _style(run)
    if query.question:
        line = _question_line(reply.question.name, reply.question.qtype, style)
        parts.append(_section(query, "QUESTION", [line]))
    for title, shown, records in (
        ("ANSWER", query.answer, answer.answer),
        ("AUTHORITY", query.authority, answer.authority),
        ("ADDITIONAL", query.additional, answer.additional),
    ):
        if shown and records:
            parts.append(_section(query, title, [_record_line(r, run, style) for r in records]))
    return "".join(parts)


def _section(query: _Query, title: str, lines: list[str]) -> str:
    if not query.comments:
        return "".join(lines)
    return f";; {title} SECTION:\n{''.join(lines)}\n"


def _received(shell: Shell, query: _Query, reply: Reply) -> None:
    """received(): the statistics, or with +identify and no statistics who answered."""
    server = f"{reply.from_text}({reply.server.address})"
    if query.stats:
        shell.out(f";; Query time: {reply.query_ms} msec\n;; SERVER: {server}\n")
        shell.out(stamped(WHEN, ";; WHEN: ", "\n"))
        shell.out(f";; MSG SIZE  rcvd: {reply.size}\n\n")
    elif query.identify:
        given = f"{reply.from_text}({reply.server.given})"
        shell.out(f";; Received {reply.size} bytes from {given} in {reply.query_ms} ms\n\n")


# -- records as masterdump.c lays them out ------------------------------------------------


def _style(run: _Dig) -> tuple[int, int, int, int]:
    """The columns of the TTL, the class, the type and the data."""
    if run.no_ttl and run.no_class:
        return 24, 24, 24, 32
    if run.no_ttl or run.no_class:
        return 24, 24, 32, 40
    return 24, 32, 40, 48


def _record_line(record: Record, run: _Dig, style: tuple[int, int, int, int]) -> str:
    """rdataset_totext: owner, TTL, class, type and data, each at its column."""
    ttl_column, class_column, type_column, data_column = style
    line = record.name
    if not run.no_ttl:
        line = _at(line, ttl_column) + str(record.ttl)
    if not run.no_class:
        line = _at(line, class_column) + "IN"
    line = _at(_at(line, type_column) + record.rtype, data_column)
    return f"{line}{record.data}\n"


def _question_line(name: str, qtype: str, style: tuple[int, int, int, int]) -> str:
    """question_totext, after its ";" (not counted in the columns): the class always."""
    _, class_column, type_column, _ = style
    line = _at(_at(name, class_column) + "IN", type_column) + qtype
    return f";{line}\n"


def _at(line: str, column: int) -> str:
    """indent(): tabs to the column's tab stop then spaces to it, one space at least."""
    current = len(line.expandtabs(TAB))
    column = max(column, current + 1)
    tabs = column // TAB - current // TAB
    start = column // TAB * TAB if tabs > 0 else current
    return line + "\t" * max(tabs, 0) + " " * (column - start)


HELP = """Where:  domain	  is in the Domain Name System
        q-class  is one of (in,hs,ch,...) [default: in]
        q-type   is one of (a,any,mx,ns,soa,hinfo,axfr,txt,...) [default:a]
                 (Use ixfr=version for type ixfr)
        q-opt    is one of:
                 -x dot-notation     (shortcut for reverse lookups)
                 -i                  (use IP6.INT for IPv6 reverse lookups)
                 -f filename         (batch mode)
                 -b address[#port]   (bind to source address/port)
                 -p port             (specify port number)
                 -q name             (specify query name)
                 -t type             (specify query type)
                 -c class            (specify query class)
                 -k keyfile          (specify tsig key file)
                 -y [hmac:]name:key  (specify named base64 tsig key)
                 -4                  (use IPv4 query transport only)
                 -6                  (use IPv6 query transport only)
                 -m                  (enable memory usage debugging)
        d-opt    is of the form +keyword[=value], where keyword is:
                 +[no]vc             (TCP mode)
                 +[no]tcp            (TCP mode, alternate syntax)
                 +time=###           (Set query timeout) [5]
                 +tries=###          (Set number of UDP attempts) [3]
                 +retry=###          (Set number of UDP retries) [2]
                 +domain=###         (Set default domainname)
                 +bufsize=###        (Set EDNS0 Max UDP packet size)
                 +ndots=###          (Set NDOTS value)
                 +[no]edns[=###]     (Set EDNS version) [0]
                 +[no]search         (Set whether to use searchlist)
                 +[no]showsearch     (Search with intermediate results)
                 +[no]defname        (Ditto)
                 +[no]recurse        (Recursive mode)
                 +[no]ignore         (Don't revert to TCP for TC responses.)
                 +[no]fail           (Don't try next server on SERVFAIL)
                 +[no]besteffort     (Try to parse even illegal messages)
                 +[no]aaonly         (Set AA flag in query (+[no]aaflag))
                 +[no]adflag         (Set AD flag in query)
                 +[no]cdflag         (Set CD flag in query)
                 +[no]cl             (Control display of class in records)
                 +[no]cmd            (Control display of command line)
                 +[no]comments       (Control display of comment lines)
                 +[no]rrcomments     (Control display of per-record comments)
                 +[no]question       (Control display of question)
                 +[no]answer         (Control display of answer)
                 +[no]authority      (Control display of authority)
                 +[no]additional     (Control display of additional)
                 +[no]stats          (Control display of statistics)
                 +[no]short          (Disable everything except short
                                      form of answer)
                 +[no]ttlid          (Control display of ttls in records)
                 +[no]all            (Set or clear all display flags)
                 +[no]qr             (Print question before sending)
                 +[no]nssearch       (Search all authoritative nameservers)
                 +[no]identify       (ID responders in short answers)
                 +[no]trace          (Trace delegation down from root [+dnssec])
                 +[no]dnssec         (Request DNSSEC records)
                 +[no]nsid           (Request Name Server ID)
                 +[no]sigchase       (Chase DNSSEC signatures)
                 +trusted-key=####   (Trusted Key when chasing DNSSEC sigs)
                 +[no]topdown        (Do DNSSEC validation top down mode)
                 +[no]split=##       (Split hex/base64 fields into chunks)
                 +[no]multiline      (Print records in an expanded format)
                 +[no]onesoa         (AXFR prints only one soa record)
                 +[no]keepopen       (Keep the TCP socket open between queries)
        global d-opts and servers (before host name) affect all queries.
        local d-opts and servers (after host name) affect only that lookup.
        -h                           (print help and exit)
        -v                           (print version and exit)
"""
