"""busybox's nslookup in a pod of a cluster with no DNS server: up to busybox 1.28,
addresses and the names of /etc/hosts resolve at once, anything else after the resolver's
timeouts, stdout coming out at the end, after the errors; from 1.29, every query times out."""

import pytest

from cluster.engine.node.process import Process, render
from cluster.engine.node.shell import Context, Shell

START = 1_767_225_600_000  # 2026-01-01T00:00:00Z
HOSTS = (
    "# Kubernetes-managed hosts file.\n"
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "10.244.1.2\tweb\n"
)
RESOLV = "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"


def run(script: str, tools: str = "busybox", busybox: str = "1.28") -> Process:
    files = {"/etc/hosts": (HOSTS,), "/etc/resolv.conf": (RESOLV,)}
    context = Context({"PATH": ("/bin",)}, files, "web", START, tools, busybox=busybox)
    return Shell(context, lambda argv, stdin: None).run_script(script)


def output(process: Process, until_ms: int = 600_000) -> list[tuple[int, str, str]]:
    return [
        (line.at_ms, line.stream, render(line.text, START + line.at_ms))
        for line in process.output(until_ms)
    ]


def test_a_name_in_etc_hosts_resolves_but_the_nameserver_never_answers_for_its_own_name():
    process = run("nslookup localhost")
    assert output(process) == [
        (10_000, "stdout", "Server:    10.96.0.10"),
        (10_000, "stdout", "Address 1: 10.96.0.10"),
        (10_000, "stdout", ""),
        (10_000, "stdout", "Name:      localhost"),
        (10_000, "stdout", "Address 1: 127.0.0.1 localhost"),
        (10_000, "stdout", "Address 2: ::1 localhost"),
    ]
    assert (process.exit_ms, process.exit_code) == (10_000, 0)


def test_a_service_name_goes_unanswered_and_the_error_comes_before_what_was_buffered():
    process = run("nslookup myservice 10.244.1.2")
    assert output(process) == [
        (10_000, "stderr", "nslookup: can't resolve 'myservice'"),
        (10_000, "stdout", "Server:    10.244.1.2"),
        (10_000, "stdout", "Address 1: 10.244.1.2 web"),
        (10_000, "stdout", ""),
    ]
    assert process.exit_code == 1


def test_the_init_container_tutorials_loop_waits_forever_for_a_service_nobody_resolves():
    process = run("until nslookup myservice; do echo waiting for myservice; sleep 2; done")
    lines = output(process, 44_000)
    assert [text for _, _, text in lines[:5]] == [
        "nslookup: can't resolve 'myservice'",
        "Server:    10.96.0.10",
        "Address 1: 10.96.0.10",
        "",
        "waiting for myservice",
    ]
    assert [at for at, _, text in lines if text.startswith("waiting")] == [20_000, 42_000]
    assert process.exit_ms is None


@pytest.mark.parametrize(
    ("script", "tools", "error"),
    [
        ("nslookup", "busybox", "Usage: nslookup [HOST] [SERVER]"),
        ("nslookup web", "gnu", "sh: nslookup: not found"),
    ],
    ids=["no name: its usage", "Debian's images have no nslookup"],
)
def test_nslookup_refuses_what_it_cannot_do(script, tools, error):
    process = run(script, tools)
    assert output(process)[0][1:] == ("stderr", error)
    assert process.exit_code in (1, 127)


@pytest.mark.parametrize(
    ("script", "at_ms"),
    [("nslookup localhost", 5_000), ("nslookup -timeout=2 myservice 10.96.0.10", 2_000)],
    ids=["even a name of /etc/hosts goes to the nameserver", "its own timeout"],
)
def test_the_new_nslookup_of_busybox_1_29_on_asks_the_nameserver_only(script, at_ms):
    process = run(script, busybox="1.37.0")
    assert output(process) == [
        (at_ms, "stdout", ";; connection timed out; no servers could be reached"),
        (at_ms, "stdout", ""),
    ]
    assert (process.exit_ms, process.exit_code) == (at_ms, 1)


def test_the_new_nslookup_needs_a_host():
    process = run("nslookup -debug", busybox="1.36.1")
    assert output(process)[0][1:] == (
        "stderr",
        "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]",
    )
    assert process.exit_code == 1
