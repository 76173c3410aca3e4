"""What the scheduler knows of pods and nodes (framework/types.go): a PodInfo caches what a pod
asks for, a NodeInfo keeps a node with the aggregates of the pods on it (requests, host ports,
label sets), so that a filter or a score never walks a node's pods."""

from __future__ import annotations

from collections import Counter
from typing import Any

from cluster.engine.api import labels, podresources, quantity
from cluster.engine.api.meta import Object
from cluster.engine.interning import Interner

DEFAULT_MILLI_CPU_REQUEST = 100  # what a container without a cpu request counts as in scores
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024
NON_MISSING = {"cpu": DEFAULT_MILLI_CPU_REQUEST, "memory": DEFAULT_MEMORY_REQUEST}
DEFAULT_BIND_ALL_HOST_IP = "0.0.0.0"

NOTHING_KEPT = ("",)  # NodeInfo.kept of a node with no scores kept: a key no plugin names
HostPort = tuple[str, str, int]  # host IP, protocol, port
LabelKey = tuple[tuple[str, str], ...]  # a pod's labels, sorted: hashable
# the label keys made, held once for every pod with the same labels (a ReplicaSet's pods)
_label_keys: Interner[LabelKey] = Interner()


class Resource:
    """framework.Resource: cpu in millicores, the rest in units; extended resources by name."""

    __slots__ = ("ephemeral_storage", "memory", "milli_cpu", "pods", "scalar")

    def __init__(
        self,
        milli_cpu: int = 0,
        memory: int = 0,
        ephemeral_storage: int = 0,
        pods: int = 0,
        scalar: dict[str, int] | None = None,
    ) -> None:
        self.milli_cpu = milli_cpu
        self.memory = memory
        self.ephemeral_storage = ephemeral_storage
        self.pods = pods
        self.scalar = scalar or {}

    @classmethod
    def from_list(cls, values: dict[str, int]) -> Resource:
        """From a resource list already in numbers (cpu in millicores)."""
        return cls(
            values.get("cpu", 0),
            values.get("memory", 0),
            values.get("ephemeral-storage", 0),
            values.get("pods", 0),
            {k: v for k, v in values.items() if is_scalar_resource_name(k)},
        )

    def add(self, other: Resource, sign: int = 1) -> None:
        self.milli_cpu += sign * other.milli_cpu
        self.memory += sign * other.memory
        self.ephemeral_storage += sign * other.ephemeral_storage
        for name, value in other.scalar.items():
            self.scalar[name] = self.scalar.get(name, 0) + sign * value

    def clone(self) -> Resource:
        return Resource(
            self.milli_cpu, self.memory, self.ephemeral_storage, self.pods, dict(self.scalar)
        )


def is_scalar_resource_name(name: str) -> bool:
    """v1helper.IsScalarResourceName: extended, hugepages, prefixed native, attachable volumes."""
    if name.startswith(("hugepages-", "attachable-volumes-")):
        return True
    return "/" in name and not name.startswith("requests.")


def parse_resource_list(values: dict[str, Any]) -> dict[str, int]:
    """Quantities as numbers: cpu in millicores (MilliValue), the rest rounded up (Value)."""
    return {
        name: quantity.milli(text) if name == "cpu" else quantity.value(text)
        for name, text in values.items()
    }


def pod_requests(pod: Object, non_missing: dict[str, int] | None = None) -> dict[str, int]:
    """resource.PodRequests: containers summed, sidecars added, the largest init container
    (with the sidecars started before it) as a floor, or the pod-level requests where the
    pod has them; plus the pod overhead."""
    spec = pod.get("spec") or {}
    enacted = _enacted_requests(pod)
    total: Counter[str] = Counter()
    for container in spec.get("containers") or []:
        total.update(_container_requests(container, non_missing, enacted))
    sidecars: Counter[str] = Counter()
    init_floor: Counter[str] = Counter()
    for container in spec.get("initContainers") or []:
        sidecar = container.get("restartPolicy") == "Always"
        requests = _container_requests(container, non_missing, enacted if sidecar else None)
        if sidecar:
            total.update(requests)
            sidecars.update(requests)
            requests = Counter(sidecars)
        else:
            requests.update(sidecars)
        for name, value in requests.items():
            init_floor[name] = max(init_floor[name], value)
    for name, value in init_floor.items():
        total[name] = max(total[name], value)
    pod_level = (spec.get("resources") or {}).get("requests") or {}
    for name, value in parse_resource_list(pod_level).items():
        if podresources.is_supported(name):  # the pod's own decide (PodLevelResources)
            total[name] = value
    total.update(parse_resource_list(spec.get("overhead") or {}))
    return dict(total)


def _container_requests(
    container: Object,
    non_missing: dict[str, int] | None,
    enacted: dict[str, Counter[str]] | None = None,
) -> Counter[str]:
    requests = Counter(
        parse_resource_list((container.get("resources") or {}).get("requests") or {})
    )
    if enacted and container.get("name") in enacted:
        requests |= enacted[container["name"]]  # the larger of each (determineEffectiveRequests)
    for name, value in (non_missing or {}).items():
        requests.setdefault(name, value)
    return requests


def _enacted_requests(pod: Object) -> dict[str, Counter[str]] | None:
    """UseStatusResources: the requests allocated to each container and applied to it, as
    its status says, when a resize may have made them differ from the spec's (a pod whose
    spec never changed has none)."""
    if (pod.get("metadata") or {}).get("generation", 1) <= 1:
        return None
    status = pod.get("status") or {}
    found: dict[str, Counter[str]] = {}
    for entry in [
        *(status.get("initContainerStatuses") or ()),
        *(status.get("containerStatuses") or ()),
    ]:
        if "resources" not in entry:
            continue
        applied = Counter(parse_resource_list(entry["resources"].get("requests") or {}))
        found[entry["name"]] = applied | Counter(
            parse_resource_list(entry.get("allocatedResources") or {})
        )
    return found


def host_ports(pod: Object) -> tuple[HostPort, ...]:
    """util.GetHostPorts: host ports of the containers and of sidecar init containers."""
    spec = pod.get("spec") or {}
    containers = [
        c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"
    ] + list(spec.get("containers") or [])
    return tuple(
        (p.get("hostIP") or DEFAULT_BIND_ALL_HOST_IP, p.get("protocol") or "TCP", p["hostPort"])
        for c in containers
        for p in c.get("ports") or []
        if (p.get("hostPort") or 0) > 0
    )


NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


class AffinityTerm:
    """framework.AffinityTerm: a PodAffinityTerm with its selectors parsed and its namespaces
    made explicit (the pod's own when the term names none and has no namespaceSelector)."""

    __slots__ = ("namespace_selector", "namespaces", "selector", "topology_key")

    def __init__(self, pod_namespace: str, term: Object) -> None:
        self.selector = labels.from_label_selector(term.get("labelSelector"))
        self.topology_key: str = term.get("topologyKey") or ""
        names = term.get("namespaces") or []
        namespace_selector = term.get("namespaceSelector")
        if not names and namespace_selector is None:
            names = [pod_namespace]
        self.namespaces = frozenset(names)
        self.namespace_selector = labels.from_label_selector(namespace_selector)

    def matches(self, namespace: str, pod_labels: dict[str, str]) -> bool:
        """Matches: a pod in `namespace` is in one of the term's namespaces (or one its
        namespaceSelector selects) and the term's selector selects its labels. Of the
        namespace's labels, only kubernetes.io/metadata.name is known here."""
        if namespace not in self.namespaces and not self.namespace_selector.matches(
            {NAMESPACE_NAME_LABEL: namespace}
        ):
            return False
        return self.selector.matches(pod_labels)


class WeightedAffinityTerm:
    """framework.WeightedAffinityTerm: a preferred term with its weight."""

    __slots__ = ("term", "weight")

    def __init__(self, pod_namespace: str, weighted: Object) -> None:
        self.term = AffinityTerm(pod_namespace, weighted.get("podAffinityTerm") or {})
        self.weight: int = weighted.get("weight") or 0


class PodAffinityTerms:
    """What a pod's podAffinity and podAntiAffinity ask, parsed once (None on a PodInfo
    whose pod has neither)."""

    __slots__ = ("preferred_affinity", "preferred_anti_affinity", "required", "required_anti")

    def __init__(self, namespace: str, affinity: Object) -> None:
        pod_affinity = affinity.get("podAffinity") or {}
        anti = affinity.get("podAntiAffinity") or {}
        required = "requiredDuringSchedulingIgnoredDuringExecution"
        preferred = "preferredDuringSchedulingIgnoredDuringExecution"
        self.required = tuple(AffinityTerm(namespace, t) for t in pod_affinity.get(required) or [])
        self.required_anti = tuple(AffinityTerm(namespace, t) for t in anti.get(required) or [])
        self.preferred_affinity = tuple(
            WeightedAffinityTerm(namespace, t) for t in pod_affinity.get(preferred) or []
        )
        self.preferred_anti_affinity = tuple(
            WeightedAffinityTerm(namespace, t) for t in anti.get(preferred) or []
        )

    @classmethod
    def of(cls, pod: Object) -> PodAffinityTerms | None:
        spec = pod.get("spec") or {}
        affinity = spec.get("affinity") or {}
        if not affinity.get("podAffinity") and not affinity.get("podAntiAffinity"):
            return None
        return cls((pod.get("metadata") or {}).get("namespace", ""), affinity)


class PodInfo:
    """A pod with what the scheduler asks of it computed once."""

    __slots__ = (
        "affinity",
        "host_ports",
        "images",
        "key",
        "label_key",
        "labels",
        "name",
        "namespace",
        "node_name",
        "non_zero_cpu",
        "non_zero_memory",
        "pod",
        "priority",
        "requests",
        "start_time",
        "terminating",
        "tolerations",
        "uid",
    )

    def __init__(self, pod: Object, previous: PodInfo | None = None) -> None:
        meta, spec = pod.get("metadata") or {}, pod.get("spec") or {}
        self.pod = pod
        self.namespace = meta.get("namespace", "")
        self.name = meta.get("name", "")
        self.key = f"{self.namespace}/{self.name}"
        self.uid = meta.get("uid", "")
        self.labels: dict[str, str] = meta.get("labels") or {}
        self.label_key = _label_keys(tuple(sorted(self.labels.items())))
        self.terminating = bool(meta.get("deletionTimestamp"))
        self.node_name: str = spec.get("nodeName") or ""
        self.start_time: str = (pod.get("status") or {}).get("startTime") or ""
        # this version's own (the same as before if the spec is): an older version's would
        # keep its parts alive beside this one's
        self.tolerations: list[Object] = spec.get("tolerations") or []
        if (
            previous is not None
            and _same_but_node(previous.pod.get("spec") or {}, spec)
            and _enacted_requests(previous.pod) == _enacted_requests(pod)
        ):
            self._copy_spec_fields(previous)
            return
        self.priority: int = spec.get("priority") or 0
        self.requests = Resource.from_list(pod_requests(pod))
        non_zero = pod_requests(pod, NON_MISSING)
        self.non_zero_cpu: int = non_zero.get("cpu", 0)
        self.non_zero_memory: int = non_zero.get("memory", 0)
        self.host_ports = host_ports(pod)
        self.affinity = PodAffinityTerms.of(pod)
        self.images: tuple[str, ...] = tuple(
            c.get("image", "")
            for c in [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]
        )

    def bound_to(self, node: str) -> PodInfo:
        """The pod as it will be once bound to `node` (what the cache assumes)."""
        copy = PodInfo.__new__(PodInfo)
        for field in PodInfo.__slots__:
            setattr(copy, field, getattr(self, field))
        copy.pod = {**self.pod, "spec": {**self.pod["spec"], "nodeName": node}}
        copy.node_name = node
        return copy

    def _copy_spec_fields(self, previous: PodInfo) -> None:
        """The spec is unchanged (a status update): keep what was computed from it."""
        for field in (
            "priority",
            "requests",
            "non_zero_cpu",
            "non_zero_memory",
            "host_ports",
            "affinity",
            "images",
        ):
            setattr(self, field, getattr(previous, field))


def _same_but_node(old: Object, new: Object) -> bool:
    """Are two pod specs the same, but perhaps for the node (which the binding sets)? What a
    PodInfo computes from a spec doesn't depend on the node."""
    if old.get("nodeName") == new.get("nodeName"):
        return old == new
    return {**old, "nodeName": None} == {**new, "nodeName": None}


def _taints(node: Object) -> list[Object]:
    return (node.get("spec") or {}).get("taints") or []


class NodeInfo:
    """A node and the pods bound or assumed to it, with their aggregates kept current."""

    __slots__ = (
        "allocatable",
        "free_cpu",
        "free_memory",
        "free_pods",
        "hard_taints",
        "images",
        "kept",
        "label_sets",
        "labels",
        "name",
        "node",
        "non_zero_cpu",
        "non_zero_memory",
        "pods",
        "pods_with_affinity",
        "pods_with_required_anti_affinity",
        "requested",
        "taints",
        "unschedulable",
        "used_ports",
    )

    def __init__(self, node: Object | None = None, name: str = "") -> None:
        self.pods: dict[str, PodInfo] = {}
        # PodsWithAffinity and PodsWithRequiredAntiAffinity, for InterPodAffinity
        self.pods_with_affinity: dict[str, PodInfo] = {}
        self.pods_with_required_anti_affinity: dict[str, PodInfo] = {}
        self.requested = Resource()
        self.non_zero_cpu = 0
        self.non_zero_memory = 0
        self.used_ports: Counter[HostPort] = Counter()
        self.label_sets: Counter[tuple[str, LabelKey]] = Counter()  # non-terminating pods
        self.name = name
        self.node: Object | None = None
        self.labels: dict[str, str] = {}
        self.taints: list[Object] = []
        # NoSchedule and NoExecute: what filters check (a tuple: most nodes share the empty one)
        self.hard_taints: tuple[Object, ...] = ()
        self.unschedulable = False
        self.allocatable = Resource()
        self.images: dict[str, int] = {}  # image name -> size in bytes, from status.images
        # the last raw scores the score plugins with keys gave this node, after their keys
        # (Framework.run_score); dropped whenever the node or its pods change, so that what
        # is kept is always current. A slot, not a dict: it is read for every node scored.
        self.kept: tuple[str | int, ...] = NOTHING_KEPT
        # what is left: allocatable less what the pods request, kept for the filters
        self.free_cpu = self.free_memory = self.free_pods = 0
        if node is not None:
            self.set_node(node)

    def set_node(self, node: Object) -> None:
        meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
        self.kept = NOTHING_KEPT
        self.node = node
        self.name = meta["name"]
        self.labels = meta.get("labels") or {}
        self.taints = _taints(node)
        self.hard_taints = tuple(
            t for t in self.taints if t.get("effect") in ("NoSchedule", "NoExecute")
        )
        self.unschedulable = bool(spec.get("unschedulable"))
        self.allocatable = Resource.from_list(
            parse_resource_list(status.get("allocatable") or status.get("capacity") or {})
        )
        self.images = {
            name: image.get("sizeBytes", 0)
            for image in status.get("images") or []
            for name in image.get("names") or []
        }
        self._update_free()

    def unset_node(self) -> None:
        """The node is gone (its pods may still name it)."""
        self.kept = NOTHING_KEPT
        self.node, self.images = None, {}

    def _update_free(self) -> None:
        self.free_cpu = self.allocatable.milli_cpu - self.requested.milli_cpu
        self.free_memory = self.allocatable.memory - self.requested.memory
        self.free_pods = self.allocatable.pods - len(self.pods)

    def add_pod(self, info: PodInfo) -> None:
        self.remove_pod(info.key)
        self.pods[info.key] = info
        self._account(info, 1)
        if info.affinity is not None:
            self.pods_with_affinity[info.key] = info
            if info.affinity.required_anti:
                self.pods_with_required_anti_affinity[info.key] = info

    def remove_pod(self, key: str) -> PodInfo | None:
        info = self.pods.pop(key, None)
        if info is not None:
            self._account(info, -1)
            if info.affinity is not None:
                self.pods_with_affinity.pop(key, None)
                self.pods_with_required_anti_affinity.pop(key, None)
        return info

    def _account(self, info: PodInfo, sign: int) -> None:
        self.kept = NOTHING_KEPT
        self.requested.add(info.requests, sign)
        self._update_free()
        self.non_zero_cpu += sign * info.non_zero_cpu
        self.non_zero_memory += sign * info.non_zero_memory
        for port in info.host_ports:
            self.used_ports[port] += sign
            if self.used_ports[port] <= 0:
                del self.used_ports[port]
        if not info.terminating:
            label_set = (info.namespace, info.label_key)
            self.label_sets[label_set] += sign
            if self.label_sets[label_set] <= 0:
                del self.label_sets[label_set]

    def clone(self) -> NodeInfo:
        """A copy whose pods can be added and removed without touching this one."""
        copy = NodeInfo.__new__(NodeInfo)
        for field in NodeInfo.__slots__:
            setattr(copy, field, getattr(self, field))
        copy.pods = dict(self.pods)
        copy.pods_with_affinity = dict(self.pods_with_affinity)
        copy.pods_with_required_anti_affinity = dict(self.pods_with_required_anti_affinity)
        copy.requested = self.requested.clone()
        copy.used_ports = Counter(self.used_ports)
        copy.label_sets = Counter(self.label_sets)
        copy.kept = NOTHING_KEPT
        return copy

    def port_conflict(self, port: HostPort) -> bool:
        """HostPortInfo.CheckConflict: 0.0.0.0 clashes with any IP on the same port."""
        ip, protocol, number = port
        if ip == DEFAULT_BIND_ALL_HOST_IP:
            return any(p == protocol and n == number for _, p, n in self.used_ports)
        return (DEFAULT_BIND_ALL_HOST_IP, protocol, number) in self.used_ports or (
            port in self.used_ports
        )
