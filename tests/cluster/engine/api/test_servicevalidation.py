"""Service, Endpoints and EndpointSlice validation, in Kubernetes' words."""

from typing import Any

import pytest

from cluster.engine.api import defaults, servicevalidation, validation


def service(**spec: Any) -> dict[str, Any]:
    """A Service as kube-apiserver validates it: defaulted and allocated."""
    obj = {
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "selector": {"app": "web"},
            "ports": [{"port": 80}],
            "clusterIP": "10.96.0.10",
            "clusterIPs": ["10.96.0.10"],
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            **spec,
        },
    }
    defaults.apply("Service", obj)
    return obj


def messages(kind: str, obj: dict[str, Any]) -> list[str]:
    return [str(e) for e in validation.validate(kind, obj, True)]


def test_a_defaulted_service_is_valid():
    assert messages("Service", service()) == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param({"ports": []}, ["spec.ports: Required value"], id="ports are required"),
        pytest.param(
            {"ports": [], "clusterIP": "None", "clusterIPs": ["None"]},
            [],
            id="a headless service needs no port",
        ),
        pytest.param(
            {"ports": [{"port": 80}, {"port": 81}]},
            ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"],
            id="several ports need names",
        ),
        pytest.param(
            {"ports": [{"name": "a", "port": 80}, {"name": "a", "port": 81}]},
            ['spec.ports[1].name: Duplicate value: "a"'],
            id="port names are unique",
        ),
        pytest.param(
            {"ports": [{"port": 70000, "targetPort": 80}]},
            ["spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"],
            id="port numbers are in range",
        ),
        pytest.param(
            {"ports": [{"port": 80, "protocol": "HTTP"}]},
            [
                'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", '
                '"TCP", "UDP"'
            ],
            id="protocols are TCP, UDP or SCTP",
        ),
        pytest.param(
            {"ports": [{"port": 80, "targetPort": "Web_Port"}]},
            [
                'spec.ports[0].targetPort: Invalid value: "Web_Port": must contain only '
                "alpha-numeric characters (a-z, 0-9), and hyphens (-)"
            ],
            id="a target port name is an IANA service name",
        ),
        pytest.param(
            {"selector": {"app": "-web"}},
            [
                'spec.selector: Invalid value: "-web": a valid label must be an empty string or '
                "consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
                "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
            ],
            id="the selector holds labels",
        ),
        pytest.param(
            {"type": "Magic"},
            [
                'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", '
                '"ExternalName", "LoadBalancer", "NodePort"'
            ],
            id="the type is one of four",
        ),
        pytest.param(
            {"ports": [{"port": 80, "nodePort": 30001}]},
            ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
            id="a ClusterIP service has no node port",
        ),
        pytest.param(
            {"clusterIP": "10.96.0.11"},
            ['spec.clusterIPs: Invalid value: ["10.96.0.10"]: first value must match `clusterIP`'],
            id="clusterIP and clusterIPs agree",
        ),
    ],
)
def test_what_a_service_may_not_be(spec, expected):
    assert messages("Service", service(**spec)) == expected


def test_a_service_name_is_a_dns_1035_label():
    obj = service()
    obj["metadata"]["name"] = "1web"
    assert messages("Service", obj) == [
        'metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case '
        "alphanumeric characters or '-', start with an alphabetic character, and end with an "
        "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
        "'[a-z]([-a-z0-9]*[a-z0-9])?')"
    ]


def test_an_external_name_service_needs_its_name_and_nothing_of_cluster_ips():
    obj = service(type="ExternalName")
    assert messages("Service", obj) == [
        "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
        "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
        "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
        "spec.externalName: Required value",
    ]


def test_endpoints_hold_ips_and_slices_addresses_of_their_type():
    endpoints = {
        "metadata": {"name": "web", "namespace": "default"},
        "subsets": [{"addresses": [{"ip": "web"}], "ports": [{"port": 80, "protocol": "TCP"}]}],
    }
    assert messages("Endpoints", endpoints) == [
        'subsets[0].addresses[0].ip: Invalid value: "web": must be a valid IP address, '
        "(e.g. 10.9.8.7 or 2001:db8::ffff)"
    ]
    endpoint_slice = {
        "metadata": {"name": "web-abcde", "namespace": "default"},
        "addressType": "IPv5",
        "endpoints": [{"addresses": []}],
    }
    assert messages("EndpointSlice", endpoint_slice) == [
        'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
        "endpoints[0].addresses: Required value: must contain at least 1 address",
    ]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("10.1.2.3", "10.1.2.3"),
        ("010.001.002.003", "10.1.2.3"),  # leading zeros are decimal, not octal
        ("10.1.2.256", None),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("::ffff:10.1.2.3", "::ffff:a01:203"),
        ("fe80::1%eth0", None),  # Go's parser takes no zone
        ("web", None),
    ],
)
def test_ips_are_parsed_as_legacy_fields_are(text, parsed):
    found = servicevalidation.parse_ip_sloppy(text)
    assert (str(found) if found is not None else None) == parsed
    assert servicevalidation.valid_ip(text) == (parsed is not None)
