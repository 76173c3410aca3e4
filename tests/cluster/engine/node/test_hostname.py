"""hostname in a pod: its name, and what the kubelet-managed /etc/hosts says of it, in
busybox's words and in Debian's."""

import pytest

from cluster.engine.node.network import Network
from cluster.engine.node.shell import Context, Shell
from tests.cluster.engine.node.test_shell import START, output, server

HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"


def lines(script: str, tools: str, name: str = "web-1", entry: str = "10.244.1.3\tweb-1\n"):
    files = {"/etc/hosts": (HOSTS + entry,), "/etc/hostname": (f"{name}\n",)}
    network = Network(pod_ip="10.244.1.3", hostname=name)
    context = Context({"PATH": ("/bin",)}, files, name, START, tools, network=network)
    return [(stream, line) for _, stream, line in output(Shell(context, server).run_script(script))]


@pytest.mark.parametrize("tools", ["busybox", "gnu"])
@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("hostname", "web-1"),
        ("hostname -i", "10.244.1.3"),
        ("hostname -f", "web-1"),
        ("hostname --fqdn", "web-1"),
        ("hostname -s", "web-1"),
        ("echo $(hostname -i):80", "10.244.1.3:80"),
    ],
)
def test_shows(script: str, tools: str, expected: str) -> None:
    assert lines(script, tools) == [("stdout", expected)]


def test_a_subdomain_gives_the_pod_a_fully_qualified_name() -> None:
    """With hostname and subdomain set, the kubelet writes the FQDN first on the pod's line."""
    entry = "10.244.1.3\tweb-1.sub.default.svc.cluster.local\tweb-1\n"
    for tools in ("busybox", "gnu"):
        assert lines("hostname -f; hostname -d; hostname -s", tools, entry=entry) == [
            ("stdout", "web-1.sub.default.svc.cluster.local"),
            ("stdout", "sub.default.svc.cluster.local"),
            ("stdout", "web-1"),
        ]
    assert lines("hostname -d; echo end", "gnu") == [("stdout", "end")]
    assert lines("hostname -a", "gnu", entry=entry) == [("stdout", "web-1")]


def test_debian_only_options() -> None:
    assert lines("hostname -I", "gnu") == [("stdout", "10.244.1.3 ")]
    assert lines("hostname --all-fqdns", "gnu") == [("stdout", "web-1 ")]
    assert lines("hostname -i -f", "gnu") == [("stdout", "web-1")]  # the last one wins
    assert lines("hostname -V", "gnu") == [("stdout", "hostname 3.23+nmu1")]
    assert lines("hostname -I; echo $?", "busybox") == [
        ("stderr", "hostname: invalid option -- 'I'"),
        ("stdout", "1"),
    ]
    assert lines("hostname -i -f", "busybox") == [("stdout", "web-1")]  # -f wins


@pytest.mark.parametrize(
    ("tools", "message"),
    [
        ("busybox", "hostname: sethostname: Operation not permitted"),
        ("gnu", "hostname: you must be root to change the host name"),
    ],
)
def test_a_container_may_not_rename_itself(tools: str, message: str) -> None:
    assert lines("hostname other; echo $?; hostname", tools) == [
        ("stderr", message),
        ("stdout", "1"),
        ("stdout", "web-1"),
    ]


def test_a_name_the_hosts_file_lacks() -> None:
    assert lines("hostname -i; echo $?", "busybox", entry="") == [
        ("stderr", "hostname: web-1: Unknown host"),
        ("stdout", "1"),
    ]
    assert lines("hostname -i", "gnu", entry="") == [
        ("stderr", "hostname: Name or service not known")
    ]
