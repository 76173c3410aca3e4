"""What bind 9.9's tools share: resolv.conf as liblwres reads it, the names a lookup asks
down the search list, reverse names, and the size of CoreDNS's uncompressed answers."""

from cluster.engine.dns.message import Answer, Question, Record
from cluster.engine.node.bind_dighost import (
    Attempt,
    Conf,
    Lookup,
    Reply,
    Server,
    read_conf,
    record_type,
    reverse_name,
    searched,
)

SEARCH = ("default.svc.cluster.local", "svc.cluster.local", "cluster.local")


def test_resolv_conf_as_the_kubelet_writes_it():
    text = "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    text += "nameserver 10.96.0.10\noptions ndots:5 edns0\n"
    assert read_conf(text) == Conf(("10.96.0.10",), SEARCH, 5)


def test_three_nameservers_at_most_and_the_last_of_domain_and_search():
    text = "".join(f"nameserver 10.0.0.{n}\n" for n in range(1, 5))
    text += "nameserver not-an-address\nsearch a b\ndomain example.com\n"
    assert read_conf(text) == Conf(("10.0.0.1", "10.0.0.2", "10.0.0.3"), ("example.com",), 1)


def test_a_name_with_fewer_dots_than_ndots_is_searched_then_asked_as_it_is():
    lookup = Lookup("kubernetes.default", use_search=True, search=SEARCH, ndots=5)
    assert [a.name for a in searched(lookup)] == [
        "kubernetes.default.default.svc.cluster.local",
        "kubernetes.default.svc.cluster.local",
        "kubernetes.default.cluster.local",
        "kubernetes.default",
    ]


def test_names_asked_once_as_they_are():
    def attempts(name: str, use_search: bool = True) -> list[Attempt]:
        return searched(Lookup(name, use_search=use_search, search=SEARCH, ndots=5))

    assert attempts("a.b.c.d.e.f") == [Attempt("a.b.c.d.e.f", need_search=True)]
    assert attempts("web", use_search=False) == [Attempt("web")]
    assert attempts("web.") == [Attempt("web.", origin=True)]
    assert searched(Lookup("web", use_search=True, ndots=5)) == [Attempt("web")]


def test_reverse_names():
    assert reverse_name("10.96.0.1", strict=True) == "1.0.96.10.in-addr.arpa."
    assert reverse_name("10.96", strict=False) == "96.10.in-addr.arpa."
    assert reverse_name("kubernetes", strict=True) == ""
    assert reverse_name("fd00::1", strict=True) == "1." + "0." * 29 + "d.f.ip6.arpa"


def test_types_by_their_mnemonics_or_numbers():
    assert [record_type(w) for w in ("srv", "AAAA", "type65", "axfr", "web")] == [
        "SRV",
        "AAAA",
        "TYPE65",
        "",
        "",
    ]


def reply(answer: Answer, name: str, qtype: str = "A", edns_udp: int = 4096) -> Reply:
    return Reply(
        Question(name, qtype), answer, Server.of("10.96.0.10"), 53, 1, 0, True, False, edns_udp
    )


def test_the_size_of_an_answer_as_coredns_sends_it_uncompressed():
    name = "kubernetes.default.svc.cluster.local."
    found = Answer(answer=(Record(name, 30, "A", "10.96.0.1"),), authoritative=True)
    assert (reply(found, name).size, reply(found, name, edns_udp=0).size) == (117, 106)
    soa = Record(
        "cluster.local.",
        30,
        "SOA",
        "ns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30",
    )
    missing = "git.k3s.differentpla.net.default.svc.cluster.local."
    # 161 bytes, as CoreDNS logged it for a question without EDNS
    assert reply(Answer("NXDOMAIN", authority=(soa,)), missing, edns_udp=0).size == 161
    srv = Record(
        "_dns._udp.kube-dns.kube-system.svc.cluster.local.",
        30,
        "SRV",
        "0 100 53 kube-dns.kube-system.svc.cluster.local.",
    )
    extra = Record("kube-dns.kube-system.svc.cluster.local.", 30, "A", "10.96.0.10")
    answer = Answer(answer=(srv,), additional=(extra,), authoritative=True)
    assert reply(answer, srv.name, "SRV").size == 12 + 54 + 106 + 54 + 11
    assert reply(answer, srv.name, "SRV").flags == ("qr", "aa", "rd")
    assert reply(answer, srv.name, "SRV").additional_count == 2
