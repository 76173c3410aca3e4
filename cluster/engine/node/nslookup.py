"""busybox's `nslookup`, in its two generations. Up to 1.28 (the docs' image for DNS
debugging) it asks the C library: getaddrinfo for the name, and getnameinfo for the name of
each address it found, the server's first (networking/nslookup.c of 1.28.4):

    Server:    10.96.0.10
    Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

    Name:      kubernetes.default
    Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local

From 1.29 (busybox:latest, alpine) it sends its own queries (see `nslookup_queries`).

What it prints goes out through stdio's buffer, at its exit (a container's stdout is a
pipe), after its errors.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from cluster.engine.node import images, nslookup_queries
from cluster.engine.node.process import Text
from cluster.engine.node.resolver import MUSL, Resolver

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

NEW_SINCE = (1, 29)  # the release that brought the new nslookup (from OpenWrt)
USAGE = (
    "Usage: nslookup [HOST] [SERVER]\n\n"
    "Query the nameserver for the IP address of the given HOST\n"
    "optionally using a specified DNS server\n"
)


def nslookup(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if images.release(shell.context.busybox) >= NEW_SINCE:
        return nslookup_queries.nslookup(shell, argv[1:])
    if len(argv) not in (2, 3) or argv[1].startswith("-"):
        shell.err(USAGE)
        return 1
    resolver = Resolver(shell.pod_network(), res_init=True)
    start = shell.now
    printed: list[str] = []
    server = resolver.conf.nameservers[0]
    if len(argv) == 3:
        server = _server(shell, resolver, argv[2], start)
        if not server:
            return 1
        resolver.set_default_dns(server)
    if resolver.libc == MUSL:
        # musl keeps no _res: the server it shows is no address, which it cannot print
        shell.err("nslookup: can't resolve '(null)'\n")
    else:
        _print_host(shell, resolver, start, server, "Server:", printed)
    printed.append("\n")
    status = _print_host(shell, resolver, start, argv[1], "Name:", printed)
    shell.out("".join(printed))
    return status


def _server(shell: Shell, resolver: Resolver, given: str, start: int) -> str:
    """The address of the server argument (xhost2sockaddr): "" when it names none."""
    lookup = resolver.getaddrinfo(given)
    _catch_up(shell, resolver, start)
    if lookup.error:
        shell.err(f"nslookup: bad address '{given}'\n")
        return ""
    return lookup.address


def _print_host(
    shell: Shell, resolver: Resolver, start: int, name: str, header: str, printed: list[str]
) -> int:
    """print_host: the name's addresses, each with the name it has back, or an error."""
    lookup = resolver.getaddrinfo(name)
    if lookup.error:
        _catch_up(shell, resolver, start)
        shell.err(f"nslookup: can't resolve '{name}'\n")
        return 1
    printed.append(f"{header:<10} {name}\n")
    for number, address in enumerate(lookup.addresses, 1):
        back = resolver.getnameinfo(address)
        printed.append(f"Address {number}: {_dotted(address)}{' ' + back if back else ''}\n")
    _catch_up(shell, resolver, start)
    return 0


def _dotted(address: str) -> str:
    """An address as getnameinfo writes it with NI_NUMERICHOST."""
    return str(ipaddress.ip_address(address))


def _catch_up(shell: Shell, resolver: Resolver, start: int) -> None:
    """Let the time the lookups have taken pass."""
    shell.sleep(start + resolver.elapsed_ms - shell.now)
