"""Which pod and container a pod command (logs, exec) acts on, as kubectl's podcmd picks
them: the named container, the one the default-container annotation names, or the first."""

from __future__ import annotations

from typing import TextIO

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import gosort, podutils, resolve
from cluster.kubectl.context import Context, ExitError, server_error

DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"


def get_pod(ctx: Context, arg: str, *, for_logs: bool = False) -> Object:
    """`NAME`, `pod/NAME` or `TYPE/NAME` of a workload or Service: the pod, or kubectl's
    error; of a workload's pods the one kubectl's helpers pick, ByLogging for logs (which
    says how many there were), the most active otherwise."""
    pods = _pods_of(ctx, arg, for_logs)
    if len(pods) > 1 and for_logs:
        ctx.err.write(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}\n")
    return pods[0]


def get_pods(ctx: Context, arg: str) -> list[Object]:
    """logs --all-pods: the pod named, or every pod of a workload, ByLogging."""
    return _pods_of(ctx, arg, for_logs=True)


def _pods_of(ctx: Context, arg: str, for_logs: bool) -> list[Object]:
    """The pod `arg` names, or its workload's pods, best first."""
    kind, _, name = arg.rpartition("/")
    resource = resolve.resource(kind) if kind else None
    if resource is None or resource.name == "pods":
        return [_get(ctx, "pods", name, for_logs)]
    owner = _get(ctx, resource.name, name, for_logs)
    try:
        selector = _selector(owner, resource)
    except ValueError as error:
        doing = "get the logs from" if for_logs else "attach to"
        raise ExitError(
            f"error: cannot {doing} *{resource.version}.{resource.kind}: {error}"
        ) from None
    query = {"labelSelector": selector}
    pods = ctx.call("list", "pods", ctx.namespace, query=query)["items"]
    if not pods:  # kubectl watches for one until --pod-running-timeout; this one cannot wait
        raise ExitError("error: timed out waiting for the condition")
    if for_logs:
        gosort.sort(pods, podutils.by_logging)
    else:  # sort.Reverse(ActivePods)
        gosort.sort(pods, lambda a, b: podutils.active_pods(b, a))
    return pods


def _get(ctx: Context, resource: str, name: str, for_logs: bool) -> Object:
    """The object; kubectl logs says in which namespace one is missing."""
    response = ctx.request("get", resource, ctx.namespace, name)
    if response.code == 404 and for_logs:
        message = response.body.get("message", "")
        raise ExitError(
            f'error: error from server (NotFound): {message} in namespace "{ctx.namespace}"'
        )
    if not response.ok:
        raise ExitError(server_error(response.body))
    return response.body


def _selector(owner: Object, resource: Resource) -> str:
    """SelectorsForObject: the label selector of the pods a workload or Service has; a
    ValueError says why there is none."""
    spec = owner.get("spec") or {}
    if resource.kind == "Service":
        if not spec.get("selector"):
            name = owner["metadata"]["name"]
            raise ValueError(f"invalid service '{name}': Service is defined without a selector")
        return labels.format_labels(spec["selector"])
    if resource.kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"):
        return str(labels.from_label_selector(spec.get("selector")))
    raise ValueError(f"selector for *{resource.version}.{resource.kind} not implemented")


def all_container_names(pod: Object) -> str:
    """AllContainerNames: regular, then ephemeral, then init containers."""
    spec = pod.get("spec") or {}
    names = [c["name"] for c in spec.get("containers") or []]
    names += [f"{c['name']} (ephem)" for c in spec.get("ephemeralContainers") or []]
    names += [f"{c['name']} (init)" for c in spec.get("initContainers") or []]
    return ", ".join(names)


def has_container(pod: Object, name: str) -> bool:
    spec = pod.get("spec") or {}
    groups = ("containers", "initContainers", "ephemeralContainers")
    return any(c["name"] == name for group in groups for c in spec.get(group) or [])


def check_container(pod: Object, name: str) -> str:
    """The named container, which the pod must have."""
    if not has_container(pod, name):
        raise ExitError(
            f"error: container {name} is not valid for pod {pod['metadata']['name']} "
            f"out of: {all_container_names(pod)}"
        )
    return name


def default_container(pod: Object, warn: TextIO) -> str:
    """The annotation's container if the pod has it, else the first (said on `warn` when
    there was a choice)."""
    spec = pod.get("spec") or {}
    annotated = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER, "")
    if annotated and has_container(pod, annotated):
        return annotated
    first = spec["containers"][0]["name"]
    others = len(spec["containers"]) > 1
    if others or spec.get("initContainers") or spec.get("ephemeralContainers"):
        warn.write(f'Defaulted container "{first}" out of: {all_container_names(pod)}\n')
    return first
