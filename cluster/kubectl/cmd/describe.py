"""kubectl describe: objects by type and name (or name prefix), selector or -f, through
the describer of their kind."""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import builder, flags, manifests, resolve
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.describe import (
    autoscaling,
    config,
    generic,
    lookup,
    networking,
    nodes,
    pods,
    policy,
    rbac,
    services,
    storage,
    workloads,
)
from cluster.kubectl.describe.writer import PrefixWriter
from cluster.kubectl.flags import Flag, Parsed

SELECTOR_WITH_NAMES = "error: name cannot be provided when a selector is specified"
SELECTOR_WITH_PAIRS = (
    "error: selectors and the all flag cannot be used when passing resource/name arguments"
)

FLAGS = (
    Flag("selector", "l"),
    Flag("all-namespaces", "A", boolean=True),
    Flag("show-events", boolean=True),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("chunk-size", default="500"),
)
Describer = Callable[[Context, PrefixWriter, Object, "list[Object] | None"], None]
DESCRIBERS: dict[str, Describer] = {
    "Pod": lambda ctx, w, obj, events: pods.describe_pod(w, obj, events),
    "Node": nodes.describe_node,
    "Service": services.describe_service,
    "Endpoints": services.describe_endpoints,
    "EndpointSlice": services.describe_endpointslice,
    "ReplicaSet": workloads.describe_replicaset,
    "ReplicationController": workloads.describe_replication_controller,
    "Deployment": workloads.describe_deployment,
    "DaemonSet": workloads.describe_daemon_set,
    "StatefulSet": workloads.describe_stateful_set,
    "Job": workloads.describe_job,
    "CronJob": workloads.describe_cron_job,
    "Namespace": config.describe_namespace,
    "ConfigMap": config.describe_configmap,
    "Secret": config.describe_secret,
    "ServiceAccount": config.describe_serviceaccount,
    "ResourceQuota": config.describe_quota,
    "LimitRange": config.describe_limitrange,
    "Role": rbac.describe_role,
    "ClusterRole": rbac.describe_role,
    "RoleBinding": rbac.describe_binding,
    "ClusterRoleBinding": rbac.describe_binding,
    "PriorityClass": config.describe_priorityclass,
    "PodDisruptionBudget": policy.describe_pod_disruption_budget,
    "HorizontalPodAutoscaler": autoscaling.describe_horizontal_pod_autoscaler,
    "PersistentVolume": storage.describe_persistent_volume,
    "PersistentVolumeClaim": storage.describe_persistent_volume_claim,
    "StorageClass": storage.describe_storage_class,
    "Ingress": networking.describe_ingress,
    "IngressClass": networking.describe_ingress_class,
    "NetworkPolicy": networking.describe_network_policy,
    "ServiceCIDR": networking.describe_service_cidr,
    "IPAddress": networking.describe_ip_address,
}
NO_EVENTS = frozenset(
    {
        "Namespace",
        "Secret",
        "Role",
        "ClusterRole",
        "RoleBinding",
        "ClusterRoleBinding",
        "ResourceQuota",
        "LimitRange",
        "NetworkPolicy",
    }
)


def run(ctx: Context, opts: Parsed) -> None:
    everywhere = opts.flag("all-namespaces")
    namespace = "" if everywhere else ctx.namespace
    explicit = opts.get("show-events")  # None: not given, so on for one object only
    if not opts.args and not opts.list("filename"):
        raise ExitError(
            'error: You must specify the type of resource to describe. Use "kubectl '
            'api-resources" for a complete list of supported resources.'
        )
    flags.integer(opts, "chunk-size", "describe")
    missing = manifests.Problems()
    if opts.list("filename"):
        fetched = [_fetch(ctx, manifest, missing) for manifest in manifests.read(ctx, opts)]
        found = [obj for obj in fetched if obj is not None]
    else:
        found = _find(ctx, opts, namespace, bool(explicit), missing)
        if found is None:
            return
    one = len(found) == 1 and not missing.messages
    show = bool(explicit) if explicit is not None else one
    ctx.out.write("\n\n".join(describe(ctx, obj, show) for obj in found))
    if not found and not missing.messages:
        where = "" if everywhere else f" in {namespace} namespace."
        ctx.err.write(f"No resources found{where}\n")
    missing.raise_if_any()


def describe(ctx: Context, obj: Object, show_events: bool) -> str:
    kind = obj.get("kind", "")
    w = PrefixWriter(ctx.now)
    events = None
    if show_events and kind not in NO_EVENTS:
        events = _events(ctx, obj)
    DESCRIBERS.get(kind, generic.describe_generic)(ctx, w, obj, events)
    return w.text()


def _events(ctx: Context, obj: Object) -> list[Object]:
    if obj.get("kind") == "Pod":
        return lookup.events_for(ctx, obj, with_kind=False)
    found = lookup.events_for(ctx, obj)
    if obj.get("kind") == "Node":  # the kubelet names its node by name, not uid
        found += lookup.events_for(ctx, obj, uid=obj["metadata"]["name"])
    return found


def _find(
    ctx: Context, opts: Parsed, namespace: str, show_events: bool, missing: manifests.Problems
) -> list[Object] | None:
    """The objects to describe, and in `missing` the errors of those not found; None when a
    name prefix matched and they were described."""
    targets = resolve.targets(opts.args)
    _check_targets(opts, targets, namespace)
    selector = opts.text("selector")
    if selector:
        return _selected(ctx, targets, namespace, selector, missing)
    found: list[Object] = []
    for resource, name in targets:
        ns = namespace if resource.namespaced else ""
        if not name:
            found += _listed(ctx, resource, ns)
            continue
        response = builder.get(ctx, resource, ns, name)
        if response.ok:
            found.append(_typed(response.body, resource))
        elif response.code == 404 and len(opts.args) == 2:
            if len({r.name for r, _ in targets}) > 1:  # DescribeMatchingResources' builder
                raise ExitError("error: you may only specify a single resource type")
            _describe_matching(ctx, resource, ns, name, response.body, show_events)
            return None
        elif response.code == 404:
            missing.add(server_error(response.body))  # ContinueOnError: the others go on
        else:
            raise ExitError(server_error(response.body))
    return found


def _check_targets(opts: Parsed, targets: list[tuple[Resource, str]], namespace: str) -> None:
    """The resource builder's refusals: names with a selector, names in all namespaces."""
    named = any(name for _, name in targets)
    if opts.text("selector") and named:
        paired = all("/" in arg for arg in opts.args) or "," in opts.args[0]
        raise ExitError(SELECTOR_WITH_PAIRS if paired else SELECTOR_WITH_NAMES)
    builder.refuse_names_everywhere(targets, not namespace)


def _selected(
    ctx: Context,
    targets: list[tuple[Resource, str]],
    namespace: str,
    selector: str,
    missing: manifests.Problems,
) -> list[Object]:
    """The objects of each type the selector matches; a list the server refuses is noted,
    in the Selector's words, and the other types go on (ContinueOnError)."""
    found: list[Object] = []
    for resource, _ in targets:
        ns = namespace if resource.namespaced else ""
        query = {"query": {"labelSelector": selector}}
        response = ctx.request("list", resources.request_name(resource), ns, **query)
        if not response.ok:
            missing.add(server_error(builder.unable_to_list(response.body, resource, selector)))
            continue
        found += [_typed(item, resource) for item in response.body["items"]]
    return found


def _describe_matching(
    ctx: Context, resource: Resource, namespace: str, prefix: str, missing: Object, show: bool
) -> None:
    """DescribeMatchingResources: no object of that name, so those whose name starts with it
    (each followed by a newline), or the NotFound when there are none."""
    matching = [
        o for o in _listed(ctx, resource, namespace) if o["metadata"]["name"].startswith(prefix)
    ]
    if not matching:
        raise ExitError(server_error(missing))
    for obj in matching:
        ctx.out.write(describe(ctx, obj, show) + "\n")


def _listed(ctx: Context, resource: Resource, namespace: str) -> list[Object]:
    items = ctx.call("list", resources.request_name(resource), namespace)["items"]
    return [_typed(item, resource) for item in items]


def _typed(obj: Object, resource: Resource) -> Object:
    obj.setdefault("apiVersion", resource.api_version)
    obj.setdefault("kind", resource.kind)
    return obj


def _fetch(
    ctx: Context, manifest: manifests.Manifest, missing: manifests.Problems
) -> Object | None:
    """The object a manifest names; a missing one is noted and the others go on."""
    name = resources.request_name(manifest.resource)
    response = ctx.request("get", name, manifest.namespace, manifest.name)
    if response.code == 404:
        missing.add(server_error(response.body))
        return None
    if not response.ok:
        raise ExitError(server_error(response.body))
    return _typed(response.body, manifest.resource)
