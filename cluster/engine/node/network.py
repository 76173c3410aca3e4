"""What a container's commands reach over the network, and how the HTTP clients in images
(curl, busybox's wget) talk about it.

A container shares its pod's network namespace: `localhost`, 127.0.0.1, the pod's own IP and
its hostname are the pod's containers. Other pod IPs are reached over the pod network. Names
resolve as the image's C library resolves them (see `resolver`): /etc/hosts, then questions
to the nameservers of /etc/resolv.conf.

A command run by exec asks the network as it is when it runs. A container's main process is
laid out ahead, and asks through its tape (see `tape`): each question at the moment in its
life it asks it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cluster.engine.dns.message import Answer, Question
from cluster.engine.node.process import Route
from cluster.engine.node.redis import Reply

# an HTTP GET to ip:port, path and user agent: what answers (status 0: not HTTP; None: refused)
Connect = Callable[[str, int, str, str], Route | None]
# redis commands sent to ip:port over one connection: the replies (None: refused; NOT_REDIS:
# the server there does not speak RESP)
Converse = Callable[[str, int, list[list[str]]], list[Reply] | None]
NOT_REDIS: list[Reply] = []
# a DNS question sent over UDP to ip:port: the answer (None: refused, an ICMP port unreachable
# came back; Unreachable: nothing answers, the resolver times out)
Query = Callable[[str, int, Question], Answer | None]
# an ICMP echo request to ip: its reply as it arrives (None: no reply comes back)
Echo = Callable[[str], "EchoReply | None"]
# a TCP connection to ip:port carrying `data` (then closed for writing): what the server
# writes back before it closes (None: refused; Unreachable: nothing answers)
Exchange = Callable[[str, int, str], str | None]
ECHO_TTL = 64  # Linux's net.ipv4.ip_default_ttl, which an echo reply leaves with
# how long a connection to nowhere takes to fail: the kernel's SYN retries
SYN_TIMEOUT_MS = 134_000
REASONS = {
    200: "OK",
    301: "Moved Permanently",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

if TYPE_CHECKING:
    from cluster.engine.node.tape import Tape


class Unreachable(Exception):
    """An address no route leads to: the connection times out."""


@dataclass(frozen=True, slots=True)
class EchoReply:
    """An ICMP echo reply as it arrives."""

    ttl: int  # what is left of it: 64, less one for each router that forwarded it
    across: bool = False  # it came over the wire from another node


@dataclass(frozen=True, slots=True)
class Network:
    """The pod's view of the network."""

    pod_ip: str = ""
    hostname: str = ""
    connect: Connect | None = None
    converse: Converse | None = None
    hosts: str = ""  # /etc/hosts, read when a name is looked up
    query: Query | None = None
    resolv_conf: str = ""  # /etc/resolv.conf, likewise
    libc: str = ""  # whose stub resolver looks names up (resolver.GLIBC... "": glibc's)
    tape: Tape | None = None  # a main process's, which its questions go through
    at_ms: int = 0  # when in the main process's life they are asked
    echo: Echo | None = None
    exchange: Exchange | None = None

    def get(self, ip: str, port: int, path: str, agent: str) -> Route | None:
        """A GET to ip:port (None: refused; Unreachable: nothing routes there)."""
        if self.connect is None:
            raise Unreachable(ip)
        return self._asked("connect", self.connect, self._routed(ip), port, path, agent)

    def ask(self, ip: str, port: int, question: Question) -> Answer | None:
        """A DNS question to ip:port over UDP (None: refused; Unreachable: no answer)."""
        if self.query is None:
            raise Unreachable(ip)
        return self._asked("query", self.query, self._routed(ip), port, question)

    def redis(self, ip: str, port: int, commands: list[list[str]]) -> list[Reply] | None:
        """Redis commands over one connection to ip:port (None: refused; Unreachable)."""
        if self.converse is None:
            raise Unreachable(ip)
        return self._asked("converse", self.converse, self._routed(ip), port, commands)

    def ping(self, ip: str) -> EchoReply | None:
        """An ICMP echo request to `ip`: its reply (None: none comes back)."""
        if self.echo is None:
            return None
        return self._asked("echo", self.echo, self._routed(ip))

    def tcp(self, ip: str, port: int, data: str) -> str | None:
        """`data` sent over a connection to ip:port: what the server writes back (None:
        refused; Unreachable)."""
        if self.exchange is None:
            raise Unreachable(ip)
        return self._asked("exchange", self.exchange, self._routed(ip), port, data)

    def _asked(self, kind: str, hook: Callable[..., Any], *args: Any) -> Any:
        """What the network answers, through the main process's tape if it has one."""
        if self.tape is None:
            return hook(*args)
        return self.tape.ask(self.at_ms, kind, hook, args)

    def _routed(self, ip: str) -> str:
        """Where a packet to `ip` goes: a loopback address is the pod itself."""
        return self.pod_ip if ip.startswith("127.") or ip == "::1" else ip


@functools.lru_cache(maxsize=256)  # a pod's containers, and its lookups, read one file
def hosts_entries(text: str) -> tuple[tuple[str, list[str]], ...]:
    """/etc/hosts' entries: each address with its names, the canonical one first."""
    entries = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) > 1:
            entries.append((fields[0], fields[1:]))
    return tuple(entries)


@dataclass(frozen=True, slots=True)
class Url:
    host: str
    port: int
    path: str
    authority: str = ""  # HOST[:PORT] as written (busybox's wget names the server so)


def parse_url(text: str) -> Url:
    """http://HOST[:PORT][/PATH], the scheme optional, as both clients read it."""
    parts = urlsplit(text if "://" in text else f"http://{text}")
    default = 443 if parts.scheme == "https" else 80
    path = parts.path or "/"
    return Url(
        parts.hostname or "",
        parts.port or default,
        path + (f"?{parts.query}" if parts.query else ""),
        parts.netloc.rpartition("@")[2],
    )


def status_line(status: int) -> str:
    return f"HTTP/1.1 {status} {REASONS.get(status, '')}".rstrip()


def response_head(answer: Route) -> str:
    """The status line and headers a pod's HTTP server answers with."""
    return (
        f"{status_line(answer.status)}\r\n"
        f"Content-Type: {answer.content_type}\r\n"
        f"Content-Length: {len(answer.body.encode())}\r\n\r\n"
    )


@dataclass(frozen=True, slots=True)
class HTTPRequest:
    """What a client sent a pod's server over a connection, as the server reads it."""

    method: str
    path: str
    agent: str  # its User-Agent

    @classmethod
    def parse(cls, data: str) -> HTTPRequest:
        """The request line and User-Agent of the head of `data`."""
        head = data.partition("\r\n\r\n")[0].splitlines()
        words = head[0].split() if head else []
        agents = (
            line.partition(":")[2].strip()
            for line in head[1:]
            if line.lower().startswith("user-agent:")
        )
        return cls(
            words[0] if words else "GET", words[1] if len(words) > 1 else "/", next(agents, "")
        )

    def answer(self, route: Route) -> str:
        """The server's response on the connection: "" from a server that does not speak
        HTTP, which closes it."""
        if not route.status:
            return ""
        return response_head(route) + ("" if self.method == "HEAD" else route.body)
