"""busybox's ping: an ICMP echo request each interval of the process's time, the replies as
the pod network gives them (see `network.Network.ping`), then the statistics; its words
and exit codes are networking/ping.c's."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cluster.engine.node import images, resolver
from cluster.engine.node.durations import busybox_ms
from cluster.engine.node.network import ECHO_TTL, EchoReply
from cluster.engine.node.process import Text
from cluster.engine.node.textutils import UsageError, options

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

DATA_BYTES = 56
ICMP_HEADER = 8
STAMP_BYTES = 4  # the send time kept in the data, when it fits: the reply's time=
WAIT_S = 10  # -W: how long it waits once all -c are sent and no reply came (MAXWAIT)
OPTIONS = "qvAc:s:t:w:W:I:np:i:46"
OLD_OPTIONS = "qvc:s:t:w:W:I:np:46"  # before 1.30: no -A, no -i
INTERVAL_SINCE = (1, 30)
# an endless ping (no -c, no -w) is laid out for its first hour: what comes after is left
# unsimulated, as the rest of a long script is (shell.STEPS_MAX)
ENDLESS_MS = 3_600_000
USAGE = "Usage: ping [OPTIONS] HOST\n"


class _Died(Exception):
    """What ping says as it dies: `ping: MESSAGE`, status 1."""


@dataclass(slots=True)
class _Stats:
    sent: int = 0
    received: int = 0
    trips_us: list[int] = field(default_factory=list)  # of the replies that had a stamp

    def summary(self, host: str) -> str:
        loss = (self.sent - self.received) * 100 // self.sent if self.sent else 0
        lines = (
            f"\n--- {host} ping statistics ---\n"
            f"{self.sent} packets transmitted, {self.received} packets received, "
            f"{loss}% packet loss\n"
        )
        if self.trips_us:
            low, high = min(self.trips_us), max(self.trips_us)
            average = sum(self.trips_us) // len(self.trips_us)
            lines += f"round-trip min/avg/max = {_ms(low)}/{_ms(average)}/{_ms(high)} ms\n"
        return lines


def ping(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """ping [-c N] [-W S] [-w S] [-i S] [-t TTL] [-q] [-s SIZE] HOST"""
    release = images.release(shell.context.busybox)
    try:
        found, operands = options(argv, OPTIONS if release >= INTERVAL_SINCE else OLD_OPTIONS)
    except UsageError as error:
        shell.err(f"ping: {error}\n{USAGE}")
        return 1
    if len(operands) != 1:
        shell.err(USAGE)
        return 1
    try:
        return _run(shell, operands[0], dict(found))
    except _Died as died:
        shell.err(f"ping: {died}\n")
        return 1


def _run(shell: Shell, host: str, given: dict[str, str]) -> int:
    """Resolve, send and count; the exit status: 1 if no reply came, or with -w fewer than
    -c."""
    count, deadline_s = _number(given, "c"), _number(given, "w")
    datalen, wait_s = _number(given, "s", DATA_BYTES), _number(given, "W", WAIT_S)
    interval_ms = busybox_ms(given.get("i", "1"))
    if interval_ms is None:
        raise _Died(f"invalid number '{given['i']}'")
    deadline_ms = shell.now + deadline_s * 1000 if deadline_s else None  # before the lookup
    net = shell.pod_network()
    lookup = resolver.Resolver(net).getaddrinfo(host)
    shell.sleep(lookup.elapsed_ms)
    if lookup.error:
        raise _Died(f"bad address '{host}'")
    ip = lookup.address
    shell.out(f"PING {host} ({ip}): {datalen} data bytes\n")
    reply = _reply(shell, ip, _number(given, "t"))
    stats, started = _Stats(), shell.now
    while deadline_ms is None or shell.now < deadline_ms:
        seq = stats.sent
        stats.sent += 1
        if reply is not None:
            trip = _trip_us(net.pod_ip, ip, seq, reply, datalen)
            stats.received += 1
            stats.trips_us += [] if trip is None else [trip]
            shell.out("" if "q" in given else _line(datalen, ip, seq, reply.ttl, stats))
        if count and stats.sent >= count:
            shell.sleep(0 if stats.received else wait_s * 1000)  # the last reply awaited
            break
        endless = not count and not deadline_ms and shell.now - started >= ENDLESS_MS
        if endless or not interval_ms:  # an interval of 0 arms no timer: nothing follows
            shell.block()
        shell.sleep(interval_ms)
    shell.out(stats.summary(host))
    return int(not stats.received or (deadline_ms is not None and stats.received < count))


def _reply(shell: Shell, ip: str, ttl: int) -> EchoReply | None:
    """The reply each request gets, asked once for the whole run (a main process asking
    every interval would be laid out again at each: see tape); None if none comes back, or
    if -t TTL runs out at a router on the way (each router the reply crosses, the request
    crossed too)."""
    reply = shell.pod_network().ping(ip)
    if reply is not None and 0 < ttl <= ECHO_TTL - reply.ttl:
        return None
    return reply


def _line(datalen: int, ip: str, seq: int, ttl: int, stats: _Stats) -> str:
    """`64 bytes from IP: seq=N ttl=T time=X ms`, the time only when the data held a stamp."""
    line = f"{datalen + ICMP_HEADER} bytes from {ip}: seq={seq} ttl={ttl}"
    if datalen >= STAMP_BYTES:
        line += f" time={_ms(stats.trips_us[-1])} ms"
    return line + "\n"


def _trip_us(source: str, ip: str, seq: int, reply: EchoReply, datalen: int) -> int | None:
    """A round trip in µs, drawn from the addresses and the sequence number: tens of µs
    within a node (one more veth each router), a few hundred across nodes (None: no stamp
    to time it by)."""
    if datalen < STAMP_BYTES:
        return None
    base = 300 if reply.across else 40 + 25 * (ECHO_TTL - reply.ttl)
    return base + zlib.crc32(f"{source}>{ip}#{seq}".encode()) % (base // 2)


def _number(given: dict[str, str], letter: str, default: int = 0) -> int:
    """An option's number, as getopt32's `+` (xatoi_positive) and xatou16 read it."""
    value = given.get(letter)
    if value is None:
        return default
    if not value.isdigit() or (letter == "s" and int(value) > 0xFFFF):
        raise _Died(f"invalid number '{value}'")
    return int(value)


def _ms(us: int) -> str:
    return f"{us // 1000}.{us % 1000:03d}"
