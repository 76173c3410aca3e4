"""The ResourceQuota admission plugin (k8s.io/apiserver/pkg/admission/plugin/resourcequota
with the evaluators of pkg/quota/v1/evaluator/core): a create that would take a quota's
usage past its hard limit is refused; one that fits is charged to the quota's `status.used`.
A pod's resize is charged what it adds to the pod's usage.

Only quotas whose status the quota controller has filled in (`status.hard`) apply, as in
Kubernetes; giving usage back when objects go is the controller's work, not admission's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.engine.api.storage import storage_class_of
from cluster.engine.apiserver import errors, limitranger

if TYPE_CHECKING:
    from cluster.engine.api.resources import Resource
    from cluster.engine.apiserver.admission import Attributes, Store

POD_RESOURCES = frozenset(
    {
        "count/pods",
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        "pods",
    }
)
# if a quota limits these, every container must say how much it asks for (a historic choice)
MUST_SPECIFY = frozenset(
    {"cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"}
)
COMPUTE = frozenset({"cpu", "memory", "ephemeral-storage"})
LEGACY_COUNTS = {
    "configmaps": "configmaps",
    "resourcequotas": "resourcequotas",
    "secrets": "secrets",
    "services": "services",
    "replicationcontrollers": "replicationcontrollers",
    "persistentvolumeclaims": "persistentvolumeclaims",
}
SERVICE_RESOURCES = frozenset({"services.nodeports", "services.loadbalancers"})
CLAIMS = "persistentvolumeclaims"
BY_STORAGE_CLASS = ".storageclass.storage.k8s.io/"  # `<class>.storageclass.storage.k8s.io/<name>`
CLAIM_RESOURCES = ("persistentvolumeclaims", "requests.storage")


def validate(attrs: Attributes, store: Store) -> bool:
    """CheckRequest for every quota of the namespace; charges the ones that cover the object."""
    if not _handles(attrs):
        return False
    quotas = store.objects("resourcequotas", attrs.namespace)
    if not quotas:
        return False
    usage = _requested_usage(attrs)
    charged = []
    for quota in quotas:
        updated = _charge(attrs, quota, usage)
        if updated is not None:
            charged.append(updated)
    if attrs.dry_run:
        return bool(charged)
    for quota in charged:
        store.update_status("resourcequotas", quota)
    return bool(charged)


def _handles(attrs: Attributes) -> bool:
    """The evaluators' Handles: creates, and a pod's resizes (updates of its resize
    subresource)."""
    if attrs.obj is None or not attrs.resource.namespaced:
        return False
    if attrs.subresource == "resize":
        return attrs.resource.name == "pods" and attrs.operation == "UPDATE"
    if attrs.subresource:
        return False
    # a claim's update may ask for more storage
    return attrs.operation == "CREATE" or (
        attrs.operation == "UPDATE" and attrs.resource.name == CLAIMS
    )


def _requested_usage(attrs: Attributes) -> dict[str, str]:
    """What the write would count: a new object's usage; for an update, how much more than the
    old object's it is (SubtractWithNonNegativeResult: what shrinks counts as zero)."""
    usage = usage_of(attrs.resource, attrs.obj)
    if attrs.operation != "UPDATE" or attrs.old is None:
        return usage
    before = usage_of(attrs.resource, attrs.old)
    return {name: _excess(value, before.get(name)) for name, value in usage.items()}


def _excess(value: str, before: str | None) -> str:
    """Quantity.Sub, floored at zero; the difference keeps the format of `value`."""
    difference = quantity.parse(value) - quantity.parse(before or "0")
    return quantity.format_value(max(difference, 0), quantity.format_of(value))


def usage_of(resource: Resource, obj: Object) -> dict[str, str]:
    """What one object counts against a quota (its evaluator's Usage)."""
    if resource.name == "pods":
        return pod_usage(obj)
    count = f"count/{resource.group_resource}"
    usage = {count: "1"}
    if resource.name in LEGACY_COUNTS:
        usage[LEGACY_COUNTS[resource.name]] = "1"
    if resource.name == "services":
        usage.update(_service_usage(obj or {}))
    if resource.name == CLAIMS:
        usage.update(_claim_usage(obj or {}))
    return usage


def matching(resource: Resource, hard: Object) -> list[str]:
    """MatchingResources: the names in `hard` the resource's evaluator accounts for."""
    if resource.name == "pods":
        return sorted(
            name for name in hard if name in POD_RESOURCES or name.startswith("requests.hugepages-")
        )
    tracked = {*usage_of(resource, {}), *(SERVICE_RESOURCES if resource.name == "services" else ())}
    if resource.name == CLAIMS:
        tracked.add("requests.storage")
        return sorted(name for name in hard if name in tracked or _by_storage_class(name))
    return sorted(name for name in hard if name in tracked)


def _by_storage_class(name: str) -> bool:
    return any(name.endswith(BY_STORAGE_CLASS + resource) for resource in CLAIM_RESOURCES)


def _claim_usage(claim: Object) -> dict[str, str]:
    """The claim evaluator: the claim, and the storage it asks for (or was given, if more),
    each also under its storage class's name."""
    usage: dict[str, str] = {}
    storage = _claim_storage(claim)
    if storage is not None:
        usage["requests.storage"] = storage
    klass = storage_class_of(claim) if claim.get("metadata") else ""
    if klass:
        usage[f"{klass}{BY_STORAGE_CLASS}{CLAIMS}"] = "1"
        if storage is not None:
            usage[f"{klass}{BY_STORAGE_CLASS}requests.storage"] = storage
    return usage


def _claim_storage(claim: Object) -> str | None:
    """getStorageUsage: what the claim asks for, or what was allocated to it if that is more."""
    requested = (((claim.get("spec") or {}).get("resources") or {}).get("requests") or {}).get(
        "storage"
    )
    if requested is None:
        return None
    allocated = ((claim.get("status") or {}).get("allocatedResources") or {}).get("storage")
    if allocated is not None and quantity.parse(allocated) > quantity.parse(requested):
        return allocated
    return requested


def _service_usage(service: Object) -> dict[str, str]:
    """The service evaluator: a NodePort or LoadBalancer Service counts its node ports (only
    those asked for, when a load balancer allocates none), and a LoadBalancer itself."""
    spec = service.get("spec") or {}
    ports = spec.get("ports") or []
    if spec.get("type") == "NodePort":
        return {"services.nodeports": str(len(ports))}
    if spec.get("type") != "LoadBalancer":
        return {}
    if spec.get("allocateLoadBalancerNodePorts") is False:
        ports = [p for p in ports if p.get("nodePort")]
    return {"services.nodeports": str(len(ports)), "services.loadbalancers": "1"}


def _charge(attrs: Attributes, quota: Object, usage: dict[str, str]) -> Object | None:
    """The quota with this request's usage added, None if it does not cover the object;
    raises StatusError if the request does not fit."""
    name = quota["metadata"]["name"]
    status = quota.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    pods = attrs.resource.name == "pods"
    restricted = [n for n in matching(attrs.resource, hard) if pods or n in usage]
    if not restricted or not scopes_match(quota, attrs.obj):
        return None
    if attrs.resource.name == "pods":
        missing = _missing_requests(attrs.obj, restricted)
        if missing:
            raise _forbidden(attrs, f"failed quota: {name}: must specify {missing}")
    unknown = [r for r in restricted if r not in used]
    if unknown:
        raise _forbidden(attrs, f"status unknown for quota: {name}, resources: {','.join(unknown)}")
    requested = {k: v for k, v in usage.items() if k in hard and quantity.parse(v) != 0}
    if not requested:
        return None
    new_used = {**used}
    for key, value in requested.items():
        new_used[key] = add(used.get(key), value)
    exceeded = sorted(k for k in requested if quantity.parse(new_used[k]) > quantity.parse(hard[k]))
    if exceeded:
        raise _forbidden(
            attrs,
            f"exceeded quota: {name}, requested: {_pretty(requested, exceeded)}, "
            f"used: {_pretty(used, exceeded)}, limited: {_pretty(hard, exceeded)}",
        )
    return {**quota, "status": {**status, "used": new_used}}


def _forbidden(attrs: Attributes, reason: str) -> errors.StatusError:
    return errors.forbidden_reason(attrs.resource, attrs.display_name(), reason)


def _pretty(values: Object, keys: list[str]) -> str:
    """prettyPrint: `name=quantity` pairs sorted by name."""
    return ",".join(f"{k}={quantity.canonical(values[k])}" for k in keys if k in values)


def add(current: str | None, extra: str) -> str:
    """Quantity.Add: the sum keeps the format of the first non-zero operand."""
    if current is None or quantity.parse(current) == 0:
        return quantity.canonical(extra)
    total = quantity.parse(current) + quantity.parse(extra)
    return quantity.format_value(total, quantity.format_of(current))


def _missing_requests(pod: Object, restricted: list[str]) -> str:
    """The resources each container must name because a quota limits them."""
    required = sorted(MUST_SPECIFY & set(restricted))
    missing: dict[str, list[str]] = {}
    spec = pod.get("spec") or {}
    for container in [*(spec.get("containers") or []), *(spec.get("initContainers") or [])]:
        usage = _container_usage(container.get("resources") or {})
        for name in required:
            if name not in usage:
                missing.setdefault(name, []).append(container.get("name", ""))
    return "; ".join(f"{r} for: {','.join(sorted(set(c)))}" for r, c in sorted(missing.items()))


def _container_usage(resources: Object) -> set[str]:
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    names = set()
    for resource in ("cpu", "memory", "ephemeral-storage"):
        if resource in requests:
            names |= {resource, f"requests.{resource}"}
        if resource in limits:
            names.add(f"limits.{resource}")
    return names


def pod_usage(pod: Object) -> dict[str, str]:
    """PodUsageFunc: what one pod that has not finished counts against a quota."""
    usage = {"count/pods": "1"}
    if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return usage
    usage["pods"] = "1"
    spec = pod.get("spec") or {}
    for section, prefix in (("requests", "requests."), ("limits", "limits.")):
        for name, value in limitranger.pod_total(spec, section, COMPUTE).items():
            usage[f"{prefix}{name}"] = value
            if section == "requests":
                usage[name] = value
    return usage


def scopes_match(quota: Object, obj: Object) -> bool:
    """Scopes restrict a quota to some pods: BestEffort, NotBestEffort, Terminating..."""
    spec = quota.get("spec") or {}
    scopes = list(spec.get("scopes") or [])
    scopes += [
        e.get("scopeName") for e in (spec.get("scopeSelector") or {}).get("matchExpressions") or []
    ]
    return all(_scope(scope, obj) for scope in scopes)


def _scope(scope: str, obj: Object) -> bool:
    spec = obj.get("spec") or {}
    containers = [*(spec.get("containers") or []), *(spec.get("initContainers") or [])]
    best_effort = not any(
        (c.get("resources") or {}).get("requests") or (c.get("resources") or {}).get("limits")
        for c in containers
    )
    checks = {
        "BestEffort": best_effort,
        "NotBestEffort": not best_effort,
        "Terminating": spec.get("activeDeadlineSeconds") is not None,
        "NotTerminating": spec.get("activeDeadlineSeconds") is None,
    }
    return checks.get(scope, False)
