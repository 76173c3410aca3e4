"""Ingress, IngressClass and NetworkPolicy validation, in Kubernetes' words."""

import copy
from typing import Any

import pytest

from cluster.engine.api import networkingvalidation as nv

Object = dict[str, Any]
SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
WILDCARD = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, "
    "which must consist of lower case alphanumeric characters, '-' or '.' and end with an "
    "alphanumeric character (e.g. '*.example.com', regex used for validation is "
    "'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
RANGE = "must be between 1 and 65535, inclusive"


def messages(errors: list) -> list[str]:
    return [str(e) for e in errors]


def backend(service: str = "web", **port: Any) -> Object:
    return {"service": {"name": service, "port": port or {"number": 80}}}


def path(value: str = "/", path_type: str | None = "Prefix", **fields: Any) -> Object:
    found = {"path": value, "pathType": path_type, "backend": backend(), **fields}
    return {k: v for k, v in found.items() if v is not None}


def rule(*paths: Object, host: str = "") -> Object:
    found: Object = {"http": {"paths": list(paths or [path()])}}
    return {"host": host, **found} if host else found


def ingress(annotations: dict[str, str] | None = None, **spec: Any) -> Object:
    """An Ingress as kube-apiserver validates it; a None drops a field of the spec."""
    body = {"rules": [rule()], **spec}
    meta: Object = {"name": "web", "namespace": "default", "resourceVersion": "7"}
    if annotations:
        meta["annotations"] = annotations
    return {"metadata": meta, "spec": {k: v for k, v in body.items() if v is not None}}


# -- Ingress ---------------------------------------------------------------------------------

INGRESSES = [
    (ingress(), []),
    (ingress(rules=None, defaultBackend=backend()), []),
    (
        ingress(rules=None),
        ["spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"],
    ),
    (
        ingress(rules=[]),
        ["spec: Invalid value: []: either `defaultBackend` or `rules` must be specified"],
    ),
    (
        ingress(rules=[rule(host="10.0.0.1")]),
        ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
    ),
    (ingress(rules=[rule(host="*.example.com")]), []),
    (
        ingress(rules=[rule(host="a.*.com")]),
        [f'spec.rules[0].host: Invalid value: "a.*.com": {WILDCARD}'],
    ),
    (
        ingress(rules=[rule(host="Web")]),
        [f'spec.rules[0].host: Invalid value: "Web": {SUBDOMAIN}'],
    ),
    (ingress(rules=[{"host": "a.com"}]), []),
    (
        ingress(rules=[{"http": {"paths": []}}]),
        ["spec.rules[0].http.paths: Required value"],
    ),
    (
        ingress(rules=[rule(path(path_type=None, backend={}))]),
        ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"],
    ),
    (
        ingress(rules=[rule(path(path_type="Regex"))]),
        [
            'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported '
            'values: "Exact", "ImplementationSpecific", "Prefix"'
        ],
    ),
    (
        ingress(rules=[rule(path("a//b/.", "Exact"))]),
        [
            'spec.rules[0].http.paths[0].path: Invalid value: "a//b/.": must be an absolute path',
            "spec.rules[0].http.paths[0].path: Invalid value: \"a//b/.\": must not contain '//'",
            "spec.rules[0].http.paths[0].path: Invalid value: \"a//b/.\": cannot end with '/.'",
        ],
    ),
    (
        ingress(rules=[rule(path("", "Prefix"))]),
        ['spec.rules[0].http.paths[0].path: Invalid value: "": must be an absolute path'],
    ),
    (
        ingress(rules=[rule(path("/a%2Fb/..", "Prefix"))]),
        [
            'spec.rules[0].http.paths[0].path: Invalid value: "/a%2Fb/..": must not contain '
            "'%2F'",
            "spec.rules[0].http.paths[0].path: Invalid value: \"/a%2Fb/..\": cannot end with '/..'",
        ],
    ),
    (ingress(rules=[rule(path("", "ImplementationSpecific"))]), []),
    (ingress(rules=[rule(path("/a//b", "ImplementationSpecific"))]), []),
    (
        ingress(rules=[rule(path("a", "ImplementationSpecific"))]),
        ['spec.rules[0].http.paths[0].path: Invalid value: "a": must be an absolute path'],
    ),
    (
        ingress(rules=[rule(path(backend={}))]),
        [
            'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service '
            "backend is required"
        ],
    ),
    (
        ingress(rules=None, defaultBackend={**backend(), "resource": {"kind": "K", "name": "n"}}),
        ['spec.defaultBackend: Invalid value: "": cannot set both resource and service backends'],
    ),
    (
        ingress(
            rules=None, defaultBackend={"resource": {"apiGroup": "A", "kind": "", "name": ".."}}
        ),
        [
            f'spec.defaultBackend.resource.apiGroup: Invalid value: "A": {SUBDOMAIN}',
            "spec.defaultBackend.resource.kind: Required value",
            "spec.defaultBackend.resource.name: Invalid value: \"..\": may not be '..'",
        ],
    ),
    (
        ingress(rules=None, defaultBackend=backend("")),
        ["spec.defaultBackend.service.name: Required value"],
    ),
    (ingress(rules=None, defaultBackend=backend("1web")), []),  # a DNS label will do
    (
        ingress(rules=None, defaultBackend=backend("web.svc")),
        ['spec.defaultBackend.service.name: Invalid value: "web.svc": must not contain dots'],
    ),
    (
        ingress(rules=None, defaultBackend=backend(name="http", number=80)),
        ['spec.defaultBackend: Invalid value: "": cannot set both port name & port number'],
    ),
    (
        ingress(rules=None, defaultBackend=backend(name="HTTP")),
        [
            'spec.defaultBackend.service.port.name: Invalid value: "HTTP": must contain only '
            "alpha-numeric characters (a-z, 0-9), and hyphens (-)"
        ],
    ),
    (
        ingress(rules=None, defaultBackend=backend(number=70000)),
        [f"spec.defaultBackend.service.port.number: Invalid value: 70000: {RANGE}"],
    ),
    (
        ingress(rules=None, defaultBackend={"service": {"name": "web", "port": {}}}),
        ["spec.defaultBackend: Required value: port name or number is required"],
    ),
    (
        ingress(tls=[{"hosts": ["*.a.com", "b.com", "*"], "secretName": "Cert"}]),
        [
            f'spec.tls[0].hosts[2]: Invalid value: "*": {WILDCARD}',
            f'spec.tls[0].secretName: Invalid value: "Cert": {SUBDOMAIN}',
        ],
    ),
    (ingress(tls=[{"hosts": ["a.com"]}]), []),
    (
        ingress(ingressClassName="Nginx"),
        [f'spec.ingressClassName: Invalid value: "Nginx": {SUBDOMAIN}'],
    ),
    (ingress({nv.CLASS_ANNOTATION: "nginx"}, ingressClassName="nginx"), []),
    (ingress({nv.CLASS_ANNOTATION: "nginx"}), []),
    (
        ingress({nv.CLASS_ANNOTATION: "nginx"}, ingressClassName="haproxy"),
        [
            'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match '
            "`ingressClassName` when both are specified"
        ],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), INGRESSES)
def test_ingress(obj: Object, expected: list[str]):
    assert messages(nv.validate_ingress(obj)) == expected


def test_an_ingress_update_checks_the_metadata_again_but_not_the_class_annotation():
    old = ingress()
    new = ingress({nv.CLASS_ANNOTATION: "nginx"}, ingressClassName="haproxy")
    new["metadata"]["labels"] = {"bad key": "x"}
    assert messages(nv.validate_ingress_update(new, old)) == [
        'metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric '
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    ]


def test_an_update_keeps_the_invalid_secret_names_and_wildcard_rules_it_had():
    bad_tls = [{"hosts": ["a.com"], "secretName": "Cert"}]
    bad_rule = rule(path(path_type=None), host="*.a.com")
    old = ingress(tls=bad_tls, rules=[bad_rule])
    new = copy.deepcopy(old)
    new["spec"]["tls"].append({"secretName": "Other"})
    new["spec"]["rules"].append(rule(path(path_type=None), host="*.b.com"))
    assert nv.validate_ingress_update(new, old) == []
    errors = messages(nv.validate_ingress_update(new, ingress()))
    assert errors == [
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
        "spec.rules[1].http.paths[0].pathType: Required value: pathType must be specified",
        f'spec.tls[0].secretName: Invalid value: "Cert": {SUBDOMAIN}',
        f'spec.tls[1].secretName: Invalid value: "Other": {SUBDOMAIN}',
    ]


def status(*points: Object) -> Object:
    return {**ingress(), "status": {"loadBalancer": {"ingress": list(points)}}}


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ({"ip": "192.0.2.1"}, []),
        ({"hostname": "lb.example.com"}, []),
        (
            {"ip": "192.0.2"},
            [
                'status.loadBalancer.ingress[0].ip: Invalid value: "192.0.2": must be a valid IP '
                "address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
            ],
        ),
        (
            {"ip": "192.0.2.01"},
            [
                'status.loadBalancer.ingress[0].ip: Invalid value: "192.0.2.01": must not have '
                "leading 0s"
            ],
        ),
        (
            {"ip": "::ffff:192.0.2.1"},
            [
                'status.loadBalancer.ingress[0].ip: Invalid value: "::ffff:192.0.2.1": must not '
                "be an IPv4-mapped IPv6 address"
            ],
        ),
        (
            {"hostname": "192.0.2.1"},
            [
                'status.loadBalancer.ingress[0].hostname: Invalid value: "192.0.2.1": must be a '
                "DNS name, not an IP address"
            ],
        ),
        (
            {"hostname": "LB"},
            [f'status.loadBalancer.ingress[0].hostname: Invalid value: "LB": {SUBDOMAIN}'],
        ),
    ],
)
def test_ingress_status_update(point: Object, expected: list[str]):
    assert messages(nv.validate_ingress_status_update(status(point), status())) == expected


def test_an_ingress_status_keeps_an_invalid_ip_it_had():
    old = status({"ip": "192.0.2.01"})
    assert nv.validate_ingress_status_update(status({"ip": "192.0.2.01"}), old) == []


# -- IngressClass ----------------------------------------------------------------------------


def ingress_class(**spec: Any) -> Object:
    body = {"controller": "example.com/ingress", **spec}
    return {
        "metadata": {"name": "nginx", "resourceVersion": "7"},
        "spec": {k: v for k, v in body.items() if v is not None},
    }


def parameters(**fields: Any) -> Object:
    return {"kind": "Params", "name": "p", "scope": "Cluster", **fields}


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (ingress_class(), []),
        (ingress_class(controller=None), ["spec.controller: Required value"]),
        (
            ingress_class(controller="nginx"),
            [
                'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as '
                '"acme.io/foo")'
            ],
        ),
        (
            ingress_class(controller="Acme/a b"),
            [
                f'spec.controller: Invalid value: "Acme": {SUBDOMAIN}',
                'spec.controller: Invalid value: "a b": Invalid path (regex used for validation '
                "is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
            ],
        ),
        (
            ingress_class(controller="a.io/" + "x" * 250),
            ["spec.controller: Too long: may not be more than 250 bytes"],
        ),
        (ingress_class(parameters=parameters(apiGroup="k8s.example.com")), []),
        (
            ingress_class(parameters=parameters(kind="", name="a/b%")),
            [
                "spec.parameters.kind: Required value",
                "spec.parameters.name: Invalid value: \"a/b%\": may not contain '/'",
                "spec.parameters.name: Invalid value: \"a/b%\": may not contain '%'",
            ],
        ),
        (
            ingress_class(parameters=parameters(scope=None)),
            ["spec.parameters.scope: Required value"],
        ),
        (
            ingress_class(parameters=parameters(scope="Global")),
            [
                'spec.parameters.scope: Unsupported value: "Global": supported values: '
                '"Cluster", "Namespace"'
            ],
        ),
        (
            ingress_class(parameters=parameters(scope="Namespace")),
            ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"],
        ),
        (
            ingress_class(parameters=parameters(scope="Namespace", namespace="Team")),
            [f'spec.parameters.namespace: Invalid value: "Team": {LABEL}'],
        ),
        (ingress_class(parameters=parameters(scope="Namespace", namespace="team")), []),
        (
            ingress_class(parameters=parameters(namespace="team")),
            ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
        ),
    ],
)
def test_ingress_class(obj: Object, expected: list[str]):
    assert messages(nv.validate_ingress_class(obj)) == expected


def test_an_ingress_class_controller_never_changes():
    new = ingress_class(controller="example.com/other")
    assert messages(nv.validate_ingress_class_update(new, ingress_class())) == [
        'spec.controller: Invalid value: "example.com/other": field is immutable'
    ]


# -- NetworkPolicy ---------------------------------------------------------------------------


def policy(**spec: Any) -> Object:
    body = {"podSelector": {}, "policyTypes": ["Ingress"], **spec}
    return {
        "metadata": {"name": "deny", "namespace": "default", "resourceVersion": "7"},
        "spec": {k: v for k, v in body.items() if v is not None},
    }


def ingress_rule(*peers: Object, ports: list[Object] | None = None) -> Object:
    found: Object = {"from": list(peers)}
    return {**found, "ports": ports} if ports is not None else found


def block(cidr: str, *excepted: str) -> Object:
    return {"ipBlock": {"cidr": cidr, **({"except": list(excepted)} if excepted else {})}}


POLICIES = [
    (policy(), []),
    (
        policy(podSelector={"matchExpressions": [{"key": "a", "operator": "In"}]}),
        [
            "spec.podSelector.matchExpressions[0].values: Required value: must be specified when "
            "`operator` is 'In' or 'NotIn'"
        ],
    ),
    (
        policy(ingress=[ingress_rule(ports=[{"protocol": "ICMP", "port": 80}])]),
        [
            'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: '
            '"TCP", "UDP", "SCTP"'
        ],
    ),
    (
        policy(ingress=[ingress_rule(ports=[{"port": 0}, {"port": 90, "endPort": 80}])]),
        [
            f"spec.ingress[0].ports[0].port: Invalid value: 0: {RANGE}",
            "spec.ingress[0].ports[1].endPort: Invalid value: 90: must be greater than or equal "
            "to `port`",
        ],
    ),
    (
        policy(ingress=[ingress_rule(ports=[{"port": 80, "endPort": 70000}])]),
        [f"spec.ingress[0].ports[0].endPort: Invalid value: 70000: {RANGE}"],
    ),
    (
        policy(ingress=[ingress_rule(ports=[{"port": "http", "endPort": 90}])]),
        [
            "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when "
            "`port` is non-numeric"
        ],
    ),
    (
        policy(ingress=[ingress_rule(ports=[{"port": "8080"}, {"endPort": 90}])]),
        [
            'spec.ingress[0].ports[0].port: Invalid value: "8080": must contain at least one '
            "letter (a-z)",
            "spec.ingress[0].ports[1].endPort: Invalid value: 90: may not be specified when "
            "`port` is not specified",
        ],
    ),
    (
        policy(ingress=[ingress_rule({})]),
        ["spec.ingress[0].from[0]: Required value: must specify a peer"],
    ),
    (policy(ingress=[ingress_rule({"podSelector": {}, "namespaceSelector": {}})]), []),
    (
        policy(ingress=[ingress_rule({**block("10.0.0.0/8"), "podSelector": {}})]),
        ["spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer"],
    ),
    (
        policy(egress=[{"to": [{"ipBlock": {"cidr": ""}}]}]),
        ["spec.egress[0].to[0].ipBlock.cidr: Required value"],
    ),
    (
        policy(egress=[{"to": [block("10.0.0.0")]}]),
        [
            'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR '
            "value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
        ],
    ),
    (
        policy(egress=[{"to": [block("10.0.0.1/8")]}]),
        [
            'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must not have bits '
            "set beyond the prefix length"
        ],
    ),
    (
        policy(egress=[{"to": [block("10.0.0.0/08")]}]),
        [
            'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0/08": must not have '
            "leading 0s in IP or prefix length"
        ],
    ),
    (
        policy(egress=[{"to": [block("::ffff:10.0.0.0/104")]}]),
        [
            'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "::ffff:10.0.0.0/104": must not '
            "have an IPv4-mapped IPv6 address"
        ],
    ),
    (policy(egress=[{"to": [block("10.0.0.0/8", "10.1.0.0/16")]}]), []),
    (
        policy(
            egress=[{"to": [block("10.0.0.0/8", "10.0.0.0/8", "11.0.0.0/16", "2001:db8::/64")]}]
        ),
        [
            'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a '
            "strict subset of `cidr`",
            'spec.egress[0].to[0].ipBlock.except[1]: Invalid value: "11.0.0.0/16": must be a '
            "strict subset of `cidr`",
            'spec.egress[0].to[0].ipBlock.except[2]: Invalid value: "2001:db8::/64": must be a '
            "strict subset of `cidr`",
        ],
    ),
    (policy(policyTypes=["Ingress", "Egress"]), []),
    (
        policy(policyTypes=["Ingress", "Egress", "Ingress"]),
        [
            'spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify '
            "more than two policyTypes"
        ],
    ),
    (
        policy(policyTypes=["ingress"]),
        [
            'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", '
            '"Egress"'
        ],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), POLICIES)
def test_network_policy(obj: Object, expected: list[str]):
    assert messages(nv.validate_network_policy(obj)) == expected


def test_a_policy_update_keeps_the_cidrs_and_selector_values_it_had():
    bad_values = {"matchExpressions": [{"key": "a", "operator": "In", "values": ["-x"]}]}
    old = policy(podSelector=bad_values, egress=[{"to": [block("10.0.0.1/8", "10.0.0.01/16")]}])
    new = copy.deepcopy(old)
    new["spec"]["ingress"] = [ingress_rule(block("10.0.0.01/16"), {"podSelector": bad_values})]
    assert nv.validate_network_policy_update(new, old) == []
    assert messages(nv.validate_network_policy_update(new, policy())) == [
        'spec.podSelector.matchExpressions[0].values[0]: Invalid value: "-x": a valid label must '
        "be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
        "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
        "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.01/16": must not have '
        "leading 0s in IP or prefix length",
        'spec.ingress[0].from[1].podSelector.matchExpressions[0].values[0]: Invalid value: "-x": '
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
        "'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must not have bits set '
        "beyond the prefix length",
        'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.0.0.01/16": must not have '
        "leading 0s in IP or prefix length",
    ]
