"""A pod's names and DNS settings, checked as kube-apiserver checks them, in its words."""

import json

import pytest

from cluster.engine.api import defaults, validation


def problems(**spec: object) -> list[str]:
    found = {
        "metadata": {"name": "p", "namespace": "d"},
        "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec},
    }
    defaults.apply("Pod", found)
    return [str(e) for e in validation.validate("Pod", found, True)]


SUBDOMAIN_RULE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
    "[a-z0-9])?)*')"
)


def test_valid_names_and_dns_settings_pass() -> None:
    assert not problems(
        hostname="db-0",
        subdomain="db",
        setHostnameAsFQDN=True,
        hostAliases=[{"ip": "010.1.2.3", "hostnames": ["foo.local"]}, {"ip": "::1"}],
        dnsPolicy="None",
        dnsConfig={
            "nameservers": ["192.0.2.1", "2001:db8::1"],
            "searches": ["_sip._tcp.example.com", "example.com.", "."],
            "options": [{"name": "ndots", "value": "2"}],
        },
    )


def test_dns_policy_none_needs_a_nameserver() -> None:
    assert problems(dnsPolicy="None") == [
        "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"
    ]
    assert problems(dnsPolicy="None", dnsConfig={"searches": ["a"]}) == [
        "spec.dnsConfig.nameservers: Required value: must provide at least one DNS "
        "nameserver when `dnsPolicy` is None"
    ]


def test_dns_config() -> None:
    assert problems(
        dnsConfig={
            "nameservers": ["1.1.1.1", "2.2.2.2", "3.3.3.3", "bad"],
            "searches": ["Bad_Domain"],
            "options": [{"value": "1"}],
        }
    ) == [
        'spec.dnsConfig.nameservers: Invalid value: ["1.1.1.1","2.2.2.2","3.3.3.3","bad"]: '
        "must not have more than 3 nameservers",
        'spec.dnsConfig.nameservers[3]: Invalid value: "bad": must be a valid IP address, '
        "(e.g. 10.9.8.7 or 2001:db8::ffff)",
        'spec.dnsConfig.searches[0]: Invalid value: "Bad_Domain": a lowercase RFC 1123 '
        "subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and "
        "must start and end with an alphanumeric character (e.g. 'example.com', regex used "
        "for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*"
        "[a-z0-9])?)*')",
        "spec.dnsConfig.options[0]: Required value: must not be empty",
    ]
    many = [f"s{i}" for i in range(33)]
    assert problems(dnsConfig={"searches": many}) == [
        f"spec.dnsConfig.searches: Invalid value: {json.dumps(many, separators=(',', ':'))}: "
        "must not have more than 32 search paths"
    ]


@pytest.mark.parametrize("key", ["hostname", "subdomain"])
def test_hostname_and_subdomain_are_dns_labels(key: str) -> None:
    assert problems(**{key: "a.b"}) == [f'spec.{key}: Invalid value: "a.b": must not contain dots']


def test_host_aliases() -> None:
    assert problems(hostAliases=[{"ip": "1.2.3", "hostnames": ["ok", "Not_OK"]}]) == [
        'spec.hostAliases[0].ip: Invalid value: "1.2.3": must be a valid IP address, '
        "(e.g. 10.9.8.7 or 2001:db8::ffff)",
        f'spec.hostAliases[0].hostnames[1]: Invalid value: "Not_OK": {SUBDOMAIN_RULE}',
    ]


def test_hostname_override() -> None:
    assert problems(hostnameOverride="my.host", setHostnameAsFQDN=True) == [
        "spec.hostnameOverride: Forbidden: may not be specified when setHostnameAsFQDN is true"
    ]
    assert problems(hostnameOverride="x" * 65) == [
        "spec.hostnameOverride: Too long: may not be more than 64 bytes"
    ]
    assert problems(hostnameOverride="My_Host") == [
        f'spec.hostnameOverride: Invalid value: "My_Host": {SUBDOMAIN_RULE}'
    ]
