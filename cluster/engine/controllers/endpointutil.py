"""What the endpoints, endpointslice and endpointslice-mirroring controllers share
(pkg/controller/util/endpoint, k8s.io/endpointslice/util and pkg/api/v1/pod): which Services
select a pod, whether a pod belongs in a Service's endpoints, the port a Service port aims at
on a pod, and the writes a controller made that its informer has not shown it yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.api import labels
from cluster.engine.api.endpoints import HEADLESS_LABEL
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers.informers import IndexFunc, SharedInformer

TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"  # EndpointsLastChangeTriggerTime


def selector(service: Object) -> labels.Selector | None:
    """The pods a Service selects, or None: no selector, or an ExternalName Service, whose
    endpoints nobody manages but the user."""
    spec = service.get("spec") or {}
    if not spec.get("selector") or spec.get("type") == "ExternalName":
        return None
    return labels.from_label_selector({"matchLabels": spec["selector"]})


def services_of(services: SharedInformer, *pods: Object) -> list[str]:
    """The keys of the Services that select any of these pods (its old and new self)."""
    keys: dict[str, None] = {}
    namespace = pods[0]["metadata"].get("namespace", "")
    for service in services.in_namespace(namespace):
        chosen = selector(service)
        if chosen is not None and any(
            chosen.matches(pod["metadata"].get("labels") or {}) for pod in pods
        ):
            keys[namespaced_name(service)] = None
    return sorted(keys)


def pod_services(services: SharedInformer, kind: str, pod: Object, old: Object | None) -> list[str]:
    """GetPodUpdateProjectionKey and GetServicesToUpdate: the Services to sync for a pod's
    change. An update that moves none of what endpoints show (its IPs, readiness, deletion)
    nor which Services select it (labels, hostname, subdomain) syncs none."""
    if old is None or kind == DELETED:
        return services_of(services, pod)
    if pod["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
        return []
    pod_changed, labels_changed = endpoints_changed(old, pod)
    if not labels_changed:
        return services_of(services, pod) if pod_changed else []
    now, before = set(services_of(services, pod)), set(services_of(services, old))
    # determineNeededServiceUpdates: with only the labels changed, the Services it joined or left
    return sorted(now | before if pod_changed else now ^ before)


def endpoints_changed(old: Object, new: Object) -> tuple[bool, bool]:
    """podEndpointsChanged: whether the pod changed in a way that may change endpoints, and
    whether in a way that may change which Services select it."""
    old_spec, new_spec = old.get("spec") or {}, new.get("spec") or {}
    labels_changed = old["metadata"].get("labels") != new["metadata"].get("labels") or any(
        old_spec.get(key) != new_spec.get(key) for key in ("hostname", "subdomain")
    )
    # Go compares the two deletionTimestamp pointers, which differ whenever either is set
    if old["metadata"].get("deletionTimestamp") or new["metadata"].get("deletionTimestamp"):
        return True, labels_changed
    if utils.is_pod_ready(old) != utils.is_pod_ready(new):
        return True, labels_changed
    return _pod_ips(old) != _pod_ips(new), labels_changed


def _pod_ips(pod: Object) -> list[str | None]:
    return [ip.get("ip") for ip in (pod.get("status") or {}).get("podIPs") or ()]


def selected_pods(pods: SharedInformer, service: Object, chosen: labels.Selector) -> list[Object]:
    """The Service's pods, by name (the order the endpoints list them in)."""
    namespace = service["metadata"].get("namespace", "")
    found = [
        p for p in pods.in_namespace(namespace) if chosen.matches(p["metadata"].get("labels") or {})
    ]
    return sorted(found, key=lambda pod: pod["metadata"]["name"])


def should_be_in_endpoints(pod: Object, include_terminating: bool) -> bool:
    """ShouldPodBeInEndpoints: it has an IP, it has not finished, and (unless asked) it is
    not terminating."""
    status = pod.get("status") or {}
    if not status.get("podIP"):
        return False
    if status.get("phase") in ("Succeeded", "Failed"):
        return False
    return include_terminating or not pod["metadata"].get("deletionTimestamp")


def find_port(pod: Object, service_port: Object) -> int | None:
    """podutil.FindPort: a number is the port; a name is the container port of that name
    and the Service port's protocol (None: the pod has none)."""
    target = service_port.get("targetPort")
    if not isinstance(target, str):
        return target
    protocol = service_port.get("protocol", "TCP")
    for container in (pod.get("spec") or {}).get("containers") or []:
        for port in container.get("ports") or []:
            if port.get("name") == target and port.get("protocol", "TCP") == protocol:
                return port.get("containerPort")
    return None


PortKey = tuple[tuple[str, int, str], ...]  # endpoint ports: (name, port, protocol) each


def endpoint_ports(service: Object, pod: Object) -> PortKey:
    """The ports the Service's ports aim at on the pod, those that resolve, in the Service's
    order."""
    found = []
    for port in (service.get("spec") or {}).get("ports") or []:
        number = find_port(pod, port)
        if number is not None:
            found.append((port.get("name", ""), number, port.get("protocol", "TCP")))
    return tuple(found)


def placement(pod: Object, service: Object) -> Object:
    """Where an endpoint runs: its hostname (a pod whose subdomain is the Service's name,
    ShouldSetHostname), its node, and the pod itself as target reference."""
    meta, spec = pod["metadata"], pod.get("spec") or {}
    found: Object = {}
    if spec.get("hostname") and spec.get("subdomain") == service["metadata"]["name"]:
        found["hostname"] = spec["hostname"]
    if spec.get("nodeName"):
        found["nodeName"] = spec["nodeName"]
    found["targetRef"] = {
        "kind": "Pod",
        "namespace": meta.get("namespace", ""),
        "name": meta["name"],
        "uid": meta.get("uid", ""),
    }
    return found


def service_labels(service: Object) -> dict[str, str]:
    """The Service's labels, marked headless when it has no cluster IP."""
    found = dict(service["metadata"].get("labels") or {})
    found.pop(HEADLESS_LABEL, None)
    if (service.get("spec") or {}).get("clusterIP") == "None":
        found[HEADLESS_LABEL] = ""
    return found


@dataclass(slots=True)
class Written:
    """What a controller wrote that its informer may not show yet: the informer's view
    with those writes laid over it, until the informer catches up (endpointSliceTracker)."""

    objects: dict[str, Object | None] = field(
        default_factory=dict
    )  # key -> written (None: deleted)

    def wrote(self, key: str, obj: Object | None) -> None:
        self.objects[key] = obj

    def observe(self, obj: Object) -> bool:
        """The informer saw this object (or its deletion): a write it has caught up with
        is no longer laid over it. True when the object is news, not a write of this
        controller's coming back (endpointSliceTracker.ShouldSync)."""
        key = namespaced_name(obj)
        written = self.objects.get(key)
        if written is None:
            return True
        if _revision(obj) < _revision(written):
            return False
        del self.objects[key]
        return _revision(obj) > _revision(written)

    def observe_deletion(self, obj: Object) -> bool:
        """The informer saw the object go. True unless this controller deleted it
        (endpointSliceTracker.HandleDeletion)."""
        key = namespaced_name(obj)
        expected = key in self.objects and self.objects[key] is None
        self.objects.pop(key, None)
        return not expected

    def forget(self, key: str) -> None:
        """Trust the informer again (a write was refused: what was written is stale)."""
        self.objects.pop(key, None)

    def view(self, key: str, cached: Object | None) -> Object | None:
        """The newer of the cached object and the one written; drops what is caught up."""
        if key not in self.objects:
            return cached
        written = self.objects[key]
        if written is None:
            if cached is None:
                del self.objects[key]
            return None
        if cached is not None and _revision(cached) >= _revision(written):
            del self.objects[key]
            return cached
        return written

    def keys(self, prefix: str) -> list[str]:
        return [key for key in self.objects if key.startswith(prefix)]


def current(
    informer: SharedInformer, written: Written, index: str, func: IndexFunc, key: str
) -> list[Object]:
    """The objects `index` files under `key` (a Service's slices), with the controller's
    writes its informer has not shown yet laid over them, by name."""
    found = {namespaced_name(obj): obj for obj in informer.by_index(index, key)}
    namespace = key.partition("/")[0]
    for obj_key in [*found, *written.keys(f"{namespace}/")]:
        seen = written.view(obj_key, informer.get(obj_key))
        if seen is None or key not in func(seen):
            found.pop(obj_key, None)
        else:
            found[obj_key] = seen
    return sorted(found.values(), key=lambda obj: obj["metadata"]["name"])


def _revision(obj: Object) -> int:
    return int(obj["metadata"].get("resourceVersion") or 0)


@dataclass(slots=True)
class TriggerTimes:
    """TriggerTimeTracker: when the oldest change a sync reflects happened (a pod's Ready
    condition moving, or the Service being made), for the last-change-trigger-time
    annotation; "" when nothing changed since the last sync."""

    seen: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def compute(self, key: str, service: Object, pods: list[Object]) -> str:
        before_service, before_pods = self.seen.get(key, ("", {}))
        changed: list[str] = []
        pod_times: dict[str, str] = {}
        for pod in pods:
            ready = utils.ready_condition(pod) or {}
            when = ready.get("lastTransitionTime") or ""
            if when:
                pod_times[pod["metadata"]["name"]] = when
                if when > before_pods.get(pod["metadata"]["name"], ""):
                    changed.append(when)
        made = service["metadata"].get("creationTimestamp") or ""
        if made > before_service:
            changed.append(made)
        self.seen[key] = (made, pod_times)
        return min(changed, default="")

    def forget(self, key: str) -> None:
        self.seen.pop(key, None)


def with_trigger_time(meta: Object, when: str) -> Object:
    """The metadata with the annotation set to `when`, or without it when nothing changed."""
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != TRIGGER_TIME}
    if when:
        annotations[TRIGGER_TIME] = when
    found = {k: v for k, v in meta.items() if k != "annotations"}
    return {**found, "annotations": annotations} if annotations else found


EndpointHash = tuple[tuple[str, ...], str, str, str]
CONDITIONS = ("ready", "serving", "terminating")  # an endpoint's, each set or not


def endpoint_hash(endpoint: Object) -> EndpointHash:
    """hashEndpoint: an endpoint is known by its addresses, its hostname and the name of
    its target, so that a change of anything else updates it in place."""
    ref = endpoint.get("targetRef") or {}
    return (
        tuple(sorted(endpoint.get("addresses") or ())),
        endpoint.get("hostname") or "",
        ref.get("namespace") or "",
        ref.get("name") or "",
    )


def endpoints_equal_beyond_hash(first: Object, second: Object) -> bool:
    """EndpointsEqualBeyondHash: the same node, zone, conditions (set or not) and target,
    whatever the target's resourceVersion."""
    if any(first.get(key) != second.get(key) for key in ("nodeName", "zone")):
        return False
    conditions = first.get("conditions") or {}, second.get("conditions") or {}
    if any(conditions[0].get(c) != conditions[1].get(c) for c in CONDITIONS):
        return False
    return _reference(first.get("targetRef")) == _reference(second.get("targetRef"))


def _reference(ref: Object | None) -> Object | None:
    if ref is None:
        return None
    return {k: v for k, v in ref.items() if k != "resourceVersion" and v not in ("", None)}
