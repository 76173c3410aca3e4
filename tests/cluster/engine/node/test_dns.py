"""A pod's names and resolver as the kubelet makes them: its hostname, /etc/hosts with its
subdomain and hostAliases, and /etc/resolv.conf for each dnsPolicy and dnsConfig."""

import pytest

from cluster.engine.node import dns
from cluster.engine.node.nodestatus import NodeConfig

from .helpers import cluster_with, container, container_logs, events, kubelet

NODE = NodeConfig("node-1", "172.18.0.3")
CLUSTER_FIRST = (
    "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    "nameserver 10.96.0.10\n"
    "options ndots:5\n"
)


def pod(**spec: object) -> dict:
    return {"metadata": {"name": "web-1", "namespace": "default"}, "spec": spec}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({}, CLUSTER_FIRST),
        ({"dnsPolicy": "ClusterFirst"}, CLUSTER_FIRST),
        ({"dnsPolicy": "Default"}, "nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n"),
        (  # on the node's network, ClusterFirst falls back to Default
            {"dnsPolicy": "ClusterFirst", "hostNetwork": True},
            "nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n",
        ),
        ({"dnsPolicy": "ClusterFirstWithHostNet", "hostNetwork": True}, CLUSTER_FIRST),
        (  # the docs' example (Pod's DNS Config)
            {
                "dnsPolicy": "None",
                "dnsConfig": {
                    "nameservers": ["192.0.2.1"],
                    "searches": ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
                    "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}],
                },
            },
            "search ns1.svc.cluster-domain.example my.dns.search.suffix\n"
            "nameserver 192.0.2.1\n"
            "options ndots:2 edns0\n",
        ),
        (  # appended to ClusterFirst's: duplicates once, an option of the same name replaced
            {
                "dnsConfig": {
                    "nameservers": ["10.96.0.10", "1.1.1.1"],
                    "searches": ["cluster.local", "example.com"],
                    "options": [{"name": "ndots", "value": "1"}, {"name": "single-request"}],
                }
            },
            "search default.svc.cluster.local svc.cluster.local cluster.local example.com\n"
            "nameserver 10.96.0.10\nnameserver 1.1.1.1\n"
            "options ndots:1 single-request\n",
        ),
    ],
)
def test_resolv_conf(spec: dict, expected: str) -> None:
    assert dns.resolv_conf(pod(**spec)) == (expected, [])


def test_what_goes_past_the_resolvers_limits_is_left_out_and_said() -> None:
    searches = [f"s{i}.example.com" for i in range(32)]
    config = {"nameservers": ["1.1.1.1", "8.8.8.8", "9.9.9.9"], "searches": searches}
    content, warnings = dns.resolv_conf(pod(dnsConfig=config))
    applied = ["default.svc.cluster.local", "svc.cluster.local", "cluster.local", *searches[:29]]
    assert content.splitlines()[:4] == [
        f"search {' '.join(applied)}",
        "nameserver 10.96.0.10",
        "nameserver 1.1.1.1",
        "nameserver 8.8.8.8",
    ]
    assert warnings == [
        "Nameserver limits were exceeded, some nameservers have been omitted, the applied "
        "nameserver line is: 10.96.0.10 1.1.1.1 8.8.8.8",
        "Search Line limits were exceeded, some search paths have been omitted, the applied "
        f"search line is: {' '.join(applied)}",
    ]


def test_hosts_file() -> None:
    plain = dns.hosts_file(pod(), NODE, "10.244.1.3")
    assert plain.startswith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
    assert plain.endswith("fe00::2\tip6-allrouters\n10.244.1.3\tweb-1\n")
    named = pod(
        hostname="db",
        subdomain="sub",
        hostAliases=[
            {"ip": "127.0.0.1", "hostnames": ["foo.local", "bar.local"]},
            {"ip": "10.1.2.3", "hostnames": ["foo.remote"]},
        ],
    )
    assert dns.hosts_file(named, NODE, "10.244.1.3").endswith(
        "10.244.1.3\tdb.sub.default.svc.cluster.local\tdb\n"
        "\n# Entries added by HostAliases.\n"
        "127.0.0.1\tfoo.local\tbar.local\n"
        "10.1.2.3\tfoo.remote\n"
    )
    host = dns.hosts_file(pod(hostNetwork=True), NODE, "172.18.0.3")
    assert host.startswith("# Kubernetes-managed hosts file (host network).\n127.0.0.1\t")
    assert host.endswith("ff02::2\tip6-allrouters\n172.18.0.3\tnode-1\n")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({}, "web-1"),
        ({"hostname": "db", "subdomain": "sub"}, "db"),
        (
            {"hostname": "db", "subdomain": "sub", "setHostnameAsFQDN": True},
            "db.sub.default.svc.cluster.local",
        ),
        ({"setHostnameAsFQDN": True}, "web-1"),  # no subdomain, no domain
        ({"hostnameOverride": "my.host.example", "subdomain": "sub"}, "my.host.example"),
        ({"hostname": "x", "hostNetwork": True}, "node-1"),
    ],
)
def test_kernel_hostname(spec: dict, expected: str) -> None:
    assert dns.kernel_hostname(pod(**spec), NODE) == expected


def test_a_long_name_is_cut_to_63_characters_without_a_trailing_dash() -> None:
    name = "a" * 62 + "-b"
    assert dns.host_name_and_domain({"metadata": {"name": name}, "spec": {}}) == ("a" * 62, "")


def test_the_files_a_container_finds() -> None:
    cluster = cluster_with(
        container(
            image="busybox",
            command=[
                "sh",
                "-c",
                "hostname; hostname -i; tail -n 2 /etc/hosts; cat /etc/resolv.conf",
            ],
        ),
        restart="Never",
        hostname="db",
        subdomain="sub",
        hostAliases=[{"ip": "10.1.2.3", "hostnames": ["foo.remote"]}],
        dnsPolicy="None",
        dnsConfig={"nameservers": ["192.0.2.1"]},
    )
    cluster.advance_to(5_000)
    logs = container_logs(kubelet(cluster), "default", "p", "app").splitlines()
    assert logs[0] == "db"
    assert logs[2:] == [
        "# Entries added by HostAliases.",
        "10.1.2.3\tfoo.remote",
        "nameserver 192.0.2.1",
    ]
    assert logs[1].startswith("10.244.")


def test_a_fully_qualified_name_too_long_for_the_kernel_gets_no_sandbox() -> None:
    cluster = cluster_with(
        container(),
        hostname="h" * 30,
        subdomain="s" * 30,
        setHostnameAsFQDN=True,
    )
    cluster.advance_to(5_000)
    fqdn = f"{'h' * 30}.{'s' * 30}.default.svc.cluster.local"
    message = (
        "Failed to create pod sandbox: failed to construct FQDN from pod hostname and cluster "
        f"domain, FQDN {fqdn} is too long (64 characters is the max, {len(fqdn)} characters "
        "requested)"
    )
    assert ("Warning", "FailedCreatePodSandBox", message) in [e[:3] for e in events(cluster)]


def test_names_in_etc_hosts_resolve_before_the_network() -> None:
    """The docs' hostAliases example: foo.local is the pod itself, from /etc/hosts."""
    cluster = cluster_with(
        container(),
        hostAliases=[{"ip": "127.0.0.1", "hostnames": ["foo.local", "bar.local"]}],
    )
    cluster.advance_to(5_000)
    fetched = kubelet(cluster).exec("default", "p", "app", ["curl", "-s", "http://bar.local/"])
    assert "<title>Welcome to nginx!</title>" in fetched.stdout
    missing = kubelet(cluster).exec("default", "p", "app", ["curl", "-sS", "http://nope/"])
    assert missing.stderr == "curl: (6) Could not resolve host: nope\n"
