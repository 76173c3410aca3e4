"""CoreDNS's kubernetes plugin as kubeadm's Corefile configures it (plugin/kubernetes):

    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }

It answers for the cluster's domain and the reverse zones from what its informers hold, as
the Kubernetes DNS specification (kubernetes/dns docs/specification.md) lays the names out:
`svc.ns.svc.cluster.local` (a ClusterIP Service's IPs, a headless Service's ready endpoints,
an ExternalName Service's CNAME), `hostname.svc.ns.svc.cluster.local` per endpoint,
`_port._proto.svc.ns.svc.cluster.local` SRV, `a-b-c-d.ns.pod.cluster.local` for any address
in a namespace that exists, PTR records of Service IPs and endpoint addresses, and
`dns-version.cluster.local` TXT. A name it does not find is NXDOMAIN, one that exists with
no record of the type NODATA, both with the zone's SOA; in the reverse zones a name not
found goes on to the next plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cluster.engine.dns import backend, msg
from cluster.engine.dns import object as obj
from cluster.engine.dns.backend import DNSNameError
from cluster.engine.dns.controller import DNSControl
from cluster.engine.dns.message import NOERROR, NXDOMAIN, SERVFAIL, Answer, Question, Record
from cluster.engine.node.dns import CLUSTER_DOMAIN

ZONES = (f"{CLUSTER_DOMAIN}.", "in-addr.arpa.", "ip6.arpa.")
PRIMARY_ZONE = ZONES[0]  # the first zone that is not a reverse zone
FALLTHROUGH = ("in-addr.arpa.", "ip6.arpa.")
TTL = 30  # ttl 30 (the plugin's default is 5)
DNS_SCHEMA_VERSION = "1.1.0"  # DNSSchemaVersion, of the specification
DNS_VERSION_TTL = 28800
DEFAULT_NS_NAME = "ns.dns."
SVC = "svc"
POD = "pod"
IP4_ARPA = ".in-addr.arpa."
IP6_ARPA = ".ip6.arpa."


@dataclass(frozen=True, slots=True)
class RecordRequest:
    """What a name asks for: [_port._protocol. | endpoint.]service.namespace.(svc|pod)."""

    port: str = ""
    protocol: str = ""
    endpoint: str = ""
    service: str = ""
    namespace: str = ""
    pod_or_svc: str = ""


def parse_request(name: str, zone: str) -> RecordRequest:
    """parseRequest (raises DNSNameError for a name no record can have)."""
    base = trim_zone(name, zone)
    if base in ("", SVC, POD):  # the zone's apex and its two subtrees: NODATA
        return RecordRequest()
    segs = base.split(".")
    pod_or_svc = segs[-1]
    if pod_or_svc not in (SVC, POD):
        raise DNSNameError(name)
    rest = segs[:-1]
    namespace = rest.pop() if rest else ""
    service = rest.pop() if rest else ""
    if len(rest) > 2:  # too long to answer
        raise DNSNameError(name)
    endpoint = rest[0] if len(rest) == 1 else ""
    port, protocol = (
        (_strip_underscore(rest[0]), _strip_underscore(rest[1])) if len(rest) == 2 else ("", "")
    )
    return RecordRequest(port, protocol, endpoint, service, namespace, pod_or_svc)


def trim_zone(name: str, zone: str) -> str:
    """TrimZone: the labels of `name` before `zone`, without the dot ("" for the zone)."""
    return name[: -len(zone)].rstrip(".") if len(name) > len(zone) else ""


def _strip_underscore(label: str) -> str:
    return label.removeprefix("_")


def is_reverse(name: str) -> bool:
    return name.endswith((IP4_ARPA, IP6_ARPA))


def address_from_reverse(name: str) -> str:
    """ExtractAddressFromReverse: the address a PTR name stands for ("" if none)."""
    if name.endswith(IP4_ARPA):
        ip = msg.parse_ip(".".join(reversed(name.removesuffix(IP4_ARPA).split("."))))
        return str(ip) if ip is not None and ip.version == 4 else ""
    if name.endswith(IP6_ARPA):
        nibbles = list(reversed(name.removesuffix(IP6_ARPA).split(".")))
        groups = ["".join(nibbles[i : i + 4]) for i in range(0, len(nibbles) - 3, 4)]
        ip = msg.parse_ip(":".join(groups))
        return "" if ip is None else str(ip)
    return ""


def is_default_ns(name: str, zone: str) -> bool:
    """isDefaultNS: ns.dns.<zone>, the name the zone's NS records live at by default (the
    zone's first occurrence in `name` must follow "ns.dns.")."""
    return name.startswith(DEFAULT_NS_NAME) and name.find(zone) == len(DEFAULT_NS_NAME)


def _match(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def _match_port_and_protocol(request: RecordRequest, port: obj.ServicePort) -> bool:
    """matchPortAndProtocol: the question's port and protocol, when it names them."""
    return (not request.port or _match(request.port, port.name)) and (
        not request.protocol or _match(request.protocol, port.protocol)
    )


class Kubernetes:
    """The plugin: its records over its informers' objects, and its ServeDNS. `local_ips`
    are the addresses it listens on (boundIPs): the endpoints holding them are its own
    Service, which its NS records name."""

    def __init__(
        self,
        control: DNSControl,
        local_ips: tuple[str, ...],
        upstream: Callable[[Question], Answer],
    ) -> None:
        self.control = control
        self.local_ips = local_ips
        self.upstream = upstream

    # -- ServeDNS ---------------------------------------------------------------------------

    def serve(self, question: Question) -> Answer | None:
        """ServeDNS: the answer, or None where the next plugin answers (a name outside its
        zones, or not found in a reverse zone)."""
        zone = msg.matches(ZONES, question.name)
        if not zone:
            return None
        try:
            records, extra = self._records_of_type(question, zone)
        except DNSNameError:
            if msg.matches(FALLTHROUGH, question.name):
                return None
            # before its caches are filled, a name it does not know may yet exist
            return self._backend_error(zone, NXDOMAIN if self.control.synced else SERVFAIL)
        if not records:
            return self._backend_error(zone, NOERROR)
        return Answer(NOERROR, tuple(records), (), tuple(extra), authoritative=True)

    def _records_of_type(self, question: Question, zone: str) -> tuple[list[Record], list[Record]]:
        name, qtype = question.name, question.qtype
        if qtype in (msg.A, msg.AAAA):
            return backend.address(self, zone, name, qtype), []
        if qtype == "SRV":
            return backend.srv(self, zone, name)
        if qtype == "NS" and name == zone:
            return backend.ns(self, zone)
        simple = {
            msg.TXT: backend.txt,
            msg.CNAME: backend.cname,
            "PTR": backend.ptr,
            "MX": backend.mx,
        }.get(qtype)
        if simple is not None:
            return simple(self, zone, name), []
        if qtype == "SOA":
            return ([backend.soa(self, zone)] if name == zone else []), []
        # any other type: an A lookup only tells NODATA from NXDOMAIN
        backend.address(self, zone, name, msg.A)
        return [], []

    def _backend_error(self, zone: str, rcode: str) -> Answer:
        """BackendError: the rcode, with the zone's SOA in the authority section."""
        return Answer(rcode, authority=(backend.soa(self, zone),), authoritative=True)

    # -- the backend ------------------------------------------------------------------------

    def services(self, name: str, qtype: str, zone: str) -> list[msg.Service]:
        """Services: what the name holds for `qtype`."""
        if qtype == msg.TXT:
            return self._txt(name, zone)
        if qtype == "NS":  # asked for ns.dns.<zone> by NS at the zone's apex
            return [msg.Service(ip, owner, TTL) for owner, ip in self.ns_addrs(zone)]
        if is_default_ns(name, zone):
            return [
                service
                for service in (msg.Service(ip, name, TTL) for _, ip in self.ns_addrs(zone))
                if service.host_type()[0] == qtype
            ]
        found = self.records(name, zone)
        if qtype == "SRV":  # no SRV records for ExternalName Services
            return [s for s in found if s.host_type()[0] != msg.CNAME]
        return found

    def _txt(self, name: str, zone: str) -> list[msg.Service]:
        """dns-version.<zone> holds the specification's version; another name that exists
        holds no text (NODATA), any other is NXDOMAIN."""
        if trim_zone(name, zone) == "dns-version":
            return [msg.Service("", name, DNS_VERSION_TTL, text=DNS_SCHEMA_VERSION)]
        try:
            found = self.records(name, zone)
        except DNSNameError:
            found = []
        if found:
            return []
        raise DNSNameError(name)

    def reverse(self, name: str, zone: str) -> list[msg.Service]:
        """Reverse: the Service whose IP it is, else the endpoints with the address."""
        ip = address_from_reverse(name)
        if not ip:
            self.records(name, zone)
            return []
        found = self._service_record_for_ip(ip)
        if not found:
            raise DNSNameError(name)
        return found

    def lookup(self, name: str, qtype: str) -> Answer:
        return self.upstream(Question(name, qtype))

    def serial(self) -> int:
        return self.control.modified

    def min_ttl(self) -> int:
        return TTL

    # -- records ----------------------------------------------------------------------------

    def records(self, name: str, zone: str) -> list[msg.Service]:
        """Records: the Services, endpoints or pod a name in the zone stands for."""
        request = parse_request(name, zone)
        if not request.pod_or_svc:
            return []
        if is_reverse(name) or not self.control.namespace_exists(request.namespace):
            raise DNSNameError(name)
        if request.pod_or_svc == POD:
            return self._find_pods(request, zone)
        return self._find_services(request, zone)

    def _find_pods(self, request: RecordRequest, zone: str) -> list[msg.Service]:
        """findPods, insecure: the address the name spells, with no pod looked up."""
        podname = request.service
        if not podname:
            return []
        if podname.count("-") == 3 and "--" not in podname:
            ip = podname.replace("-", ".")
        else:
            ip = podname.replace("-", ":")
        if msg.parse_ip(ip) is None:
            raise DNSNameError(podname)
        return [msg.Service(ip, f"{podname}.{request.namespace}.{POD}.{zone}", TTL)]

    def _find_services(self, request: RecordRequest, zone: str) -> list[msg.Service]:
        """findServices (raises DNSNameError when no Service or port matches)."""
        if not request.service:
            return []
        key = obj.key(request.service, request.namespace)
        found: list[msg.Service] = []
        matched = False
        for service in self.control.svc_index(key):
            meta, spec = service["metadata"], service.get("spec") or {}
            domain = f"{meta['name']}.{meta['namespace']}.{SVC}.{zone}"
            if spec.get("type") == obj.EXTERNAL_NAME:
                alias = msg.Service(spec.get("externalName", ""), domain, TTL)
                if request.endpoint or request.port or request.protocol:
                    continue  # an alias has no endpoints or ports
                if alias.host_type()[0] == msg.CNAME:
                    found.append(alias)
                    matched = True
            elif obj.headless(service) or request.endpoint:
                endpoints = self._endpoint_services(request, key, domain)
                found += endpoints
                matched |= bool(endpoints)
            else:
                for port in obj.service_ports(service):
                    if _match_port_and_protocol(request, port):
                        matched = True
                        found += [
                            msg.Service(ip, domain, TTL, port.port)
                            for ip in obj.cluster_ips(service)
                        ]
        if not matched:
            raise DNSNameError(request.service)
        return found

    def _endpoint_services(
        self, request: RecordRequest, key: str, domain: str
    ) -> list[msg.Service]:
        """A headless Service's (or the asked endpoint's) addresses, one per port."""
        found: list[msg.Service] = []
        for endpoints in self.control.ep_index(key):
            for address in endpoints.addresses:
                hostname = obj.endpoint_hostname(address)
                if request.endpoint and not _match(request.endpoint, hostname):
                    continue
                found += [
                    msg.Service(address.ip, f"{hostname}.{domain}", TTL, port.port)
                    for port in endpoints.ports
                    if _match_port_and_protocol(request, port)
                ]
        return found

    def _service_record_for_ip(self, ip: str) -> list[msg.Service]:
        """serviceRecordForIP: the first Service with the cluster IP, else every endpoint
        with the address, as hostname.service.namespace.svc.<zone>."""
        services = self.control.svc_index_reverse(ip)
        if services:
            meta = services[0]["metadata"]
            return [
                msg.Service(f"{meta['name']}.{meta['namespace']}.{SVC}.{PRIMARY_ZONE}", "", TTL)
            ]
        return [
            msg.Service(
                f"{obj.endpoint_hostname(a)}.{endpoints.index}.{SVC}.{PRIMARY_ZONE}", "", TTL
            )
            for endpoints in self.control.ep_index_reverse(ip)
            for a in endpoints.addresses
            if a.ip == ip
        ]

    def ns_addrs(self, zone: str) -> list[tuple[str, str]]:
        """nsAddrs: the name and address of each Service whose endpoints hold one of its
        addresses (each endpoint's for a headless one), else ns.dns.<zone> at each."""
        found: list[tuple[str, str]] = []
        found_endpoint = False
        for local_ip in self.local_ips:
            for endpoints in self.control.ep_index_reverse(local_ip):
                found_endpoint = True
                for service in self.control.svc_index(endpoints.index):
                    meta = service["metadata"]
                    domain = f"{meta['name']}.{meta['namespace']}.{SVC}.{zone}"
                    if obj.headless(service):
                        found += [
                            (f"{obj.endpoint_hostname(a)}.{domain}", a.ip)
                            for a in endpoints.addresses
                        ]
                    else:  # an ExternalName Service has no cluster IP
                        found += [(domain, ip) for ip in obj.cluster_ips(service) if ip]
        if not found_endpoint:
            return [(f"{DEFAULT_NS_NAME}{zone}", ip) for ip in self.local_ips]
        return found
