"""bind 9.9.5's host against answers as CoreDNS gives them: a line for each record, the
name searched, AAAA and MX asked after the A answer, addresses looked up backwards, what it
says of errors and when no server answers, and its options before the name."""

from cluster.engine.node.bind_host import host
from tests.cluster.engine.node.bind_run import out, run
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS


def test_a_service_found_down_the_search_list_then_its_aaaa_and_mx_asked():
    dns = FakeDNS()
    process = run(host, "host", "kubernetes.default", dns=dns)
    assert out(process) == "kubernetes.default.svc.cluster.local has address 10.96.0.1\n"
    assert dns.questions() == [
        "A kubernetes.default.default.svc.cluster.local.",
        "A kubernetes.default.svc.cluster.local.",
        "AAAA kubernetes.default.svc.cluster.local.",
        "MX kubernetes.default.svc.cluster.local.",
    ]
    assert (process.exit_code, process.exit_ms) == (0, 4)


def test_a_name_nobody_has():
    dns = FakeDNS(outside="NXDOMAIN")
    process = run(host, "host", "nosuch", dns=dns)
    assert (out(process), process.exit_code) == ("Host nosuch not found: 3(NXDOMAIN)\n", 1)
    assert dns.questions()[-1] == "A nosuch."
    # KubeLab is offline: CoreDNS fails to forward what is outside the cluster
    assert out(run(host, "host", "nosuch")) == "Host nosuch not found: 2(SERVFAIL)\n"


def test_an_address_looked_up_backwards():
    assert out(run(host, "host", "10.96.0.1")) == (
        "1.0.96.10.in-addr.arpa domain name pointer kubernetes.default.svc.cluster.local.\n"
    )
    assert out(run(host, "host", "10.96.0.99")) == (
        "Host 99.0.96.10.in-addr.arpa not found: 2(SERVFAIL)\n"
    )


def test_a_type_asked_alone_says_when_the_name_has_none():
    process = run(host, "host", "-t", "AAAA", "kubernetes.default")
    assert out(process) == "kubernetes.default.svc.cluster.local has no AAAA record\n"
    assert process.exit_code == 0


def test_a_server_given_after_the_name():
    assert out(run(host, "host", "web.default", DNS)) == (
        "Using domain server:\nName: 10.96.0.10\nAddress: 10.96.0.10#53\nAliases: \n\n"
        "web.default.svc.cluster.local has address 10.96.12.34\n"
    )


def test_no_server_answering_in_two_tries_or_in_the_time_given():
    silent = FakeDNS(silent=(DNS,))
    process = run(host, "host", "web", dns=silent)
    assert out(process) == ";; connection timed out; no servers could be reached\n"
    assert (process.exit_code, process.exit_ms) == (1, 10_000)
    assert run(host, "host", "-W", "1", "-R", "0", "web", dns=silent).exit_ms == 2_000


def test_options_it_does_not_know_or_values_it_cannot_use():
    bad_type = run(host, "host", "-t", "bogus", "web")
    assert (out(bad_type, "stderr"), bad_type.exit_code) == ("host: invalid type: bogus\n\n", 2)
    unknown = run(host, "host", "-x", "web")
    assert out(unknown, "stderr").startswith(
        "host: illegal option -- x\nUsage: host [-aCdlriTwv] [-c class] [-N ndots] [-t type]"
    )
    assert unknown.exit_code == 1
