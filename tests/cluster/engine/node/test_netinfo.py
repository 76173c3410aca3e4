"""ip, ifconfig and netstat in a pod: its eth0 with the pod IP and kindnet's ptp routes,
lo, and what listens, as busybox prints them; Debian's images have none of them."""

from __future__ import annotations

import json

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.node import netinfo
from tests.cluster.engine.node.test_service_traffic import settled
from tests.cluster.kubectl.helpers import run

AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.40"


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    """bb (busybox, sleeping), web (agnhost netexec on 8080) and deb (debian)."""
    cluster = Cluster()
    settled(cluster, "run", "bb", "--image=busybox", "--", "sleep", "3600")
    settled(cluster, "run", "web", f"--image={AGNHOST}", "--", "netexec", "--http-port=8080")
    settled(cluster, "run", "deb", "--image=debian", "--", "sleep", "3600")
    return cluster


def in_pod(cluster: Cluster, pod: str, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", pod, "--", *argv)
    return result.stdout, result.stderr, result.exit_code


def pod_ip(cluster: Cluster, pod: str) -> str:
    return json.loads(run(cluster, "get", "pod", pod, "-o", "json").stdout)["status"]["podIP"]


def test_a_pods_address_is_its_own_drawn_mac_and_link_local_address() -> None:
    lo, eth0 = netinfo.interfaces("10.244.1.2")
    assert (lo.name, lo.index, str(lo.ipv4), str(lo.ipv6)) == ("lo", 1, "127.0.0.1/8", "::1/128")
    assert (eth0.label, eth0.mtu, eth0.mac) == ("eth0@if5", 1500, "9e:3f:81:e7:6d:36")
    assert str(eth0.ipv4) == "10.244.1.2/24"
    assert str(eth0.ipv6) == "fe80::9c3f:81ff:fee7:6d36/64"
    assert netinfo.interfaces("10.244.1.2") == (lo, eth0)  # the same every time
    assert netinfo.interfaces("10.244.1.3")[1].mac != eth0.mac


def test_ip_addr_shows_lo_and_eth0_as_busybox_does(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    eth0 = netinfo.interfaces(ip)[1]
    network = ".".join(ip.split(".")[:3])
    expected = (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
        "    inet6 ::1/128 scope host \n"
        "       valid_lft forever preferred_lft forever\n"
        f"2: {eth0.label}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
        "state UP \n"
        f"    link/ether {eth0.mac} brd ff:ff:ff:ff:ff:ff\n"
        f"    inet {ip}/24 brd {network}.255 scope global eth0\n"
        "       valid_lft forever preferred_lft forever\n"
        f"    inet6 {eth0.ipv6} scope link \n"
        "       valid_lft forever preferred_lft forever\n"
    )
    assert in_pod(cluster, "bb", "ip", "addr") == (expected, "", 0)
    assert in_pod(cluster, "bb", "ip", "a") == (expected, "", 0)
    eth0_only = expected[expected.index("2: ") :]
    assert in_pod(cluster, "bb", "ip", "addr", "show", "dev", "eth0") == (eth0_only, "", 0)
    assert in_pod(cluster, "bb", "ip", "a", "show", "eth0") == (eth0_only, "", 0)


def test_ip_with_a_family_or_one_line_each(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    eth0 = netinfo.interfaces(ip)[1]
    network = ".".join(ip.split(".")[:3])
    inet = f"    inet {ip}/24 brd {network}.255 scope global eth0"
    assert in_pod(cluster, "bb", "ip", "-4", "addr") == (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
        f"2: {eth0.label}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
        "state UP \n"
        f"{inet}\n"
        "       valid_lft forever preferred_lft forever\n",
        "",
        0,
    )
    assert in_pod(cluster, "bb", "ip", "-o", "-4", "a", "show", "eth0") == (
        f"2: eth0{inet}\\       valid_lft forever preferred_lft forever\n",
        "",
        0,
    )
    assert in_pod(cluster, "bb", "ip", "link", "show", "eth0") == (
        f"2: {eth0.label}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
        f"state UP \n    link/ether {eth0.mac} brd ff:ff:ff:ff:ff:ff\n",
        "",
        0,
    )


def test_ip_addr_filters_by_scope_prefix_and_label(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    eth0 = netinfo.interfaces(ip)[1]
    network = ".".join(ip.split(".")[:3])
    link = (
        f"2: {eth0.label}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
        "state UP \n"
    )
    inet = (
        f"    inet {ip}/24 brd {network}.255 scope global eth0\n"
        "       valid_lft forever preferred_lft forever\n"
    )
    assert in_pod(cluster, "bb", "ip", "a", "show", "to", "10.244.0.0/16") == (
        link + inet,
        "",
        0,
    )
    # without a family, each link shows, with the addresses of that scope only
    out = in_pod(cluster, "bb", "ip", "addr", "show", "scope", "global")[0]
    assert out.endswith(f"{link}    link/ether {eth0.mac} brd ff:ff:ff:ff:ff:ff\n{inet}")
    assert out.startswith("1: lo: ") and "inet6" not in out
    assert in_pod(cluster, "bb", "ip", "-4", "a", "show", "label", "e*") == (link + inet, "", 0)
    assert in_pod(cluster, "bb", "ip", "a", "show", "scope", "far")[1].startswith(
        "ip: invalid argument 'far' to 'scope'\n"
    )


def test_ip_route_shows_kindnets_routes_through_the_nodes_end(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    network = ".".join(ip.split(".")[:3])
    expected = (
        f"default via {network}.1 dev eth0 \n"
        f"{network}.0/24 via {network}.1 dev eth0  src {ip} \n"
        f"{network}.1 dev eth0 scope link  src {ip} \n"
    )
    assert in_pod(cluster, "bb", "ip", "route") == (expected, "", 0)
    assert in_pod(cluster, "bb", "ip", "r") == (expected, "", 0)
    assert in_pod(cluster, "bb", "ip", "-6", "route", "show") == (
        "::1 dev lo  metric 256 \nfe80::/64 dev eth0  metric 256 \n",
        "",
        0,
    )
    assert in_pod(cluster, "bb", "netstat", "-rn") == (
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
        f"0.0.0.0         {network}.1      0.0.0.0         UG        0 0          0 eth0\n"
        f"{network}.0      {network}.1      255.255.255.0   UG        0 0          0 eth0\n"
        f"{network}.1      0.0.0.0         255.255.255.255 UH        0 0          0 eth0\n",
        "",
        0,
    )


def test_ip_route_get_says_which_route_an_address_takes(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    network = ".".join(ip.split(".")[:3])
    cases = {
        "8.8.8.8": f"8.8.8.8 via {network}.1 dev eth0  src {ip} ",
        "10.96.0.10": f"10.96.0.10 via {network}.1 dev eth0  src {ip} ",  # a Service's
        f"{network}.1": f"{network}.1 dev eth0  src {ip} ",
        ip: f"local {ip} dev lo table local  src {ip} ",
        "127.0.0.5": "local 127.0.0.5 dev lo table local  src 127.0.0.1 ",
        f"{network}.255": f"broadcast {network}.255 dev eth0 table local  src {ip} ",
    }
    for address, route in cases.items():
        assert in_pod(cluster, "bb", "ip", "route", "get", address) == (f"{route}\n", "", 0)
    assert in_pod(cluster, "bb", "ip", "r", "g", "to", "8.8.8.8", "from", ip)[0] == (
        f"8.8.8.8 from {ip} via {network}.1 dev eth0 \n"
    )
    assert in_pod(cluster, "bb", "ip", "route", "get")[1].startswith(
        "ip: need at least destination address\n"
    )


def test_ip_route_show_of_a_device_or_a_destination(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    network = ".".join(ip.split(".")[:3])
    assert in_pod(cluster, "bb", "ip", "route", "show", "default") == (
        f"default via {network}.1 dev eth0 \n",
        "",
        0,
    )
    assert in_pod(cluster, "bb", "ip", "route", "show", f"{network}.0/24")[0] == (
        f"{network}.0/24 via {network}.1 dev eth0  src {ip} \n"
    )
    assert in_pod(cluster, "bb", "ip", "route", "show", "dev", "eth0")[0].count("\n") == 3
    assert in_pod(cluster, "bb", "ip", "route", "show", "dev", "lo") == ("", "", 0)


def test_ip_rule_shows_the_kernels_default_rules(cluster: Cluster) -> None:
    rules = "0:\tfrom all lookup local \n32766:\tfrom all lookup main \n"
    assert in_pod(cluster, "bb", "ip", "rule") == (
        rules + "32767:\tfrom all lookup default \n",
        "",
        0,
    )
    assert in_pod(cluster, "bb", "ip", "-6", "rule", "show") == (rules, "", 0)


def test_ip_may_look_but_not_change(cluster: Cluster) -> None:
    denied = "ip: RTNETLINK answers: Operation not permitted\n"
    added = in_pod(cluster, "bb", "ip", "addr", "add", "10.0.0.9/24", "dev", "eth0")
    assert added == ("", denied + "command terminated with exit code 2\n", 2)
    assert in_pod(cluster, "bb", "ip", "addr", "show", "eth1") == (
        "",
        "ip: can't find device 'eth1'\ncommand terminated with exit code 1\n",
        1,
    )
    assert in_pod(cluster, "bb", "ip", "addr", "eth0")[1].startswith(
        "ip: invalid argument 'eth0' to 'ip'\n"
    )


@pytest.mark.parametrize(
    ("argv", "said", "code"),
    [
        (["ip", "link", "set", "eth0", "up"], "", 0),  # up already: nothing to ask
        (["ip", "link", "set", "eth0", "arp", "on", "multicast", "on"], "", 0),
        (["ip", "link", "set", "eth0", "down"], "ip: SIOCSIFFLAGS: Operation not permitted", 1),
        (
            ["ip", "link", "set", "lo", "multicast", "on"],
            "ip: SIOCSIFFLAGS: Operation not permitted",
            1,
        ),
        (
            ["ip", "link", "set", "dev", "eth0", "mtu", "9000"],
            "ip: SIOCSIFMTU: Operation not permitted",
            1,
        ),
        (["ip", "link", "set", "eth9", "up"], "ip: SIOCGIFFLAGS: No such device", 1),
        (["ip", "link", "set"], 'ip: "dev" requires an argument', 1),
        (["ip", "addr", "flush"], "ip: flush requires an argument", 1),
        (
            ["ip", "addr", "flush", "dev", "eth0"],
            "ip: can't send flush request: Operation not permitted",
            1,
        ),
        (["ip", "addr", "flush", "to", "192.168.0.0/16"], "", 0),  # nothing of it to delete
        (["ip", "route", "flush"], 'ip: "ip route flush" requires an argument', 1),
        (["ip", "route", "flush", "dev", "lo"], "", 0),
    ],
)
def test_ip_changes_nothing(cluster: Cluster, argv: list[str], said: str, code: int) -> None:
    out, err, status = in_pod(cluster, "bb", *argv)
    ended = f"command terminated with exit code {code}\n" if code else ""
    assert (out, err, status) == ("", f"{said}\n{ended}" if said else "", code)


def test_ifconfig_lists_the_interfaces_by_name(cluster: Cluster) -> None:
    ip = pod_ip(cluster, "bb")
    eth0 = netinfo.interfaces(ip)[1]
    network = ".".join(ip.split(".")[:3])
    counters = (
        "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
        "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
        "          collisions:0 txqueuelen:{} \n"  # a veth has no queue; lo has
        "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n"
    )
    shown_eth0 = (
        f"eth0      Link encap:Ethernet  HWaddr {eth0.mac.upper()}  \n"
        f"          inet addr:{ip}  Bcast:{network}.255  Mask:255.255.255.0\n"
        f"          inet6 addr: {eth0.ipv6} Scope:Link\n"
        "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n" + counters.format(0)
    )
    shown_lo = (
        "lo        Link encap:Local Loopback  \n"
        "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
        "          inet6 addr: ::1/128 Scope:Host\n"
        "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n" + counters.format(1000)
    )
    assert in_pod(cluster, "bb", "ifconfig") == (shown_eth0 + shown_lo, "", 0)
    assert in_pod(cluster, "bb", "ifconfig", "lo") == (shown_lo, "", 0)
    assert in_pod(cluster, "bb", "ifconfig", "eth1")[1].startswith(
        "ifconfig: eth1: error fetching interface information: Device not found\n"
    )
    assert in_pod(cluster, "bb", "ifconfig", "eth0", "down")[1].startswith(
        "ifconfig: SIOCSIFFLAGS: Operation not permitted\n"
    )


HEADER = "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "


def test_netstat_lists_what_listens(cluster: Cluster) -> None:
    listening = "tcp        0      0 :::8080                 :::*                    LISTEN      "
    assert in_pod(cluster, "web", "netstat", "-tln") == (
        f"Active Internet connections (only servers)\n{HEADER}\n{listening}\n",
        "",
        0,
    )
    assert in_pod(cluster, "web", "netstat", "-tlnp") == (
        f"Active Internet connections (only servers)\n{HEADER}PID/Program name    \n"
        f"{listening}1/agnhost\n",
        "",
        0,
    )
    assert in_pod(cluster, "bb", "netstat", "-tuln") == (
        f"Active Internet connections (only servers)\n{HEADER}\n",
        "",
        0,
    )
    assert in_pod(cluster, "web", "netstat", "-an") == (
        f"Active Internet connections (servers and established)\n{HEADER}\n{listening}\n"
        "Active UNIX domain sockets (servers and established)\n"
        "Proto RefCnt Flags       Type       State         I-Node Path\n",
        "",
        0,
    )


def test_netstat_wide_and_the_extended_route_table(cluster: Cluster) -> None:
    wide = in_pod(cluster, "web", "netstat", "-tlW")[0].splitlines()
    assert wide[1:] == [
        f"Proto Recv-Q Send-Q {'Local Address':<51} {'Foreign Address':<51} State       ",
        f"tcp        0      0 {':::8080':<51} {':::*':<51} LISTEN      ",
    ]
    ip = pod_ip(cluster, "bb")
    network = ".".join(ip.split(".")[:3])
    assert in_pod(cluster, "bb", "netstat", "-rne")[0].splitlines()[1:3] == [
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
        f"0.0.0.0         {network}.1      0.0.0.0         UG    0      0        0 eth0",
    ]


@pytest.mark.parametrize("tool", ["ip", "ifconfig", "netstat"])
def test_debian_images_have_none_of_them(cluster: Cluster, tool: str) -> None:
    out, err, code = in_pod(cluster, "deb", tool)
    assert (out, code) == ("", 1)
    assert f'exec: "{tool}": executable file not found in $PATH' in err
