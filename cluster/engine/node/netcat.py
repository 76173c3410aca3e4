"""busybox's nc (nc_bloaty, the netcat 1.10 compatible one the images build): a TCP
connection to HOST PORT through the pod network (a Service's address translated as for any
client), what stdin gives sent over it and the server's answer written out; with -z only
the connection. Its words and exit codes are networking/nc_bloaty.c's. Listening (-l),
UDP (-u), -e, -i and -o are not simulated: their letters are not taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node import network, resolver
from cluster.engine.node.process import Text
from cluster.engine.node.textutils import UsageError, options

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

OPTIONS = "np:s:bvw:z"  # -n, -p, -s and -b change nothing the network answers here
USAGE = "Usage: nc [OPTIONS] HOST PORT  - connect\n"
# strerror(ETIMEDOUT), the C library's words for a connect that got no answer
TIMED_OUT = {resolver.MUSL: "Operation timed out"}
TIMED_OUT_ELSE = "Connection timed out"


class _Died(Exception):
    """What nc says as it dies: `nc: MESSAGE`, status 1."""


def nc(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """nc [-v[v]] [-z] [-w SECONDS] HOST PORT"""
    try:
        found, operands = options(argv, OPTIONS)
    except UsageError as error:
        shell.err(f"nc: {error}\n{USAGE}")
        return 1
    if len(operands) != 2:
        shell.err(USAGE)
        return 1
    letters = [letter for letter, _ in found]
    verbose, zero = letters.count("v"), "z" in letters
    data = "" if zero else shell.plain(stdin or ())
    try:
        wait_s = _positive(dict(found).get("w", "0"))
        status, received = _connect(shell, operands, verbose, wait_s, data)
    except _Died as died:
        shell.err(f"nc: {died}\n")
        return 1
    if received:
        shell.out(received)
    if verbose > 1:
        shell.err(f"sent {len(data.encode()) * (status == 0)}, rcvd {len(received.encode())}\n")
    return status


def _connect(
    shell: Shell, operands: list[str], verbose: int, wait_s: int, data: str
) -> tuple[int, str]:
    """The connection: the exit status and what came back over it."""
    host, port_text = operands
    if not port_text.isdigit() or int(port_text) > 0xFFFF:
        raise _Died(f"bad port '{port_text}'")  # no /etc/services to name ports by
    port = int(port_text)
    net = shell.pod_network()
    lookup = resolver.Resolver(net).getaddrinfo(host)
    shell.sleep(lookup.elapsed_ms)
    if lookup.error:
        raise _Died(f"bad address '{host}'")
    named = f"{host} ({lookup.address}:{port})"
    try:
        answer = net.tcp(lookup.address, port, data)
    except network.Unreachable:
        # -w arms an alarm around connect(); without it the kernel gives up
        shell.sleep(wait_s * 1000 or network.SYN_TIMEOUT_MS)
        if verbose:
            shell.err(f"nc: {named}: {TIMED_OUT.get(net.libc, TIMED_OUT_ELSE)}\n")
        return 1, ""
    if answer is None:
        if verbose > 1:  # one -v says no refusal: a scan at that level skips closed ports
            shell.err(f"nc: {named}: Connection refused\n")
        return 1, ""
    if verbose:
        shell.err(f"{named} open\n")
    return 0, answer


def _positive(value: str) -> int:
    """-w's seconds, as getopt32's `+` reads them (xatoi_positive)."""
    if not value.isdigit():
        raise _Died(f"invalid number '{value}'")
    return int(value)
