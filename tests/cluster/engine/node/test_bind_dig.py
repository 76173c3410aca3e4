"""bind 9.9.5's dig against answers as CoreDNS gives them: its header with the id drawn
from the container's clock, CoreDNS's flags (aa, never ra), the sections laid out in
masterdump's columns, the statistics with the container's time, +short, -x, @server, a
type, the search list with +search, options and usage, and what it says when no server
answers."""

from cluster.engine.dns.message import Answer, Record
from cluster.engine.node.bind_dig import dig
from tests.cluster.engine.node.bind_run import Fixed, out, run
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS

GREETING = "\n; <<>> DiG 9.9.5-9+deb8u19-Debian <<>> {}\n;; global options: +cmd\n"
STATS = (
    ";; Query time: {} msec\n;; SERVER: 10.96.0.10#53(10.96.0.10)\n"
    ";; WHEN: Thu Jan 01 00:00:00 UTC 2026\n;; MSG SIZE  rcvd: {}\n\n"
)
OPT = ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 4096\n"
NO_RA = ";; WARNING: recursion requested but not available\n"


def test_a_service_name_in_full():
    process = run(dig, "dig", "kubernetes.default.svc.cluster.local")
    assert out(process) == (
        GREETING.format("kubernetes.default.svc.cluster.local")
        + ";; Got answer:\n"
        + ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 47622\n"
        + ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
        + NO_RA
        + "\n"
        + OPT
        + ";; QUESTION SECTION:\n;kubernetes.default.svc.cluster.local. IN A\n\n"
        + ";; ANSWER SECTION:\nkubernetes.default.svc.cluster.local. 5\tIN A\t10.96.0.1\n\n"
        + STATS.format(0, 117)
    )
    assert (process.exit_code, process.exit_ms) == (0, 0)


def test_each_name_its_own_lookup_its_id_and_time_drawn_from_the_clock_and_question():
    process = run(
        dig, "dig", "kubernetes.default.svc.cluster.local", "web.default.svc.cluster.local"
    )
    second = out(process).split(";; Got answer:\n")[2]
    assert second.startswith(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 65521\n")
    assert ";; Query time: 3 msec\n" in second
    assert process.exit_ms == 3


def test_short_answers_and_the_search_list():
    dns = FakeDNS()
    assert out(run(dig, "dig", "+short", "+search", "kubernetes.default", dns=dns)) == "10.96.0.1\n"
    assert dns.questions() == [
        "A kubernetes.default.default.svc.cluster.local.",
        "A kubernetes.default.svc.cluster.local.",
    ]
    unsearched = FakeDNS()
    assert out(run(dig, "dig", "+short", "kubernetes.default", dns=unsearched)) == ""
    assert unsearched.questions() == ["A kubernetes.default."]


def test_a_reverse_lookup_with_the_answer_alone():
    process = run(dig, "dig", "-x", "10.96.0.1", "+noall", "+answer")
    assert out(process) == GREETING.format("-x 10.96.0.1 +noall +answer") + (
        "1.0.96.10.in-addr.arpa.\t5\tIN\tPTR\tkubernetes.default.svc.cluster.local.\n"
    )


def test_a_server_by_name_found_by_the_c_library_before_the_question():
    argv = ("@kube-dns.kube-system", "web.default.svc.cluster.local", "+nocomments", "+nostats")
    assert out(run(dig, "dig", *argv)) == (
        GREETING.format(" ".join(argv)).replace(";; global", "; (1 server found)\n;; global")
        + ";web.default.svc.cluster.local.\tIN\tA\n"
        + "web.default.svc.cluster.local. 5 IN\tA\t10.96.12.34\n"
    )


def test_srv_records_with_their_targets_addresses_in_the_additional_section():
    name = "_dns._udp.kube-dns.kube-system.svc.cluster.local."
    target = "kube-dns.kube-system.svc.cluster.local."
    answer = Answer(
        answer=(Record(name, 30, "SRV", f"0 100 53 {target}"),),
        additional=(Record(target, 30, "A", DNS),),
        authoritative=True,
    )
    dns = Fixed(answer)
    process = run(dig, "dig", "+nocmd", "SRV", name.rstrip("."), dns=dns)
    assert out(process) == (
        ";; Got answer:\n"
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 42268\n"
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n"
        + NO_RA
        + "\n"
        + OPT
        + f";; QUESTION SECTION:\n;{name} IN SRV\n\n"
        + f";; ANSWER SECTION:\n{name} 30 IN\tSRV 0 100 53 {target}\n\n"
        + f";; ADDITIONAL SECTION:\n{target}\t30 IN A\t{DNS}\n\n"
        + STATS.format(3, 237)
    )
    assert [q.qtype for q in dns.asked] == ["SRV"]


def test_nxdomain_with_the_zones_soa_and_the_statistics_of_the_last_name_searched():
    process = run(dig, "dig", "+search", "+noquestion", "nosuch.default.svc.cluster.local")
    assert out(process).split(NO_RA)[1] == (
        "\n"
        + OPT
        + ";; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. "
        + "hostmaster.cluster.local. 1767225600 7200 1800 86400 30\n\n"
        + STATS.format(1, 154)
    )
    assert ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN," in out(process)


def test_no_server_answering():
    process = run(dig, "dig", "kubernetes.default.svc.cluster.local", dns=FakeDNS(silent=(DNS,)))
    assert out(process) == GREETING.format("kubernetes.default.svc.cluster.local") + (
        ";; connection timed out; no servers could be reached\n"
    )
    assert (process.exit_code, process.exit_ms) == (9, 15_000)
    tried = run(dig, "dig", "+tries=1", "+time=2", "x.y", dns=FakeDNS(silent=(DNS,)))
    assert (tried.exit_code, tried.exit_ms) == (9, 2_000)


def test_usage_version_and_a_server_it_cannot_find():
    usage = run(dig, "dig", "+foo", "web")
    assert out(usage, "stderr").startswith("Invalid option: +foo\nUsage:  dig [@global-server]")
    assert out(usage, "stderr").endswith(
        'Use "dig -h" (or "dig -h | more") for complete list of options\n'
    )
    assert usage.exit_code == 1
    version = run(dig, "dig", "-v")
    assert (out(version, "stderr"), version.exit_code) == ("DiG 9.9.5-9+deb8u19-Debian\n", 0)
    missing = run(dig, "dig", "@nowhere", "web")
    assert out(missing, "stderr") == "dig: couldn't get address for 'nowhere': failure\n"
    assert missing.exit_code == 10
    bad = run(dig, "dig", "+tries=x", "web")
    assert (out(bad), out(bad, "stderr")) == (
        "invalid tries 'x': not a valid number\n",
        "dig: Couldn't parse tries\n",
    )


def test_columns_without_ttls_and_classes_and_the_query_flags_echoed():
    argv = ("+nocl", "+nottlid", "web.default.svc.cluster.local", "+noall", "+question", "+answer")
    assert out(run(dig, "dig", *argv)).split(";; global options: +cmd\n")[1] == (
        ";web.default.svc.cluster.local. IN A\nweb.default.svc.cluster.local. A 10.96.12.34\n"
    )
    flagged = run(dig, "dig", "+nocmd", "+norecurse", "+cdflag", "+bufsize=512", "+noedns", "web.")
    assert out(flagged).splitlines()[2:6] == [
        ";; flags: qr cd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1",
        "",
        ";; OPT PSEUDOSECTION:",
        "; EDNS: version: 0, flags:; udp: 512",
    ]


def test_showsearch_prints_each_name_searched_and_an_unsearched_nxdomain_twice_its_stats():
    everywhere = FakeDNS(outside="NXDOMAIN")
    shown = out(run(dig, "dig", "+showsearch", "nosuch", dns=everywhere))
    assert (shown.count(";; Got answer:"), shown.count(";; Query time:")) == (4, 4)
    assert everywhere.questions()[-1] == "A nosuch."
    dotted = out(run(dig, "dig", "+search", "a.b.c.d.e.f", dns=FakeDNS(outside="NXDOMAIN")))
    assert (dotted.count(";; Got answer:"), dotted.count(";; Query time:")) == (1, 2)
