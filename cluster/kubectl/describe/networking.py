"""describeIngressV1 (each backend with the endpoints of its Service), describeIngressClassV1,
describeNetworkPolicy, describeServiceCIDRV1 and describeIPAddressV1."""

from __future__ import annotations

from datetime import UTC, datetime

from cluster.engine.api import labels
from cluster.engine.api.endpoints import SERVICE_NAME_LABEL
from cluster.engine.api.meta import Object, parse_timestamp
from cluster.kubectl.context import Context
from cluster.kubectl.describe import services, writer
from cluster.kubectl.describe.writer import PrefixWriter

INDENT = "    "  # the initial indent of a policy's rules
PARENT_FIELDS = (
    ("Group", "group"),
    ("Resource", "resource"),
    ("Namespace", "namespace"),
    ("Name", "name"),
)


def describe_ingress(
    ctx: Context, w: PrefixWriter, ingress: Object, events: list[Object] | None
) -> None:
    meta, spec = ingress["metadata"], ingress.get("spec") or {}
    namespace = meta.get("namespace", "")
    w.write(0, f"Name:\t{meta['name']}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    w.write(0, f"Namespace:\t{namespace}\n")
    points = ((ingress.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    address = sorted({p.get("ip") or p.get("hostname") or "" for p in points} - {""})
    w.write(0, f"Address:\t{','.join(address)}\n")
    class_name = spec.get("ingressClassName")
    w.write(0, f"Ingress Class:\t{'<none>' if class_name is None else class_name}\n")
    default = spec.get("defaultBackend")
    default_text = "<default>" if default is None else _backend(ctx, namespace, default)
    w.write(0, f"Default backend:\t{default_text}\n")
    if spec.get("tls"):
        _tls(w, spec["tls"])
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    http_rules = [rule for rule in spec.get("rules") or [] if rule.get("http") is not None]
    for rule in http_rules:
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            backend = _backend(ctx, namespace, path.get("backend") or {})
            w.write(2, f"\t{path.get('path', '')} \t{backend}\n")
    if not http_rules:
        w.write(1, f"*\t*\t{default_text}\n")
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    writer.events_section(w, events)


def _tls(w: PrefixWriter, entries: list[Object]) -> None:
    w.write(0, "TLS:\n")
    for entry in entries:
        hosts = ",".join(entry.get("hosts") or [])
        if entry.get("secretName"):
            w.write(1, f"{entry['secretName']} terminates {hosts}\n")
        else:
            w.write(1, f"SNI routes {hosts}\n")


def _backend(ctx: Context, namespace: str, backend: Object) -> str:
    """describeBackendV1: a Service's `name:port (endpoints)`, or the resource it names."""
    service = backend.get("service")
    if service is not None:
        return _service_backend(ctx, namespace, service)
    resource = backend.get("resource")
    if resource is None:
        return ""
    group = resource.get("apiGroup")
    return (
        f"APIGroup: {'<none>' if group is None else group}, "
        f"Kind: {resource.get('kind', '')}, Name: {resource.get('name', '')}"
    )


def _service_backend(ctx: Context, namespace: str, backend: Object) -> str:
    """serviceBackendStringer, then the ready endpoints of the Service's port it names, or
    why they could not be read."""
    name, port = backend.get("name", ""), backend.get("port") or {}
    number = port.get("number") or 0
    text = f"{name}:{number or port.get('name', '')}"
    query = {"labelSelector": f"{SERVICE_NAME_LABEL}={name}"}
    slices = ctx.request("list", "endpointslices", namespace, query=query)
    if not slices.ok:
        return f"{text} (<error: {slices.body.get('message', '')}>)"
    found = ctx.request("get", "services", namespace, name)
    if not found.ok:
        return f"{text} (<error: {found.body.get('message', '')}>)"
    port_name = ""
    for service_port in (found.body.get("spec") or {}).get("ports") or []:
        by_number = number and number == service_port.get("port")
        by_name = port.get("name") and port.get("name") == service_port.get("name")
        if by_number or by_name:
            port_name = service_port.get("name", "")
    return f"{text} ({services.endpoints(slices.body.get('items', []), port_name)})"


def describe_ingress_class(
    ctx: Context, w: PrefixWriter, ingress_class: Object, events: list[Object] | None
) -> None:
    spec = ingress_class.get("spec") or {}
    writer.name_labels_annotations(w, ingress_class["metadata"])
    w.write(0, f"Controller:\t{spec.get('controller', '')}\n")
    parameters = spec.get("parameters")
    if parameters is not None:
        w.write(0, "Parameters:\n")
        if parameters.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{parameters['apiGroup']}\n")
        w.write(1, f"Kind:\t{parameters.get('kind', '')}\n")
        w.write(1, f"Name:\t{parameters.get('name', '')}\n")
    writer.events_section(w, events)


def describe_service_cidr(
    ctx: Context, w: PrefixWriter, cidr: Object, events: list[Object] | None
) -> None:
    """The CIDRs, then the conditions under `Status:` when there are any."""
    writer.name_labels_annotations(w, cidr["metadata"])
    w.write(0, f"CIDRs:\t{', '.join((cidr.get('spec') or {}).get('cidrs') or [])}\n")
    conditions = (cidr.get("status") or {}).get("conditions")
    if conditions:
        w.write(0, "Status:\n")
        writer.conditions_table(w, conditions)
    writer.events_section(w, events)


def describe_ip_address(
    ctx: Context, w: PrefixWriter, address: Object, events: list[Object] | None
) -> None:
    """The object the address is allocated to, when it names one."""
    writer.name_labels_annotations(w, address["metadata"])
    parent = (address.get("spec") or {}).get("parentRef")
    if parent is not None:
        w.write(0, "Parent Reference:\n")
        for title, key in PARENT_FIELDS:
            w.write(1, f"{title}:\t{parent.get(key, '')}\n")
    writer.events_section(w, events)


def describe_network_policy(
    ctx: Context, w: PrefixWriter, policy: Object, events: list[Object] | None
) -> None:
    """The policy's spec in words; kubectl reads no events for it."""
    meta, spec = policy["metadata"], policy.get("spec") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Created on:\t{_go_time(meta.get('creationTimestamp'))}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, f"{labels.format_label_selector(selector)}\n")
    types = spec.get("policyTypes") or []
    for direction, peers in (("ingress", "From"), ("egress", "To")):
        if direction.capitalize() in types:
            w.write(1, f"Allowing {direction} traffic:\n")
            _rules(w, spec.get(direction) or [], direction, peers)
        else:
            w.write(1, f"Not affecting {direction} traffic\n")
    w.write(1, f"Policy Types: {', '.join(types) or '<none>'}\n")


def _go_time(timestamp: str | None) -> str:
    """metav1.Time's String(): Go's time.Time.String(), in UTC here."""
    if not timestamp:
        return "0001-01-01 00:00:00 +0000 UTC"
    return datetime.fromtimestamp(parse_timestamp(timestamp), tz=UTC).strftime(
        "%Y-%m-%d %H:%M:%S +0000 UTC"
    )


def _rules(w: PrefixWriter, rules: list[Object], direction: str, peers: str) -> None:
    """printNetworkPolicySpecIngressFrom and printNetworkPolicySpecEgressTo: each rule's
    ports, then its peers, rules parted by a rule of dashes."""
    if not rules:
        isolated = f"<none> (Selected pods are isolated for {direction} connectivity)"
        w.write(0, f"{INDENT}{isolated}\n")
        return
    unrestricted = "source" if peers == "From" else "destination"
    for i, rule in enumerate(rules):
        if not rule.get("ports"):
            w.write(0, f"{INDENT}To Port: <any> (traffic allowed to all ports)\n")
        for port in rule.get("ports") or []:
            w.write(0, f"{INDENT}{_port(port)}\n")
        if not rule.get(peers.lower()):
            w.write(0, f"{INDENT}{peers}: <any> (traffic not restricted by {unrestricted})\n")
        for peer in rule.get(peers.lower()) or []:
            w.write(0, f"{INDENT}{peers}:\n")
            _peer(w, peer)
        if i != len(rules) - 1:
            w.write(0, f"{INDENT}----------\n")


def _port(port: Object) -> str:
    """`To Port: 80/TCP`, or a range; a port left out prints as Go prints a nil pointer."""
    number = port.get("port")
    text = "<nil>" if number is None else str(number)
    protocol = port.get("protocol") or "TCP"
    if port.get("endPort") is None:
        return f"To Port: {text}/{protocol}"
    return f"To Port Range: {text}-{port['endPort']}/{protocol}"


def _peer(w: PrefixWriter, peer: Object) -> None:
    """A peer's selectors (the namespaces' first), else its ipBlock."""
    pods, namespaces, block = peer.get("podSelector"), peer.get("namespaceSelector"), None
    if namespaces is not None:
        w.write(1, f"{INDENT}NamespaceSelector: {labels.format_label_selector(namespaces)}\n")
    if pods is not None:
        w.write(1, f"{INDENT}PodSelector: {labels.format_label_selector(pods)}\n")
    block = peer.get("ipBlock")
    if pods is None and namespaces is None and block is not None:
        w.write(1, f"{INDENT}IPBlock:\n")
        w.write(2, f"{INDENT}CIDR: {block.get('cidr', '')}\n")
        w.write(2, f"{INDENT}Except: {', '.join(block.get('except') or [])}\n")
