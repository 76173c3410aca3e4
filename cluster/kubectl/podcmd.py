"""Which pod and container a pod command (logs, exec) acts on, as kubectl's podcmd picks
them: the named container, the one the default-container annotation names, or the first."""

from __future__ import annotations

from typing import TextIO

from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context, ExitError

DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"


def get_pod(ctx: Context, arg: str) -> Object:
    """`NAME` or `pod/NAME`: the pod, or kubectl's error for a missing one."""
    kind, _, name = arg.rpartition("/")
    if kind and kind not in ("pod", "pods", "po"):
        raise ExitError(f"error: cannot attach to {kind}: not implemented")
    return ctx.call("get", "pods", ctx.namespace, name)


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
