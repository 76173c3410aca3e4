"""describeService, with the endpoints its EndpointSlices list (when the server has them)."""

from __future__ import annotations

from cluster.engine.api import labels, resources
from cluster.engine.api.endpoints import SERVICE_NAME_LABEL
from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

MAX_ENDPOINTS = 3


def describe_service(
    ctx: Context, w: PrefixWriter, svc: Object, events: list[Object] | None
) -> None:
    meta, spec = svc["metadata"], svc.get("spec") or {}
    writer.name_namespace_labels_annotations(w, meta)
    w.write(0, f"Selector:\t{labels.format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', '')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    for key, title in (
        ("externalIPs", "External IPs"),
        ("loadBalancerIP", "Desired LoadBalancer IP"),
        ("externalName", "External Name"),
    ):
        value = spec.get(key)
        if value:
            w.write(0, f"{title}:\t{','.join(value) if isinstance(value, list) else value}\n")
    ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(
            0,
            f"LoadBalancer Ingress:\t{', '.join(i.get('ip') or i.get('hostname', '') for i in ingress)}\n",
        )
    slices = _slices(ctx, svc)
    for port in spec.get("ports") or []:
        name = port.get("name") or "<unset>"
        protocol = port.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{protocol}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort', port.get('port'))}/{protocol}\n")
        if port.get("appProtocol"):
            w.write(0, f"AppProtocol:\t{port['appProtocol']}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{protocol}\n")
        w.write(0, f"Endpoints:\t{endpoints(slices, port.get('name', ''))}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    for key, title in (
        ("externalTrafficPolicy", "External Traffic Policy"),
        ("internalTrafficPolicy", "Internal Traffic Policy"),
        ("healthCheckNodePort", "HealthCheck NodePort"),
        ("trafficDistribution", "Traffic Distribution"),
    ):
        if spec.get(key):
            w.write(0, f"{title}:\t{spec[key]}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    writer.events_section(w, events)


def _slices(ctx: Context, svc: Object) -> list[Object]:
    if "endpointslices" not in resources.BY_NAME:
        return []
    query = {"labelSelector": f"{SERVICE_NAME_LABEL}={svc['metadata']['name']}"}
    response = ctx.request(
        "list", "endpointslices", svc["metadata"].get("namespace", ""), query=query
    )
    return response.body.get("items", []) if response.ok else []


def endpoints(slices: list[Object], port_name: str) -> str:
    """formatEndpointSlices: the first three ready `ip:port`s, then `+ N more...` once a
    fourth endpoint is met (ready or not)."""
    if not slices:
        return "<none>"
    shown: list[str] = []
    count, more = 0, False
    for endpoint_slice in slices:
        ports = endpoint_slice.get("ports") or []
        targets = [None] if not ports else [p for p in ports if (p.get("name") or "") == port_name]
        for port in targets:
            for endpoint in endpoint_slice.get("endpoints") or []:
                more = more or len(shown) == MAX_ENDPOINTS
                if (endpoint.get("conditions") or {}).get("ready") is False:
                    continue
                address = (endpoint.get("addresses") or [""])[0]
                if not more:
                    host = f"[{address}]" if ":" in address else address
                    shown.append(address if port is None else f"{host}:{port.get('port')}")
                count += 1
    text = ",".join(shown)
    return f"{text} + {count - MAX_ENDPOINTS} more..." if more else text


def describe_endpoints(
    ctx: Context, w: PrefixWriter, ep: Object, events: list[Object] | None
) -> None:
    meta = ep["metadata"]
    writer.name_namespace_labels_annotations(w, meta)
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        for key, title in (("addresses", "Addresses"), ("notReadyAddresses", "NotReadyAddresses")):
            ips = ",".join(a.get("ip", "") for a in subset.get(key) or [])
            w.write(1, f"{title}:\t{ips or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(
                    2,
                    f"{port.get('name') or '<unset>'}\t{port.get('port')}\t{port.get('protocol', '')}\n",
                )
        w.write(0, "\n")
    writer.events_section(w, events)


def describe_endpointslice(
    ctx: Context, w: PrefixWriter, eps: Object, events: list[Object] | None
) -> None:
    meta = eps["metadata"]
    writer.name_namespace_labels_annotations(w, meta)
    w.write(0, f"AddressType:\t{eps.get('addressType', '')}\n")
    if not eps.get("ports"):
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in eps["ports"]:
            number = port.get("port")
            w.write(
                1,
                f"{port.get('name') or '<unset>'}\t{'<unset>' if number is None else number}\t"
                f"{port.get('protocol', '')}\n",
            )
    if not eps.get("endpoints"):
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for endpoint in eps["endpoints"]:
            w.write(1, f"- Addresses:\t{', '.join(endpoint.get('addresses') or []) or '<none>'}\n")
            w.write(2, "Conditions:\n")
            ready = (endpoint.get("conditions") or {}).get("ready")
            w.write(3, f"Ready:\t{'<unset>' if ready is None else str(ready).lower()}\n")
            w.write(2, f"Hostname:\t{endpoint.get('hostname', '<unset>')}\n")
            target = endpoint.get("targetRef")
            if target:
                w.write(2, f"TargetRef:\t{target.get('kind', '')}/{target.get('name', '')}\n")
            w.write(2, f"NodeName:\t{endpoint.get('nodeName', '<unset>')}\n")
            w.write(2, f"Zone:\t{endpoint.get('zone', '<unset>')}\n")
    writer.events_section(w, events)
