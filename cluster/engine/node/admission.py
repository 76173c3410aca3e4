"""The kubelet's admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go,
predicateAdmitHandler): the scheduler's checks of the node (AdmissionCheck: room, required
node affinity, host ports) and its NoExecute taints run again, for a pod may have been given
its node directly (spec.nodeName). The first failure is why the pod is rejected."""

from __future__ import annotations

import orjson

from cluster.engine.api.meta import Object
from cluster.engine.interning import Interner
from cluster.engine.scheduler.plugins import helper, nodeaffinity, nodeports
from cluster.engine.scheduler.plugins.noderesources import fit
from cluster.engine.scheduler.types import NodeInfo, PodInfo, Resource

OUT_OF = "OutOf"  # InsufficientResourcePrefix: OutOfcpu, OutOfmemory, OutOfpods, ...
TAINTS_NOT_TOLERATED = "node(s) had taints that the pod didn't tolerate"  # ErrReasonNotMatch

# what `accounted` keeps of the specs, by their JSON: the pods of a ReplicaSet ask the same
_specs: Interner[Object] = Interner(1024)


def admit(pod: PodInfo, node: NodeInfo) -> tuple[str, str] | None:
    """Admit: None for a pod the node (with the pods it has admitted) can take, else the
    reason and the message of its rejection."""
    short = fit.fits(_known_requests(pod.requests, node), node)
    if short:
        first = short[0]
        message = (
            f"Node didn't have enough resource: {first.name}, requested: {first.requested}, "
            f"used: {first.used}, capacity: {first.capacity}"
        )
        return OUT_OF + first.name, message
    failure = _predicate_failure(pod, node)
    if failure is None:
        return None
    name, reason = failure
    return name, f"Predicate {name} failed: {reason}"


def accounted(pod: Object) -> PodInfo:
    """An admitted pod as admission counts it: its requests and host ports only, so that
    the kubelet keeps no whole object for it."""
    meta, spec = pod["metadata"], pod["spec"]
    kept: Object = {
        key: [
            {field: c[field] for field in ("resources", "ports", "restartPolicy") if field in c}
            for c in spec[key]
        ]
        for key in ("containers", "initContainers")
        if key in spec
    }
    for key in ("overhead", "resources"):  # the pod's own resources count, when it has them
        if key in spec:
            kept[key] = spec[key]
    return PodInfo(
        {
            "metadata": {"name": meta["name"], "namespace": meta["namespace"]},
            "spec": _specs(kept, orjson.dumps(kept)),
        }
    )


def _known_requests(request: Resource, node: NodeInfo) -> Resource:
    """removeMissingExtendedResources: extended resources the node doesn't know are not
    its to count."""
    if all(name in node.allocatable.scalar for name in request.scalar):
        return request
    known = request.clone()
    known.scalar = {k: v for k, v in request.scalar.items() if k in node.allocatable.scalar}
    return known


def _predicate_failure(pod: PodInfo, node: NodeInfo) -> tuple[str, str] | None:
    """generalFilter's first failure past the resources: node affinity, host ports, then
    NoExecute taints."""
    if not nodeaffinity.required_node_affinity(pod.pod).matches(node):
        return nodeaffinity.NodeAffinity.name, nodeaffinity.ERR_REASON_POD
    if any(node.port_conflict(port) for port in pod.host_ports):
        return nodeports.NodePorts.name, nodeports.ERR_REASON
    no_execute = [t for t in node.taints if t.get("effect") == "NoExecute"]
    if helper.untolerated_taint(no_execute, pod.tolerations) is not None:
        return "TaintToleration", TAINTS_NOT_TOLERATED
    return None
