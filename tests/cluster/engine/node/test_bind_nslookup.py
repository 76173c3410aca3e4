"""bind 9.9.5's nslookup, the one the docs' dnsutils image runs, against answers as CoreDNS
gives them (the docs' and users' outputs: "Server:\t\t10.43.0.10", "Address:\t10.43.0.10#53",
"Name:\tkubernetes.default.svc.cluster.local", "** server can't find X: NXDOMAIN")."""

from cluster.engine.node.bind_nslookup import nslookup
from tests.cluster.engine.node.bind_run import RESOLV, out, run
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS

SERVER = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"


def test_the_docs_lookup_of_kubernetes_default():
    dns = FakeDNS()
    process = run(nslookup, "nslookup", "kubernetes.default", dns=dns)
    assert out(process) == (
        SERVER + "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n"
    )
    assert dns.questions() == [
        "A kubernetes.default.default.svc.cluster.local.",
        "A kubernetes.default.svc.cluster.local.",
    ]
    assert (process.exit_code, process.exit_ms) == (0, 0)


def test_a_name_nobody_has_after_the_whole_search_list():
    dns = FakeDNS(outside="NXDOMAIN")
    process = run(nslookup, "nslookup", "nosuch", dns=dns)
    assert out(process) == SERVER + "** server can't find nosuch: NXDOMAIN\n\n"
    assert dns.questions() == [
        "A nosuch.default.svc.cluster.local.",
        "A nosuch.svc.cluster.local.",
        "A nosuch.cluster.local.",
        "A nosuch.",
    ]
    assert process.exit_code == 1


def test_a_server_by_name_a_type_without_records_and_an_address():
    assert out(run(nslookup, "nslookup", "web.default", "kube-dns.kube-system")) == (
        "Server:\t\tkube-dns.kube-system\nAddress:\t10.96.0.10#53\n\n"
        "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n"
    )
    assert out(run(nslookup, "nslookup", "-type=aaaa", "kubernetes.default")) == (
        SERVER + "*** Can't find kubernetes.default: No answer\n\n"
    )
    assert out(run(nslookup, "nslookup", "10.96.0.1")) == (
        SERVER + "1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local.\n\n"
    )


def test_a_server_without_recursion_is_passed_over_for_the_next():
    resolv = RESOLV.replace("options", "nameserver 10.96.0.11\noptions")
    dns = FakeDNS(servers=(DNS, "10.96.0.11"))
    process = run(nslookup, "nslookup", "kubernetes.default", dns=dns, resolv=resolv)
    passed = ";; Got recursion not available from 10.96.0.10, trying next server\n"
    assert out(process) == passed * 2 + (
        "Server:\t\t10.96.0.11\nAddress:\t10.96.0.11#53\n\n"
        "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n"
    )


def test_no_server_answering():
    process = run(nslookup, "nslookup", "web", dns=FakeDNS(silent=(DNS,)))
    assert out(process) == ";; connection timed out; no servers could be reached\n\n"
    assert (process.exit_code, process.exit_ms) == (1, 15_000)


def test_debug_shows_each_section_with_its_ttls():
    process = run(nslookup, "nslookup", "-debug", "web.default.svc.cluster.local.")
    assert out(process) == SERVER + (
        "------------\n    QUESTIONS:\n\tweb.default.svc.cluster.local, type = A, class = IN\n"
        "    ANSWERS:\n    ->  web.default.svc.cluster.local\n"
        "\tinternet address = 10.96.12.34\n\tttl = 5\n"
        "    AUTHORITY RECORDS:\n    ADDITIONAL RECORDS:\n------------\n"
        "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n"
    )


def test_options_it_does_not_know():
    process = run(nslookup, "nslookup", "-bogus", "-port=x", "web.default.svc.cluster.local.")
    assert out(process).startswith(
        "*** Invalid option: bogus\ninvalid port 'x': not a valid number\n" + SERVER
    )


def test_commands_read_from_stdin_without_a_name():
    script = "set type=a\nkubernetes.default\nserver 10.96.0.10\nls\nexit\nweb\n"
    assert out(run(nslookup, "nslookup", stdin=script)) == (
        SERVER + "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n"
        "Default server: 10.96.0.10\nAddress: 10.96.0.10#53\n"
        "The 'ls' command is not implemented.\n\n"
    )
