"""/etc/resolv.conf as glibc, musl and uClibc-ng read it: the kubelet's file alike, and past
it what each knows (options, how many nameservers, the hostname's domain)."""

import pytest

from cluster.engine.node.resolvconf import ResolvConf, parse

KUBELET = (
    "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    "nameserver 10.96.0.10\n"
    "options ndots:5\n"
)
SEARCH = ("default.svc.cluster.local", "svc.cluster.local", "cluster.local")


@pytest.mark.parametrize(
    ("libc", "ndots"), [("glibc", 5), ("musl", 5), ("uclibc", 1)], ids=["glibc", "musl", "uclibc"]
)
def test_every_library_reads_the_kubelets_file_though_uclibc_knows_no_ndots(libc, ndots):
    assert parse(KUBELET, libc, "web") == ResolvConf(("10.96.0.10",), SEARCH, ndots)


def test_glibc_reads_its_options_caps_them_and_keeps_three_nameservers():
    text = (
        "# comment\nnameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver fd00::1\n"
        "nameserver 10.0.0.4\nnameserver bogus\ndomain example.com\n"
        "options ndots:20 timeout:1 attempts:9 rotate no-aaaa edns0 -rotate\n"
    )
    assert parse(text, "glibc", "web") == ResolvConf(
        ("10.0.0.1", "10.0.0.2", "fd00::1"),
        ("example.com",),
        15,
        1,
        5,
        frozenset({"no-aaaa"}),
    )


def test_musl_caps_otherwise_and_knows_only_ndots_timeout_and_attempts():
    text = "nameserver 10.0.0.1\nsearch a b\noptions attempts:20 timeout:90 rotate ndots:3\n"
    assert parse(text, "musl", "web") == ResolvConf(("10.0.0.1",), ("a", "b"), 3, 60, 10)


def test_uclibc_reads_one_option_a_line_the_word_before_its_first_colon():
    text = "nameserver 10.0.0.1\noptions timeout:2 attempts:3\noptions ndots:5 attempts:4\n"
    assert parse(text, "uclibc", "web") == ResolvConf(("10.0.0.1",), (), timeout=2)


@pytest.mark.parametrize(
    ("libc", "search"),
    [("glibc", ("example.com",)), ("musl", ()), ("uclibc", ("example.com",))],
    ids=["glibc", "musl", "uclibc"],
)
def test_an_empty_file_means_the_loopback_nameserver_and_the_hostnames_domain(libc, search):
    assert parse("", libc, "web.example.com") == ResolvConf(("127.0.0.1",), search)
