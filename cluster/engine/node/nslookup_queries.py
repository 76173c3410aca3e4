"""busybox's nslookup from 1.29 on (networking/nslookup.c with FEATURE_NSLOOKUP_BIG, from
OpenWrt): it sends its own queries, A and AAAA (or the -type= given) for the name, or from
1.30, for a name without a dot, for the name with each search domain after it instead. All
go to the first nameserver at once; it prints each reply as it comes, and moves on to the
next nameserver only when the first sent none before its timeout (5 s, or -timeout=; asked
again every timeout/retry). SERVFAIL is asked again, twice for each query, before it counts.

It matches replies to queries by their IDs, which up to 1.36 uClibc-ng's res_mkquery makes
the same for every query (the process's id): the first reply is then taken for the first
query, whatever it answers, the others are dropped, and the queries left say "No answer"
once the timeout has passed. 1.37 numbers them.

What changed across releases: 1.31 exits 1 when a reply was an error; 1.32 knows SRV and
says "No answer" for a reply with no records, which 1.34 stops saying.
"""

from __future__ import annotations

import ipaddress
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cluster.engine.dns.message import NOERROR, SERVFAIL, Answer, Question, Record
from cluster.engine.node import images, resolvconf
from cluster.engine.node.network import Network, Unreachable
from cluster.engine.node.resolver import UCLIBC, Resolver
from cluster.engine.node.stub import PORT, bare

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

TIMEOUT_S = 5
RETRY = 2
# the query types, in the order it asks them when given several
QTYPES = ("SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY")
# its options: an option may be any unique beginning of a name (t alone is timeout)
OPTIONS = ("type", "querytype", "port", "retry", "debug", "t", "timeout")
NO_SERVER = ";; connection timed out; no servers could be reached\n\n"
SEARCH_SINCE = (1, 30)
EXIT_CODE_SINCE = (1, 31)
SRV_SINCE = (1, 32)
NO_ANSWER_UNTIL = (1, 34)  # from 1.32 until then: "No answer" for a reply with no records
SRV_USAGE_SINCE = (1, 34)
UNIQUE_IDS_SINCE = (1, 37)


class Usage(Exception):
    """bb_show_usage."""


class Died(Exception):
    """bb_error_msg_and_die: what it said."""


@dataclass(slots=True)
class _Run:
    """One run: its options, its queries (name and type) and what it has printed."""

    net: Network
    release: tuple[int, ...]
    types: list[str] = field(default_factory=list)
    port: int = PORT
    retry: int = RETRY
    timeout_ms: int = TIMEOUT_S * 1000
    debug: bool = False
    queries: list[tuple[str, str]] = field(default_factory=list)
    pending: list[bool] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    failed: bool = False  # a reply said an error (its exit code, from 1.31)
    received: int = 0  # packets from the nameserver being asked
    replies: int = 0  # of those, the replies taken for a query


def usage(release: tuple[int, ...]) -> str:
    types = "soa,ns,a,aaaa,cname,mx,txt,ptr," + ("srv," if release >= SRV_USAGE_SINCE else "")
    return (
        "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n"
        f"Query DNS about HOST\n\nQUERY_TYPE: {types}any\n"
    )


def nslookup(shell: Shell, args: list[str]) -> int:
    net = shell.pod_network()
    run = _Run(net, images.release(shell.context.busybox))
    resolver = Resolver(net)
    try:
        name, servers = _arguments(shell, resolver, run, list(args))
    except Usage:
        shell.err(usage(run.release))
        return 1
    except Died as died:
        shell.err(f"nslookup: {died}\n")
        return 1
    _add_queries(shell, run, name)
    status = _each_server(shell, run, servers)
    shell.out("".join(run.printed))
    return status


def _arguments(
    shell: Shell, resolver: Resolver, run: _Run, args: list[str]
) -> tuple[str, list[tuple[str, str, int]]]:
    """The options, the name and the nameservers (as given, address, port)."""
    while args and args[0].startswith("-"):
        _option(run, args.pop(0)[1:])
    if not args or len(args) > 2:
        raise Usage
    given = args[1:] or _nameservers(shell)
    servers = [_server(shell, resolver, run, server) for server in given]
    return args[0], servers


def _option(run: _Run, arg: str) -> None:
    name, _, value = arg.partition("=")
    exact = [o for o in OPTIONS if o == name]
    begun = [o for o in OPTIONS if o.startswith(name)] if name else []
    if not exact and len(begun) != 1:
        raise Usage
    option = (exact or begun)[0]
    if option in ("type", "querytype"):
        known = [t for t in QTYPES if t != "SRV" or run.release >= SRV_SINCE]
        qtype = next((t for t in known if t == value.upper()), "")
        if not qtype:
            raise Died(f'invalid query type "{value}"')
        run.types.append(qtype)
    elif option == "port":
        run.port = _number(value, 1, 0xFFFF)
    elif option == "retry":
        run.retry = _number(value, 1, 2**31 - 1)
    elif option == "debug":
        run.debug = True
    else:
        run.timeout_ms = _number(value, 1, (2**31 - 1) // 1000) * 1000


def _number(value: str, lowest: int, highest: int) -> int:
    """xatou_range."""
    if not value.isdigit():
        raise Died(f"invalid number '{value}'")
    if not lowest <= int(value) <= highest:
        raise Died(f"number {value} is not in {lowest}..{highest} range")
    return int(value)


def _nameservers(shell: Shell) -> list[str]:
    """parse_resolvconf's nameservers (127.0.0.1 with none)."""
    found = []
    for line in shell.file_text("/etc/resolv.conf").splitlines():
        keyword, _, rest = line.strip().partition(" ")
        if keyword == "nameserver" and rest.strip():
            found.append(rest.strip())
    return found or [resolvconf.LOOPBACK]


def _search(shell: Shell) -> list[str]:
    """parse_resolvconf's search domains: the search line's, else the domain line's, else
    the hostname's domain ("domain ." is none)."""
    search = domain = ""
    for line in shell.file_text("/etc/resolv.conf").splitlines():
        keyword, _, rest = line.strip().partition(" ")
        if keyword == "search" and rest.strip():
            search = rest
        elif keyword == "domain" and rest.strip():
            domain = rest
    found = search or domain or " ".join(resolvconf.host_domain(shell.context.hostname))
    return [] if found.strip() == "." else found.split()


def _server(shell: Shell, resolver: Resolver, run: _Run, given: str) -> tuple[str, str, int]:
    """add_ns: the server's address and port, "HOST[:PORT]" resolved by the C library
    (xhost2sockaddr, which dies of a name it cannot resolve)."""
    host, port = _host_port(given, run.port)
    lookup = resolver.getaddrinfo(host)
    shell.sleep(lookup.elapsed_ms)
    if lookup.error:
        raise Died(f"bad address '{given}'")
    return given, lookup.address, port


def _host_port(text: str, port: int) -> tuple[str, int]:
    """ "HOST:PORT", "[V6]:PORT" or an address or name alone."""
    if text.startswith("[") and "]" in text:
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else port
    if text.count(":") == 1:
        host, _, number = text.partition(":")
        return host, int(number) if number.isdigit() else port
    return text, port


def _add_queries(shell: Shell, run: _Run, name: str) -> None:
    """The queries for the name: of the types given, else a PTR query for an address, else
    A and AAAA; a name without a dot with each search domain after it (from 1.30)."""
    pointer = _pointer(name)
    if run.types:
        qtypes = [t for t in QTYPES if t in run.types]
    elif pointer:
        qtypes, name = ["PTR"], pointer
    else:
        qtypes = ["A", "AAAA"]
    searched = run.release >= SEARCH_SINCE and "." not in name
    domains = _search(shell) if searched else []
    for qtype in qtypes:
        names = [f"{name}.{d}" for d in domains] if qtype != "PTR" else []
        run.queries += [(n, qtype) for n in names or [name]]
    run.pending = [True] * len(run.queries)


def _pointer(name: str) -> str:
    """make_ptr: the in-addr.arpa or ip6.arpa name of an address ("" for a name)."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.reverse_pointer


def _each_server(shell: Shell, run: _Run, servers: list[tuple[str, str, int]]) -> int:
    """Each nameserver in turn until one replies; then what no reply answered."""
    for given, address, port in servers:
        if _send_queries(shell, run, given, address, port) > 0:
            break
    else:
        run.printed.append(NO_SERVER)
        return 1
    unanswered = [name for (name, _), left in zip(run.queries, run.pending, strict=True) if left]
    run.printed += [f"*** Can't find {name}: No answer\n" for name in unanswered]
    run.printed += ["\n"] if unanswered else []
    return int(run.failed and run.release >= EXIT_CODE_SINCE)


def _send_queries(shell: Shell, run: _Run, given: str, address: str, port: int) -> int:
    """send_queries: the replies one nameserver sent (-1: it refused them), the queries
    sent again every retry interval until all are answered or the timeout has passed (it
    looks at the clock when an interval ends)."""
    start = shell.now
    interval = run.timeout_ms // run.retry
    run.received = run.replies = 0
    at = 0
    while at < run.timeout_ms:
        shell.sleep(start + at - shell.now)
        answers = _send_round(shell, run, given, address, port)
        if answers is None:
            return -1
        if _read(run, answers, (given, address, port), at):
            return run.replies
        if not interval:  # it sends again and again until the timeout
            at = run.timeout_ms
            break
        at += interval
    shell.sleep(start + at - shell.now)
    return run.replies


def _send_round(
    shell: Shell, run: _Run, given: str, address: str, port: int
) -> deque[tuple[int, Answer]] | None:
    """The unanswered queries sent: their replies (None: a write failed, the nameserver
    having refused the first query before the second went)."""
    answers: deque[tuple[int, Answer]] = deque()
    refused = False
    for query in [q for q, left in enumerate(run.pending) if left]:
        if refused:
            shell.err(f"nslookup: write to '{given}': Connection refused\n")
            return None
        reply = _ask(run, address, port, query)
        refused = reply is None
        if isinstance(reply, Answer):
            answers.append((query, reply))
    if refused:
        shell.err("nslookup: read: Connection refused\n")
    return answers


def _read(
    run: _Run,
    answers: deque[tuple[int, Answer]],
    server: tuple[str, str, int],
    at_ms: int,
) -> bool:
    """The replies read in turn, each matched to a query by its ID; whether all queries
    are answered. A SERVFAIL is asked again, up to twice the queries' count a round."""
    given, address, port = server
    same_ids = run.net.libc == UCLIBC and run.release < UNIQUE_IDS_SINCE
    budget = 2 * len(run.queries)
    while answers:
        query, answer = answers.popleft()
        run.received += 1
        if run.received == 1:
            run.printed.append(f"Server:\t\t{given}\nAddress:\t{_with_port(address, port)}\n\n")
        matched = 0 if same_ids else query
        if not run.pending[matched]:
            continue  # taken for a query answered already
        if answer.rcode == SERVFAIL and budget:
            budget -= 1
            again = _ask(run, address, port, matched)
            answers += [(matched, again)] if isinstance(again, Answer) else []
            continue
        _print_reply(run, matched, answer, at_ms)
        run.replies += 1
        if run.replies == len(run.queries):
            return True
    return False


def _ask(run: _Run, address: str, port: int, query: int) -> Answer | str | None:
    """A query's reply: an Answer, None when refused, "" when none comes."""
    name, qtype = run.queries[query]
    try:
        return run.net.ask(address, port, Question(_fqdn(name), qtype))
    except Unreachable:
        return ""


def _print_reply(run: _Run, query: int, answer: Answer, at_ms: int) -> None:
    run.pending[query] = False
    name = run.queries[query][0]
    printed = run.printed
    if run.debug:
        printed.append(f"Query #{query} completed in {at_ms}ms:\n")
    if answer.rcode != NOERROR:
        printed.append(f"** server can't find {name}: {answer.rcode}\n")
        run.failed = True
    else:
        if not answer.authoritative:
            printed.append("Non-authoritative answer:\n")
        elif run.debug and run.release >= NO_ANSWER_UNTIL:
            printed.append("authoritative answer:\n")
        printed += [_record(r, run.release) for r in answer.answer]
        if not answer.answer and SRV_SINCE <= run.release < NO_ANSWER_UNTIL:
            printed.append(f"*** Can't find {name}: No answer\n")
    printed.append("\n")


def _record(record: Record, release: tuple[int, ...]) -> str:
    """parse_reply's line for an answer record ("" for a type it does not show)."""
    name, data = bare(record.name) or ".", record.data
    fields = data.split()
    if record.rtype in ("A", "AAAA"):
        return f"Name:\t{name}\nAddress: {data}\n"
    words = {"NS": "nameserver", "CNAME": "canonical name", "PTR": "name"}
    if record.rtype in words:
        return f"{name}\t{words[record.rtype]} = {bare(data)}\n"
    if record.rtype == "MX":
        return f"{name}\tmail exchanger = {fields[0]} {bare(fields[1])}\n"
    if record.rtype == "TXT":
        text = data.partition('" "')[0].strip('"')  # the first of its strings
        return f'{name}\ttext = "{text}"\n' if text else ""
    if record.rtype == "SRV" and release >= SRV_SINCE:
        return f"{name}\tservice = {' '.join(fields[:3])} {bare(fields[3])}\n"
    if record.rtype == "SOA":
        mname, rname, *numbers = fields
        labels = ("serial", "refresh", "retry", "expire", "minimum")
        lines = [f"\t{label} = {n}\n" for label, n in zip(labels, numbers, strict=False)]
        return f"{name}\n\torigin = {bare(mname)}\n\tmail addr = {bare(rname)}\n" + "".join(lines)
    return ""


def _with_port(address: str, port: int) -> str:
    """xmalloc_sockaddr2dotted: "10.96.0.10:53", "[fd00::a]:53"."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _fqdn(name: str) -> str:
    return name.lower().rstrip(".") + "."
