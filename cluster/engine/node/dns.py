"""A pod's names and resolver, as the kubelet makes them (pkg/kubelet/network/dns and
kubelet_pods.go): the hostname the sandbox gets, the kubelet-managed /etc/hosts, and the DNS
settings containerd writes to /etc/resolv.conf."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from cluster.engine.api.meta import Object
from cluster.engine.node.nodestatus import NodeConfig

CLUSTER_DNS = "10.96.0.10"  # the kubelet's clusterDNS
CLUSTER_DOMAIN = "cluster.local"
DEFAULT_OPTIONS = ("ndots:5",)  # defaultDNSOptions, for ClusterFirst
# the node's own resolver, as a kind node has it (the docker network's gateway); the kubelet
# drops its `search .`
NODE_NAMESERVERS = ("172.18.0.1",)
NODE_OPTIONS = ("edns0", "trust-ad", "ndots:0")
MAX_NAMESERVERS = 3
MAX_SEARCH_PATHS = 32
MAX_SEARCH_LIST_CHARS = 2048
MAX_SEARCH_CHARS = 253
HOSTNAME_MAX = 63
FQDN_MAX = 64
LOCALHOST = (
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "fe00::0\tip6-mcastprefix\n"
    "fe00::1\tip6-allnodes\n"
    "fe00::2\tip6-allrouters\n"
)
# the node's /etc/hosts, as docker writes it in a kind node
NODE_LOCALHOST = (
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "ff00::0\tip6-mcastprefix\n"
    "ff02::1\tip6-allnodes\n"
    "ff02::2\tip6-allrouters\n"
)


class SandboxConfigError(Exception):
    """The pod's sandbox cannot be configured (generatePodSandboxConfig failed)."""


def host_name_and_domain(pod: Object) -> tuple[str, str]:
    """GeneratePodHostNameAndDomain: hostnameOverride, else spec.hostname or the pod's name
    (at most 63 characters); the domain of its subdomain, if it has one."""
    spec = pod["spec"]
    override = spec.get("hostnameOverride")
    if override is not None:
        return _truncated(override), ""
    name = _truncated(spec.get("hostname") or pod["metadata"]["name"])
    subdomain = spec.get("subdomain")
    if not subdomain:
        return name, ""
    return name, f"{subdomain}.{pod['metadata']['namespace']}.svc.{CLUSTER_DOMAIN}"


def _truncated(name: str) -> str:
    return name if len(name) <= HOSTNAME_MAX else name[:HOSTNAME_MAX].rstrip("-.")


def kernel_hostname(pod: Object, node: NodeConfig) -> str:
    """The sandbox's hostname: the node's on the node's network, else the pod's, as its FQDN
    with setHostnameAsFQDN (GetNodenameForKernel; raises SandboxConfigError)."""
    if pod["spec"].get("hostNetwork"):
        return node.name
    name, domain = host_name_and_domain(pod)
    if not (domain and pod["spec"].get("setHostnameAsFQDN")):
        return name
    fqdn = f"{name}.{domain}"
    if len(fqdn) > FQDN_MAX:
        raise SandboxConfigError(
            f"failed to construct FQDN from pod hostname and cluster domain, FQDN {fqdn} is "
            f"too long ({FQDN_MAX} characters is the max, {len(fqdn)} characters requested)"
        )
    return fqdn


def hosts_file(pod: Object, node: NodeConfig, ip: str) -> str:
    """The /etc/hosts the kubelet mounts: managedHostsFileContent, or on the node's network
    the node's own file; either way with the pod's hostAliases after it."""
    spec = pod["spec"]
    if spec.get("hostNetwork"):
        head = "# Kubernetes-managed hosts file (host network).\n"
        content = f"{head}{NODE_LOCALHOST}{node.internal_ip}\t{node.name}\n"
    else:
        name, domain = host_name_and_domain(pod)
        own = f"{ip}\t{name}.{domain}\t{name}\n" if domain else f"{ip}\t{name}\n"
        content = f"# Kubernetes-managed hosts file.\n{LOCALHOST}{own}"
    aliases = spec.get("hostAliases")
    if not aliases:
        return content
    lines = "".join(
        f"{a.get('ip', '')}\t{chr(9).join(a.get('hostnames') or ())}\n" for a in aliases
    )
    return f"{content}\n# Entries added by HostAliases.\n{lines}"


def resolv_conf(pod: Object) -> tuple[str, list[str]]:
    """GetPodDNS, written as containerd writes it: /etc/resolv.conf, and the warnings
    (DNSConfigForming events) for what went past the resolver's limits."""
    spec = pod["spec"]
    policy = spec.get("dnsPolicy", "ClusterFirst")
    config = spec.get("dnsConfig")
    namespace = pod["metadata"]["namespace"]
    if config is None and policy == "ClusterFirst" and not spec.get("hostNetwork"):
        return _cluster_first(namespace), []
    if policy == "None":
        servers: list[str] = []
        searches: list[str] = []
        options: list[str] = []
    elif policy == "ClusterFirstWithHostNet" or (
        policy == "ClusterFirst" and not spec.get("hostNetwork")
    ):
        servers, searches, options = [CLUSTER_DNS], _cluster_searches(namespace), [*DEFAULT_OPTIONS]
    else:  # Default, and ClusterFirst on the node's network
        servers, searches, options = [*NODE_NAMESERVERS], [], [*NODE_OPTIONS]
    if config is not None:
        servers = _unique([*servers, *(config.get("nameservers") or ())])
        searches = _unique([*searches, *(config.get("searches") or ())])
        options = _merged_options(options, config.get("options") or ())
    warnings: list[str] = []
    servers = _fit_nameservers(servers, warnings)
    searches = _fit_searches(searches, warnings)
    return _written(servers, searches, options), warnings


@functools.lru_cache(maxsize=256)  # one text per namespace, which all its containers share
def _cluster_first(namespace: str) -> str:
    return _written([CLUSTER_DNS], _cluster_searches(namespace), DEFAULT_OPTIONS)


def _cluster_searches(namespace: str) -> list[str]:
    return [f"{namespace}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN]


def _written(servers: Iterable[str], searches: list[str], options: Iterable[str]) -> str:
    """containerd's parseDNSOptions: the search line, a line per nameserver, the options."""
    lines = [f"search {' '.join(searches)}\n"] if searches else []
    lines += [f"nameserver {server}\n" for server in servers]
    joined = " ".join(options)
    return "".join(lines) + (f"options {joined}\n" if joined else "")


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _merged_options(base: list[str], extra: Iterable[Object]) -> list[str]:
    """mergeDNSOptions: the pod's options replace those of the same name."""
    merged = dict(option.partition(":")[::2] for option in base)
    for option in extra:
        merged[option.get("name", "")] = option.get("value") or ""
    return [f"{name}:{value}" if value else name for name, value in merged.items()]


def _fit_nameservers(servers: list[str], warnings: list[str]) -> list[str]:
    if len(servers) <= MAX_NAMESERVERS:
        return servers
    kept = servers[:MAX_NAMESERVERS]
    warnings.append(
        "Nameserver limits were exceeded, some nameservers have been omitted, the applied "
        f"nameserver line is: {' '.join(kept)}"
    )
    return kept


def _fit_searches(searches: list[str], warnings: list[str]) -> list[str]:
    """formDNSSearchFitsLimits: at most 32 paths, none over 253 characters, and the line at
    most 2,048, cut from its end."""
    kept = [s for s in searches[:MAX_SEARCH_PATHS] if len(s) <= MAX_SEARCH_CHARS]
    exceeded = len(kept) < len(searches)
    while len(" ".join(kept)) > MAX_SEARCH_LIST_CHARS:
        kept.pop()
        exceeded = True
    if exceeded:
        warnings.append(
            "Search Line limits were exceeded, some search paths have been omitted, the "
            f"applied search line is: {' '.join(kept)}"
        )
    return kept
