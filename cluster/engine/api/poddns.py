"""What a pod says of its names and of its DNS, validated as kube-apiserver's ValidatePodSpec
does: validatePodHostName, validatePodDNSConfig, the hostname and subdomain labels, and
ValidateHostAliases."""

from __future__ import annotations

from cluster.engine.api import content
from cluster.engine.api.field import FieldError, forbidden, invalid, required, too_long
from cluster.engine.api.meta import Object
from cluster.engine.api.servicevalidation import INVALID_IP, valid_ip

DNS_NONE = "None"
MAX_NAMESERVERS = 3  # MaxDNSNameservers
MAX_SEARCH_PATHS = 32  # MaxDNSSearchPaths
MAX_SEARCH_LIST_CHARS = 2048  # MaxDNSSearchListChars
MAX_HOSTNAME_OVERRIDE = 64


def validate(spec: Object, path: str) -> list[FieldError]:
    config, policy = spec.get("dnsConfig"), spec.get("dnsPolicy")
    errors = _hostname_override(spec, path)
    if config is not None or policy == DNS_NONE:
        errors += _dns_config(config, policy, f"{path}.dnsConfig")
    for key in ("hostname", "subdomain"):
        value = spec.get(key)
        if value:
            errors += [invalid(f"{path}.{key}", value, d) for d in content.dns1123_label(value)]
    aliases = spec.get("hostAliases")
    return errors + _host_aliases(aliases, f"{path}.hostAliases") if aliases else errors


def _hostname_override(spec: Object, path: str) -> list[FieldError]:
    """validatePodHostName (HostnameOverride, beta and on since 1.35)."""
    override = spec.get("hostnameOverride")
    if override is None:
        return []
    here = f"{path}.hostnameOverride"
    errors = []
    if spec.get("setHostnameAsFQDN"):
        errors.append(forbidden(here, "may not be specified when setHostnameAsFQDN is true"))
    if spec.get("hostNetwork"):
        errors.append(forbidden(here, "may not be specified when hostNetwork is true"))
    if len(override) > MAX_HOSTNAME_OVERRIDE:
        errors.append(too_long(here, MAX_HOSTNAME_OVERRIDE))
    return errors + [invalid(here, override, d) for d in content.dns1123_subdomain(override)]


def _dns_config(config: Object | None, policy: str | None, path: str) -> list[FieldError]:
    """validatePodDNSConfig, with RelaxedDNSSearchValidation (GA since 1.34)."""
    if policy == DNS_NONE:
        if config is None:
            return [required(path, f"must provide `dnsConfig` when `dnsPolicy` is {DNS_NONE}")]
        if not config.get("nameservers"):
            detail = f"must provide at least one DNS nameserver when `dnsPolicy` is {DNS_NONE}"
            return [required(f"{path}.nameservers", detail)]
    if config is None:
        return []
    errors = []
    nameservers = config.get("nameservers") or []
    if len(nameservers) > MAX_NAMESERVERS:
        detail = f"must not have more than {MAX_NAMESERVERS} nameservers"
        errors.append(invalid(f"{path}.nameservers", nameservers, detail))
    errors += [
        invalid(f"{path}.nameservers[{i}]", ip, INVALID_IP)
        for i, ip in enumerate(nameservers)
        if not valid_ip(ip)
    ]
    searches = config.get("searches") or []
    if len(searches) > MAX_SEARCH_PATHS:
        detail = f"must not have more than {MAX_SEARCH_PATHS} search paths"
        errors.append(invalid(f"{path}.searches", searches, detail))
    if len(" ".join(searches)) > MAX_SEARCH_LIST_CHARS:
        detail = (
            f"must not have more than {MAX_SEARCH_LIST_CHARS} characters (including spaces) "
            "in the search list"
        )
        errors.append(invalid(f"{path}.searches", searches, detail))
    for i, search in enumerate(searches):
        if search != ".":
            trimmed = search.removesuffix(".")
            errors += [
                invalid(f"{path}.searches[{i}]", trimmed, d)
                for d in content.dns1123_subdomain_with_underscore(trimmed)
            ]
    return errors + [
        required(f"{path}.options[{i}]", "must not be empty")
        for i, option in enumerate(config.get("options") or [])
        if not option.get("name")
    ]


def _host_aliases(aliases: list[Object], path: str) -> list[FieldError]:
    errors = []
    for i, alias in enumerate(aliases):
        ip = alias.get("ip") or ""
        if not valid_ip(ip):
            errors.append(invalid(f"{path}[{i}].ip", ip, INVALID_IP))
        errors += [
            invalid(f"{path}[{i}].hostnames[{j}]", name, d)
            for j, name in enumerate(alias.get("hostnames") or [])
            for d in content.dns1123_subdomain(name)
        ]
    return errors
