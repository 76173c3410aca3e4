"""The stub resolvers of glibc, musl and uClibc-ng in a pod: /etc/hosts first, then the
questions each asks a nameserver (and in what order) for a name, what each makes of the
answers, silence and refusals, and how long that takes."""

import pytest

from cluster.engine.node.network import Network
from cluster.engine.node.resolver import IPV4, Lookup, Resolver, message
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS

HOSTS = (
    "# Kubernetes-managed hosts file.\n"
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "10.244.1.2\tclient\n"
)
RESOLV = (
    "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    f"nameserver {DNS}\n"
    "options ndots:5\n"
)


def resolver(libc: str, dns: FakeDNS, resolv: str = RESOLV) -> Resolver:
    net = Network("10.244.1.2", "client", hosts=HOSTS, query=dns, resolv_conf=resolv, libc=libc)
    return Resolver(net)


def lookup(libc: str, name: str, dns: FakeDNS | None = None, resolv: str = RESOLV) -> Lookup:
    return resolver(libc, dns or FakeDNS(), resolv).getaddrinfo(name)


@pytest.mark.parametrize("libc", ["glibc", "musl", "uclibc"])
@pytest.mark.parametrize(
    ("name", "addresses"),
    [
        ("web", ("10.96.12.34",)),
        ("kubernetes.default", ("10.96.0.1",)),
        ("web.default.svc.cluster.local.", ("10.96.12.34",)),
        ("localhost", ("::1", "127.0.0.1")),
        ("client", ("10.244.1.2",)),
        ("10.1.2.3", ("10.1.2.3",)),
    ],
)
def test_services_and_the_names_of_etc_hosts_resolve_with_every_library(libc, name, addresses):
    assert lookup(libc, name) == Lookup(addresses)


def test_glibc_asks_a_and_aaaa_together_down_the_search_list_when_a_name_has_few_dots():
    dns = FakeDNS()
    lookup("glibc", "kubernetes.default", dns)
    assert dns.questions() == [
        "A kubernetes.default.default.svc.cluster.local.",
        "AAAA kubernetes.default.default.svc.cluster.local.",
        "A kubernetes.default.svc.cluster.local.",
        "AAAA kubernetes.default.svc.cluster.local.",
    ]


def test_uclibc_knows_no_ndots_a_dotted_name_goes_first_and_ipv6_is_looked_up_first():
    dns = FakeDNS()
    lookup("uclibc", "kubernetes.default", dns)
    assert dns.questions() == [
        "AAAA kubernetes.default.",  # SERVFAIL: outside the cluster, KubeLab is offline
        "AAAA kubernetes.default.default.svc.cluster.local.",
        "AAAA kubernetes.default.svc.cluster.local.",  # NODATA ends the lookup
        "A kubernetes.default.",
        "A kubernetes.default.default.svc.cluster.local.",
        "A kubernetes.default.svc.cluster.local.",
    ]


def test_a_name_with_ndots_dots_is_asked_as_given_first_by_glibc_and_only_so_by_musl():
    resolv = RESOLV.replace("ndots:5", "ndots:1")
    asked = {}
    for libc in ("glibc", "musl"):
        dns = FakeDNS(outside="NXDOMAIN")
        lookup(libc, "web.default", dns, resolv)
        asked[libc] = [q for q in dns.questions() if q.startswith("A ")]
    assert asked == {
        "glibc": [
            "A web.default.",
            "A web.default.default.svc.cluster.local.",
            "A web.default.svc.cluster.local.",
        ],
        "musl": ["A web.default."],
    }


@pytest.mark.parametrize(
    ("libc", "failed", "asked"),
    [
        # every name of the list NXDOMAIN, then the name itself SERVFAIL: try again
        ("glibc", Lookup((), "EAI_AGAIN"), 10),
        # SERVFAIL is asked again, then waited out
        ("musl", Lookup((), "EAI_AGAIN", 5_000), 8),
        # SERVFAIL on the last name: the list again from the next try
        ("uclibc", Lookup((), "EAI_NONAME"), 16),
    ],
)
def test_a_name_nobody_has_fails_after_the_search_list(libc, failed, asked):
    dns = FakeDNS()
    assert lookup(libc, "nosuch", dns) == failed
    assert len(dns.asked) == asked


def test_glibc_goes_down_the_list_after_nodata_and_musl_stops_there():
    names = {"web.svc.cluster.local.": "10.96.99.1"}
    glibc_dns = FakeDNS(names, nodata=("web.default.svc.cluster.local.",))
    musl_dns = FakeDNS(names, nodata=("web.default.svc.cluster.local.",))
    assert lookup("glibc", "web", glibc_dns) == Lookup(("10.96.99.1",))
    assert lookup("musl", "web", musl_dns) == Lookup((), "EAI_NODATA")
    assert message("musl", "EAI_NODATA") == "Name has no usable address"


@pytest.mark.parametrize(
    ("libc", "name", "took"),
    [
        ("glibc", "web", 20_000),  # 2 attempts x 5 s, the first domain then the name itself
        ("glibc", "web.", 10_000),  # a trailing dot: the name alone
        ("musl", "web", 5_000),  # 5 s in all, then "try again" ends the search
        ("uclibc", "web", 20_000),  # 2 attempts x 5 s for AAAA, then for A
    ],
)
def test_a_nameserver_that_never_answers_costs_the_librarys_timeouts(libc, name, took):
    found = lookup(libc, name, FakeDNS(silent=(DNS,)))
    assert (found.addresses, found.elapsed_ms) == ((), took)


def test_glibc_waits_longer_for_a_later_nameserver_and_tries_each_in_turn():
    resolv = "nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n"
    dns = FakeDNS(servers=("10.0.0.3",), silent=("10.0.0.1", "10.0.0.2"))
    found = lookup("glibc", "web.default.svc.cluster.local", dns, resolv)
    # 5 s at the first, (5 << 1) / 3 = 3 s at the second, then the third answers
    assert found == Lookup(("10.96.12.34",), "", 8_000)


def test_glibc_options_timeout_attempts_rotate_and_no_aaaa():
    resolv = (
        "nameserver 10.0.0.1\nnameserver 10.96.0.10\noptions timeout:1 attempts:3 rotate no-aaaa\n"
    )
    dns = FakeDNS(silent=("10.0.0.1",))
    names = resolver("glibc", dns, resolv)
    assert names.getaddrinfo("web.default.svc.cluster.local.") == Lookup(
        ("10.96.12.34",), "", 1_000
    )
    assert names.getaddrinfo("web.default.svc.cluster.local.") == Lookup(("10.96.12.34",))
    assert dns.questions() == ["A web.default.svc.cluster.local."] * 2


@pytest.mark.parametrize(
    ("libc", "found"),
    [
        ("glibc", Lookup((), "EAI_AGAIN")),  # its socket is connected: told at once
        ("musl", Lookup((), "EAI_AGAIN", 5_000)),  # its socket is not: silence
        ("uclibc", Lookup((), "EAI_NONAME")),
    ],
)
def test_a_refused_question_is_a_failure_at_once_or_silence(libc, found):
    assert lookup(libc, "web", FakeDNS(servers=(), refusing=(DNS,))) == found


def test_uclibc_asks_no_nameserver_for_the_family_etc_hosts_lacks():
    dns = FakeDNS()
    assert lookup("uclibc", "client", dns) == Lookup(("10.244.1.2",))
    assert dns.asked == []


def test_an_ipv4_lookup_asks_for_a_only():
    dns = FakeDNS()
    found = resolver("glibc", dns).getaddrinfo("web", IPV4)
    assert (found, dns.questions()) == (
        Lookup(("10.96.12.34",)),
        ["A web.default.svc.cluster.local."],
    )


@pytest.mark.parametrize("libc", ["glibc", "musl", "uclibc"])
def test_getnameinfo_reads_etc_hosts_then_asks_for_the_ptr_record(libc):
    names = resolver(libc, FakeDNS())
    assert names.getnameinfo("10.244.1.2") == "client"
    assert names.getnameinfo("::1") == "localhost"
    assert names.getnameinfo(DNS) == "kube-dns.kube-system.svc.cluster.local"
    assert names.getnameinfo("10.96.99.99") == ""


def test_uclibc_after_res_init_tries_four_times_whatever_resolv_conf_says():
    net = Network(hosts=HOSTS, query=FakeDNS(silent=(DNS,)), resolv_conf=RESOLV, libc="uclibc")
    names = Resolver(net, res_init=True)
    assert names.getnameinfo("10.96.0.1") == ""
    assert names.elapsed_ms == 20_000


@pytest.mark.parametrize(
    ("libc", "error", "said"),
    [
        ("glibc", "EAI_NONAME", "Name or service not known"),
        ("glibc", "EAI_AGAIN", "Temporary failure in name resolution"),
        ("musl", "EAI_NONAME", "Name does not resolve"),
        ("musl", "EAI_AGAIN", "Try again"),
    ],
)
def test_each_library_has_its_words_for_a_failure(libc, error, said):
    assert message(libc, error) == said
