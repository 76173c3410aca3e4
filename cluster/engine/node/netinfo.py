"""ip, ifconfig and netstat: the pod's network namespace as busybox's applets print it.

kind's CNI (kindnet, with the ptp plugin) gives a pod a veth, eth0, whose other end is on
the node: the address is the pod IP with its node's /24, and ptp replaces the /24's own
route with one through the gateway (the node's end, .1), reached by a host route, and adds
the default route (ptp.go's setupContainerVeth). The kernel adds lo's 127.0.0.1/8 and the
IPv6 link-local addresses. A container lacks CAP_NET_ADMIN: it may look, not change.
Debian's base images carry neither iproute2 nor net-tools (see applets.BUSYBOX_ONLY)."""

from __future__ import annotations

import fnmatch
import hashlib
import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.node.textutils import parsed_options

if TYPE_CHECKING:
    from cluster.engine.node.process import Text
    from cluster.engine.node.shell import Shell

CLUSTER_CIDR = ipaddress.ip_network("10.244.0.0/16")  # kind's podSubnet (nodeipam's)
POD_PREFIX = 24  # each node's podCIDR
NODE_NETWORK = ipaddress.ip_network("172.18.0.0/16")  # docker's "kind" network
ETH_MTU = 1500  # kindnet takes the MTU of the node's own interface: docker's default
LO_MTU = 65536
LO_TX_QUEUE = 1000  # lo's txqueuelen; a veth has none (0), and `ip` then says no qlen
# the node's end of a veth: after the node's own interfaces, one more for each pod
PEER_BASE = 3
DENIED = "Operation not permitted"  # EPERM: no CAP_NET_ADMIN


@dataclass(frozen=True, slots=True)
class Interface:
    index: int
    name: str
    peer: int  # the ifindex of the other end of a veth (0: none)
    mtu: int
    mac: str  # lower case
    ipv4: ipaddress.IPv4Interface
    ipv6: ipaddress.IPv6Interface

    @property
    def loopback(self) -> bool:
        return self.name == "lo"

    @property
    def label(self) -> str:
        return f"{self.name}@if{self.peer}" if self.peer else self.name


@dataclass(frozen=True, slots=True)
class Route:
    destination: str  # "default", a prefix or a host
    via: str = ""
    scope_link: bool = False
    source: str = ""
    device: str = "eth0"
    metric: int = 0  # 0: none given (IPv4's); IPv6's kernel routes have 256


def interfaces(pod_ip: str) -> tuple[Interface, ...]:
    """lo, and eth0 with the pod's address (the node's own eth0 for a hostNetwork pod)."""
    loopback = Interface(
        1,
        "lo",
        0,
        LO_MTU,
        "00:00:00:00:00:00",
        ipaddress.IPv4Interface("127.0.0.1/8"),
        ipaddress.IPv6Interface("::1/128"),
    )
    mac = _mac(pod_ip)
    prefix = POD_PREFIX if _on_pod_network(pod_ip) else NODE_NETWORK.prefixlen
    eth0 = Interface(
        2,
        "eth0",
        PEER_BASE + int(pod_ip.rsplit(".", 1)[1]) if pod_ip else 0,
        ETH_MTU,
        mac,
        ipaddress.IPv4Interface(f"{pod_ip or '0.0.0.0'}/{prefix}"),
        ipaddress.IPv6Interface(f"{_link_local(mac)}/64"),
    )
    return (loopback, eth0)


def routes(pod_ip: str) -> tuple[Route, ...]:
    """The main table's IPv4 routes, in the order the kernel dumps them."""
    network = interfaces(pod_ip)[1].ipv4.network
    gateway = str(network.network_address + 1)
    if not _on_pod_network(pod_ip):  # the node's: docker's gateway, and its network
        return (Route("default", gateway), Route(str(network), scope_link=True, source=pod_ip))
    return (
        Route("default", gateway),
        Route(str(network), gateway, source=pod_ip),
        Route(gateway, scope_link=True, source=pod_ip),
    )


# the main table's IPv6 routes the kernel adds: lo's address, eth0's link-local prefix
IPV6_ROUTES = (Route("::1", device="lo", metric=256), Route("fe80::/64", metric=256))


def _on_pod_network(ip: str) -> bool:
    return bool(ip) and ipaddress.ip_address(ip) in CLUSTER_CIDR


def _mac(ip: str) -> str:
    """A veth's address is random; here one drawn from the IP: unicast, locally administered."""
    digest = bytearray(hashlib.sha256(ip.encode()).digest()[:6])
    digest[0] = (digest[0] & 0xFC) | 0x02
    return ":".join(f"{b:02x}" for b in digest)


def _link_local(mac: str) -> ipaddress.IPv6Address:
    """fe80::/64 with the modified EUI-64 of the MAC (the kernel's default addr_gen_mode)."""
    octets = [int(part, 16) for part in mac.split(":")]
    octets[0] ^= 0x02
    eui = bytes([*octets[:3], 0xFF, 0xFE, *octets[3:]])
    return ipaddress.IPv6Address(b"\xfe\x80" + bytes(6) + eui)


# -- ip -------------------------------------------------------------------------------------

_OBJECTS = ("address", "route", "r", "link", "tunnel", "tunl", "rule", "neigh")
_ADDR_COMMANDS = ("add", "change", "chg", "replace", "delete", "list", "show", "lst", "flush")
_ROUTE_COMMANDS = (
    *("a", "add", "append", "change", "chg", "delete", "get", "list", "show"),
    *("prepend", "replace", "test", "flush"),
)
_LINK_COMMANDS = ("add", "delete", "set", "show", "lst", "list")
_LISTING = frozenset({"list", "show", "lst"})
_FAMILIES = {"inet": "4", "inet6": "6", "link": "0"}
IP_USAGE = "Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n"


def _keyword(words: tuple[str, ...], given: str) -> str:
    """busybox's index_in_substrings: the first keyword the word begins."""
    return next((word for word in words if word.startswith(given)), "") if given else ""


def ip(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    family, oneline, args = _common_options(argv[1:])
    if family is None:
        shell.err(IP_USAGE)
        return 1
    what = _keyword(_OBJECTS, args[0]) if args else ""
    if what in ("address", "link"):
        family = "0" if what == "link" else family
        return _ip_addr(shell, args[1:], family, what, oneline)
    if what in ("route", "r"):
        return _ip_route(shell, args[1:], family)
    if what == "rule":
        return _ip_rule(shell, args[1:], family)
    if what:  # no tunnels, and no neighbour the pod has reached yet
        return 0
    shell.err(IP_USAGE)
    return 1


def _common_options(args: list[str]) -> tuple[str | None, bool, list[str]]:
    """-4, -6, -0, -f FAMILY and -o before the object: the family ("" for any; None: a bad
    option), and whether each entry takes one line."""
    family, oneline = "", False
    while args and args[0].startswith("-"):
        option = args[0].lstrip("-")
        if option in ("4", "6", "0"):
            family = option
        elif "family".startswith(option) and len(args) > 1 and args[1] in _FAMILIES:
            family, args = _FAMILIES[args[1]], args[1:]
        elif "oneline".startswith(option):
            oneline = True
        else:
            return None, oneline, args
        args = args[1:]
    return family, oneline, args


@dataclass(frozen=True, slots=True)
class _Shown:
    """What `ip addr` lists: the family ("" any, "0" links alone), and its filters."""

    family: str
    device: str = ""
    scope: str = ""  # a scope's name ("": any)
    label: str = ""  # a pattern the address's label (its device) matches
    prefix: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None


_SCOPES = ("global", "site", "link", "host", "nowhere")
_ADDR_KEYWORDS = ("to", "scope", "up", "label", "dev")


def _ip_addr(shell: Shell, args: list[str], family: str, what: str, oneline: bool) -> int:
    commands = _LINK_COMMANDS if what == "link" else _ADDR_COMMANDS
    command = _keyword(commands, args[0]) if args else "show"
    if not command:
        shell.err(f"ip: invalid argument '{args[0]}' to 'ip'\n")
        return 1
    if command == "set" and what == "link":
        return _link_set(shell, args[1:])
    if command == "flush" and len(args) < 2:
        shell.err("ip: flush requires an argument\n")
        return 1
    if command not in (*_LISTING, "flush"):
        shell.err(f"ip: RTNETLINK answers: {DENIED}\n")
        return 2
    shown = _addr_filter(shell, args[1:], family)
    if shown is None:
        return 1
    found = interfaces(shell.context.network.pod_ip)
    if shown.device and not any(i.name == shown.device for i in found):
        shell.err(f"ip: can't find device '{shown.device}'\n")
        return 1
    if command == "flush":
        any_shown = any(
            version
            for i in found
            if shown.device in ("", i.name) and fnmatch.fnmatchcase(i.name, shown.label or "*")
            for version, _ in _addresses(i, shown)
        )
        return _flush(shell, any_shown)
    shell.out("".join(_link_lines(i, shown, oneline) for i in found))
    return 0


def _flush(shell: Shell, matched: bool) -> int:
    """A flush deletes what matches: refused, if anything does."""
    if not matched:
        return 0
    shell.err(f"ip: can't send flush request: {DENIED}\n")
    return 1


# `ip link set`'s flags, each on or off
_FLAG_WORDS = ("arp", "multicast", "allmulticast", "promisc", "dynamic", "trailers")
_SET_VALUES = ("mtu", "name", "qlen", "txqueuelen", "address", "broadcast", "brd", "master")
# the ioctls do_set calls, in its order, for what it was asked to change
_SET_CALLS = (
    (("address", "broadcast", "brd"), "SIOCSIFHWADDR"),
    (("name",), "SIOCSIFNAME"),
    (("qlen", "txqueuelen"), "SIOCSIFTXQLEN"),
    (("mtu",), "SIOCSIFMTU"),
)


def _link_set(shell: Shell, args: list[str]) -> int:
    """busybox's do_set: the changes in its order, each refused (no CAP_NET_ADMIN), or
    failing first on a device there is not; a flag already as asked (eth0 up, arp on)
    changes nothing, so asks nothing."""
    device, asked, flags = "", set(), {}
    words = iter(args)
    for word in words:
        if word in ("up", "down"):
            flags["up"] = word == "up"
        elif word in _FLAG_WORDS:
            flags[word] = next(words, "") == "on"
        elif word in _SET_VALUES:
            next(words, "")
            asked.add(word)
        elif word in ("nomaster", "netns"):
            asked.add("master")
        else:
            device = next(words, "") if word == "dev" else word
    if not device:
        shell.err('ip: "dev" requires an argument\n')
        return 1
    known = device in ("lo", "eth0")
    if "address" in asked and not known:  # get_address looks the device up first
        shell.err("ip: SIOCGIFINDEX: No such device\n")
        return 1
    call = next((name for keys, name in _SET_CALLS if asked & set(keys)), "")
    if call:
        shell.err(f"ip: {call}: {DENIED if known else 'No such device'}\n")
        return 1
    if "master" in asked:
        shell.err(f"ip: RTNETLINK answers: {DENIED}\n")
        return 2
    if flags and not known:
        shell.err("ip: SIOCGIFFLAGS: No such device\n")
        return 1
    # what the interface has now: up, ARP, no trailers; multicast but on lo
    now = {"up": True, "arp": True, "trailers": True, "multicast": device != "lo"}
    if any(wanted != now.get(flag, False) for flag, wanted in flags.items()):
        shell.err(f"ip: SIOCSIFFLAGS: {DENIED}\n")
        return 1
    return 0


def _addr_filter(shell: Shell, args: list[str], family: str) -> _Shown | None:
    """ipaddr_list_or_flush's words: to PREFIX (its family, unless one is given), scope
    SCOPE, up, label PATTERN, [dev] NAME."""
    found: dict[str, str] = {}
    words = iter(args)
    for word in words:
        key = word if word in _ADDR_KEYWORDS else "dev"
        value = next(words, "") if word in _ADDR_KEYWORDS and word != "up" else word
        if key in found and key == "dev":
            shell.err(f'ip: duplicate "dev": "{value}" is the second value\n')
            return None
        found[key] = value
    scope = found.get("scope", "")
    if scope not in ("", "all", *_SCOPES):
        shell.err(f"ip: invalid argument '{scope}' to 'scope'\n")
        return None
    prefix = None
    if "to" in found:
        try:
            prefix = ipaddress.ip_network(found["to"], strict=False)
        except ValueError:
            shell.err(f'ip: an inet prefix is expected rather than "{found["to"]}"\n')
            return None
        family = family or str(prefix.version)
    return _Shown(
        family,
        found.get("dev", ""),
        "" if scope == "all" else scope,
        found.get("label", ""),
        prefix,
    )


def _link_lines(interface: Interface, shown: _Shown, oneline: bool) -> str:
    """print_linkinfo, then print_addrinfo for each of its addresses shown; in one line
    each (-o), a backslash where a line would break, and no link for addresses. With a
    family (and not the links'), a link without such an address is left out."""
    if shown.device and interface.name != shown.device:
        return ""
    if shown.label and not fnmatch.fnmatchcase(interface.name, shown.label):
        return ""
    addresses = [line for version, line in _addresses(interface, shown) if version]
    if shown.family not in ("", "0") and not addresses:
        return ""
    link = _link(interface, shown.family)
    if not oneline:
        return link + "".join(addresses)
    if shown.family == "0":  # `ip -o link`: the link alone, its second line after `\`
        return link.replace("\n    ", "\\    ")
    name = f"{interface.index}: {interface.name}"
    return "".join(name + line.replace("\n       ", "\\       ") for line in addresses)


def _link(interface: Interface, family: str) -> str:
    """print_linkinfo: the link, and (with no family, or the links') its address."""
    flags = "LOOPBACK,UP,LOWER_UP" if interface.loopback else "BROADCAST,MULTICAST,UP,LOWER_UP"
    # the veth's other end is in the node's namespace: `ip` knows not its name nor that it
    # is up (M-DOWN)
    flags += ",M-DOWN" if interface.peer else ""
    state = "UNKNOWN" if interface.loopback else "UP"
    head = f"{interface.index}: {interface.label}: <{flags}> mtu {interface.mtu} qdisc noqueue "
    out = f"{head}state {state} {f'qlen {LO_TX_QUEUE}' if interface.loopback else ''}\n"
    if family in ("", "0"):
        kind = "loopback" if interface.loopback else "ether"
        broadcast = "00:00:00:00:00:00" if interface.loopback else "ff:ff:ff:ff:ff:ff"
        out += f"    link/{kind} {interface.mac} brd {broadcast}\n"
    return out


def _addresses(interface: Interface, shown: _Shown) -> list[tuple[int, str]]:
    """print_addrinfo's lines for each address the filters let through (IPv4's first, as
    the kernel dumps them), with the address's IP version (0: left out)."""
    if shown.family == "0":
        return []
    found = []
    for address in (interface.ipv4, interface.ipv6):
        scope = "host" if interface.loopback else "global" if address.version == 4 else "link"
        wanted = shown.family in ("", str(address.version))
        wanted = wanted and shown.scope in ("", scope)
        if shown.prefix is not None:
            wanted = wanted and address.version == shown.prefix.version
            wanted = wanted and address.ip in shown.prefix
        found.append((address.version if wanted else 0, _address_line(interface, address)))
    return found


def _address_line(
    interface: Interface, address: ipaddress.IPv4Interface | ipaddress.IPv6Interface
) -> str:
    """An address: its broadcast (IPv4's, not lo's), scope and label (IPv4's: the device)."""
    if address.version == 6:
        scope = "host" if interface.loopback else "link"
        where, label = f"scope {scope} ", ""
    elif interface.loopback:
        where, label = "scope host ", interface.name
    else:
        where = f"brd {address.network.broadcast_address} scope global "
        label = interface.name
    inet = "inet6" if address.version == 6 else "inet"
    return (
        f"    {inet} {address.with_prefixlen} {where}{label}\n"
        "       valid_lft forever preferred_lft forever\n"
    )


def _ip_route(shell: Shell, args: list[str], family: str) -> int:
    command = _keyword(_ROUTE_COMMANDS, args[0]) if args else "show"
    if not command:
        shell.err(f"ip: invalid argument '{args[0]}' to 'ip'\n")
        return 1
    if command == "get":
        return _route_get(shell, args[1:])
    if command == "flush" and len(args) < 2:
        shell.err('ip: "ip route flush" requires an argument\n')
        return 1
    if command not in (*_LISTING, "flush"):
        shell.err(f"ip: RTNETLINK answers: {DENIED}\n")
        return 2
    found = IPV6_ROUTES if family == "6" else routes(shell.context.network.pod_ip)
    shown = _route_filter(shell, args[1:], found)
    if shown is None:
        return 1
    if command == "flush":
        return _flush(shell, bool(shown))
    shell.out("".join(_route_line(route) for route in shown))
    return 0


def _route_filter(shell: Shell, args: list[str], found: tuple[Route, ...]) -> list[Route] | None:
    """`dev NAME` (eth0 has them all), `table main`, and a destination (any other word,
    as `to`): the route to exactly that prefix, `default` the default one."""
    shown = list(found)
    words = iter(args)
    for word in words:
        value = next(words, "") if word in ("dev", "oif", "table", "to") else word
        if word in ("dev", "oif"):
            if value not in ("eth0", "lo"):
                shell.err(f"ip: can't find device '{value}'\n")
                return None
            shown = [r for r in shown if r.device == value]
        elif word == "table":
            shown = shown if value == "main" else []
        else:
            shown = [r for r in shown if _same_prefix(r.destination, value)]
    return shown


def _same_prefix(destination: str, given: str) -> bool:
    if given in ("default", "all", "any"):
        return destination == "default" or given != "default"
    try:
        wanted = ipaddress.ip_network(given, strict=False)
    except ValueError:
        return False
    return destination != "default" and ipaddress.ip_network(destination) == wanted


def _destination(args: list[str]) -> tuple[str, str]:
    """The address `ip route get` asks of (`to ADDR`, or a word that is no option's), and
    the source it gives (`from ADDR`)."""
    found, source = "", ""
    words = iter(args)
    for word in words:
        if word in ("from", "iif", "oif", "dev", "to"):
            value = next(words, "")
            found = value if word == "to" else found
            source = value if word == "from" else source
        elif word not in ("notify", "connected"):
            found = word
    return found, source


def _route_get(shell: Shell, args: list[str]) -> int:
    """The route the kernel takes to an address: the local table's for the pod's own
    addresses and eth0's broadcast, else the main table's (busybox prints no scope for
    what the kernel answers so)."""
    destination, source = _destination(args)
    if not destination:
        shell.err("ip: need at least destination address\n")
        return 1
    try:
        address = ipaddress.IPv4Address(destination)
    except ValueError:
        shell.err(f'ip: an inet prefix is expected rather than "{destination}"\n')
        return 1
    pod_ip = shell.context.network.pod_ip
    eth0 = interfaces(pod_ip)[1].ipv4
    gateway = str(eth0.network.network_address + 1)
    given = f"{address} from {source}" if source else str(address)
    # the kernel names the source it chose only when not told one
    src = "" if source else f" src {pod_ip} "
    if address == eth0.ip or address in ipaddress.ip_network("127.0.0.0/8"):
        local = address if address == eth0.ip else "127.0.0.1"
        line = f"local {given} dev lo table local " + ("" if source else f" src {local} ")
    elif address == eth0.network.broadcast_address:
        line = f"broadcast {given} dev eth0 table local {src}"
    elif address == ipaddress.IPv4Address("255.255.255.255"):
        line = f"broadcast {given} dev eth0 {src}"
    elif str(address) == gateway:
        line = f"{given} dev eth0 {src}"
    else:
        line = f"{given} via {gateway} dev eth0 {src}"
    shell.out(f"{line}\n")
    return 0


_RULE_COMMANDS = ("add", "delete", "list", "show")
# the kernel's default rules: the local table, then main, then default (IPv4's)
_RULES = ((0, "local"), (32766, "main"), (32767, "default"))


def _ip_rule(shell: Shell, args: list[str], family: str) -> int:
    command = _keyword(_RULE_COMMANDS, args[0]) if args else "show"
    if not command:
        shell.err(f"ip: invalid argument '{args[0]}' to 'ip'\n")
        return 1
    if command not in _LISTING:
        shell.err(f"ip: RTNETLINK answers: {DENIED}\n")
        return 2
    rules = _RULES[:2] if family == "6" else _RULES
    shell.out("".join(f"{priority}:\tfrom all lookup {table} \n" for priority, table in rules))
    return 0


def _route_line(route: Route) -> str:
    """print_route: its words each followed by a space, and " src" after them."""
    line = f"{route.destination} "
    line += f"via {route.via} " if route.via else ""
    line += f"dev {route.device} "
    line += "scope link " if route.scope_link else ""
    line += f" src {route.source} " if route.source else ""
    line += f" metric {route.metric} " if route.metric else ""
    return line + "\n"


# -- ifconfig -------------------------------------------------------------------------------


def ifconfig(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox's: each interface by name (all of them are up), or the one named."""
    args = [a for a in argv[1:] if a != "-a"]
    shown = sorted(interfaces(shell.context.network.pod_ip), key=lambda i: i.name)
    if args:
        shown = [i for i in shown if i.name == args[0]]
        if not shown:
            shell.err(f"ifconfig: {args[0]}: error fetching interface information: ")
            shell.err("Device not found\n")
            return 1
        if len(args) > 1:
            call = "SIOCSIFFLAGS" if args[1] in ("up", "down") else "SIOCSIFADDR"
            shell.err(f"ifconfig: {call}: {DENIED}\n")
            return 1
    shell.out("".join(_ifconfig_block(i) for i in shown))
    return 0


def _ifconfig_block(interface: Interface) -> str:
    """ife_print: zero counters (nothing here counts packets)."""
    address = interface.ipv4
    if interface.loopback:
        lines = [f"{'lo':<9} Link encap:Local Loopback  "]
        lines.append(f"          inet addr:{address.ip}  Mask:{address.netmask}")
        lines.append(f"          inet6 addr: {interface.ipv6.with_prefixlen} Scope:Host")
        lines.append(f"          UP LOOPBACK RUNNING  MTU:{interface.mtu}  Metric:1")
    else:
        mac = interface.mac.upper()
        lines = [f"{interface.name:<9} Link encap:Ethernet  HWaddr {mac}  "]
        broadcast = address.network.broadcast_address
        lines.append(f"          inet addr:{address.ip}  Bcast:{broadcast}  Mask:{address.netmask}")
        lines.append(f"          inet6 addr: {interface.ipv6.with_prefixlen} Scope:Link")
        lines.append(f"          UP BROADCAST RUNNING MULTICAST  MTU:{interface.mtu}  Metric:1")
    lines += [
        "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0",
        "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0",
        f"          collisions:0 txqueuelen:{LO_TX_QUEUE if interface.loopback else 0} ",
        "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)",
        "",
    ]
    return "".join(f"{line}\n" for line in lines)


# -- netstat --------------------------------------------------------------------------------

_NETSTAT_LETTERS = "laentuwxrWp"
ADDRESS_WIDTH = 23
WIDE_ADDRESS_WIDTH = 51  # -W: room for the longest IPv6 address and a port


def _row(proto: str, local: str, foreign: str, state: str, width: int) -> str:
    """FMT_NET_CONN_DATA: the queues (empty here), the addresses, the state."""
    return f"{proto}   {0:>6} {0:>6} {local:<{width}} {foreign:<{width}} {state:<12}"


def netstat(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox's netstat over /proc/net: the container's listening TCP sockets. Each is
    IPv6's any address, which takes IPv4 too: busybox's nc and httpd and Go's net.Listen
    all bind so where the kernel has IPv6."""
    found = parsed_options(shell, "netstat", argv, _NETSTAT_LETTERS)
    if found is None:
        return 1
    letters = {letter for letter, _ in found[0]}
    if "r" in letters:
        return _route_table(shell, letters)
    width = WIDE_ADDRESS_WIDTH if "W" in letters else ADDRESS_WIDTH
    listening = bool(letters & {"l", "a"})
    connected = "a" in letters or "l" not in letters
    protocols = letters & set("tuwx") or set("tuwx")
    program = "p" in letters
    banner = "PID/Program name    " if program else ""
    servers = "servers and established" if listening and connected else "only servers"
    servers = servers if listening else "w/o servers"
    if protocols & set("tuw"):
        shell.out(f"Active Internet connections ({servers})\n")
        local, foreign = f"{'Local Address':<{width}}", f"{'Foreign Address':<{width}}"
        shell.out(f"Proto Recv-Q Send-Q {local} {foreign} State       {banner}\n")
    if "t" in protocols and listening:
        name = _listener(shell) if program else ""
        for port in sorted(set(shell.context.machine.open_ports)):
            shell.out(f"{_row('tcp', f':::{port}', ':::*', 'LISTEN', width)}{name}\n")
    if "x" in protocols:
        shell.out(f"Active UNIX domain sockets ({servers})\n")
        shell.out(f"Proto RefCnt Flags       Type       State         I-Node {banner}Path\n")
    return 0


def _listener(shell: Shell) -> str:
    """-p's PID/Program name: the main process's (what listens), its program's base name,
    as /proc/1/cmdline gives it, cut to the column."""
    command = next((line for pid, line in shell.context.processes if pid == 1), "")
    words = command.split()
    name = words[0].rsplit("/", 1)[-1] if words else ""
    return f"1/{name}"[:19] if name else "-"


def _route_table(shell: Shell, letters: set[str]) -> int:
    """netstat -r: the kernel's IPv4 routing table, as route(8) prints it (-e: its
    metric and use counts rather than MSS and window)."""
    pod_ip = shell.context.network.pod_ip
    numeric = "n" in letters
    extended = "e" in letters
    columns = "Metric Ref    Use" if extended else "  MSS Window  irtt"
    counts = "0      0        0" if extended else "    0 0          0"
    shell.out("Kernel IP routing table\n")
    shell.out(f"Destination     Gateway         Genmask         Flags {columns} Iface\n")
    for route in routes(pod_ip):
        if route.destination == "default":
            destination, mask = "0.0.0.0" if numeric else "default", "0.0.0.0"
        else:
            network = ipaddress.ip_network(route.destination)
            destination, mask = str(network.network_address), str(network.netmask)
        gateway = route.via or ("0.0.0.0" if numeric else "*")
        flags = "U" + ("G" if route.via else "") + ("H" if mask == "255.255.255.255" else "")
        shell.out(f"{destination:<15} {gateway:<15} {mask:<16}{flags:<6}{counts} eth0\n")
    return 0
