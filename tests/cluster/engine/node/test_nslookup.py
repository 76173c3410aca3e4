"""busybox's nslookup against a nameserver that answers as CoreDNS does: up to 1.28 through
the C library (getaddrinfo, then getnameinfo for each address), from 1.29 with its own
queries, as each release prints them (the outputs of the docs and of the issues users filed
against each release), and how long each waits for a nameserver that never answers."""

import pytest

from cluster.engine.node.network import Network
from cluster.engine.node.process import Process, render
from cluster.engine.node.shell import Context, Shell
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS

START = 1_767_225_600_000  # 2026-01-01T00:00:00Z
HOSTS = (
    "# Kubernetes-managed hosts file.\n"
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "10.244.1.2\tclient\n"
)
RESOLV = (
    "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    f"nameserver {DNS}\noptions ndots:5\n"
)


def run(
    script: str,
    busybox: str = "1.28",
    libc: str = "uclibc",
    dns: FakeDNS | None = None,
    tools: str = "busybox",
    resolv: str = RESOLV,
) -> Process:
    files = {"/etc/hosts": (HOSTS,), "/etc/resolv.conf": (resolv,)}
    net = Network("10.244.1.2", "client", query=dns or FakeDNS(), libc=libc)
    context = Context({}, files, "client", START, tools, busybox=busybox, network=net)
    return Shell(context, lambda argv, stdin, after_ms: None).run_script(script)


def output(process: Process, until_ms: int = 600_000) -> list[tuple[int, str, str]]:
    return [
        (line.at_ms, line.stream, render(line.text, START + line.at_ms))
        for line in process.output(until_ms)
    ]


def printed(process: Process) -> str:
    return "".join(render(line.text, 0) + line.end for line in process.lines)


# -- up to 1.28: the C library's lookups -----------------------------------------------


def test_the_docs_lookup_of_kubernetes_default():
    process = run("nslookup kubernetes.default")
    assert printed(process) == (
        "Server:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n"
        "\n"
        "Name:      kubernetes.default\n"
        "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n"
    )
    assert (process.exit_ms, process.exit_code) == (0, 0)


def test_the_names_of_etc_hosts_ipv6_first_as_uclibc_asks():
    assert printed(run("nslookup localhost")).endswith(
        "Name:      localhost\nAddress 1: ::1 localhost\nAddress 2: 127.0.0.1 localhost\n"
    )


def test_a_name_nobody_has_says_so_on_stderr_before_what_was_buffered():
    process = run("nslookup nosuch")
    assert output(process) == [
        (0, "stderr", "nslookup: can't resolve 'nosuch'"),
        (0, "stdout", "Server:    10.96.0.10"),
        (0, "stdout", "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local"),
        (0, "stdout", ""),
    ]
    assert process.exit_code == 1


def test_a_silent_nameserver_is_tried_four_times_a_lookup_after_res_init():
    """20 s for the server's name, then 20 s for AAAA and 20 s for A."""
    process = run("nslookup web", dns=FakeDNS(silent=(DNS,)))
    assert output(process) == [
        (60_000, "stderr", "nslookup: can't resolve 'web'"),
        (60_000, "stdout", "Server:    10.96.0.10"),
        (60_000, "stdout", "Address 1: 10.96.0.10"),
        (60_000, "stdout", ""),
    ]


def test_the_init_container_tutorials_loop_waits_until_the_service_exists():
    script = "until nslookup myservice; do echo waiting for myservice; sleep 2; done"
    lines = output(run(script), 7_000)
    assert [(at, text) for at, _, text in lines if text.startswith("waiting")] == [
        (0, "waiting for myservice"),
        (2_000, "waiting for myservice"),
        (4_000, "waiting for myservice"),
        (6_000, "waiting for myservice"),
    ]
    dns = FakeDNS({"myservice.default.svc.cluster.local.": "10.96.7.7"})
    assert run(script, dns=dns).exit_code == 0


def test_a_server_argument_takes_the_first_nameservers_place():
    process = run("nslookup web 10.244.1.3", dns=FakeDNS(servers=(), refusing=("10.244.1.3",)))
    assert output(process) == [
        (0, "stderr", "nslookup: can't resolve 'web'"),
        (0, "stdout", "Server:    10.244.1.3"),
        (0, "stdout", "Address 1: 10.244.1.3"),
        (0, "stdout", ""),
    ]


def test_with_musl_it_cannot_show_the_server_which_it_does_not_use():
    process = run("nslookup web 10.9.9.9", libc="musl")
    assert output(process) == [
        (0, "stderr", "nslookup: can't resolve '(null)'"),
        (0, "stdout", ""),
        (0, "stdout", "Name:      web"),
        (0, "stdout", "Address 1: 10.96.12.34 web.default.svc.cluster.local"),
    ]


@pytest.mark.parametrize(
    ("script", "tools", "error"),
    [
        ("nslookup", "busybox", "Usage: nslookup [HOST] [SERVER]"),
        ("nslookup web", "gnu", "sh: nslookup: not found"),
    ],
    ids=["no name: its usage", "Debian's images have no nslookup"],
)
def test_nslookup_refuses_what_it_cannot_do(script, tools, error):
    process = run(script, tools=tools)
    assert output(process)[0][1:] == ("stderr", error)
    assert process.exit_code in (1, 127)


# -- from 1.29: its own queries --------------------------------------------------------


def test_busybox_latest_asks_a_and_aaaa_with_each_search_domain():
    process = run("nslookup web", "1.37.0", "glibc")
    assert printed(process) == (
        "Server:\t\t10.96.0.10\n"
        "Address:\t10.96.0.10:53\n"
        "\n"
        "Name:\tweb.default.svc.cluster.local\n"
        "Address: 10.96.12.34\n"
        "\n"
        "** server can't find web.svc.cluster.local: NXDOMAIN\n"
        "\n"
        "** server can't find web.cluster.local: NXDOMAIN\n"
        "\n"
        "\n"  # NODATA for AAAA: nothing but its blank line
        "** server can't find web.svc.cluster.local: NXDOMAIN\n"
        "\n"
        "** server can't find web.cluster.local: NXDOMAIN\n"
        "\n"
    )
    assert (process.exit_ms, process.exit_code) == (0, 1)


def test_a_name_with_a_dot_is_asked_alone_and_outside_the_cluster_it_fails():
    assert printed(run("nslookup kubernetes.default", "1.37.0", "glibc")).endswith(
        "\n** server can't find kubernetes.default: SERVFAIL\n"
        "\n** server can't find kubernetes.default: SERVFAIL\n\n"
    )


def test_1_31_with_uclibcs_query_ids_takes_one_reply_and_waits_out_the_rest():
    """docker-library/busybox#75, on a cluster whose DNS reaches the internet."""
    process = run("nslookup kubernetes.default", "1.31.1", dns=FakeDNS(outside="NXDOMAIN"))
    assert printed(process) == (
        "Server:\t\t10.96.0.10\n"
        "Address:\t10.96.0.10:53\n"
        "\n"
        "** server can't find kubernetes.default: NXDOMAIN\n"
        "\n"
        "*** Can't find kubernetes.default: No answer\n"
        "\n"
    )
    assert (process.exit_ms, process.exit_code) == (5_000, 1)


def test_1_34_1_answers_the_first_query_and_no_other():
    """docker-library/busybox#48: "1.34.1 works once"."""
    dns = FakeDNS({"es.default.svc.cluster.local.": "10.233.36.216"})
    process = run("nslookup es", "1.34.1", dns=dns)
    assert printed(process) == (
        "Server:\t\t10.96.0.10\n"
        "Address:\t10.96.0.10:53\n"
        "\n"
        "Name:\tes.default.svc.cluster.local\n"
        "Address: 10.233.36.216\n"
        "\n"
        "*** Can't find es.svc.cluster.local: No answer\n"
        "*** Can't find es.cluster.local: No answer\n"
        "*** Can't find es.default.svc.cluster.local: No answer\n"
        "*** Can't find es.svc.cluster.local: No answer\n"
        "*** Can't find es.cluster.local: No answer\n"
        "\n"
    )
    assert (process.exit_ms, process.exit_code) == (5_000, 0)


def test_1_32_says_no_answer_for_nodata():
    """docker-library/busybox#48, busybox:1.32.0-glibc."""
    process = run("nslookup web.default.svc.cluster.local", "1.32.0", "glibc")
    assert printed(process).endswith(
        "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n"
        "*** Can't find web.default.svc.cluster.local: No answer\n\n"
    )
    assert process.exit_code == 0


def test_an_answer_that_is_not_authoritative_says_so():
    dns = FakeDNS({"github.com.": "20.207.73.82"}, authoritative=False)
    assert printed(run("nslookup github.com", "1.37.0", "musl", dns)).endswith(
        "\nNon-authoritative answer:\nName:\tgithub.com\nAddress: 20.207.73.82\n\n"
        "Non-authoritative answer:\n\n"
    )


def test_an_address_is_looked_up_backwards():
    assert printed(run("nslookup 10.96.0.10", "1.37.0", "glibc")).endswith(
        "\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n"
    )


def test_query_types_and_debug():
    process = run("nslookup -debug -q=soa cluster.local", "1.37.0", "glibc")
    assert printed(process).endswith(
        "\nQuery #0 completed in 0ms:\n"
        "authoritative answer:\n"
        "cluster.local\n"
        "\torigin = ns.dns.cluster.local\n"
        "\tmail addr = hostmaster.cluster.local\n"
        "\tserial = 1767225600\n"
        "\trefresh = 7200\n"
        "\tretry = 1800\n"
        "\texpire = 86400\n"
        "\tminimum = 30\n"
        "\n"
    )
    assert output(run("nslookup -type=srv web", "1.31.1"))[0][1:] == (
        "stderr",
        'nslookup: invalid query type "srv"',
    )


@pytest.mark.parametrize(
    ("script", "at_ms"),
    [
        ("nslookup web", 5_000),
        ("nslookup -timeout=2 web", 2_000),
        ("nslookup -retry=3 web", 6_664),  # asked again every 1666 ms, the last past 5 s
    ],
    ids=["its timeout", "-timeout", "-retry"],
)
def test_a_silent_nameserver_is_waited_for_then_given_up(script, at_ms):
    process = run(script, "1.37.0", "glibc", FakeDNS(silent=(DNS,)))
    assert output(process) == [
        (at_ms, "stdout", ";; connection timed out; no servers could be reached"),
        (at_ms, "stdout", ""),
    ]
    assert (process.exit_ms, process.exit_code) == (at_ms, 1)


def test_the_next_nameserver_is_asked_when_the_first_says_nothing():
    resolv = RESOLV.replace("nameserver", "nameserver 10.0.0.1\nnameserver")
    dns = FakeDNS(silent=("10.0.0.1",))
    process = run("nslookup web.default.svc.cluster.local", "1.37.0", "glibc", dns, resolv=resolv)
    assert printed(process).startswith("Server:\t\t10.96.0.10\n")
    assert process.exit_ms == 5_000


def test_a_nameserver_that_refuses_the_queries():
    refusing = FakeDNS(servers=(), refusing=(DNS,))
    assert output(run("nslookup web.default.svc.cluster.local", "1.37.0", "glibc", refusing)) == [
        (0, "stderr", "nslookup: write to '10.96.0.10': Connection refused"),
        (0, "stdout", ";; connection timed out; no servers could be reached"),
        (0, "stdout", ""),
    ]
    assert output(
        run("nslookup -type=a web.default.svc.cluster.local", "1.37.0", "glibc", refusing)
    ) == [
        (0, "stderr", "nslookup: read: Connection refused"),
        (2_500, "stderr", "nslookup: read: Connection refused"),
        (5_000, "stdout", ";; connection timed out; no servers could be reached"),
        (5_000, "stdout", ""),
    ]


def test_a_server_argument_by_name_and_port():
    process = run(
        "nslookup -type=a web kube-dns.kube-system.svc.cluster.local:53", "1.37.0", "musl"
    )
    assert printed(process).startswith(
        "Server:\t\tkube-dns.kube-system.svc.cluster.local:53\nAddress:\t10.96.0.10:53\n\n"
    )
    assert output(run("nslookup web nosuch", "1.37.0", "musl"))[0][1:] == (
        "stderr",
        "nslookup: bad address 'nosuch'",
    )


@pytest.mark.parametrize(
    ("busybox", "types"),
    [
        ("1.31.1", "soa,ns,a,aaaa,cname,mx,txt,ptr,any"),
        ("1.36.1", "soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any"),
    ],
)
def test_the_new_nslookup_needs_a_host(busybox, types):
    process = run("nslookup -debug", busybox, "glibc")
    assert printed(process) == (
        "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n"
        f"Query DNS about HOST\n\nQUERY_TYPE: {types}\n"
    )
    assert process.exit_code == 1
