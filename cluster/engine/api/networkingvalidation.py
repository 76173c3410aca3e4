"""Validation of networking.k8s.io/v1 with Kubernetes' field paths and error texts: Ingresses,
IngressClasses and NetworkPolicies, as pkg/apis/networking/validation checks them.

Each function checks what the kind's registry strategy checks beside the object's metadata
(validated as for every kind, with DNS subdomain names), in the registry's order.
RelaxedServiceNameValidation and StrictIPCIDRValidation are on, as by default since 1.36.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cluster.engine.api import content, labels
from cluster.engine.api.field import (
    FieldError,
    forbidden,
    invalid,
    not_supported,
    required,
    too_long,
)
from cluster.engine.api.ingress import CLASS_ANNOTATION
from cluster.engine.api.ipcidr import legacy_cidr, legacy_ip, parse_cidr_sloppy
from cluster.engine.api.meta import Object
from cluster.engine.api.servicevalidation import PORT_RANGE, parse_ip_sloppy, port_name_errors
from cluster.engine.api.validation import immutable, validate_object_meta

PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]
INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
INVALID_PATH_SUFFIXES = ("/..", "/.")
SCOPES = ["Cluster", "Namespace"]
MAX_CONTROLLER = 250
PROTOCOLS = ["TCP", "UDP", "SCTP"]
POLICY_TYPES = ["Ingress", "Egress"]
NOT_DNS = "must be a DNS name, not an IP address"
_HTTP_PATH = r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+"
_HTTP_PATH_RE = re.compile(_HTTP_PATH)


def _port_number(value: int) -> list[str]:
    """IsValidPortNum."""
    return [] if 1 <= value <= 65535 else [PORT_RANGE]


def _host(host: str, path: str) -> list[FieldError]:
    """A wildcard host or a DNS subdomain."""
    check = content.wildcard_dns1123_subdomain if "*" in host else content.dns1123_subdomain
    return [invalid(path, host, d) for d in check(host)]


# -- Ingress ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngressOptions:
    """IngressValidationOptions: what an update lets an Ingress keep that a create refuses."""

    invalid_secret_names: bool = False
    invalid_wildcard_rules: bool = False


def validate_ingress(ingress: Object) -> list[FieldError]:
    """ValidateIngressCreate: the spec, and a class annotation that agrees with the spec."""
    errors = _ingress_spec(ingress.get("spec") or {}, IngressOptions())
    annotations = ingress["metadata"].get("annotations") or {}
    class_name = (ingress.get("spec") or {}).get("ingressClassName")
    annotated = annotations.get(CLASS_ANNOTATION)
    if annotated is not None and class_name is not None and annotated != class_name:
        path = f"annotations.{CLASS_ANNOTATION}"
        detail = "must match `ingressClassName` when both are specified"
        errors.append(invalid(path, annotated, detail))
    return errors


def validate_ingress_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateIngressUpdate: the metadata checked again, then the spec, which may keep the
    invalid secret names and wildcard rules the old one had."""
    before = old.get("spec") or {}
    options = IngressOptions(
        invalid_secret_names=any(
            _tls_secret_name(tls.get("secretName") or "") for tls in before.get("tls") or []
        ),
        invalid_wildcard_rules=any(
            "*" in (rule.get("host") or "") and _rule_value(rule, "", IngressOptions())
            for rule in before.get("rules") or []
        ),
    )
    return validate_object_meta(new, True) + _ingress_spec(new.get("spec") or {}, options)


def _ingress_spec(spec: Object, options: IngressOptions) -> list[FieldError]:
    """ValidateIngressSpec."""
    errors: list[FieldError] = []
    rules, backend = spec.get("rules"), spec.get("defaultBackend")
    if not rules and backend is None:
        detail = "either `defaultBackend` or `rules` must be specified"
        errors.append(invalid("spec", rules, detail))
    if backend is not None:
        errors += _backend(backend, "spec.defaultBackend")
    for i, rule in enumerate(rules or []):
        errors += _rule(rule, f"spec.rules[{i}]", options)
    for i, tls in enumerate(spec.get("tls") or []):
        errors += _tls(tls, f"spec.tls[{i}]", options)
    class_name = spec.get("ingressClassName")
    if class_name is not None:
        problems = content.name_is_dns_subdomain(class_name)
        errors += [invalid("spec.ingressClassName", class_name, d) for d in problems]
    return errors


def _tls(tls: Object, path: str, options: IngressOptions) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, host in enumerate(tls.get("hosts") or []):
        errors += _host(host, f"{path}.hosts[{i}]")
    if not options.invalid_secret_names:
        secret = tls.get("secretName") or ""
        errors += [invalid(f"{path}.secretName", secret, d) for d in _tls_secret_name(secret)]
    return errors


def _tls_secret_name(name: str) -> list[str]:
    return content.name_is_dns_subdomain(name) if name else []


def _rule(rule: Object, path: str, options: IngressOptions) -> list[FieldError]:
    host = rule.get("host") or ""
    errors: list[FieldError] = []
    if host and parse_ip_sloppy(host) is not None:
        errors.append(invalid(f"{path}.host", host, NOT_DNS))
    if host:
        errors += _host(host, f"{path}.host")
    if "*" not in host or not options.invalid_wildcard_rules:
        errors += _rule_value(rule, path, options)
    return errors


def _rule_value(rule: Object, path: str, options: IngressOptions) -> list[FieldError]:
    """validateIngressRuleValue: an HTTP rule has paths, each valid."""
    http = rule.get("http")
    if http is None:
        return []
    paths = http.get("paths") or []
    errors = [] if paths else [required(f"{path}.http.paths")]
    for i, each in enumerate(paths):
        errors += _http_path(each, f"{path}.http.paths[{i}]")
    return errors


def _http_path(http_path: Object, path: str) -> list[FieldError]:
    """validateHTTPIngressPath: a path as its type reads it, and its backend."""
    path_type, value = http_path.get("pathType"), http_path.get("path") or ""
    if path_type is None:
        return [required(f"{path}.pathType", "pathType must be specified")]
    errors: list[FieldError] = []
    absolute = value.startswith("/")
    if path_type in ("Exact", "Prefix"):
        if not absolute:
            errors.append(invalid(f"{path}.path", value, "must be an absolute path"))
        errors += _path_content(value, f"{path}.path")
    elif path_type == "ImplementationSpecific":
        if value and not absolute:
            errors.append(invalid(f"{path}.path", value, "must be an absolute path"))
    else:
        errors.append(not_supported(f"{path}.pathType", path_type, PATH_TYPES))
    return errors + _backend(http_path.get("backend") or {}, f"{path}.backend")


def _path_content(value: str, path: str) -> list[FieldError]:
    errors = [
        invalid(path, value, f"must not contain '{sequence}'")
        for sequence in INVALID_PATH_SEQUENCES
        if sequence in value
    ]
    return errors + [
        invalid(path, value, f"cannot end with '{suffix}'")
        for suffix in INVALID_PATH_SUFFIXES
        if value.endswith(suffix)
    ]


def _backend(backend: Object, path: str) -> list[FieldError]:
    """validateIngressBackend: a Service's port, or a resource, never both."""
    resource, service = backend.get("resource"), backend.get("service")
    if resource is not None and service is not None:
        return [invalid(path, "", "cannot set both resource and service backends")]
    if resource is not None:
        return _typed_reference(resource, f"{path}.resource")
    if service is None:
        return [invalid(path, "", "resource or service backend is required")]
    name = service.get("name") or ""
    if not name:
        errors = [required(f"{path}.service.name")]
    else:
        problems = content.name_is_dns_label(name)
        errors = [invalid(f"{path}.service.name", name, d) for d in problems]
    return errors + _service_port(service.get("port") or {}, path)


def _service_port(port: Object, path: str) -> list[FieldError]:
    name, number = port.get("name") or "", port.get("number") or 0
    if name and number:
        return [invalid(path, "", "cannot set both port name & port number")]
    if name:
        return [invalid(f"{path}.service.port.name", name, d) for d in port_name_errors(name)]
    if number:
        return [invalid(f"{path}.service.port.number", number, d) for d in _port_number(number)]
    return [required(path, "port name or number is required")]


def _typed_reference(ref: Object, path: str) -> list[FieldError]:
    """validateIngressTypedLocalObjectReference."""
    errors = _api_group(ref, path)
    for key in ("kind", "name"):
        errors += _path_segment(ref.get(key) or "", f"{path}.{key}")
    return errors


def _api_group(ref: Object, path: str) -> list[FieldError]:
    group = ref.get("apiGroup")
    if group is None:
        return []
    return [invalid(f"{path}.apiGroup", group, d) for d in content.dns1123_subdomain(group)]


def _path_segment(value: str, path: str) -> list[FieldError]:
    if not value:
        return [required(path)]
    return [invalid(path, value, d) for d in content.path_segment_name(value)]


def validate_ingress_status_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateIngressStatusUpdate: the load balancer's addresses (the metadata is checked by
    the caller); an IP the old status had is kept as it is."""
    status = (new.get("status") or {}).get("loadBalancer") or {}
    before = (old.get("status") or {}).get("loadBalancer") or {}
    existing = [i["ip"] for i in before.get("ingress") or [] if i.get("ip")]
    errors: list[FieldError] = []
    for i, point in enumerate(status.get("ingress") or []):
        path = f"status.loadBalancer.ingress[{i}]"
        if point.get("ip"):
            errors += legacy_ip(f"{path}.ip", point["ip"], existing)
        hostname = point.get("hostname") or ""
        if hostname:
            problems = content.dns1123_subdomain(hostname)
            errors += [invalid(f"{path}.hostname", hostname, d) for d in problems]
            if parse_ip_sloppy(hostname) is not None:
                errors.append(invalid(f"{path}.hostname", hostname, NOT_DNS))
    return errors


# -- IngressClass ----------------------------------------------------------------------------


def validate_ingress_class(ingress_class: Object) -> list[FieldError]:
    """validateIngressClassSpec: a domain-prefixed controller name, and valid parameters."""
    spec = ingress_class.get("spec") or {}
    controller = spec.get("controller") or ""
    errors: list[FieldError] = []
    if len(controller) > MAX_CONTROLLER:
        errors.append(too_long("spec.controller", MAX_CONTROLLER))
    errors += _domain_prefixed_path(controller, "spec.controller")
    parameters = spec.get("parameters")
    return errors + ([] if parameters is None else _parameters(parameters))


def validate_ingress_class_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateIngressClassUpdate: the controller never changes; the class is checked again."""
    controller = (new.get("spec") or {}).get("controller") or ""
    before = (old.get("spec") or {}).get("controller") or ""
    errors = immutable(controller, before, "spec.controller")
    return errors + validate_object_meta(new, False) + validate_ingress_class(new)


def _domain_prefixed_path(value: str, path: str) -> list[FieldError]:
    """IsDomainPrefixedPath: `acme.io/foo`, a DNS subdomain then HTTP path characters."""
    if not value:
        return [required(path)]
    host, slash, rest = value.partition("/")
    if not slash or not host or not rest:
        detail = 'must be a domain-prefixed path (such as "acme.io/foo")'
        return [invalid(path, value, detail)]
    errors = [invalid(path, host, d) for d in content.dns1123_subdomain(host)]
    if not _HTTP_PATH_RE.fullmatch(rest):
        errors.append(invalid(path, rest, content.regex_error("Invalid path", _HTTP_PATH)))
    return errors


def _parameters(parameters: Object) -> list[FieldError]:
    """validateIngressClassParametersReference: a reference whose namespace its scope
    asks for."""
    path = "spec.parameters"
    errors = _typed_reference(parameters, path)
    scope = parameters.get("scope")
    if scope is None:
        return [*errors, required(f"{path}.scope")]
    namespace = parameters.get("namespace")
    if scope not in SCOPES:
        errors.append(not_supported(f"{path}.scope", scope, SCOPES))
    elif scope == "Namespace" and namespace is None:
        detail = "`parameters.scope` is set to 'Namespace'"
        errors.append(required(f"{path}.namespace", detail))
    elif scope == "Namespace":
        problems = content.name_is_dns_label(namespace)
        errors += [invalid(f"{path}.namespace", namespace, d) for d in problems]
    elif namespace is not None:
        detail = "`parameters.scope` is set to 'Cluster'"
        errors.append(forbidden(f"{path}.namespace", detail))
    return errors


# -- NetworkPolicy ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicyOptions:
    """NetworkPolicyValidationOptions: what an update lets a policy keep."""

    invalid_label_values: bool = False
    old_cidrs: tuple[str, ...] = ()


def validate_network_policy(policy: Object) -> list[FieldError]:
    """ValidateNetworkPolicy's spec."""
    return _policy_spec(policy.get("spec") or {}, PolicyOptions())


def validate_network_policy_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateNetworkPolicyUpdate: the spec, which may keep an old pod selector's invalid
    label values and any CIDR the old policy had."""
    before = old.get("spec") or {}
    options = PolicyOptions(
        invalid_label_values=bool(
            labels.validate_label_selector(before.get("podSelector") or {}, "")
        ),
        old_cidrs=tuple(cidr for _, block in ip_blocks(before) for cidr in _cidrs(block)),
    )
    return _policy_spec(new.get("spec") or {}, options)


def ip_blocks(spec: Object) -> list[tuple[str, Object]]:
    """Every peer's ipBlock, with its path: the ingress rules' sources, then the egress
    rules' destinations."""
    found = []
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(direction) or []):
            for j, peer in enumerate(rule.get(peers) or []):
                if peer.get("ipBlock") is not None:
                    path = f"spec.{direction}[{i}].{peers}[{j}].ipBlock"
                    found.append((path, peer["ipBlock"]))
    return found


def _cidrs(block: Object) -> list[str]:
    return [block.get("cidr") or "", *(block.get("except") or [])]


def _policy_spec(spec: Object, options: PolicyOptions) -> list[FieldError]:
    """ValidateNetworkPolicySpec."""
    errors = _selector(spec.get("podSelector") or {}, "spec.podSelector", options)
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(direction) or []):
            path = f"spec.{direction}[{i}]"
            for j, port in enumerate(rule.get("ports") or []):
                errors += _policy_port(port, f"{path}.ports[{j}]")
            for j, peer in enumerate(rule.get(peers) or []):
                errors += _peer(peer, f"{path}.{peers}[{j}]", options)
    types = spec.get("policyTypes") or []
    if len(types) > len(POLICY_TYPES):
        detail = "may not specify more than two policyTypes"
        return [*errors, invalid("spec.policyTypes", types, detail)]
    return errors + [
        not_supported(f"spec.policyTypes[{i}]", kind, POLICY_TYPES)
        for i, kind in enumerate(types)
        if kind not in POLICY_TYPES
    ]


def _selector(selector: Object, path: str, options: PolicyOptions) -> list[FieldError]:
    return labels.validate_label_selector(
        selector, path, allow_invalid_values=options.invalid_label_values
    )


def _policy_port(port: Object, path: str) -> list[FieldError]:
    """ValidateNetworkPolicyPort: a protocol, a port by number or name, and a range's end."""
    protocol, number, end = port.get("protocol"), port.get("port"), port.get("endPort")
    errors: list[FieldError] = []
    if protocol is not None and protocol not in PROTOCOLS:
        errors.append(not_supported(f"{path}.protocol", protocol, PROTOCOLS))
    if isinstance(number, int):
        errors += [invalid(f"{path}.port", number, d) for d in _port_number(number)]
        if end is not None:
            if end < number:
                detail = "must be greater than or equal to `port`"
                errors.append(invalid(f"{path}.endPort", number, detail))  # sic: the port
            errors += [invalid(f"{path}.endPort", end, d) for d in _port_number(end)]
    elif number is not None:
        if end is not None:
            detail = "may not be specified when `port` is non-numeric"
            errors.append(invalid(f"{path}.endPort", end, detail))
        errors += [invalid(f"{path}.port", number, d) for d in port_name_errors(number)]
    elif end is not None:
        detail = "may not be specified when `port` is not specified"
        errors.append(invalid(f"{path}.endPort", end, detail))
    return errors


def _peer(peer: Object, path: str, options: PolicyOptions) -> list[FieldError]:
    """ValidateNetworkPolicyPeer: exactly one kind of peer when it is an ipBlock."""
    errors: list[FieldError] = []
    count = 0
    for key in ("podSelector", "namespaceSelector"):
        if peer.get(key) is not None:
            count += 1
            errors += _selector(peer[key], f"{path}.{key}", options)
    block = peer.get("ipBlock")
    if block is not None:
        count += 1
        errors += _ip_block(block, f"{path}.ipBlock", options.old_cidrs)
    if count == 0:
        errors.append(required(path, "must specify a peer"))
    elif count > 1 and block is not None:
        errors.append(forbidden(path, "may not specify both ipBlock and another peer"))
    return errors


def _ip_block(block: Object, path: str, old: list[str]) -> list[FieldError]:
    """ValidateIPBlock: a CIDR, and exceptions strictly inside it."""
    cidr = block.get("cidr") or ""
    if not cidr:
        return [required(f"{path}.cidr")]
    errors = legacy_cidr(f"{path}.cidr", cidr, old)
    parsed = parse_cidr_sloppy(cidr)
    if parsed is None:
        return errors
    network = parsed[1]
    for i, value in enumerate(block.get("except") or []):
        here = f"{path}.except[{i}]"
        errors += legacy_cidr(here, value, old)
        inner = parse_cidr_sloppy(value)
        if inner is None:
            continue
        _, excepted = inner
        inside = excepted.network_address in network
        if not inside or network.prefixlen >= excepted.prefixlen:
            errors.append(invalid(here, value, "must be a strict subset of `cidr`"))
    return errors
