"""busybox's `nslookup`, in its two generations: up to 1.28 (the docs' init-container image)
it asks the C library's resolver, which reads /etc/hosts and then asks the nameserver of
/etc/resolv.conf (the cluster's DNS Service, 10.96.0.10); from 1.29 (busybox:latest, alpine)
it sends its own DNS queries to that nameserver, for each name of the search path.

KubeLab's clusters run no DNS server yet (no CoreDNS behind that Service), so a query that
goes to the nameserver gets no answer: the resolver waits its timeout, twice, then gives up,
as it does in a cluster without its DNS add-on. With the old resolver, addresses and the
names in /etc/hosts (localhost, the pod's own hostname) resolve at once. What it prints goes
out through stdio's buffer, at its exit (a container's stdout is a pipe), after its errors.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from cluster.engine.node.network import hosts_entries
from cluster.engine.node.process import Text

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

TIMEOUT_MS = 5_000  # RES_TIMEOUT, and the new nslookup's -timeout
ATTEMPTS = 2  # RES_DFLRETRY
UNANSWERED_MS = TIMEOUT_MS * ATTEMPTS  # a query the resolver's nameserver never answers
NEW_SINCE = (1, 29)  # the release that brought the new nslookup (from OpenWrt)
USAGE = (
    "Usage: nslookup [HOST] [SERVER]\n\n"
    "Query the nameserver for the IP address of the given HOST\n"
    "optionally using a specified DNS server\n"
)
NEW_USAGE = (
    "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n"
    "Query DNS about HOST\n\n"
    "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n"
)
TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"


def nslookup(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if _release(shell.context.busybox) >= NEW_SINCE:
        return _new(shell, argv[1:])
    if len(argv) not in (2, 3) or argv[1].startswith("-"):
        shell.err(USAGE)
        return 1
    hosts = _hosts(shell)
    server = argv[2] if len(argv) == 3 else _nameserver(shell)
    printed: list[str] = []
    _print_host(shell, server, "Server:", hosts, printed)
    printed.append("\n")
    status = _print_host(shell, argv[1], "Name:", hosts, printed)
    shell.out("".join(printed))
    return status


def _print_host(
    shell: Shell, name: str, header: str, hosts: list[tuple[str, str]], printed: list[str]
) -> int:
    """print_host: the name's addresses, each with the name it has back, or an error."""
    addresses = [name] if _is_address(name) else [ip for ip, host in hosts if host == name]
    if not addresses:
        shell.sleep(UNANSWERED_MS)
        shell.err(f"nslookup: can't resolve '{name}'\n")
        return 1
    printed.append(f"{header:<10} {name}\n")
    for number, address in enumerate(addresses, 1):
        back = next((host for ip, host in hosts if ip == address), "")
        if not back:
            shell.sleep(UNANSWERED_MS)  # the reverse lookup goes to the nameserver
        printed.append(f"Address {number}: {address}{' ' + back if back else ''}\n")
    return 0


def _new(shell: Shell, args: list[str]) -> int:
    """The new nslookup: every query goes to the nameserver (here, unanswered: it gives up
    when its timeout has passed, 5 s unless -timeout says)."""
    timeout_ms = TIMEOUT_MS
    while args and args[0].startswith("-"):
        option, _, value = args.pop(0)[1:].partition("=")
        if option in ("timeout", "t") and value.isdigit() and int(value) > 0:
            timeout_ms = int(value) * 1000
    if not args or len(args) > 2:
        shell.err(NEW_USAGE)
        return 1
    shell.sleep(timeout_ms)
    shell.out(TIMED_OUT)
    return 1


def _release(version: str) -> tuple[int, ...]:
    """A release's numbers: "1.36.1" -> (1, 36, 1)."""
    numbers = []
    for part in version.split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _hosts(shell: Shell) -> list[tuple[str, str]]:
    """/etc/hosts as (address, name) pairs, in its order."""
    return [(address, name) for address, names in host_lines(shell) for name in names]


def host_lines(shell: Shell) -> tuple[tuple[str, list[str]], ...]:
    """/etc/hosts' entries: each address with its names, the canonical one first."""
    return hosts_entries(_file(shell, "/etc/hosts"))


def _nameserver(shell: Shell) -> str:
    for line in _file(shell, "/etc/resolv.conf").splitlines():
        fields = line.split()
        if len(fields) > 1 and fields[0] == "nameserver":
            return fields[1]
    return "127.0.0.1"  # the resolver's default


def _file(shell: Shell, path: str) -> str:
    return shell.plain(shell.files.get(path, ()))
